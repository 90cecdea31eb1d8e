//! Marshalling throughput, each beside its ceiling.
//!
//! `cargo bench -p bench --bench marshal`
//!
//! For each payload (the tiny call `add(2, 3)`, a ~4 KB call with an array
//! of 12 structs, a 1 MiB base64 echo) this measures our decode and encode
//! and, on the same bytes, a raw quick-xml event scan that builds nothing:
//! the ceiling for any reader built on quick-xml. For base64 it also
//! measures the base64 and base64-simd crates decoding the same text alone,
//! and encoding the same bytes. serde_xmlrpc and dxr, the other Rust
//! XML-RPC codecs, decode and encode the same documents. Throughput is
//! reported in bytes of XML per second.

// A benchmark with a broken payload should stop loudly.
#![allow(clippy::expect_used, clippy::cast_possible_truncation)]

use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use xmlrpc_core::MethodCall;

mod payloads;
use payloads::{base64_mib, medium, tiny};
mod scan;
use scan::raw_scan;

fn bench(c: &mut Criterion) {
    for (name, call) in [
        ("tiny", tiny()),
        ("medium", medium()),
        ("base64_1mib", base64_mib()),
    ] {
        let xml = call.to_xml().expect("benchmark payloads are valid");
        assert_eq!(
            MethodCall::from_xml(xml.as_bytes()).expect("reads back"),
            call
        );
        eprintln!("payload {name}: {} bytes of XML", xml.len());
        let mut group = c.benchmark_group(format!("decode/{name}"));
        group.throughput(Throughput::Bytes(xml.len() as u64));
        group.bench_function("xmlrpc", |b| {
            b.iter(|| MethodCall::from_xml(black_box(xml.as_bytes())));
        });
        group.bench_function("quick_xml_scan", |b| b.iter(|| raw_scan(black_box(&xml))));
        // The other Rust codecs on the same bytes (see BENCHMARKS.md for what
        // each does less or more than ours).
        let (name_other, values) =
            serde_xmlrpc::request_from_str(&xml).expect("serde_xmlrpc reads the payload");
        assert_eq!(name_other, call.name);
        group.bench_function("serde_xmlrpc", |b| {
            b.iter(|| serde_xmlrpc::request_from_str(black_box(&xml)));
        });
        let dxr_call = dxr::MethodCall::from_xml(&xml).expect("dxr reads the payload");
        group.bench_function("dxr", |b| {
            b.iter(|| dxr::MethodCall::from_xml(black_box(&xml)));
        });
        if name == "base64_1mib" {
            let start = xml.find("<base64>").expect("has base64") + "<base64>".len();
            let end = xml.find("</base64>").expect("has base64");
            let text = &xml[start..end];
            group.bench_function("base64_crate", |b| {
                b.iter(|| base64::engine::general_purpose::STANDARD.decode(black_box(text)));
            });
            group.bench_function("base64_simd_crate", |b| {
                b.iter(|| base64_simd::forgiving_decode_to_vec(black_box(text.as_bytes())));
            });
        }
        group.finish();

        let mut group = c.benchmark_group(format!("encode/{name}"));
        group.throughput(Throughput::Bytes(xml.len() as u64));
        group.bench_function("xmlrpc", |b| b.iter(|| black_box(&call).to_xml()));
        // serde_xmlrpc takes the values by value: the clone is timed too.
        group.bench_function("serde_xmlrpc", |b| {
            b.iter(|| serde_xmlrpc::request_to_string(&call.name, black_box(values.clone())));
        });
        group.bench_function("dxr", |b| b.iter(|| black_box(&dxr_call).to_xml()));
        if name == "base64_1mib" {
            let bytes = match &call.params[0] {
                xmlrpc_core::Value::Base64(bytes) => bytes.clone(),
                other => panic!("not base64: {other:?}"),
            };
            group.bench_function("base64_crate", |b| {
                b.iter(|| base64::engine::general_purpose::STANDARD.encode(black_box(&bytes)));
            });
            group.bench_function("base64_simd_crate", |b| {
                b.iter(|| base64_simd::STANDARD.encode_to_string(black_box(&bytes)));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
