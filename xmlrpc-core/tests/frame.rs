//! The frame codecs: prefixes, the JSON shape and value mapping, and what
//! bad frames get.

#![cfg(feature = "framed")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use xmlrpc_core::frame::{ByteOrder, FrameError, FrameFormat};
use xmlrpc_core::{DateTime, Fault, MethodCall, ParseOptions, Struct, Value};

fn json_body(call: &MethodCall) -> String {
    let frame = FrameFormat::json().call_frame(call).unwrap();
    String::from_utf8(frame[4..].to_vec()).unwrap()
}

fn read_json(body: &str) -> Result<MethodCall, FrameError> {
    FrameFormat::json().read_call(body.as_bytes())
}

fn param(body: &str) -> Value {
    let call = read_json(&format!(r#"{{"in": "m", "params": {body}}}"#)).unwrap();
    assert_eq!(call.params.len(), 1, "{body}");
    call.params.into_iter().next().unwrap()
}

#[test]
fn prefixes_are_big_endian_for_xml_and_little_endian_for_json() {
    let call = MethodCall::new("ping", vec![]);
    let xml = FrameFormat::xml().call_frame(&call).unwrap();
    let len = u32::try_from(xml.len() - 4).unwrap();
    assert_eq!(&xml[..4], &len.to_be_bytes());
    assert!(xml[4..].starts_with(b"<?xml"));
    let json = FrameFormat::json().call_frame(&call).unwrap();
    let len = u32::try_from(json.len() - 4).unwrap();
    assert_eq!(&json[..4], &len.to_le_bytes());
    let swapped = FrameFormat::json().byte_order(ByteOrder::BigEndian);
    assert_eq!(&swapped.call_frame(&call).unwrap()[..4], &len.to_be_bytes());
}

#[test]
fn a_prefix_above_the_limit_is_refused_before_reading() {
    let json = FrameFormat::json();
    assert_eq!(json.body_len(100_u32.to_le_bytes(), 100).unwrap(), 100);
    let error = json.body_len(101_u32.to_le_bytes(), 100).unwrap_err();
    assert!(matches!(
        error,
        FrameError::TooLarge {
            len: 101,
            limit: 100
        }
    ));
    assert_eq!(error.to_fault().code, Fault::INVALID_REQUEST);
    let error = json.body_len([0xff; 4], 1 << 20).unwrap_err();
    assert_eq!(
        error.to_string(),
        "a frame of 4294967295 bytes is larger than the limit of 1048576 bytes"
    );
}

#[test]
fn params_are_bare_for_one_value_and_a_list_otherwise() {
    let one = MethodCall::new("ping", vec![Value::from("ireader 0")]);
    assert_eq!(json_body(&one), r#"{"in":"ping","params":"ireader 0"}"#);
    let none = MethodCall::new("now", vec![]);
    assert_eq!(json_body(&none), r#"{"in":"now","params":[]}"#);
    let two = MethodCall::new("add", vec![Value::Int(2), Value::Int(3)]);
    assert_eq!(json_body(&two), r#"{"in":"add","params":[2,3]}"#);
    let list = MethodCall::new("sum", vec![Value::Array(vec![Value::Int(1)])]);
    assert_eq!(json_body(&list), r#"{"in":"sum","params":[[1]]}"#);
    for call in [one, none, two, list] {
        assert_eq!(read_json(&json_body(&call)).unwrap(), call);
    }
    // Without `params`, no parameters; members we do not know are ignored.
    let bare = read_json(r#"{"id": 7, "in": "now"}"#).unwrap();
    assert_eq!(bare, MethodCall::new("now", vec![]));
}

#[test]
fn every_type_has_its_json_form() {
    let at = DateTime::new(1998, 7, 17, 14, 8, 55).unwrap();
    let members: Struct = [("b", Value::Int(1)), ("a", Value::Nil)]
        .into_iter()
        .collect();
    let all = vec![
        Value::Int(-7),
        Value::I8(1 << 40),
        Value::Bool(true),
        Value::from("é \"q\""),
        Value::Double(2.0),
        Value::Double(-1.5e300),
        Value::DateTime(at),
        Value::Base64(b"hello".to_vec()),
        Value::Struct(members),
        Value::Nil,
    ];
    let body = json_body(&MethodCall::new("m", all.clone()));
    assert_eq!(
        body,
        r#"{"in":"m","params":[-7,1099511627776,true,"é \"q\"",2.0,-1.5e+300,{"$datetime":"19980717T14:08:55"},{"$base64":"aGVsbG8="},{"b":1,"a":null},null]}"#
    );
    let back = read_json(&body).unwrap().params;
    assert_eq!(back, all);
    assert!(matches!(back[1], Value::I8(1_099_511_627_776)));
    assert!(matches!(back[4], Value::Double(x) if x.to_bits() == 2.0_f64.to_bits()));
}

#[test]
fn integers_keep_every_digit_or_are_refused() {
    assert!(matches!(param("2147483647"), Value::Int(i32::MAX)));
    assert!(matches!(param("2147483648"), Value::I8(2_147_483_648)));
    assert!(matches!(param("-9223372036854775808"), Value::I8(i64::MIN)));
    // Past 2^53, where a double would round: still exact.
    assert!(matches!(
        param("9007199254740993"),
        Value::I8(9_007_199_254_740_993)
    ));
    assert!(matches!(param("1e3"), Value::Double(x) if x == 1000.0));
    for big in [
        "9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
    ] {
        let error = read_json(&format!(r#"{{"in": "m", "params": [{big}]}}"#)).unwrap_err();
        assert!(
            error.to_string().contains("does not fit 64 bits"),
            "{big}: {error}"
        );
        assert_eq!(error.to_fault().code, Fault::INVALID_REQUEST);
    }
    // Digits inside strings are text, whatever their length.
    let text = param(r#""123456789012345678901234567890""#);
    assert_eq!(text, Value::from("123456789012345678901234567890"));
}

#[test]
fn only_a_lone_string_member_is_a_tagged_scalar() {
    assert_eq!(
        param(r#"{"$base64": "aGk="}"#),
        Value::Base64(b"hi".to_vec())
    );
    let at = param(r#"{"$datetime": "2024-02-29T23:59:01Z"}"#);
    assert!(matches!(at, Value::DateTime(d) if d.day() == 29 && d.offset_minutes() == Some(0)));
    let two = param(r#"{"$base64": "aGk=", "more": 1}"#);
    assert_eq!(two.get("$base64"), Some(&Value::from("aGk=")));
    assert_eq!(two.get("more"), Some(&Value::Int(1)));
    let not_text = param(r#"{"$base64": 5}"#);
    assert_eq!(not_text.get("$base64"), Some(&Value::Int(5)));
    let bad = read_json(r#"{"in": "m", "params": {"$base64": "!!"}}"#).unwrap_err();
    assert!(bad.to_string().contains("invalid $base64"), "{bad}");
    let bad = read_json(r#"{"in": "m", "params": {"$datetime": "yesterday"}}"#).unwrap_err();
    assert!(bad.to_string().contains("invalid $datetime"), "{bad}");
}

#[test]
fn bad_bodies_get_the_faults_xml_would() {
    let cases = [
        ("", Fault::PARSE_ERROR),
        ("{\"in\": \"m\"", Fault::PARSE_ERROR),
        ("{\"in\": \"m\"} trailing", Fault::PARSE_ERROR),
        ("\u{0}", Fault::PARSE_ERROR),
        ("[1, 2]", Fault::INVALID_REQUEST),
        ("{\"params\": []}", Fault::INVALID_REQUEST),
        ("{\"in\": 5}", Fault::INVALID_REQUEST),
    ];
    for (body, code) in cases {
        let error = read_json(body).unwrap_err();
        assert_eq!(error.to_fault().code, code, "{body:?}: {error}");
    }
    let error = FrameFormat::xml().read_call(b"<methodCall>").unwrap_err();
    assert_eq!(error.to_fault().code, Fault::PARSE_ERROR);
    let invalid_utf8 = FrameFormat::json()
        .read_call(b"{\"in\": \"\xff\"}")
        .unwrap_err();
    assert_eq!(invalid_utf8.to_fault().code, Fault::PARSE_ERROR);
}

#[test]
fn json_bodies_are_bounded_in_values_and_nesting() {
    let limited = FrameFormat::json().parse_options(ParseOptions::default().with_max_values(3));
    let ok = limited
        .read_call(br#"{"in": "m", "params": [1, 2]}"#)
        .unwrap();
    assert_eq!(ok.params.len(), 2);
    let error = limited
        .read_call(br#"{"in": "m", "params": [1, 2, 3]}"#)
        .unwrap_err();
    assert!(error.to_string().contains("more than 3 values"), "{error}");
    // Deeper than serde_json's 128 levels: an error, not a stack overflow.
    let deep = format!(
        r#"{{"in": "m", "params": {}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = read_json(&deep).unwrap_err();
    assert_eq!(error.to_fault().code, Fault::PARSE_ERROR, "{error}");
}

#[test]
fn answers_carry_the_kind_the_result_or_the_fault() {
    let json = FrameFormat::json().answer_kind("ping", "pong");
    let ok = json.reply_frame("ping", &Ok(Value::from("x")));
    assert_eq!(&ok[4..], br#"{"out":"pong","result":"x"}"#);
    let plain = json.reply_frame("add", &Ok(Value::Int(5)));
    assert_eq!(&plain[4..], br#"{"out":"add","result":5}"#);
    let fault = json.reply_frame("nope", &Err(Fault::method_not_found("nope")));
    let body = std::str::from_utf8(&fault[4..]).unwrap();
    assert!(
        body.starts_with(r#"{"out":"error","error":{"faultCode":-32601,"faultString":"#),
        "{body}"
    );
    assert_eq!(
        json.read_reply(&fault[4..]).unwrap(),
        Err(Fault::method_not_found("nope"))
    );
    // The tutorial's server answers with spaces, as Python's json.dumps writes.
    let python = br#"{"out": "pong", "result": "ireader 0"}"#;
    assert_eq!(
        json.read_reply(python).unwrap(),
        Ok(Value::from("ireader 0"))
    );
    let neither = json.read_reply(br#"{"out": "pong"}"#).unwrap_err();
    assert!(neither.to_string().contains("neither `result` nor `error`"));
    let xml = FrameFormat::xml();
    let answer = xml.reply_frame("add", &Err(Fault::new(7, "seven")));
    assert_eq!(
        xml.read_reply(&answer[4..]).unwrap(),
        Err(Fault::new(7, "seven"))
    );
}
