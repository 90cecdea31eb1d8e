//! Decodes (or raw-scans) one benchmark payload a fixed number of times,
//! for instruction counts that do not drift the way timings do on a shared
//! machine:
//!
//! ```sh
//! cargo build --release -p bench --example decode_loop
//! for n in 1 201; do
//!   valgrind --tool=callgrind --callgrind-out-file=cg.$n \
//!     target/release/examples/decode_loop decode medium $n
//! done
//! ```
//!
//! (instructions per document = the difference of the two totals / 200).
//! Modes: `decode` (`MethodCall::from_xml`), `encode` (`MethodCall::to_xml`)
//! `scan` (the bench's raw quick-xml scan) and `print` (the document itself); payloads: `tiny`, `medium`,
//! `base64`.

// A measuring tool with bad arguments should stop loudly.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use xmlrpc_core::MethodCall;

#[path = "../benches/payloads/mod.rs"]
mod payloads;
#[path = "../benches/scan/mod.rs"]
mod scan;
use scan::raw_scan;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, payload, count] = args.as_slice() else {
        eprintln!("usage: decode_loop decode|encode|scan|print tiny|medium|base64 COUNT");
        std::process::exit(2);
    };
    let (call, _) = payloads::named(payload).unwrap_or_else(|| panic!("unknown payload {payload}"));
    let xml = call.to_xml().expect("benchmark payloads are valid");
    let count: usize = count.parse().expect("COUNT is a number");
    for _ in 0..count {
        match mode.as_str() {
            "print" => print!("{xml}"),
            "scan" => {
                black_box(raw_scan(black_box(&xml)));
            }
            "decode" => {
                black_box(MethodCall::from_xml(black_box(xml.as_bytes())).expect("decodes"));
            }
            "encode" => {
                black_box(black_box(&call).to_xml().expect("encodes"));
            }
            other => panic!("unknown mode {other}"),
        }
    }
}
