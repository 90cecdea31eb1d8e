//! The socket RPC tutorial, both ways: its Python client (ported to
//! Python 3, `examples/python/socket_rpc_client.py`) against our `ping`
//! example, and our framed client against its single-threaded Python
//! server (`socket_rpc_server.py`). Skipped, saying so, without python3.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::{python, spawn};
use xmlrpc_client::framed::{FrameFormat, FramedClient, FramedError};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(name)
        .display()
        .to_string()
}

/// The port at the end of a banner line such as `… on 127.0.0.1:PORT (…)`
/// or `listening on PORT`.
fn port_in(banner: &str) -> u16 {
    banner
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|part| part.parse::<u16>().ok())
        .rfind(|&port| port > 0)
        .unwrap_or_else(|| panic!("no port in {banner:?}"))
}

#[test]
fn the_tutorials_client_talks_to_our_ping_server() {
    let (_server, banner) =
        spawn(Command::new(support::built("examples/ping")).args(["--serve", "127.0.0.1:0"]))
            .unwrap();
    assert!(
        banner.starts_with("serving JSON frames on 127.0.0.1:"),
        "{banner}"
    );
    let port = port_in(&banner).to_string();
    let out = match Command::new("python3")
        .args([&fixture("socket_rpc_client.py"), &port, "10", "0"])
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: String = (0..10).map(|i| format!("pong ireader {i}\n")).collect();
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[tokio::test]
async fn our_client_talks_to_the_tutorials_server() {
    let Some((_server, banner)) = python(&[&fixture("socket_rpc_server.py"), "0"]) else {
        return;
    };
    let port = port_in(&banner);
    let client = FramedClient::tcp(format!("127.0.0.1:{port}")).format(FrameFormat::json());
    // Ten calls in turn on one connection (the tutorial's server serves
    // one connection at a time, so a second one would wait for ever).
    for i in 0..10 {
        let echoed: String = client
            .call("ping", (format!("ireader {i}"),))
            .await
            .unwrap();
        assert_eq!(echoed, format!("ireader {i}"));
    }
    // What the server answers is typed as usual: a string is not an int.
    let wrong: Result<i32, FramedError> = client.call("ping", ("x",)).await;
    assert!(matches!(wrong, Err(FramedError::Convert(_))), "{wrong:?}");
}

#[test]
fn ping_runs_with_xml_frames_too() {
    let out = Command::new(support::built("examples/ping"))
        .arg("--xml")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("pong ireader 9"), "{stdout}");
    assert!(!stdout.contains("sent "), "{stdout}");
}
