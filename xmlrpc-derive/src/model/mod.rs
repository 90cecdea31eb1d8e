//! The service as the expansion sees it, built from an `impl` block or a
//! `trait`. Both forms share this model: they differ only in where method
//! bodies come from. Rules about one method at a time are checked while
//! building it; rules across methods are in `check.rs`.

mod forms;
mod method;
mod root;

use proc_macro2::Span;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Attribute, GenericArgument, Ident, Path, PathArguments, Signature, Type, Visibility};

pub(crate) use forms::{from_impl, from_trait};

pub(crate) struct Service {
    pub(crate) form: Form,
    /// The type's or the trait's name, such as `Animal`.
    pub(crate) name: Ident,
    /// Visibility of the generated client, batch and server types.
    pub(crate) vis: Visibility,
    pub(crate) client: Ident,
    pub(crate) batch: Ident,
    /// `"validator1."` or empty.
    pub(crate) namespace: String,
    pub(crate) root: syn::Path,
    pub(crate) methods: Vec<Method>,
    pub(crate) nested: Vec<Nested>,
    pub(crate) hook: Option<Ident>,
}

/// Where the API is declared.
pub(crate) enum Form {
    /// `impl Animal { … }`: the type is the service.
    Impl { self_ty: Type },
    /// `trait Animal { … }`: implementations are served through the
    /// generated `server` wrapper, unless the API is only called.
    Trait { server: Ident, client_only: bool },
}

pub(crate) struct Method {
    pub(crate) ident: Ident,
    /// Lifetime parameters, for borrowed parameters such as `&'a str`.
    pub(crate) generics: syn::Generics,
    /// The wire name without the namespace.
    pub(crate) wire: String,
    /// Where the wire name came from, for errors about it.
    pub(crate) wire_span: Span,
    pub(crate) docs: Vec<String>,
    pub(crate) help: Option<String>,
    pub(crate) is_async: bool,
    /// `#[rpc(blocking)]`: run through the context's blocking hook.
    pub(crate) blocking: bool,
    /// `#[rpc(variadic)]`: the last parameter carries all the remaining
    /// wire parameters, as a sequence.
    pub(crate) variadic: bool,
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
        /// A borrowed `&X` or `Option<&X>`: the server reads `X`'s owned
        /// form and lends it.
        borrowed: Option<Borrowed>,
    },
    /// `&Context`: the request context, not a wire parameter.
    Context,
}

/// How a parameter borrows what the server reads.
pub(crate) enum Borrowed {
    /// `&X`: lent as `&owned`.
    Ref(Type),
    /// `Option<&X>`: lent as `owned.as_ref().map(Borrow::borrow)`.
    OptionRef(Type),
}

pub(crate) enum Output {
    Unit,
    Plain(Type),
    Result {
        ok: Type,
        /// Where the error type is written (`E` of `Result<T, E>`, or the
        /// whole type for an alias such as `io::Result<T>`).
        err_span: Span,
    },
}

pub(crate) struct Nested {
    pub(crate) ident: Ident,
    pub(crate) wire: String,
    pub(crate) wire_span: Span,
    pub(crate) target: Target,
}

/// What a nested accessor returns.
pub(crate) enum Target {
    /// `&Other`, a type with an `#[rpc_service] impl`.
    Type(Type),
    /// `&impl Api`, an API declared with `#[rpc_service] trait Api`.
    Api(Path),
}

/// One function of the block or trait, whichever form it comes from.
pub(crate) struct FnItem<'a> {
    pub(crate) attrs: &'a [Attribute],
    pub(crate) sig: &'a Signature,
    /// Whether it is exposed without an attribute: `pub` in an `impl`
    /// block; every method of a trait.
    pub(crate) public: bool,
}

/// A parameter as the server binds it.
pub(crate) struct Param<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) optional: Option<&'a Type>,
}

impl Service {
    /// How the expansion calls method `ident` on `self` with `args`: as a
    /// method in an `impl` block, by the trait's path in a trait.
    pub(crate) fn invoke(&self, ident: &Ident, args: &[TokenStream]) -> TokenStream {
        match &self.form {
            Form::Impl { .. } => quote! { self.#ident(#(#args),*) },
            Form::Trait { .. } => {
                let name = &self.name;
                quote! { <Self as #name>::#ident(self #(, #args)*) }
            }
        }
    }

    /// Whether server code is generated.
    pub(crate) fn serves(&self) -> bool {
        !matches!(
            self.form,
            Form::Trait {
                client_only: true,
                ..
            }
        )
    }
}

impl Method {
    pub(crate) fn params(&self) -> impl Iterator<Item = Param<'_>> {
        self.args.iter().filter_map(|a| match a {
            Arg::Param {
                ident,
                ty,
                optional,
                ..
            } => Some(Param {
                ident,
                ty,
                optional: optional.as_ref(),
            }),
            Arg::Context => None,
        })
    }

    /// How many trailing parameters are `Option`s, and may be omitted.
    pub(crate) fn optional_tail(&self) -> usize {
        let params: Vec<_> = self.params().collect();
        params
            .iter()
            .rev()
            .take_while(|p| p.optional.is_some())
            .count()
    }
}

impl Target {
    /// The generated client and batch types of the nested API: from its
    /// `RpcService` impl for a type, beside the trait for an API (the
    /// names `{Api}Client` and `{Api}Batch`).
    pub(crate) fn generated(&self, suffix: &str) -> Option<Path> {
        match self {
            Self::Type(_) => None,
            Self::Api(path) => {
                let mut path = path.clone();
                let last = path.segments.last_mut()?;
                last.ident = format_ident!("{}{}", last.ident, suffix);
                last.arguments = PathArguments::None;
                Some(path)
            }
        }
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
