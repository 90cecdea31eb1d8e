use xmlrpc_core::rpc_service;

/// A plain trait: no `#[rpc_service]`.
pub trait Plain {
    fn hello(&self) -> String;
}

#[rpc_service]
pub trait Api {
    #[rpc(nested)]
    fn plain(&self) -> &impl Plain;
}

fn main() {}
