//! Conversions between `Value` and user types through serde.

// Tests fail by panicking; helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use xmlrpc_core::{Binary, DateTime, Struct, Value, from_value, to_value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Item {
    sku: String,
    price: f64,
    count: u32,
    tags: Vec<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Order {
    id: i64,
    when: DateTime,
    receipt: Binary,
    items: Vec<Item>,
    totals: BTreeMap<String, f64>,
    pair: (i32, bool),
    fixed: [u8; 3],
    status: Status,
    nothing: (),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Status {
    Open,
    Held(String),
    Shipped { carrier: String, days: i32 },
    Split(i32, i32),
}

fn order() -> Order {
    Order {
        id: 1 << 40,
        when: DateTime::new(2026, 11, 21, 12, 0, 0).unwrap(),
        receipt: Binary::from(b"\x00\x01receipt".to_vec()),
        items: vec![Item {
            sku: "a&b<c>".into(),
            price: 9.99,
            count: 3,
            tags: vec![],
            note: None,
        }],
        totals: [("net".to_owned(), 29.97)].into_iter().collect(),
        pair: (7, true),
        fixed: [1, 2, 3],
        status: Status::Shipped {
            carrier: "post".into(),
            days: 2,
        },
        nothing: (),
    }
}

#[test]
fn user_types_round_trip_through_value_and_xml() {
    let v = to_value(&order()).unwrap();
    assert!(matches!(v.get("when"), Some(Value::DateTime(_))));
    assert!(matches!(v.get("receipt"), Some(Value::Base64(_))));
    assert_eq!(v.get("id"), Some(&Value::I8(1 << 40)));
    assert_eq!(v.get("nothing"), Some(&Value::Nil));
    assert_eq!(
        v.get("items")
            .and_then(|i| i.as_array())
            .map(|i| i[0].get("note")),
        Some(Some(&Value::Nil))
    );
    assert_eq!(
        v.get("pair"),
        Some(&Value::from(vec![Value::Int(7), Value::Bool(true)]))
    );
    let xml = v.to_xml().unwrap();
    let back: Order = from_value(Value::from_xml(xml.as_bytes()).unwrap()).unwrap();
    assert_eq!(back, order());
}

#[test]
fn enums_use_the_externally_tagged_form() {
    for status in [
        Status::Open,
        Status::Held("customs".into()),
        Status::Shipped {
            carrier: "x".into(),
            days: 1,
        },
        Status::Split(1, 2),
    ] {
        let v = to_value(&status).unwrap();
        assert_eq!(from_value::<Status>(v).unwrap(), status);
    }
    assert_eq!(to_value(&Status::Open).unwrap(), Value::from("Open"));
}

#[test]
fn missing_members_become_none_and_extra_members_are_ignored() {
    let mut s: Struct = [
        ("sku", Value::from("x")),
        ("price", Value::Double(1.0)),
        ("count", Value::Int(1)),
    ]
    .into_iter()
    .collect();
    s.insert("tags", Value::Array(vec![]));
    s.insert("unexpected", Value::Bool(true));
    let item: Item = from_value(Value::Struct(s)).unwrap();
    assert_eq!(item.note, None);
}

#[test]
fn errors_say_where_and_what() {
    let mut v = to_value(&order()).unwrap();
    let Value::Struct(s) = &mut v else {
        unreachable!()
    };
    let Some(Value::Array(items)) = s.get_mut("items") else {
        unreachable!()
    };
    let Value::Struct(item) = &mut items[0] else {
        unreachable!()
    };
    item.insert("price", "cheap");
    let err = from_value::<Order>(v).unwrap_err().in_param(0);
    assert_eq!(
        err.to_string(),
        "params[0].items[0].price: expected double, found string"
    );
    assert_eq!(err.path(), "params[0].items[0].price");
    assert_eq!(err.message(), "expected double, found string");

    let missing = from_value::<Item>(Value::Struct(Struct::new())).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `sku`"),
        "{missing}"
    );

    let wrong_len = from_value::<(i32, i32)>(Value::from(vec![1, 2, 3])).unwrap_err();
    assert_eq!(
        wrong_len.to_string(),
        "expected an array of 2 elements, found 3"
    );
}

