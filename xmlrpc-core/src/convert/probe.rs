//! The XML-RPC type a Rust type reads from, found by asking serde.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

use super::DATETIME_TOKEN;

/// The XML-RPC type name that [`from_value`](crate::from_value) expects
/// for `T`, as `system.methodSignature` spells it: `"int"`, `"string"`,
/// `"struct"`… `None` when `T` takes any value (such as
/// [`Value`](crate::Value)). An `Option<T>` names `T`.
///
/// It asks `T`'s `Deserialize` implementation which kind of data it wants,
/// so it also knows the user's own types: a `#[derive(Deserialize)]`
/// struct or map is a `struct`, a sequence or tuple an `array`, a newtype
/// what it wraps, an enum of unit variants a `string` (its variants'
/// names), an enum of data variants a `struct`; an enum of both kinds
/// takes either, so it is `None`.
///
/// ```
/// use std::collections::HashMap;
/// use xmlrpc_core::{xmlrpc_type_of, Binary, DateTime, Value};
///
/// #[derive(serde::Deserialize)]
/// struct Point { x: i32, y: i32 }
///
/// assert_eq!(xmlrpc_type_of::<i32>(), Some("int"));
/// assert_eq!(xmlrpc_type_of::<Option<String>>(), Some("string"));
/// assert_eq!(xmlrpc_type_of::<Vec<Point>>(), Some("array"));
/// assert_eq!(xmlrpc_type_of::<Point>(), Some("struct"));
/// assert_eq!(xmlrpc_type_of::<HashMap<String, f64>>(), Some("struct"));
/// assert_eq!(xmlrpc_type_of::<DateTime>(), Some("dateTime.iso8601"));
/// assert_eq!(xmlrpc_type_of::<Binary>(), Some("base64"));
/// assert_eq!(xmlrpc_type_of::<Value>(), None);
/// ```
#[must_use]
pub fn xmlrpc_type_of<T: DeserializeOwned>() -> Option<&'static str> {
    match T::deserialize(Probe { variant: 0 }) {
        Err(Found::Type(name)) => name,
        // An enum: each variant in turn, to see which are units.
        Err(Found::Variant { count, .. }) => {
            let units = (0..count)
                .filter(|&variant| {
                    matches!(
                        T::deserialize(Probe { variant }),
                        Err(Found::Variant { unit: true, .. })
                    )
                })
                .count();
            match units {
                0 => Some("struct"),
                n if n == count => Some("string"),
                _ => None,
            }
        }
        // A type that needed nothing from the input (a unit struct).
        Ok(_) => Some("nil"),
    }
}

/// A deserializer that answers every request with the type it was asked
/// for, as an error, and so never builds a value. An enum is read as its
/// variant number `variant`.
#[derive(Clone, Copy)]
struct Probe {
    variant: usize,
}

#[derive(Debug)]
enum Found {
    /// The type asked for.
    Type(Option<&'static str>),
    /// An enum of `count` variants, read as one that is a unit or not.
    Variant { count: usize, unit: bool },
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Type(name) => f.write_str(name.unwrap_or("any")),
            Self::Variant { .. } => f.write_str("enum"),
        }
    }
}

impl std::error::Error for Found {}

impl de::Error for Found {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Self::Type(None)
    }
}

macro_rules! found {
    ($($method:ident => $name:expr),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Found> {
            Err(Found::Type($name))
        }
    )*};
}

impl<'de> Deserializer<'de> for Probe {
    type Error = Found;

    found! {
        deserialize_any => None,
        deserialize_ignored_any => None,
        deserialize_bool => Some("boolean"),
        deserialize_i8 => Some("int"),
        deserialize_i16 => Some("int"),
        deserialize_i32 => Some("int"),
        deserialize_u8 => Some("int"),
        deserialize_u16 => Some("int"),
        deserialize_i64 => Some("i8"),
        deserialize_i128 => Some("i8"),
        deserialize_u32 => Some("i8"),
        deserialize_u64 => Some("i8"),
        deserialize_u128 => Some("i8"),
        deserialize_f32 => Some("double"),
        deserialize_f64 => Some("double"),
        deserialize_char => Some("string"),
        deserialize_str => Some("string"),
        deserialize_string => Some("string"),
        deserialize_identifier => Some("string"),
        deserialize_bytes => Some("base64"),
        deserialize_byte_buf => Some("base64"),
        deserialize_unit => Some("nil"),
        deserialize_seq => Some("array"),
        deserialize_map => Some("struct"),
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Found> {
        visitor.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Found> {
        Err(Found::Type(Some("nil")))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Found> {
        if name == DATETIME_TOKEN {
            return Err(Found::Type(Some("dateTime.iso8601")));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Found> {
        Err(Found::Type(Some("array")))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Found> {
        Err(Found::Type(Some("array")))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Found> {
        Err(Found::Type(Some("struct")))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Found> {
        // Unit variants read from strings, the others from structs: which
        // this one is, its access tells.
        let Some(&name) = variants.get(self.variant) else {
            return Err(Found::Type(None));
        };
        visitor.visit_enum(Variant {
            name,
            count: variants.len(),
        })
    }
}

/// The variant an enum is read as.
struct Variant {
    name: &'static str,
    count: usize,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Found;
    type Variant = Self;

    fn variant_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Found> {
        let name = de::value::StrDeserializer::<Found>::new(self.name);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant {
    type Error = Found;

    fn unit_variant(self) -> Result<(), Found> {
        Err(Found::Variant {
            count: self.count,
            unit: true,
        })
    }

    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(self, _: S) -> Result<S::Value, Found> {
        Err(Found::Variant {
            count: self.count,
            unit: false,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Found> {
        Err(Found::Variant {
            count: self.count,
            unit: false,
        })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Found> {
        Err(Found::Variant {
            count: self.count,
            unit: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Struct;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)] // read only through serde
    struct Meters(f64);

    #[derive(serde::Deserialize)]
    struct Unit;

    #[test]
    fn names_follow_what_from_value_reads() {
        assert_eq!(xmlrpc_type_of::<i64>(), Some("i8"));
        assert_eq!(xmlrpc_type_of::<bool>(), Some("boolean"));
        assert_eq!(xmlrpc_type_of::<f32>(), Some("double"));
        assert_eq!(xmlrpc_type_of::<(i32, String)>(), Some("array"));
        assert_eq!(xmlrpc_type_of::<Meters>(), Some("double"));
        assert_eq!(xmlrpc_type_of::<Unit>(), Some("nil"));
        assert_eq!(xmlrpc_type_of::<()>(), Some("nil"));
        assert_eq!(xmlrpc_type_of::<Struct>(), Some("struct"));
        assert_eq!(xmlrpc_type_of::<Option<Option<u8>>>(), Some("int"));
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)] // read only through serde
    enum Color {
        Red,
        Green,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    enum Shape {
        Circle(f64),
        Square { side: f64 },
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    enum Mixed {
        Nothing,
        Some(i32),
    }

    #[test]
    fn enums_are_strings_structs_or_either() {
        assert_eq!(xmlrpc_type_of::<Color>(), Some("string"));
        assert_eq!(xmlrpc_type_of::<Shape>(), Some("struct"));
        assert_eq!(xmlrpc_type_of::<Mixed>(), None);
        assert_eq!(xmlrpc_type_of::<Vec<Color>>(), Some("array"));
        assert_eq!(xmlrpc_type_of::<Option<Color>>(), Some("string"));
    }
}
