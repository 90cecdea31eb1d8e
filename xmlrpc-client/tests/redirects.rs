//! Redirects: a call is a POST with a body, and stays one. 307 and 308 are
//! followed (same method, same body); a 303 (or 301, 302) would turn it
//! into a GET, so the client stops and reports the status instead of
//! returning whatever the GET answers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use xmlrpc_client::{Client, Error};
use xmlrpc_core::{MethodResponse, Value};
use xmlrpc_server::Server;

fn moved(status: StatusCode, to: &'static str) -> impl IntoResponse {
    (status, [(header::LOCATION, to)], "")
}

/// Our server at `/RPC2`, redirects to it at `/temporary` (307) and
/// `/permanent` (308), a 303 to `/answer`, which answers any GET with a
/// well-formed result, and a loop.
async fn serve() -> String {
    let answer = MethodResponse::Success(Value::from("from a GET"))
        .to_xml()
        .unwrap();
    let app = Router::new()
        .route(
            "/temporary",
            post(|| async { moved(StatusCode::TEMPORARY_REDIRECT, "/RPC2") }),
        )
        .route(
            "/permanent",
            post(|| async { moved(StatusCode::PERMANENT_REDIRECT, "/RPC2") }),
        )
        .route(
            "/see-other",
            post(|| async { moved(StatusCode::SEE_OTHER, "/answer") }),
        )
        .route(
            "/found",
            post(|| async { moved(StatusCode::FOUND, "/answer") }),
        )
        .route(
            "/loop",
            post(|| async { moved(StatusCode::TEMPORARY_REDIRECT, "/loop") }),
        )
        .route("/answer", get(move || async move { answer }))
        .merge(
            Server::new()
                .register_function_as("add", |a: i32, b: i32| a + b)
                .into_router(),
        );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn client(url: &str) -> Client {
    Client::builder(url).no_proxy().build().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_and_permanent_redirects_repeat_the_call() {
    let base = serve().await;
    for path in ["/temporary", "/permanent"] {
        let sum: i32 = client(&format!("{base}{path}"))
            .call("add", (2, 3))
            .await
            .unwrap();
        assert_eq!(sum, 5, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_never_turns_into_a_get() {
    let base = serve().await;
    for (path, status) in [("/see-other", 303), ("/found", 302)] {
        let err = client(&format!("{base}{path}"))
            .call::<String>("add", (2, 3))
            .await
            .unwrap_err();
        assert!(
            err.status().map(|s| s.as_u16()) == Some(status),
            "{path}: {err:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_bounded_and_can_be_turned_off() {
    let base = serve().await;
    let err = client(&format!("{base}/loop"))
        .call::<i32>("add", (1, 1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Http(_) | Error::Status { .. }),
        "{err:?}"
    );
    let none = Client::builder(&format!("{base}/temporary"))
        .no_proxy()
        .max_redirects(0)
        .build()
        .unwrap();
    let err = none.call::<i32>("add", (1, 1)).await.unwrap_err();
    assert!(err.status().map(|s| s.as_u16()) == Some(307), "{err:?}");
}
