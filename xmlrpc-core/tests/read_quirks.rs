//! One fixture per dialect quirk that real peers send.

// Tests fail by panicking; helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod both;

use xmlrpc_core::{DateTime, Fault, MethodCall, MethodResponse, Struct, Value};

fn param(value_xml: &str) -> Value {
    let doc = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>m</methodName><params><param>{value_xml}</param></params></methodCall>"
    );
    let mut call = both::call(doc.as_bytes()).unwrap_or_else(|e| panic!("{value_xml}: {e}"));
    assert_eq!(call.params.len(), 1);
    call.params.remove(0)
}

fn members(pairs: &[(&str, Value)]) -> Value {
    Value::Struct(pairs.iter().cloned().collect::<Struct>())
}

#[test]
fn untyped_value_is_a_string_with_whitespace_kept() {
    assert_eq!(
        param("<value>  two words \n</value>"),
        Value::from("  two words \n")
    );
    assert_eq!(param("<value/>"), Value::from(""));
    assert_eq!(param("<value></value>"), Value::from(""));
    assert_eq!(param("<value><string/></value>"), Value::from(""));
    assert_eq!(param("<value><string></string></value>"), Value::from(""));
    assert_eq!(
        param("<value><string> x </string></value>"),
        Value::from(" x ")
    );
}

#[test]
fn carriage_returns_survive() {
    assert_eq!(
        param("<value><string>a\r\nb&#13;</string></value>"),
        Value::from("a\r\nb\r")
    );
}

#[test]
fn cdata_comments_and_references_join_into_one_string() {
    assert_eq!(
        param(
            "<value><string>a<![CDATA[<b>]]><!-- c --><![CDATA[&]]>&amp;&lt;&gt;&apos;&quot;</string></value>"
        ),
        Value::from("a<b>&&<>'\"")
    );
    assert_eq!(
        param("<value>&#233;&#xE9;&#x1F600;&#128512;</value>"),
        Value::from("éé😀😀")
    );
    assert_eq!(
        param("<value><string>😀 non-BMP raw</string></value>"),
        Value::from("😀 non-BMP raw")
    );
}

#[test]
fn pretty_printed_documents_with_declaration_bom_and_comments() {
    let doc = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- sent by a peer -->\n\
        <methodCall>\n  <methodName>examples.getStateName</methodName>\n  <params>\n    <param>\n\
        <!-- between -->\n      <value>\n        <i4>41</i4>\n      </value>\n    </param>\n  </params>\n\
        </methodCall>\n<?trailing pi?>\n";
    let call = both::call(doc.as_bytes()).unwrap();
    assert_eq!(
        call,
        MethodCall::new("examples.getStateName", vec![Value::Int(41)])
    );
}

#[test]
fn integer_forms() {
    for (xml, v) in [
        ("<int>5</int>", Value::Int(5)),
        ("<i4>-5</i4>", Value::Int(-5)),
        ("<int>+0042</int>", Value::Int(42)),
        ("<int> 7 </int>", Value::Int(7)),
        ("<i1>-128</i1>", Value::Int(-128)),
        ("<i2>32767</i2>", Value::Int(32767)),
        ("<i8>9223372036854775807</i8>", Value::I8(i64::MAX)),
        ("<ex:i8>-5</ex:i8>", Value::I8(-5)),
        ("<ex:i4>6</ex:i4>", Value::Int(6)),
    ] {
        assert_eq!(param(&format!("<value>{xml}</value>")), v, "{xml}");
    }
    assert!(matches!(param("<value><i8>5</i8></value>"), Value::I8(5)));
}

#[test]
fn booleans_doubles_dates_and_nil() {
    assert_eq!(
        param("<value><boolean>1</boolean></value>"),
        Value::Bool(true)
    );
    assert_eq!(
        param("<value><boolean>0</boolean></value>"),
        Value::Bool(false)
    );
    for (text, v) in [
        ("1e+300", 1e300),
        ("5e-324", 5e-324),
        ("-0.0", -0.0),
        ("42", 42.0),
        (".5", 0.5),
        ("1.", 1.0),
    ] {
        let got = param(&format!("<value><double>{text}</double></value>"));
        assert_eq!(
            got.as_f64().map(f64::to_bits),
            Some(f64::to_bits(v)),
            "{text}"
        );
    }
    assert_eq!(
        param("<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>"),
        Value::DateTime(DateTime::new(1998, 7, 17, 14, 8, 55).unwrap())
    );
    let offset =
        param("<value><dateTime.iso8601>1998-07-17T14:08:55.5Z</dateTime.iso8601></value>");
    assert_eq!(
        offset.as_datetime().unwrap().to_string(),
        "19980717T14:08:55.5Z"
    );
    assert_eq!(param("<value><nil/></value>"), Value::Nil);
    assert_eq!(param("<value><ex:nil/></value>"), Value::Nil);
    assert_eq!(param("<value><nil></nil></value>"), Value::Nil);
}

