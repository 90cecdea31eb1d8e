//! Python's threaded server (`ThreadingMixIn`): `get_string` (the Rust
//! function `respon_string`) and `add(x, y)` serve many clients at once,
//! and a slow call that blocks its thread does not hold up the others.
//!
//! `cargo run --example threaded` runs 8 clients beside one slow call and
//! exits; `-- --serve [ADDR]` keeps serving.

use std::time::{Duration, Instant};

use examples::run;
use xmlrpc_server::{Function, Server};

/// Python's `respon_string`, served as `get_string`.
fn respon_string(text: String) -> String {
    format!("get string:{text}")
}

/// The sum of two ints.
fn add(x: i32, y: i32) -> i64 {
    i64::from(x) + i64::from(y)
}

/// Blocks its thread for `ms` milliseconds (at most 10 s), as a handler
/// doing blocking I/O would, then answers `ms`.
fn slow(ms: u64) -> u64 {
    let ms = ms.min(10_000);
    std::thread::sleep(Duration::from_millis(ms));
    ms
}

/// What `--help` prints.
const USAGE: &str = "Usage: threaded [--serve [ADDR]]

Python's threaded server: get_string and add(x, y) serve many clients at
once while a slow call blocks its own thread.

Without options: runs 8 clients beside one slow call, exits.
  --serve [ADDR]  keep serving on ADDR (default 127.0.0.1:8000) until Ctrl-C or SIGTERM";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let server = Server::new()
        .register_function_as("get_string", respon_string)
        .register_function(add)
        // `blocking`: it holds its thread, so it runs beside the others.
        .register(Function::named(slow).blocking());
    run::serve_or_demo(server, |url| async move {
        let client = run::client(&url)?;
        let started = Instant::now();
        let slow_call = tokio::spawn({
            let client = client.clone();
            async move { client.call::<u64>("slow", (1500,)).await }
        });
        let mut callers = Vec::new();
        for id in 0..8 {
            let client = client.clone();
            callers.push(tokio::spawn(async move {
                for i in 0..10 {
                    let text: String = client.call("get_string", (format!("client {id}"),)).await?;
                    let sum: i64 = client.call("add", (id, i)).await?;
                    if sum != i64::from(id + i) || !text.ends_with(&format!("client {id}")) {
                        return Err(format!("client {id}: wrong answer {sum} / {text}").into());
                    }
                }
                Ok::<_, run::BoxError>(())
            }));
        }
        for caller in callers {
            caller.await??;
        }
        let quick = started.elapsed();
        let still_running = !slow_call.is_finished();
        println!(
            "160 calls from 8 clients answered in {} ms; slow(1500) still running: {still_running}",
            quick.as_millis()
        );
        println!("slow(1500) = {}", slow_call.await??);
        if !still_running {
            return Err("the slow call held up the others".into());
        }
        Ok(())
    })
    .await
}
