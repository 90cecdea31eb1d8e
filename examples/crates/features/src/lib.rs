//! Nothing but dependencies: with this member in the build,
//! `cargo test --workspace` compiles and tests every optional feature of
//! the crates (see its `Cargo.toml`).
