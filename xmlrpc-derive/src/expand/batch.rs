//! The typed batch, shared by both forms: the client's methods again, each
//! adding its call to one `system.multicall` and giving back its slot.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{client, types};
use crate::model::{Method, Nested, Service, Target};

pub(crate) fn expand(s: &Service) -> TokenStream {
    let p = super::private(s);
    let batch = &s.batch;
    let vis = &s.vis;
    let namespace = &s.namespace;
    let doc = format!(
        "The calls of a [`{}`] batch: made by `{}::batch`, each method adds its call to \
         one `system.multicall` and gives back the slot its result will be in.",
        s.client, s.client
    );
    let methods = s.methods.iter().map(|m| method(s, m));
    let nested = s.nested.iter().map(|n| nested(s, n));
    quote! {
        #[doc = #doc]
        #[derive(::core::fmt::Debug)]
        #vis struct #batch<'__b> {
            batch: &'__b mut #p::Batch,
            prefix: #p::Cow<'static, str>,
        }

        #[allow(private_interfaces)]
        impl<'__b> #batch<'__b> {
            /// The calls go into `batch`, their names after `prefix`.
            #[doc(hidden)]
            pub fn __new(batch: &'__b mut #p::Batch, prefix: #p::Cow<'static, str>) -> Self {
                Self { batch, prefix }
            }

            /// The batch of an API nested under `outer`.
            #[doc(hidden)]
            pub fn __nested(batch: &'__b mut #p::Batch, outer: &str) -> Self {
                Self::__new(batch, #p::Cow::Owned(#p::format!("{}{}", outer, #namespace)))
            }

            #( #methods )*
            #( #nested )*
        }
    }
}

fn method(s: &Service, m: &Method) -> TokenStream {
    let p = super::private(s);
    let ident = &m.ident;
    let wire = &m.wire;
    let docs = client::docs(s, m);
    let generics = &m.generics;
    let decls = m.params().map(|param| {
        let (ident, ty) = (param.ident, param.ty);
        quote! { #ident: #ty }
    });
    let params = client::params(s, m);
    let ret = types::returned(&m.output);
    quote! {
        #( #[doc = #docs] )*
        pub fn #ident #generics (&mut self, #( #decls ),*) -> #p::Slot<#ret> {
            let __params = #params;
            self.batch.push_converted(#p::prepare(#p::format!("{}{}", self.prefix, #wire), __params))
        }
    }
}

fn nested(s: &Service, n: &Nested) -> TokenStream {
    let p = super::private(s);
    let ident = &n.ident;
    let wire = &n.wire;
    let doc = format!("The calls of the nested API `{}{}`.", s.namespace, n.wire);
    let outer = quote! { &#p::format!("{}{}.", self.prefix, #wire) };
    match &n.target {
        Target::Type(target) => {
            let pt = super::private_at(s, target.span());
            quote_spanned! {target.span()=>
                #[doc = #doc]
                pub fn #ident(&mut self) -> <#target as #pt::RpcService>::Batch<'_> {
                    <#target as #pt::RpcService>::nested_batch(&mut *self.batch, #outer)
                }
            }
        }
        Target::Api(path) => {
            let batch = n.target.generated("Batch");
            quote_spanned! {path.span()=>
                #[doc = #doc]
                pub fn #ident(&mut self) -> #batch<'_> {
                    #batch::__nested(&mut *self.batch, #outer)
                }
            }
        }
    }
}
