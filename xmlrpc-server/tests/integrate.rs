//! The router in a larger axum application: merged with other routes,
//! wrapped in tower layers whose data reaches methods, and observed
//! through tracing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;
use xmlrpc_core::{Context, Fault, MethodResponse, Value};
use xmlrpc_server::Server;

use common::call_xml;

#[derive(Clone, Debug)]
struct User(String);

/// A layer that authenticates: a token header becomes a `User`, and no
/// token is 401 before any XML-RPC is read.
async fn auth(mut request: Request, next: Next) -> Result<Response, StatusCode> {
    let token = request
        .headers()
        .get("x-token")
        .and_then(|t| t.to_str().ok())
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let user = User(token.trim_start_matches("secret-").to_owned());
    request.extensions_mut().insert(user);
    Ok(next.run(request).await)
}

fn whoami(ctx: Context) -> Result<String, Fault> {
    ctx.extensions()
        .get::<User>()
        .map(|u| u.0.clone())
        .ok_or_else(|| Fault::new(1, "not logged in"))
}

fn app() -> Router {
    let rpc = Server::new()
        .register_function(whoami)
        .into_router()
        .layer(middleware::from_fn(auth));
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .merge(rpc)
}

fn rpc_request(token: Option<&str>) -> axum::http::Request<Body> {
    let mut request = axum::http::Request::post("/RPC2").header(header::CONTENT_TYPE, "text/xml");
    if let Some(token) = token {
        request = request.header("x-token", token);
    }
    request
        .body(Body::from(call_xml("whoami", vec![])))
        .unwrap()
}

#[tokio::test]
async fn layers_authenticate_and_their_data_reaches_methods() {
    let response = app()
        .oneshot(rpc_request(Some("secret-ada")))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let answer = MethodResponse::from_xml(&body).unwrap().into_result();
    assert_eq!(answer, Ok(Value::from("ada")));

    let refused = app().oneshot(rpc_request(None)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let health = app()
        .oneshot(
            axum::http::Request::get("/health")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

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
    assert!(log.contains("xmlrpc_call{method=\"add\""), "{log}");
    assert!(log.contains("call ok"), "{log}");
    assert!(log.contains("code=-32601"), "{log}");
    assert!(log.contains("- - ["), "{log}");
    assert!(log.contains("\"POST /RPC2 HTTP/1.1\" 200 "), "{log}");
}
