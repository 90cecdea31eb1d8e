//! The `impl` form's server side: `Service`, `Router` and `RpcService`
//! implementations for the type itself.

use proc_macro2::TokenStream;
use quote::quote;

use super::route;
use crate::model::Service;

pub(crate) fn expand(s: &Service, self_ty: &syn::Type) -> TokenStream {
    let p = super::private(s);
    let call_body = match &s.hook {
        Some(hook) => quote! {
            #p::Box::pin(async move {
                self.#hook(__call, #p::Next::new(self, __ctx)).await
            })
        },
        None => quote! { #p::Router::route(self, __call, __ctx) },
    };
    let methods = route::methods(s);
    let dispatch = route::dispatch(s);
    let routes = route::routes(s);
    let client = &s.client;
    let batch = &s.batch;
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
                #methods
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
                #p::Box::pin(async move { #dispatch })
            }

            fn routes(&self, __name: &str) -> bool {
                #routes
            }
        }

        impl #p::RpcService for #self_ty {
            type Client<T> = #client<T>;
            type Batch<'__b> = #batch<'__b>;

            fn nested_client<T>(transport: T, outer: &str) -> #client<T> {
                #client::__nested(transport, outer)
            }

            fn nested_batch<'__b>(batch: &'__b mut #p::Batch, outer: &str) -> #batch<'__b> {
                #batch::__nested(batch, outer)
            }
        }
    }
}
