use xmlrpc_core::rpc_service;

struct Plain;

struct S {
    plain: Plain,
}

#[rpc_service]
impl S {
    #[rpc(nested)]
    pub fn plain(&self) -> &Plain {
        &self.plain
    }
}

fn main() {}
