use xmlrpc_core::{Fault, MethodCall, Value, rpc_service};

struct S;

#[rpc_service]
impl S {
    pub fn f(&self) -> i32 {
        1
    }

    #[rpc(dispatch)]
    fn hook(&self, call: MethodCall) -> Result<Value, Fault> {
        let _ = call;
        Ok(Value::Nil)
    }
}

fn main() {}
