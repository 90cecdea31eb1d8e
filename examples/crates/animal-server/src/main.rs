//! A farm: implements the Animal API (from the `animal-api` crate) and
//! serves it. `animal-server [ADDR]` serves on ADDR (default
//! 127.0.0.1:8000; `127.0.0.1:0` picks a free port) until Ctrl-C or SIGTERM, after
//! printing its URL.

use std::collections::BTreeMap;
use std::sync::Mutex;

use animal_api::{Animal, AnimalServer, NoSuchPen, Pen};
use tokio::net::TcpListener;
use xmlrpc_server::{DateTime, Server, rpc_service};

#[derive(Default)]
struct Farm {
    pens: Mutex<BTreeMap<String, Vec<String>>>,
}

impl Animal for Farm {
    fn rabit(&self, amount: i32) -> i32 {
        4 * amount
    }

    async fn chicken(&self, amount: i32) -> i32 {
        2 * amount
    }

    fn pen(&self, name: &str) -> Result<Pen, NoSuchPen> {
        let pens = self
            .pens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let animals = pens.get(name).ok_or_else(|| NoSuchPen(name.to_owned()))?;
        Ok(Pen {
            name: name.to_owned(),
            animals: animals.clone(),
        })
    }

    async fn put_in_pen(&self, name: &str, animal: &str) -> i32 {
        let mut pens = self
            .pens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let pen = pens.entry(name.to_owned()).or_default();
        pen.push(animal.to_owned());
        i32::try_from(pen.len()).unwrap_or(i32::MAX)
    }
}

/// The farm's own methods beside the API, declared with the macro that
/// `xmlrpc-server` re-exports: this crate does not depend on `xmlrpc-core`.
struct Gate {
    opened: DateTime,
}

// In a binary `pub` is unreachable, but it marks the methods served.
#[allow(unreachable_pub)]
#[rpc_service(namespace = "gate")]
impl Gate {
    /// When the farm opened (UTC).
    pub fn opened(&self) -> DateTime {
        self.opened
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    let listener = TcpListener::bind(&addr).await?;
    println!(
        "serving the Animal API on http://{}",
        listener.local_addr()?
    );
    Server::new()
        .register_instance(AnimalServer::new(Farm::default()))
        .register_instance(Gate {
            opened: DateTime::now_utc(),
        })
        .serve_listener(listener, xmlrpc_server::shutdown_signal())
        .await
}
