//! The XML-RPC value model.

use crate::{Binary, DateTime, Struct};

/// Any XML-RPC value.
///
/// Every type of the XML-RPC specification and its common extensions has a
/// variant. Integers compare by numeric value, so `Value::Int(5) ==
/// Value::I8(5)`: the writer emits `<int>` whenever a number fits in 32 bits,
/// and a round trip must not make two equal numbers unequal. Struct equality
/// ignores member order.
///
/// ```
/// use xmlrpc_core::{Struct, Value};
///
/// let v = Value::from(vec![Value::from(1), Value::from("two")]);
/// assert_eq!(v.as_array().map(<[Value]>::len), Some(2));
/// assert_eq!(Value::Int(5), Value::I8(5));
///
/// let a: Struct = [("x", 1), ("y", 2)].into_iter().collect();
/// let b: Struct = [("y", 2), ("x", 1)].into_iter().collect();
/// assert_eq!(Value::from(a), Value::from(b));
/// ```
#[derive(Debug, Clone)]
pub enum Value {
    /// `<int>` or `<i4>` (also `<i1>`, `<i2>`): a 32-bit signed integer.
    Int(i32),
    /// `<i8>`: a 64-bit signed integer (Apache extension).
    I8(i64),
    /// `<boolean>`: `0` or `1`.
    Bool(bool),
    /// `<string>`, or text directly inside `<value>`.
    String(String),
    /// `<double>`: a finite 64-bit float.
    Double(f64),
    /// `<dateTime.iso8601>`.
    DateTime(DateTime),
    /// `<base64>`: raw bytes.
    Base64(Vec<u8>),
    /// `<struct>`: named members.
    Struct(Struct),
    /// `<array>`: an ordered list of values.
    Array(Vec<Value>),
    /// `<nil/>` (extension): no value, Python's `None`.
    Nil,
}

impl Value {
    /// The XML-RPC type name, as used by `system.methodSignature`
    /// (`int`, `i8`, `boolean`, `string`, `double`, `dateTime.iso8601`,
    /// `base64`, `struct`, `array`, `nil`).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Int(_) => "int",
            Self::I8(_) => "i8",
            Self::Bool(_) => "boolean",
            Self::String(_) => "string",
            Self::Double(_) => "double",
            Self::DateTime(_) => "dateTime.iso8601",
            Self::Base64(_) => "base64",
            Self::Struct(_) => "struct",
            Self::Array(_) => "array",
            Self::Nil => "nil",
        }
    }

    /// The integer, for `Int` and `I8`.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Self::Int(v) => Some(i64::from(v)),
            Self::I8(v) => Some(v),
            _ => None,
        }
    }

    /// The integer, for `Int` and for an `I8` that fits in 32 bits.
    #[must_use]
    pub fn as_i32(&self) -> Option<i32> {
        self.as_i64().and_then(|v| i32::try_from(v).ok())
    }

    /// The boolean, for `Bool`.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Self::Bool(v) => Some(v),
            _ => None,
        }
    }

    /// The text, for `String`.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(v) => Some(v),
            _ => None,
        }
    }

    /// The number, for `Double`.
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Self::Double(v) => Some(v),
            _ => None,
        }
    }

    /// The date and time, for `DateTime`.
    #[must_use]
    pub fn as_datetime(&self) -> Option<&DateTime> {
        match self {
            Self::DateTime(v) => Some(v),
            _ => None,
        }
    }

    /// The bytes, for `Base64`.
    #[must_use]
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Base64(v) => Some(v),
            _ => None,
        }
    }

    /// The members, for `Struct`.
    #[must_use]
    pub fn as_struct(&self) -> Option<&Struct> {
        match self {
            Self::Struct(v) => Some(v),
            _ => None,
        }
    }

    /// The elements, for `Array`.
    #[must_use]
    pub fn as_array(&self) -> Option<&[Self]> {
        match self {
            Self::Array(v) => Some(v),
            _ => None,
        }
    }

    /// Whether this is `Nil`.
    #[must_use]
    pub fn is_nil(&self) -> bool {
        matches!(self, Self::Nil)
    }

    /// A member of a struct by name; `None` for a missing member or a
    /// value that is not a struct.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Self> {
        self.as_struct().and_then(|s| s.get(name))
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Int(_) | Self::I8(_), Self::Int(_) | Self::I8(_)) => {
                self.as_i64() == other.as_i64()
            }
            (Self::Bool(a), Self::Bool(b)) => a == b,
            (Self::String(a), Self::String(b)) => a == b,
            (Self::Double(a), Self::Double(b)) => a == b,
            (Self::DateTime(a), Self::DateTime(b)) => a == b,
            (Self::Base64(a), Self::Base64(b)) => a == b,
            (Self::Struct(a), Self::Struct(b)) => a == b,
            (Self::Array(a), Self::Array(b)) => a == b,
            (Self::Nil, Self::Nil) => true,
            _ => false,
        }
    }
}

impl Default for Value {
    /// `Nil`.
    fn default() -> Self {
        Self::Nil
    }
}

macro_rules! from_scalar {
    ($($t:ty => $variant:ident ($conv:expr)),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Self::$variant($conv(v))
            }
        }
    )*};
}

from_scalar! {
    i8 => Int(i32::from),
    i16 => Int(i32::from),
    i32 => Int(std::convert::identity),
    u8 => Int(i32::from),
    u16 => Int(i32::from),
    u32 => I8(i64::from),
    i64 => I8(std::convert::identity),
    bool => Bool(std::convert::identity),
    String => String(std::convert::identity),
    &str => String(str::to_owned),
    f32 => Double(f64::from),
    f64 => Double(std::convert::identity),
    DateTime => DateTime(std::convert::identity),
    Binary => Base64(Binary::into_inner),
    Struct => Struct(std::convert::identity),
}

impl From<()> for Value {
    /// `Nil`.
    fn from((): ()) -> Self {
        Self::Nil
    }
}

impl<T: Into<Self>> From<Option<T>> for Value {
    /// `None` becomes `Nil`.
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Nil, Into::into)
    }
}

impl<T: Into<Self>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Self::Array(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Self>> FromIterator<T> for Value {
    /// Collects into an `Array`.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::Array(iter.into_iter().map(Into::into).collect())
    }
}
