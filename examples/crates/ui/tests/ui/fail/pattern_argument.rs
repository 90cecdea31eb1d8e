use xmlrpc_core::rpc_service;

struct S;

#[rpc_service]
impl S {
    pub fn add(&self, (a, b): (i32, i32)) -> i32 {
        a + b
    }
}

fn main() {}
