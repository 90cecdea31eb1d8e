//! Fuzzes the reader: any bytes as a call, a response and a lone value.
//! Nothing may panic or overflow the stack, and whatever reads must write
//! and read back to the same thing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xmlrpc_core::{MethodCall, MethodResponse, Value};

fuzz_target!(|data: &[u8]| {
    if let Ok(call) = MethodCall::from_xml(data) {
        if let Ok(xml) = call.to_xml() {
            let again = MethodCall::from_xml(xml.as_bytes()).expect("our own output reads back");
            assert_eq!(again, call);
        }
    }
    if let Ok(response) = MethodResponse::from_xml(data) {
        if let Ok(xml) = response.to_xml() {
            let again = MethodResponse::from_xml(xml.as_bytes()).expect("our own output reads back");
            assert_eq!(again, response);
        }
    }
    if let Ok(value) = Value::from_xml(data) {
        let _ = xmlrpc_core::from_value::<Value>(value);
    }
});
