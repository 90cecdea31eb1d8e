//! `python -m xmlrpc.client` in Rust: prints the server's time, then the
//! answers of one multicall of `getData()`, `pow(2, 9)` and `add(1, 2)`.
//!
//! `cargo run --example demo_client -- http://localhost:8000` calls that
//! server (Python's `python3 -m xmlrpc.server`, or our `demo_server`);
//! without a URL it starts the demo server on a free port and calls it.

use examples::{Running, demo, run};

/// What `--help` prints.
const USAGE: &str = "Usage: demo_client [URL]

python -m xmlrpc.client in Rust: the server's time, then one multicall of
getData(), pow(2, 9) and add(1, 2).

  URL  the server to call (for example http://localhost:8000); without it,
       the demo server is started on a free port and called";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let args = run::Args::from_env();
    let (url, running) = match args.positional().first() {
        Some(url) => ((*url).to_owned(), None),
        None => {
            let running = Running::start(demo::server(), "127.0.0.1:0").await?;
            (running.url(), Some(running))
        }
    };
    for line in demo::client_lines(&url).await? {
        println!("{line}");
    }
    if let Some(running) = running {
        running.stop().await?;
    }
    Ok(())
}
