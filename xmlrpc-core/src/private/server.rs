//! The server side of expansions: parameters in, results and errors out.

use std::fmt::Display;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Fault, Value, from_value, to_value};

/// Checks the number of parameters: at least `required`, at most `total`
/// (`usize::MAX` for a variadic method).
///
/// # Errors
///
/// -32602 naming the method and its expected signature.
pub fn check_arity(
    method: &str,
    signature: &str,
    got: usize,
    required: usize,
    total: usize,
) -> Result<(), Fault> {
    if (required..=total).contains(&got) {
        return Ok(());
    }
    let expected = if total == usize::MAX {
        format!("at least {required}")
    } else if required == total {
        format!("{total}")
    } else {
        format!("{required} to {total}")
    };
    let plural = if required == 1 && (total == 1 || total == usize::MAX) {
        ""
    } else {
        "s"
    };
    Err(Fault::invalid_params(format!(
        "`{method}{signature}` takes {expected} parameter{plural}, got {got}"
    )))
}

/// A type a server reads a parameter into.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a parameter of an XML-RPC method: it does not implement `serde::Deserialize`",
    label = "servers read this parameter with serde",
    note = "derive `serde::Deserialize` for it, or take an `xmlrpc_core::Value`"
)]
pub trait Param: Sized {
    /// Converts the next parameter (or `Nil` for an omitted trailing
    /// optional one).
    ///
    /// # Errors
    ///
    /// -32602 naming the method, its signature, and where the value went
    /// wrong.
    fn param(
        params: &mut std::vec::IntoIter<Value>,
        index: usize,
        method: &str,
        signature: &str,
    ) -> Result<Self, Fault>;

    /// Converts all the remaining parameters, as one array (the last
    /// parameter of a variadic method).
    ///
    /// # Errors
    ///
    /// As for [`param`](Self::param).
    fn rest(
        params: &mut std::vec::IntoIter<Value>,
        index: usize,
        method: &str,
        signature: &str,
    ) -> Result<Self, Fault>;
}

impl<T: DeserializeOwned> Param for T {
    fn param(
        params: &mut std::vec::IntoIter<Value>,
        index: usize,
        method: &str,
        signature: &str,
    ) -> Result<Self, Fault> {
        convert(
            params.next().unwrap_or(Value::Nil),
            index,
            method,
            signature,
        )
    }

    fn rest(
        params: &mut std::vec::IntoIter<Value>,
        index: usize,
        method: &str,
        signature: &str,
    ) -> Result<Self, Fault> {
        convert(Value::Array(params.collect()), index, method, signature)
    }
}

fn convert<T: DeserializeOwned>(
    value: Value,
    index: usize,
    method: &str,
    signature: &str,
) -> Result<T, Fault> {
    from_value(value).map_err(|e| {
        Fault::invalid_params(format!(
            "invalid parameters for `{method}{signature}`: {}",
            e.in_param(index)
        ))
    })
}

/// Converts a method's result into a value.
///
/// # Errors
///
/// -32603 when the result does not convert (a map with non-string keys).
pub fn ret<T: Serialize + ?Sized>(value: &T) -> Result<Value, Fault> {
    to_value(value).map_err(|e| {
        Fault::internal(format!(
            "the result could not be converted: {}",
            e.in_result()
        ))
    })
}

/// A type a method may return.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the result of an XML-RPC method: it does not implement `serde::Serialize`",
    label = "servers send this result with serde",
    note = "derive `serde::Serialize` for it, or return an `xmlrpc_core::Value`; an API that is only called, never served, can say `#[rpc_service(client_only)]`"
)]
pub trait ServerResult: Serialize {}

impl<T: Serialize + ?Sized> ServerResult for T {}

/// Wraps a method's error for [`IntoFault`] / [`DisplayFault`] selection:
/// `ErrorProbe(e).into_fault()` finds `IntoFault` by value when `E:
/// Into<Fault>`, and only otherwise `DisplayFault` through `&mut`.
#[derive(Debug)]
pub struct ErrorProbe<E>(pub E);

/// Errors that convert into a [`Fault`] become that fault.
pub trait IntoFault {
    /// The fault.
    fn into_fault(self) -> Fault;
}

impl<E: Into<Fault>> IntoFault for ErrorProbe<E> {
    fn into_fault(self) -> Fault {
        self.0.into()
    }
}

/// An error type a method may fail with.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot become an XML-RPC fault",
    label = "the error type of this method",
    note = "implement `From<{Self}> for xmlrpc_core::Fault` to choose the fault code and string, or `std::fmt::Display` for fault -32603 with the message"
)]
pub trait FaultMessage: Display {}

