//! The conformance service of `shared/conformance-service.md` at `/RPC2`.
//!
//! `cargo run --example conformance -- --addr 127.0.0.1:8000` serves until
//! Ctrl-C or SIGTERM; without `--addr` (or `--serve`) it serves on a free port, calls
//! a few of its methods and exits.

use examples::conformance::Conformance;
use examples::run;
use xmlrpc_core::{Binary, Value};
use xmlrpc_server::Server;

/// What `--help` prints.
const USAGE: &str = "Usage: conformance [--addr ADDR | --serve [ADDR]]

The conformance service (shared/conformance-service.md) at /RPC2.

Without options: serves on a free loopback port, calls a few methods, exits.
  --addr ADDR     serve on ADDR until Ctrl-C or SIGTERM
  --serve [ADDR]  the same (default 127.0.0.1:8000)";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    // The defaults already meet the spec: 32 MiB body limit (received and
    // inflated), 256 levels of nesting, 10 000 multicall entries, gzip
    // answers above 8 KiB when the client accepts gzip.
    let server = Server::new().register_instance(Conformance::default());
    run::serve_or_demo(server, |url| async move {
        let client = run::client(&url)?;
        let sum: Value = client.call("add", (i32::MAX, 1)).await?;
        println!("add(2147483647, 1) = {sum:?}");
        match client.call::<f64>("divide", (1, 0)).await {
            Err(e) => println!("divide(1, 0) -> {e}"),
            Ok(x) => println!("divide(1, 0) = {x}"),
        }
        let stored: i32 = client
            .call("upload", ("notes.txt", Binary::new(b"hello".to_vec())))
            .await?;
        let back: Binary = client.call("download", ("notes.txt",)).await?;
        println!("upload -> {stored} bytes, download -> {:?}", back.as_ref());
        let methods: Vec<String> = client.call("system.listMethods", ()).await?;
        println!("{} methods: {}", methods.len(), methods.join(", "));
        Ok(())
    })
    .await
}