#[test]
fn base64_wrapped_and_empty() {
    // As Python's `base64.encodebytes` writes it: 76-column lines.
    let data: Vec<u8> = (0..=255).collect();
    let wrapped = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\n\
        OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx\n\
        cnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq\n\
        q6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj\n\
        5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==\n";
    assert_eq!(
        param(&format!("<value><base64>\n{wrapped}</base64></value>")),
        Value::Base64(data)
    );
    assert_eq!(
        param("<value><base64></base64></value>"),
        Value::Base64(vec![])
    );
    assert_eq!(param("<value><base64/></value>"), Value::Base64(vec![]));
}

#[test]
fn base64_without_padding_with_stray_bits_and_spaces() {
    let hi = Value::Base64(b"hi".to_vec());
    // Padding dropped, as some peers send it.
    assert_eq!(param("<value><base64>aGk</base64></value>"), hi);
    // `l` instead of `k`: the last character's unused bits are not zero.
    assert_eq!(param("<value><base64>aGl=</base64></value>"), hi);
    // Spaces, tabs and CRLFs anywhere.
    assert_eq!(param("<value><base64> a G\t k\r\n= </base64></value>"), hi);
    let long: Vec<u8> = (0..3000_u32).map(|i| (i * 7 % 251) as u8).collect();
    let text = base64_simd::STANDARD.encode_to_string(&long);
    let spaced: String = text
        .as_bytes()
        .chunks(57)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert_eq!(
        param(&format!("<value><base64>{spaced}</base64></value>")),
        Value::Base64(long)
    );
}

#[test]
fn arrays_with_and_without_data() {
    let two = Value::Array(vec![Value::Int(1), Value::from("x")]);
    assert_eq!(
        param(
            "<value><array><data><value><int>1</int></value><value>x</value></data></array></value>"
        ),
        two
    );
    assert_eq!(
        param("<value><array><value><int>1</int></value><value>x</value></array></value>"),
        two
    );
    for empty in [
        "<array><data></data></array>",
        "<array><data/></array>",
        "<array/>",
        "<array></array>",
    ] {
        assert_eq!(
            param(&format!("<value>{empty}</value>")),
            Value::Array(vec![]),
            "{empty}"
        );
    }
    assert_eq!(
        param("<value><array><data><value/><value></value></data></array></value>"),
        Value::Array(vec![Value::from(""), Value::from("")])
    );
}

#[test]
fn struct_members_in_any_order_and_shape() {
    let expected = members(&[("a", Value::Int(1)), ("b", Value::from("two"))]);
    assert_eq!(
        param(
            "<value><struct><member><name>a</name><value><int>1</int></value></member><member><name>b</name><value>two</value></member></struct></value>"
        ),
        expected
    );
    // Members reversed, and `<value>` before `<name>`.
    assert_eq!(
        param(
            "<value><struct><member><value>two</value><name>b</name></member><member><name>a</name><value><i4>1</i4></value></member></struct></value>"
        ),
        expected
    );
    // Duplicate names: the last wins.
    assert_eq!(
        param(
            "<value><struct><member><name>a</name><value><int>0</int></value></member><member><name>a</name><value><int>1</int></value></member><member><name>b</name><value>two</value></member></struct></value>"
        ),
        expected
    );
    // An empty name is a name.
    assert_eq!(
        param(
            "<value><struct><member><name></name><value>v</value></member><member><name/><value>w</value></member></struct></value>"
        ),
        members(&[("", Value::from("w"))])
    );
    assert_eq!(param("<value><struct/></value>"), members(&[]));
    assert_eq!(param("<value><struct></struct></value>"), members(&[]));
}

#[test]
fn calls_without_parameters() {
    for doc in [
        "<methodCall><methodName>system.listMethods</methodName></methodCall>",
        "<methodCall><methodName>system.listMethods</methodName><params/></methodCall>",
        "<methodCall><methodName>system.listMethods</methodName><params></params></methodCall>",
        "<methodCall>\n<methodName>system.listMethods</methodName>\n<params>\n</params>\n</methodCall>",
    ] {
        let call = both::call(doc.as_bytes()).unwrap();
        assert_eq!(call, MethodCall::new("system.listMethods", vec![]), "{doc}");
    }
    let name_chars = "<methodCall><methodName>a_b.C:d/9</methodName></methodCall>";
    assert_eq!(both::call(name_chars.as_bytes()).unwrap().name, "a_b.C:d/9");
}

