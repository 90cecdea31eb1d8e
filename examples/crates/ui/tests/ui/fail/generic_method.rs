use xmlrpc_core::rpc_service;

struct S;

#[rpc_service]
impl S {
    pub fn echo<T: serde::Serialize>(&self, value: T) -> T {
        value
    }
}

fn main() {}
