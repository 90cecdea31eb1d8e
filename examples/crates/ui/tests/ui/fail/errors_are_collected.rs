use xmlrpc_core::rpc_service;

struct S;

#[rpc_service]
impl S {
    pub fn a(&mut self) -> i32 {
        1
    }

    pub fn b(&self, (x, y): (i32, i32)) -> i32 {
        x + y
    }

    #[rpc(unknown)]
    pub fn c(&self) -> i32 {
        3
    }
}

fn main() {}
