//! Sends one benchmark payload through a router a fixed number of times,
//! in process (no sockets), for instruction counts of the whole request
//! path that do not drift the way timings do:
//!
//! ```sh
//! cargo build --release -p bench --example route_loop
//! for n in 1 201; do
//!   valgrind --tool=callgrind --callgrind-out-file=cg.$n \
//!     target/release/examples/route_loop ours tiny $n
//! done
//! ```
//!
//! (instructions per request = the difference of the two totals / 200).
//! Routers: `ours` (the conformance service) and `ceiling` (loadbench's
//! axum answering a canned methodResponse); payloads: `tiny`, `medium`,
//! `base64`.

// A measuring tool with bad arguments should stop loudly.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use axum::body::Bytes;
use xmlrpc_core::MethodResponse;
use xmlrpc_server::Server;

#[path = "loadbench/ceiling.rs"]
mod ceiling;
#[path = "../benches/payloads/mod.rs"]
mod payloads;
#[path = "../benches/route/mod.rs"]
mod route;
use route::call;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [router, payload, count] = args.as_slice() else {
        eprintln!("usage: route_loop ours|ceiling tiny|medium|base64 COUNT");
        std::process::exit(2);
    };
    let (call_doc, expected) =
        payloads::named(payload).unwrap_or_else(|| panic!("unknown payload {payload}"));
    let body = Bytes::from(call_doc.to_xml().expect("valid payload"));
    let answer = MethodResponse::Success(expected);
    let app = match router.as_str() {
        "ours" => Server::new()
            .register_instance(examples::conformance::Conformance::default())
            .into_router(),
        "ceiling" => ceiling::router(Bytes::from(answer.to_xml().expect("valid answer"))),
        other => panic!("unknown router {other}"),
    };
    let count: usize = count.parse().expect("COUNT is a number");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let got = rt.block_on(call(&app, &body));
    assert_eq!(
        MethodResponse::from_xml(&got).expect("a methodResponse"),
        answer
    );
    for _ in 1..count {
        black_box(rt.block_on(call(&app, black_box(&body))));
    }
}
