//! Compile-time behaviour of `#[rpc_service]`: what must compile, and the
//! errors (spanned, collected) for what must not. The `.stderr` files are
//! reviewed by a person; regenerate them with `TRYBUILD=overwrite` when the
//! toolchain changes.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
