//! `FramedClient` against `FramedServer` on real sockets: generated
//! clients and typed batches in both codecs, reconnecting after an idle
//! close, and the errors of a dead, slow, oversized or cut-short peer.

#![cfg(feature = "framed")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    unreachable_pub,
    missing_docs
)]

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use xmlrpc_client::framed::{FrameError, FrameFormat, FramedClient, FramedError};
use xmlrpc_core::{Fault, rpc_service};
use xmlrpc_server::{Dispatcher, FramedServer, Limits};

#[rpc_service(namespace = "shop")]
pub trait Shop {
    /// The price of `count` items at `each`.
    fn total(&self, count: i32, each: f64) -> f64;

    /// Waits `ms`, then answers it.
    async fn wait(&self, ms: u64) -> u64;

    /// `n` letters.
    fn letters(&self, n: usize) -> String;

    /// Always refuses.
    fn refuse(&self) -> Result<i32, Fault>;
}

struct Till;

impl Shop for Till {
    fn total(&self, count: i32, each: f64) -> f64 {
        f64::from(count) * each
    }

    async fn wait(&self, ms: u64) -> u64 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        ms
    }

    fn letters(&self, n: usize) -> String {
        "x".repeat(n)
    }

    fn refuse(&self) -> Result<i32, Fault> {
        Err(Fault::new(7, "closed"))
    }
}

/// Serves the shop with `format` and `limits` on a fresh port; stops when
/// the test's runtime ends.
async fn serve(format: FrameFormat, limits: Limits) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = FramedServer::new(Dispatcher::new().register_instance(ShopServer::new(Till)))
        .format(format)
        .limits(limits);
    tokio::spawn(server.serve_listener(listener, std::future::pending()));
    addr
}

#[tokio::test]
async fn generated_clients_and_batches_run_over_frames() {
    for format in [FrameFormat::xml(), FrameFormat::json()] {
        let addr = serve(format.clone(), Limits::default()).await;
        let shop = ShopClient::new(FramedClient::tcp(&addr).format(format));
        assert!((shop.total(3, 1.5).await.unwrap() - 4.5).abs() < f64::EPSILON);
        let refused = shop.refuse().await.unwrap_err();
        assert_eq!(refused.to_string(), "fault 7: closed");
        assert!(matches!(refused, FramedError::Fault(ref f) if f.code == 7));
        let (total, letters, refuse) = shop
            .batch(|b| (b.total(2, 2.0), b.letters(3), b.refuse()))
            .await
            .unwrap();
        assert!((total.unwrap() - 4.0).abs() < f64::EPSILON);
        assert_eq!(letters.unwrap(), "xxx");
        assert!(refuse.is_err());
    }
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_replaced() {
    let limits = Limits::default().header_read_timeout(Duration::from_millis(200));
    let addr = serve(FrameFormat::xml(), limits).await;
    let shop = ShopClient::new(FramedClient::tcp(&addr));
    assert_eq!(shop.letters(2).await.unwrap(), "xx");
    // The server closes the idle connection after 200 ms.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(shop.letters(3).await.unwrap(), "xxx");
}

#[tokio::test]
async fn a_slow_call_times_out_and_the_next_call_still_works() {
    let addr = serve(FrameFormat::json(), Limits::default()).await;
    let client = FramedClient::tcp(&addr)
        .format(FrameFormat::json())
        .timeout(Duration::from_millis(300));
    let late: Result<u64, _> = client.call("shop.wait", (5_000,)).await;
    assert!(matches!(late, Err(FramedError::Timeout(_))), "{late:?}");
    // The connection that timed out is dropped, not reused out of step.
    let quick: u64 = client.call("shop.wait", (1,)).await.unwrap();
    assert_eq!(quick, 1);
}

#[tokio::test]
async fn an_answer_above_the_limit_is_refused_before_it_is_read() {
    let addr = serve(FrameFormat::xml(), Limits::default()).await;
    let client = FramedClient::tcp(&addr).max_answer(1000);
    let big: Result<String, _> = client.call("shop.letters", (5_000,)).await;
    match big {
        Err(FramedError::Answer(FrameError::TooLarge { limit: 1000, .. })) => {}
        other => panic!("{other:?}"),
    }
    let small: String = client.call("shop.letters", (5,)).await.unwrap();
    assert_eq!(small, "xxxxx");
}

#[tokio::test]
async fn no_server_and_a_cut_answer_are_clean_errors() {
    let port = {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        free.local_addr().unwrap().port()
    };
    let nobody = FramedClient::tcp(format!("127.0.0.1:{port}"));
    let error = nobody.call::<i32>("x", ()).await.unwrap_err();
    assert!(matches!(error, FramedError::Connect { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!("cannot connect to 127.0.0.1:{port}")
    );

    // A peer that reads the call, sends half an answer and hangs up.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = [0_u8; 4096];
        let _ = stream.read(&mut buf).await;
        stream.write_all(&100_u32.to_be_bytes()).await.unwrap();
        stream.write_all(b"<?xml").await.unwrap();
    });
    let cut = FramedClient::tcp(addr.to_string());
    let error = cut.call::<i32>("x", ()).await.unwrap_err();
    assert!(matches!(error, FramedError::Truncated), "{error:?}");
}

#[cfg(unix)]
#[tokio::test]
async fn unix_sockets_carry_calls() {
    let dir = std::env::temp_dir().join(format!("xmlrpc-framed-client-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("shop.sock");
    let _ = std::fs::remove_file(&path);
    let listener = tokio::net::UnixListener::bind(&path).unwrap();
    let server = FramedServer::new(Dispatcher::new().register_instance(ShopServer::new(Till)))
        .format(FrameFormat::json());
    tokio::spawn(server.serve_listener(listener, std::future::pending()));
    let shop = ShopClient::new(FramedClient::unix(&path).format(FrameFormat::json()));
    assert_eq!(shop.letters(4).await.unwrap(), "xxxx");
    std::fs::remove_dir_all(&dir).ok();
}
