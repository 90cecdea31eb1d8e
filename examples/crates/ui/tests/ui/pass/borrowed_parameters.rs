use xmlrpc_core::{MemoryTransport, rpc_service};

struct Greeter;

#[rpc_service]
impl Greeter {
    /// Borrowed parameters: the server reads `String` and `Vec<i32>` and
    /// lends them; the client takes them borrowed too.
    pub fn greet<'a>(&self, name: &'a str, scores: &[i32], title: Option<&str>) -> String {
        format!("{}{name}: {scores:?}", title.unwrap_or(""))
    }
}

fn main() {
    let client = GreeterClient::new(MemoryTransport::new(Greeter));
    let text = futures_lite::future::block_on(client.greet("Ann", &[1, 2], None));
    assert_eq!(text.ok().as_deref(), Some("Ann: [1, 2]"));
}
