//! Property tests: whatever the writer emits, the reader reads back equal.

// Tests fail by panicking; helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use xmlrpc_core::{
    DateTime, Fault, MethodCall, MethodResponse, ParseOptions, ReaderPath, Struct, Value,
};

/// Text XML 1.0 can carry, biased towards the characters that need care.
fn xml_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '&', '<', '>', '\r', '\n', '\t', ' ', '"', '\'', 'é', '😀', '\u{FFFD}', ']',
    ]);
    let any_char = any::<char>().prop_filter("XML 1.0 character", |&c| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    });
    prop::collection::vec(prop_oneof![special, any_char], 0..24)
        .prop_map(|cs| cs.into_iter().collect())
}

fn datetime() -> impl Strategy<Value = DateTime> {
    (
        0u16..=9999,
        1u8..=12,
        1u8..=28,
        0u8..24,
        0u8..60,
        0u8..60,
        prop::option::of(0u32..1_000_000_000),
        prop::option::of(-1439i32..=1439),
    )
        .prop_map(|(y, mo, d, h, mi, s, nanos, offset)| {
            let dt = DateTime::new(y, mo, d, h, mi, s).unwrap();
            let dt = dt.with_nanosecond(nanos.unwrap_or(0)).unwrap();
            dt.with_offset_minutes(offset).unwrap()
        })
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i32>().prop_map(Value::Int),
        any::<i64>().prop_map(Value::I8),
        any::<bool>().prop_map(Value::Bool),
        xml_text().prop_map(Value::String),
        any::<f64>()
            .prop_filter("finite", |d| d.is_finite())
            .prop_map(Value::Double),
        datetime().prop_map(Value::DateTime),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(Value::Base64),
        Just(Value::Nil),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((xml_text(), inner), 0..8)
                .prop_map(|members| Value::Struct(members.into_iter().collect::<Struct>())),
        ]
    })
}

