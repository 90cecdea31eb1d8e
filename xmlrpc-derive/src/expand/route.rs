//! The server side: `Service` and `Router` implementations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::types;
use crate::model::{Arg, Method, Output, Service};

pub(crate) fn expand(s: &Service) -> TokenStream {
    let p = super::private(s);
    let self_ty = &s.self_ty;
    let call_body = match &s.hook {
        Some(hook) => quote! {
            #p::Box::pin(async move {
                self.#hook(__call, #p::Next::new(self, __ctx)).await
            })
        },
        None => quote! { #p::Router::route(self, __call, __ctx) },
    };
    let infos = s.methods.iter().map(|m| method_info(s, m));
    let nested_infos = s.nested.iter().map(|n| {
        let ident = &n.ident;
        let prefix = format!("{}{}.", s.namespace, n.wire);
        let pt = super::private_at(s, n.target.span());
        quote_spanned! {n.target.span()=>
            for __info in #pt::Service::methods(self.#ident()) {
                __methods.push(__info.prefixed(#prefix));
            }
        }
    });
    let arms = s.methods.iter().map(|m| {
        let wire = format!("{}{}", s.namespace, m.wire);
        let body = route_body(s, m);
        quote! { #wire => { #body } }
    });
    let nested_routes = s.nested.iter().map(|n| {
        let ident = &n.ident;
        let prefix = format!("{}{}.", s.namespace, n.wire);
        let pt = super::private_at(s, n.target.span());
        quote_spanned! {n.target.span()=>
            if let #p::Option::Some(__rest) = __name.strip_prefix(#prefix) {
                let __inner = #p::MethodCall::new(__rest, __params);
                return #pt::Service::call(self.#ident(), __inner, __ctx).await;
            }
        }
    });
    let wires: Vec<String> = s
        .methods
        .iter()
        .map(|m| format!("{}{}", s.namespace, m.wire))
        .collect();
    let known = if wires.is_empty() {
        quote! { false }
    } else {
        quote! { ::core::matches!(__name, #(#wires)|*) }
    };
    let nested_has = s.nested.iter().map(|n| {
        let ident = &n.ident;
        let prefix = format!("{}{}.", s.namespace, n.wire);
        let pt = super::private_at(s, n.target.span());
        quote_spanned! {n.target.span()=>
            if let #p::Option::Some(__rest) = __name.strip_prefix(#prefix) {
                return #pt::Service::has_method(self.#ident(), __rest);
            }
        }
    });
    let count = s.methods.len();
    quote! {

        impl #p::Service for #self_ty {
            fn call<'__a>(
                &'__a self,
                __call: #p::MethodCall,
                __ctx: &'__a #p::Context,
            ) -> #p::BoxFuture<'__a, #p::Result<#p::Value, #p::Fault>> {
                #call_body
            }

            fn methods(&self) -> #p::Vec<#p::MethodInfo> {
                #[allow(unused_imports)]
                use #p::{KnownType as _, OtherType as _};
                let mut __methods = #p::Vec::with_capacity(#count);
                #( __methods.push(#infos); )*
                #( #nested_infos )*
                __methods
            }

            fn has_method(&self, __name: &str) -> bool {
                #p::Router::routes(self, __name)
            }
        }

        impl #p::Router for #self_ty {
            fn route<'__a>(
                &'__a self,
                __call: #p::MethodCall,
                __ctx: &'__a #p::Context,
            ) -> #p::BoxFuture<'__a, #p::Result<#p::Value, #p::Fault>> {
                #p::Box::pin(async move {
                    let #p::MethodCall { name: __name, params: __params } = __call;
                    #[allow(clippy::match_single_binding)]
                    match __name.as_str() {
                        #( #arms )*
                        _ => {
                            #( #nested_routes )*
                            #p::Result::Err(#p::Fault::method_not_found(&__name))
                        }
                    }
                })
            }

            fn routes(&self, __name: &str) -> bool {
                if #known {
                    return true;
                }
                #( #nested_has )*
                false
            }
        }
    }
}

