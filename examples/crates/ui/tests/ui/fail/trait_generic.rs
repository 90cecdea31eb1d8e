use xmlrpc_core::rpc_service;

#[rpc_service]
pub trait Store<T> {
    fn get(&self, key: String) -> T;
}

fn main() {}
