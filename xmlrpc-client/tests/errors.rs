//! What each way of failing comes back as, and what its message says:
//! each cause its own kind, and messages that describe their own level.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::error::Error as _;
use std::time::{Duration, Instant};

use support::canned;
use tokio::net::TcpListener;
use xmlrpc_client::{Client, Error};

fn client(url: &str) -> Client {
    Client::builder(url).no_proxy().build().unwrap()
}

#[tokio::test]
async fn a_body_not_in_its_declared_encoding_is_an_encoding_error() {
    let (addr, _) = canned(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: gzip\r\nContent-Length: 11\r\n\r\nnot gzip!!!",
    )
    .await;
    let err = client(&format!("http://{addr}"))
        .call::<i32>("add", (1, 2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Encoding(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the answer's body is not in the content encoding its headers declare"
    );
}

#[tokio::test]
async fn an_answer_cut_short_is_truncated_not_malformed() {
    let (addr, _) = canned(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<methodResponse>",
    )
    .await;
    let err = client(&format!("http://{addr}"))
        .call::<i32>("add", (1, 2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Truncated(_)), "{err:?}");
    assert!(err.source().is_some());
}

#[tokio::test]
async fn html_and_missing_endpoints_say_so_first() {
    let page = "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>";
    let (addr, _) = canned(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}",
        page.len()
    ))
    .await;
    let err = client(&format!("http://{addr}"))
        .call::<i32>("add", (1, 2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("the server answered HTML, not XML-RPC (it starts: <!DOCTYPE html>"),
        "{err}"
    );

    let (addr, _) = canned(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found").await;
    let url = format!("http://{addr}/api");
    let err = client(&url).call::<i32>("add", (1, 2)).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(
        err.to_string(),
        format!(
            "the server answered 404 Not Found for {url}: no XML-RPC endpoint at that path (a URL without a path posts to /RPC2)"
        )
    );
}

#[tokio::test]
async fn a_silent_server_runs_into_the_read_timeout() {
    // Accepts, reads, and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let held = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(stream);
    });
    let impatient = Client::builder(&format!("http://{addr}"))
        .no_proxy()
        .read_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = impatient.call::<i32>("add", (1, 2)).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.to_string(), "no answer within 300ms");
    assert!(started.elapsed() < Duration::from_secs(5));
    held.abort();
}

#[tokio::test]
async fn a_connect_timeout_is_a_connection_failure_that_says_why() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Nobody accepts: if connecting wins, the call waits for an answer
    // that never comes, for the read timeout.
    let hasty = Client::builder(&format!("http://{addr}"))
        .no_proxy()
        .connect_timeout(Duration::from_nanos(1))
        .read_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let err = hasty.call::<i32>("add", (1, 2)).await.unwrap_err();
    // Connecting on loopback may beat even a nanosecond; what matters is
    // that a timeout, when it happens, is not "no answer within 0ns".
    if err.is_connect() {
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(err.to_string(), "cannot connect to the server");
    }
    assert!(!err.to_string().contains("0ns"), "{err}");
}
