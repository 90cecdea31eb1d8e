//! The service as the expansion sees it, built from the `impl` block.
//! Rules about one method at a time are checked here; rules across
//! methods are in `check.rs`.

use proc_macro2::Span;
use quote::format_ident;
use syn::{
    FnArg, GenericArgument, Ident, ImplItem, ImplItemFn, ItemImpl, LitStr, Pat, PathArguments,
    ReturnType, Type,
};

use crate::attr::{self, MethodAttrs, ServiceArgs};
use crate::ctxt::Ctxt;

pub(crate) struct Service {
    pub(crate) self_ty: Type,
    /// The last segment of the self type, such as `Animal`.
    pub(crate) self_name: Ident,
    pub(crate) client: Ident,
    /// `"validator1."` or empty.
    pub(crate) namespace: String,
    pub(crate) root: syn::Path,
    pub(crate) methods: Vec<Method>,
    pub(crate) nested: Vec<Nested>,
    pub(crate) hook: Option<Ident>,
}

pub(crate) struct Method {
    pub(crate) ident: Ident,
    /// The wire name without the namespace.
    pub(crate) wire: String,
    /// Where the wire name came from, for errors about it.
    pub(crate) wire_span: Span,
    pub(crate) docs: Vec<String>,
    pub(crate) help: Option<String>,
    pub(crate) is_async: bool,
    /// `#[rpc(blocking)]`: run through the context's blocking hook.
    pub(crate) blocking: bool,
    pub(crate) args: Vec<Arg>,
    pub(crate) output: Output,
    /// Signatures given with `#[rpc(signature = "…")]`, return type first.
    pub(crate) signatures: Vec<Vec<String>>,
}

// Few per method, and built once per expansion: boxing buys nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Arg {
    /// A parameter that comes from the call.
    Param {
        ident: Ident,
        ty: Type,
        /// `Option<T>`: may be omitted when trailing.
        optional: Option<Type>,
    },
    /// `&Context`: the request context, not a wire parameter.
    Context,
}

pub(crate) enum Output {
    Unit,
    Plain(Type),
    Result { ok: Type },
}

pub(crate) struct Nested {
    pub(crate) ident: Ident,
    pub(crate) wire: String,
    pub(crate) wire_span: Span,
    /// The nested service type, `T` of `-> &T`.
    pub(crate) target: Type,
}

impl Method {
    pub(crate) fn params(&self) -> impl Iterator<Item = (&Ident, &Type, &Option<Type>)> {
        self.args.iter().filter_map(|a| match a {
            Arg::Param {
                ident,
                ty,
                optional,
            } => Some((ident, ty, optional)),
            Arg::Context => None,
        })
    }

    /// How many trailing parameters are `Option`s, and may be omitted.
    pub(crate) fn optional_tail(&self) -> usize {
        let params: Vec<_> = self.params().collect();
        params
            .iter()
            .rev()
            .take_while(|(_, _, opt)| opt.is_some())
            .count()
    }
}

pub(crate) fn build(cx: &mut Ctxt, item: &ItemImpl, args: &ServiceArgs) -> Option<Service> {
    if let Some(t) = &item.trait_ {
        cx.error(
            &t.1,
            "#[rpc_service] goes on an inherent `impl Type { … }` block, not on a trait impl",
        );
        return None;
    }
    if !item.generics.params.is_empty() {
        cx.error(
            &item.generics,
            "#[rpc_service] does not support generic impl blocks; expose a concrete type",
        );
    }
    let Type::Path(self_path) = &*item.self_ty else {
        cx.error(
            &item.self_ty,
            "#[rpc_service] needs a named type, such as `impl Animal { … }`",
        );
        return None;
    };
    let Some(last) = self_path.path.segments.last() else {
        cx.error(&item.self_ty, "#[rpc_service] needs a named type");
        return None;
    };
    let self_name = last.ident.clone();
    let client = args
        .client
        .clone()
        .unwrap_or_else(|| format_ident!("{}Client", self_name));
    let namespace = args.namespace.as_ref().map_or_else(String::new, |ns| {
        let ns_text = ns.value();
        if !crate::check::valid_wire_name(&ns_text) {
            cx.error(
                ns,
                format_args!(
                    "invalid namespace `{ns_text}`: use letters, digits, `_`, `.`, `:` and `/`"
                ),
            );
        }
        format!("{ns_text}.")
    });
    let root = args
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::xmlrpc_core));

    let mut service = Service {
        self_ty: (*item.self_ty).clone(),
        self_name,
        client,
        namespace,
        root,
        methods: Vec::new(),
        nested: Vec::new(),
        hook: None,
    };
    for it in &item.items {
        if let ImplItem::Fn(f) = it {
            method(cx, args, f, &mut service);
        }
    }
    Some(service)
}

