//! Any `T: Serialize` into a [`Value`].

use serde::ser::{self, Serialize};

use super::DATETIME_TOKEN;
use crate::{ConvertError, DateTime, Struct, Value};

/// Converts any serializable value into a [`Value`].
///
/// Structs and maps with string keys become `<struct>`; sequences, tuples
/// and arrays become `<array>`; `None` and `()` become `<nil/>`;
/// [`Binary`](crate::Binary) becomes `<base64>` and [`DateTime`]
/// `<dateTime.iso8601>`. Integers that fit in 32 bits become `<int>`, other
/// integer types `<i8>`; an unsigned number above `i64::MAX` is an error,
/// never truncated. Enums follow serde's externally tagged form: a unit
/// variant is its name as a string, other variants a one-member struct.
///
/// ```
/// use serde::Serialize;
/// use xmlrpc_core::{to_value, Value};
///
/// #[derive(Serialize)]
/// struct Point { x: i32, label: Option<String> }
///
/// let v = to_value(&Point { x: 3, label: None })?;
/// assert_eq!(v.get("x"), Some(&Value::Int(3)));
/// assert_eq!(v.get("label"), Some(&Value::Nil));
/// assert!(to_value(&u64::MAX).is_err());
/// # Ok::<(), xmlrpc_core::ConvertError>(())
/// ```
///
/// # Errors
///
/// For a number out of range, a map key that is not a string, or an error
/// raised by the type's own `Serialize` implementation.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, ConvertError> {
    value.serialize(Serializer)
}

/// The serializer behind [`to_value`].
struct Serializer;

fn int<T: TryInto<i64> + std::fmt::Display + Copy>(v: T) -> Result<Value, ConvertError> {
    v.try_into()
        .map(Value::I8)
        .map_err(|_| ConvertError::new(format_args!("{v} is out of the range of <i8>")))
}

impl ser::Serializer for Serializer {
    type Ok = Value;
    type Error = ConvertError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = VariantSerializer<SeqSerializer>;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = VariantSerializer<MapSerializer>;

    fn serialize_bool(self, v: bool) -> Result<Value, ConvertError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, ConvertError> {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, ConvertError> {
        Ok(Value::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, ConvertError> {
        Ok(Value::Int(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, ConvertError> {
        Ok(Value::I8(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, ConvertError> {
        int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Value, ConvertError> {
        Ok(Value::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, ConvertError> {
        Ok(Value::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, ConvertError> {
        Ok(Value::I8(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, ConvertError> {
        int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Value, ConvertError> {
        int(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Value, ConvertError> {
        Ok(Value::Double(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, ConvertError> {
        Ok(Value::Double(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, ConvertError> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, ConvertError> {
        Ok(Value::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, ConvertError> {
        Ok(Value::Base64(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Value, ConvertError> {
        Ok(Value::Nil)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, ConvertError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, ConvertError> {
        Ok(Value::Nil)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, ConvertError> {
        Ok(Value::Nil)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, ConvertError> {
        Ok(Value::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Value, ConvertError> {
        let inner = value.serialize(self)?;
        if name != DATETIME_TOKEN {
            return Ok(inner);
        }
        match inner {
            Value::String(text) => DateTime::parse(&text)
                .map(Value::DateTime)
                .map_err(ConvertError::new),
            other => Err(ConvertError::mismatch("dateTime.iso8601 text", &other)),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, ConvertError> {
        let inner = value.serialize(self).map_err(|e| e.at_member(variant))?;
        Ok(Value::Struct([(variant, inner)].into_iter().collect()))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, ConvertError> {
        Ok(SeqSerializer(Vec::with_capacity(
            len.unwrap_or(0).min(4096),
        )))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, ConvertError> {
        Ok(VariantSerializer {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapSerializer, ConvertError> {
        Ok(MapSerializer {
            members: Struct::with_capacity(len.unwrap_or(0).min(4096)),
            key: None,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<MapSerializer, ConvertError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, ConvertError> {
        Ok(VariantSerializer {
            variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

/// Collects an `<array>`.
struct SeqSerializer(Vec<Value>);

impl SeqSerializer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        let index = self.0.len();
        self.0
            .push(value.serialize(Serializer).map_err(|e| e.at_index(index))?);
        Ok(())
    }
}

impl ser::SerializeSeq for SeqSerializer {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        self.push(value)
    }
    fn end(self) -> Result<Value, ConvertError> {
        Ok(Value::Array(self.0))
    }
}

impl ser::SerializeTuple for SeqSerializer {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        self.push(value)
    }
    fn end(self) -> Result<Value, ConvertError> {
        Ok(Value::Array(self.0))
    }
}

impl ser::SerializeTupleStruct for SeqSerializer {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        self.push(value)
    }
    fn end(self) -> Result<Value, ConvertError> {
        Ok(Value::Array(self.0))
    }
}

/// Collects a `<struct>`.
struct MapSerializer {
    members: Struct,
    key: Option<String>,
}

impl MapSerializer {
    fn member<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), ConvertError> {
        let v = value.serialize(Serializer).map_err(|e| e.at_member(name))?;
        self.members.insert_name(crate::map::Name::new(name), v);
        Ok(())
    }
}

impl ser::SerializeMap for MapSerializer {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ConvertError> {
        match key.serialize(Serializer)? {
            Value::String(name) => {
                self.key = Some(name);
                Ok(())
            }
            other => Err(ConvertError::new(format_args!(
                "struct member names must be strings, found {}",
                other.type_name()
            ))),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        let name = self
            .key
            .take()
            .ok_or_else(|| ConvertError::new("map value without a key"))?;
        self.member(&name, value)
    }
    fn end(self) -> Result<Value, ConvertError> {
        Ok(Value::Struct(self.members))
    }
}

impl ser::SerializeStruct for MapSerializer {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ConvertError> {
        self.member(key, value)
    }
    fn end(self) -> Result<Value, ConvertError> {
        Ok(Value::Struct(self.members))
    }
}

/// A tuple or struct variant: `{variant: content}`.
struct VariantSerializer<S> {
    variant: &'static str,
    inner: S,
}

impl<S> VariantSerializer<S> {
    fn wrap(variant: &'static str, content: Value) -> Value {
        Value::Struct([(variant, content)].into_iter().collect())
    }
}

impl ser::SerializeTupleVariant for VariantSerializer<SeqSerializer> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvertError> {
        self.inner
            .push(value)
            .map_err(|e| e.at_member(self.variant))
    }
    fn end(self) -> Result<Value, ConvertError> {
        Ok(Self::wrap(self.variant, Value::Array(self.inner.0)))
    }
}

impl ser::SerializeStructVariant for VariantSerializer<MapSerializer> {
    type Ok = Value;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ConvertError> {
        self.inner
            .member(key, value)
            .map_err(|e| e.at_member(self.variant))
    }
    fn end(self) -> Result<Value, ConvertError> {
        Ok(Self::wrap(self.variant, Value::Struct(self.inner.members)))
    }
}
