//! Several calls in one request: `system.multicall` batches, their answers
//! in either of the shapes servers send, and typed results.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::{ConvertError, Fault, MethodCall, Struct, Value, from_value};

/// How the answer to a `system.multicall` is read.
///
/// The standard answer (Python, xmlrpc-c, Apache, ours) wraps each result
/// in a one-element array and gives each failure as a fault struct:
/// `[[8], {faultCode, faultString}, ["a"]]`. Supervisor answers with the
/// results themselves: `[8, {faultCode, faultString}, "a"]`, which
/// Python's `MultiCall` cannot read.
///
/// ```
/// use xmlrpc_core::{Fault, MulticallShape, Replies, Slot, Value};
///
/// // Supervisor's shape: `true` cannot be a wrapped result, so Auto reads
/// // the answer unwrapped.
/// let fault = Fault::new(10, "BAD_NAME").to_value();
/// let answer = Value::Array(vec![Value::Bool(true), fault, Value::from("x")]);
/// let replies: Replies<xmlrpc_core::CallError> =
///     Replies::from_answer(answer, 3, MulticallShape::Auto)?;
/// assert_eq!(replies.get(&Slot::<bool>::new(0))?, true);
/// assert_eq!(replies.get(&Slot::<bool>::new(1)).unwrap_err().fault().map(|f| f.code), Some(10));
/// # Ok::<(), xmlrpc_core::CallError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum MulticallShape {
    /// The standard shape when every entry fits it (a one-element array
    /// or a fault struct); otherwise unwrapped. The answer is ambiguous
    /// only when every result of an unwrapped answer is itself a
    /// one-element array; say [`Unwrapped`](Self::Unwrapped) for such a
    /// server.
    #[default]
    Auto,
    /// Only the standard shape; anything else is an error.
    Wrapped,
    /// Results as they are (Supervisor); a struct with `faultCode` and
    /// `faultString` is a fault.
    Unwrapped,
}

/// Where one call's result is in a batch's [`Replies`], and its type.
pub struct Slot<R> {
    index: usize,
    ty: PhantomData<fn() -> R>,
}

impl<R> Slot<R> {
    /// The slot of the call at `index` (from 0) in its batch.
    #[must_use]
    pub fn new(index: usize) -> Self {
        Self {
            index,
            ty: PhantomData,
        }
    }

    /// The position of the call in its batch.
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<R> fmt::Debug for Slot<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Slot").field(&self.index).finish()
    }
}

impl<R> Clone for Slot<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Slot<R> {}

/// The calls of one `system.multicall`, in order.
///
/// ```
/// use xmlrpc_core::{Batch, MethodCall, Value};
///
/// let mut batch = Batch::new();
/// let sum = batch.push::<i32>(MethodCall::new("add", vec![Value::Int(2), Value::Int(3)]));
/// assert_eq!(sum.index(), 0);
/// let call = batch.into_call()?;
/// assert_eq!(call.name, "system.multicall");
/// # Ok::<(), xmlrpc_core::ConvertError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Batch {
    calls: Vec<Value>,
    error: Option<ConvertError>,
}

impl Batch {
    /// An empty batch.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `call`; its result will be read as an `R`.
    pub fn push<R>(&mut self, call: MethodCall) -> Slot<R> {
        let mut entry = Struct::with_capacity(2);
        entry.insert("methodName", call.name);
        entry.insert("params", Value::Array(call.params));
        self.calls.push(Value::Struct(entry));
        Slot::new(self.calls.len() - 1)
    }

    /// Adds a call whose parameters may have failed to convert; the first
    /// such failure is what [`into_call`](Self::into_call) reports.
    #[doc(hidden)]
    pub fn push_converted<R>(&mut self, call: Result<MethodCall, ConvertError>) -> Slot<R> {
        match call {
            Ok(call) => self.push(call),
            Err(error) => {
                self.error.get_or_insert(error);
                self.calls.push(Value::Nil);
                Slot::new(self.calls.len() - 1)
            }
        }
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

    /// The `system.multicall` call that carries the batch.
    ///
    /// # Errors
    ///
    /// The first parameter that did not convert.
    pub fn into_call(self) -> Result<MethodCall, ConvertError> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(MethodCall::new(
                "system.multicall",
                vec![Value::Array(self.calls)],
            )),
        }
    }
}

