//! A [`Value`] into any `T: DeserializeOwned`.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

use super::{DATETIME_TOKEN, VALUE_TOKEN, moved};
use crate::{ConvertError, Value};

/// Converts a [`Value`] into any deserializable type.
///
/// Types are strict, as XML-RPC servers expect: an integer type takes
/// `<int>`/`<i4>`/`<i8>` whose value fits (never truncated), a float takes
/// `<double>`, a `String` takes `<string>`, a `bool` takes `<boolean>`.
/// `Option<T>` takes `<nil/>` as `None`, and a struct member that is missing
/// becomes `None`; unknown struct members are ignored. A `Vec<u8>` also
/// accepts `<base64>`.
///
/// ```
/// use serde::Deserialize;
/// use xmlrpc_core::{from_value, Struct, Value};
///
/// #[derive(Debug, PartialEq, Deserialize)]
/// struct Stooges { moe: i32, larry: i32, curly: i32, shemp: Option<i32> }
///
/// let s: Struct = [("moe", 1), ("larry", 2), ("curly", 3)].into_iter().collect();
/// let got: Stooges = from_value(Value::Struct(s))?;
/// assert_eq!(got, Stooges { moe: 1, larry: 2, curly: 3, shemp: None });
///
/// let err = from_value::<i32>(Value::Double(1.0)).unwrap_err();
/// assert_eq!(err.to_string(), "expected int, found double");
/// # Ok::<(), xmlrpc_core::ConvertError>(())
/// ```
///
/// # Errors
///
/// When the value does not have the shape `T` needs; the error names the
/// path to the offending value.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ConvertError> {
    T::deserialize(value)
}

impl IntoDeserializer<'_, ConvertError> for Value {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

fn range<T: TryFrom<i64>>(v: &Value, name: &str) -> Result<T, ConvertError> {
    let Some(n) = v.as_i64() else {
        return Err(ConvertError::mismatch("int", v));
    };
    T::try_from(n).map_err(|_| ConvertError::new(format_args!("{n} is out of the range of {name}")))
}

