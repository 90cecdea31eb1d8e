//! The server on a real loopback socket: connections, framing, limits,
//! concurrency and shutdown, spoken to byte by byte.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;
use xmlrpc_core::Value;
use xmlrpc_server::{Function, Limits, Server};

use common::{Lab, Peer, call_xml, post, spawn};

fn lab() -> Server {
    Server::new()
        .register_instance(Lab)
        .register(Function::named(nap).blocking())
        .limits(Limits::default().header_size(8 << 10))
}

/// A plain function that blocks its thread, marked `blocking`.
fn nap(ms: u64) -> u64 {
    std::thread::sleep(Duration::from_millis(ms));
    ms
}

fn add(a: i32, b: i32) -> String {
    post(&call_xml("add", vec![Value::Int(a), Value::Int(b)]), "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_alive_connection_serves_many_calls_and_close_is_honoured() {
    let server = spawn(lab()).await;
    let mut peer = Peer::connect(server.addr).await;
    for i in 0..120 {
        peer.send(add(i, 1).as_bytes()).await;
        let reply = peer.read().await.expect("an answer");
        assert_eq!(reply.status, 200);
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("text/xml")
        );
        assert_eq!(reply.result(), Ok(Value::Int(i + 1)));
    }
    peer.send(
        post(
            &call_xml("add", vec![Value::Int(1), Value::Int(1)]),
            "Connection: close\r\n",
        )
        .as_bytes(),
    )
    .await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(2)));
    assert!(peer.closed().await);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_1_0_is_answered_and_closed_and_pipelined_calls_come_back_in_order() {
    let server = spawn(lab()).await;
    let body = call_xml("add", vec![Value::Int(2), Value::Int(2)]);
    let mut peer = Peer::connect(server.addr).await;
    let request = format!(
        "POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    peer.send(request.as_bytes()).await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(4)));
    assert!(peer.closed().await);

    let mut peer = Peer::connect(server.addr).await;
    let slow = post(&call_xml("sleep", vec![Value::Int(200)]), "");
    peer.send(format!("{slow}{}{}", add(1, 2), add(3, 4)).as_bytes())
        .await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(200)));
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(3)));
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(7)));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chunked_bodies_and_expect_100_continue_are_accepted() {
    let server = spawn(lab()).await;
    let body = call_xml("add", vec![Value::Int(5), Value::Int(6)]);
    let (a, b) = body.split_at(body.len() / 2);
    let mut peer = Peer::connect(server.addr).await;
    let request = format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    peer.send(request.as_bytes()).await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(11)));

    let head = format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    peer.send(head.as_bytes()).await;
    assert_eq!(peer.read().await.unwrap().status, 100);
    peer.send(body.as_bytes()).await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(11)));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_framing_gets_400_and_oversized_parts_413_or_431() {
    let server = spawn(lab().limits(Limits::default().body(1 << 20).header_size(8 << 10))).await;
    let status = |request: String| {
        let addr = server.addr;
        async move {
            let mut peer = Peer::connect(addr).await;
            peer.send(request.as_bytes()).await;
            peer.read().await.map(|r| r.status)
        }
    };
    let head = "POST /RPC2 HTTP/1.1\r\nHost: t\r\n";
    assert_eq!(
        status(format!("{head}Content-Length: abc\r\n\r\n")).await,
        Some(400)
    );
    assert_eq!(
        status(format!("{head}Content-Length: -5\r\n\r\n")).await,
        Some(400)
    );
    assert_eq!(
        status(format!(
            "{head}Content-Length: 5\r\nContent-Length: 7\r\n\r\n"
        ))
        .await,
        Some(400)
    );
    assert_eq!(
        status(format!(
            "{head}Content-Length: 5\r\nContent-Length: 7\r\n\r\nhello"
        ))
        .await,
        Some(400)
    );
    assert!(matches!(
        status(format!(
            "{head}Content-Length: 99999999999999999999999\r\n\r\n"
        ))
        .await,
        Some(400 | 413)
    ));
    assert_eq!(
        status(format!(
            "{head}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
        ))
        .await,
        Some(400)
    );
    assert!(matches!(
        status("GARBAGE\r\n\r\n".to_owned()).await,
        Some(400) | None
    ));
    let huge = format!(
        "{head}X-Filler: {}\r\nContent-Length: 0\r\n\r\n",
        "a".repeat(16 << 10)
    );
    assert_eq!(status(huge).await, Some(431));

    // A declared length past the limit is refused before any body is sent.
    let started = Instant::now();
    assert_eq!(
        status(format!("{head}Content-Length: {}\r\n\r\n", 64 << 20)).await,
        Some(413)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_cut_short_does_not_hang_the_server() {
    let server = spawn(lab()).await;
    let mut peer = Peer::connect(server.addr).await;
    peer.send(b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n<methodCall>")
        .await;
    peer.stream.shutdown().await.unwrap();
    // 400, or a close: never silence.
    if let Some(reply) = peer.read().await {
        assert_eq!(reply.status, 400);
    }
    let mut other = Peer::connect(server.addr).await;
    other.send(add(1, 1).as_bytes()).await;
    assert_eq!(other.read().await.unwrap().result(), Ok(Value::Int(2)));
    server.stop().await;
}

/// Time limits too long for the clock to add (`Duration::MAX`, "no
/// limit") are no limit: a slow head and a body in pieces are still
/// answered, and the server does not fall over working out the deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_limits_past_what_the_clock_holds_mean_no_limit() {
    let server = spawn(
        lab().limits(
            Limits::default()
                .header_read_timeout(Duration::MAX)
                .body_read_timeout(Duration::MAX),
        ),
    )
    .await;
    let request = add(4, 5);
    let (head, body) = request.split_at(request.find("\r\n\r\n").unwrap() + 4);
    let (part, rest) = body.split_at(body.len() / 2);
    let mut peer = Peer::connect(server.addr).await;
    peer.send(head.as_bytes()).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    peer.send(part.as_bytes()).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    peer.send(rest.as_bytes()).await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(9)));
    // The same connection, kept alive: its next head has no limit either.
    peer.send(add(1, 2).as_bytes()).await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(3)));
    server.stop().await;
}

