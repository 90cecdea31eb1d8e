//! What the server tests share: a test service and a raw HTTP peer.

#![allow(dead_code, unreachable_pub)] // each test file uses a part

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use xmlrpc_core::{Fault, MethodCall, MethodResponse, Value, rpc_service};
use xmlrpc_server::Server;

/// A service with a method for each behaviour the tests look at.
#[derive(Debug)]
pub struct Lab;

#[rpc_service]
impl Lab {
    /// Adds two integers.
    pub fn add(&self, a: i32, b: i32) -> i64 {
        i64::from(a) + i64::from(b)
    }

    /// Waits without blocking, then answers `ms`.
    pub async fn sleep(&self, ms: u64) -> u64 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        ms
    }

    /// Blocks its thread, then answers `ms`.
    #[rpc(blocking)]
    pub fn block(&self, ms: u64) -> u64 {
        std::thread::sleep(Duration::from_millis(ms));
        ms
    }

    /// Panics.
    pub fn boom(&self) -> i32 {
        panic!("boom")
    }

    /// Answers its parameter.
    pub fn echo(&self, value: Value) -> Value {
        value
    }

    /// A string of `n` letters.
    pub fn big(&self, n: usize) -> String {
        "x".repeat(n)
    }

    /// Fails with fault 1001.
    pub fn fail(&self) -> Result<i32, Fault> {
        Err(Fault::new(1001, "division by zero"))
    }
}

/// A running server and the way to stop it.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn new(
        addr: SocketAddr,
        stop: oneshot::Sender<()>,
        task: JoinHandle<std::io::Result<()>>,
    ) -> Self {
        Self {
            addr,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Asks for a graceful shutdown and waits for it.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        tokio::time::timeout(Duration::from_secs(20), &mut self.task)
            .await
            .expect("the server stops")
            .expect("the server task ends")
            .expect("the server ran");
    }
}

/// Serves `server` on a fresh loopback port.
pub async fn spawn(server: Server) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.serve_listener(listener, async {
        stopped.await.ok();
    }));
    Running {
        addr,
        stop: Some(stop),
        task,
    }
}

/// The body of a call.
pub fn call_xml(name: &str, params: Vec<Value>) -> String {
    MethodCall::new(name, params).to_xml().unwrap()
}

/// A `POST /RPC2` request carrying `body`, with extra header lines.
pub fn post(body: &str, extra: &str) -> String {
    format!(
        "POST /RPC2 HTTP/1.1\r\nHost: test\r\nContent-Type: text/xml\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// One HTTP response as read off the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The XML-RPC answer in the body.
    pub fn result(&self) -> Result<Value, Fault> {
        MethodResponse::from_xml(&self.body).unwrap().into_result()
    }
}

/// Reads HTTP responses from a connection, keeping what it read ahead.
pub struct Peer {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Peer {
    pub async fn connect(addr: SocketAddr) -> Self {
        Self::from_stream(TcpStream::connect(addr).await.unwrap())
    }

    pub fn from_stream(stream: TcpStream) -> Self {
        Self {
            stream,
            buf: Vec::new(),
        }
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.unwrap();
    }

    async fn fill(&mut self) -> bool {
        let mut chunk = [0_u8; 16 * 1024];
        let n = tokio::time::timeout(Duration::from_secs(10), self.stream.read(&mut chunk))
            .await
            .expect("the server answers within 10 s")
            .unwrap_or(0);
        self.buf.extend_from_slice(&chunk[..n]);
        n > 0
    }

    /// Reads one response; `None` when the server closed first.
    pub async fn read(&mut self) -> Option<Reply> {
        let head_end = loop {
            if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            if !self.fill().await {
                return None;
            }
        };
        let head = String::from_utf8(self.buf[..head_end].to_vec()).unwrap();
        self.buf.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let status: u16 = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.trim().to_owned(), v.trim().to_owned())
            })
            .collect();
        let mut reply = Reply {
            status,
            headers,
            body: Vec::new(),
        };
        if status == 100 {
            return Some(reply);
        }
        if reply.header("transfer-encoding") == Some("chunked") {
            loop {
                let line_end = loop {
                    if let Some(i) = self.buf.windows(2).position(|w| w == b"\r\n") {
                        break i;
                    }
                    assert!(self.fill().await, "chunked body cut short");
                };
                let size_text = String::from_utf8(self.buf[..line_end].to_vec()).unwrap();
                let size = usize::from_str_radix(size_text.trim(), 16).unwrap();
                self.buf.drain(..line_end + 2);
                while self.buf.len() < size + 2 {
                    assert!(self.fill().await, "chunk cut short");
                }
                reply.body.extend_from_slice(&self.buf[..size]);
                self.buf.drain(..size + 2);
                if size == 0 {
                    break;
                }
            }
        } else {
            let len: usize = reply
                .header("content-length")
                .map_or(0, |v| v.parse().unwrap());
            while self.buf.len() < len {
                assert!(self.fill().await, "body cut short");
            }
            reply.body = self.buf.drain(..len).collect();
        }
        Some(reply)
    }

    /// Whether the server closed the connection (reads EOF within 10 s).
    pub async fn closed(&mut self) -> bool {
        if !self.buf.is_empty() {
            return false;
        }
        let mut byte = [0_u8; 1];
        matches!(
            tokio::time::timeout(Duration::from_secs(10), self.stream.read(&mut byte)).await,
            Ok(Ok(0) | Err(_))
        )
    }
}
