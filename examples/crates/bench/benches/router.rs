//! The server's request path without sockets: each request goes through
//! `tower::ServiceExt::oneshot` on the router, for our `conformance`
//! service and for loadbench's ceiling (axum answering a canned
//! methodResponse). This leaves out the kernel and the load generator,
//! which make up most of loadbench's figures and most of its noise. What
//! remains is what our stack adds on top of axum: the XML read and write,
//! the dispatch, and the tower-http layers.
//!
//! `cargo bench -p bench --bench router -- --warm-up-time 2 --measurement-time 5`

// A benchmark whose setup fails should stop loudly.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use axum::body::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use examples::conformance::Conformance;
use xmlrpc_core::{MethodCall, MethodResponse, Value};
use xmlrpc_server::Server;

#[path = "../examples/loadbench/ceiling.rs"]
mod ceiling;
mod payloads;
mod route;
use route::call;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let ours = Server::new()
        .register_instance(Conformance::default())
        .into_router();
    for (name, call_doc, expected) in [
        ("tiny", payloads::tiny(), Value::Int(5)),
        (
            "medium",
            payloads::medium(),
            payloads::medium().params[0].clone(),
        ),
        (
            "base64_1mib",
            payloads::base64_mib(),
            payloads::base64_mib().params[0].clone(),
        ),
    ] {
        let body = Bytes::from(call_doc.to_xml().expect("valid payload"));
        let answer = MethodResponse::Success(expected.clone());
        let canned = Bytes::from(answer.to_xml().expect("valid answer"));
        let ceiling = ceiling::router(canned.clone());
        // Both answer right before anything is timed.
        for app in [&ours, &ceiling] {
            let got = rt.block_on(call(app, &body));
            let parsed = MethodResponse::from_xml(&got).expect("a methodResponse");
            assert_eq!(parsed, answer, "{name}");
        }
        assert!(MethodCall::from_xml(&body).is_ok());

        let mut group = c.benchmark_group(format!("router/{name}"));
        group.bench_function("ceiling", |b| {
            b.iter(|| rt.block_on(call(&ceiling, black_box(&body))));
        });
        group.bench_function("ours", |b| {
            b.iter(|| rt.block_on(call(&ours, black_box(&body))));
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
