//! An XML-RPC client over HTTP: async and blocking, safe to share between
//! tasks and threads, with `system.multicall` batches.
//!
//! ```no_run
//! # async fn run() -> Result<(), xmlrpc_client::Error> {
//! use xmlrpc_client::Client;
//!
//! let client = Client::new("http://localhost:8000")?; // the path defaults to /RPC2
//! let sum: i32 = client.call("add", (2, 3)).await?;
//! match client.call::<f64>("divide", (1, 0)).await {
//!     Err(xmlrpc_client::Error::Fault(fault)) => eprintln!("{fault}"),
//!     other => println!("{other:?}"),
//! }
//! # Ok(()) }
//! ```
//!
//! Errors tell apart the server's [`Fault`](xmlrpc_core::Fault), an HTTP
//! status other than 200 (body kept), a malformed or oversized answer, a
//! timeout and a connection failure (see [`Error`]).

mod blocking;
mod builder;
mod client;
mod error;
mod multicall;
mod params;

pub use blocking::BlockingClient;
pub use builder::{ClientBuilder, DEFAULT_MAX_RESPONSE};
pub use client::Client;
pub use error::Error;
pub use multicall::{MultiCall, Replies, Slot};
pub use params::Params;
