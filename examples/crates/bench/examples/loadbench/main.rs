//! Load benchmark: our conformance server (over HTTP, and over framed TCP)
//! against an HTTP ceiling and Python's threaded `SimpleXMLRPCServer`, and
//! our clients against a raw hyper loop and Python's `xmlrpc.client`, side
//! by side in one run.
//!
//! ```sh
//! cargo run --release -p bench --example loadbench              # 3 rounds of 3 s
//! cargo run --release -p bench --example loadbench -- --seconds 5 --rounds 5
//! cargo run --release -p bench --example loadbench -- --only ours --no-clients   # for a profiler
//! cargo run --release -p bench --example loadbench -- --payloads medium --only ours --no-clients
//! ```
//!
//! Each server runs as its own process pinned to CPU 0 (with `taskset`,
//! when there is one) and the load generator on CPU 1; server CPU time and
//! peak RSS come from `/proc`. Every response is checked: the first from
//! each connection is parsed and compared with the expected value, later
//! ones byte for byte with it (parsed again if they differ).

mod ceiling;
mod clients;
mod load;
mod payload;
mod servers;

use std::time::Duration;

use examples::run::{Args, BoxError};

fn main() -> Result<(), BoxError> {
    let args = Args::from_env();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if let Some(kind) = args.value("--serve-kind") {
        return runtime.block_on(servers::serve_child(kind, args.value("--payload")));
    }
    let pinned = servers::pin_self(1);
    let seconds: f64 = args.value("--seconds").unwrap_or("3").parse()?;
    let rounds: usize = args.value("--rounds").unwrap_or("3").parse()?;
    let calls: usize = args.value("--calls").unwrap_or("20000").parse()?;
    let round = Duration::from_secs_f64(seconds);
    println!(
        "loadbench: {rounds} rounds of {seconds} s, 32 connections; servers pinned to CPU 0, load to CPU 1: {pinned}"
    );
    let wrong = runtime.block_on(async {
        let wrong = load::server_tables(
            round,
            rounds,
            args.value("--only"),
            args.value("--payloads"),
        )
        .await?;
        if !args.has("--no-clients") {
            clients::table(calls).await?;
        }
        Ok::<_, BoxError>(wrong)
    })?;
    if wrong > 0 {
        return Err(format!("{wrong} wrong responses").into());
    }
    Ok(())
}
