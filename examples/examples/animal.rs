//! Python's `register_instance(Animal())` with a `_dispatch` hook, served
//! over HTTP and called through the generated typed client.
//!
//! `cargo run --example animal` serves on 127.0.0.1 (a free port), calls
//! itself and exits; `cargo run --example animal -- --serve 127.0.0.1:8000`
//! keeps serving until Ctrl-C or SIGTERM.

use examples::animal::{Animal, AnimalClient};
use examples::run;
use xmlrpc_server::Server;

/// What `--help` prints.
const USAGE: &str = "Usage: animal [--serve [ADDR]]

Python's register_instance(Animal()) with a _dispatch hook, called through
the generated typed client.

Without options: serves on a free loopback port, calls itself, exits.
  --serve [ADDR]  keep serving on ADDR (default 127.0.0.1:8000) until Ctrl-C or SIGTERM";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let server = Server::new().register_instance(Animal);
    run::serve_or_demo(server, |url| async move {
        let client = run::client(&url)?;
        let methods: Vec<String> = client.call("system.listMethods", ()).await?;
        for method in &methods {
            let help: String = client.call("system.methodHelp", (method,)).await?;
            println!("{method}: {help}");
        }
        let animal = AnimalClient::new(client);
        println!("rabit(2) = {}", animal.rabit(2).await?);
        println!("chicken(3) = {}", animal.chicken(3).await?);
        Ok(())
    })
    .await
}