#[test]
fn numbers_are_range_checked_never_truncated() {
    assert_eq!(from_value::<u8>(Value::Int(255)).unwrap(), 255);
    assert_eq!(
        from_value::<u8>(Value::Int(256)).unwrap_err().to_string(),
        "256 is out of the range of u8"
    );
    assert!(from_value::<u32>(Value::Int(-1)).is_err());
    assert!(from_value::<i32>(Value::I8(1 << 31)).is_err());
    assert_eq!(from_value::<i32>(Value::I8(5)).unwrap(), 5);
    assert_eq!(from_value::<i64>(Value::Int(5)).unwrap(), 5);
    assert_eq!(to_value(&u32::MAX).unwrap(), Value::I8(i64::from(u32::MAX)));
    assert_eq!(to_value(&i64::MIN).unwrap(), Value::I8(i64::MIN));
    assert!(to_value(&u64::MAX).is_err());
    assert!(to_value(&(i128::from(i64::MAX) + 1)).is_err());
    assert!(from_value::<f32>(Value::Double(1e300)).is_err());
}

#[test]
fn types_are_strict() {
    assert_eq!(
        from_value::<i32>(Value::Bool(true))
            .unwrap_err()
            .to_string(),
        "expected int, found boolean"
    );
    // A double never becomes an integer (an integer becomes a float when
    // exact: see below).
    assert!(from_value::<i32>(Value::Double(1.0)).is_err());
    assert!(from_value::<bool>(Value::Int(1)).is_err());
    assert!(from_value::<String>(Value::Int(1)).is_err());
    assert!(from_value::<Binary>(Value::from("aGk=")).is_err());
    assert!(from_value::<DateTime>(Value::from("19980717T14:08:55")).is_err());
}

#[test]
fn options_unit_maps_and_bytes() {
    assert_eq!(from_value::<Option<i32>>(Value::Nil).unwrap(), None);
    assert_eq!(from_value::<Option<i32>>(Value::Int(3)).unwrap(), Some(3));
    assert_eq!(to_value(&None::<i32>).unwrap(), Value::Nil);
    from_value::<()>(Value::Nil).unwrap();
    // A void answer some servers send.
    from_value::<()>(Value::from("")).unwrap();
    assert!(from_value::<()>(Value::Int(0)).is_err());

    let map: HashMap<String, i32> =
        from_value(Value::Struct([("a", 1), ("b", 2)].into_iter().collect())).unwrap();
    assert_eq!(map.len(), 2);
    let keys_must_be_strings =
        to_value(&[(1, 2)].into_iter().collect::<HashMap<i32, i32>>()).unwrap_err();
    assert!(keys_must_be_strings.to_string().contains("must be strings"));

    let bytes: Vec<u8> = from_value(Value::Base64(vec![1, 2])).unwrap();
    assert_eq!(bytes, [1, 2]);
    assert_eq!(
        from_value::<Binary>(Value::Base64(vec![9]))
            .unwrap()
            .into_inner(),
        [9]
    );
    assert_eq!(from_value::<char>(Value::from("é")).unwrap(), 'é');
}

