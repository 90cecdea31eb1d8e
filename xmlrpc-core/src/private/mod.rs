//! What `#[rpc_service]` expansions use. Not a public API: expansions name
//! these as `::xmlrpc_core::__private::…` and nothing else, and the items
//! may change in any release.

use std::fmt::Display;
use std::marker::PhantomData;

pub use crate::service::{BoxFuture, Router, Service, Transport};
pub use crate::{
    Binary, Context, ConvertError, DateTime, Fault, MethodCall, MethodInfo, Next, Struct, Value,
    from_value, to_value,
};
pub use serde::Serialize;
pub use serde::de::DeserializeOwned;
pub use std::borrow::Cow;
pub use std::boxed::Box;
pub use std::format;
pub use std::option::Option;
pub use std::result::Result;
pub use std::string::String;
pub use std::vec::Vec;

/// Every `#[rpc_service]` type knows its generated client, so that a
/// parent's client can hand out the client of a nested service.
pub trait HasClient {
    /// The generated client over transport `T`.
    type Client<T: Transport>;

    /// The client of this service nested under `outer` (`"currentTime."`).
    fn nested_client<T: Transport>(transport: T, outer: &str) -> Self::Client<T>;
}

/// Checks the number of parameters: at least `required`, at most `total`.
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
    let expected = if required == total {
        format!("{total}")
    } else {
        format!("{required} to {total}")
    };
    let plural = if required == 1 && total == 1 { "" } else { "s" };
    Err(Fault::invalid_params(format!(
        "`{method}{signature}` takes {expected} parameter{plural}, got {got}"
    )))
}

/// Converts the next parameter (or `Nil` for an omitted trailing optional
/// one) into `T`.
///
/// # Errors
///
/// -32602 naming the method, its signature, and where the value went wrong.
pub fn param<T: DeserializeOwned>(
    params: &mut std::vec::IntoIter<Value>,
    index: usize,
    method: &str,
    signature: &str,
) -> Result<T, Fault> {
    let value = params.next().unwrap_or(Value::Nil);
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

/// Converts a client parameter into a value.
///
/// # Errors
///
/// The conversion error, located at the parameter.
pub fn arg<T: Serialize + ?Sized>(value: &T, index: usize) -> Result<Value, ConvertError> {
    to_value(value).map_err(|e| e.in_param(index))
}

/// Converts a call's result into the client's type.
///
/// # Errors
///
/// The conversion error, located at the result.
pub fn result<T: DeserializeOwned>(value: Value) -> Result<T, ConvertError> {
    from_value(value).map_err(ConvertError::in_result)
}

/// Drops trailing `Nil`s that stand for omitted optional parameters, so that
/// `ls(None)` is sent as `ls()`, as Python sends a defaulted argument.
pub fn trim_optional(params: &mut Vec<Value>, optional_tail: usize) {
    for _ in 0..optional_tail {
        if matches!(params.last(), Some(Value::Nil)) {
            params.pop();
        } else {
            break;
        }
    }
}

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

/// Other errors that can be displayed become -32603 with their message
/// (`anyhow::Error`, `std::io::Error`, `Box<dyn Error>`…).
pub trait DisplayFault {
    /// The fault.
    fn into_fault(self) -> Fault;
}

impl<E: Display> DisplayFault for &mut ErrorProbe<E> {
    fn into_fault(self) -> Fault {
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
        T: Serialize;
}

impl<T> ReturnSerialized<T> for &mut Returned<T> {
    fn into_value(self) -> Result<Value, Fault>
    where
        T: Serialize,
    {
        ret(&self.0)
    }
}

/// Type-name probe for signatures: `(&Probe::<T>::new()).xmlrpc_type()`
/// gives the XML-RPC type name of a known `T` through [`KnownType`], and
/// `"struct"` for any other type through [`OtherType`].
#[derive(Debug)]
pub struct Probe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> Probe<T> {
    /// A probe.
    #[must_use]
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Types with a known XML-RPC type name.
pub trait KnownType {
    /// The name, or `None` for "any type" (a signature becomes "undef").
    fn xmlrpc_type(&self) -> Option<&'static str>;
}

/// Any other type: serde types are structs unless known otherwise.
pub trait OtherType {
    /// `struct`.
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("struct")
    }
}

impl<T: ?Sized> OtherType for &Probe<T> {}

macro_rules! known {
    ($name:literal: $($t:ty),*) => {$(
        impl KnownType for Probe<$t> {
            fn xmlrpc_type(&self) -> Option<&'static str> {
                Some($name)
            }
        }
    )*};
}

known!("int": i8, i16, i32, u8, u16);
known!("i8": i64, u32, u64, i128, u128, isize, usize);
known!("boolean": bool);
known!("string": String, str, char, std::borrow::Cow<'_, str>);
known!("double": f32, f64);
known!("dateTime.iso8601": DateTime);
known!("base64": Binary);
known!("nil": ());
known!("struct": Struct);

impl KnownType for Probe<Value> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        None
    }
}

impl<T> KnownType for Probe<Vec<T>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T> KnownType for Probe<[T]> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T, const N: usize> KnownType for Probe<[T; N]> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T> KnownType for Probe<std::collections::VecDeque<T>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T> KnownType for Probe<std::collections::BTreeSet<T>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T, S> KnownType for Probe<std::collections::HashSet<T, S>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

macro_rules! tuples {
    ($(($($t:ident),+)),*) => {$(
        impl<$($t),+> KnownType for Probe<($($t,)+)> {
            fn xmlrpc_type(&self) -> Option<&'static str> {
                Some("array")
            }
        }
    )*};
}

tuples!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

/// Signatures given by `#[rpc(signature = "…")]`.
#[must_use]
pub fn signatures(list: &[&[&'static str]]) -> Vec<Vec<&'static str>> {
    list.iter().map(|s| s.to_vec()).collect()
}

/// Builds a signature from probed type names: `None` when any is unknown.
#[must_use]
pub fn signature(types: &[Option<&'static str>]) -> Vec<Vec<&'static str>> {
    types
        .iter()
        .copied()
        .collect::<Option<Vec<_>>>()
        .map_or_else(Vec::new, |s| vec![s])
}

#[cfg(test)]
mod tests {
    use super::*;

    // The explicit borrow is the probe's mechanism, not noise.
    #[allow(clippy::needless_borrow)]
    #[test]
    fn probes_name_known_types_and_call_the_rest_structs() {
        #[derive(serde::Serialize)]
        struct Mine;
        assert_eq!((&Probe::<i32>::new()).xmlrpc_type(), Some("int"));
        assert_eq!((&Probe::<Vec<Mine>>::new()).xmlrpc_type(), Some("array"));
        assert_eq!(
            (&Probe::<(i32, String)>::new()).xmlrpc_type(),
            Some("array")
        );
        assert_eq!((&Probe::<Binary>::new()).xmlrpc_type(), Some("base64"));
        assert_eq!((&Probe::<Value>::new()).xmlrpc_type(), None);
        assert_eq!((&Probe::<Mine>::new()).xmlrpc_type(), Some("struct"));
        assert_eq!(
            signature(&[Some("int"), Some("int")]),
            vec![vec!["int", "int"]]
        );
        assert!(signature(&[Some("int"), None]).is_empty());
    }

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
        let mut params = vec![Value::from("x")].into_iter();
        let err = param::<i32>(&mut params, 0, "f", "(n: int)").unwrap_err();
        assert_eq!(
            err.string,
            "invalid parameters for `f(n: int)`: params[0]: expected int, found string"
        );
    }
}
