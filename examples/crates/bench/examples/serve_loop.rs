//! Sends one benchmark payload to a served router over loopback a fixed
//! number of times, on one thread, for instruction counts of everything a
//! served request costs in user space: the accept loop's connection task,
//! hyper, the router and the runtime (`route_loop` counts the router
//! alone). The client is the same for every server, so the difference
//! between two servers' counts is theirs:
//!
//! ```sh
//! cargo build --release -p bench --example serve_loop
//! for n in 2000 2400; do
//!   valgrind --tool=callgrind --callgrind-out-file=cg.$n \
//!     target/release/examples/serve_loop ours tiny $n 8
//! done
//! ```
//!
//! (instructions per request = the difference of the two totals / 400).
//! Count after a warm-up of a few hundred calls per connection: hyper's
//! read buffer settles into its steady state only after that (see
//! BENCHMARKS.md, step 11), and a count over the first calls flatters a
//! server whose buffer has not yet reached it.
//! Servers: `ours` (the conformance service on `Server::serve_listener`)
//! and `ceiling` (loadbench's axum answering a canned methodResponse, on
//! `axum::serve`); payloads: `tiny`, `medium`, `base64`. An optional
//! fourth argument spreads the calls over that many keep-alive
//! connections, each sending as soon as its answer is in.

// A measuring tool with bad arguments should stop loudly.
#![allow(clippy::expect_used)]

use axum::body::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::TokioIo;
use xmlrpc_core::MethodResponse;
use xmlrpc_server::Server;

#[path = "loadbench/ceiling.rs"]
mod ceiling;
#[path = "../benches/payloads/mod.rs"]
mod payloads;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (server, payload, count, connections) = match args.as_slice() {
        [s, p, n] => (s, p, n, 1),
        [s, p, n, c] => (s, p, n, c.parse().expect("CONNECTIONS is a number")),
        _ => {
            eprintln!("usage: serve_loop ours|ceiling tiny|medium|base64 COUNT [CONNECTIONS]");
            std::process::exit(2);
        }
    };
    let (call_doc, expected) =
        payloads::named(payload).unwrap_or_else(|| panic!("unknown payload {payload}"));
    let body = Bytes::from(call_doc.to_xml().expect("valid payload"));
    let answer = MethodResponse::Success(expected);
    let count: usize = count.parse().expect("COUNT is a number");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("an address");
        match server.as_str() {
            "ours" => {
                let server = Server::new()
                    .register_instance(examples::conformance::Conformance::default())
                    .serve_listener(listener, std::future::pending());
                tokio::spawn(server);
            }
            "ceiling" => {
                let canned = Bytes::from(answer.to_xml().expect("valid answer"));
                let app = ceiling::router(canned);
                tokio::spawn(async move { axum::serve(listener, app).await });
            }
            other => panic!("unknown server {other}"),
        }
        let mut clients = Vec::new();
        for i in 0..connections {
            let calls = count / connections + usize::from(i < count % connections);
            let body = body.clone();
            let answer = answer.clone();
            clients.push(tokio::spawn(async move {
                let stream = tokio::net::TcpStream::connect(addr)
                    .await
                    .expect("a connection");
                stream.set_nodelay(true).expect("no delay");
                let (mut sender, conn) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream))
                        .await
                        .expect("a handshake");
                tokio::spawn(conn);
                for _ in 0..calls {
                    sender.ready().await.expect("ready");
                    let request = http::Request::post("/RPC2")
                        .header(http::header::HOST, "bench")
                        .header(http::header::CONTENT_TYPE, "text/xml")
                        .body(Full::new(body.clone()))
                        .expect("a request");
                    let response = sender.send_request(request).await.expect("an answer");
                    assert_eq!(response.status(), http::StatusCode::OK);
                    let got = response
                        .into_body()
                        .collect()
                        .await
                        .expect("a body")
                        .to_bytes();
                    assert_eq!(
                        MethodResponse::from_xml(&got).expect("a methodResponse"),
                        answer
                    );
                }
            }));
        }
        for client in clients {
            client.await.expect("a client");
        }
    });
}
