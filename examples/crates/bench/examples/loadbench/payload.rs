//! The three payloads: `add(2, 3)`, an echo of 12 structs (4.4 KB), and an
//! echo of 1 MiB as base64, the same documents as the marshalling bench.

use xmlrpc_core::{MethodCall, MethodResponse, Value};

// One definition for both benchmarks, so that their figures compare.
#[path = "../../benches/payloads/mod.rs"]
mod payloads;

/// One request and the value its answer must carry.
#[derive(Debug, Clone)]
pub(crate) struct Payload {
    pub(crate) name: &'static str,
    pub(crate) request: Vec<u8>,
    pub(crate) expected: Value,
}

impl Payload {
    pub(crate) fn all() -> Vec<Self> {
        vec![
            Self::new("tiny", &payloads::tiny(), Value::Int(5)),
            Self::echo("medium 4 KB", &payloads::medium()),
            Self::echo("base64 1 MiB", &payloads::base64_mib()),
        ]
    }

    pub(crate) fn by_name(name: &str) -> Option<Self> {
        Self::all().into_iter().find(|p| p.name == name)
    }

    fn new(name: &'static str, call: &MethodCall, expected: Value) -> Self {
        Self {
            name,
            request: call.to_xml().unwrap_or_default().into_bytes(),
            expected,
        }
    }

    /// An `echo` call: its answer is its one parameter.
    fn echo(name: &'static str, call: &MethodCall) -> Self {
        let expected = call.params.first().cloned().unwrap_or(Value::Nil);
        Self::new(name, call, expected)
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