impl<T: Display + ?Sized> FaultMessage for T {}

/// Other errors that can be displayed become -32603 with their message
/// (`anyhow::Error`, `std::io::Error`, `Box<dyn Error>`…). The bound sits
/// on the method, so that an error type that is neither is reported as
/// exactly that.
pub trait DisplayFault<E> {
    /// The fault.
    fn into_fault(self) -> Fault
    where
        E: FaultMessage;
}

impl<E> DisplayFault<E> for &mut ErrorProbe<E> {
    fn into_fault(self) -> Fault
    where
        E: FaultMessage,
    {
        Fault::internal(self.0.to_string())
    }
}

/// Wraps a method's result for [`ReturnValue`] / [`ReturnSerialized`]
/// selection: `Returned(r).into_value()` finds `ReturnValue` by value when
/// the result is a [`Value`], which then moves as it is, and otherwise
/// `ReturnSerialized` through `&mut`, which converts through serde.
#[derive(Debug)]
pub struct Returned<T>(pub T);

/// A result that is already a [`Value`].
pub trait ReturnValue {
    /// The value.
    ///
    /// # Errors
    ///
    /// Never; the signature matches [`ReturnSerialized`].
    fn into_value(self) -> Result<Value, Fault>;
}

impl ReturnValue for Returned<Value> {
    fn into_value(self) -> Result<Value, Fault> {
        Ok(self.0)
    }
}

/// Any other result, converted by [`ret`]. The bound sits on the method,
/// so that a result type without `Serialize` is reported as exactly that.
pub trait ReturnSerialized<T> {
    /// The converted value.
    ///
    /// # Errors
    ///
    /// As for [`ret`].
    fn into_value(self) -> Result<Value, Fault>
    where
        T: ServerResult;
}

impl<T> ReturnSerialized<T> for &mut Returned<T> {
    fn into_value(self) -> Result<Value, Fault>
    where
        T: ServerResult,
    {
        ret(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_result_moves_and_others_convert() {
        let items = vec![Value::Int(1)];
        let buffer = items.as_ptr();
        let moved = Returned(Value::Array(items)).into_value().unwrap();
        assert!(std::ptr::eq(moved.as_array().unwrap().as_ptr(), buffer));
        let converted = Returned(vec![1_i32]).into_value().unwrap();
        assert_eq!(converted, Value::Array(vec![Value::Int(1)]));
        let map = std::collections::HashMap::from([(1_i32, 2_i32)]);
        let err = Returned(map).into_value().unwrap_err();
        assert_eq!(err.code, Fault::INTERNAL_ERROR);
    }

    #[test]
    fn errors_become_faults_by_conversion_or_message() {
        let f = ErrorProbe(Fault::new(7, "seven")).into_fault();
        assert_eq!(f, Fault::new(7, "seven"));
        let io = std::io::Error::other("disk on fire");
        let f = ErrorProbe(io).into_fault();
        assert_eq!(f, Fault::new(Fault::INTERNAL_ERROR, "disk on fire"));
    }

    #[test]
    fn arity_messages_name_the_signature() {
        let err = check_arity("add", "(a: int, b: int)", 3, 2, 2).unwrap_err();
        assert_eq!(err.code, Fault::INVALID_PARAMS);
        assert_eq!(
            err.string,
            "`add(a: int, b: int)` takes 2 parameters, got 3"
        );
        assert!(check_arity("ls", "(directory: string?)", 0, 0, 1).is_ok());
        let err = check_arity("pow", "(params: array...)", 0, 1, usize::MAX).unwrap_err();
        assert_eq!(
            err.string,
            "`pow(params: array...)` takes at least 1 parameter, got 0"
        );
        let mut params = vec![Value::from("x")].into_iter();
        let err = i32::param(&mut params, 0, "f", "(n: int)").unwrap_err();
        assert_eq!(
            err.string,
            "invalid parameters for `f(n: int)`: params[0]: expected int, found string"
        );
    }

    #[test]
    fn the_rest_of_the_parameters_is_one_array() {
        let mut params = vec![Value::Int(1), Value::Int(2), Value::Int(3)].into_iter();
        let first = i32::param(&mut params, 0, "f", "()").unwrap();
        let rest = Vec::<i32>::rest(&mut params, 1, "f", "()").unwrap();
        assert_eq!((first, rest), (1, vec![2, 3]));
        let mut none = Vec::new().into_iter();
        assert!(
            Vec::<Value>::rest(&mut none, 0, "f", "()")
                .unwrap()
                .is_empty()
        );
    }
}
