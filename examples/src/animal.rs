//! Python's `register_instance(Animal())` tutorial, with a `_dispatch` hook
//! that prints each method name before calling it.

use xmlrpc_core::{Fault, MethodCall, Next, Value, rpc_service};

/// Counts the legs of animals.
#[derive(Debug, Default)]
pub struct Animal;

#[rpc_service]
impl Animal {
    /// Legs of `amount` rabbits.
    #[must_use]
    pub fn rabit(&self, amount: i32) -> i32 {
        4 * amount
    }

    /// Legs of `amount` chickens.
    pub async fn chicken(&self, amount: i32) -> i32 {
        2 * amount
    }

    /// Like Python's `_dispatch`: prints the method name, then calls it.
    #[rpc(dispatch)]
    async fn dispatch(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault> {
        println!("dispatch: {}", call.name);
        next.call(call).await
    }
}
