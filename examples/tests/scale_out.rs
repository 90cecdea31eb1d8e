//! Scale-out behind a real load balancer: three conformance servers behind
//! nginx with keep-alive upstreams, 20 000 calls from eight concurrent
//! clients, while one server is stopped with SIGTERM (graceful: no call
//! may fail) and another is killed with SIGKILL (only the calls in flight
//! on it may fail, with a clean error; every later call succeeds).
//!
//! nginx comes from Debian (`.ci/run` installs it and sets
//! `XMLRPC_REQUIRE_NGINX=1`); elsewhere the test says SKIPPED without it.
//! The nginx configuration is the deployment guide's
//! (`xmlrpc-server/docs/deploy.md`), read from it.
//! The counts go to stdout and to `scale-out-report.txt` in Cargo's test
//! temp folder, which `.ci/run` prints.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fmt::Write as _;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Process, spawn};
use xmlrpc_client::{BlockingClient, Error};

const CALLS: usize = 20_000;
const WORKERS: usize = 8;
/// When the SIGTERM and the SIGKILL are sent: after this many calls.
const TERM_AT: usize = 4_000;
const KILL_AT: usize = 10_000;

/// nginx in front of `upstreams`, stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGQUIT: the master stops its workers and exits.
        let _ = Command::new("kill")
            .args(["-QUIT", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() {
            if started.elapsed() > Duration::from_secs(10) {
                self.child.kill().ok();
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.child.wait().ok();
    }
}

/// The nginx configuration of the deployment guide
/// (`xmlrpc-server/docs/deploy.md`), read from it, with the test's ports
/// and paths.
fn config(dir: &Path, port: u16, upstreams: &[String]) -> String {
    let guide_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../xmlrpc-server/docs/deploy.md");
    let guide = std::fs::read_to_string(&guide_path).unwrap();
    let block = guide
        .split("```nginx\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the guide has an nginx block");
    let mut http = String::new();
    let mut upstream = upstreams.iter();
    let mut listen = 0;
    for line in block.lines() {
        let code = line.trim_start();
        if let Some(rest) = code.strip_prefix("server 127.0.0.1:") {
            let options = rest.split_once(' ').map_or("", |(_, options)| options);
            let addr = upstream.next().expect("as many upstreams as the guide");
            let _ = writeln!(http, "    server {addr} {options}");
        } else if code == "listen 80;" {
            let _ = writeln!(http, "    listen 127.0.0.1:{port};");
            listen += 1;
        } else {
            let _ = writeln!(http, "{line}");
        }
    }
    assert!(
        upstream.next().is_none(),
        "the guide names {} upstreams",
        upstreams.len()
    );
    assert_eq!(listen, 1, "the guide's server listens on port 80");
    let dir = dir.display();
    format!(
        "worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{http}}}
"
    )
}

/// Starts nginx, or `None` (saying why) where it is not installed.
fn nginx(dir: &Path, upstreams: &[String]) -> Option<Nginx> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = dir.join("nginx.conf");
    std::fs::write(&conf, config(dir, port, upstreams)).unwrap();
    let binary = ["/usr/sbin/nginx", "nginx"]
        .into_iter()
        .find(|b| Command::new(b).arg("-v").output().is_ok());
    let Some(binary) = binary else {
        assert!(
            std::env::var_os("XMLRPC_REQUIRE_NGINX").is_none(),
            "nginx is not installed, and this run requires it"
        );
        eprintln!("SKIPPED: the scale-out test needs nginx (apt-get install nginx)");
        return None;
    };
    let child = Command::new(binary)
        .arg("-p")
        .arg(dir)
        .arg("-e")
        .arg(dir.join("error.log"))
        .arg("-c")
        .arg(&conf)
        .args(["-g", "daemon off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let nginx = Nginx { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx did not listen: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(nginx)
}

/// A conformance server on a free port: the process and its `host:port`.
fn instance() -> (Process, String) {
    let (process, banner) =
        spawn(Command::new(support::built("examples/conformance")).args(["--addr", "127.0.0.1:0"]))
            .unwrap();
    let addr = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("banner: {banner:?}"))
        .to_owned();
    (process, addr)
}

/// One finished call: when it started, and its error if it failed.
struct Outcome {
    started: Instant,
    error: Option<Error>,
}

#[test]
fn calls_through_nginx_survive_a_graceful_stop_and_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut instances: Vec<(Process, String)> = (0..3).map(|_| instance()).collect();
    let upstreams: Vec<String> = instances.iter().map(|(_, addr)| addr.clone()).collect();
    let Some(nginx) = nginx(dir.path(), &upstreams) else {
        return;
    };
    let url = format!("http://127.0.0.1:{}/RPC2", nginx.port);

    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(Vec::with_capacity(CALLS)));
    let began = Instant::now();
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (next, done, outcomes) = (next.clone(), done.clone(), outcomes.clone());
            let client = BlockingClient::builder(&url)
                .no_proxy()
                .timeout(Duration::from_secs(60))
                .build_blocking()
                .unwrap();
            std::thread::spawn(move || {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= CALLS {
                        break;
                    }
                    let n = i32::try_from(n).unwrap();
                    let started = Instant::now();
                    // Every tenth call takes a while, so that calls are in
                    // flight whenever a server goes.
                    let result = if n % 10 == 0 {
                        client.call::<i32>("sleep", (20,)).map(|ms| (ms, 20))
                    } else {
                        client.call::<i32>("add", (n, 1)).map(|sum| (sum, n + 1))
                    };
                    let error = match result {
                        Ok((got, expected)) => {
                            assert_eq!(got, expected, "a wrong answer");
                            None
                        }
                        Err(e) => Some(e),
                    };
                    outcomes.lock().unwrap().push(Outcome { started, error });
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    let wait_for = |count: usize| {
        let started = Instant::now();
        while done.load(Ordering::Relaxed) < count {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "stuck at {} calls",
                done.load(Ordering::Relaxed)
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    };

    // (a) A graceful stop: SIGTERM, and the server exits 0 on its own.
    wait_for(TERM_AT);
    let (mut stopped, _) = instances.remove(0);
    let term_sent = Instant::now();
    let term = Command::new("kill")
        .args(["-TERM", &stopped.0.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let exit = loop {
        if let Some(status) = stopped.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            term_sent.elapsed() < Duration::from_secs(40),
            "no exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let term_exit = term_sent.elapsed();
    assert_eq!(exit.code(), Some(0), "a graceful stop exits 0");

    // (b) A crash: SIGKILL.
    wait_for(KILL_AT);
    let (mut killed, _) = instances.remove(0);
    let killed_at = Instant::now();
    killed.0.kill().unwrap();
    killed.0.wait().unwrap();

    for worker in workers {
        worker.join().unwrap();
    }
    let took = began.elapsed();
    let outcomes = outcomes.lock().unwrap();
    assert_eq!(outcomes.len(), CALLS);
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.error.is_some()).collect();
    // Around the graceful stop (from the SIGTERM until the crash), no call
    // may fail at all.
    let term_failed: Vec<String> = failed
        .iter()
        .filter(|o| o.started < killed_at - Duration::from_secs(2))
        .map(|o| format!("{}", o.error.as_ref().unwrap()))
        .collect();
    assert!(
        term_failed.is_empty(),
        "{} calls failed around the graceful stop: {term_failed:?}",
        term_failed.len()
    );
    // The calls in flight on the killed server when it died: started before
    // the kill, or within the moment nginx takes to see it (its kept-alive
    // connections to the dead server close when it reads their end).
    let window = killed_at + Duration::from_millis(200);
    for outcome in &failed {
        let error = outcome.error.as_ref().unwrap();
        assert!(
            outcome.started >= killed_at - Duration::from_secs(2) && outcome.started < window,
            "a call failed outside the crash: {error} ({:?} after the start)",
            outcome.started - began
        );
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(502),
            "not a clean error from nginx: {error}"
        );
    }
    assert!(
        failed.len() <= WORKERS,
        "{} calls failed; at most {WORKERS} can be in flight",
        failed.len()
    );
    let report = format!(
        "scale-out through nginx: {CALLS} calls from {WORKERS} clients over 3 servers in {:.1} s \
         ({:.0} calls/s); SIGTERM after {TERM_AT} calls: {} failed, the server exited 0 in {} ms; \
         SIGKILL after {KILL_AT} calls: {} failed (HTTP 502, in flight on the killed server), \
         every later call answered\n",
        took.as_secs_f64(),
        CALLS as f64 / took.as_secs_f64(),
        term_failed.len(),
        term_exit.as_millis(),
        failed.len()
    );
    print!("{report}");
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale-out-report.txt"),
        &report,
    )
    .unwrap();
    drop(nginx);
}
