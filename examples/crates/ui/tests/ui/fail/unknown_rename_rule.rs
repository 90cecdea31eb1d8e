use xmlrpc_core::rpc_service;

struct S;

#[rpc_service(rename_all = "kebab-case")]
impl S {
    pub fn f(&self) -> i32 {
        1
    }
}

fn main() {}
