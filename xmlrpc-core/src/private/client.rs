//! The client side of expansions: parameters out, results in, batches.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::multicall::{Batch, Slots};
use crate::{Caller, ConvertError, MethodCall, Value, from_value, to_value};

/// A type a client sends as a parameter.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as an XML-RPC parameter: it does not implement `serde::Serialize`",
    label = "clients send this parameter with serde",
    note = "derive `serde::Serialize` for it, or take an `xmlrpc_core::Value`"
)]
pub trait Arg {
    /// The parameter as a value.
    ///
    /// # Errors
    ///
    /// The conversion error, located at the parameter.
    fn arg(&self, index: usize) -> Result<Value, ConvertError>;
}

impl<T: Serialize + ?Sized> Arg for T {
    fn arg(&self, index: usize) -> Result<Value, ConvertError> {
        to_value(self).map_err(|e| e.in_param(index))
    }
}

/// The wire parameters of a call: each converted one, minus the trailing
/// `Nil`s that stand for omitted optional parameters (so that `ls(None)`
/// is sent as `ls()`, as Python sends a defaulted argument), plus the
/// elements of a variadic last parameter.
///
/// # Errors
///
/// The first parameter that did not convert.
pub fn params<const N: usize>(
    args: [Result<Value, ConvertError>; N],
    optional_tail: usize,
    rest: Option<Result<Vec<Value>, ConvertError>>,
) -> Result<Vec<Value>, ConvertError> {
    let mut params = args.into_iter().collect::<Result<Vec<_>, _>>()?;
    if let Some(rest) = rest {
        params.extend(rest?);
    } else {
        for _ in 0..optional_tail {
            if matches!(params.last(), Some(Value::Nil)) {
                params.pop();
            } else {
                break;
            }
        }
    }
    Ok(params)
}

/// The elements of a variadic last parameter, which must convert to an
/// array.
///
/// # Errors
///
/// When it does not convert, or is not a sequence.
pub fn spread<T: Arg + ?Sized>(value: &T, index: usize) -> Result<Vec<Value>, ConvertError> {
    match value.arg(index)? {
        Value::Array(items) => Ok(items),
        other => Err(ConvertError::new(format_args!(
            "a variadic parameter is a sequence of values, found {}",
            other.type_name()
        ))
        .in_param(index)),
    }
}

/// The call named `name`, or the parameter that did not convert.
///
/// # Errors
///
/// The error of `params`.
pub fn prepare(
    name: String,
    params: Result<Vec<Value>, ConvertError>,
) -> Result<MethodCall, ConvertError> {
    params.map(|params| MethodCall::new(name, params))
}

/// A type a client reads a result into.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the result of an XML-RPC call: it does not implement `serde::Deserialize`",
    label = "clients read this result with serde",
    note = "derive `serde::Deserialize` for it, or return an `xmlrpc_core::Value`"
)]
pub trait Answer: Sized {
    /// Converts a call's result.
    ///
    /// # Errors
    ///
    /// The conversion error, located at the result.
    fn answer(value: Value) -> Result<Self, ConvertError>;

    /// Sends `call` through `caller` and reads its result as `Self`.
    fn call<'a, T: Caller + ?Sized>(
        caller: &'a T,
        call: Result<MethodCall, ConvertError>,
    ) -> T::Reply<'a, Self>
    where
        Self: Send + 'a,
    {
        caller.call_with(call.map_err(T::Error::from), |value| {
            Ok(Self::answer(value)?)
        })
    }
}

impl<T: DeserializeOwned> Answer for T {
    fn answer(value: Value) -> Result<Self, ConvertError> {
        from_value(value).map_err(ConvertError::in_result)
    }
}

/// Sends `batch` through `caller`, the results arranged as `slots` are.
pub fn send_batch<'a, T, S>(caller: &'a T, batch: Batch, slots: S) -> T::Reply<'a, S::Out>
where
    T: Caller + ?Sized,
    S: Slots<T::Error> + Send + 'a,
    S::Out: Send + 'a,
{
    crate::multicall::send(caller, batch, slots)
}
