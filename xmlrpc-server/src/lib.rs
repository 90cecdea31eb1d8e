//! XML-RPC server over HTTP (work in progress).

mod access;
mod dispatcher;
mod function;
mod http;
mod limits;
mod reply;
mod serve;
mod server;
mod system;

pub use dispatcher::Dispatcher;
pub use function::{Function, Handler, shape};
pub use limits::Limits;
pub use reply::IntoReply;
pub use server::Server;
pub use system::System;
