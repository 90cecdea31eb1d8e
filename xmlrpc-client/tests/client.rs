//! The client against our own server on 127.0.0.1:0, and against raw
//! sockets that answer what real servers sometimes do.

#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub)]

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use support::{canned, ok_five};
use tokio::net::TcpListener;
use xmlrpc_client::{BlockingClient, Client, Error};
use xmlrpc_core::{DateTime, Fault, Value, rpc_service};
use xmlrpc_server::Server;

/// A small service, also used through its generated typed client.
#[derive(Debug)]
pub struct Calc;

#[rpc_service]
impl Calc {
    /// Adds.
    pub fn add(&self, a: i32, b: i32) -> i64 {
        i64::from(a) + i64::from(b)
    }

    /// Divides, with fault 1001 for zero.
    pub fn divide(&self, a: f64, b: f64) -> Result<f64, Fault> {
        if b == 0.0 {
            return Err(Fault::new(1001, "division by zero"));
        }
        Ok(a / b)
    }

    /// Answers its parameter.
    pub fn echo(&self, v: Value) -> Value {
        v
    }

    /// `n` letters.
    pub fn big(&self, n: usize) -> String {
        "x".repeat(n)
    }

    /// The time, under a dotted name.
    #[rpc(name = "currentTime.getCurrentTime")]
    pub fn now(&self) -> DateTime {
        DateTime::now_utc()
    }
}

async fn serve() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        Server::new()
            .register_instance(Calc)
            .serve_listener(listener, std::future::pending()),
    );
    addr
}