/// Equality that also tells `0.0` from `-0.0`, which `==` does not.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Double(x), Value::Double(y)) => x.to_bits() == y.to_bits(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Struct(x), Value::Struct(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn values_survive_writing_and_reading(v in value()) {
        let xml = v.to_xml().unwrap();
        let back = Value::from_xml(xml.as_bytes()).unwrap();
        prop_assert!(same(&v, &back), "{v:?}\n{xml}\n{back:?}");
    }

    #[test]
    fn calls_survive_writing_and_reading(name in "[A-Za-z0-9_.:/]{1,32}", params in prop::collection::vec(value(), 0..4)) {
        let call = MethodCall::new(name, params);
        let back = MethodCall::from_xml(call.to_xml().unwrap().as_bytes()).unwrap();
        prop_assert_eq!(back, call);
    }

    #[test]
    fn responses_and_faults_survive(v in value(), code in any::<i32>(), text in xml_text()) {
        for response in [MethodResponse::Success(v.clone()), MethodResponse::Fault(Fault::new(code, text.clone()))] {
            let back = MethodResponse::from_xml(response.to_xml().unwrap().as_bytes()).unwrap();
            prop_assert_eq!(back, response);
        }
    }

    #[test]
    fn values_survive_serde_both_ways(v in value()) {
        let through: Value = xmlrpc_core::from_value(v.clone()).unwrap();
        prop_assert!(same(&through, &v));
        let again = xmlrpc_core::to_value(&through).unwrap();
        prop_assert!(same(&again, &v));
    }

    #[test]
    fn the_fast_path_reads_what_the_writer_writes(name in "[A-Za-z0-9_.:/]{1,32}", params in prop::collection::vec(value(), 0..4)) {
        // Our own documents never need quick-xml: the fast path alone reads
        // them, to the same call.
        let call = MethodCall::new(name, params);
        let fast = ParseOptions::default().with_reader_path(ReaderPath::FastOnly);
        let back = MethodCall::from_xml_with(call.to_xml().unwrap().as_bytes(), &fast).unwrap();
        prop_assert_eq!(back, call);
    }

    #[test]
    fn the_fast_path_agrees_with_quick_xml_on_mutated_documents(v in value(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut doc = MethodCall::new("m", vec![v]).to_xml().unwrap().into_bytes();
        let at = cut.index(doc.len());
        doc[at] = byte;
        let quick = ParseOptions::default().with_reader_path(ReaderPath::QuickXml);
        let fast = ParseOptions::default().with_reader_path(ReaderPath::FastOnly);
        let by_quick = MethodCall::from_xml_with(&doc, &quick);
        if let Ok(call) = MethodCall::from_xml_with(&doc, &fast) {
            prop_assert_eq!(by_quick.as_ref().ok(), Some(&call));
        }
        let by_default = MethodCall::from_xml(&doc);
        prop_assert_eq!(
            by_default.as_ref().map_err(ToString::to_string),
            by_quick.as_ref().map_err(ToString::to_string)
        );
    }

    #[test]
    fn the_reader_never_panics_on_mutated_documents(v in value(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut doc = MethodCall::new("m", vec![v]).to_xml().unwrap().into_bytes();
        let at = cut.index(doc.len());
        doc[at] = byte;
        let _ = MethodCall::from_xml(&doc);
        // Cut inside the root element (the last byte is the newline after it).
        if at < doc.len() - 1 {
            doc.truncate(at);
            prop_assert!(MethodCall::from_xml(&doc).is_err());
        }
    }
}

/// The JSON frame codec carries every value, call and fault back equal.
#[cfg(feature = "framed")]
mod json_frames {
    use super::*;
    use xmlrpc_core::frame::FrameFormat;

    /// No struct that looks like a tagged `$datetime`/`$base64` scalar
    /// (the one documented ambiguity of the mapping).
    fn untagged(v: &Value) -> bool {
        match v {
            Value::Struct(s) => {
                !(s.len() == 1 && s.keys().any(|k| k.starts_with('$'))) && s.values().all(untagged)
            }
            Value::Array(items) => items.iter().all(untagged),
            _ => true,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn calls_and_answers_survive_json(
            name in "[A-Za-z0-9_.:/]{1,32}",
            params in prop::collection::vec(value(), 0..4),
            code in any::<i32>(),
            text in xml_text(),
        ) {
            prop_assume!(params.iter().all(untagged));
            let json = FrameFormat::json();
            let call = MethodCall::new(name, params);
            let frame = json.call_frame(&call).unwrap();
            let back = json.read_call(&frame[4..]).unwrap();
            prop_assert_eq!(&back.name, &call.name);
            prop_assert_eq!(back.params.len(), call.params.len());
            for (a, b) in call.params.iter().zip(&back.params) {
                prop_assert!(same(a, b), "{a:?} -> {b:?}");
            }
            let result = call.params.first().cloned().unwrap_or(Value::Nil);
            let answer = json.reply_frame(&call.name, &Ok(result.clone()));
            let read = json.read_reply(&answer[4..]).unwrap().unwrap();
            prop_assert!(same(&read, &result));
            let fault = Fault::new(code, text);
            let answer = json.reply_frame(&call.name, &Err(fault.clone()));
            prop_assert_eq!(json.read_reply(&answer[4..]).unwrap(), Err(fault));
        }
    }
}

#[test]
fn integers_are_written_as_int_when_they_fit() {
    assert_eq!(
        Value::I8(5).to_xml().unwrap(),
        "<value><int>5</int></value>"
    );
    assert_eq!(
        Value::I8(1 << 31).to_xml().unwrap(),
        "<value><i8>2147483648</i8></value>"
    );
    assert_eq!(
        Value::I8(-(1 << 31)).to_xml().unwrap(),
        "<value><int>-2147483648</int></value>"
    );
}

#[test]
fn typed_empty_elements_are_never_self_closed() {
    assert_eq!(
        Value::from("").to_xml().unwrap(),
        "<value><string></string></value>"
    );
    assert_eq!(
        Value::Base64(vec![]).to_xml().unwrap(),
        "<value><base64></base64></value>"
    );
    assert_eq!(
        Value::Array(vec![]).to_xml().unwrap(),
        "<value><array><data></data></array></value>"
    );
    assert_eq!(
        Value::Struct(Struct::new()).to_xml().unwrap(),
        "<value><struct></struct></value>"
    );
    assert_eq!(Value::Nil.to_xml().unwrap(), "<value><nil/></value>");
}

#[test]
fn the_writer_refuses_what_xml_cannot_carry() {
    for bad in [
        Value::from("nul\0"),
        Value::from("esc\u{1b}"),
        Value::Double(f64::NAN),
        Value::Double(f64::INFINITY),
    ] {
        let err = bad.to_xml().unwrap_err();
        assert!(
            matches!(
                err.fault_code(),
                Fault::INVALID_CHARACTER | Fault::INTERNAL_ERROR
            ),
            "{err}"
        );
    }
    let bad_name = MethodCall::new("<script>", vec![]).to_xml().unwrap_err();
    assert!(matches!(
        bad_name,
        xmlrpc_core::Error::InvalidMethodName { .. }
    ));
    let member = Value::Struct([("a\0", 1)].into_iter().collect());
    assert!(member.to_xml().is_err());
}

#[test]
fn base64_is_standard_and_padded() {
    assert_eq!(
        Value::Base64(b"hello".to_vec()).to_xml().unwrap(),
        "<value><base64>aGVsbG8=</base64></value>"
    );
}
