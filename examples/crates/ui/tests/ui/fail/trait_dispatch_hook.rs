use xmlrpc_core::{Fault, MethodCall, Next, Value, rpc_service};

#[rpc_service]
pub trait Animal {
    fn rabit(&self, amount: i32) -> i32;

    #[rpc(dispatch)]
    async fn hook(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault>;
}

fn main() {}
