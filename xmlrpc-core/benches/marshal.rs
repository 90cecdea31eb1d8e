//! Marshalling benchmarks (filled in below in this issue).
fn main() {}
