//! The JSON codec: the tutorial's `in`/`params` → `out`/`result` shape and
//! the value mapping the module docs table.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap as _, SerializeSeq as _};
use serde::{Serialize, Serializer};

use super::FrameError;
use crate::xml::scalar::{base64_decode, base64_encode_into};
use crate::{DateTime, Fault, MethodCall, ParseOptions, Struct, Value};

const DATETIME: &str = "$datetime";
const BASE64_KEY: &str = "$base64";

/// A value as JSON.
struct Json<'a>(&'a Value);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Int(n) => s.serialize_i32(*n),
            Value::I8(n) => s.serialize_i64(*n),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::String(text) => s.serialize_str(text),
            // serde_json writes a fraction (`2.0`) for whole doubles, so
            // they read back as doubles.
            Value::Double(x) => s.serialize_f64(*x),
            Value::DateTime(at) => tagged(s, DATETIME, &at.to_string()),
            Value::Base64(bytes) => {
                let mut text = String::new();
                base64_encode_into(bytes, &mut text);
                tagged(s, BASE64_KEY, &text)
            }
            Value::Struct(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (name, value) in members {
                    map.serialize_entry(name, &Json(value))?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Json(item))?;
                }
                seq.end()
            }
            Value::Nil => s.serialize_unit(),
        }
    }
}

fn tagged<S: Serializer>(s: S, tag: &str, text: &str) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(1))?;
    map.serialize_entry(tag, text)?;
    map.end()
}

/// `params` as the shape says: one non-array parameter bare, else the list.
struct Params<'a>(&'a [Value]);

impl Serialize for Params<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            [one] if !matches!(one, Value::Array(_)) => Json(one).serialize(s),
            all => {
                let mut seq = s.serialize_seq(Some(all.len()))?;
                for value in all {
                    seq.serialize_element(&Json(value))?;
                }
                seq.end()
            }
        }
    }
}

#[derive(Serialize)]
struct CallOut<'a> {
    #[serde(rename = "in")]
    name: &'a str,
    params: Params<'a>,
}

#[derive(Serialize)]
struct ResultOut<'a> {
    out: &'a str,
    result: Json<'a>,
}

#[derive(Serialize)]
struct FaultOut<'a> {
    out: &'static str,
    error: FaultMembers<'a>,
}

#[derive(Serialize)]
struct FaultMembers<'a> {
    #[serde(rename = "faultCode")]
    code: i32,
    #[serde(rename = "faultString")]
    string: &'a str,
}

pub(super) fn write_call(call: &MethodCall) -> Vec<u8> {
    let call = CallOut {
        name: &call.name,
        params: Params(&call.params),
    };
    // Writing a value to memory cannot fail: every map key is a string.
    serde_json::to_vec(&call).unwrap_or_default()
}

pub(super) fn write_reply(kind: &str, reply: &Result<Value, Fault>) -> Vec<u8> {
    let written = match reply {
        Ok(value) => serde_json::to_vec(&ResultOut {
            out: kind,
            result: Json(value),
        }),
        Err(fault) => serde_json::to_vec(&FaultOut {
            out: "error",
            error: FaultMembers {
                code: fault.code,
                string: &fault.string,
            },
        }),
    };
    written.unwrap_or_default()
}

/// Reads a call: `in` and `params`.
pub(super) fn read_call(body: &[u8], options: &ParseOptions) -> Result<MethodCall, FrameError> {
    let count = Cell::new(0);
    let envelope = read(body, Envelope::Call, options, &count)?;
    let name = envelope
        .name
        .ok_or_else(|| FrameError::Json("a call without `in` (the method name)".into()))?;
    let params = match envelope.params {
        None => Vec::new(),
        Some(Value::Array(all)) => all,
        Some(one) => vec![one],
    };
    Ok(MethodCall::new(name, params))
}

/// Reads an answer: `result`, or the fault in `error`.
pub(super) fn read_reply(
    body: &[u8],
    options: &ParseOptions,
) -> Result<Result<Value, Fault>, FrameError> {
    let count = Cell::new(0);
    let envelope = read(body, Envelope::Reply, options, &count)?;
    if let Some(error) = envelope.error {
        let fault = Fault::from_value(&error)
            .map_err(|e| FrameError::Json(format!("an `error` member that is not a fault: {e}")))?;
        return Ok(Err(fault));
    }
    envelope
        .result
        .map(Ok)
        .ok_or_else(|| FrameError::Json("an answer with neither `result` nor `error`".into()))
}

