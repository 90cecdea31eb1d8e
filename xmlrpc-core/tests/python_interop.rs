//! Python's own `xmlrpc.client` as the peer: what it writes, we read; what
//! we write, it reads back to the values we meant. Skips (saying so) only
//! where python3 is absent.

// Tests fail by panicking; helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use xmlrpc_core::{DateTime, Fault, MethodCall, MethodResponse, Struct, Value};

/// Runs a Python script with `input` on stdin; `None` when there is no python3.
fn python(script: &str, input: &[u8]) -> Option<Vec<u8>> {
    let child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3 failed: {}", out.status);
    Some(out.stdout)
}

const DUMPS: &str = r#"
import sys, datetime, xmlrpc.client as x
docs = [
    x.dumps((41,), "examples.getStateName"),
    x.dumps(("héllo 😀", "a\r\nb", "<&>'\"", "", "  padded  "), "strings"),
    x.dumps((1.5, -0.0, 1e300, 5e-324, 0.1, 1e-07, 123456789.125), "doubles"),
    x.dumps((True, False, None, -2147483648, 2147483647), "misc", allow_none=True),
    x.dumps((x.Binary(bytes(range(256)) * 4), x.Binary(b"")), "binary"),
    x.dumps((datetime.datetime(1998, 7, 17, 14, 8, 55),), "when"),
    x.dumps(({"a": [1, 2, {"b": "c"}], "empty": {}, "list": [], "": "blank"},), "nested"),
    x.dumps((), "system.listMethods"),
    x.dumps(("South Dakota",), methodresponse=True),
    x.dumps(x.Fault(4, "Too many parameters."), methodresponse=True),
]
sys.stdout.buffer.write(b"\0".join(d.encode("utf-8") for d in docs))
"#;

fn strukt(pairs: Vec<(&str, Value)>) -> Value {
    Value::Struct(pairs.into_iter().collect::<Struct>())
}

#[test]
fn we_read_what_python_writes() {
    let Some(out) = python(DUMPS, b"") else {
        return;
    };
    let docs: Vec<&[u8]> = out.split(|&b| b == 0).collect();
    assert_eq!(docs.len(), 10);
    let call = |i: usize| MethodCall::from_xml(docs[i]).unwrap_or_else(|e| panic!("doc {i}: {e}"));

    assert_eq!(
        call(0),
        MethodCall::new("examples.getStateName", vec![Value::Int(41)])
    );
    assert_eq!(
        call(1).params,
        ["héllo 😀", "a\r\nb", "<&>'\"", "", "  padded  "]
            .map(Value::from)
            .to_vec()
    );
    let doubles: Vec<u64> = call(2)
        .params
        .iter()
        .map(|v| v.as_f64().unwrap().to_bits())
        .collect();
    let expected = [1.5, -0.0, 1e300, 5e-324, 0.1, 1e-07, 123_456_789.125].map(f64::to_bits);
    assert_eq!(doubles, expected);
    assert_eq!(
        call(3).params,
        vec![
            Value::Bool(true),
            Value::Bool(false),
            Value::Nil,
            Value::Int(i32::MIN),
            Value::Int(i32::MAX)
        ]
    );
    let all_bytes: Vec<u8> = (0..=255).cycle().take(1024).collect();
    assert_eq!(
        call(4).params,
        vec![Value::Base64(all_bytes), Value::Base64(vec![])]
    );
    assert_eq!(
        call(5).params,
        vec![Value::DateTime(
            DateTime::new(1998, 7, 17, 14, 8, 55).unwrap()
        )]
    );
    assert_eq!(
        call(6).params,
        vec![strukt(vec![
            (
                "a",
                Value::from(vec![
                    Value::Int(1),
                    Value::Int(2),
                    strukt(vec![("b", Value::from("c"))])
                ])
            ),
            ("empty", strukt(vec![])),
            ("list", Value::Array(vec![])),
            ("", Value::from("blank")),
        ])]
    );
    assert_eq!(call(7), MethodCall::new("system.listMethods", vec![]));
    assert_eq!(
        MethodResponse::from_xml(docs[8]).unwrap(),
        MethodResponse::Success(Value::from("South Dakota"))
    );
    assert_eq!(
        MethodResponse::from_xml(docs[9]).unwrap(),
        MethodResponse::Fault(Fault::new(4, "Too many parameters."))
    );
}

