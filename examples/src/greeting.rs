//! Pyro4's first tutorial: a `GreetingMaker` object served under its own
//! URI, and a client that takes the URI and asks for a fortune.

use xmlrpc_core::rpc_service;

/// The path the object is served at: its URI is `http://HOST:PORT/greeting_maker`.
pub const PATH: &str = "/greeting_maker";

/// Makes greetings.
#[derive(Debug, Default)]
pub struct GreetingMaker;

#[rpc_service]
impl GreetingMaker {
    /// A fortune message for `name`.
    pub fn get_fortune(&self, name: String) -> String {
        format!(
            "Hello, {name}. Here is your fortune message:\n\
             Tomorrow's lucky number is 12345678."
        )
    }
}
