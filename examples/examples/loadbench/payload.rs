//! The three payloads: `add(2, 3)`, an echo of 12 structs (about 4 KB),
//! and an echo of 1 MiB as base64.

use xmlrpc_core::{MethodCall, MethodResponse, Struct, Value};

/// One request and the value its answer must carry.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    pub(crate) name: &'static str,
    pub(crate) request: Vec<u8>,
    pub(crate) expected: Value,
}

impl Payload {
    pub(crate) fn all() -> Vec<Self> {
        vec![Self::tiny(), Self::medium(), Self::base64()]
    }

    pub(crate) fn by_name(name: &str) -> Option<Self> {
        Self::all().into_iter().find(|p| p.name == name)
    }

    fn new(name: &'static str, method: &str, params: Vec<Value>, expected: Value) -> Self {
        let request = MethodCall::new(method, params)
            .to_xml()
            .unwrap_or_default()
            .into_bytes();
        Self {
            name,
            request,
            expected,
        }
    }

    fn tiny() -> Self {
        Self::new("tiny", "add", vec![2.into(), 3.into()], Value::Int(5))
    }

    /// The same 12 structs as the core's marshalling bench (4.4 KB).
    fn medium() -> Self {
        let items: Vec<Value> = (0..12)
            .map(|i| {
                let mut s = Struct::new();
                s.insert("id", i);
                s.insert(
                    "name",
                    format!("item {i} & <friends> of item {i}, with room to spare"),
                );
                s.insert("price", 1.25 * f64::from(i) + 0.1);
                s.insert("in_stock", i % 2 == 0);
                Value::Struct(s)
            })
            .collect();
        let array = Value::Array(items);
        Self::new("medium 4 KB", "echo", vec![array.clone()], array)
    }

    fn base64() -> Self {
        let mut state = 0x2545_f491_u32;
        let bytes: Vec<u8> = (0..1 << 20)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect();
        let value = Value::Base64(bytes);
        Self::new("base64 1 MiB", "echo", vec![value.clone()], value)
    }

    /// The answer a server that only echoes would send: what the ceiling
    /// serves without parsing anything.
    pub(crate) fn canned_response(&self) -> Vec<u8> {
        MethodResponse::Success(self.expected.clone())
            .to_xml()
            .unwrap_or_default()
            .into_bytes()
    }
}
