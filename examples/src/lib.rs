//! The classic XML-RPC tutorial programs, in Rust (see the project's issues).
