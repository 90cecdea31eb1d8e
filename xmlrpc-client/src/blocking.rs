//! The blocking client, for programs without an async runtime.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use xmlrpc_core::{Fault, Value};

use crate::{Client, ClientBuilder, Error, Params};

/// A blocking XML-RPC client: the async [`Client`] driven by a small
/// runtime of its own. Cheap to clone, `Send + Sync`; clones share the
/// connection pool and the runtime, so threads may call at once.
///
/// Do not call it from inside an async runtime (it would block a worker);
/// use [`Client`] there.
///
/// ```no_run
/// use xmlrpc_client::BlockingClient;
///
/// let client = BlockingClient::new("http://localhost:8000")?;
/// let sum: i32 = client.call("add", (2, 3))?;
/// # Ok::<(), xmlrpc_client::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct BlockingClient {
    client: Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl BlockingClient {
    /// A blocking client of the endpoint at `url`.
    ///
    /// # Errors
    ///
    /// As [`Client::new`], or when the runtime cannot start.
    pub fn new(url: &str) -> Result<Self, Error> {
        Self::from_client(Client::new(url)?)
    }

    /// A builder; finish it with [`ClientBuilder::build_blocking`].
    pub fn builder(url: &str) -> ClientBuilder {
        Client::builder(url)
    }

    pub(crate) fn from_client(client: Client) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("xmlrpc-client")
            .enable_all()
            .build()
            .map_err(|e| Error::Setup(format!("cannot start the client's runtime: {e}")))?;
        Ok(Self {
            client,
            runtime: Arc::new(runtime),
        })
    }

    /// The async client underneath.
    #[must_use]
    pub fn as_async(&self) -> &Client {
        &self.client
    }

    /// See [`Client::call`].
    ///
    /// # Errors
    ///
    /// The server's fault, or how the exchange failed.
    pub fn call<R: DeserializeOwned>(&self, method: &str, params: impl Params) -> Result<R, Error> {
        self.runtime.block_on(self.client.call(method, params))
    }

    /// See [`Client::call_value`].
    ///
    /// # Errors
    ///
    /// The server's fault, or how the exchange failed.
    pub fn call_value(&self, method: &str, params: Vec<Value>) -> Result<Value, Error> {
        self.runtime
            .block_on(self.client.call_value(method, params))
    }

    /// Sends `calls` (method, params) as one `system.multicall`; one result
    /// or fault per call, in order.
    ///
    /// # Errors
    ///
    /// When the multicall as a whole fails.
    pub fn multicall(
        &self,
        calls: impl IntoIterator<Item = (String, Vec<Value>)>,
    ) -> Result<Vec<Result<Value, Fault>>, Error> {
        let mut batch = self.client.multicall();
        for (method, params) in calls {
            batch.add::<Value>(&method, params)?;
        }
        Ok(self.runtime.block_on(batch.send())?.into_results())
    }
}
