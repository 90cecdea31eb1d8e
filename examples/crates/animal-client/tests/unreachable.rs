//! The client program, run as built, with no server to call: it says so
//! and fails. (`examples/tests/api_crates.rs` runs it with the server
//! program; that this test exists also makes `cargo test` build it.)

#![allow(clippy::unwrap_used)]

use std::net::TcpListener;
use std::process::Command;

#[test]
fn without_a_server_the_program_says_it_cannot_connect() {
    // A port that was free a moment ago, now closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(env!("CARGO_BIN_EXE_animal-client"))
        .arg(format!("http://127.0.0.1:{port}"))
        .env("NO_PROXY", "127.0.0.1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot connect"), "{err}");
}
