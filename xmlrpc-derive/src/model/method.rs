//! One method at a time: what it exposes, under which name, and the rules
//! that concern it alone.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{FnArg, LitStr, Pat, ReturnType, Type, TypeParamBound};

use super::{Arg, Borrowed, FnItem, Form, Method, Nested, Output, Service, Target, generic_arg};
use crate::attr::{self, MethodAttrs, ServiceArgs};
use crate::ctxt::Ctxt;

pub(super) fn method(cx: &mut Ctxt, args: &ServiceArgs, f: &FnItem<'_>, service: &mut Service) {
    let attrs = attr::method_attrs(cx, f.attrs);
    let name = f.sig.ident.to_string();
    if attrs.skip.is_some() {
        if let Some(span) = attrs
            .dispatch
            .or(attrs.nested)
            .or(attrs.blocking)
            .or(attrs.variadic)
            .or(attrs.name.as_ref().map(LitStr::span))
        {
            cx.error_at(span, "`skip` cannot be combined with other rpc attributes");
        }
        return;
    }
    if let Some(span) = attrs.dispatch {
        if matches!(service.form, Form::Trait { .. }) {
            cx.error_at(
                span,
                "the dispatch hook belongs to an implementation: use it on an `impl` block, or wrap the generated server in a `Service` of your own",
            );
            return;
        }
        hook(cx, f, &attrs, span, service);
        return;
    }
    let has_receiver = f.sig.receiver().is_some();
    // Plain associated functions (`fn new() -> Self`) and private helpers
    // are never exposed, nor are names starting with `_`.
    if attrs.present.is_none() && (!f.public || !has_receiver || name.starts_with('_')) {
        return;
    }
    if name.starts_with('_') {
        cx.error(
            &f.sig.ident,
            "methods whose names start with `_` are never exposed; remove the rpc attribute",
        );
        return;
    }
    if !receiver_ok(cx, f) || !generics_ok(cx, f) {
        return;
    }
    let (wire, wire_span) = match &attrs.name {
        Some(lit) => (lit.value(), lit.span()),
        None => (
            args.rename_all
                .map_or_else(|| name.clone(), |rule| rule.apply(&name)),
            f.sig.ident.span(),
        ),
    };
    if attrs.nested.is_some() {
        nested(cx, f, &attrs, wire, wire_span, service);
        return;
    }
    if let (Some(span), Some(_)) = (attrs.blocking, f.sig.asyncness) {
        cx.error_at(
            span,
            "`blocking` is for synchronous methods; an async method must not block",
        );
    }
    let Some(arguments) = arguments(cx, f) else {
        return;
    };
    if let Some(span) = attrs.variadic {
        variadic_ok(cx, span, &arguments);
    }
    let signatures = attrs
        .signatures
        .iter()
        .filter_map(|lit| signature(cx, lit))
        .collect();
    service.methods.push(Method {
        ident: f.sig.ident.clone(),
        generics: f.sig.generics.clone(),
        wire,
        wire_span,
        docs: attr::doc_lines(f.attrs),
        help: attrs.help.as_ref().map(LitStr::value),
        is_async: f.sig.asyncness.is_some(),
        blocking: attrs.blocking.is_some(),
        variadic: attrs.variadic.is_some(),
        args: arguments,
        output: output(&f.sig.output),
        signatures,
    });
}

/// One `signature = "…"` as type names, if they are all known.
fn signature(cx: &mut Ctxt, lit: &LitStr) -> Option<Vec<String>> {
    let types: Vec<String> = lit
        .value()
        .split(',')
        .map(|t| t.trim().to_owned())
        .collect();
    if types
        .iter()
        .any(|t| !crate::check::SIGNATURE_TYPES.contains(&t.as_str()))
    {
        cx.error(
            lit,
            format_args!(
                "unknown XML-RPC type in signature, expected a comma-separated list of {}",
                crate::check::SIGNATURE_TYPES.join(", ")
            ),
        );
        return None;
    }
    Some(types)
}

fn receiver_ok(cx: &mut Ctxt, f: &FnItem<'_>) -> bool {
    match f.sig.receiver() {
        None => {
            cx.error(
                f.sig,
                "an exposed method takes `&self`; this function has no receiver",
            );
            false
        }
        Some(r) if r.reference.is_none() => {
            cx.error(r, "`self` by value cannot be exposed: a service is shared by concurrent calls; take `&self`");
            false
        }
        Some(r) if r.mutability.is_some() => {
            cx.error(
                r,
                "`&mut self` cannot be exposed: a service is shared by concurrent calls; take `&self` and keep mutable state in a `Mutex` or atomics",
            );
            false
        }
        Some(r) if !matches!(&*r.ty, Type::Reference(_)) || r.colon_token.is_some() => {
            cx.error(r, "an exposed method takes plain `&self`");
            false
        }
        Some(_) => true,
    }
}

fn generics_ok(cx: &mut Ctxt, f: &FnItem<'_>) -> bool {
    let generics = &f.sig.generics;
    // Lifetimes are fine: `fn greet(&self, name: &'a str)`.
    let only_lifetimes = generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)));
    if only_lifetimes && generics.where_clause.is_none() {
        return true;
    }
    cx.error(
        generics,
        "generic methods cannot be exposed: a call names one method with concrete types; write a method per type, or mark this one #[rpc(skip)]",
    );
    false
}

