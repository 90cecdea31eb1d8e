//! Fuzzes serde conversion: any value into a few user types and back.
//! Conversion may fail, with an error; it may not panic, and what converts
//! must convert back.
#![no_main]

mod arbitrary_value;

use std::collections::{BTreeMap, HashMap};

use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};
use xmlrpc_core::{Binary, DateTime, Value, from_value, to_value};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Order {
    id: i64,
    items: Vec<Item>,
    note: Option<String>,
    paid: bool,
    at: Option<DateTime>,
    #[serde(default)]
    extra: HashMap<String, Value>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Item {
    sku: String,
    price: f64,
    count: u16,
    photo: Option<Binary>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Shape {
    Point,
    Circle(f64),
    Rect { w: u32, h: u32 },
    Pair(i8, char),
}

fn roundtrip<T>(value: &Value)
where
    T: serde::de::DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    if let Ok(t) = from_value::<T>(value.clone()) {
        if let Ok(back) = to_value(&t) {
            let again: T = from_value(back).expect("what converts, converts back");
            // Debug, not ==, so that a NaN compares equal to itself.
            assert_eq!(format!("{again:?}"), format!("{t:?}"));
        }
    }
}

fuzz_target!(|input: arbitrary_value::AnyValue| {
    let value = input.0;
    roundtrip::<Order>(&value);
    roundtrip::<Vec<Shape>>(&value);
    roundtrip::<Shape>(&value);
    roundtrip::<BTreeMap<String, Vec<Option<i32>>>>(&value);
    roundtrip::<(u8, String, Vec<u64>)>(&value);
    roundtrip::<Value>(&value);
    let _ = from_value::<HashMap<String, f32>>(value.clone());
    let _ = from_value::<[i16; 3]>(value);
});
