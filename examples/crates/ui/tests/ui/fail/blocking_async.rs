use xmlrpc_core::rpc_service;

struct S;

#[rpc_service]
impl S {
    #[rpc(blocking)]
    pub async fn wait(&self) -> i32 {
        1
    }
}

fn main() {}
