//! The `#[rpc_service]` attribute macro. Use it through `xmlrpc-core`, which
//! re-exports it and documents it; this crate is its implementation.
//!
//! The macro works in stages, a module each: `attr` parses our attributes,
//! `model` builds the service and checks each method, `check` applies the
//! rules across methods, and `expand` writes the server side, the client
//! side, or, when there are errors, the fallback. Errors are collected in a
//! `Ctxt` and reported together, each spanned on the offending tokens.

mod attr;
mod case;
mod check;
mod ctxt;
mod expand;
mod model;

use proc_macro::TokenStream;

/// Turns an inherent `impl` block into an XML-RPC service and a typed
/// client. Documented on its re-export, `xmlrpc_core::rpc_service`.
#[proc_macro_attribute]
pub fn rpc_service(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::rpc_service(args.into(), input.into()).into()
}
