//! The server side shared by both forms: routing a call by name, the
//! introspection data, and which names are routed. The `impl` form puts
//! them into `Service` and `Router` impls, the trait form into the
//! trait's hidden provided methods.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::types;
use crate::model::{Arg, Borrowed, Method, Nested, Output, Service, Target};

/// An expression of type `Result<Value, Fault>`, awaited inside an async
/// block, that runs `__call` (a `MethodCall`) with `__ctx` in scope.
pub(crate) fn dispatch(s: &Service) -> TokenStream {
    let p = super::private(s);
    let arms = s.methods.iter().map(|m| {
        let wire = format!("{}{}", s.namespace, m.wire);
        let body = route_body(s, m);
        quote! { #wire => { #body } }
    });
    let nested_routes = s.nested.iter().map(|n| {
        let prefix = format!("{}{}.", s.namespace, n.wire);
        let call = nested_call(s, n, "call", &[quote!(__inner), quote!(__ctx)]);
        quote! {
            if let #p::Option::Some(__rest) = __name.strip_prefix(#prefix) {
                let __inner = #p::MethodCall::new(__rest, __params);
                return #call.await;
            }
        }
    });
    quote! {
        let #p::MethodCall { name: __name, params: __params } = __call;
        #[allow(clippy::match_single_binding)]
        match __name.as_str() {
            #( #arms )*
            _ => {
                #( #nested_routes )*
                #p::Result::Err(#p::Fault::method_not_found(&__name))
            }
        }
    }
}

/// An expression of type `Vec<MethodInfo>`.
pub(crate) fn methods(s: &Service) -> TokenStream {
    let p = super::private(s);
    let infos = s.methods.iter().map(|m| method_info(s, m));
    let nested_infos = s.nested.iter().map(|n| {
        let prefix = format!("{}{}.", s.namespace, n.wire);
        let methods = nested_call(s, n, "methods", &[]);
        quote! {
            for __info in #methods {
                __methods.push(__info.prefixed(#prefix));
            }
        }
    });
    let count = s.methods.len();
    quote! {{
        #[allow(unused_imports)]
        use #p::{KnownType as _, OtherType as _, ReadType as _};
        let mut __methods = #p::Vec::with_capacity(#count);
        #( __methods.push(#infos); )*
        #( #nested_infos )*
        __methods
    }}
}

/// An expression of type `bool`: whether `__name` is routed.
pub(crate) fn routes(s: &Service) -> TokenStream {
    let p = super::private(s);
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
        let prefix = format!("{}{}.", s.namespace, n.wire);
        let has = nested_call(s, n, "has", &[quote!(__rest)]);
        quote! {
            if let #p::Option::Some(__rest) = __name.strip_prefix(#prefix) {
                return #has;
            }
        }
    });
    quote! {{
        if #known {
            return true;
        }
        #( #nested_has )*
        false
    }}
}

/// One of `call`, `methods` or `has` on the service a nested accessor
/// returns: through `RpcService` for a type, through the trait's hidden
/// methods for an API. Spanned on the target, so that a target that is
/// not a service is reported there.
fn nested_call(s: &Service, n: &Nested, what: &str, args: &[TokenStream]) -> TokenStream {
    let inner = s.invoke(&n.ident, &[]);
    match &n.target {
        Target::Type(target) => {
            let pt = super::private_at(s, target.span());
            let f = format_ident!("nested_{}", what);
            quote_spanned! {target.span()=>
                <#target as #pt::RpcService>::#f(#inner #(, #args)*)
            }
        }
        Target::Api(path) => {
            let f = match what {
                "call" => format_ident!("__xmlrpc_route"),
                "methods" => format_ident!("__xmlrpc_methods"),
                _ => format_ident!("__xmlrpc_routes"),
            };
            quote_spanned! {path.span()=> #path::#f(#inner #(, #args)*) }
        }
    }
}

/// `MethodInfo::new(name, help, signatures)` for one method.
fn method_info(s: &Service, m: &Method) -> TokenStream {
    let p = super::private(s);
    let wire = format!("{}{}", s.namespace, m.wire);
    let help = help_text(s, m);
    let signatures = if !m.signatures.is_empty() {
        let sigs = m.signatures.iter().map(|sig| quote! { &[#(#sig),*] });
        quote! { #p::signatures(&[#(#sigs),*]) }
    } else if m.variadic {
        // Any number of values: no one signature describes it.
        quote! { #p::Vec::new() }
    } else {
        let ret = types::probe(&p, &types::returned(&m.output));
        let params = m
            .params()
            .map(|param| types::probe(&p, param.optional.unwrap_or(param.ty)));
        quote! { #p::signature(&[#ret, #(#params),*]) }
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
    let (required, most) = if m.variadic {
        (total - 1, quote!(::core::primitive::usize::MAX))
    } else {
        (total - m.optional_tail(), quote!(#total))
    };
    let mut index = 0usize;
    let mut bind = Vec::new();
    let mut call_args = Vec::new();
    for arg in &m.args {
        match arg {
            Arg::Context => call_args.push(quote! { __ctx }),
            Arg::Param { ty, borrowed, .. } => {
                let local = format_ident!("__a{}", index);
                // A borrowed `&X` is read as `X`'s owned form and lent.
                let (read, pass, span) = match borrowed {
                    Some(Borrowed::Ref(elem)) => (
                        quote_spanned! {elem.span()=> <#elem as #p::ToOwned>::Owned },
                        quote! { #p::Borrow::borrow(&#local) },
                        elem.span(),
                    ),
                    Some(Borrowed::OptionRef(elem)) => (
                        quote_spanned! {elem.span()=> #p::Option<<#elem as #p::ToOwned>::Owned> },
                        quote! { #p::Option::map(#p::Option::as_ref(&#local), #p::Borrow::borrow) },
                        elem.span(),
                    ),
                    None => (quote! { #ty }, quote! { #local }, ty.span()),
                };
                let pt = super::private_at(s, span);
                let how = if m.variadic && index + 1 == total {
                    quote!(rest)
                } else {
                    quote!(param)
                };
                bind.push(quote_spanned! {span=>
                    let #local: #read = <#read as #pt::Param>::#how(&mut __iter, #index, #wire, #sig)?;
                });
                call_args.push(pass);
                index += 1;
            }
        }
    }
    let call = s.invoke(&m.ident, &call_args);
    let invoke = if m.is_async {
        quote! { #call.await }
    } else if m.blocking {
        quote! { __ctx.run_blocking(|| #call) }
    } else {
        call
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
        Output::Result { ok, err_span } => {
            let ret = into_value(s, ok, &quote! { __v });
            // Spanned on the error type, so that one that cannot become a
            // fault is reported there.
            let pt = super::private_at(s, *err_span);
            let fault = quote_spanned! {*err_span=> #pt::ErrorProbe(__e).into_fault() };
            quote! {
                match #invoke {
                    #p::Result::Ok(__v) => #ret,
                    #p::Result::Err(__e) => {
                        #[allow(unused_imports)]
                        use #p::{DisplayFault as _, IntoFault as _};
                        #p::Result::Err(#fault)
                    }
                }
            }
        }
    };
    quote! {
        #p::check_arity(#wire, #sig, __params.len(), #required, #most)?;
        #[allow(unused_mut, unused_variables)]
        let mut __iter = ::core::iter::IntoIterator::into_iter(__params);
        #( #bind )*
        #finish
    }
}
