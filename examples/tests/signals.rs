//! A real server process stopped the way systemd, Docker and Kubernetes
//! stop one: SIGTERM while calls are in flight. Every call is answered,
//! the process exits 0, and new connections are refused after.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xmlrpc_client::BlockingClient;

#[test]
fn sigterm_lets_the_calls_in_flight_finish_and_exits_0() {
    let mut child = Command::new(support::built("examples/axum_app"))
        .args(["--serve", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut banner).unwrap();
    let base = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("banner: {banner:?}"))
        .to_owned();
    let client = BlockingClient::builder(&base)
        .no_proxy()
        .bearer_auth("s3cret-bob")
        .build_blocking()
        .unwrap();
    assert_eq!(client.call::<String>("whoami", ()).unwrap(), "bob");

    // Eight calls of 1.5 s each, on their own connections.
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = BlockingClient::builder(&base)
                .no_proxy()
                .bearer_auth("s3cret-bob")
                .build_blocking()
                .unwrap();
            std::thread::spawn(move || client.call::<String>("slow_report", (1500,)))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());

    for call in calls {
        assert_eq!(
            call.join().unwrap().unwrap(),
            "report for bob after 1500 ms"
        );
    }
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains("stopped after the calls in flight"), "{rest}");
    // It waited for the calls, not for the 20 s grace.
    assert!(signalled.elapsed() < Duration::from_secs(10));
    let after = client.call::<String>("whoami", ());
    assert!(after.unwrap_err().is_connect(), "no server after exit");
}