/// A client may shut down its sending side once its request is out (as
/// `nc -N` and some HTTP/1.0 clients do) and still read the answer, as
/// from Python's server; the connection then closes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_half_closes_after_its_request_still_gets_the_answer() {
    let server = spawn(lab()).await;
    for (method, arg) in [("sleep", 300), ("add", 2)] {
        let mut peer = Peer::connect(server.addr).await;
        let args = if method == "add" {
            vec![Value::Int(arg), Value::Int(arg)]
        } else {
            vec![Value::Int(arg)]
        };
        peer.send(post(&call_xml(method, args), "").as_bytes())
            .await;
        peer.stream.shutdown().await.unwrap();
        let reply = peer.read().await;
        let expected = if method == "add" { 2 * arg } else { arg };
        assert_eq!(
            reply.map(|reply| reply.result()),
            Some(Ok(Value::Int(expected))),
            "`{method}` after a half-close"
        );
        assert!(peer.closed().await);
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sleeping_and_blocking_methods_do_not_delay_other_calls() {
    let server = spawn(lab()).await;
    // An async method, a `#[rpc(blocking)]` method and a blocking function.
    for slow in ["sleep", "block", "nap"] {
        let mut sleeper = Peer::connect(server.addr).await;
        sleeper
            .send(post(&call_xml(slow, vec![Value::Int(1500)]), "").as_bytes())
            .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..32 {
            let addr = server.addr;
            tasks.push(tokio::spawn(async move {
                let mut peer = Peer::connect(addr).await;
                peer.send(add(i, i).as_bytes()).await;
                peer.read().await.unwrap().result()
            }));
        }
        for (i, task) in (0..).zip(tasks) {
            assert_eq!(task.await.unwrap(), Ok(Value::Int(2 * i)));
        }
        assert!(
            started.elapsed() < Duration::from_millis(1200),
            "32 quick calls waited on `{slow}`: {:?}",
            started.elapsed()
        );
        assert_eq!(sleeper.read().await.unwrap().result(), Ok(Value::Int(1500)));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_idle_and_slow_connections_do_not_starve_new_calls() {
    let server =
        spawn(lab().limits(Limits::default().header_read_timeout(Duration::from_secs(2)))).await;
    let mut idle = Vec::new();
    for _ in 0..500 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // Slowloris: a request head that never ends.
    let mut slow = Peer::connect(server.addr).await;
    slow.send(b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .await;
    let mut peer = Peer::connect(server.addr).await;
    peer.send(add(40, 2).as_bytes()).await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(42)));
    // The slow head is cut off after the header read time.
    let started = Instant::now();
    if let Some(reply) = slow.read().await {
        assert_eq!(reply.status, 408);
    }
    assert!(started.elapsed() < Duration::from_secs(8));
    drop(idle);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_head_deadline_restarts_with_each_request_on_a_kept_alive_connection() {
    let head_time = Duration::from_millis(600);
    let server = spawn(lab().limits(Limits::default().header_read_timeout(head_time))).await;
    let mut peer = Peer::connect(server.addr).await;
    // Calls for longer than the head time, each head quick: never cut.
    let started = Instant::now();
    let mut calls = 0;
    while started.elapsed() < head_time * 3 && calls < 10_000 {
        peer.send(add(calls, 1).as_bytes()).await;
        let reply = peer.read().await.expect("the connection stays open");
        assert_eq!(reply.result(), Ok(Value::Int(calls + 1)));
        calls += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Then a head that never ends: cut after about the head time.
    peer.send(b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .await;
    let cut = Instant::now();
    if let Some(reply) = peer.read().await {
        assert_eq!(reply.status, 408);
    }
    let waited = cut.elapsed();
    assert!(waited >= head_time / 2, "cut too early: {waited:?}");
    assert!(waited < Duration::from_secs(5), "cut too late: {waited:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_calls_in_flight_finish() {
    let server = spawn(lab()).await;
    let mut peer = Peer::connect(server.addr).await;
    peer.send(post(&call_xml("sleep", vec![Value::Int(500)]), "").as_bytes())
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let addr = server.addr;
    let stopping = tokio::spawn(server.stop());
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(500)));
    stopping.await.unwrap();
    // No longer accepting.
    assert!(TcpStream::connect(addr).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_does_not_wait_for_slow_heads_or_idle_connections() {
    // Heads may take 20 s, and calls in flight 20 s to finish.
    let limits = Limits::default()
        .header_read_timeout(Duration::from_secs(20))
        .shutdown_grace(Duration::from_secs(20));
    let server = spawn(lab().limits(limits)).await;
    let mut slow = Peer::connect(server.addr).await;
    slow.send(b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .await;
    let mut idle = Peer::connect(server.addr).await;
    idle.send(add(1, 1).as_bytes()).await;
    assert_eq!(idle.read().await.unwrap().result(), Ok(Value::Int(2)));
    let mut busy = Peer::connect(server.addr).await;
    busy.send(post(&call_xml("sleep", vec![Value::Int(300)]), "").as_bytes())
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let stopping = tokio::spawn(server.stop());
    // The call in flight is answered; the slow head and the idle
    // keep-alive connection are closed after the drain (2 s), not after
    // 20 s.
    assert_eq!(busy.read().await.unwrap().result(), Ok(Value::Int(300)));
    assert!(slow.closed().await);
    assert!(idle.closed().await);
    stopping.await.unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "shutdown took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_shutdown_an_idle_connection_takes_one_more_call_and_is_told_to_close() {
    let limits = Limits::default().shutdown_drain(Duration::from_secs(3));
    let server = spawn(lab().limits(limits)).await;
    let addr = server.addr;
    let mut idle = Peer::connect(addr).await;
    idle.send(add(1, 1).as_bytes()).await;
    let before = idle.read().await.unwrap();
    assert_eq!(before.header("connection"), None);
    let mut busy = Peer::connect(addr).await;
    busy.send(post(&call_xml("sleep", vec![Value::Int(400)]), "").as_bytes())
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stopping = tokio::spawn(server.stop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The port is closed to new connections...
    assert!(TcpStream::connect(addr).await.is_err());
    // ...but a balancer's kept-alive connection may carry a call already
    // on its way: it is answered, with `Connection: close`, and closed.
    idle.send(add(2, 3).as_bytes()).await;
    let after = idle.read().await.unwrap();
    assert_eq!(after.result(), Ok(Value::Int(5)));
    assert_eq!(after.header("connection"), Some("close"));
    assert!(idle.closed().await);
    // The call in flight at the stop is answered and told to close too.
    let slow = busy.read().await.unwrap();
    assert_eq!(slow.result(), Ok(Value::Int(400)));
    assert_eq!(slow.header("connection"), Some("close"));
    assert!(busy.closed().await);
    stopping.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_no_drain_an_idle_connection_closes_at_shutdown() {
    let limits = Limits::default()
        .shutdown_drain(Duration::ZERO)
        .header_read_timeout(Duration::from_secs(60));
    let server = spawn(lab().limits(limits)).await;
    let mut idle = Peer::connect(server.addr).await;
    idle.send(add(1, 1).as_bytes()).await;
    assert_eq!(idle.read().await.unwrap().result(), Ok(Value::Int(2)));
    let stopping = tokio::spawn(server.stop());
    assert!(idle.closed().await);
    stopping.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn methods_see_the_peer_address_and_headers() {
    let server = spawn(
        Server::new().register_function_as("peer", |ctx: xmlrpc_core::Context| {
            let agent = ctx
                .headers()
                .get("user-agent")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            (
                ctx.peer_addr()
                    .map(|a| a.ip().to_string())
                    .unwrap_or_default(),
                agent,
            )
        }),
    )
    .await;
    let mut peer = Peer::connect(server.addr).await;
    peer.send(post(&call_xml("peer", vec![]), "User-Agent: probe/1\r\n").as_bytes())
        .await;
    let answer = peer.read().await.unwrap().result();
    assert_eq!(
        answer,
        Ok(Value::Array(vec![
            Value::from("127.0.0.1"),
            Value::from("probe/1")
        ]))
    );
    server.stop().await;
}

/// Holds its (large) request for `ms` milliseconds before answering.
async fn hold(ms: u64, pad: String) -> usize {
    tokio::time::sleep(Duration::from_millis(ms)).await;
    pad.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_past_the_memory_budget_wait_then_get_503() {
    // 1 MiB of budget: a request is charged four times its size, until
    // its answer is made.
    let limits = Limits::default()
        .memory(1 << 20)
        .body_read_timeout(Duration::from_millis(500));
    let server = spawn(lab().register_function(hold).limits(limits)).await;
    let request = |ms: i32, size: usize| {
        let call = call_xml("hold", vec![Value::Int(ms), Value::from("x".repeat(size))]);
        post(&call, "")
    };
    // A holds about 800 KiB for 1.5 s.
    let mut a = Peer::connect(server.addr).await;
    a.send(request(1500, 200_000).as_bytes()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // B needs about 400 KiB: no room within its wait (the body read time).
    let mut b = Peer::connect(server.addr).await;
    b.send(request(0, 100_000).as_bytes()).await;
    let refused = b.read().await.expect("an answer, not a reset");
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("retry-after"), Some("1"));
    // A is answered; then B fits.
    assert_eq!(a.read().await.unwrap().result(), Ok(Value::Int(200_000)));
    let mut b = Peer::connect(server.addr).await;
    b.send(request(0, 100_000).as_bytes()).await;
    assert_eq!(b.read().await.unwrap().result(), Ok(Value::Int(100_000)));
    server.stop().await;
}
