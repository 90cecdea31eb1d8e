//! `python -m xmlrpc.server` in Rust: `pow`, `add`, `getData` and the
//! dotted `currentTime.getCurrentTime`, with multicall and introspection.
//!
//! `cargo run --example demo_server` serves on a free port, runs the demo
//! client's calls against itself and exits; `-- --serve [ADDR]` serves on
//! ADDR (default 127.0.0.1:8000, as Python's demo) until Ctrl-C or SIGTERM.

use examples::{demo, run};

/// What `--help` prints.
const USAGE: &str = "Usage: demo_server [--serve [ADDR]]

python -m xmlrpc.server in Rust: pow, add, getData and
currentTime.getCurrentTime, with multicall and introspection.

Without options: serves on a free loopback port, runs the demo client's calls, exits.
  --serve [ADDR]  keep serving on ADDR (default 127.0.0.1:8000) until Ctrl-C or SIGTERM";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let args = run::Args::from_env();
    if let Some(addr) = args.serve_addr() {
        return run::serve_until_signal(demo::server(), &addr, |bound| {
            format!(
                "Serving XML-RPC on {bound} (http://{bound}/RPC2)\n\
                 It is advisable to run this example server within a secure, closed network."
            )
        })
        .await;
    }
    run::serve_or_demo(demo::server(), |url| async move {
        for line in demo::client_lines(&url).await? {
            println!("{line}");
        }
        Ok(())
    })
    .await
}
