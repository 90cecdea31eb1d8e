use xmlrpc_core::{Fault, MethodCall, MemoryTransport, Next, Value, rpc_service};

struct Animal;

#[rpc_service]
impl Animal {
    /// Legs of `amount` rabbits.
    pub fn rabit(&self, amount: i32) -> i32 {
        4 * amount
    }

    pub async fn chicken(&self, amount: i32) -> i32 {
        2 * amount
    }

    #[rpc(dispatch)]
    async fn dispatch(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault> {
        println!("{}", call.name);
        next.call(call).await
    }
}

fn main() {
    let client = AnimalClient::new(MemoryTransport::new(Animal));
    let legs = futures_lite::future::block_on(client.rabit(2));
    assert_eq!(legs.ok(), Some(8));
}
