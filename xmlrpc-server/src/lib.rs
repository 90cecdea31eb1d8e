//! An XML-RPC server over HTTP, on axum and tokio: everything Python's
//! `xmlrpc.server` does, typed and async, and safe against hostile input
//! by default.
//!
//! Register `#[rpc_service]` types ([`Server::register_instance`]), plain
//! functions and closures ([`Server::register_function`]), remote objects
//! under a name ([`Server::mount`]), and further endpoints with their own
//! methods ([`Server::endpoint`]). `system.listMethods`,
//! `system.methodHelp`, `system.methodSignature`, `system.getCapabilities`
//! and `system.multicall` come with it ([`System`] turns them off).
//!
//! ```
//! use xmlrpc_server::{Fault, Server, rpc_service};
//!
//! struct Calculator;
//!
//! #[rpc_service]
//! impl Calculator {
//!     /// Divides a by b.
//!     pub fn divide(&self, a: f64, b: f64) -> Result<f64, Fault> {
//!         if b == 0.0 {
//!             return Err(Fault::new(1001, "division by zero"));
//!         }
//!         Ok(a / b)
//!     }
//! }
//!
//! fn twice(n: i32) -> i32 {
//!     2 * n
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! Server::new()
//!     .register_instance(Calculator)
//!     .register_function(twice)
//!     .serve("127.0.0.1:8000")
//!     .await
//! # }
//! ```
//!
//! [`Server::serve`] serves TCP, `serve_tls` HTTPS, and [`Server::serve_unix`]
//! a Unix domain socket (as Supervisor does), all through the same
//! connection limits and graceful shutdown.
//!
//! # In an axum application
//!
//! [`Server::into_router`] gives an `axum::Router` to merge into an
//! application or wrap in tower layers; what layers put into the request's
//! extensions reaches methods through their [`Context`]. Serve the
//! application with [`serve()`], not `axum::serve`: the connection cap, the
//! request-head time and size limits, the TLS handshake time and graceful
//! shutdown live in the accept loop, which `serve` runs for any router.
//! `examples/axum_app.rs` shows the whole path (a JSON health route, an
//! auth layer, `TraceLayer`, SIGTERM).
//!
//! # Signals
//!
//! [`Server::serve`], [`serve()`] and the Unix-socket and TLS variants stop
//! on Ctrl-C or SIGTERM ([`shutdown_signal`]): they stop accepting, answer
//! every call from then on with `Connection: close`, let idle kept-alive
//! connections take one more call for [`Limits::shutdown_drain`] (2 s, so
//! that a call a load balancer sent on one as the server stopped is not
//! lost), let the calls in flight finish within [`Limits::shutdown_grace`]
//! (30 s by default), and return. The `*_listener` variants and
//! [`Serve::with_graceful_shutdown`] take a signal of your own.
//!
//! # Framed transport
//!
//! With the feature `framed`, `FramedServer` serves a [`Dispatcher`]
//! (anything `#[rpc_service]` generates, functions, `system.*`) over
//! length-prefixed frames on TCP or a Unix socket instead of HTTP, with
//! the same limits, connection protections and graceful shutdown: the
//! socket RPC tutorial's transport (`examples/ping.rs`). A frame is a
//! 4-byte length and a body; the body is an XML-RPC document (big-endian
//! length, the default) or the tutorial's JSON
//! (`{"in": "ping", "params": …}` → `{"out": "pong", "result": …}`,
//! little-endian length). The `frame` module (a re-export of
//! `xmlrpc_core::frame`) describes the format and the JSON mapping of
//! every XML-RPC type; `xmlrpc_client::framed::FramedClient` is the
//! client.
//!
//! # Scale-out and deployment
//!
//! The [`deploy`] guide: several instances behind nginx with kept-alive
//! upstreams (the configuration the scale-out test runs, with 20 000
//! calls through a SIGTERM and a SIGKILL), how nginx's limits and
//! timeouts must relate to [`Limits`], a systemd unit, a container recipe
//! and health checks.
//!
//! # HTTP behaviour
//!
//! | Request | Answer |
//! |---|---|
//! | `POST` to an endpoint (default `/` and `/RPC2`) | 200 `text/xml`, result or fault |
//! | any other method | 405 with `Allow: POST` |
//! | another path | 404 |
//! | `Content-Encoding: gzip` / `identity` | decoded / read as is |
//! | any other content coding, or broken gzip | 415, or 400 |
//! | body past [`Limits::body`] or, decoded, [`Limits::inflated_body`] | 413 (a declared length at once) |
//! | malformed `Content-Length` or chunked framing | 400 |
//! | head past [`Limits::header_size`] | 431 |
//! | head slower than [`Limits::header_read_timeout`] | the connection closed |
//! | a client that shuts down its sending side after its request | answered, then the connection closed (a client gone mid-call is noticed when its answer is written; the method runs to its end) |
//! | `Accept-Encoding: gzip` and an answer over 8 KiB | gzip-compressed answer |
//!
//! Connections are HTTP/1.1 with keep-alive and pipelining (HTTP/1.0
//! too), at most [`Limits::connections`] at once, each served on its own
//! task; a method that sleeps or blocks does not hold up other calls.
//!
//! # Protections
//!
//! Every protection is on by default; [`Limits`] sets them.
//!
//! | Protection | Default | Set by | A client past it gets |
//! |---|---|---|---|
//! | request body, as received | 32 MiB | [`Limits::body`] | 413, at once for a declared length |
//! | request body, decoded from gzip | 32 MiB | [`Limits::inflated_body`] | 413 (a gzip bomb is never inflated past it) |
//! | request head size | 64 KiB | [`Limits::header_size`] | 431 |
//! | request head time (also the TLS handshake) | 30 s | [`Limits::header_read_timeout`] | the connection closed |
//! | request body time | 60 s | [`Limits::body_read_timeout`] | 408 |
//! | nesting of arrays and structs | 256 levels | [`Limits::depth`] | fault -32600 |
//! | values in one request | 1 048 576 | [`Limits::values`] | fault -32600 |
//! | calls in one `system.multicall` | 10 000 | [`Limits::multicall`] | fault -32602, and none of them run |
//! | memory of requests being read and decoded, server-wide | 256 MiB | [`Limits::memory`] | a wait, then 503 with `Retry-After: 1` |
//! | connections at once | 1024 | [`Limits::connections`] | at the cap, the connection that has waited longest for a request head is closed to make room; with every connection busy, a wait in the listen queue |
//! | connections from one IP address | no limit | [`Limits::connections_per_peer`] | its longest-waiting connection closed to make room, or the new one closed when all are busy |
//! | shutdown | 2 s for idle connections, 30 s for calls in flight | [`Limits::shutdown_drain`], [`Limits::shutdown_grace`] | idle connections and heads still arriving are closed after the drain (a call that comes meanwhile is answered, with `Connection: close`); calls in flight when they end, or at the grace |
//! | `<!DOCTYPE>`, entities | always refused | — | fault -32600 (nothing is ever expanded or fetched) |
//! | answer nesting | 256 levels | — | fault -32603 (what other readers refuse by default is not written) |
//!
//! # Faults
//!
//! | Situation | faultCode |
//! |---|---|
//! | not well-formed XML | -32700 |
//! | unsupported encoding | -32701 |
//! | not a valid `methodCall` (DOCTYPE, unknown type, too deep…) | -32600 |
//! | unknown method | -32601 |
//! | wrong number or type of parameters | -32602 |
//! | a method panicked, or its result cannot be written | -32603 |
//! | a method's own [`Fault`] | its code |
//!
//! # Logging
//!
//! Each call runs in a `tracing` span `xmlrpc_call` (at `info`) whose
//! fields follow OpenTelemetry's RPC conventions: `rpc.system = "xmlrpc"`,
//! `rpc.method`, `duration_us` and `rpc.xmlrpc.fault_code`. Each request
//! logs a line at `debug` on the target `xmlrpc_server::access` in the
//! format of Python's request log, `127.0.0.1 - - [21/Nov/2026 12:00:00]
//! "POST /RPC2 HTTP/1.1" 200 312`: at `debug`, so that it does not repeat
//! tower-http's `TraceLayer`; turn it on with a filter such as
//! `xmlrpc_server::access=debug`.
//!
//! # Documentation page
//!
//! [`Server::doc_page`] serves what Python's `DocXMLRPCServer` does: an
//! HTML page, at a path of your choice ([`DocPage`]), listing every method
//! of every endpoint with its signatures and help. The endpoints keep
//! answering `GET` with 405. Every text is escaped and the page's content
//! security policy lets no script run; a test renders it in headless
//! Chromium.
//!
//! # Metrics
//!
//! With the `metrics` feature the server records, per method, calls
//! (`xmlrpc_server_calls_total`), faults by code
//! (`xmlrpc_server_faults_total`) and a latency histogram
//! (`xmlrpc_server_call_duration_seconds`), plus
//! `xmlrpc_server_calls_in_flight` and `xmlrpc_server_connections_open`,
//! into the process's `metrics` recorder. `prometheus::install()` installs
//! one that renders Prometheus' text format and `Server::prometheus(path,
//! handle)` serves it (see the `prometheus` module). Names a client makes
//! up are counted as `method="unknown"`.
//!
//! # Features
//!
//! | Feature | Default | What |
//! |---|---|---|
//! | `tls` | no | `Server::serve_tls` and `Server::serve_tls_listener`, with rustls (ring) |
//! | `framed` | no | `FramedServer`: length-prefixed frames over TCP and Unix sockets, XML-RPC or JSON bodies |
//! | `metrics` | no | per-method calls, faults and latency, calls in flight and open connections through the `metrics` crate; the `prometheus` module serves them |
//! | `chrono`, `time` | no | `xmlrpc-core`'s features of those names: conversions of their date types, and the `as_datetime` serde modules |
//!
//! # One dependency
//!
//! What a service needs from `xmlrpc-core` is re-exported here:
//! [`rpc_service`], [`Value`], [`Fault`], [`Struct`], [`DateTime`],
//! [`Binary`], [`Context`], [`MethodCall`], [`Next`], [`Service`],
//! [`to_value`] and [`from_value`]. The macro finds `xmlrpc-core` through
//! this crate when the crate using it does not depend on `xmlrpc-core`
//! itself, so an application's `Cargo.toml` needs `xmlrpc-server` alone
//! (with serde for its own types, and tokio).

