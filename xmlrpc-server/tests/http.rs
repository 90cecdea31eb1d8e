//! HTTP behaviour of the router, with `oneshot` and no socket.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read as _, Write as _};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;
use xmlrpc_core::{Fault, MethodResponse, Value};
use xmlrpc_server::{Dispatcher, Limits, Server};

use common::{Lab, call_xml};

fn router() -> Router {
    Server::new()
        .register_instance(Lab)
        .limits(Limits::default().body(1 << 20).inflated_body(2 << 20))
        .endpoint(
            "/objects/greeting",
            Dispatcher::new()
                .register_function_as("greet", |name: String| format!("hello, {name}")),
        )
        .into_router()
}

fn post(path: &str) -> axum::http::request::Builder {
    Request::post(path).header(header::CONTENT_TYPE, "text/xml")
}

async fn send(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = router().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

async fn call(path: &str, xml: String) -> Result<Value, Fault> {
    let (status, headers, body) = send(post(path).body(Body::from(xml)).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    MethodResponse::from_xml(&body).unwrap().into_result()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn calls_answer_on_both_default_paths_and_on_other_endpoints() {
    for path in ["/", "/RPC2"] {
        let sum = call(path, call_xml("add", vec![Value::Int(2), Value::Int(3)])).await;
        assert_eq!(sum, Ok(Value::Int(5)));
    }
    let hi = call(
        "/objects/greeting",
        call_xml("greet", vec![Value::from("ada")]),
    )
    .await;
    assert_eq!(hi, Ok(Value::from("hello, ada")));
    // Each endpoint has its own methods.
    let missing = call("/objects/greeting", call_xml("add", vec![])).await;
    assert_eq!(missing.unwrap_err().code, Fault::METHOD_NOT_FOUND);
}

#[tokio::test]
async fn only_post_on_endpoints_and_404_elsewhere() {
    let (status, headers, _) = send(Request::get("/RPC2").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::ALLOW], "POST");
    let (status, _, _) = send(
        post("/nope")
            .body(Body::from(call_xml("add", vec![])))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_xml_rpc_answer_is_200_text_xml_with_its_fault_code() {
    let cases: [(&str, i32); 6] = [
        ("", Fault::PARSE_ERROR),
        (
            "<methodCall><methodName>add</methodName>",
            Fault::PARSE_ERROR,
        ),
        (
            "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><methodCall/>",
            Fault::UNSUPPORTED_ENCODING,
        ),
        (
            "<!DOCTYPE x [<!ENTITY a \"b\">]><methodCall><methodName>add</methodName></methodCall>",
            Fault::INVALID_REQUEST,
        ),
        (
            "<methodCall><methodName>nope</methodName></methodCall>",
            Fault::METHOD_NOT_FOUND,
        ),
        (
            "<methodCall><methodName>add</methodName><params><param><value><boolean>1</boolean></value></param></params></methodCall>",
            Fault::INVALID_PARAMS,
        ),
    ];
    for (body, code) in cases {
        let fault = call("/RPC2", body.to_owned()).await.unwrap_err();
        assert_eq!(fault.code, code, "{body}: {fault}");
        assert!(!fault.string.is_empty());
    }
    let fault = call("/RPC2", call_xml("fail", vec![])).await.unwrap_err();
    assert_eq!(fault, Fault::new(1001, "division by zero"));
}

#[tokio::test]
async fn a_panicking_method_is_an_internal_error_and_the_server_goes_on() {
    let router = router();
    let request = |name: &str, params: Vec<Value>| {
        post("/RPC2")
            .body(Body::from(call_xml(name, params)))
            .unwrap()
    };
    let response = router
        .clone()
        .oneshot(request("boom", vec![]))
        .await
        .unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let fault = MethodResponse::from_xml(&body)
        .unwrap()
        .into_result()
        .unwrap_err();
    assert_eq!(fault.code, Fault::INTERNAL_ERROR);
    let response = router
        .oneshot(request("add", vec![Value::Int(1), Value::Int(1)]))
        .await
        .unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        MethodResponse::from_xml(&body).unwrap().into_result(),
        Ok(Value::Int(2))
    );
}

#[tokio::test]
async fn gzip_requests_are_decoded_and_other_codings_refused() {
    let xml = call_xml("add", vec![Value::Int(20), Value::Int(22)]);
    let request = post("/RPC2")
        .header(header::CONTENT_ENCODING, "gzip")
        .body(Body::from(gzip(xml.as_bytes())))
        .unwrap();
    let (status, _, body) = send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        MethodResponse::from_xml(&body).unwrap().into_result(),
        Ok(Value::Int(42))
    );

    let identity = post("/RPC2")
        .header(header::CONTENT_ENCODING, "identity")
        .body(Body::from(xml.clone()))
        .unwrap();
    assert_eq!(send(identity).await.0, StatusCode::OK);

    let brotli = post("/RPC2")
        .header(header::CONTENT_ENCODING, "br")
        .body(Body::from(xml.clone()))
        .unwrap();
    assert_eq!(send(brotli).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let broken = post("/RPC2")
        .header(header::CONTENT_ENCODING, "gzip")
        .body(Body::from(xml))
        .unwrap();
    assert_eq!(send(broken).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn bodies_past_the_limits_get_413_and_a_gzip_bomb_is_not_inflated() {
    // Declared too large: refused from the header alone.
    let declared = post("/RPC2")
        .header(header::CONTENT_LENGTH, (2 << 20).to_string())
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(declared).await.0, StatusCode::PAYLOAD_TOO_LARGE);

    // Streamed (no length) past the limit.
    let chunks = (0..40).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 << 10]));
    let streamed = post("/RPC2")
        .body(Body::from_stream(futures_lite::stream::iter(chunks)))
        .unwrap();
    assert_eq!(send(streamed).await.0, StatusCode::PAYLOAD_TOO_LARGE);

    // 32 MiB of spaces is 32 KiB of gzip; the inflated limit is 2 MiB.
    let mut bomb = GzEncoder::new(Vec::new(), Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..32 {
        bomb.write_all(&zeros).unwrap();
    }
    let bomb = bomb.finish().unwrap();
    assert!(bomb.len() < 1 << 20);
    let request = post("/RPC2")
        .header(header::CONTENT_ENCODING, "gzip")
        .body(Body::from(bomb))
        .unwrap();
    assert_eq!(send(request).await.0, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn large_answers_are_gzipped_only_for_clients_that_accept_it() {
    let big = call_xml("big", vec![Value::Int(100_000)]);
    let ask = |accept: Option<&str>| {
        let mut request = post("/RPC2");
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_ENCODING, accept);
        }
        request.body(Body::from(big.clone())).unwrap()
    };
    let (status, headers, body) = send(ask(Some("gzip"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    let mut xml = Vec::new();
    GzDecoder::new(&body[..]).read_to_end(&mut xml).unwrap();
    let value = MethodResponse::from_xml(&xml)
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(value, Value::from("x".repeat(100_000)));

    for accept in [None, Some("gzip;q=0"), Some("deflate"), Some("identity")] {
        let (_, headers, body) = send(ask(accept)).await;
        assert!(
            !headers.contains_key(header::CONTENT_ENCODING),
            "{accept:?}"
        );
        assert!(MethodResponse::from_xml(&body).is_ok());
    }

    // Small answers stay plain.
    let small = post("/RPC2")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::from(call_xml(
            "add",
            vec![Value::Int(1), Value::Int(2)],
        )))
        .unwrap();
    assert!(!send(small).await.1.contains_key(header::CONTENT_ENCODING));
}

#[tokio::test]
async fn deep_nesting_is_refused_without_harm_and_100_levels_are_fine() {
    let nest = |levels: usize| {
        format!(
            "<methodCall><methodName>echo</methodName><params><param><value>{}<int>1</int>{}</value></param></params></methodCall>",
            "<array><data><value>".repeat(levels),
            "</value></data></array>".repeat(levels)
        )
    };
    // 20 000 levels: past the depth limit, within the 1 MiB body limit.
    let fault = call("/RPC2", nest(20_000)).await.unwrap_err();
    assert_eq!(fault.code, Fault::INVALID_REQUEST);
    let mut value = call("/RPC2", nest(100)).await.unwrap();
    for _ in 0..100 {
        let Value::Array(mut items) = value else {
            panic!("an array");
        };
        value = items.pop().unwrap();
    }
    assert_eq!(value, Value::Int(1));
}

#[tokio::test]
async fn requests_hold_at_most_the_values_the_limits_allow() {
    let router = Server::new()
        .register_instance(Lab)
        .limits(Limits::default().values(1000))
        .into_router();
    let echo = |count: usize| {
        format!(
            "<methodCall><methodName>echo</methodName><params><param><value><array><data>{}</data></array></value></param></params></methodCall>",
            "<value/>".repeat(count)
        )
    };
    let answer = |xml: String| {
        let router = router.clone();
        async move {
            let response = router
                .oneshot(post("/RPC2").body(Body::from(xml)).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let body = response.into_body().collect().await.unwrap().to_bytes();
            MethodResponse::from_xml(&body).unwrap().into_result()
        }
    };
    // The array and 999 items: 1000 values.
    let echoed = answer(echo(999)).await.unwrap();
    assert_eq!(echoed.as_array().map(<[Value]>::len), Some(999));
    let fault = answer(echo(1000)).await.unwrap_err();
    assert_eq!(fault.code, Fault::INVALID_REQUEST);
    assert!(
        fault.string.contains("more than 1000 values"),
        "{}",
        fault.string
    );
}

/// Requests that the tower-http layers would leave untouched (no
/// `Content-Encoding`, no `Accept-Encoding`, a declared length within the
/// limit) skip them. Each such request is sent that way and again with
/// `Accept-Encoding: identity`, which takes the layers and asks for the
/// same thing, and the two answers must be the same, headers included.
#[tokio::test]
async fn the_way_past_the_layers_answers_exactly_as_they_do() {
    let bodies = [
        call_xml("add", vec![Value::Int(1), Value::Int(2)]),
        // Past the default 8 KiB: the layers add `Vary: accept-encoding`.
        call_xml("big", vec![Value::Int(100_000)]),
        call_xml("fail", vec![]),
        call_xml("nope", vec![]),
        "<methodCall><methodName>add".to_owned(),
        String::new(),
    ];
    let ask = |body: &str, accept: Option<&str>| {
        let mut request = post("/RPC2").header(header::CONTENT_LENGTH, body.len());
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_ENCODING, accept);
        }
        request.body(Body::from(body.to_owned())).unwrap()
    };
    for body in &bodies {
        let short = send(ask(body, None)).await;
        let layered = send(ask(body, Some("identity"))).await;
        assert_eq!(short.0, layered.0, "{body}");
        assert_eq!(short.1, layered.1, "{body}");
        assert_eq!(short.2, layered.2, "{body}");
    }
    let (_, headers, _) = send(ask(&bodies[1], None)).await;
    assert_eq!(headers[header::VARY], "accept-encoding");
    let (_, headers, _) = send(ask(&bodies[0], None)).await;
    assert!(!headers.contains_key(header::VARY));
}
