#![cfg_attr(not(feature = "metrics"), allow(dead_code))]

//! Metrics, with the `metrics` feature: per method, calls, faults by code
//! and latency; calls in flight; open connections. Recorded through the
//! `metrics` crate's global recorder (see [`crate::prometheus`]); without
//! the feature, nothing.
//!
//! Only methods the dispatcher lists get a `method` label of their own;
//! every other name is counted as `unknown`, so that a client cannot grow
//! the label set with made-up names.

use xmlrpc_core::{Fault, Value};

/// Calls: `xmlrpc_server_calls_total{method}`.
pub(crate) const CALLS: &str = "xmlrpc_server_calls_total";
/// Faults: `xmlrpc_server_faults_total{method,code}`.
pub(crate) const FAULTS: &str = "xmlrpc_server_faults_total";
/// Latency: `xmlrpc_server_call_duration_seconds{method}`.
pub(crate) const DURATION: &str = "xmlrpc_server_call_duration_seconds";
/// `xmlrpc_server_calls_in_flight`.
pub(crate) const IN_FLIGHT: &str = "xmlrpc_server_calls_in_flight";
/// `xmlrpc_server_connections_open`.
pub(crate) const CONNECTIONS: &str = "xmlrpc_server_connections_open";

/// One call being watched, from start to answer.
pub(crate) struct Call {
    #[cfg(feature = "metrics")]
    method: metrics::SharedString,
    #[cfg(feature = "metrics")]
    started: std::time::Instant,
}

impl Call {
    /// Starts watching a call to `method`; `known` says whether it gets a
    /// label of its own (asked only when metrics are on).
    #[cfg_attr(not(feature = "metrics"), allow(unused_variables))]
    pub(crate) fn start(method: &str, known: impl FnOnce() -> bool) -> Self {
        #[cfg(feature = "metrics")]
        {
            let method = if known() {
                metrics::SharedString::from(method.to_owned())
            } else {
                metrics::SharedString::const_str("unknown")
            };
            metrics::gauge!(IN_FLIGHT).increment(1.0);
            Self {
                method,
                started: std::time::Instant::now(),
            }
        }
        #[cfg(not(feature = "metrics"))]
        Self {}
    }

    /// Counts the call, its fault and its time.
    #[cfg_attr(not(feature = "metrics"), allow(unused_variables))]
    pub(crate) fn finish(self, result: &Result<Value, Fault>) {
        #[cfg(feature = "metrics")]
        {
            let method = self.method.clone();
            metrics::counter!(CALLS, "method" => method.clone()).increment(1);
            if let Err(fault) = result {
                metrics::counter!(FAULTS, "method" => method.clone(), "code" => fault.code.to_string())
                    .increment(1);
            }
            metrics::histogram!(DURATION, "method" => method)
                .record(self.started.elapsed().as_secs_f64());
        }
    }
}

#[cfg(feature = "metrics")]
impl Drop for Call {
    fn drop(&mut self) {
        // Also for a call whose client went away mid-way.
        metrics::gauge!(IN_FLIGHT).decrement(1.0);
    }
}

/// An open connection, counted while it lives.
pub(crate) struct Connection(());

impl Connection {
    pub(crate) fn open() -> Self {
        #[cfg(feature = "metrics")]
        metrics::gauge!(CONNECTIONS).increment(1.0);
        Self(())
    }
}

#[cfg(feature = "metrics")]
impl Drop for Connection {
    fn drop(&mut self) {
        metrics::gauge!(CONNECTIONS).decrement(1.0);
    }
}
