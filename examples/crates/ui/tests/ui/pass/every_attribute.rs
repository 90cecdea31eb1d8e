use xmlrpc_core::{Context, DateTime, Fault, rpc_service};

struct Clock;

#[rpc_service(rename_all = "camelCase")]
impl Clock {
    pub fn get_current_time(&self) -> DateTime {
        DateTime::now_utc()
    }
}

struct Validator {
    clock: Clock,
}

#[rpc_service(namespace = "validator1", rename_all = "camelCase", client = "Validator1")]
impl Validator {
    /// Adds.
    #[rpc(signature = "int, int, int")]
    pub fn add(&self, a: i32, b: i32) -> Result<i64, Fault> {
        Ok(i64::from(a) + i64::from(b))
    }

    #[rpc(name = "echo_struct", help = "Returns the struct.")]
    pub fn echo(&self, ctx: &Context, s: xmlrpc_core::Struct) -> xmlrpc_core::Struct {
        let _ = ctx;
        s
    }

    #[rpc(nested, name = "currentTime")]
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    #[rpc(skip)]
    pub fn internal(&self) {}

    pub fn new() -> Self {
        Self { clock: Clock }
    }
}

fn main() {
    let client = Validator1::new(xmlrpc_core::MemoryTransport::new(Validator::new()));
    let _ = client.clock().get_current_time();
    Validator::new().internal();
}
