//! The three payloads of the benchmarks, shared by the marshalling bench
//! and the load benchmark (`examples/loadbench`, which includes
//! this file by path) so that both measure the same documents.

use xmlrpc_core::{MethodCall, Struct, Value};

/// `add(2, 3)`.
pub(crate) fn tiny() -> MethodCall {
    MethodCall::new("add", vec![Value::Int(2), Value::Int(3)])
}

/// An array of 12 structs, each an int, a string needing escapes, a double
/// and a boolean: about 4 KB of XML.
pub(crate) fn medium() -> MethodCall {
    let items = (0..12)
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
    MethodCall::new("echo", vec![Value::Array(items)])
}

/// `echo` of 1 MiB of bytes that do not repeat in short runs.
#[allow(clippy::cast_possible_truncation)] // keeps the top byte on purpose
pub(crate) fn base64_mib() -> MethodCall {
    let data: Vec<u8> = (0..1 << 20)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    MethodCall::new("echo", vec![Value::Base64(data)])
}

/// The payload called `name` on the loop tools' command lines (`tiny`,
/// `medium`, `base64`), with the value a right answer carries: `add`'s
/// sum, or the one parameter echoed.
#[allow(dead_code)] // the loop tools pick payloads by name; the benches do not
pub(crate) fn named(name: &str) -> Option<(MethodCall, Value)> {
    let call = match name {
        "tiny" => return Some((tiny(), Value::Int(5))),
        "medium" => medium(),
        "base64" => base64_mib(),
        _ => return None,
    };
    let echoed = call.params[0].clone();
    Some((call, echoed))
}
