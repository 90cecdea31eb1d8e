use xmlrpc_core::rpc_service;

/// Deserializes, as a foreign server's answer does, but does not serialize.
#[derive(serde::Deserialize)]
pub struct Info {
    pub name: String,
}

/// Served, so results must serialize; `client_only` would not ask it.
#[rpc_service]
pub trait Supervisor {
    fn info(&self) -> Info;
}

fn main() {}
