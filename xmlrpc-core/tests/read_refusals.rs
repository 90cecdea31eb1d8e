//! What the reader must refuse, the error it gives, and the fault code that
//! reaches the peer.

// Tests fail by panicking; helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod both;

use xmlrpc_core::{Error, Fault, ParseOptions, Value};

fn refuse(doc: &[u8]) -> Error {
    match both::call(doc) {
        Ok(call) => panic!("accepted {:?} as {call:?}", String::from_utf8_lossy(doc)),
        Err(e) => e,
    }
}

fn code(doc: &str) -> i32 {
    Fault::from(refuse(doc.as_bytes())).code
}

fn with_param(value_xml: &str) -> String {
    format!(
        "<methodCall><methodName>m</methodName><params><param>{value_xml}</param></params></methodCall>"
    )
}

#[test]
fn not_well_formed_is_a_parse_error() {
    for doc in [
        "",
        "   ",
        "<methodCall><methodName>m</methodName>",
        "<methodCall><methodName>m</methodName></methodcall>",
        "<methodCall><methodName>m</methodName><params></methodCall>",
        "<methodCall><methodName>m</methodName></methodCall><extra/>",
        "<methodCall><methodName>m</methodName></methodCall>junk",
        "<methodCall><methodName>a&b</methodName></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value>&#0;</value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value>&#xD800;</value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value>&#x110000;</value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value>&nbsp;</value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value>\u{1}</value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value><![CDATA[x</value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><!-- a -- b --></methodCall>",
        "<methodCall><methodName>m</methodName></methodCall><?xml version=\"1.0\"?>",
        // Mismatched end tags at each level: the grammar checks them itself.
        "<methodCall><methodName>m</methodname></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value><int>1</i4></value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value>x</param></value></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value><array><data></array></data></value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value><struct><member><name>a</nam><value>1</value></member></struct></value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params><param><value><struct><member><name>a</name><value>1</value></struct></member></value></param></params></methodCall>",
        "<methodCall><methodName>m</methodName><params></param></params></methodCall>",
        "<methodCall><methodName>m</methodName></methodResponse>",
        "<methodCall><methodName>m</methodName></methodCall></methodCall>",
    ] {
        let err = refuse(doc.as_bytes());
        assert!(matches!(err, Error::Syntax { .. }), "{doc:?}: {err:?}");
        assert_eq!(Fault::from(err).code, Fault::PARSE_ERROR, "{doc:?}");
    }
    let err = refuse(b"<methodCall><methodName>m\xff</methodName></methodCall>");
    assert!(matches!(err, Error::Syntax { position: 25, .. }), "{err:?}");
}

#[test]
fn unsupported_encoding_is_32701() {
    assert_eq!(
        code(
            "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><methodCall><methodName>m</methodName></methodCall>"
        ),
        Fault::UNSUPPORTED_ENCODING
    );
}

#[test]
fn any_doctype_is_refused_so_entities_never_expand() {
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\
        <methodCall><methodName>m</methodName><params><param><value>&lol2;</value></param></params></methodCall>";
    let external = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
        <methodCall><methodName>&xxe;</methodName></methodCall>";
    let plain = "<!DOCTYPE methodCall><methodCall><methodName>m</methodName></methodCall>";
    for doc in [laughs, external, plain] {
        let err = refuse(doc.as_bytes());
        assert!(matches!(err, Error::DocType { .. }), "{err:?}");
        assert_eq!(Fault::from(err).code, Fault::INVALID_REQUEST);
    }
}

#[test]
fn invalid_xml_rpc_is_an_invalid_request() {
    for doc in [
        "<methodResponse><params/></methodResponse>".to_owned(),
        "<methodCall><params/></methodCall>".to_owned(),
        "<methodCall/>".to_owned(),
        "<methodCall><methodName>m</methodName><params><bogus/></params></methodCall>".to_owned(),
        with_param("<value><float>1</float></value>"),
        with_param("<value><struct><member><name>a</name></member></struct></value>"),
        with_param("<value><struct><member><value>1</value></member></struct></value>"),
        with_param(
            "<value><struct><member><name>a</name><value>1</value><value>2</value></member></struct></value>",
        ),
        with_param(
            "<value><struct><member><name>a</name><name>b</name><value>1</value></member></struct></value>",
        ),
        with_param(
            "<value><struct><member><name>a</name><value>1</value><name/></member></struct></value>",
        ),
        with_param("<value><struct><foo/></struct></value>"),
        with_param("<value><array><data><int>1</int></data></array></value>"),
        with_param("<value>text<int>1</int></value>"),
        with_param("<value><int>1</int><int>2</int></value>"),
        with_param("<value><int><i4>1</i4></int></value>"),
        with_param("<notvalue/>"),
        "<methodCall><methodName></methodName></methodCall>".to_owned(),
        "<methodCall><methodName>has space</methodName></methodCall>".to_owned(),
        "<methodCall><methodName>semi;colon</methodName></methodCall>".to_owned(),
        "<methodCall><methodName>é</methodName></methodCall>".to_owned(),
    ] {
        let err = refuse(doc.as_bytes());
        assert_eq!(Fault::from(err).code, Fault::INVALID_REQUEST, "{doc}");
    }
}