#[test]
fn value_passes_through_serde_without_losing_types() {
    let dt = DateTime::parse("19980717T14:08:55.5+01:00").unwrap();
    let v = Value::Array(vec![
        Value::Int(1),
        Value::I8(1 << 40),
        Value::DateTime(dt),
        Value::Base64(vec![0, 255]),
        Value::Nil,
        Value::Struct([("k", Value::Double(-0.0))].into_iter().collect()),
    ]);
    let through: Value = from_value(v.clone()).unwrap();
    assert_eq!(through, v);
    assert!(matches!(through.as_array().unwrap()[0], Value::Int(1)));
    assert!(matches!(through.as_array().unwrap()[1], Value::I8(_)));
    assert_eq!(to_value(&v).unwrap(), v);

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Either {
        When(DateTime),
        Text(String),
    }
    assert_eq!(
        from_value::<Either>(Value::DateTime(dt)).unwrap(),
        Either::When(dt)
    );
    assert_eq!(
        from_value::<Either>(Value::from("x")).unwrap(),
        Either::Text("x".into())
    );
}

#[test]
fn a_value_parameter_moves_whole_instead_of_being_rebuilt() {
    let items = vec![Value::from("a"), Value::Int(2)];
    let buffer = items.as_ptr();
    let members: Struct = [("list", Value::Array(items))].into_iter().collect();

    // Whole, as `fn echo(&self, v: Value)` receives it.
    let moved: Value = from_value(Value::Struct(members)).unwrap();
    let list = moved.as_struct().unwrap().get("list").unwrap();
    assert!(std::ptr::eq(list.as_array().unwrap().as_ptr(), buffer));

    // Inside a user type too.
    #[derive(Deserialize)]
    struct Holder {
        inner: Value,
    }
    let array = vec![Value::Bool(true)];
    let buffer = array.as_ptr();
    let holder: Holder = from_value(Value::Struct(
        [("inner", Value::Array(array))].into_iter().collect(),
    ))
    .unwrap();
    assert!(std::ptr::eq(
        holder.inner.as_array().unwrap().as_ptr(),
        buffer
    ));
}

#[test]
fn value_still_deserializes_through_buffering_and_other_paths() {
    // The private hand-over token is an ordinary string on the wire.
    let token = "$xmlrpc_core::private::Value";
    assert_eq!(
        from_value::<Value>(Value::from(token)).unwrap(),
        Value::from(token)
    );
    assert_eq!(
        from_value::<Vec<Value>>(Value::Array(vec![Value::from(token), Value::Nil])).unwrap(),
        vec![Value::from(token), Value::Nil]
    );

    // serde buffers untagged enums and flattened members: `Value` is then
    // built from what the buffer visits.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Number(i32),
        Anything(Value),
    }
    let s: Struct = [("a", 1)].into_iter().collect();
    assert_eq!(
        from_value::<Loose>(Value::Struct(s.clone())).unwrap(),
        Loose::Anything(Value::Struct(s))
    );
    assert_eq!(
        from_value::<Loose>(Value::Int(4)).unwrap(),
        Loose::Number(4)
    );

    #[derive(Debug, PartialEq, Deserialize)]
    struct Flat {
        id: i32,
        #[serde(flatten)]
        rest: HashMap<String, Value>,
    }
    let s: Struct = [("id", Value::Int(1)), ("x", Value::from("y"))]
        .into_iter()
        .collect();
    let flat: Flat = from_value(Value::Struct(s)).unwrap();
    assert_eq!(flat.id, 1);
    assert_eq!(flat.rest.get("x"), Some(&Value::from("y")));
    assert_eq!(
        from_value::<Option<Value>>(Value::Nil).unwrap(),
        None::<Value>
    );
    assert_eq!(
        from_value::<Option<Value>>(Value::Int(3)).unwrap(),
        Some(Value::Int(3))
    );
}