fn method(cx: &mut Ctxt, args: &ServiceArgs, f: &ImplItemFn, service: &mut Service) {
    let attrs = attr::method_attrs(cx, &f.attrs);
    let public = matches!(f.vis, syn::Visibility::Public(_));
    let name = f.sig.ident.to_string();
    if attrs.skip.is_some() {
        if let Some(span) = attrs
            .dispatch
            .or(attrs.nested)
            .or(attrs.blocking)
            .or(attrs.name.as_ref().map(LitStr::span))
        {
            cx.error_at(span, "`skip` cannot be combined with other rpc attributes");
        }
        return;
    }
    if let Some(span) = attrs.dispatch {
        hook(cx, f, &attrs, span, service);
        return;
    }
    let has_receiver = f.sig.receiver().is_some();
    // Plain associated functions (`fn new() -> Self`) and private helpers
    // are never exposed, nor are names starting with `_`.
    if attrs.present.is_none() && (!public || !has_receiver || name.starts_with('_')) {
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
    let Some(args_) = arguments(cx, f) else {
        return;
    };
    let signatures =
        attrs
            .signatures
            .iter()
            .filter_map(|lit| {
                let types: Vec<String> = lit
                    .value()
                    .split(',')
                    .map(|t| t.trim().to_owned())
                    .collect();
                if types
                    .iter()
                    .any(|t| !crate::check::SIGNATURE_TYPES.contains(&t.as_str()))
                {
                    cx.error(lit, format_args!(
                    "unknown XML-RPC type in signature, expected a comma-separated list of {}",
                    crate::check::SIGNATURE_TYPES.join(", ")
                ));
                    return None;
                }
                Some(types)
            })
            .collect();
    service.methods.push(Method {
        ident: f.sig.ident.clone(),
        wire,
        wire_span,
        docs: attr::doc_lines(&f.attrs),
        help: attrs.help.as_ref().map(LitStr::value),
        is_async: f.sig.asyncness.is_some(),
        blocking: attrs.blocking.is_some(),
        args: args_,
        output: output(&f.sig.output),
        signatures,
    });
}

fn receiver_ok(cx: &mut Ctxt, f: &ImplItemFn) -> bool {
    match f.sig.receiver() {
        None => {
            cx.error(
                &f.sig,
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

fn generics_ok(cx: &mut Ctxt, f: &ImplItemFn) -> bool {
    if f.sig.generics.params.is_empty() && f.sig.generics.where_clause.is_none() {
        return true;
    }
    cx.error(
        &f.sig.generics,
        "generic methods cannot be exposed: a call names one method with concrete types; write a method per type, or mark this one #[rpc(skip)]",
    );
    false
}

fn arguments(cx: &mut Ctxt, f: &ImplItemFn) -> Option<Vec<Arg>> {
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
        out.push(Arg::Param {
            ident: pi.ident.clone(),
            ty: (*pt.ty).clone(),
            optional: generic_arg("Option", &pt.ty).cloned(),
        });
    }
    ok.then_some(out)
}

/// `&Context` (any path ending in `Context`) is the request context.
fn is_context(ty: &Type) -> bool {
    let Type::Reference(r) = ty else { return false };
    r.mutability.is_none() && last_ident(&r.elem).is_some_and(|i| i == "Context")
}

fn last_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}

/// `T` of `Wrapper<T>` (`Option<T>`, `Result<T, E>`…) by the last path segment.
pub(crate) fn generic_arg<'a>(wrapper: &str, ty: &'a Type) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(a) = &seg.arguments else {
        return None;
    };
    a.args.iter().find_map(|g| match g {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

fn output(ret: &ReturnType) -> Output {
    match ret {
        ReturnType::Default => Output::Unit,
        ReturnType::Type(_, ty) => match (&**ty, generic_arg("Result", ty)) {
            (Type::Tuple(t), _) if t.elems.is_empty() => Output::Unit,
            (_, Some(ok)) => Output::Result { ok: ok.clone() },
            (ty, None) => Output::Plain(ty.clone()),
        },
    }
}

fn hook(cx: &mut Ctxt, f: &ImplItemFn, attrs: &MethodAttrs, span: Span, service: &mut Service) {
    if attrs.name.is_some() || attrs.nested.is_some() || !attrs.signatures.is_empty() {
        cx.error_at(
            span,
            "`dispatch` cannot be combined with `name`, `nested` or `signature`",
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
            &f.sig,
            "the dispatch hook has the shape `async fn hook(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault>`",
        );
        return;
    }
    service.hook = Some(f.sig.ident.clone());
}

fn nested(
    cx: &mut Ctxt,
    f: &ImplItemFn,
    attrs: &MethodAttrs,
    wire: String,
    wire_span: Span,
    service: &mut Service,
) {
    if !attrs.signatures.is_empty() || attrs.help.is_some() {
        cx.error(
            &f.sig.ident,
            "a nested service has no signature or help of its own; its methods have theirs",
        );
    }
    let target = match &f.sig.output {
        ReturnType::Type(_, ty) => match &**ty {
            Type::Reference(r)
                if r.mutability.is_none()
                    && f.sig.inputs.len() == 1
                    && f.sig.asyncness.is_none() =>
            {
                Some((*r.elem).clone())
            }
            _ => None,
        },
        ReturnType::Default => None,
    };
    let Some(target) = target else {
        cx.error(
            &f.sig,
            "a #[rpc(nested)] accessor has the shape `fn name(&self) -> &Service`, returning another #[rpc_service] type",
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
