//! Type names for `system.methodSignature`, probed from Rust types.

use std::marker::PhantomData;

use crate::{Binary, DateTime, Struct, Value};

/// Type-name probe for signatures: `(&&&Probe::<T>::new()).xmlrpc_type()`
/// gives the XML-RPC type name of a known `T` through [`KnownType`], of any
/// other `Deserialize` type through [`ReadType`] (what it reads, by
/// [`xmlrpc_type_of`](crate::xmlrpc_type_of)), and `"struct"` for the rest
/// through [`OtherType`]. Each level is one dereference further, so the
/// first that applies is chosen.
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

/// A type that reads through serde: what it asks to read.
pub trait ReadType {
    /// The name, or `None` for a type that reads several kinds.
    fn xmlrpc_type(&self) -> Option<&'static str>;
}

impl<T: serde::de::DeserializeOwned> ReadType for &Probe<T> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        crate::xmlrpc_type_of::<T>()
    }
}

/// Any other type (a result that is only `Serialize`): a struct.
pub trait OtherType {
    /// `struct`.
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("struct")
    }
}

impl<T: ?Sized> OtherType for Probe<T> {}

macro_rules! known {
    ($name:literal: $($t:ty),*) => {$(
        impl KnownType for &&Probe<$t> {
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

impl KnownType for &&Probe<Value> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        None
    }
}

impl<T> KnownType for &&Probe<Vec<T>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T> KnownType for &&Probe<[T]> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T, const N: usize> KnownType for &&Probe<[T; N]> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T> KnownType for &&Probe<std::collections::VecDeque<T>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T> KnownType for &&Probe<std::collections::BTreeSet<T>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

impl<T, S> KnownType for &&Probe<std::collections::HashSet<T, S>> {
    fn xmlrpc_type(&self) -> Option<&'static str> {
        Some("array")
    }
}

macro_rules! tuples {
    ($(($($t:ident),+)),*) => {$(
        impl<$($t),+> KnownType for &&Probe<($($t,)+)> {
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
        #[derive(serde::Deserialize)]
        #[allow(dead_code)] // read only through serde
        enum Color {
            Red,
            Blue,
        }
        assert_eq!((&&&Probe::<Color>::new()).xmlrpc_type(), Some("string"));
        assert_eq!((&&&Probe::<i32>::new()).xmlrpc_type(), Some("int"));
        assert_eq!((&&&Probe::<Vec<Mine>>::new()).xmlrpc_type(), Some("array"));
        assert_eq!(
            (&&&Probe::<(i32, String)>::new()).xmlrpc_type(),
            Some("array")
        );
        assert_eq!((&&&Probe::<Binary>::new()).xmlrpc_type(), Some("base64"));
        assert_eq!((&&&Probe::<Value>::new()).xmlrpc_type(), None);
        assert_eq!((&&&Probe::<Mine>::new()).xmlrpc_type(), Some("struct"));
        assert_eq!(
            signature(&[Some("int"), Some("int")]),
            vec![vec!["int", "int"]]
        );
        assert!(signature(&[Some("int"), None]).is_empty());
    }
}
