//! Types as XML-RPC names: probes for the signatures that
//! `system.methodSignature` reports, and text for help and messages.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::Type;

use crate::model::{Method, Output, generic_arg};

/// The Rust type a method's result converts from (`T` of `Result<T, E>`,
/// `()` for none).
pub(crate) fn returned(output: &Output) -> Type {
    match output {
        Output::Unit => syn::parse_quote!(()),
        Output::Plain(ty) => ty.clone(),
        Output::Result { ok, .. } => ok.clone(),
    }
}

/// An expression giving the XML-RPC type name of `ty` at run time.
pub(crate) fn probe(p: &TokenStream, ty: &Type) -> TokenStream {
    let ty = generic_arg("Option", ty).unwrap_or(ty);
    let ty = match ty {
        Type::Reference(r) => &*r.elem,
        other => other,
    };
    quote! { (&&&#p::Probe::<#ty>::new()).xmlrpc_type() }
}

/// `(amount: int, directory: string?)`, for help and fault messages.
pub(crate) fn signature_text(m: &Method) -> String {
    let params: Vec<String> = m
        .params()
        .map(|param| match param.optional {
            Some(inner) => format!("{}: {}?", param.ident, name(inner)),
            None => format!("{}: {}", param.ident, name(param.ty)),
        })
        .collect();
    let more = if m.variadic { "..." } else { "" };
    format!("({}{more})", params.join(", "))
}

pub(crate) fn returned_text(output: &Output) -> String {
    name(&returned(output))
}

/// A best guess at the XML-RPC name of a type from its spelling; the real
/// signature comes from the probe, this only words messages. Keep it in
/// step with the `known!` table in `xmlrpc_core::__private`.
fn name(ty: &Type) -> String {
    if let Type::Tuple(t) = ty {
        return if t.elems.is_empty() { "nil" } else { "array" }.to_owned();
    }
    if matches!(ty, Type::Array(_) | Type::Slice(_)) {
        return "array".to_owned();
    }
    if let Some(inner) = generic_arg("Option", ty) {
        return name(inner);
    }
    if let Type::Reference(r) = ty {
        return name(&r.elem);
    }
    let last = match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    match last.as_deref() {
        Some("i8" | "i16" | "i32" | "u8" | "u16") => "int",
        Some("i64" | "u32" | "u64" | "i128" | "u128" | "isize" | "usize") => "i8",
        Some("bool") => "boolean",
        Some("String" | "str" | "char") => "string",
        Some("f32" | "f64") => "double",
        Some("DateTime") => "dateTime.iso8601",
        Some("Binary") => "base64",
        Some("Vec" | "VecDeque" | "HashSet" | "BTreeSet") => "array",
        Some("HashMap" | "BTreeMap" | "Struct") => "struct",
        Some("Value") => "any",
        _ => return ty.to_token_stream().to_string().replace(' ', ""),
    }
    .to_owned()
}
