use xmlrpc_core::rpc_service;

struct S;

#[rpc_service]
impl S {
    pub fn consume(self) -> i32 {
        1
    }
}

fn main() {}