#[test]
fn whole_numbers_read_into_floats_when_exact() {
    // Python sends `<int>0</int>` for a whole float.
    assert_eq!(from_value::<f64>(Value::Int(0)).unwrap(), 0.0);
    assert_eq!(from_value::<f64>(Value::Int(-7)).unwrap(), -7.0);
    assert_eq!(
        from_value::<f64>(Value::I8(1 << 53)).unwrap(),
        9_007_199_254_740_992.0
    );
    assert!(from_value::<f64>(Value::I8((1 << 53) + 1)).is_err());
    assert_eq!(
        from_value::<f32>(Value::Int(1 << 24)).unwrap(),
        16_777_216.0
    );
    let err = from_value::<f32>(Value::Int((1 << 24) + 1)).unwrap_err();
    assert_eq!(err.to_string(), "an integer that is not exactly an f32");
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Point {
        x: f64,
    }
    let s: Struct = [("x", Value::Int(3))].into_iter().collect();
    assert_eq!(
        from_value::<Point>(Value::Struct(s)).unwrap(),
        Point { x: 3.0 }
    );
}

#[cfg(all(feature = "chrono", feature = "time"))]
#[test]
fn chrono_and_time_fields_write_and_read_dates() {
    use chrono::{FixedOffset, NaiveDateTime, TimeZone as _};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dates {
        #[serde(with = "xmlrpc_core::as_datetime::chrono_naive")]
        naive: NaiveDateTime,
        #[serde(with = "xmlrpc_core::as_datetime::chrono_fixed")]
        fixed: chrono::DateTime<FixedOffset>,
        #[serde(with = "xmlrpc_core::as_datetime::chrono_naive::option")]
        maybe: Option<NaiveDateTime>,
        #[serde(with = "xmlrpc_core::as_datetime::time_primitive")]
        primitive: time::PrimitiveDateTime,
        #[serde(with = "xmlrpc_core::as_datetime::time_offset::option")]
        offset: Option<time::OffsetDateTime>,
    }
    let naive = NaiveDateTime::parse_from_str("1998-07-17 14:08:55", "%Y-%m-%d %H:%M:%S").unwrap();
    let fixed = FixedOffset::east_opt(7200)
        .unwrap()
        .from_local_datetime(&naive)
        .unwrap();
    let primitive = time::PrimitiveDateTime::new(
        time::Date::from_calendar_date(1998, time::Month::July, 17).unwrap(),
        time::Time::from_hms(14, 8, 55).unwrap(),
    );
    let dates = Dates {
        naive,
        fixed,
        maybe: Some(naive),
        primitive,
        offset: Some(primitive.assume_utc()),
    };
    let value = to_value(&dates).unwrap();
    let members = value.as_struct().unwrap();
    for name in ["naive", "fixed", "maybe", "primitive", "offset"] {
        assert!(
            matches!(members.get(name), Some(Value::DateTime(_))),
            "{name}: {:?}",
            members.get(name)
        );
    }
    assert_eq!(
        members
            .get("fixed")
            .unwrap()
            .as_datetime()
            .unwrap()
            .to_string(),
        "19980717T14:08:55+02:00"
    );
    let xml = value.to_xml().unwrap();
    assert!(
        xml.contains("<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>"),
        "{xml}"
    );
    let back: Dates = from_value(Value::from_xml(xml.as_bytes()).unwrap()).unwrap();
    assert_eq!(back, dates);

    // A naive field refuses a date with an offset, as the conversion does.
    let mut wrong = members.clone();
    wrong.insert("naive", members.get("fixed").unwrap().clone());
    assert!(from_value::<Dates>(Value::Struct(wrong)).is_err());

    // chrono's own `Deserialize` (no `with`) reads a dateTime as text.
    #[derive(Debug, Deserialize)]
    struct Plain {
        at: NaiveDateTime,
        zoned: chrono::DateTime<FixedOffset>,
    }
    let plain: Plain = from_value(
        [
            (
                "at",
                Value::DateTime(DateTime::parse("19980717T14:08:55").unwrap()),
            ),
            (
                "zoned",
                Value::DateTime(DateTime::parse("19980717T14:08:55+02:00").unwrap()),
            ),
        ]
        .into_iter()
        .collect::<Struct>()
        .into(),
    )
    .unwrap();
    assert_eq!((plain.at, plain.zoned), (naive, fixed));
}
