//! Differential fuzzing of the reader's fast path against quick-xml: on
//! any bytes, whatever the fast path reads by itself, quick-xml must read
//! to the same call, response or value; and what users get (the fast path
//! with quick-xml behind it) must be exactly quick-xml's answer, value or
//! error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xmlrpc_core::{Error, MethodCall, MethodResponse, ParseOptions, ReaderPath, Value};

fn check<T: PartialEq + std::fmt::Debug>(
    data: &[u8],
    read: impl Fn(&[u8], &ParseOptions) -> Result<T, Error>,
) {
    let options = ParseOptions::default();
    let quick = read(data, &options.clone().with_reader_path(ReaderPath::QuickXml));
    let fast = read(data, &options.clone().with_reader_path(ReaderPath::FastOnly));
    let auto = read(data, &options);
    if let Ok(value) = &fast {
        assert!(matches!(&quick, Ok(q) if q == value), "fast {value:?}, quick {quick:?}");
    }
    match (&auto, &quick) {
        (Ok(a), Ok(q)) => assert_eq!(a, q),
        (Err(a), Err(q)) => {
            assert_eq!(a.to_string(), q.to_string());
            assert_eq!(a.position(), q.position());
        }
        _ => panic!("auto {auto:?}, quick {quick:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    check(data, MethodCall::from_xml_with);
    check(data, MethodResponse::from_xml_with);
    check(data, Value::from_xml_with);
});
