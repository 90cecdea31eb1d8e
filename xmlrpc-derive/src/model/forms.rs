//! The two places an API is declared: an `impl` block and a `trait`.

use quote::format_ident;
use syn::{ImplItem, ItemImpl, ItemTrait, TraitItem, Type, Visibility};

use super::method::method;
use super::{FnItem, Form, Service};
use crate::attr::ServiceArgs;
use crate::ctxt::Ctxt;

pub(crate) fn from_impl(cx: &mut Ctxt, item: &ItemImpl, args: &ServiceArgs) -> Option<Service> {
    if let Some(t) = &item.trait_ {
        cx.error(
            &t.1,
            "#[rpc_service] goes on an inherent `impl Type { … }` block or on a `trait`, not on a trait impl; to serve a trait's implementation, use the server type the trait's #[rpc_service] generates",
        );
        return None;
    }
    if !item.generics.params.is_empty() {
        cx.error(
            &item.generics,
            "#[rpc_service] does not support generic impl blocks; expose a concrete type",
        );
    }
    if let Some(span) = args
        .client_only
        .or(args.server.as_ref().map(syn::Ident::span))
    {
        cx.error_at(
            span,
            "`client_only` and `server` are for an API declared as a trait",
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
    let form = Form::Impl {
        self_ty: (*item.self_ty).clone(),
    };
    let vis: Visibility = syn::parse_quote!(pub);
    let mut service = service(cx, args, form, last.ident.clone(), vis);
    for it in &item.items {
        if let ImplItem::Fn(f) = it {
            let f = FnItem {
                attrs: &f.attrs,
                sig: &f.sig,
                public: matches!(f.vis, Visibility::Public(_)),
            };
            method(cx, args, &f, &mut service);
        }
    }
    Some(service)
}

pub(crate) fn from_trait(cx: &mut Ctxt, item: &ItemTrait, args: &ServiceArgs) -> Option<Service> {
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        cx.error(
            &item.generics,
            "#[rpc_service] does not support generic traits: a call names one method with concrete types",
        );
    }
    if let Some(unsafety) = &item.unsafety {
        cx.error(unsafety, "an #[rpc_service] trait cannot be `unsafe`");
    }
    let form = Form::Trait {
        server: args
            .server
            .clone()
            .unwrap_or_else(|| format_ident!("{}Server", item.ident)),
        client_only: args.client_only.is_some(),
    };
    let mut service = service(cx, args, form, item.ident.clone(), item.vis.clone());
    for it in &item.items {
        if let TraitItem::Fn(f) = it {
            let f = FnItem {
                attrs: &f.attrs,
                sig: &f.sig,
                public: true,
            };
            method(cx, args, &f, &mut service);
        }
    }
    Some(service)
}

fn service(
    cx: &mut Ctxt,
    args: &ServiceArgs,
    form: Form,
    name: syn::Ident,
    vis: Visibility,
) -> Service {
    let client = args
        .client
        .clone()
        .unwrap_or_else(|| format_ident!("{}Client", name));
    let batch = format_ident!("{}Batch", name);
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
    let root = args.krate.clone().unwrap_or_else(super::root::default_root);
    Service {
        form,
        name,
        vis,
        client,
        batch,
        namespace,
        root,
        methods: Vec::new(),
        nested: Vec::new(),
        hook: None,
    }
}
