//! Fuzzes the writer against the reader: any value the writer accepts
//! must read back as the same value, alone and inside a call and a
//! response; what it refuses (a non-finite double, a character XML cannot
//! carry, nesting past the limit) must be refused with an error.
#![no_main]

mod arbitrary_value;

use libfuzzer_sys::fuzz_target;
use xmlrpc_core::{MethodCall, MethodResponse, Value};

fuzz_target!(|input: arbitrary_value::AnyValue| {
    let value = input.0;
    let Ok(xml) = value.to_xml() else {
        return;
    };
    let again = Value::from_xml(xml.as_bytes()).expect("what we write, we read");
    assert_eq!(again, value);
    let call = MethodCall::new("m.n", vec![value.clone(), Value::Nil]);
    let xml = call.to_xml().expect("a value that writes alone writes in a call");
    assert_eq!(MethodCall::from_xml(xml.as_bytes()).expect("reads back"), call);
    let response = MethodResponse::Success(value);
    let xml = response.to_xml().expect("and in a response");
    assert_eq!(MethodResponse::from_xml(xml.as_bytes()).expect("reads back"), response);
});
