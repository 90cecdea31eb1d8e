//! Plain functions and closures as XML-RPC methods.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use xmlrpc_core::{BoxFuture, Context, Fault, MethodInfo, Value, from_value, xmlrpc_type_of};

use crate::reply::IntoReply;

/// A function registered under a name, with its help and signatures: what
/// Python's `register_function` records, plus the types.
///
/// Any `Fn` of up to eight parameters that deserialize from XML-RPC
/// values, returning an [`IntoReply`] type, sync or `async`, is a handler.
/// A first parameter of type [`Context`] receives the request's context.
/// Synchronous handlers run where blocking is allowed, so a slow one does
/// not hold up other requests.
///
/// ```
/// use xmlrpc_core::{Context, Fault};
/// use xmlrpc_server::Function;
///
/// fn add(a: i32, b: i32) -> i32 {
///     a + b
/// }
///
/// async fn whoami(ctx: Context) -> String {
///     ctx.peer_addr().map_or("nobody".into(), |a| a.to_string())
/// }
///
/// let add = Function::new("add", add).help("Adds two integers.");
/// assert_eq!(add.info().signatures, vec![vec!["int", "int", "int"]]);
/// let who = Function::new("whoami", whoami);
/// assert_eq!(who.info().help, "whoami() -> string");
/// let div = Function::new("div", |a: f64, b: f64| {
///     if b == 0.0 { Err(Fault::new(1001, "division by zero")) } else { Ok(a / b) }
/// });
/// assert_eq!(div.info().signatures, vec![vec!["double", "double", "double"]]);
/// ```
#[derive(Clone)]
pub struct Function {
    info: MethodInfo,
    explicit_signatures: bool,
    blocking: bool,
    handler: Arc<dyn Erased>,
}

impl Function {
    /// `handler` under the wire name `name`. Its help says its signature
    /// until [`help`](Self::help) sets a text.
    pub fn new<F: Handler<M>, M: 'static>(name: impl Into<String>, handler: F) -> Self {
        let name = name.into();
        let probed = F::signature();
        let help = help_from(&name, &probed);
        let signatures = xmlrpc_core::__private::signature(&probed);
        Self {
            info: MethodInfo::new(name, help, signatures),
            explicit_signatures: false,
            blocking: false,
            handler: Arc::new(Wrap(handler, PhantomData)),
        }
    }

    /// `handler` under the name of the function item, such as `twice`, as
    /// Python's `register_function(twice)` does.
    ///
    /// # Panics
    ///
    /// When `handler` is a closure, which has no name: use
    /// [`new`](Self::new).
    pub fn named<F: Handler<M>, M: 'static>(handler: F) -> Self {
        let path = std::any::type_name::<F>();
        let name = path.rsplit("::").next().unwrap_or(path);
        assert!(
            !name.contains(['{', '<', ' ']),
            "`{path}` has no name to register it under: give one with `Function::new(name, f)`"
        );
        Self::new(name.to_owned(), handler)
    }

    /// The help that `system.methodHelp` gives.
    #[must_use]
    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.info.help = text.into();
        self
    }

    /// Adds a signature, `[result, params…]` in XML-RPC type names, in
    /// place of the ones read from the Rust types. Repeat it for a function
    /// that takes several shapes.
    #[must_use]
    pub fn signature(mut self, types: &[&'static str]) -> Self {
        if !self.explicit_signatures {
            self.info.signatures.clear();
            self.explicit_signatures = true;
        }
        self.info.signatures.push(types.to_vec());
        self
    }

    /// Marks a synchronous function that blocks (file or database I/O, a
    /// long computation, `std::thread::sleep`): it then runs through the
    /// context's blocking hook (`block_in_place` in the server), so that
    /// other calls go on meanwhile, as in Python's threaded server.
    /// Without it, synchronous functions run in place, which is much
    /// cheaper for quick ones (see BENCHMARKS.md); async functions never
    /// need it.
    #[must_use]
    pub fn blocking(mut self) -> Self {
        self.blocking = true;
        self
    }

    /// The name, help and signatures.
    #[must_use]
    pub fn info(&self) -> &MethodInfo {
        &self.info
    }

    pub(crate) fn call<'a>(
        &'a self,
        params: Vec<Value>,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        if self.blocking {
            // A synchronous handler's future is ready at its first poll:
            // polling it inside the hook runs the whole call there.
            let handler = &self.handler;
            let name = &self.info.name;
            let result = ctx
                .run_blocking(|| futures_lite::future::block_on(handler.call(name, params, ctx)));
            Box::pin(std::future::ready(result))
        } else {
            self.handler.call(&self.info.name, params, ctx)
        }
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Function")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

fn help_from(name: &str, probed: &[Option<&'static str>]) -> String {
    let ty = |t: &Option<&'static str>| t.unwrap_or("any");
    let params: Vec<&str> = probed.iter().skip(1).map(ty).collect();
    let result = probed.first().map_or("any", ty);
    format!("{name}({}) -> {result}", params.join(", "))
}

/// A function that can serve an XML-RPC method; `M` tells the shapes apart
/// (sync or async, with or without a [`Context`], the parameter types).
/// See [`Function`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be registered as an XML-RPC function",
    note = "a handler is a `Fn` (sync or async) of up to 8 parameters that implement \
            `DeserializeOwned`, optionally preceded by a `Context`, returning an `IntoReply` type"
)]
pub trait Handler<M>: Send + Sync + 'static {
    /// Runs the function on the call's parameters.
    fn call<'a>(
        &'a self,
        name: &'a str,
        params: Vec<Value>,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>>;

    /// `[result, params…]` as XML-RPC type names (`None` for any type).
    fn signature() -> Vec<Option<&'static str>>;
}

