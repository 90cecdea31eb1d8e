use xmlrpc_core::rpc_service;

#[rpc_service(namespace = "bad name")]
pub trait Animal {
    fn by_value(self) -> i32;

    fn mutable(&mut self) -> i32;

    fn borrowed_mut(&self, legs: &mut i32) -> i32;

    #[rpc(variadic)]
    fn no_rest(&self) -> i32;

    #[rpc(name = "same")]
    fn one(&self) -> i32;

    #[rpc(name = "same")]
    fn two(&self) -> i32;

    fn new(&self) -> i32;
}

fn main() {}