#[test]
fn faults_with_members_in_any_order_extra_members_and_string_codes() {
    let fault = |body: &str| {
        let doc = format!(
            "<methodResponse><fault><value><struct>{body}</struct></value></fault></methodResponse>"
        );
        both::response(doc.as_bytes()).unwrap()
    };
    let code = "<member><name>faultCode</name><value><int>4</int></value></member>";
    let string =
        "<member><name>faultString</name><value><string>Too many</string></value></member>";
    let extra = "<member><name>detail</name><value><array><data/></array></value></member>";
    let expected = MethodResponse::Fault(Fault::new(4, "Too many"));
    assert_eq!(fault(&format!("{code}{string}")), expected);
    assert_eq!(fault(&format!("{string}{extra}{code}")), expected);
    let string_code = "<member><name>faultCode</name><value><string>4</string></value></member>";
    assert_eq!(fault(&format!("{string_code}{string}")), expected);
    let word_code = "<member><name>faultCode</name><value>Server.Busy</value></member>";
    assert_eq!(
        fault(&format!("{word_code}{string}")),
        MethodResponse::Fault(Fault::new(0, "Server.Busy: Too many"))
    );
}

#[test]
fn responses_in_lenient_forms() {
    let ok = |doc: &str| both::response(doc.as_bytes()).unwrap();
    assert_eq!(
        ok(
            "<methodResponse><params><param><value><string>South Dakota</string></value></param></params></methodResponse>"
        ),
        MethodResponse::Success(Value::from("South Dakota"))
    );
    assert_eq!(
        ok("<methodResponse><params/></methodResponse>"),
        MethodResponse::Success(Value::Nil)
    );
    assert_eq!(
        ok(
            "<methodResponse xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"><params><param><value><ex:i8>9</ex:i8></value></param></params></methodResponse>"
        ),
        MethodResponse::Success(Value::I8(9))
    );
}

#[test]
fn declared_latin1_and_utf16_documents_are_decoded() {
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>m</methodName><params><param><value>caf".to_vec();
    latin1.push(0xE9);
    latin1.extend_from_slice(b"</value></param></params></methodCall>");
    assert_eq!(
        both::call(&latin1).unwrap().params,
        vec![Value::from("café")]
    );

    let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><methodCall><methodName>m</methodName><params><param><value>😀</value></param></params></methodCall>";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(doc.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(both::call(&utf16).unwrap().params, vec![Value::from("😀")]);
}

/// Supervisor's `readProcessStdoutLog` answers a process's output as it
/// was written, ANSI escapes and all: not XML, but read when asked for.
#[test]
fn control_characters_are_kept_only_when_allowed() {
    use xmlrpc_core::{Error, ParseOptions};
    let log = "\u{1b}[31mred\u{1b}[0m\u{7}\u{0}";
    let doc = format!(
        "<?xml version='1.0'?><methodResponse><params><param><value><string>{log}&#x1b;&#1;</string></value></param></params></methodResponse>"
    );
    let strict = both::response(doc.as_bytes()).unwrap_err();
    assert!(matches!(strict, Error::Syntax { .. }), "{strict:?}");
    assert!(strict.to_string().contains("U+001B"), "{strict}");
    let lenient = ParseOptions::default().with_control_characters(true);
    let answer = MethodResponse::from_xml_with(doc.as_bytes(), &lenient)
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(answer, Value::String(format!("{log}\u{1b}\u{1}")));
    // Only controls: a non-character stays refused.
    let nonchar = doc.replace("red", "\u{FFFF}");
    assert!(MethodResponse::from_xml_with(nonchar.as_bytes(), &lenient).is_err());
    // Untyped and member-name text too.
    let untyped = "<methodResponse><params><param><value><struct><member><name>a\u{1b}</name><value>b\u{1b}</value></member></struct></value></param></params></methodResponse>";
    let value = MethodResponse::from_xml_with(untyped.as_bytes(), &lenient)
        .unwrap()
        .into_result()
        .unwrap();
    let members = value.as_struct().unwrap();
    assert_eq!(members.get("a\u{1b}"), Some(&Value::from("b\u{1b}")));
}
