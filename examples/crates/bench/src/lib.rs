//! Benchmarks and load programs of the xmlrpc crates, kept apart so that
//! their dependencies (criterion, a raw hyper client) are built only here:
//!
//! - `cargo bench -p bench --bench marshal`: marshalling throughput
//! - `cargo bench -p bench --bench router`: the server's request path
//!   without sockets
//! - `cargo run --release -p bench --example loadbench`: servers under load
//! - `cargo run --release -p bench --example decode_loop`: instruction
//!   counts under callgrind
//!
//! BENCHMARKS.md records the results and the commands that produced them.