/// Shapes of handlers, told apart by type so that one `Handler` trait
/// covers them all. Not meant to be named.
#[doc(hidden)]
pub mod shape {
    use std::marker::PhantomData;

    /// `fn(A, B…) -> R`.
    #[derive(Debug)]
    pub struct Sync<A>(PhantomData<A>);
    /// `async fn(A, B…) -> R`.
    #[derive(Debug)]
    pub struct Async<A>(PhantomData<A>);
    /// `fn(Context, A, B…) -> R`.
    #[derive(Debug)]
    pub struct SyncCtx<A>(PhantomData<A>);
    /// `async fn(Context, A, B…) -> R`.
    #[derive(Debug)]
    pub struct AsyncCtx<A>(PhantomData<A>);
}

/// The parameters of one call, taken one by one.
struct Params<'a> {
    name: &'a str,
    values: std::vec::IntoIter<Value>,
    index: usize,
    got: usize,
    total: usize,
}

impl<'a> Params<'a> {
    fn new(name: &'a str, values: Vec<Value>, total: usize) -> Result<Self, Fault> {
        let got = values.len();
        let params = Self {
            name,
            values: values.into_iter(),
            index: 0,
            got,
            total,
        };
        if got > total {
            return Err(params.arity());
        }
        Ok(params)
    }

    fn arity(&self) -> Fault {
        let plural = if self.total == 1 { "" } else { "s" };
        Fault::invalid_params(format!(
            "`{}` takes {} parameter{plural}, got {}",
            self.name, self.total, self.got
        ))
    }

    /// The next parameter; a missing one reads as nil, so that a trailing
    /// `Option` may be left out.
    fn next<T: DeserializeOwned>(&mut self) -> Result<T, Fault> {
        let index = self.index;
        self.index += 1;
        match self.values.next() {
            Some(value) => from_value(value).map_err(|e| {
                Fault::invalid_params(format!(
                    "invalid parameters for `{}`: {}",
                    self.name,
                    e.in_param(index)
                ))
            }),
            None => from_value(Value::Nil).map_err(|_| self.arity()),
        }
    }
}

macro_rules! count {
    () => { 0 };
    ($head:ident $($tail:ident)*) => { 1 + count!($($tail)*) };
}

