//! `xmlrpc codegen`: a Rust trait for a live server's API, from its
//! introspection, in the spirit of xmlrpc-c's `xml-rpc-api2cpp`.
//!
//! The server is asked for its methods (`system.listMethods`), then for
//! each one's signatures and help. What it does not say stays untyped: a
//! method without a signature takes any parameters as values and answers
//! a `Value`; a server that does not list its methods gives an empty
//! trait, unless `--method` names them. The text comes out of `render`,
//! which knows nothing of the network.

mod names;
mod render;

use xmlrpc_client::{Client, Error};

use crate::Failure;
use crate::introspect::{self, Described, describe, fault_text};

/// The methods that every server with introspection has, and that the
/// framework covers itself (`batch` is `system.multicall`).
const FRAMEWORK: &[&str] = &[
    "system.listMethods",
    "system.methodHelp",
    "system.methodSignature",
    "system.multicall",
];

/// What the server told about its API, ready to render.
#[derive(Debug)]
pub(crate) struct Api {
    /// The endpoint, for the comments.
    pub(crate) url: String,
    /// The trait's name, when given.
    pub(crate) name: Option<String>,
    pub(crate) methods: Vec<Described>,
    /// Why the method list is not the server's own, when it is not.
    pub(crate) unlisted: Option<String>,
}

/// The trait's source text.
pub(crate) async fn generate(
    client: &Client,
    name: Option<String>,
    only: Vec<String>,
) -> Result<String, Failure> {
    let (names, unlisted) = match introspect::list(client).await {
        Ok(listed) if only.is_empty() => (listed, None),
        Ok(_) => (only, None),
        Err(Error::Fault(fault)) => {
            let why = format!("system.listMethods: {}", fault_text(&fault));
            (only, Some(why))
        }
        Err(e) => return Err(e.into()),
    };
    let mut methods = Vec::new();
    for name in names
        .into_iter()
        .filter(|n| !FRAMEWORK.contains(&n.as_str()))
    {
        methods.push(describe(client, name).await?);
    }
    let mut url = client.url().to_string();
    if let Some(socket) = client.unix_socket() {
        url = format!("{url} over {}", socket.display());
    }
    Ok(render::render(&Api {
        url,
        name,
        methods,
        unlisted,
    }))
}
