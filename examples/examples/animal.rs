//! Python's `register_instance(Animal())` with a `_dispatch` hook.
//!
//! For now the client reaches the service in-process, through
//! `MemoryTransport` (real XML both ways, no network); once the HTTP server
//! lands, this example serves on 127.0.0.1 and calls itself over HTTP.

use examples::animal::{Animal, AnimalClient};
use xmlrpc_core::{MemoryTransport, Service};

fn main() -> Result<(), xmlrpc_core::CallError> {
    for method in Animal.methods() {
        println!("{}: {}", method.name, method.help);
    }
    let client = AnimalClient::new(MemoryTransport::new(Animal));
    futures_lite::future::block_on(async {
        println!("rabit(2) = {}", client.rabit(2).await?);
        println!("chicken(3) = {}", client.chicken(3).await?);
        Ok(())
    })
}
