//! The metrics in Prometheus' text format (feature `metrics`).
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `xmlrpc_server_calls_total` | counter | `method` |
//! | `xmlrpc_server_faults_total` | counter | `method`, `code` |
//! | `xmlrpc_server_call_duration_seconds` | histogram | `method` |
//! | `xmlrpc_server_calls_in_flight` | gauge | |
//! | `xmlrpc_server_connections_open` | gauge | |
//!
//! Each `system.multicall` entry is a call of its own, beside the
//! `system.multicall` call. A method name the server does not list is
//! counted as `method="unknown"`, so that clients cannot add labels.
//!
//! The server records through the `metrics` crate, into whatever recorder
//! the process installed; [`install`] installs one that renders
//! Prometheus' format, and [`Server::prometheus`](crate::Server::prometheus)
//! or [`router`] serves it:
//!
//! ```no_run
//! use xmlrpc_server::{prometheus, Server};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let metrics = prometheus::install()?;
//! Server::new()
//!     .register_function(|a: i32, b: i32| a + b)
//!     .prometheus("/metrics", metrics)
//!     .serve("127.0.0.1:8000")
//!     .await?;
//! # Ok(()) }
//! ```

use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::routing::get;
pub use metrics_exporter_prometheus::{BuildError, PrometheusHandle};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};

use crate::observe::DURATION;

/// The latency histogram's buckets, in seconds: 100 µs to 30 s.
pub const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0,
];

/// Installs a Prometheus recorder as the process's `metrics` recorder,
/// with [`BUCKETS`] for the latency histogram, and a thread that runs its
/// upkeep every 5 s; returns the handle that renders the metrics.
///
/// # Errors
///
/// When the process has a recorder already.
pub fn install() -> Result<PrometheusHandle, BuildError> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(DURATION.to_owned()), &BUCKETS)?
        .install_recorder()?;
    let upkeep = handle.clone();
    std::thread::Builder::new()
        .name("xmlrpc-metrics-upkeep".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(5));
                upkeep.run_upkeep();
            }
        })
        .map_err(|e| BuildError::FailedToCreateRuntime(e.to_string()))?;
    Ok(handle)
}

/// A router that answers `GET path` with the metrics in Prometheus' text
/// format, to merge into an application (or serve on a port of its own).
///
/// # Panics
///
/// When `path` does not start with `/`, as `axum::Router::route` does.
pub fn router(path: &str, handle: PrometheusHandle) -> Router {
    Router::new().route(
        path,
        get(move || {
            let text = handle.render();
            async move {
                (
                    [(
                        header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    text,
                )
            }
        }),
    )
}
