//! Parsing `#[rpc_service(…)]` arguments and `#[rpc(…)]` method attributes.
//! Strict: an unknown or repeated key is an error naming what is allowed.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Ident, LitStr, Path};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;

/// The arguments of `#[rpc_service(…)]`.
#[derive(Default)]
pub(crate) struct ServiceArgs {
    pub(crate) namespace: Option<LitStr>,
    pub(crate) rename_all: Option<RenameRule>,
    pub(crate) client: Option<Ident>,
    /// The trait form's server type (default `{Trait}Server`).
    pub(crate) server: Option<Ident>,
    /// The trait form without server code: an API that is only called.
    pub(crate) client_only: Option<Span>,
    pub(crate) krate: Option<Path>,
}

const SERVICE_KEYS: &str = "`namespace`, `rename_all`, `client`, `server`, `client_only`, `crate`";

pub(crate) fn service_args(cx: &mut Ctxt, args: TokenStream) -> ServiceArgs {
    let mut out = ServiceArgs::default();
    let mut seen: Vec<String> = Vec::new();
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(Ident::to_string)
            .unwrap_or_default();
        if seen.contains(&key) {
            return Err(meta.error(format_args!("duplicate rpc_service argument `{key}`")));
        }
        seen.push(key.clone());
        match key.as_str() {
            "namespace" => out.namespace = Some(meta.value()?.parse()?),
            "rename_all" => {
                let lit: LitStr = meta.value()?.parse()?;
                match RenameRule::from_str(&lit.value()) {
                    Some(rule) => out.rename_all = Some(rule),
                    None => {
                        return Err(syn::Error::new(
                            lit.span(),
                            format_args!(
                                "unknown rename rule `{}`, expected one of {}",
                                lit.value(),
                                RenameRule::NAMES
                            ),
                        ));
                    }
                }
            }
            "client" => {
                let lit: LitStr = meta.value()?.parse()?;
                out.client = Some(lit.parse()?);
            }
            "server" => {
                let lit: LitStr = meta.value()?.parse()?;
                out.server = Some(lit.parse()?);
            }
            "client_only" => out.client_only = Some(meta.path.pos_span()),
            "crate" => {
                let lit: LitStr = meta.value()?.parse()?;
                out.krate = Some(lit.parse()?);
            }
            _ => return Err(unknown(&meta, "rpc_service argument", SERVICE_KEYS)),
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, args) {
        cx.syn_error(e);
    }
    out
}

/// The `#[rpc(…)]` attributes of one method, merged.
#[derive(Default)]
pub(crate) struct MethodAttrs {
    pub(crate) name: Option<LitStr>,
    pub(crate) skip: Option<Span>,
    pub(crate) dispatch: Option<Span>,
    pub(crate) nested: Option<Span>,
    pub(crate) blocking: Option<Span>,
    pub(crate) variadic: Option<Span>,
    pub(crate) signatures: Vec<LitStr>,
    pub(crate) help: Option<LitStr>,
    /// Whether any `#[rpc]` attribute was present.
    pub(crate) present: Option<Span>,
}

const METHOD_KEYS: &str =
    "`name`, `skip`, `dispatch`, `nested`, `blocking`, `variadic`, `signature`, `help`";

pub(crate) fn method_attrs(cx: &mut Ctxt, attrs: &[Attribute]) -> MethodAttrs {
    let mut out = MethodAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("rpc")) {
        out.present.get_or_insert(attr.pos_span());
        if let Err(e) = attr.parse_nested_meta(|meta| method_key(&mut out, &meta)) {
            cx.syn_error(e);
        }
    }
    out
}

fn method_key(out: &mut MethodAttrs, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    let key = meta
        .path
        .get_ident()
        .map(Ident::to_string)
        .unwrap_or_default();
    let span = meta.path.pos_span();
    let duplicate = || meta.error(format_args!("duplicate rpc attribute `{key}`"));
    match key.as_str() {
        "name" => {
            if out.name.is_some() {
                return Err(duplicate());
            }
            out.name = Some(meta.value()?.parse()?);
        }
        "help" => {
            if out.help.is_some() {
                return Err(duplicate());
            }
            out.help = Some(meta.value()?.parse()?);
        }
        // Repeatable: one per alternative signature.
        "signature" => out.signatures.push(meta.value()?.parse()?),
        "skip" | "dispatch" | "nested" | "blocking" | "variadic" => {
            let slot = match key.as_str() {
                "skip" => &mut out.skip,
                "dispatch" => &mut out.dispatch,
                "blocking" => &mut out.blocking,
                "variadic" => &mut out.variadic,
                _ => &mut out.nested,
            };
            if slot.is_some() {
                return Err(duplicate());
            }
            *slot = Some(span);
        }
        _ => return Err(unknown(meta, "rpc attribute", METHOD_KEYS)),
    }
    Ok(())
}

/// "unknown {what} `key`, expected one of {keys}", on the key.
fn unknown(meta: &ParseNestedMeta<'_>, what: &str, keys: &str) -> syn::Error {
    let shown = meta
        .path
        .get_ident()
        .map_or_else(|| "…".to_owned(), Ident::to_string);
    meta.error(format_args!(
        "unknown {what} `{shown}`, expected one of {keys}"
    ))
}

/// A span for the start of a node (`Spanned` is awkward on attributes).
trait PosSpan {
    fn pos_span(&self) -> Span;
}

impl<T: quote::ToTokens> PosSpan for T {
    fn pos_span(&self) -> Span {
        self.to_token_stream()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span())
    }
}

/// The text of `///` doc comments, one line each, with the one leading
/// space that `///` leaves removed.
pub(crate) fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        // `split`, not `lines`: an empty `///` line is a paragraph break
        // and must stay one (`"".lines()` yields nothing).
        .flat_map(|text| {
            text.split('\n')
                .map(|line| line.trim_end_matches('\r').to_owned())
                .collect::<Vec<_>>()
        })
        .map(|line| {
            line.strip_prefix(' ')
                .map_or_else(|| line.clone(), str::to_owned)
        })
        .collect()
}
