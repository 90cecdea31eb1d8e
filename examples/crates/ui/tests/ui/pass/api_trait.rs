use xmlrpc_core::{Context, DateTime, Fault, MemoryTransport, Value, rpc_service};

#[rpc_service(rename_all = "camelCase")]
pub trait Clock {
    /// The time.
    fn get_current_time(&self) -> DateTime;
}

#[rpc_service(namespace = "validator1", rename_all = "camelCase", client = "Validator1", server = "Serve")]
pub trait Validator {
    /// Adds.
    #[rpc(signature = "int, int, int")]
    fn add(&self, a: i32, b: i32) -> Result<i64, Fault>;

    #[rpc(name = "echo_struct", help = "Returns the struct.")]
    async fn echo(&self, ctx: &Context, s: xmlrpc_core::Struct) -> xmlrpc_core::Struct;

    fn greet(&self, name: &str, title: Option<String>) -> String;

    #[rpc(variadic)]
    fn count(&self, all: Vec<Value>) -> usize;

    #[rpc(blocking)]
    fn slow(&self);

    #[rpc(nested, name = "currentTime")]
    fn clock(&self) -> &impl Clock;

    #[rpc(skip)]
    fn internal(&self) -> u8;

    fn not_exposed_without_self() -> Self
    where
        Self: Sized;
}

#[rpc_service(client_only)]
pub trait OnlyCalled {
    fn status(&self) -> String;
}

struct Impl;

impl Clock for Impl {
    fn get_current_time(&self) -> DateTime {
        DateTime::now_utc()
    }
}

impl Validator for Impl {
    fn add(&self, a: i32, b: i32) -> Result<i64, Fault> {
        Ok(i64::from(a) + i64::from(b))
    }
    async fn echo(&self, _ctx: &Context, s: xmlrpc_core::Struct) -> xmlrpc_core::Struct {
        s
    }
    fn greet(&self, name: &str, title: Option<String>) -> String {
        format!("{}{name}", title.unwrap_or_default())
    }
    fn count(&self, all: Vec<Value>) -> usize {
        all.len()
    }
    fn slow(&self) {}
    fn clock(&self) -> &impl Clock {
        self
    }
    fn internal(&self) -> u8 {
        0
    }
    fn not_exposed_without_self() -> Self {
        Impl
    }
}

fn main() {
    let client = Validator1::new(MemoryTransport::new(Serve::new(Impl)));
    let sum = futures_lite::future::block_on(client.add(1, 2));
    assert_eq!(sum.ok(), Some(3));
    let _ = client.clock().get_current_time();
    let _ = OnlyCalledClient::new(MemoryTransport::new(Serve::new(Impl))).status();
}
