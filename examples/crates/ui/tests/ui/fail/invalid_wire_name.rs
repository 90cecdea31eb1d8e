use xmlrpc_core::rpc_service;

struct S;

#[rpc_service]
impl S {
    #[rpc(name = "get time")]
    pub fn f(&self) -> i32 {
        1
    }
}

fn main() {}
