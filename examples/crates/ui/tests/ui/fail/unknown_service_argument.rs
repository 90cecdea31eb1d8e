use xmlrpc_core::rpc_service;

struct S;

#[rpc_service(namespac = "x")]
impl S {
    pub fn f(&self) -> i32 {
        1
    }
}

fn main() {}
