//! Compile-time tests of `#[rpc_service]`: `tests/ui.rs` runs the cases in
//! `tests/ui/pass` (must compile) and `tests/ui/fail` (must not, with the
//! errors in their `.stderr` files) through trybuild.