/// `MethodInfo::new(name, help, signatures)` for one method.
fn method_info(s: &Service, m: &Method) -> TokenStream {
    let p = super::private(s);
    let wire = format!("{}{}", s.namespace, m.wire);
    let help = help_text(s, m);
    let signatures = if m.signatures.is_empty() {
        let ret = types::probe(&p, &types::returned(&m.output));
        let params = m
            .params()
            .map(|(_, ty, opt)| types::probe(&p, opt.as_ref().unwrap_or(ty)));
        quote! { #p::signature(&[#ret, #(#params),*]) }
    } else {
        let sigs = m.signatures.iter().map(|sig| quote! { &[#(#sig),*] });
        quote! { #p::signatures(&[#(#sigs),*]) }
    };
    quote! { #p::MethodInfo::new(#wire, #help, #signatures) }
}

/// The doc comment, else `help = "…"`, else the signature in words.
fn help_text(s: &Service, m: &Method) -> String {
    if let Some(help) = &m.help {
        return help.clone();
    }
    let doc = m.docs.join("\n").trim().to_owned();
    if !doc.is_empty() {
        return doc;
    }
    format!(
        "{}{}{} -> {}",
        s.namespace,
        m.wire,
        types::signature_text(m),
        types::returned_text(&m.output)
    )
}

/// The result `value` (of type `ty`) as a `Value`: moved when it is one,
/// else converted through serde, with a missing `Serialize` reported at `ty`.
fn into_value(s: &Service, ty: &syn::Type, value: &TokenStream) -> TokenStream {
    let p = super::private(s);
    let pt = super::private_at(s, ty.span());
    let convert = quote_spanned! {ty.span()=> #pt::Returned(#value).into_value() };
    quote! {{
        #[allow(unused_imports)]
        use #p::{ReturnSerialized as _, ReturnValue as _};
        #convert
    }}
}

/// Arity check, parameter conversion, the call, and the result.
fn route_body(s: &Service, m: &Method) -> TokenStream {
    let p = super::private(s);
    let wire = format!("{}{}", s.namespace, m.wire);
    let sig = types::signature_text(m);
    let total = m.params().count();
    let required = total - m.optional_tail();
    let mut index = 0usize;
    let mut bind = Vec::new();
    let mut call_args = Vec::new();
    for arg in &m.args {
        match arg {
            Arg::Context => call_args.push(quote! { __ctx }),
            Arg::Param { ty, .. } => {
                let local = format_ident!("__a{}", index);
                let pt = super::private_at(s, ty.span());
                bind.push(quote_spanned! {ty.span()=>
                    let #local: #ty = #pt::param(&mut __iter, #index, #wire, #sig)?;
                });
                call_args.push(quote! { #local });
                index += 1;
            }
        }
    }
    let ident = &m.ident;
    let invoke = if m.is_async {
        quote! { self.#ident(#(#call_args),*).await }
    } else if m.blocking {
        quote! { __ctx.run_blocking(|| self.#ident(#(#call_args),*)) }
    } else {
        quote! { self.#ident(#(#call_args),*) }
    };
    let finish = match &m.output {
        Output::Unit => quote! {
            #invoke;
            #p::Result::Ok(#p::Value::Nil)
        },
        Output::Plain(ty) => {
            let ret = into_value(s, ty, &quote! { __r });
            quote! {
                let __r = #invoke;
                #ret
            }
        }
        Output::Result { ok } => {
            let ret = into_value(s, ok, &quote! { __v });
            quote! {
                match #invoke {
                    #p::Result::Ok(__v) => #ret,
                    #p::Result::Err(__e) => {
                        #[allow(unused_imports)]
                        use #p::{DisplayFault as _, IntoFault as _};
                        #p::Result::Err(#p::ErrorProbe(__e).into_fault())
                    }
                }
            }
        }
    };
    quote! {
        #p::check_arity(#wire, #sig, __params.len(), #required, #total)?;
        #[allow(unused_mut, unused_variables)]
        let mut __iter = ::core::iter::IntoIterator::into_iter(__params);
        #( #bind )*
        #finish
    }
}
