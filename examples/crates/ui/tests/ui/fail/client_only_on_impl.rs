use xmlrpc_core::rpc_service;

struct S;

#[rpc_service(client_only)]
impl S {
    pub fn a(&self) -> i32 {
        1
    }
}

fn main() {}
