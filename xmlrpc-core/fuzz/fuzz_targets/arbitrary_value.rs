//! Arbitrary [`Value`]s for the fuzz targets: every type, any nesting up
//! to a little past the writer's limit, strings with any characters.

use arbitrary::{Arbitrary, Result, Unstructured};
use xmlrpc_core::{Binary, DateTime, Struct, Value};

/// A value built from the fuzzer's bytes.
#[derive(Debug)]
pub struct AnyValue(pub Value);

impl<'a> Arbitrary<'a> for AnyValue {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        value(u, 0).map(AnyValue)
    }
}

/// Past the writer's 256 levels now and then.
const DEEPEST: usize = 260;

fn value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let kinds = if depth >= DEEPEST { 8 } else { 10 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Int(u.arbitrary()?),
        1 => Value::I8(u.arbitrary()?),
        2 => Value::Bool(u.arbitrary()?),
        3 => Value::Double(u.arbitrary()?),
        4 => Value::String(u.arbitrary()?),
        5 => Value::Base64(u.arbitrary::<Vec<u8>>()?),
        6 => {
            let dt = DateTime::new(
                u.int_in_range(0..=9999)?,
                u.int_in_range(1..=12)?,
                u.int_in_range(1..=28)?,
                u.int_in_range(0..=23)?,
                u.int_in_range(0..=59)?,
                u.int_in_range(0..=59)?,
            )
            .unwrap_or_else(|_| DateTime::now_utc());
            let offset = if u.arbitrary()? {
                Some(u.int_in_range(-1439..=1439)?)
            } else {
                None
            };
            Value::DateTime(dt.with_offset_minutes(offset).unwrap_or(dt))
        }
        7 => Value::Nil,
        8 => {
            let len = u.int_in_range(0..=4)?;
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(value(u, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let len = u.int_in_range(0..=4)?;
            let mut members = Struct::new();
            for _ in 0..len {
                let name: String = u.arbitrary()?;
                members.insert(name, value(u, depth + 1)?);
            }
            Value::Struct(members)
        }
    })
}

/// Also a [`Binary`], for targets that want one.
#[allow(dead_code)]
pub fn binary(u: &mut Unstructured<'_>) -> Result<Binary> {
    Ok(Binary::new(u.arbitrary()?))
}
