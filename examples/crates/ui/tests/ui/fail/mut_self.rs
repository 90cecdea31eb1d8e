use xmlrpc_core::rpc_service;

struct Counter(u64);

#[rpc_service]
impl Counter {
    pub fn bump(&mut self) -> u64 {
        self.0 += 1;
        self.0
    }
}

fn main() {}
