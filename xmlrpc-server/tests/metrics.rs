//! The `metrics` feature: calls, faults and latency per method, calls in
//! flight and open connections, scraped in Prometheus' text format from a
//! real server after real calls. Alone in its test binary: the recorder
//! is process-wide.

#![cfg(feature = "metrics")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{Peer, call_xml, post, spawn};
use xmlrpc_core::{Fault, Struct, Value};
use xmlrpc_server::{Server, prometheus};

fn divide(a: f64, b: f64) -> Result<f64, Fault> {
    if b == 0.0 {
        return Err(Fault::new(1001, "division by zero"));
    }
    Ok(a / b)
}

async fn nap(ms: u64) -> u64 {
    tokio::time::sleep(Duration::from_millis(ms)).await;
    ms
}

/// The value of the sample named `name` (with its labels) in `text`.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

async fn scrape(peer: &mut Peer) -> String {
    peer.send(b"GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n").await;
    let reply = peer.read().await.unwrap();
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    String::from_utf8(reply.body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_faults_latency_in_flight_and_connections_are_scraped() {
    let handle = prometheus::install().unwrap();
    let server = spawn(
        Server::new()
            .register_function_as("add", |a: i32, b: i32| a + b)
            .register_function(divide)
            .register_function(nap)
            .prometheus("/metrics", handle),
    )
    .await;
    let mut peer = Peer::connect(server.addr).await;
    let mut call = async |name: &str, params: Vec<Value>| {
        peer.send(post(&call_xml(name, params), "").as_bytes())
            .await;
        peer.read().await.unwrap().result()
    };
    for n in 0..3 {
        assert_eq!(
            call("add", vec![Value::Int(n), Value::Int(1)]).await,
            Ok(Value::Int(n + 1))
        );
    }
    assert!(
        call("divide", vec![Value::Double(1.0), Value::Double(0.0)])
            .await
            .is_err()
    );
    assert!(call("made_up_name_1", vec![]).await.is_err());
    assert!(call("made_up_name_2", vec![]).await.is_err());
    let entry = |name: &str| {
        let mut s = Struct::new();
        s.insert("methodName", Value::from(name));
        s.insert("params", Value::Array(vec![Value::Int(1), Value::Int(1)]));
        Value::Struct(s)
    };
    call(
        "system.multicall",
        vec![Value::Array(vec![entry("add"), entry("add")])],
    )
    .await
    .unwrap();

    // A call in flight while scraping from a second connection.
    let mut busy = Peer::connect(server.addr).await;
    busy.send(post(&call_xml("nap", vec![Value::Int(400)]), "").as_bytes())
        .await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let mut scraper = Peer::connect(server.addr).await;
    let during = scrape(&mut scraper).await;
    assert_eq!(
        sample(&during, "xmlrpc_server_calls_in_flight"),
        Some(1.0),
        "{during}"
    );
    assert!(
        sample(&during, "xmlrpc_server_connections_open") >= Some(3.0),
        "{during}"
    );
    assert_eq!(busy.read().await.unwrap().result(), Ok(Value::Int(400)));

    let text = scrape(&mut scraper).await;
    assert_eq!(
        sample(&text, "xmlrpc_server_calls_total{method=\"add\"}"),
        Some(5.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "xmlrpc_server_calls_total{method=\"divide\"}"),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "xmlrpc_server_faults_total{method=\"divide\",code=\"1001\"}"
        ),
        Some(1.0),
        "{text}"
    );
    // Made-up names share one label.
    assert_eq!(
        sample(&text, "xmlrpc_server_calls_total{method=\"unknown\"}"),
        Some(2.0)
    );
    assert_eq!(
        sample(
            &text,
            "xmlrpc_server_faults_total{method=\"unknown\",code=\"-32601\"}"
        ),
        Some(2.0)
    );
    assert!(!text.contains("made_up_name"), "{text}");
    assert_eq!(
        sample(
            &text,
            "xmlrpc_server_calls_total{method=\"system.multicall\"}"
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "xmlrpc_server_call_duration_seconds_count{method=\"add\"}"
        ),
        Some(5.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "xmlrpc_server_call_duration_seconds_bucket{method=\"nap\",le=\"0.25\"}"
        ),
        Some(0.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "xmlrpc_server_call_duration_seconds_bucket{method=\"nap\",le=\"1\"}"
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(sample(&text, "xmlrpc_server_calls_in_flight"), Some(0.0));
    // The RPC endpoint's GET stays 405.
    scraper.send(b"GET /RPC2 HTTP/1.1\r\nHost: t\r\n\r\n").await;
    assert_eq!(scraper.read().await.unwrap().status, 405);
    server.stop().await;
}
