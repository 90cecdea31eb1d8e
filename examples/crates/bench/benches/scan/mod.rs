//! The ceiling for any reader built on quick-xml, shared by the
//! marshalling bench and `examples/decode_loop.rs` so both measure the
//! same loop.

use std::hint::black_box;

use quick_xml::Reader;
use quick_xml::events::Event;

/// Reads every event and keeps nothing: what quick-xml alone costs.
pub(crate) fn raw_scan(xml: &str) -> usize {
    let mut reader = Reader::from_str(xml);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return events,
            Ok(e) => {
                black_box(&e);
                events += 1;
            }
        }
    }
}
