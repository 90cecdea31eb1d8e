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
