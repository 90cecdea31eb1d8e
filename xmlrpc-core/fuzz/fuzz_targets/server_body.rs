//! Fuzzes the server's request decoding with its limits: any body, sent
//! as it is or gzip-compressed, declared gzip or not, to the router (no
//! socket). Every request must get an answer: 200 with XML-RPC, or 400,
//! 413, 415 (never a panic, never more memory than the limits allow).
#![no_main]

use std::io::Write as _;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use flate2::Compression;
use flate2::write::GzEncoder;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt as _;
use xmlrpc_core::Value;
use xmlrpc_server::{Limits, Server};

fn router() -> &'static axum::Router {
    static ROUTER: OnceLock<axum::Router> = OnceLock::new();
    ROUTER.get_or_init(|| {
        Server::new()
            .register_function_as("echo", |v: Value| v)
            .limits(Limits::default().body(64 << 10).inflated_body(256 << 10).values(1000))
            .into_router()
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    // Bit 0: compress the body; bit 1: declare gzip; bit 2: declare the
    // length.
    let body = if mode & 1 == 1 {
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(body).expect("into a Vec");
        gz.finish().expect("into a Vec")
    } else {
        body.to_vec()
    };
    let mut request = Request::post("/RPC2").header(header::CONTENT_TYPE, "text/xml");
    if mode & 2 == 2 {
        request = request.header(header::CONTENT_ENCODING, "gzip");
    }
    if mode & 4 == 4 {
        request = request.header(header::CONTENT_LENGTH, body.len());
    }
    let request = request.body(Body::from(body)).expect("a request");
    let status = runtime()
        .block_on(router().clone().oneshot(request))
        .expect("the router answers")
        .status();
    assert!(
        matches!(
            status,
            StatusCode::OK
                | StatusCode::BAD_REQUEST
                | StatusCode::PAYLOAD_TOO_LARGE
                | StatusCode::UNSUPPORTED_MEDIA_TYPE
        ),
        "{status}"
    );
});