fn read(
    body: &[u8],
    shape: Envelope,
    options: &ParseOptions,
    count: &Cell<usize>,
) -> Result<Read, FrameError> {
    check_integers(body)?;
    let seed = EnvelopeSeed {
        shape,
        values: ValueSeed {
            count,
            max: options.max_values(),
        },
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let read = seed.deserialize(&mut de).map_err(json_error)?;
    de.end().map_err(json_error)?;
    Ok(read)
}

fn json_error(error: serde_json::Error) -> FrameError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Data => FrameError::Json(error.to_string()),
        Category::Syntax | Category::Eof | Category::Io => {
            FrameError::Json(format!("not JSON: {error}"))
        }
    }
}

/// Refuses an integer literal beyond 64 bits, which serde_json would
/// otherwise read as a rounded double. A linear pass over the bytes,
/// skipping strings.
fn check_integers(body: &[u8]) -> Result<(), FrameError> {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'"' => {
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < body.len()
                    && matches!(body[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let literal = &body[start..i];
                let integral = !literal.iter().any(|b| matches!(b, b'.' | b'e' | b'E'));
                if integral && literal.len() > 18 {
                    let text = String::from_utf8_lossy(literal);
                    if text.parse::<i64>().is_err()
                        && text
                            .trim_start_matches('-')
                            .bytes()
                            .all(|b| b.is_ascii_digit())
                    {
                        return Err(FrameError::Json(format!(
                            "the integer {text} does not fit 64 bits (XML-RPC's i8)"
                        )));
                    }
                }
            }
            _ => i += 1,
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Envelope {
    Call,
    Reply,
}

/// The members of a call or an answer that matter.
#[derive(Default)]
struct Read {
    name: Option<String>,
    params: Option<Value>,
    result: Option<Value>,
    error: Option<Value>,
}

struct EnvelopeSeed<'a> {
    shape: Envelope,
    values: ValueSeed<'a>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = Read;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Read, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_> {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.shape {
            Envelope::Call => f.write_str(r#"a call object {"in": …, "params": …}"#),
            Envelope::Reply => f.write_str(r#"an answer object {"out": …, "result": …}"#),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut read = Read::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match (self.shape, key.as_ref()) {
                (Envelope::Call, "in") => read.name = Some(map.next_value()?),
                (Envelope::Call, "params") => read.params = Some(map.next_value_seed(self.values)?),
                (Envelope::Reply, "result") => {
                    read.result = Some(map.next_value_seed(self.values)?);
                }
                (Envelope::Reply, "error") => read.error = Some(map.next_value_seed(self.values)?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(read)
    }
}

/// Reads one value, counting it and those inside against `max`.
#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    count: &'a Cell<usize>,
    max: usize,
}

impl ValueSeed<'_> {
    fn count<E: de::Error>(&self) -> Result<(), E> {
        let count = self.count.get() + 1;
        if count > self.max {
            return Err(E::custom(format_args!("more than {} values", self.max)));
        }
        self.count.set(count);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.count()?;
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(i32::try_from(n).map_or(Value::I8(n), Value::Int))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        i64::try_from(n)
            .map(|n| self.visit_i64::<E>(n))
            .map_err(|_| {
                E::custom(format_args!(
                    "the integer {n} does not fit 64 bits (XML-RPC's i8)"
                ))
            })?
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Value, E> {
        Ok(Value::Double(x))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Struct::new();
        let mut first = true;
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            let tag = first && (name == DATETIME || name == BASE64_KEY);
            if let (true, Value::String(text)) = (tag, &value) {
                // A tagged scalar, if it is the only member.
                let Some(next) = map.next_key::<String>()? else {
                    return tagged_scalar(&name, text);
                };
                members.insert(name, value);
                let after = map.next_value_seed(self)?;
                members.insert(next, after);
                first = false;
                continue;
            }
            first = false;
            members.insert(name, value);
        }
        Ok(Value::Struct(members))
    }
}

fn tagged_scalar<E: de::Error>(tag: &str, text: &str) -> Result<Value, E> {
    if tag == DATETIME {
        DateTime::parse(text)
            .map(Value::DateTime)
            .map_err(|e| E::custom(format_args!("invalid {DATETIME} `{text}`: {e}")))
    } else {
        base64_decode(text)
            .map(Value::Base64)
            .map_err(|e| E::custom(format_args!("invalid {BASE64_KEY}: {e}")))
    }
}
