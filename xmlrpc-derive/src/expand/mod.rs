//! Turning the model into code.

mod client;
mod fallback;
mod server;
mod types;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{ImplItem, ItemImpl};

use crate::ctxt::Ctxt;
use crate::model::Service;
use crate::{attr, check, model};

// `input` is given back as it came when it does not parse.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn rpc_service(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut item: ItemImpl = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(e) => {
            let error = e.to_compile_error();
            return quote! { #input #error };
        }
    };
    let mut cx = Ctxt::default();
    let args = attr::service_args(&mut cx, args);
    let service = model::build(&mut cx, &item, &args);
    if let Some(service) = &service {
        check::check(&mut cx, service);
    }
    strip_rpc_attributes(&mut item);
    match service {
        Some(service) if !cx.has_errors() => {
            let server = server::expand(&service);
            let client = client::expand(&service);
            quote! {
                #item
                #server
                #client
            }
        }
        _ => fallback::expand(&item, cx),
    }
}

/// `#[rpc(…)]` is ours: the compiler must not see it.
fn strip_rpc_attributes(item: &mut ItemImpl) {
    for it in &mut item.items {
        if let ImplItem::Fn(f) = it {
            f.attrs.retain(|a| !a.path().is_ident("rpc"));
        }
    }
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
