//! The `#[rpc_service]` attribute macro. Use it through `xmlrpc-core`, which
//! re-exports it and documents it.
