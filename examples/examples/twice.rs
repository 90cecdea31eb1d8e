//! Python's `server.register_function(twice)`: a plain function served
//! under its own name.
//!
//! `cargo run --example twice` prints `twice(2) = 4` and exits;
//! `-- --serve [ADDR]` keeps serving (default 127.0.0.1:8000).

use examples::run;
use xmlrpc_core::Fault;
use xmlrpc_server::Server;

/// Twice `x`; a fault when that does not fit an int.
fn twice(x: i32) -> Result<i32, Fault> {
    x.checked_mul(2)
        .ok_or_else(|| Fault::invalid_params("twice: too large"))
}

/// What `--help` prints.
const USAGE: &str = "Usage: twice [--serve [ADDR]]

Python's server.register_function(twice).

Without options: prints twice(2) = 4 and exits.
  --serve [ADDR]  keep serving on ADDR (default 127.0.0.1:8000) until Ctrl-C or SIGTERM";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let server = Server::new().register_function(twice);
    run::serve_or_demo(server, |url| async move {
        let proxy = run::client(&url)?;
        let four: i32 = proxy.call("twice", (2,)).await?;
        println!("twice(2) = {four}");
        Ok(())
    })
    .await
}