/// The results of a multicall, one per call, in order; `E` is the error
/// type each result is read with.
pub struct Replies<E> {
    results: Vec<Result<Value, Fault>>,
    error: PhantomData<fn() -> E>,
}

impl<E> Replies<E> {
    /// Reads the answer to a multicall of `calls` calls.
    ///
    /// # Errors
    ///
    /// When the answer is not an array of one entry per call, each a
    /// result or a fault in `shape` (see [`MulticallShape`]).
    pub fn from_answer(
        answer: Value,
        calls: usize,
        shape: MulticallShape,
    ) -> Result<Self, ConvertError> {
        read_answer(answer, calls, shape)
            .map(Self::from_results)
            .map_err(|problem| {
                ConvertError::new(format_args!(
                    "the multicall answer does not fit the calls: {problem}"
                ))
            })
    }

    /// Replies made of results already read.
    #[must_use]
    pub fn from_results(results: Vec<Result<Value, Fault>>) -> Self {
        Self {
            results,
            error: PhantomData,
        }
    }

    /// The result of the call in `slot`, converted.
    ///
    /// # Errors
    ///
    /// The call's fault, or a conversion error when its result is not an
    /// `R` (or the slot is from another batch).
    pub fn get<R: DeserializeOwned>(&self, slot: &Slot<R>) -> Result<R, E>
    where
        E: From<Fault> + From<ConvertError>,
    {
        match self.results.get(slot.index) {
            Some(Ok(value)) => Ok(from_value(value.clone()).map_err(ConvertError::in_result)?),
            Some(Err(fault)) => Err(fault.clone().into()),
            None => Err(ConvertError::new(format_args!(
                "no result {} in a multicall of {} calls: the slot is from another batch",
                slot.index,
                self.results.len()
            ))
            .into()),
        }
    }

    /// How many results there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// Every result in order, as values or faults.
    #[must_use]
    pub fn into_results(self) -> Vec<Result<Value, Fault>> {
        self.results
    }
}

impl<E> fmt::Debug for Replies<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Replies")
            .field("results", &self.results)
            .finish()
    }
}

impl<E> Clone for Replies<E> {
    fn clone(&self) -> Self {
        Self::from_results(self.results.clone())
    }
}

impl<E> PartialEq for Replies<E> {
    fn eq(&self, other: &Self) -> bool {
        self.results == other.results
    }
}

/// What the closure given to a generated client's `batch` returns: one
/// [`Slot`], a tuple of them (up to 12), a `Vec` or an array of them. Each
/// becomes its call's own `Result`, in the same arrangement.
pub trait Slots<E> {
    /// The results, arranged as the slots were.
    type Out;

    /// Moves each slot's result out of `results`.
    #[doc(hidden)]
    fn pick(self, results: &mut Picked<E>) -> Self::Out;
}

/// The results of a batch while its slots take them out.
#[doc(hidden)]
pub struct Picked<E> {
    results: Vec<Option<Result<Value, Fault>>>,
    error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for Picked<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Picked")
            .field("results", &self.results)
            .finish()
    }
}

impl<E> Picked<E> {
    pub(crate) fn new(replies: Replies<E>) -> Self {
        Self {
            results: replies.results.into_iter().map(Some).collect(),
            error: PhantomData,
        }
    }
}

impl<E: From<Fault> + From<ConvertError>, R: DeserializeOwned> Slots<E> for Slot<R> {
    type Out = Result<R, E>;

    fn pick(self, results: &mut Picked<E>) -> Self::Out {
        match results.results.get_mut(self.index).and_then(Option::take) {
            Some(Ok(value)) => Ok(from_value(value).map_err(ConvertError::in_result)?),
            Some(Err(fault)) => Err(fault.into()),
            None => Err(ConvertError::new(format_args!(
                "no result {} left in a multicall of {} calls",
                self.index,
                results.results.len()
            ))
            .into()),
        }
    }
}

