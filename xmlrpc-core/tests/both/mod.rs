//! Reads each document on every path, quick-xml alone, the fast path
//! alone and the two together (what users get), and checks that they
//! agree, so that every reader test also tests the fast path.

#![allow(dead_code, clippy::unwrap_used)] // each test file uses a part

use std::fmt::Debug;

use xmlrpc_core::{Error, MethodCall, MethodResponse, ParseOptions, ReaderPath, Value};

/// What a read gave, comparable: the value, or the error's words, fault
/// code and position.
fn same<T: PartialEq + Debug>(a: &Result<T, Error>, b: &Result<T, Error>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Err(x), Err(y)) => {
            x.to_string() == y.to_string()
                && x.fault_code() == y.fault_code()
                && x.position() == y.position()
        }
        _ => false,
    }
}

fn check<T: PartialEq + Debug>(
    doc: &[u8],
    options: &ParseOptions,
    read: impl Fn(&[u8], &ParseOptions) -> Result<T, Error>,
) -> Result<T, Error> {
    let quick = read(doc, &options.clone().with_reader_path(ReaderPath::QuickXml));
    let fast = read(doc, &options.clone().with_reader_path(ReaderPath::FastOnly));
    let auto = read(doc, options);
    let shown = String::from_utf8_lossy(doc);
    // The fast path may give up, but what it accepts, quick-xml accepts
    // the same.
    if let Ok(value) = &fast {
        assert!(
            matches!(&quick, Ok(q) if q == value),
            "the fast path read {value:?} where quick-xml gave {quick:?}: {shown}"
        );
    }
    assert!(
        same(&auto, &quick),
        "{auto:?} against quick-xml's {quick:?}: {shown}"
    );
    auto
}

pub(crate) fn call(doc: &[u8]) -> Result<MethodCall, Error> {
    call_with(doc, &ParseOptions::default())
}

pub(crate) fn call_with(doc: &[u8], options: &ParseOptions) -> Result<MethodCall, Error> {
    check(doc, options, MethodCall::from_xml_with)
}

pub(crate) fn response(doc: &[u8]) -> Result<MethodResponse, Error> {
    check(doc, &ParseOptions::default(), MethodResponse::from_xml_with)
}

pub(crate) fn value(doc: &[u8]) -> Result<Value, Error> {
    check(doc, &ParseOptions::default(), Value::from_xml_with)
}
