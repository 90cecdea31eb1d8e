//! Connection exhaustion: more attackers than the server has slots, each
//! holding a connection that never sends a byte and reopening it the
//! moment it is closed. Fresh callers must still be served, and quickly,
//! since a waiting connection makes room for a new one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::AsyncReadExt as _;
use tokio::net::TcpStream;
use tokio::sync::watch;
use xmlrpc_core::Value;
use xmlrpc_server::{Limits, Server};

use common::{Lab, Peer, call_xml, post, spawn};

/// Connects, holds the connection until the server closes it, and again,
/// until told to stop. Counts the connections it made.
async fn attacker(addr: SocketAddr, mut stop: watch::Receiver<bool>, opened: Arc<AtomicUsize>) {
    let mut byte = [0_u8; 1];
    while !*stop.borrow() {
        let Ok(mut stream) = TcpStream::connect(addr).await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        opened.fetch_add(1, Ordering::Relaxed);
        tokio::select! {
            // Closed by the server (EOF or reset).
            _ = stream.read(&mut byte) => {}
            _ = stop.changed() => return,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fresh_calls_are_served_while_attackers_hold_every_slot() {
    // The default cap (1024) and head time (30 s): nothing tuned for the
    // test.
    let limits = Limits::default();
    assert_eq!(limits.connection_limit(), 1024);
    let server = spawn(Server::new().register_instance(Lab).limits(limits)).await;
    let (stop, stopped) = watch::channel(false);
    let opened = Arc::new(AtomicUsize::new(0));
    // Not all at once: a burst past the listen queue would leave some
    // attackers half-open, never accepted, and the server below its cap.
    let mut attackers = Vec::new();
    for _ in 0..1100 {
        attackers.push(tokio::spawn(attacker(
            server.addr,
            stopped.clone(),
            Arc::clone(&opened),
        )));
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
    // Until they hold every slot, and some wait for one.
    let filling = Instant::now();
    while opened.load(Ordering::Relaxed) < 1100 && filling.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(opened.load(Ordering::Relaxed) >= 1100);

    for i in 0..10 {
        let started = Instant::now();
        let answered = tokio::time::timeout(Duration::from_secs(10), async {
            let mut peer = Peer::connect(server.addr).await;
            let body = call_xml("add", vec![Value::Int(i), Value::Int(1)]);
            peer.send(post(&body, "").as_bytes()).await;
            peer.read().await.expect("an answer").result()
        })
        .await
        .expect("answered within 10 s");
        let took = started.elapsed();
        assert_eq!(answered, Ok(Value::Int(i + 1)));
        assert!(took < Duration::from_secs(1), "call {i} took {took:?}");
    }
    // The attackers were displaced and kept reconnecting meanwhile.
    assert!(opened.load(Ordering::Relaxed) > 1100);

    stop.send_replace(true);
    for attacker in attackers {
        attacker.await.unwrap();
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_gets_its_share_of_connections() {
    let limits = Limits::default().connections_per_peer(4);
    let server = spawn(Server::new().register_instance(Lab).limits(limits)).await;
    // Four calls in flight from 127.0.0.1: its share, all busy.
    let mut busy = Vec::new();
    for _ in 0..4 {
        let mut peer = Peer::connect(server.addr).await;
        let body = call_xml("sleep", vec![Value::Int(600)]);
        peer.send(post(&body, "").as_bytes()).await;
        busy.push(peer);
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    // A fifth from the same address is closed at once...
    let mut fifth = Peer::connect(server.addr).await;
    assert!(fifth.closed().await);
    // ...while another address is served.
    let other = tokio::net::TcpSocket::new_v4().unwrap();
    other.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let stream = other.connect(server.addr).await.unwrap();
    let mut peer = Peer::from_stream(stream);
    peer.send(post(&call_xml("add", vec![Value::Int(2), Value::Int(2)]), "").as_bytes())
        .await;
    assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(4)));
    for mut peer in busy {
        assert_eq!(peer.read().await.unwrap().result(), Ok(Value::Int(600)));
    }
    server.stop().await;
}
