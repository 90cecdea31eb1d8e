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
//!
//! # The `xmlrpc` tool
//!
//! The default feature `cli` builds a command-line client
//! (`cargo install --path xmlrpc-client`; libraries that do not want clap
//! set `default-features = false`):
//!
//! ```text
//! $ xmlrpc call http://localhost:8000/RPC2 add 2 3
//! 5
//! $ xmlrpc call http://localhost:8000 echo '{"a": [1, "x"]}' dt/19980717T14:08:55 --json
//! $ xmlrpc call http://localhost:8000 upload s/notes.txt @notes.txt --xml
//! $ xmlrpc list http://localhost:8000
//! $ xmlrpc describe http://localhost:8000 add
//! add(int, int) -> int
//!     Adds two numbers.
//! ```
//!
//! Arguments take a type prefix (`i/3`, `8/…` for i8, `s/text`, `b/true`,
//! `d/1.5`, `n/`, `dt/19980717T14:08:55`, `b64/…`, `@file` for base64 of a
//! file); `[…]` and `{…}` are JSON arrays and structs; plain numbers,
//! `true`/`false` and words are guessed. Output is readable by default,
//! JSON with `--json`, and the raw documents with `--xml`. Exit codes: 0
//! success, 1 a fault (printed on stderr as `xmlrpc: fault CODE: text`), 2 a
//! usage error, 3 a transport error. `xmlrpc --help` says the rest.

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
pub use multicall::{MultiCall, Replies};
pub use params::Params;
pub use xmlrpc_core::{MulticallShape, Slot};