impl<E> Slots<E> for () {
    type Out = ();

    fn pick(self, _: &mut Picked<E>) -> Self::Out {}
}

impl<E, S: Slots<E>> Slots<E> for Vec<S> {
    type Out = Vec<S::Out>;

    fn pick(self, results: &mut Picked<E>) -> Self::Out {
        self.into_iter().map(|s| s.pick(results)).collect()
    }
}

impl<E, S: Slots<E>, const N: usize> Slots<E> for [S; N] {
    type Out = [S::Out; N];

    fn pick(self, results: &mut Picked<E>) -> Self::Out {
        self.map(|s| s.pick(results))
    }
}

macro_rules! tuple_slots {
    ($(($($s:ident),+)),*) => {$(
        impl<Err, $($s: Slots<Err>),+> Slots<Err> for ($($s,)+) {
            type Out = ($($s::Out,)+);

            #[allow(non_snake_case)]
            fn pick(self, results: &mut Picked<Err>) -> Self::Out {
                let ($($s,)+) = self;
                ($($s.pick(results),)+)
            }
        }
    )*};
}

tuple_slots!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F),
    (A, B, C, D, E, F, G),
    (A, B, C, D, E, F, G, H),
    (A, B, C, D, E, F, G, H, I),
    (A, B, C, D, E, F, G, H, I, J),
    (A, B, C, D, E, F, G, H, I, J, K),
    (A, B, C, D, E, F, G, H, I, J, K, L)
);

/// One entry per call, read in `shape`; the problem in words otherwise.
fn read_answer(
    answer: Value,
    calls: usize,
    shape: MulticallShape,
) -> Result<Vec<Result<Value, Fault>>, String> {
    let Value::Array(items) = answer else {
        return Err(format!("an answer of type {}", answer.type_name()));
    };
    if items.len() != calls {
        return Err(format!("{} results for {calls} calls", items.len()));
    }
    let wrapped = match shape {
        MulticallShape::Wrapped => true,
        MulticallShape::Unwrapped => false,
        MulticallShape::Auto => items.iter().all(fits_wrapped),
    };
    items
        .into_iter()
        .map(|item| {
            if let Some(fault) = as_fault(&item) {
                return Ok(Err(fault));
            }
            match item {
                Value::Array(mut one) if wrapped && one.len() == 1 => Ok(Ok(one.remove(0))),
                Value::Struct(_) if wrapped => Err("a struct that is not a fault".to_owned()),
                other if wrapped => Err(format!(
                    "an entry of type {} where a one-element array belongs",
                    other.type_name()
                )),
                other => Ok(Ok(other)),
            }
        })
        .collect()
}

fn fits_wrapped(item: &Value) -> bool {
    matches!(item, Value::Array(one) if one.len() == 1) || as_fault(item).is_some()
}

/// The fault an entry stands for: a struct with both fault members.
fn as_fault(item: &Value) -> Option<Fault> {
    let s = item.as_struct()?;
    if s.get("faultCode").is_none() || s.get("faultString").is_none() {
        return None;
    }
    Fault::from_value(item).ok()
}