#[test]
fn invalid_scalar_text_names_type_text_and_position() {
    for (value, ty) in [
        ("<int>abc</int>", "int"),
        ("<int>2147483648</int>", "int"),
        ("<i4>-2147483649</i4>", "int"),
        ("<int></int>", "int"),
        ("<int/>", "int"),
        ("<int>1.0</int>", "int"),
        ("<i8>9223372036854775808</i8>", "i8"),
        ("<boolean>2</boolean>", "boolean"),
        ("<boolean>true</boolean>", "boolean"),
        ("<boolean/>", "boolean"),
        ("<double>nan</double>", "double"),
        ("<double>inf</double>", "double"),
        ("<double>1e999</double>", "double"),
        ("<double>abc</double>", "double"),
        ("<base64>not*base64</base64>", "base64"),
        ("<base64>QQ=x</base64>", "base64"),
        ("<base64>aGkxa</base64>", "base64"),
        ("<base64>aG=k</base64>", "base64"),
        ("<base64>aGk-</base64>", "base64"),
        (
            "<dateTime.iso8601>19980230T00:00:00</dateTime.iso8601>",
            "dateTime.iso8601",
        ),
        (
            "<dateTime.iso8601>yesterday</dateTime.iso8601>",
            "dateTime.iso8601",
        ),
        ("<nil>x</nil>", "nil"),
    ] {
        let doc = with_param(&format!("<value>{value}</value>"));
        match refuse(doc.as_bytes()) {
            Error::InvalidScalar {
                ty: got, position, ..
            } => {
                assert_eq!(got, ty, "{value}");
                assert!(
                    position > 50 && position < doc.len(),
                    "{value}: position {position}"
                );
            }
            other => panic!("{value}: {other:?}"),
        }
    }
    let err = refuse(with_param("<value><int>12x</int></value>").as_bytes());
    assert!(err.to_string().contains("`12x`"), "{err}");
}

#[test]
fn nesting_limit_is_enforced_and_configurable() {
    let nested = |depth: usize| {
        with_param(&format!(
            "<value>{}<int>1</int>{}</value>",
            "<array><data><value>".repeat(depth),
            "</value></data></array>".repeat(depth)
        ))
    };
    let limit = ParseOptions::DEFAULT_MAX_DEPTH;
    assert!(both::call(nested(100).as_bytes()).is_ok());
    assert!(both::call(nested(limit).as_bytes()).is_ok());
    let err = refuse(nested(limit + 1).as_bytes());
    assert!(matches!(err, Error::TooDeep { .. }), "{err:?}");
    assert_eq!(Fault::from(err).code, Fault::INVALID_REQUEST);

    let options = ParseOptions::default().with_max_depth(3);
    assert!(both::call_with(nested(3).as_bytes(), &options).is_ok());
    assert!(both::call_with(nested(4).as_bytes(), &options).is_err());
}

#[test]
fn hundred_thousand_levels_are_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let structs = with_param(&format!(
        "<value>{}{}</value>",
        "<struct><member><name>a</name><value>".repeat(depth),
        "</value></member></struct>".repeat(depth)
    ));
    let arrays = with_param(&format!("<value>{}", "<array><value>".repeat(depth)));
    for doc in [structs, arrays] {
        assert!(matches!(refuse(doc.as_bytes()), Error::TooDeep { .. }));
    }
    // The limit cannot be lifted past the ceiling.
    let lifted = ParseOptions::default().with_max_depth(usize::MAX);
    assert_eq!(lifted.max_depth(), ParseOptions::DEPTH_CEILING);
    let doc = with_param(&format!("<value>{}", "<array><data><value>".repeat(depth)));
    assert!(matches!(
        both::call_with(doc.as_bytes(), &lifted),
        Err(Error::TooDeep { .. })
    ));

    // A value built by hand that deep is refused by the writer, which needs
    // no recursion to find out.
    let mut v = Value::Int(1);
    for _ in 0..depth {
        v = Value::Array(vec![v]);
    }
    let err = v.to_xml().unwrap_err();
    assert!(matches!(err, Error::WriteTooDeep { .. }), "{err:?}");
    // Dropping it would recurse 100 000 times: that is the caller's own
    // structure, not peer input, so it is leaked here rather than dropped.
    std::mem::forget(v);
}

#[test]
fn the_deepest_readable_value_converts_writes_and_drops_on_a_small_stack() {
    let depth = ParseOptions::DEPTH_CEILING;
    let doc = format!(
        "<value>{}<int>1</int>{}</value>",
        "<struct><member><name>a</name><value><array><data><value>".repeat(depth / 2),
        "</value></data></array></value></member></struct>".repeat(depth / 2)
    );
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let options = ParseOptions::default().with_max_depth(depth);
            let call = both::call_with(with_param(&doc).as_bytes(), &options).unwrap();
            let converted: Value = xmlrpc_core::from_value(call.params[0].clone()).unwrap();
            assert_eq!(converted, call.params[0]);
            let again = xmlrpc_core::to_value(&converted).unwrap();
            // The writer refuses what a reader with the default limit would.
            let err = again.to_xml().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "value nested deeper than {} levels cannot be written",
                    ParseOptions::DEFAULT_MAX_DEPTH
                )
            );
        });
    assert!(worker.unwrap().join().is_ok());
}

