//! A transport that calls a service in the same process.

use std::sync::Arc;

use super::{Context, Service, Transport};
use crate::{ConvertError, Error, Fault, MethodCall, MethodResponse, Value};

/// Calls a [`Service`] in the same process, with no network.
///
/// Each call and each answer is written as an XML document and read back,
/// exactly as on the wire, so a typed client and a service can be tested
/// together without HTTP and still meet every marshalling rule.
///
/// ```
/// use xmlrpc_core::{rpc_service, MemoryTransport};
///
/// struct Calculator;
///
/// #[rpc_service]
/// impl Calculator {
///     /// Adds two numbers.
///     pub fn add(&self, a: i32, b: i32) -> i32 {
///         a + b
///     }
/// }
///
/// # futures_lite::future::block_on(async {
/// let client = CalculatorClient::new(MemoryTransport::new(Calculator));
/// assert_eq!(client.add(2, 3).await?, 5);
/// # Ok::<(), xmlrpc_core::CallError>(())
/// # }).unwrap();
/// ```
#[derive(Debug)]
pub struct MemoryTransport<S: ?Sized> {
    ctx: Context,
    service: Arc<S>,
}

impl<S: Service> MemoryTransport<S> {
    /// A transport to `service`, with an empty [`Context`].
    pub fn new(service: S) -> Self {
        Self::from_arc(Arc::new(service))
    }
}

impl<S: Service + ?Sized> MemoryTransport<S> {
    /// A transport to a shared service.
    pub fn from_arc(service: Arc<S>) -> Self {
        Self {
            ctx: Context::new(),
            service,
        }
    }

    /// The same transport, passing `ctx` with every call.
    #[must_use]
    pub fn with_context(mut self, ctx: Context) -> Self {
        self.ctx = ctx;
        self
    }

    /// The service.
    pub fn service(&self) -> &Arc<S> {
        &self.service
    }
}

impl<S: ?Sized> Clone for MemoryTransport<S> {
    fn clone(&self) -> Self {
        Self {
            ctx: self.ctx.clone(),
            service: Arc::clone(&self.service),
        }
    }
}

impl<S: Service + ?Sized> Transport for MemoryTransport<S> {
    type Error = CallError;

    async fn call(&self, call: MethodCall) -> Result<Value, CallError> {
        let request = call.to_xml()?;
        let call = MethodCall::from_xml(request.as_bytes())?;
        let response = MethodResponse::from(self.service.call(call, &self.ctx).await).to_xml()?;
        Ok(MethodResponse::from_xml(response.as_bytes())?.into_result()?)
    }
}

/// Why a call through [`MemoryTransport`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// The service answered with a fault.
    #[error(transparent)]
    Fault(#[from] Fault),
    /// A value did not convert to or from the Rust type.
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// A document could not be written or read.
    #[error(transparent)]
    Marshal(#[from] Error),
}

impl CallError {
    /// The fault, when the service answered with one.
    #[must_use]
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Self::Fault(f) => Some(f),
            _ => None,
        }
    }
}
