//! The router in a larger axum application: merged with other routes,
//! wrapped in tower layers whose data reaches methods.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use http_body_util::BodyExt as _;
use std::future::IntoFuture as _;
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

/// The caller's address, as `ConnectInfo` gives it to methods.
fn peer(ctx: Context) -> String {
    ctx.peer_addr()
        .map_or_else(String::new, |a| a.ip().to_string())
}

async fn nap(ms: u64) -> u64 {
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    ms
}

/// The application of `app()` plus a slow method, served through
/// `xmlrpc_server::serve` with small limits.
async fn served(limits: xmlrpc_server::Limits) -> common::Running {
    let rpc = Server::new()
        .register_function(whoami)
        .register_function(peer)
        .register_function(nap)
        .limits(limits.clone())
        .into_router()
        .layer(middleware::from_fn(auth));
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .merge(rpc);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(
        xmlrpc_server::serve(listener, app)
            .limits(limits)
            .with_graceful_shutdown(async {
                stopped.await.ok();
            })
            .into_future(),
    );
    common::Running::new(addr, stop, task)
}

fn authed(body: &str) -> String {
    common::post(body, "X-Token: secret-ada\r\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merged_app_served_through_serve_keeps_the_connection_protections() {
    use common::Peer;
    use std::time::{Duration, Instant};
    let limits = xmlrpc_server::Limits::default()
        .header_read_timeout(Duration::from_millis(500))
        .header_size(4 << 10)
        .connections(8);
    let server = served(limits).await;
    let addr = server.addr;

    // The app's own route, the layer, and the peer address all work.
    let mut peer = Peer::connect(addr).await;
    peer.send(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n").await;
    assert_eq!(peer.read().await.unwrap().body, b"ok");
    peer.send(authed(&call_xml("whoami", vec![])).as_bytes())
        .await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::from("ada")));
    peer.send(authed(&call_xml("peer", vec![])).as_bytes())
        .await;
    assert_eq!(
        peer.read().await.unwrap().result(),
        Ok(Value::from("127.0.0.1"))
    );

    // A head that never ends is cut off after the head time.
    let mut slow = Peer::connect(addr).await;
    slow.send(b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .await;
    let started = Instant::now();
    if let Some(reply) = slow.read().await {
        assert_eq!(reply.status, 408);
    }
    assert!(started.elapsed() < Duration::from_secs(5));

    // A head past the size limit is refused.
    let mut big = Peer::connect(addr).await;
    let huge = format!("X-Big: {}\r\n", "a".repeat(8 << 10));
    big.send(common::post(&call_xml("whoami", vec![]), &huge).as_bytes())
        .await;
    assert_eq!(big.read().await.unwrap().status, 431);

    // Past the connection cap, idle connections make room for new ones.
    let mut idle = Vec::new();
    for _ in 0..8 {
        idle.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    let mut fresh = Peer::connect(addr).await;
    fresh
        .send(authed(&call_xml("whoami", vec![])).as_bytes())
        .await;
    assert_eq!(fresh.read().await.unwrap().result(), Ok(Value::from("ada")));

    // Shutdown lets the call in flight finish.
    let mut busy = Peer::connect(addr).await;
    busy.send(authed(&call_xml("nap", vec![Value::Int(300)])).as_bytes())
        .await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let stopping = tokio::spawn(server.stop());
    assert_eq!(busy.read().await.unwrap().result(), Ok(Value::Int(300)));
    stopping.await.unwrap();
    drop(idle);
}
