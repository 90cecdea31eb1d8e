//! One request through a router in process, shared by the router bench and
//! `examples/route_loop.rs` (which includes this file by path) so that both
//! measure the same request.

use axum::body::{Body, Bytes};
use http::{Request, header};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

/// `body` posted to `/RPC2` of `app` with its length declared, as clients
/// send it, and the answer read whole.
pub(crate) async fn call(app: &axum::Router, body: &Bytes) -> Bytes {
    let request = Request::post("/RPC2")
        .header(header::CONTENT_TYPE, "text/xml")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body.clone()))
        .expect("a valid request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    response
        .into_body()
        .collect()
        .await
        .expect("an in-memory body")
        .to_bytes()
}