/// Reads records `expression \0 document \0` and checks that
/// `loads(document)` equals the expression (floats compared by `repr`, so
/// that -0.0 and the last digit count).
const LOADS: &str = r#"
import sys, datetime, xmlrpc.client as x
parts = sys.stdin.buffer.read().split(b"\0")
def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(p, q) for p, q in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b
for i in range(0, len(parts) - 1, 2):
    expected = eval(parts[i].decode())
    try:
        got = x.loads(parts[i + 1].decode("utf-8"), use_builtin_types=True)
    except x.Fault as f:
        got = ((f.faultCode, f.faultString), None)
    print("ok" if same(got, expected) else f"MISMATCH {got!r} != {expected!r}")
"#;

#[test]
fn python_reads_what_we_write() {
    let dt = DateTime::new(1998, 7, 17, 14, 8, 55).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (
            MethodCall::new("examples.getStateName", vec![Value::Int(41)])
                .to_xml()
                .unwrap(),
            "((41,), 'examples.getStateName')",
        ),
        (
            MethodCall::new(
                "strings",
                [
                    "héllo 😀",
                    "a\r\nb\r",
                    "<&>'\"]]>",
                    "",
                    "  padded  ",
                    "tab\there",
                ]
                .map(Value::from)
                .to_vec(),
            )
            .to_xml()
            .unwrap(),
            r#"(("héllo 😀", "a\r\nb\r", "<&>'\"]]>", "", "  padded  ", "tab\there"), 'strings')"#,
        ),
        (
            MethodCall::new(
                "doubles",
                [1.5, -0.0, 1e300, 5e-324, 0.1, 1e-07, 1e16, f64::MAX, 2.0]
                    .map(Value::Double)
                    .to_vec(),
            )
            .to_xml()
            .unwrap(),
            "((1.5, -0.0, 1e300, 5e-324, 0.1, 1e-07, 1e16, 1.7976931348623157e308, 2.0), 'doubles')",
        ),
        (
            MethodCall::new(
                "ints",
                vec![
                    Value::Int(i32::MIN),
                    Value::I8(5),
                    Value::I8(1 << 40),
                    Value::I8(i64::MIN),
                ],
            )
            .to_xml()
            .unwrap(),
            "((-2147483648, 5, 1 << 40, -(1 << 63)), 'ints')",
        ),
        (
            MethodCall::new(
                "misc",
                vec![
                    Value::Bool(true),
                    Value::Bool(false),
                    Value::Nil,
                    Value::DateTime(dt),
                    Value::Base64((0..=255).collect()),
                ],
            )
            .to_xml()
            .unwrap(),
            "((True, False, None, datetime.datetime(1998, 7, 17, 14, 8, 55), bytes(range(256))), 'misc')",
        ),
        (
            MethodCall::new(
                "nested",
                vec![strukt(vec![
                    (
                        "a",
                        Value::from(vec![Value::Int(1), strukt(vec![("b&", Value::from("c<"))])]),
                    ),
                    ("empty", strukt(vec![])),
                    ("list", Value::Array(vec![])),
                    ("", Value::Base64(vec![])),
                ])],
            )
            .to_xml()
            .unwrap(),
            r#"(({"a": [1, {"b&": "c<"}], "empty": {}, "list": [], "": b""},), 'nested')"#,
        ),
        (
            MethodCall::new("system.listMethods", vec![])
                .to_xml()
                .unwrap(),
            "((), 'system.listMethods')",
        ),
        (
            MethodResponse::Success(Value::from("South Dakota"))
                .to_xml()
                .unwrap(),
            "(('South Dakota',), None)",
        ),
        (
            MethodResponse::Fault(Fault::new(-32601, "method `x` not found"))
                .to_xml()
                .unwrap(),
            "((-32601, 'method `x` not found'), None)",
        ),
    ];
    let mut input = Vec::new();
    for (xml, expected) in &cases {
        input.extend_from_slice(expected.as_bytes());
        input.push(0);
        input.extend_from_slice(xml.as_bytes());
        input.push(0);
    }
    let Some(out) = python(LOADS, &input) else {
        return;
    };
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cases.len(), "{out}");
    for (line, (xml, _)) in lines.iter().zip(&cases) {
        assert_eq!(*line, "ok", "{xml}");
    }
}