macro_rules! integer {
    ($($method:ident => $visit:ident($t:ty)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
            visitor.$visit(range::<$t>(&self, stringify!($t))?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = ConvertError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::Int(v) => visitor.visit_i32(v),
            Self::I8(v) => visitor.visit_i64(v),
            Self::Bool(v) => visitor.visit_bool(v),
            Self::String(v) => visitor.visit_string(v),
            Self::Double(v) => visitor.visit_f64(v),
            // A one-member map under a private name: `Value` and `DateTime`
            // recognise it, so nothing is lost through self-describing paths.
            Self::DateTime(v) => visitor.visit_map(de::value::MapDeserializer::new(
                std::iter::once((DATETIME_TOKEN, v.to_string())),
            )),
            Self::Base64(v) => visitor.visit_byte_buf(v),
            Self::Struct(s) => visitor.visit_map(StructAccess::new(s)),
            Self::Array(items) => visitor.visit_seq(ArrayAccess::new(items)),
            Self::Nil => visitor.visit_unit(),
        }
    }

    integer! {
        deserialize_i8 => visit_i8(i8),
        deserialize_i16 => visit_i16(i16),
        deserialize_i32 => visit_i32(i32),
        deserialize_i64 => visit_i64(i64),
        deserialize_i128 => visit_i128(i128),
        deserialize_u8 => visit_u8(u8),
        deserialize_u16 => visit_u16(u16),
        deserialize_u32 => visit_u32(u32),
        deserialize_u64 => visit_u64(u64),
        deserialize_u128 => visit_u128(u128),
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::Bool(v) => visitor.visit_bool(v),
            other => Err(ConvertError::mismatch("boolean", &other)),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            #[allow(clippy::cast_possible_truncation)] // checked just below
            Self::Double(v) if v.abs() <= f64::from(f32::MAX) => visitor.visit_f32(v as f32),
            Self::Double(v) => Err(ConvertError::new(format_args!(
                "{v} is out of the range of f32"
            ))),
            // Whole numbers for floats (Python sends `0` for 0.0), when
            // exact: up to 2^24.
            Self::Int(_) | Self::I8(_) => match exact(&self, 1 << 24) {
                #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
                Some(n) => visitor.visit_f32(n as f32),
                None => Err(ConvertError::new("an integer that is not exactly an f32")),
            },
            other => Err(ConvertError::mismatch("double", &other)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::Double(v) => visitor.visit_f64(v),
            // Whole numbers for floats, when exact: up to 2^53.
            Self::Int(_) | Self::I8(_) => match exact(&self, 1 << 53) {
                #[allow(clippy::cast_precision_loss)] // exact below 2^53
                Some(n) => visitor.visit_f64(n as f64),
                None => Err(ConvertError::new("an integer that is not exactly an f64")),
            },
            other => Err(ConvertError::mismatch("double", &other)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::String(s) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => visitor.visit_char(c),
                    _ => Err(ConvertError::new("expected a string of one character")),
                }
            }
            other => Err(ConvertError::mismatch("string", &other)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::String(s) => visitor.visit_string(s),
            // For a date type's own `Deserialize` (chrono's, `time::serde::
            // rfc3339`…), which reads text: the ISO 8601 extended form.
            Self::DateTime(dt) => visitor.visit_string(dt.to_iso8601_extended()),
            other => Err(ConvertError::mismatch("string", &other)),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::Base64(b) => visitor.visit_byte_buf(b),
            Self::Array(items) => visitor.visit_seq(ArrayAccess::new(items)),
            other => Err(ConvertError::mismatch("base64", &other)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::Nil => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            // Some servers answer a void method with an empty string.
            Self::Nil => visitor.visit_unit(),
            Self::String(s) if s.is_empty() => visitor.visit_unit(),
            other => Err(ConvertError::mismatch("nil", &other)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        if name == VALUE_TOKEN {
            // `Value`'s own visitor asks: hand the value over whole.
            moved::park(self);
            let visited = visitor.visit_str(VALUE_TOKEN);
            // Any other visitor left it parked: drop it.
            drop(moved::take());
            return visited;
        }
        if name != DATETIME_TOKEN {
            return visitor.visit_newtype_struct(self);
        }
        match self {
            Self::DateTime(dt) => visitor.visit_string(dt.to_string()),
            other => Err(ConvertError::mismatch("dateTime.iso8601", &other)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::Array(items) => visitor.visit_seq(ArrayAccess::new(items)),
            Self::Base64(bytes) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(bytes.into_iter()))
            }
            other => Err(ConvertError::mismatch("array", &other)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        match self {
            Self::Array(items) if items.len() == len => visitor.visit_seq(ArrayAccess::new(items)),
            Self::Array(items) => Err(ConvertError::new(format_args!(
                "expected an array of {len} elements, found {}",
                items.len()
            ))),
            other => Err(ConvertError::mismatch("array", &other)),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        match self {
            Self::Struct(s) => visitor.visit_map(StructAccess::new(s)),
            other => Err(ConvertError::mismatch("struct", &other)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        match self {
            Self::String(variant) => visitor.visit_enum(variant.into_deserializer()),
            Self::Struct(s) if s.len() == 1 => {
                let Some((variant, content)) = s.into_iter().next() else {
                    return Err(ConvertError::new("expected a one-member struct"));
                };
                visitor.visit_enum(EnumAccess { variant, content })
            }
            other => Err(ConvertError::new(format_args!(
                "expected a variant name or a one-member struct, found {}",
                other.type_name()
            ))),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConvertError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        visitor.visit_unit()
    }
}

/// The elements of an `<array>`, numbering errors with their index.
struct ArrayAccess {
    items: std::vec::IntoIter<Value>,
    index: usize,
}

impl ArrayAccess {
    fn new(items: Vec<Value>) -> Self {
        Self {
            items: items.into_iter(),
            index: 0,
        }
    }
}

impl<'de> de::SeqAccess<'de> for ArrayAccess {
    type Error = ConvertError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ConvertError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(item)
            .map(Some)
            .map_err(|e| e.at_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of a `<struct>`, naming errors with the member.
struct StructAccess {
    members: crate::map::Members,
    /// The member whose value comes next.
    current: Option<(crate::map::Name, Value)>,
}

impl StructAccess {
    fn new(s: crate::Struct) -> Self {
        Self {
            members: s.into_members(),
            current: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for StructAccess {
    type Error = ConvertError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ConvertError> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        let key = seed.deserialize(de::value::StrDeserializer::<ConvertError>::new(&name));
        self.current = Some((name, value));
        key.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ConvertError> {
        let Some((name, value)) = self.current.take() else {
            return Err(ConvertError::new("struct value requested before its name"));
        };
        seed.deserialize(value)
            .map_err(|e| e.at_member(name.into_string()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// A variant given as `{name: content}`.
struct EnumAccess {
    variant: String,
    content: Value,
}

impl<'de> de::EnumAccess<'de> for EnumAccess {
    type Error = ConvertError;
    type Variant = VariantAccess;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantAccess), ConvertError> {
        let name = seed.deserialize(de::value::StrDeserializer::<ConvertError>::new(
            &self.variant,
        ))?;
        Ok((
            name,
            VariantAccess {
                variant: self.variant,
                content: self.content,
            },
        ))
    }
}

struct VariantAccess {
    variant: String,
    content: Value,
}

impl<'de> de::VariantAccess<'de> for VariantAccess {
    type Error = ConvertError;

    fn unit_variant(self) -> Result<(), ConvertError> {
        de::Deserialize::deserialize(self.content)
            .map_err(|e: ConvertError| e.at_member(self.variant))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, ConvertError> {
        seed.deserialize(self.content)
            .map_err(|e| e.at_member(self.variant))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        de::Deserializer::deserialize_tuple(self.content, len, visitor)
            .map_err(|e| e.at_member(self.variant))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ConvertError> {
        de::Deserializer::deserialize_map(self.content, visitor)
            .map_err(|e| e.at_member(self.variant))
    }
}

/// An `<int>` or `<i8>` whose magnitude is at most `limit`, the largest
/// that a float type holds exactly.
fn exact(value: &Value, limit: i64) -> Option<i64> {
    let n = match *value {
        Value::Int(n) => i64::from(n),
        Value::I8(n) => n,
        _ => return None,
    };
    (n.unsigned_abs() <= limit.unsigned_abs()).then_some(n)
}
