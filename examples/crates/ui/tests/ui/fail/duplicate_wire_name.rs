use xmlrpc_core::rpc_service;

struct S;

#[rpc_service(rename_all = "camelCase")]
impl S {
    pub fn get_time(&self) -> i32 {
        1
    }

    #[rpc(name = "getTime")]
    pub fn get_time_again(&self) -> i32 {
        2
    }
}

fn main() {}
