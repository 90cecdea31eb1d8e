//! One API, three crates (`examples/crates`): `animal-api` declares the
//! Animal trait with `xmlrpc-core` alone, `animal-server` implements and
//! serves it, `animal-client` calls it. The lockfile shows that neither
//! side pulls in the other's code, and the two programs, run together,
//! talk.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::process::Command;

/// Every package `root` is built with, directly or not: normal
/// dependencies only (the lockfile alone would count the dev-dependencies
/// of dependencies, which are never built for `root`).
fn closure(root: &str) -> BTreeSet<String> {
    tree(root, &[])
}

/// The packages `root` names in its `[dependencies]`.
fn direct(root: &str) -> BTreeSet<String> {
    tree(root, &["--depth", "1"])
}

fn tree(root: &str, extra: &[&str]) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none"])
        .args(extra)
        .args(["--format", "{p}", "-p", root])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != root)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_api_crate_needs_xmlrpc_core_alone_and_the_client_no_server_code() {
    let api = closure("animal-api");
    assert!(api.contains("xmlrpc-core"), "{api:?}");
    for absent in [
        "xmlrpc-server",
        "xmlrpc-client",
        "tokio",
        "axum",
        "hyper",
        "reqwest",
    ] {
        assert!(!api.contains(absent), "animal-api depends on {absent}");
    }
    let client = closure("animal-client");
    assert!(client.contains("xmlrpc-client"), "{client:?}");
    for absent in ["xmlrpc-server", "axum", "animal-server"] {
        assert!(
            !client.contains(absent),
            "animal-client depends on {absent}"
        );
    }
    let server = closure("animal-server");
    assert!(server.contains("xmlrpc-server"), "{server:?}");
    assert!(!server.contains("animal-client") && !server.contains("xmlrpc-client"));
}

/// Both programs also use `#[rpc_service]` themselves (the server a
/// `gate.opened` method, the client a trait for `system.listMethods`),
/// with `xmlrpc-server` or `xmlrpc-client` as their one XML-RPC dependency.
#[test]
fn an_app_needs_one_xmlrpc_dependency() {
    let server = direct("animal-server");
    assert!(server.contains("xmlrpc-server"), "{server:?}");
    assert!(!server.contains("xmlrpc-core"), "{server:?}");
    let client = direct("animal-client");
    assert!(client.contains("xmlrpc-client"), "{client:?}");
    assert!(!client.contains("xmlrpc-core"), "{client:?}");
}

#[test]
fn the_client_program_calls_the_server_program() {
    let (_server, banner) =
        support::spawn(Command::new(support::built("animal-server")).arg("127.0.0.1:0")).unwrap();
    let url = banner
        .trim()
        .strip_prefix("serving the Animal API on ")
        .unwrap_or_else(|| panic!("banner: {banner:?}"))
        .to_owned();

    let out = Command::new(support::built("animal-client"))
        .arg(&url)
        .env("NO_PROXY", "127.0.0.1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        text,
        "methods: [\"chicken\", \"gate.opened\", \"pen\", \"putInPen\", \"rabit\"]\n\
         rabit(2) = 8\n\
         chicken(3) = 6\n\
         putInPen(north, hen) = 1\n\
         putInPen(north, goat) = 2\n\
         pen(north) = north with hen, goat\n\
         pen(south) failed: fault 404: no pen called south\n\
         batch: rabit(10) = 40\n\
         batch: pen(nowhere) failed: fault 404: no pen called nowhere\n"
    );
}