/// Sends `batch` through `caller` and arranges the results as `slots` are.
pub(crate) fn send<'a, T, S>(caller: &'a T, batch: Batch, slots: S) -> T::Reply<'a, S::Out>
where
    T: crate::Caller + ?Sized,
    S: Slots<T::Error> + Send + 'a,
    S::Out: Send + 'a,
{
    let calls = batch.len();
    let shape = caller.multicall_shape();
    let call = batch.into_call().map_err(T::Error::from);
    caller.call_with(call, move |answer| {
        let replies = Replies::<T::Error>::from_answer(answer, calls, shape)?;
        Ok(slots.pick(&mut Picked::new(replies)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CallError;

    fn fault(code: i32) -> Value {
        Fault::new(code, "no").to_value()
    }

    fn read(
        answer: Vec<Value>,
        shape: MulticallShape,
    ) -> Result<Vec<Result<Value, Fault>>, String> {
        let calls = answer.len();
        read_answer(Value::Array(answer), calls, shape)
    }

    #[test]
    fn the_standard_shape_is_unwrapped_one_level() {
        let answer = vec![Value::Array(vec![Value::Int(8)]), fault(4)];
        let results = read(answer.clone(), MulticallShape::Auto).unwrap();
        assert_eq!(results, vec![Ok(Value::Int(8)), Err(Fault::new(4, "no"))]);
        assert_eq!(read(answer, MulticallShape::Wrapped).unwrap(), results);
    }

    #[test]
    fn auto_reads_supervisor_answers_as_they_are() {
        let list = Value::Array(vec![Value::Int(1), Value::Int(2)]);
        let answer = vec![Value::Bool(true), fault(10), list.clone()];
        let results = read(answer.clone(), MulticallShape::Auto).unwrap();
        assert_eq!(
            results,
            vec![Ok(Value::Bool(true)), Err(Fault::new(10, "no")), Ok(list)]
        );
        let strict = read(answer, MulticallShape::Wrapped).unwrap_err();
        assert!(strict.contains("one-element array"), "{strict}");
    }

    #[test]
    fn only_the_switch_reads_an_answer_of_one_element_arrays_unwrapped() {
        let one = Value::Array(vec![Value::from("a")]);
        let answer = vec![one.clone(), one.clone()];
        let auto = read(answer.clone(), MulticallShape::Auto).unwrap();
        assert_eq!(auto, vec![Ok(Value::from("a")), Ok(Value::from("a"))]);
        let unwrapped = read(answer, MulticallShape::Unwrapped).unwrap();
        assert_eq!(unwrapped, vec![Ok(one.clone()), Ok(one)]);
    }

    #[test]
    fn answers_that_do_not_fit_say_why() {
        let wrong = read_answer(Value::Int(1), 1, MulticallShape::Auto).unwrap_err();
        assert_eq!(wrong, "an answer of type int");
        let count = read_answer(Value::Array(vec![]), 2, MulticallShape::Auto).unwrap_err();
        assert_eq!(count, "0 results for 2 calls");
        let mut other = Struct::new();
        other.insert("x", 1);
        let bad = read(vec![Value::Struct(other)], MulticallShape::Wrapped).unwrap_err();
        assert_eq!(bad, "a struct that is not a fault");
    }

    #[test]
    fn slots_pick_their_own_results_once() {
        let replies = Replies::<CallError>::from_results(vec![
            Ok(Value::Int(8)),
            Err(Fault::new(3, "three")),
            Ok(Value::from("x")),
        ]);
        let mut picked = Picked::new(replies.clone());
        let (a, b, c) = (
            Slot::<i32>::new(0),
            Slot::<i32>::new(1),
            Slot::<i32>::new(2),
        );
        let (a, b, c) = (a, b, c).pick(&mut picked);
        assert_eq!(a.unwrap(), 8);
        assert_eq!(b.unwrap_err().fault(), Some(&Fault::new(3, "three")));
        let err = c.unwrap_err().to_string();
        assert_eq!(err, "result: expected int, found string");
        let again = Slot::<i32>::new(0).pick(&mut picked).unwrap_err();
        assert!(again.to_string().contains("no result 0 left"), "{again}");
        let elsewhere = replies.get(&Slot::<i32>::new(9)).unwrap_err();
        assert!(
            elsewhere.to_string().contains("another batch"),
            "{elsewhere}"
        );
    }

    #[test]
    fn a_parameter_that_did_not_convert_fails_the_batch() {
        let mut batch = Batch::new();
        let first = batch.push::<i32>(MethodCall::new("a", vec![]));
        let second = batch.push_converted::<i32>(Err(ConvertError::new("bad")));
        assert_eq!((first.index(), second.index()), (0, 1));
        assert_eq!(batch.into_call().unwrap_err().message(), "bad");
    }
}
