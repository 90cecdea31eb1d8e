//! What the server tells tracing. Alone in its test binary: tracing caches
//! per call site whether anyone listens, and a test running beside it
//! without a subscriber could make that cache say no.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::StatusCode;
use tower::ServiceExt as _;
use xmlrpc_core::Value;
use xmlrpc_server::Server;

use common::call_xml;

/// Collects what tracing writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_call_is_traced_and_each_request_logged_like_python() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let router = Server::new()
        .register_function_as("add", |a: i32, b: i32| a + b)
        .into_router();
    let call = |xml: String| {
        axum::http::Request::post("/RPC2")
            .body(Body::from(xml))
            .unwrap()
    };
    let ok = router
        .clone()
        .oneshot(call(call_xml("add", vec![Value::Int(1), Value::Int(2)])))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    router
        .oneshot(call(call_xml("nope", vec![])))
        .await
        .unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("xmlrpc_call{rpc.system=\"xmlrpc\" rpc.method=\"add\""),
        "{log}"
    );
    assert!(log.contains("rpc.xmlrpc.fault_code=-32601"), "{log}");
    assert!(log.contains("call ok"), "{log}");
    assert!(log.contains("code=-32601"), "{log}");
    assert!(log.contains("- - ["), "{log}");
    assert!(log.contains("\"POST /RPC2 HTTP/1.1\" 200 "), "{log}");
}

#[tokio::test]
async fn the_access_line_is_at_debug_not_info() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let response = Server::new()
        .register_function_as("add", |a: i32, b: i32| a + b)
        .into_router()
        .oneshot(
            axum::http::Request::post("/RPC2")
                .body(Body::from(call_xml(
                    "add",
                    vec![Value::Int(1), Value::Int(2)],
                )))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(!log.contains("POST /RPC2"), "{log}");
}
