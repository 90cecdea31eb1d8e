//! Calls a farm through the Animal API's generated client, blocking, as a
//! script would. `animal-client [URL]` (default http://127.0.0.1:8000).

use std::process::ExitCode;

use animal_api::AnimalClient;
use xmlrpc_client::{BlockingClient, Error, rpc_service};

/// What the server says about itself, declared with the macro that
/// `xmlrpc-client` re-exports: this crate does not depend on `xmlrpc-core`.
#[rpc_service(client_only, namespace = "system", rename_all = "camelCase")]
trait Introspection {
    fn list_methods(&self) -> Vec<String>;
}

fn main() -> ExitCode {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8000".to_owned());
    match run(&url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("animal-client: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(url: &str) -> Result<(), Error> {
    let http = BlockingClient::new(url)?;
    let methods = IntrospectionClient::new(http.clone()).list_methods()?;
    let own: Vec<_> = methods
        .iter()
        .filter(|m| !m.starts_with("system."))
        .collect();
    println!("methods: {own:?}");
    let farm = AnimalClient::new(http);
    println!("rabit(2) = {}", farm.rabit(2)?);
    println!("chicken(3) = {}", farm.chicken(3)?);
    println!(
        "putInPen(north, hen) = {}",
        farm.put_in_pen("north", "hen")?
    );
    println!(
        "putInPen(north, goat) = {}",
        farm.put_in_pen("north", "goat")?
    );
    let pen = farm.pen("north")?;
    println!("pen(north) = {} with {}", pen.name, pen.animals.join(", "));
    if let Err(e) = farm.pen("south") {
        println!("pen(south) failed: {e}");
    }
    // Two calls in one request, each with its own result.
    let (legs, nowhere) = farm.batch(|b| (b.rabit(10), b.pen("nowhere")))?;
    println!("batch: rabit(10) = {}", legs?);
    if let Err(e) = nowhere {
        println!("batch: pen(nowhere) failed: {e}");
    }
    Ok(())
}
