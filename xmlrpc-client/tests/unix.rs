//! XML-RPC over a Unix domain socket, as Supervisor serves by default: our
//! server on a socket in a temporary directory, reached by the async and
//! blocking clients, MultiCall, a generated client and the `xmlrpc` tool
//! through `unix://` and `http+unix://` URLs.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    unreachable_pub,
    missing_docs
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use tokio::net::UnixListener;
use xmlrpc_client::{BlockingClient, Client, Error};
use xmlrpc_core::{Context, rpc_service};
use xmlrpc_server::{Dispatcher, Server};

#[derive(Debug)]
pub struct Local;

#[rpc_service]
impl Local {
    /// Adds.
    pub fn add(&self, a: i32, b: i32) -> i32 {
        a + b
    }

    /// The caller's address, which a Unix socket does not have.
    pub fn peer(&self, ctx: &Context) -> String {
        ctx.peer_addr()
            .map_or_else(|| "none".to_owned(), |a| a.to_string())
    }
}

fn shout(text: String) -> String {
    text.to_uppercase()
}

/// A fresh directory for one test's socket.
fn socket_in(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xmlrpc-unix-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("rpc.sock")
}

/// Serves `Local` (and `/other` with `shout`) on `path`, on its own
/// runtime thread; returns once the socket is bound.
fn serve(path: &Path) {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = path.to_owned();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let listener = UnixListener::bind(&path).unwrap();
            tx.send(()).unwrap();
            Server::new()
                .register_instance(Local)
                .endpoint("/other", Dispatcher::new().register_function(shout))
                .serve_unix_listener(listener, std::future::pending())
                .await
                .unwrap();
        });
    });
    rx.recv().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_call_over_a_unix_socket() {
    let path = socket_in("async");
    serve(&path);
    let url = format!("unix://{}", path.display());
    let client = Client::new(&url).unwrap();
    assert_eq!(client.unix_socket(), Some(path.as_path()));
    assert_eq!(client.url().as_str(), "http://localhost/RPC2");
    let sum: i32 = client.call("add", (2, 3)).await.unwrap();
    assert_eq!(sum, 5);
    let peer: String = client.call("peer", ()).await.unwrap();
    assert_eq!(peer, "none");
    let typed = LocalClient::new(client.clone());
    assert_eq!(typed.add(4, 5).await.unwrap(), 9);
    let mut batch = client.multicall();
    let one = batch.add::<i32>("add", (1, 1)).unwrap();
    assert_eq!(batch.send().await.unwrap().get(&one).unwrap(), 2);

    // Another HTTP path on the same socket.
    let encoded = path.display().to_string().replace('/', "%2F");
    let other = Client::new(&format!("http+unix://{encoded}/other")).unwrap();
    let loud: String = other.call("shout", ("hi",)).await.unwrap();
    assert_eq!(loud, "HI");

    // Nobody on the socket: a connection error, not a hang.
    let missing = format!("unix://{}", socket_in("missing").display());
    let err = Client::new(&missing)
        .unwrap()
        .call::<i32>("add", (1, 2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
}

#[test]
fn the_blocking_client_calls_over_a_unix_socket() {
    let path = socket_in("blocking");
    serve(&path);
    let client = BlockingClient::new(&format!("unix://{}", path.display())).unwrap();
    let sum: i32 = client.call("add", (20, 22)).unwrap();
    assert_eq!(sum, 42);
    assert_eq!(LocalClient::new(client).add(1, 2).unwrap(), 3);
}

#[test]
fn the_tool_calls_over_a_unix_socket() {
    let path = socket_in("tool");
    serve(&path);
    let out = Command::new(env!("CARGO_BIN_EXE_xmlrpc"))
        .args([
            "call",
            &format!("unix://{}", path.display()),
            "add",
            "2",
            "3",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_unix_replaces_a_stale_socket_but_not_a_live_one() {
    let path = socket_in("stale");
    // A socket file whose server is gone.
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    assert!(path.exists());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn({
        let path = path.clone();
        async move {
            let served = Server::new().register_instance(Local).serve_unix(&path);
            tokio::select! {
                result = served => result,
                _ = stopped => Ok(()),
            }
        }
    });
    let url = format!("unix://{}", path.display());
    let mut sum = None;
    for _ in 0..100 {
        if let Ok(n) = Client::new(&url).unwrap().call::<i32>("add", (1, 2)).await {
            sum = Some(n);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(sum, Some(3));
    // A second server on a live socket is refused.
    let second = Server::new().serve_unix(&path).await.unwrap_err();
    assert_eq!(second.kind(), std::io::ErrorKind::AddrInUse);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
