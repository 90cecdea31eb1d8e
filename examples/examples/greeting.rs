//! Pyro4's GreetingMaker: an object registered under a name, its URI
//! printed, and a client that takes the URI and calls `get_fortune(name)`.
//!
//! `cargo run --example greeting` serves the object on a free port, calls
//! it and exits. `-- --serve [ADDR]` serves and prints the URI;
//! `-- --client URI [NAME]` is the client (it asks for the name when none
//! is given, as Pyro's does).

use examples::greeting::{GreetingMaker, GreetingMakerClient, PATH};
use examples::run::{self, Args};
use xmlrpc_server::{Dispatcher, Server};

/// What `--help` prints.
const USAGE: &str = "Usage: greeting [--serve [ADDR] | --client URI [NAME]]

Pyro4's GreetingMaker: an object under a name, its URI printed, and a client.

Without options: serves on a free loopback port, calls the object, exits.
  --serve [ADDR]       serve on ADDR (default 127.0.0.1:8000) and print the URI
  --client URI [NAME]  call get_fortune(NAME) at URI (asks for NAME when none is given)";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let args = Args::from_env();
    if let Some(uri) = args.value("--client") {
        let name = match args.positional().first() {
            Some(name) => (*name).to_owned(),
            None => ask("What is your name? ")?,
        };
        return fortune(uri, &name).await;
    }
    let server = Server::new().endpoint(PATH, Dispatcher::new().register_instance(GreetingMaker));
    if let Some(addr) = args.serve_addr() {
        return run::serve_until_signal(server, &addr, |bound| {
            format!("Ready. Object uri = http://{bound}{PATH}")
        })
        .await;
    }
    let running = run::Running::start(server, "127.0.0.1:0").await?;
    let uri = format!("http://{}{PATH}", running.addr());
    println!("Ready. Object uri = {uri}");
    let result = fortune(&uri, "Ann").await;
    running.stop().await?;
    result
}

async fn fortune(uri: &str, name: &str) -> Result<(), run::BoxError> {
    let greeting_maker = GreetingMakerClient::new(run::client(uri)?);
    println!("{}", greeting_maker.get_fortune(name.to_owned()).await?);
    Ok(())
}

fn ask(prompt: &str) -> std::io::Result<String> {
    use std::io::Write as _;
    print!("{prompt}");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}
