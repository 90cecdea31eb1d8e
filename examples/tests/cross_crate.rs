//! A generated client used from another crate: this test crate depends on
//! the crate that defines the service and on a transport, nothing else.

use examples::animal::{Animal, AnimalClient};
use xmlrpc_core::MemoryTransport;

#[test]
fn the_generated_client_works_from_another_crate() {
    let client = AnimalClient::new(MemoryTransport::new(Animal));
    let legs =
        futures_lite::future::block_on(async { (client.rabit(3).await, client.chicken(3).await) });
    assert_eq!((legs.0.ok(), legs.1.ok()), (Some(12), Some(6)));
}