#[test]
fn the_writer_writes_exactly_what_the_default_reader_reads() {
    let nest = |depth: usize| {
        let mut v = Value::Int(1);
        for i in 0..depth {
            v = if i % 2 == 0 {
                Value::Array(vec![v])
            } else {
                Value::Struct([("a", v)].into_iter().collect())
            };
        }
        v
    };
    let deepest = nest(ParseOptions::DEFAULT_MAX_DEPTH);
    let xml = deepest.to_xml().unwrap();
    assert_eq!(both::value(xml.as_bytes()).unwrap(), deepest);
    let one_more = nest(ParseOptions::DEFAULT_MAX_DEPTH + 1);
    assert!(matches!(
        one_more.to_xml(),
        Err(Error::WriteTooDeep { limit }) if limit == ParseOptions::DEFAULT_MAX_DEPTH
    ));
    // And the reader refuses that depth as written by hand.
    let doc = format!(
        "<value>{}<int>1</int>{}</value>",
        "<array><data><value>".repeat(ParseOptions::DEFAULT_MAX_DEPTH + 1),
        "</value></data></array>".repeat(ParseOptions::DEFAULT_MAX_DEPTH + 1)
    );
    assert!(matches!(
        both::value(doc.as_bytes()),
        Err(Error::TooDeep { .. })
    ));
}

#[test]
fn responses_are_checked_as_strictly() {
    for doc in [
        "<methodResponse></methodResponse>",
        "<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>",
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>",
        "<methodResponse><fault><value><string>x</string></value></fault></methodResponse>",
        "<methodCall><methodName>m</methodName></methodCall>",
    ] {
        let err = both::response(doc.as_bytes()).unwrap_err();
        assert_eq!(Fault::from(err).code, Fault::INVALID_REQUEST, "{doc}");
    }
}

#[test]
fn errors_carry_positions() {
    let doc = with_param("<value><bogus/></value>");
    let err = refuse(doc.as_bytes());
    assert_eq!(err.position(), doc.find("<bogus/>"));
    assert!(err.to_string().contains("`<bogus>`"), "{err}");
    assert_eq!(
        both::value(b"<value><int>1</int></value>").unwrap(),
        Value::Int(1)
    );
}

#[test]
fn a_document_holds_at_most_the_values_allowed_counted_every_way() {
    // Four values: an empty param, an array param, and the array's items,
    // one empty, one full; then struct members, empty and full.
    let doc = "<methodCall><methodName>m</methodName><params>\
        <param><value/></param>\
        <param><value><array><data><value/><value><i4>1</i4></value></data></array></value></param>\
        </params></methodCall>";
    let members = with_param(
        "<value><struct><member><name>a</name><value/></member>\
         <member><name>b</name><value>x</value></member></struct></value>",
    );
    let four = ParseOptions::default().with_max_values(4);
    let three = ParseOptions::default().with_max_values(3);
    let call = both::call_with(doc.as_bytes(), &four).unwrap();
    assert_eq!(call.params.len(), 2);
    let err = both::call_with(doc.as_bytes(), &three).unwrap_err();
    assert!(
        matches!(err, Error::TooManyValues { limit: 3, .. }),
        "{err:?}"
    );
    assert_eq!(Fault::from(err).code, Fault::INVALID_REQUEST);
    assert!(both::call_with(members.as_bytes(), &three).is_ok());
    let two = ParseOptions::default().with_max_values(2);
    let err = both::call_with(members.as_bytes(), &two).unwrap_err();
    assert_eq!(err.position(), members.find("<value>x"));

    // The default: 2^20, whatever the document's size.
    let many = with_param(&format!(
        "<value><array><data>{}</data></array></value>",
        "<value/>".repeat(ParseOptions::DEFAULT_MAX_VALUES)
    ));
    assert!(matches!(
        refuse(many.as_bytes()),
        Error::TooManyValues { .. }
    ));
}

#[test]
fn a_body_that_is_not_xml_is_a_parse_error() {
    for doc in [
        "hello",
        "  hello <methodCall/>",
        "{\"json\": true}",
        "Internal Server Error",
    ] {
        let err = both::call(doc.as_bytes()).unwrap_err();
        assert_eq!(Fault::from(err).code, Fault::PARSE_ERROR, "{doc}");
        let err = both::response(doc.as_bytes()).unwrap_err();
        assert_eq!(Fault::from(err).code, Fault::PARSE_ERROR, "{doc}");
    }
    // Well-formed XML of another kind stays an invalid request.
    let err = both::call(b"<html><body/></html>").unwrap_err();
    assert_eq!(Fault::from(err).code, Fault::INVALID_REQUEST);
}
