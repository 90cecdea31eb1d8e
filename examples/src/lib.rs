//! The services of the classic XML-RPC tutorial programs, in Rust. The
//! programs themselves are this package's examples (`cargo run --example
//! animal`); the services live here so that other crates, and the tests,
//! can use them and their generated clients.

pub mod animal;
pub mod conformance;
pub mod files;
pub mod run;
pub mod shell;
pub mod supervisord;

pub mod demo;
pub mod greeting;

pub use run::{Args, BoxError, Running, client, int, show};

/// The README's Rust snippets, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
