//! What is emitted when the input has errors: the `impl` block or trait as
//! written, minus our attributes, so that the user sees our errors and no
//! cascade of "cannot find attribute `rpc`" or missing-method errors.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::ctxt::Ctxt;

pub(crate) fn expand(item: &impl ToTokens, cx: Ctxt) -> TokenStream {
    let errors = cx.into_compile_errors();
    quote! {
        #item
        #errors
    }
}
