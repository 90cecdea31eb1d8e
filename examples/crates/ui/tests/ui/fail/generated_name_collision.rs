use xmlrpc_core::rpc_service;

struct S;

#[rpc_service]
impl S {
    pub fn new(&self) -> i32 {
        1
    }
}

fn main() {}
