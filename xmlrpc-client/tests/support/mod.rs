//! What the test binaries share: a Python server process, and raw
//! servers that answer what they are told to.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

#[cfg(feature = "cli")]
pub(crate) mod tool;

/// A Python process, killed when dropped.
pub(crate) struct Python(Child);

impl Drop for Python {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// Starts python3 with `args` and waits for the first line it prints (a
/// port, or a banner); `None`, saying so, where python3 is absent.
pub(crate) fn python(args: &[&str]) -> Option<(Python, String)> {
    let child = Command::new("python3")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            return None;
        }
    };
    let stdout = child.stdout.take().unwrap();
    let python = Python(child);
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(!line.is_empty(), "python exited before serving");
    // Read the rest (the demo prints a second line): a closed pipe would
    // kill the server at its next print.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    Some((python, line.trim().to_owned()))
}

/// A server that reads one request and answers `response` verbatim,
/// handing back what it read.
pub(crate) async fn canned(
    response: impl AsRef<[u8]> + Send + 'static,
) -> (SocketAddr, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move { exchange(&listener, response.as_ref()).await });
    (addr, task)
}

/// Like [`canned`], one connection per answer, in turn.
pub(crate) async fn canned_each(
    responses: Vec<String>,
) -> (SocketAddr, tokio::task::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let mut seen = Vec::new();
        for response in responses {
            seen.push(exchange(&listener, response.as_bytes()).await);
        }
        seen
    });
    (addr, task)
}

/// Accepts a connection, reads one request, writes `response`, closes.
pub(crate) async fn exchange(listener: &TcpListener, response: &[u8]) -> String {
    let (mut stream, _) = listener.accept().await.unwrap();
    let mut seen = Vec::new();
    let mut buf = [0_u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.unwrap();
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen);
        if let Some(end) = text.find("\r\n\r\n") {
            let len = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if seen.len() >= end + 4 + len || n == 0 {
                break;
            }
        }
        if n == 0 {
            break;
        }
    }
    stream.write_all(response).await.unwrap();
    stream.shutdown().await.ok();
    String::from_utf8_lossy(&seen).into_owned()
}

pub(crate) fn ok_five() -> String {
    let body = "<methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>";
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}