#![cfg_attr(docsrs, feature(doc_cfg))]

mod access;
mod admission;
mod bell;
mod budget;
mod deadline;
mod dispatcher;
mod docs;
#[cfg(feature = "framed")]
mod framed;
mod function;
mod http;
mod limits;
mod listen;
mod observe;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod prometheus;

#[doc = include_str!("../docs/deploy.md")]
pub mod deploy {}
mod reply;
mod serve;
mod server;
mod shortcut;
mod system;
#[cfg(unix)]
mod unix;

pub use dispatcher::Dispatcher;
pub use docs::DocPage;
#[cfg(feature = "framed")]
#[cfg_attr(docsrs, doc(cfg(feature = "framed")))]
pub use framed::FramedServer;
pub use function::{Function, Handler, shape};
pub use limits::Limits;
pub use listen::{Listener, Serve, serve, shutdown_signal};
pub use reply::IntoReply;
pub use server::Server;
pub use system::System;

#[cfg(any(feature = "chrono", feature = "time"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "chrono", feature = "time"))))]
pub use xmlrpc_core::as_datetime;
/// The frame format and codecs that [`FramedServer`] speaks.
#[cfg(feature = "framed")]
#[cfg_attr(docsrs, doc(cfg(feature = "framed")))]
pub use xmlrpc_core::frame;
pub use xmlrpc_core::{
    Binary, Context, DateTime, Fault, MethodCall, Next, Service, Struct, Value, from_value,
    rpc_service, to_value,
};

/// Where `#[rpc_service]` expansions find `xmlrpc-core` in a crate that
/// depends on this one alone.
#[doc(hidden)]
pub use xmlrpc_core as __core;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