fn arguments(cx: &mut Ctxt, f: &FnItem<'_>) -> Option<Vec<Arg>> {
    let mut out = Vec::new();
    let mut ok = true;
    for input in f.sig.inputs.iter().skip(1) {
        let FnArg::Typed(pt) = input else { continue };
        if is_context(&pt.ty) {
            out.push(Arg::Context);
            continue;
        }
        let Pat::Ident(pi) = &*pt.pat else {
            cx.error(&pt.pat, "patterns are not supported in exposed methods; use a plain name such as `point: Point` and destructure inside");
            ok = false;
            continue;
        };
        if pi.by_ref.is_some() || pi.subpat.is_some() {
            cx.error(&pt.pat, "use a plain parameter name");
            ok = false;
            continue;
        }
        let borrowed = match &*pt.ty {
            Type::Reference(r) if r.mutability.is_none() => Some(Borrowed::Ref((*r.elem).clone())),
            Type::Reference(r) => {
                cx.error(
                    r,
                    "a parameter cannot be `&mut`: it is read from the call; take it by value",
                );
                ok = false;
                continue;
            }
            ty => match generic_arg("Option", ty) {
                Some(Type::Reference(r)) if r.mutability.is_none() => {
                    Some(Borrowed::OptionRef((*r.elem).clone()))
                }
                _ => None,
            },
        };
        out.push(Arg::Param {
            ident: pi.ident.clone(),
            ty: (*pt.ty).clone(),
            optional: generic_arg("Option", &pt.ty).cloned(),
            borrowed,
        });
    }
    ok.then_some(out)
}

/// `#[rpc(variadic)]` needs a last wire parameter that is neither optional
/// nor preceded by optional ones.
fn variadic_ok(cx: &mut Ctxt, span: Span, args: &[Arg]) {
    let params: Vec<_> = args
        .iter()
        .filter_map(|a| match a {
            Arg::Param { optional, .. } => Some(optional.is_some()),
            Arg::Context => None,
        })
        .collect();
    if params.is_empty() || params.iter().any(|&optional| optional) {
        cx.error_at(
            span,
            "`variadic` needs a last parameter that takes the remaining values as a sequence, such as `params: Vec<Value>`, and no `Option` parameters",
        );
    }
}

/// `&Context` (any path ending in `Context`) is the request context.
fn is_context(ty: &Type) -> bool {
    let Type::Reference(r) = ty else { return false };
    r.mutability.is_none() && last_ident(&r.elem).is_some_and(|i| i == "Context")
}

fn last_ident(ty: &Type) -> Option<&syn::Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}

fn output(ret: &ReturnType) -> Output {
    match ret {
        ReturnType::Default => Output::Unit,
        ReturnType::Type(_, ty) => match (&**ty, generic_arg("Result", ty)) {
            (Type::Tuple(t), _) if t.elems.is_empty() => Output::Unit,
            (_, Some(ok)) => Output::Result {
                ok: ok.clone(),
                err_span: error_type(ty).map_or_else(|| ty.span(), Spanned::span),
            },
            (ty, None) => Output::Plain(ty.clone()),
        },
    }
}

/// `E` of `Result<T, E>`.
fn error_type(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(a) = &p.path.segments.last()?.arguments else {
        return None;
    };
    a.args
        .iter()
        .filter_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .nth(1)
}

fn hook(cx: &mut Ctxt, f: &FnItem<'_>, attrs: &MethodAttrs, span: Span, service: &mut Service) {
    if attrs.name.is_some()
        || attrs.nested.is_some()
        || attrs.variadic.is_some()
        || !attrs.signatures.is_empty()
    {
        cx.error_at(
            span,
            "`dispatch` cannot be combined with `name`, `nested`, `variadic` or `signature`",
        );
    }
    if service.hook.is_some() {
        cx.error(
            &f.sig.ident,
            "only one method can be the #[rpc(dispatch)] hook",
        );
        return;
    }
    let shape_ok = f.sig.asyncness.is_some()
        && f.sig
            .receiver()
            .is_some_and(|r| r.reference.is_some() && r.mutability.is_none())
        && f.sig.inputs.len() == 3
        && f.sig.generics.params.is_empty();
    if !shape_ok {
        cx.error(
            f.sig,
            "the dispatch hook has the shape `async fn hook(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault>`",
        );
        return;
    }
    service.hook = Some(f.sig.ident.clone());
}

fn nested(
    cx: &mut Ctxt,
    f: &FnItem<'_>,
    attrs: &MethodAttrs,
    wire: String,
    wire_span: Span,
    service: &mut Service,
) {
    if !attrs.signatures.is_empty() || attrs.help.is_some() || attrs.variadic.is_some() {
        cx.error(
            &f.sig.ident,
            "a nested service has no signature, help or parameters of its own; its methods have theirs",
        );
    }
    let target = match &f.sig.output {
        ReturnType::Type(_, ty) => match &**ty {
            Type::Reference(r)
                if r.mutability.is_none()
                    && f.sig.inputs.len() == 1
                    && f.sig.asyncness.is_none() =>
            {
                target(&r.elem)
            }
            _ => None,
        },
        ReturnType::Default => None,
    };
    let Some(target) = target else {
        cx.error(
            f.sig,
            "a #[rpc(nested)] accessor has the shape `fn name(&self) -> &Service`, returning another #[rpc_service] type, or `fn name(&self) -> &impl Api` for an #[rpc_service] trait",
        );
        return;
    };
    service.nested.push(Nested {
        ident: f.sig.ident.clone(),
        wire,
        wire_span,
        target,
    });
}

/// `Other` or `impl Api` (one trait, nothing else).
fn target(ty: &Type) -> Option<Target> {
    match ty {
        Type::ImplTrait(it) => {
            let mut traits = it.bounds.iter().filter_map(|b| match b {
                TypeParamBound::Trait(t) => Some(t),
                _ => None,
            });
            let first = traits.next()?;
            (traits.next().is_none()).then(|| Target::Api(first.path.clone()))
        }
        other => Some(Target::Type(other.clone())),
    }
}
