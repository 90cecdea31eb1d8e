//! `FramedServer` over real sockets, with raw frames: calls in turn and
//! pipelined, concurrency across connections, bad and hostile frames,
//! limits, shutdown, and Unix sockets.

#![cfg(feature = "framed")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::Lab;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use xmlrpc_core::{Fault, MethodCall, Value};
use xmlrpc_server::frame::FrameFormat;
use xmlrpc_server::{Dispatcher, FramedServer, Limits};

struct Running {
    addr: std::net::SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn stop(self) {
        self.stop.send(()).ok();
        tokio::time::timeout(Duration::from_secs(20), self.task)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
    }
}

async fn serve(format: FrameFormat, limits: Limits) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = FramedServer::new(Dispatcher::new().register_instance(Lab))
        .format(format)
        .limits(limits);
    let task = tokio::spawn(server.serve_listener(listener, async {
        stopped.await.ok();
    }));
    Running { addr, stop, task }
}

/// A raw peer that writes and reads frames.
struct Peer<S> {
    stream: S,
    format: FrameFormat,
}

impl Peer<TcpStream> {
    async fn connect(running: &Running, format: &FrameFormat) -> Self {
        Self {
            stream: TcpStream::connect(running.addr).await.unwrap(),
            format: format.clone(),
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Peer<S> {
    async fn send(&mut self, name: &str, params: Vec<Value>) {
        let frame = self
            .format
            .call_frame(&MethodCall::new(name, params))
            .unwrap();
        self.stream.write_all(&frame).await.unwrap();
    }

    /// Writes `body` as one frame.
    async fn send_body(&mut self, body: &[u8]) {
        let frame = self.format.frame(body).unwrap();
        self.stream.write_all(&frame).await.unwrap();
    }

    /// The next answer, or `None` when the server closed the connection
    /// (within 10 s).
    async fn read(&mut self) -> Option<Result<Value, Fault>> {
        let read = async {
            let mut prefix = [0_u8; 4];
            self.stream.read_exact(&mut prefix).await.ok()?;
            let len = self.format.body_len(prefix, 1 << 20).unwrap();
            let mut body = vec![0_u8; len];
            self.stream.read_exact(&mut body).await.unwrap();
            Some(self.format.read_reply(&body).unwrap())
        };
        tokio::time::timeout(Duration::from_secs(10), read)
            .await
            .expect("an answer or a close within 10 s")
    }

    async fn call(&mut self, name: &str, params: Vec<Value>) -> Result<Value, Fault> {
        self.send(name, params).await;
        self.read().await.expect("an answer")
    }
}

fn formats() -> [FrameFormat; 2] {
    [FrameFormat::xml(), FrameFormat::json()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_connection_carries_calls_introspection_and_multicall_in_turn() {
    for format in formats() {
        let server = serve(format.clone(), Limits::default()).await;
        let mut peer = Peer::connect(&server, &format).await;
        for i in 0..5 {
            assert_eq!(
                peer.call("add", vec![Value::Int(i), Value::Int(1)]).await,
                Ok(Value::Int(i + 1))
            );
        }
        let names = peer.call("system.listMethods", vec![]).await.unwrap();
        assert!(
            names.as_array().unwrap().contains(&Value::from("add")),
            "{names:?}"
        );
        let help = peer
            .call("system.methodHelp", vec![Value::from("add")])
            .await;
        assert_eq!(help, Ok(Value::from("Adds two integers.")));
        let one = |name: &str, params: Vec<Value>| {
            let members: xmlrpc_core::Struct = [
                ("methodName", Value::from(name)),
                ("params", Value::Array(params)),
            ]
            .into_iter()
            .collect();
            Value::Struct(members)
        };
        let batch = Value::Array(vec![
            one("add", vec![Value::Int(2), Value::Int(3)]),
            one("fail", vec![]),
        ]);
        let answers = peer.call("system.multicall", vec![batch]).await.unwrap();
        let answers = answers.as_array().unwrap();
        assert_eq!(answers[0], Value::Array(vec![Value::Int(5)]));
        assert_eq!(answers[1].get("faultCode"), Some(&Value::Int(1001)));
        assert_eq!(
            peer.call("fail", vec![]).await,
            Err(Fault::new(1001, "division by zero"))
        );
        let unknown = peer.call("nope", vec![]).await.unwrap_err();
        assert_eq!(unknown.code, Fault::METHOD_NOT_FOUND);
        // A method that panics answers -32603; the connection goes on.
        assert_eq!(
            peer.call("boom", vec![]).await.unwrap_err().code,
            Fault::INTERNAL_ERROR
        );
        assert_eq!(
            peer.call("add", vec![Value::Int(1), Value::Int(1)]).await,
            Ok(Value::Int(2))
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_calls_are_answered_in_order() {
    let format = FrameFormat::json();
    let server = serve(format.clone(), Limits::default()).await;
    let mut peer = Peer::connect(&server, &format).await;
    // All three sent before any answer is read; the slow one first.
    peer.send("sleep", vec![Value::Int(200)]).await;
    peer.send("add", vec![Value::Int(1), Value::Int(2)]).await;
    peer.send("echo", vec![Value::from("last")]).await;
    assert_eq!(peer.read().await, Some(Ok(Value::Int(200))));
    assert_eq!(peer.read().await, Some(Ok(Value::Int(3))));
    assert_eq!(peer.read().await, Some(Ok(Value::from("last"))));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_are_served_concurrently() {
    let format = FrameFormat::xml();
    let server = serve(format.clone(), Limits::default()).await;
    let mut slow = Peer::connect(&server, &format).await;
    let mut quick = Peer::connect(&server, &format).await;
    slow.send("sleep", vec![Value::Int(1500)]).await;
    slow.send("block", vec![Value::Int(0)]).await;
    // Answered while the other connection's call is still running.
    assert_eq!(
        quick.call("add", vec![Value::Int(2), Value::Int(2)]).await,
        Ok(Value::Int(4))
    );
    let mut byte = [0_u8; 1];
    let pending =
        tokio::time::timeout(Duration::from_millis(100), slow.stream.peek(&mut byte)).await;
    assert!(pending.is_err(), "the slow call was answered first");
    assert_eq!(slow.read().await, Some(Ok(Value::Int(1500))));
    assert_eq!(slow.read().await, Some(Ok(Value::Int(0))));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_body_gets_a_fault_and_the_connection_goes_on() {
    let cases: [(FrameFormat, &[u8], i32); 6] = [
        (FrameFormat::json(), b"{not json", Fault::PARSE_ERROR),
        (FrameFormat::json(), b"[1, 2]", Fault::INVALID_REQUEST),
        (
            FrameFormat::json(),
            br#"{"in": "add", "params": [1, 123456789012345678901]}"#,
            Fault::INVALID_REQUEST,
        ),
        (FrameFormat::xml(), b"this is not XML", Fault::PARSE_ERROR),
        (
            FrameFormat::xml(),
            b"<methodCall><oops/>",
            Fault::INVALID_REQUEST,
        ),
        (
            FrameFormat::xml(),
            b"<methodResponse/>",
            Fault::INVALID_REQUEST,
        ),
    ];
    for (format, body, code) in cases {
        let server = serve(format.clone(), Limits::default()).await;
        let mut peer = Peer::connect(&server, &format).await;
        peer.send_body(body).await;
        let fault = peer.read().await.expect("a fault frame").unwrap_err();
        assert_eq!(
            fault.code,
            code,
            "{}: {fault}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(
            peer.call("add", vec![Value::Int(1), Value::Int(2)]).await,
            Ok(Value::Int(3))
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_above_the_limit_is_refused_unread_and_others_go_on() {
    let format = FrameFormat::json();
    let server = serve(format.clone(), Limits::default().body(1024)).await;
    let mut hostile = Peer::connect(&server, &format).await;
    // 4 GiB announced: refused from the prefix, nothing allocated.
    hostile
        .stream
        .write_all(&u32::MAX.to_le_bytes())
        .await
        .unwrap();
    let fault = hostile.read().await.expect("a fault frame").unwrap_err();
    assert_eq!(fault.code, Fault::INVALID_REQUEST);
    assert!(
        fault.string.contains("larger than the limit of 1024 bytes"),
        "{fault}"
    );
    assert_eq!(hostile.read().await, None, "closed after the fault");
    // Just above the limit, with the bytes following.
    let mut over = Peer::connect(&server, &format).await;
    over.send("big", vec![Value::from("x".repeat(1100))]).await;
    assert_eq!(
        over.read().await.unwrap().unwrap_err().code,
        Fault::INVALID_REQUEST
    );
    let mut other = Peer::connect(&server, &format).await;
    assert_eq!(
        other.call("add", vec![Value::Int(1), Value::Int(1)]).await,
        Ok(Value::Int(2))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cut_short_slow_and_idle_connections_are_closed() {
    let format = FrameFormat::xml();
    let limits = Limits::default()
        .header_read_timeout(Duration::from_millis(300))
        .body_read_timeout(Duration::from_millis(300));
    let server = serve(format.clone(), limits).await;
    // Cut short: a prefix for 100 bytes, 10 of them, then the end.
    let mut cut = Peer::connect(&server, &format).await;
    cut.stream.write_all(&100_u32.to_be_bytes()).await.unwrap();
    cut.stream.write_all(&[b'<'; 10]).await.unwrap();
    cut.stream.shutdown().await.unwrap();
    assert_eq!(cut.read().await, None);
    // Slow: the body never completes.
    let mut slow = Peer::connect(&server, &format).await;
    slow.stream.write_all(&100_u32.to_be_bytes()).await.unwrap();
    slow.stream.write_all(b"<methodCall>").await.unwrap();
    assert_eq!(slow.read().await, None);
    // Half a prefix.
    let mut half = Peer::connect(&server, &format).await;
    half.stream.write_all(&[0, 0]).await.unwrap();
    assert_eq!(half.read().await, None);
    // Idle after a call.
    let mut idle = Peer::connect(&server, &format).await;
    assert_eq!(
        idle.call("add", vec![Value::Int(1), Value::Int(1)]).await,
        Ok(Value::Int(2))
    );
    assert_eq!(idle.read().await, None);
    // The server goes on.
    let mut fresh = Peer::connect(&server, &format).await;
    assert_eq!(
        fresh.call("add", vec![Value::Int(2), Value::Int(1)]).await,
        Ok(Value::Int(3))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_share_the_memory_budget() {
    let format = FrameFormat::xml();
    let limits = Limits::default()
        .memory(64 << 10)
        .body_read_timeout(Duration::from_millis(500));
    let server = serve(format.clone(), limits).await;
    // A 60 KiB frame takes the whole budget (four times its size) until
    // it is answered: a multicall that sleeps, padded.
    let call = |name: &str, param: Value| {
        let members: xmlrpc_core::Struct = [
            ("methodName", Value::from(name)),
            ("params", Value::Array(vec![param])),
        ]
        .into_iter()
        .collect();
        Value::Struct(members)
    };
    let batch = Value::Array(vec![
        call("sleep", Value::Int(1500)),
        call("echo", Value::from("x".repeat(60 << 10))),
    ]);
    let mut hog = Peer::connect(&server, &format).await;
    hog.send("system.multicall", vec![batch]).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Another frame finds no room within the body time: a fault, a close.
    let mut late = Peer::connect(&server, &format).await;
    late.send("echo", vec![Value::from("x".repeat(4096))]).await;
    let busy = late.read().await.expect("a fault frame").unwrap_err();
    assert_eq!(busy.code, Fault::INTERNAL_ERROR);
    assert!(busy.string.contains("busy"), "{busy}");
    assert_eq!(late.read().await, None);
    // The hog is answered, and its charge given back.
    let answers = hog.read().await.unwrap().unwrap();
    assert_eq!(answers.as_array().map(<[Value]>::len), Some(2));
    let mut next = Peer::connect(&server, &format).await;
    let echoed = next.call("echo", vec![Value::from("x".repeat(4096))]).await;
    assert_eq!(echoed, Ok(Value::from("x".repeat(4096))));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_connection_cap_idle_connections_make_room() {
    let format = FrameFormat::json();
    let server = serve(format.clone(), Limits::default().connections(2)).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(Peer::connect(&server, &format).await);
    }
    let mut caller = Peer::connect(&server, &format).await;
    assert_eq!(
        caller.call("add", vec![Value::Int(1), Value::Int(2)]).await,
        Ok(Value::Int(3))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_answers_calls_in_flight_and_closes_idle_connections() {
    let format = FrameFormat::xml();
    let server = serve(format.clone(), Limits::default()).await;
    let addr = server.addr;
    let mut busy = Peer::connect(&server, &format).await;
    let mut idle = Peer::connect(&server, &format).await;
    assert_eq!(
        idle.call("add", vec![Value::Int(1), Value::Int(1)]).await,
        Ok(Value::Int(2))
    );
    busy.send("sleep", vec![Value::Int(400)]).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stopping = tokio::spawn(server.stop());
    assert_eq!(idle.read().await, None);
    assert_eq!(busy.read().await, Some(Ok(Value::Int(400))));
    assert_eq!(busy.read().await, None);
    stopping.await.unwrap();
    assert!(TcpStream::connect(addr).await.is_err());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unix_sockets_are_served() {
    let dir = std::env::temp_dir().join(format!("xmlrpc-framed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rpc.sock");
    let _ = std::fs::remove_file(&path);
    let listener = tokio::net::UnixListener::bind(&path).unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = FramedServer::new(Dispatcher::new().register_instance(Lab));
    let task = tokio::spawn(server.serve_listener(listener, async {
        stopped.await.ok();
    }));
    let mut peer = Peer {
        stream: tokio::net::UnixStream::connect(&path).await.unwrap(),
        format: FrameFormat::xml(),
    };
    assert_eq!(
        peer.call("add", vec![Value::Int(20), Value::Int(22)]).await,
        Ok(Value::Int(42))
    );
    stop.send(()).ok();
    task.await.unwrap().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}
