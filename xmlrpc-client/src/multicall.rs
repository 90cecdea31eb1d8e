//! Several calls in one request, with `system.multicall`.

use serde::de::DeserializeOwned;
use xmlrpc_core::{Batch, MethodCall, Slot, Value};

use crate::{Client, Error, Params};

/// The results of a multicall, one per call, in order, each read with
/// this crate's [`Error`].
pub type Replies = xmlrpc_core::Replies<Error>;

/// A batch of calls sent as one `system.multicall`, like Python's
/// `MultiCall`. Each call gives a [`Slot`] that picks its result out of
/// the [`Replies`].
///
/// Answers are read in the shape the client was set up for
/// ([`ClientBuilder::multicall_shape`](crate::ClientBuilder::multicall_shape)):
/// by default the standard one, and Supervisor's unwrapped one whenever
/// the answer shows it.
///
/// ```no_run
/// # async fn run() -> Result<(), xmlrpc_client::Error> {
/// let client = xmlrpc_client::Client::new("http://localhost:8000")?;
/// let mut batch = client.multicall();
/// let sum = batch.add::<i32>("add", (2, 3))?;
/// let name = batch.add::<String>("examples.getStateName", (41,))?;
/// let replies = batch.send().await?;
/// assert_eq!(replies.get(&sum)?, 5);
/// let name: String = replies.get(&name)?;
/// # Ok(()) }
/// ```
///
/// Generated clients have a typed form of the same: `client.batch(|b|
/// (b.add(2, 3), b.get_state_name(41)))` gives each call's own `Result`.
#[derive(Debug)]
pub struct MultiCall {
    client: Client,
    batch: Batch,
}

impl MultiCall {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            batch: Batch::new(),
        }
    }

    /// Adds a call whose result will be read as `T`.
    ///
    /// # Errors
    ///
    /// When a parameter does not convert.
    pub fn add<T: DeserializeOwned>(
        &mut self,
        method: &str,
        params: impl Params,
    ) -> Result<Slot<T>, Error> {
        Ok(self
            .batch
            .push(MethodCall::new(method, params.into_params()?)))
    }

    /// Adds a call with its parameters as values.
    pub fn add_values(&mut self, method: &str, params: Vec<Value>) -> Slot<Value> {
        self.batch.push(MethodCall::new(method, params))
    }

    /// How many calls the batch holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.batch.len()
    }

    /// Whether the batch is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.batch.is_empty()
    }

    /// Sends the batch.
    ///
    /// # Errors
    ///
    /// When the multicall as a whole fails, or its answer does not hold one
    /// result or fault per call ([`Error::BadMulticall`]).
    pub async fn send(self) -> Result<Replies, Error> {
        let calls = self.batch.len();
        let call = self.batch.into_call()?;
        let answer = self.client.send(&call).await?;
        Replies::from_answer(answer, calls, self.client.inner.multicall_shape)
            .map_err(|e| Error::BadMulticall(e.message().to_owned()))
    }
}
