//! The Animal API of the classic tutorial, declared once. A server crate
//! implements [`Animal`] and serves it with [`AnimalServer`]; a client
//! crate calls it through [`AnimalClient`] over any transport. This crate
//! depends on `xmlrpc-core` (and serde) alone: neither side pulls in the
//! other's code or dependencies.

use serde::{Deserialize, Serialize};
use xmlrpc_core::{Fault, rpc_service};

/// A pen and who is in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pen {
    /// The pen's name.
    pub name: String,
    /// The animals in it, in the order they came.
    pub animals: Vec<String>,
}

/// There is no pen of that name: fault 404 on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchPen(pub String);

impl From<NoSuchPen> for Fault {
    fn from(e: NoSuchPen) -> Self {
        Fault::new(404, format!("no pen called {}", e.0))
    }
}

/// What a farm answers over XML-RPC.
#[rpc_service(rename_all = "camelCase")]
pub trait Animal {
    /// Legs of `amount` rabbits.
    fn rabit(&self, amount: i32) -> i32;

    /// Legs of `amount` chickens.
    async fn chicken(&self, amount: i32) -> i32;

    /// The pen called `name`.
    fn pen(&self, name: &str) -> Result<Pen, NoSuchPen>;

    /// Puts `animal` into the pen called `name`, making the pen when there
    /// is none; answers how many animals it holds now.
    async fn put_in_pen(&self, name: &str, animal: &str) -> i32;
}