macro_rules! handlers {
    ($($A:ident $a:ident),*) => {
        impl<F, R, $($A,)*> Handler<shape::Sync<($($A,)*)>> for F
        where
            F: Fn($($A),*) -> R + Send + Sync + 'static,
            R: IntoReply,
            $($A: DeserializeOwned + Send,)*
        {
            #[allow(unused_mut, unused_variables)] // for the empty parameter list
            fn call<'a>(
                &'a self,
                name: &'a str,
                params: Vec<Value>,
                ctx: &'a Context,
            ) -> BoxFuture<'a, Result<Value, Fault>> {
                Box::pin(async move {
                    let mut params = Params::new(name, params, count!($($A)*))?;
                    $(let $a: $A = params.next()?;)*
                    (self)($($a),*).into_reply()
                })
            }

            fn signature() -> Vec<Option<&'static str>> {
                vec![R::xmlrpc_type() $(, xmlrpc_type_of::<$A>())*]
            }
        }

        impl<F, Fut, R, $($A,)*> Handler<shape::Async<($($A,)*)>> for F
        where
            F: Fn($($A),*) -> Fut + Send + Sync + 'static,
            Fut: Future<Output = R> + Send + 'static,
            R: IntoReply,
            $($A: DeserializeOwned + Send,)*
        {
            #[allow(unused_mut, unused_variables)] // for the empty parameter list
            fn call<'a>(
                &'a self,
                name: &'a str,
                params: Vec<Value>,
                ctx: &'a Context,
            ) -> BoxFuture<'a, Result<Value, Fault>> {
                Box::pin(async move {
                    let mut params = Params::new(name, params, count!($($A)*))?;
                    $(let $a: $A = params.next()?;)*
                    (self)($($a),*).await.into_reply()
                })
            }

            fn signature() -> Vec<Option<&'static str>> {
                vec![R::xmlrpc_type() $(, xmlrpc_type_of::<$A>())*]
            }
        }

        impl<F, R, $($A,)*> Handler<shape::SyncCtx<($($A,)*)>> for F
        where
            F: Fn(Context, $($A),*) -> R + Send + Sync + 'static,
            R: IntoReply,
            $($A: DeserializeOwned + Send,)*
        {
            #[allow(unused_mut, unused_variables)] // for the empty parameter list
            fn call<'a>(
                &'a self,
                name: &'a str,
                params: Vec<Value>,
                ctx: &'a Context,
            ) -> BoxFuture<'a, Result<Value, Fault>> {
                Box::pin(async move {
                    let mut params = Params::new(name, params, count!($($A)*))?;
                    $(let $a: $A = params.next()?;)*
                    (self)(ctx.clone(), $($a),*).into_reply()
                })
            }

            fn signature() -> Vec<Option<&'static str>> {
                vec![R::xmlrpc_type() $(, xmlrpc_type_of::<$A>())*]
            }
        }

        impl<F, Fut, R, $($A,)*> Handler<shape::AsyncCtx<($($A,)*)>> for F
        where
            F: Fn(Context, $($A),*) -> Fut + Send + Sync + 'static,
            Fut: Future<Output = R> + Send + 'static,
            R: IntoReply,
            $($A: DeserializeOwned + Send,)*
        {
            #[allow(unused_mut, unused_variables)] // for the empty parameter list
            fn call<'a>(
                &'a self,
                name: &'a str,
                params: Vec<Value>,
                ctx: &'a Context,
            ) -> BoxFuture<'a, Result<Value, Fault>> {
                Box::pin(async move {
                    let mut params = Params::new(name, params, count!($($A)*))?;
                    $(let $a: $A = params.next()?;)*
                    (self)(ctx.clone(), $($a),*).await.into_reply()
                })
            }

            fn signature() -> Vec<Option<&'static str>> {
                vec![R::xmlrpc_type() $(, xmlrpc_type_of::<$A>())*]
            }
        }
    };
}

handlers!();
handlers!(A1 a1);
handlers!(A1 a1, A2 a2);
handlers!(A1 a1, A2 a2, A3 a3);
handlers!(A1 a1, A2 a2, A3 a3, A4 a4);
handlers!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5);
handlers!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6);
handlers!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7);
handlers!(A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8);

/// A handler with its shape forgotten.
trait Erased: Send + Sync {
    fn call<'a>(
        &'a self,
        name: &'a str,
        params: Vec<Value>,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>>;
}

struct Wrap<F, M>(F, PhantomData<fn() -> M>);

impl<F: Handler<M>, M: 'static> Erased for Wrap<F, M> {
    fn call<'a>(
        &'a self,
        name: &'a str,
        params: Vec<Value>,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        self.0.call(name, params, ctx)
    }
}
