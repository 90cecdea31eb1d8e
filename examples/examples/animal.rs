//! Python's `register_instance(Animal())` with a `_dispatch` hook, served
//! over HTTP and called through the generated typed client.
//!
//! `cargo run --example animal` serves on 127.0.0.1 (a free port), calls
//! itself and exits; `cargo run --example animal -- --serve 127.0.0.1:8000`
//! keeps serving until Ctrl-C.

use examples::animal::{Animal, AnimalClient};
use xmlrpc_client::Client;
use xmlrpc_server::Server;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = Server::new().register_instance(Animal);
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("--serve") {
        let addr = args.next().unwrap_or_else(|| "127.0.0.1:8000".to_owned());
        server.serve(addr).await?;
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/RPC2", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.serve_listener(listener, async {
        stopped.await.ok();
    }));

    let client = Client::builder(&url).no_proxy().build()?;
    let methods: Vec<String> = client.call("system.listMethods", ()).await?;
    for method in &methods {
        let help: String = client.call("system.methodHelp", (method,)).await?;
        println!("{method}: {help}");
    }
    let animal = AnimalClient::new(client);
    println!("rabit(2) = {}", animal.rabit(2).await?);
    println!("chicken(3) = {}", animal.chicken(3).await?);

    stop.send(()).ok();
    serving.await??;
    Ok(())
}
