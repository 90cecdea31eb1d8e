use xmlrpc_core::rpc_service;

struct S;

/// Neither `Into<Fault>` nor `Display`.
struct Opaque;

#[rpc_service]
impl S {
    pub fn a(&self) -> Result<i32, Opaque> {
        Err(Opaque)
    }
}

fn main() {}
