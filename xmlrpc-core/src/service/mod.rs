//! The traits that generated code and the server and client crates meet at.

mod caller;
mod context;
mod memory;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use caller::Caller;
pub use context::{BlockingHook, Context};
pub use memory::{CallError, MemoryTransport};

use crate::{ConvertError, Fault, MethodCall, MulticallShape, Value};

/// A boxed, sendable future: what [`Service::call`] returns, so that
/// services can be used as trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A set of methods callable by name: the server side of XML-RPC.
///
/// `#[rpc_service]` implements it for an `impl` block; a server registers
/// any `Service` and adapts it to HTTP. Names are relative to the service:
/// a server that mounts it under `greeting_maker.` strips that prefix first.
pub trait Service: Send + Sync + 'static {
    /// Runs one call. An unknown name is [`Fault::METHOD_NOT_FOUND`],
    /// parameters that do not fit are [`Fault::INVALID_PARAMS`].
    fn call<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>>;

    /// Every method with its help and signatures, for `system.listMethods`,
    /// `system.methodHelp` and `system.methodSignature`.
    fn methods(&self) -> Vec<MethodInfo>;

    /// Whether `name` is a method of this service.
    fn has_method(&self, name: &str) -> bool {
        self.methods().iter().any(|m| m.name == name)
    }
}

impl<S: Service + ?Sized> Service for Arc<S> {
    fn call<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        (**self).call(call, ctx)
    }
    fn methods(&self) -> Vec<MethodInfo> {
        (**self).methods()
    }
    fn has_method(&self, name: &str) -> bool {
        (**self).has_method(name)
    }
}

impl<S: Service + ?Sized> Service for Box<S> {
    fn call<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        (**self).call(call, ctx)
    }
    fn methods(&self) -> Vec<MethodInfo> {
        (**self).methods()
    }
    fn has_method(&self, name: &str) -> bool {
        (**self).has_method(name)
    }
}

/// A method as introspection shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodInfo {
    /// The wire name, such as `currentTime.getCurrentTime`.
    pub name: String,
    /// The help text (the doc comment, or the signature when there is none).
    pub help: String,
    /// Each signature is `[return type, parameter types…]` in XML-RPC type
    /// names (`int`, `string`, `struct`…); none means "undef": a parameter
    /// or result that takes any type.
    pub signatures: Vec<Vec<&'static str>>,
}

impl MethodInfo {
    /// A method's name, help and signatures.
    pub fn new(
        name: impl Into<String>,
        help: impl Into<String>,
        signatures: Vec<Vec<&'static str>>,
    ) -> Self {
        Self {
            name: name.into(),
            help: help.into(),
            signatures,
        }
    }

    /// The same method, with `prefix` (such as `"currentTime."`) in front
    /// of its name.
    #[must_use]
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.name.insert_str(0, prefix);
        self
    }
}

/// The routing that `#[rpc_service]` generates, without the dispatch hook.
/// A [`Next`] reaches it.
#[doc(hidden)]
pub trait Router: Send + Sync {
    fn route<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>>;
    fn routes(&self, name: &str) -> bool;
}

/// What a dispatch hook calls to go on with the generated routing, like
/// calling the method that Python's `_dispatch` looked up.
///
/// ```
/// use xmlrpc_core::{rpc_service, Fault, MethodCall, Next, Value};
///
/// struct Animal;
///
/// #[rpc_service]
/// impl Animal {
///     pub fn rabit(&self, amount: i32) -> i32 {
///         4 * amount
///     }
///
///     /// Sees every call first, as Python's `_dispatch` does.
///     #[rpc(dispatch)]
///     async fn dispatch(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault> {
///         if call.name == "legs" {
///             return Ok(Value::from("ask `rabit`")); // a name with no method
///         }
///         next.call(call).await
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Next<'a> {
    router: &'a dyn Router,
    ctx: &'a Context,
}

impl<'a> Next<'a> {
    #[doc(hidden)]
    pub fn new(router: &'a dyn Router, ctx: &'a Context) -> Self {
        Self { router, ctx }
    }

    /// Runs `call` through the generated routing: the method it names, or
    /// fault -32601 when there is none.
    ///
    /// # Errors
    ///
    /// The method's fault, or -32601 / -32602.
    pub async fn call(self, call: MethodCall) -> Result<Value, Fault> {
        self.router.route(call, self.ctx).await
    }

    /// Whether the routing has a method called `name`.
    #[must_use]
    pub fn has_method(&self, name: &str) -> bool {
        self.router.routes(name)
    }

    /// The request context.
    #[must_use]
    pub fn context(&self) -> &'a Context {
        self.ctx
    }
}

impl std::fmt::Debug for Next<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next")
            .field("ctx", self.ctx)
            .finish_non_exhaustive()
    }
}

/// A way to send calls: the client side of XML-RPC. The typed clients that
/// `#[rpc_service]` generates run on any `Transport`.
///
/// Its error type tells a fault (the server answered with one) from a
/// conversion error and from whatever the transport itself can fail with.
pub trait Transport: Send + Sync {
    /// What a call can fail with.
    type Error: From<Fault> + From<ConvertError> + std::error::Error + Send + Sync + 'static;

    /// Sends `call` and returns the result value, or the fault as an error.
    fn call(&self, call: MethodCall) -> impl Future<Output = Result<Value, Self::Error>> + Send;

    /// How `system.multicall` answers are read by typed batches sent
    /// through this transport: [`MulticallShape::Auto`] unless overridden.
    fn multicall_shape(&self) -> MulticallShape {
        MulticallShape::Auto
    }
}

impl<T: Transport + ?Sized> Transport for &T {
    type Error = T::Error;
    fn call(&self, call: MethodCall) -> impl Future<Output = Result<Value, Self::Error>> + Send {
        (**self).call(call)
    }
    fn multicall_shape(&self) -> MulticallShape {
        (**self).multicall_shape()
    }
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    type Error = T::Error;
    fn call(&self, call: MethodCall) -> impl Future<Output = Result<Value, Self::Error>> + Send {
        (**self).call(call)
    }
    fn multicall_shape(&self) -> MulticallShape {
        (**self).multicall_shape()
    }
}
