//! Turning the model into code.

mod api;
mod batch;
mod client;
mod fallback;
mod route;
mod server;
mod types;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{ImplItem, Item, ItemImpl, ItemTrait, TraitItem};

use crate::ctxt::Ctxt;
use crate::model::{Form, Service};
use crate::{attr, check, model};

// `input` is given back as it came when it does not parse.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn rpc_service(args: TokenStream, input: TokenStream) -> TokenStream {
    match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Impl(item)) => impl_form(args, item),
        Ok(Item::Trait(item)) => trait_form(args, item),
        Ok(other) => {
            let error = syn::Error::new_spanned(
                quote! { #other }.into_iter().next(),
                "#[rpc_service] goes on an `impl Type { … }` block (a service and its client) or on a `trait` (an API that servers implement and clients call)",
            )
            .to_compile_error();
            quote! { #input #error }
        }
        Err(e) => {
            let error = e.to_compile_error();
            quote! { #input #error }
        }
    }
}

fn impl_form(args: TokenStream, mut item: ItemImpl) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = attr::service_args(&mut cx, args);
    let service = model::from_impl(&mut cx, &item, &args);
    if let Some(service) = &service {
        check::check(&mut cx, service);
    }
    for it in &mut item.items {
        if let ImplItem::Fn(f) = it {
            strip_rpc_attributes(&mut f.attrs);
        }
    }
    match service {
        Some(service) if !cx.has_errors() => {
            let Form::Impl { self_ty } = &service.form else {
                return fallback::expand(&item, cx);
            };
            let server = server::expand(&service, self_ty);
            let client = client::expand(&service);
            let batch = batch::expand(&service);
            quote! {
                #item
                #server
                #client
                #batch
            }
        }
        _ => fallback::expand(&item, cx),
    }
}

fn trait_form(args: TokenStream, mut item: ItemTrait) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = attr::service_args(&mut cx, args);
    let service = model::from_trait(&mut cx, &item, &args);
    if let Some(service) = &service {
        check::check(&mut cx, service);
    }
    for it in &mut item.items {
        if let TraitItem::Fn(f) = it {
            strip_rpc_attributes(&mut f.attrs);
        }
    }
    match service {
        Some(service) if !cx.has_errors() => {
            let server = match &service.form {
                Form::Trait {
                    server,
                    client_only: false,
                } => api::server(&service, server),
                _ => TokenStream::new(),
            };
            let api = api::rewrite(&service, item);
            let client = client::expand(&service);
            let batch = batch::expand(&service);
            quote! {
                #api
                #server
                #client
                #batch
            }
        }
        _ => fallback::expand(&item, cx),
    }
}

/// `#[rpc(…)]` is ours: the compiler must not see it.
fn strip_rpc_attributes(attrs: &mut Vec<syn::Attribute>) {
    attrs.retain(|a| !a.path().is_ident("rpc"));
}

/// The path expansions reach helpers through.
fn private(s: &Service) -> TokenStream {
    let root = &s.root;
    quote! { #root::__private }
}

/// The same path with every token at `span`, so that an unmet bound on a
/// helper called for a user's type is reported on that type.
fn private_at(s: &Service, span: proc_macro2::Span) -> TokenStream {
    respan(private(s), span)
}

fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tt| {
            if let proc_macro2::TokenTree::Group(g) = &tt {
                let mut group = proc_macro2::Group::new(g.delimiter(), respan(g.stream(), span));
                group.set_span(span);
                tt = proc_macro2::TokenTree::Group(group);
            } else {
                tt.set_span(span);
            }
            tt
        })
        .collect()
}
