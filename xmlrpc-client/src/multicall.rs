//! Several calls in one request, with `system.multicall`.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use xmlrpc_core::{Fault, MethodCall, Struct, Value, from_value};

use crate::{Client, Error, Params};

/// A batch of calls sent as one `system.multicall`, like Python's
/// `MultiCall`. Each call gives a [`Slot`] that picks its result out of
/// the [`Replies`].
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
#[derive(Debug)]
pub struct MultiCall {
    client: Client,
    calls: Vec<Value>,
}

/// Where one call's result is in the [`Replies`], and its type.
#[derive(Debug)]
pub struct Slot<T> {
    index: usize,
    ty: PhantomData<fn() -> T>,
}

/// The results of a multicall, one per call, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Replies {
    results: Vec<Result<Value, Fault>>,
}

impl MultiCall {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            calls: Vec::new(),
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
        let mut call = Struct::new();
        call.insert("methodName", method);
        call.insert("params", Value::Array(params.into_params()?));
        self.calls.push(Value::Struct(call));
        Ok(Slot {
            index: self.calls.len() - 1,
            ty: PhantomData,
        })
    }

    /// How many calls the batch holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether the batch is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// Sends the batch.
    ///
    /// # Errors
    ///
    /// When the multicall as a whole fails, or its answer does not hold one
    /// result or fault per call.
    pub async fn send(self) -> Result<Replies, Error> {
        let expected = self.calls.len();
        let call = MethodCall::new("system.multicall", vec![Value::Array(self.calls)]);
        let answer = self.client.send(&call).await?;
        Replies::from_answer(answer, expected)
    }
}

impl Replies {
    fn from_answer(answer: Value, expected: usize) -> Result<Self, Error> {
        let malformed = Error::BadMulticall;
        let Value::Array(items) = answer else {
            return Err(malformed(format!(
                "a multicall answer of type {}",
                answer.type_name()
            )));
        };
        if items.len() != expected {
            return Err(malformed(format!(
                "{} results for {expected} calls",
                items.len()
            )));
        }
        let results = items
            .into_iter()
            .map(|item| match item {
                Value::Array(mut one) if one.len() == 1 => Ok(Ok(one.remove(0))),
                Value::Struct(_) => Fault::from_value(&item)
                    .map(Err)
                    .map_err(|_| malformed("a struct that is not a fault".to_owned())),
                other => Err(malformed(format!("an entry of type {}", other.type_name()))),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { results })
    }

    /// The result of the call in `slot`, converted.
    ///
    /// # Errors
    ///
    /// [`Error::Fault`] when that call failed, [`Error::Convert`] when its
    /// result is not a `T`.
    pub fn get<T: DeserializeOwned>(&self, slot: &Slot<T>) -> Result<T, Error> {
        match self.results.get(slot.index) {
            Some(Ok(value)) => {
                Ok(from_value(value.clone()).map_err(xmlrpc_core::ConvertError::in_result)?)
            }
            Some(Err(fault)) => Err(Error::Fault(fault.clone())),
            None => Err(Error::Setup("a slot from another multicall".to_owned())),
        }
    }

    /// Every result in order, as values or faults.
    #[must_use]
    pub fn into_results(self) -> Vec<Result<Value, Fault>> {
        self.results
    }
}
