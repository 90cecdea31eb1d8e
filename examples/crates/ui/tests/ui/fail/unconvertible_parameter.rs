use xmlrpc_core::rpc_service;

struct S;

struct NotSerde;

#[rpc_service]
impl S {
    pub fn take(&self, value: NotSerde) -> i32 {
        let _ = value;
        1
    }
}

fn main() {}
