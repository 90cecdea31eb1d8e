use xmlrpc_core::rpc_service;

struct S;

struct NotSerde;

#[rpc_service]
impl S {
    pub fn give(&self) -> NotSerde {
        NotSerde
    }

    pub fn maybe(&self) -> Result<NotSerde, xmlrpc_core::Fault> {
        Ok(NotSerde)
    }
}

fn main() {}