fn client(addr: SocketAddr) -> Client {
    Client::builder(&format!("http://{addr}"))
        .no_proxy()
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_by_name_with_typed_and_value_results() {
    let c = client(serve().await);
    assert_eq!(c.url().path(), "/RPC2");
    let sum: i64 = c.call("add", (2, 3)).await.unwrap();
    assert_eq!(sum, 5);
    let big: i64 = c.call("add", (i32::MAX, 1)).await.unwrap();
    assert_eq!(big, 2_147_483_648);
    let now: DateTime = c.call("currentTime.getCurrentTime", ()).await.unwrap();
    assert!(now.year() >= 2024);
    let v = c
        .call_value("echo", vec![Value::from("héllo 😀")])
        .await
        .unwrap();
    assert_eq!(v, Value::from("héllo 😀"));
    let err = c.call::<f64>("divide", (1.0, 0.0)).await.unwrap_err();
    assert_eq!(err.fault(), Some(&Fault::new(1001, "division by zero")));
    let err = c.call::<i32>("nope", ()).await.unwrap_err();
    assert_eq!(err.fault().map(|f| f.code), Some(Fault::METHOD_NOT_FOUND));
    let err = c.call::<String>("add", (1, 2)).await.unwrap_err();
    assert!(matches!(err, Error::Convert(_)), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_typed_clients_run_on_it() {
    let typed = CalcClient::new(client(serve().await));
    assert_eq!(typed.add(20, 22).await.unwrap(), 42);
    let err = typed.divide(1.0, 0.0).await.unwrap_err();
    assert_eq!(err.fault().map(|f| f.code), Some(1001));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multicall_gives_one_result_per_call_in_order() {
    let c = client(serve().await);
    let mut batch = c.multicall();
    let a = batch.add::<i64>("add", (1, 2)).unwrap();
    let b = batch.add::<f64>("divide", (1.0, 0.0)).unwrap();
    let d = batch.add::<String>("echo", ("x",)).unwrap();
    assert_eq!(batch.len(), 3);
    let replies = batch.send().await.unwrap();
    assert_eq!(replies.get(&a).unwrap(), 3);
    assert_eq!(
        replies.get(&b).unwrap_err().fault().map(|f| f.code),
        Some(1001)
    );
    assert_eq!(replies.get(&d).unwrap(), "x");
    let empty = c.multicall().send().await.unwrap();
    assert!(empty.into_results().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_both_ways_and_the_response_limit_holds_after_decoding() {
    let addr = serve().await;
    let zipping = Client::builder(&format!("http://{addr}/RPC2"))
        .no_proxy()
        .gzip_above(1024)
        .build()
        .unwrap();
    let long = "z".repeat(100_000);
    let back: String = zipping.call("echo", (long.clone(),)).await.unwrap();
    assert_eq!(back, long);
    let big: String = zipping.call("big", (300_000,)).await.unwrap();
    assert_eq!(big.len(), 300_000);

    // 20 MB of answer, gzipped by the server to a few KB: refused at 1 MiB.
    let small = Client::builder(&format!("http://{addr}/RPC2"))
        .no_proxy()
        .max_response(1 << 20)
        .build()
        .unwrap();
    let err = small
        .call::<String>("big", (20_000_000,))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::TooLarge { limit } if limit == 1 << 20),
        "{err}"
    );
}

#[tokio::test]
async fn other_statuses_keep_their_body_and_junk_is_malformed() {
    let (addr, _) = canned(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: 29\r\n\r\n<html><h1>oops</h1></html>\r\n\r\n").await;
    let err = client(addr).call::<i32>("add", (1, 2)).await.unwrap_err();
    match err {
        Error::Status { status, body, .. } => {
            assert_eq!(status, 500);
            assert!(body.contains("<h1>oops</h1>"));
        }
        other => panic!("{other}"),
    }
    let (addr, _) = canned(b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<methodResponse><params><param><value><int>5</int>").await;
    let err = client(addr).call::<i32>("add", (1, 2)).await.unwrap_err();
    assert!(
        matches!(err, Error::Malformed { ref excerpt, .. } if excerpt.contains("<int>5</int>")),
        "{err}"
    );

    // Close-delimited HTTP/1.0 and pretty-printed answers are read.
    let (addr, _) = canned(b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><double>2.000000</double></value>\n</param>\n</params>\n</methodResponse>\n").await;
    let two: f64 = client(addr).call("divide", (4, 2)).await.unwrap();
    assert!((two - 2.0).abs() < f64::EPSILON);
}

#[tokio::test]
async fn credentials_in_the_url_become_basic_auth_and_headers_are_sent() {
    let (addr, seen) = canned(ok_five()).await;
    let c = Client::builder(&format!("http://ada:s3cret@{addr}/RPC2"))
        .no_proxy()
        .header("x-trace", "on")
        .user_agent("probe/1")
        .build()
        .unwrap();
    let five: i32 = c.call("add", (2, 3)).await.unwrap();
    assert_eq!(five, 5);
    let request = seen.await.unwrap().to_ascii_lowercase();
    // base64("ada:s3cret")
    assert!(
        request.contains("authorization: basic ywrhonmzy3jlda=="),
        "{request}"
    );
    assert!(request.contains("x-trace: on"));
    assert!(request.contains("user-agent: probe/1"));
    assert!(request.contains("content-type: text/xml"));
    assert!(request.starts_with("post /rpc2 http/1.1"));
}

#[tokio::test]
async fn an_explicit_proxy_gets_the_absolute_url() {
    let (proxy, seen) = canned(ok_five()).await;
    let c = Client::builder("http://rpc.example.invalid/RPC2")
        .proxy(&format!("http://{proxy}"))
        .build()
        .unwrap();
    let five: i32 = c.call("add", (2, 3)).await.unwrap();
    assert_eq!(five, 5);
    assert!(
        seen.await
            .unwrap()
            .starts_with("POST http://rpc.example.invalid/RPC2 HTTP/1.1")
    );
}

#[cfg(feature = "cookies")]
#[tokio::test]
async fn the_cookie_store_sends_back_what_the_server_set() {
    use support::canned_each;
    let body = "<methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>";
    let answer = |extra: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let responses = vec![answer("Set-Cookie: session=abc123; Path=/\r\n"), answer("")];
    let (addr, seen) = canned_each(responses.clone()).await;
    let c = Client::builder(&format!("http://{addr}/RPC2"))
        .no_proxy()
        .cookie_store(true)
        .build()
        .unwrap();
    for _ in 0..2 {
        assert_eq!(c.call::<i32>("add", (2, 3)).await.unwrap(), 5);
    }
    let seen = seen.await.unwrap();
    assert!(
        !seen[0].to_ascii_lowercase().contains("cookie:"),
        "{}",
        seen[0]
    );
    assert!(seen[1].contains("session=abc123"), "{}", seen[1]);

    // Without the store (the default, as in Python) nothing is sent back.
    let (addr, seen) = canned_each(responses).await;
    let c = client(addr);
    for _ in 0..2 {
        assert_eq!(c.call::<i32>("add", (2, 3)).await.unwrap(), 5);
    }
    let seen = seen.await.unwrap();
    assert!(!seen[1].contains("session=abc123"), "{}", seen[1]);
}

#[tokio::test]
async fn silence_is_a_timeout_and_a_closed_port_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let _hold = tokio::spawn(async move {
        let (_stream, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let c = Client::builder(&format!("http://{addr}"))
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = c.call::<i32>("add", (1, 2)).await.unwrap_err();
    assert!(err.is_timeout(), "{err}");

    let closed = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let err = client(closed).call::<i32>("add", (1, 2)).await.unwrap_err();
    assert!(err.is_connect(), "{err}");
}

#[test]
fn the_blocking_client_serves_threads_at_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let addr = runtime.block_on(serve());
    let c = BlockingClient::builder(&format!("http://{addr}"))
        .no_proxy()
        .build_blocking()
        .unwrap();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let c = c.clone();
            std::thread::spawn(move || c.call::<i64>("add", (i, i)).unwrap())
        })
        .collect();
    for (i, t) in (0_i64..).zip(threads) {
        assert_eq!(t.join().unwrap(), 2 * i);
    }
    let results = c
        .multicall([
            ("add".to_owned(), vec![Value::Int(1), Value::Int(1)]),
            ("nope".to_owned(), vec![]),
        ])
        .unwrap();
    assert_eq!(results[0], Ok(Value::Int(2)));
    assert_eq!(
        results[1].as_ref().unwrap_err().code,
        Fault::METHOD_NOT_FOUND
    );
    let err = c.call::<f64>("divide", (1.0, 0.0)).unwrap_err();
    assert_eq!(err.fault().map(|f| f.code), Some(1001));
}
