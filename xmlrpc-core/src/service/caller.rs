//! What generated clients call through: async transports, whose calls are
//! futures, and blocking ones, whose calls are plain results.

use super::{BoxFuture, Transport};
use crate::{ConvertError, Fault, MethodCall, MulticallShape, Value};

/// What a generated client sends its calls through, and how its methods
/// answer.
///
/// Every async [`Transport`] is a `Caller` whose replies are futures, so
/// `client.rabit(2).await?` works on the HTTP client and on
/// [`MemoryTransport`](crate::MemoryTransport). A blocking transport, such
/// as `xmlrpc_client::BlockingClient`, implements `Caller` with plain
/// results, so that the same generated client has plain methods there:
/// `client.rabit(2)?`.
///
/// ```
/// use xmlrpc_core::{rpc_service, Caller, ConvertError, Fault, MemoryTransport, MethodCall, Value};
///
/// # struct Animal;
/// # #[rpc_service]
/// # impl Animal {
/// #     pub fn rabit(&self, amount: i32) -> i32 { 4 * amount }
/// # }
/// /// Calls the service in place, blocking, for this example.
/// struct InPlace(MemoryTransport<Animal>);
///
/// impl Caller for InPlace {
///     type Error = xmlrpc_core::CallError;
///     type Reply<'a, R: Send + 'a> = Result<R, Self::Error>;
///
///     fn call_with<'a, R, F>(&'a self, call: Result<MethodCall, Self::Error>, finish: F) -> Self::Reply<'a, R>
///     where
///         R: Send + 'a,
///         F: FnOnce(Value) -> Result<R, Self::Error> + Send + 'a,
///     {
///         let value = futures_lite::future::block_on(xmlrpc_core::Transport::call(&self.0, call?))?;
///         finish(value)
///     }
/// }
///
/// let client = AnimalClient::new(InPlace(MemoryTransport::new(Animal)));
/// assert_eq!(client.rabit(2)?, 8); // no `.await`
/// # Ok::<(), xmlrpc_core::CallError>(())
/// ```
pub trait Caller: Send + Sync {
    /// What a call can fail with: the server's fault, a conversion error,
    /// or the transport's own failure.
    type Error: From<Fault> + From<ConvertError> + std::error::Error + Send + Sync + 'static;

    /// The answer of a call whose result is an `R`: a future of
    /// `Result<R, Self::Error>` for async transports, the result itself for
    /// blocking ones.
    type Reply<'a, R: Send + 'a>
    where
        Self: 'a;

    /// Sends `call` (or fails with the error it already is) and turns the
    /// result value into the reply with `finish`.
    fn call_with<'a, R, F>(
        &'a self,
        call: Result<MethodCall, Self::Error>,
        finish: F,
    ) -> Self::Reply<'a, R>
    where
        R: Send + 'a,
        F: FnOnce(Value) -> Result<R, Self::Error> + Send + 'a;

    /// How `system.multicall` answers are read (typed batches use it).
    /// [`MulticallShape::Auto`] unless the transport was set up otherwise.
    fn multicall_shape(&self) -> MulticallShape {
        MulticallShape::Auto
    }
}

impl<T: Transport + ?Sized> Caller for T {
    type Error = T::Error;
    type Reply<'a, R: Send + 'a>
        = BoxFuture<'a, Result<R, T::Error>>
    where
        Self: 'a;

    fn call_with<'a, R, F>(
        &'a self,
        call: Result<MethodCall, Self::Error>,
        finish: F,
    ) -> Self::Reply<'a, R>
    where
        R: Send + 'a,
        F: FnOnce(Value) -> Result<R, Self::Error> + Send + 'a,
    {
        Box::pin(async move {
            let value = Transport::call(self, call?).await?;
            finish(value)
        })
    }

    fn multicall_shape(&self) -> MulticallShape {
        Transport::multicall_shape(self)
    }
}
