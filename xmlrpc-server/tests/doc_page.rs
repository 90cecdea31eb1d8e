//! The documentation page: served at its own path, every method of every
//! endpoint with signatures and help, hostile help texts escaped, and the
//! page as a real browser (headless Chromium) renders it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Peer, spawn};
use xmlrpc_core::rpc_service;
use xmlrpc_server::{Dispatcher, DocPage, Server};

/// A calculator.
#[derive(Debug)]
pub struct Calculator;

#[rpc_service]
impl Calculator {
    /// Adds two numbers.
    ///
    /// Both are ints.
    pub fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }

    /// Returns <b>not bold</b> & "quoted"; </pre><script>document.title = 'pwned'</script>
    pub fn tricky(&self, text: String) -> String {
        text
    }
}

fn greet(name: String) -> String {
    format!("hello, {name}")
}

fn server() -> Server {
    Server::new()
        .register_instance(Calculator)
        .endpoint(
            "/objects/greeting",
            Dispatcher::new().register_function(greet),
        )
        .doc_page(
            DocPage::at("/docs")
                .title("Calculator <service>")
                .about("Numbers & words."),
        )
}

async fn get(peer: &mut Peer, path: &str) -> common::Reply {
    peer.send(format!("GET {path} HTTP/1.1\r\nHost: t\r\n\r\n").as_bytes())
        .await;
    peer.read().await.unwrap()
}

#[tokio::test]
async fn the_page_lists_every_endpoint_and_method_escaped() {
    let server = spawn(server()).await;
    let mut peer = Peer::connect(server.addr).await;
    let page = get(&mut peer, "/docs").await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    let html = String::from_utf8(page.body).unwrap();
    assert!(
        html.contains("<title>Calculator &lt;service&gt;</title>"),
        "{html}"
    );
    assert!(html.contains("add(int, int) → int</dt>"), "{html}");
    assert!(
        html.contains("Adds two numbers.\n\nBoth are ints."),
        "{html}"
    );
    assert!(html.contains("<code>/objects/greeting</code>"), "{html}");
    assert!(html.contains("greet(string) → string</dt>"), "{html}");
    assert!(html.contains("system.listMethods() → array</dt>"), "{html}");
    assert!(html.contains("&lt;script&gt;document.title"), "{html}");
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
    // The endpoints still answer GET with 405.
    assert_eq!(get(&mut peer, "/RPC2").await.status, 405);
    assert_eq!(get(&mut peer, "/objects/greeting").await.status, 405);
    server.stop().await;
}

/// Headless Chromium's DOM of `url`, or `None` (saying why) where there is
/// no Chromium. CI installs it and sets `XMLRPC_REQUIRE_CHROMIUM=1`, so
/// that there a missing browser is a failure.
fn rendered(url: &str) -> Option<String> {
    let profile = std::env::temp_dir().join(format!("xmlrpc-chromium-{}", std::process::id()));
    let child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if std::env::var_os("XMLRPC_REQUIRE_CHROMIUM").is_none() => {
            eprintln!("SKIPPED: the browser check, no chromium here ({e})");
            return None;
        }
        Err(e) => panic!("chromium: {e}"),
    };
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            child.kill().ok();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut dom = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut dom).unwrap();
    std::fs::remove_dir_all(&profile).ok();
    Some(dom)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_renders_the_page_and_runs_nothing_from_help_texts() {
    let server = spawn(server()).await;
    let url = format!("http://{}/docs", server.addr);
    let dom = tokio::task::spawn_blocking(move || rendered(&url))
        .await
        .unwrap();
    server.stop().await;
    let Some(dom) = dom else {
        return;
    };
    // The title a script in a help text would have changed.
    assert!(
        dom.contains("<title>Calculator &lt;service&gt;</title>"),
        "{dom}"
    );
    assert!(!dom.contains("pwned</title>"), "{dom}");
    assert!(dom.contains("<h1>Calculator &lt;service&gt;</h1>"), "{dom}");
    assert!(dom.contains("add(int, int) → int"), "{dom}");
    assert!(dom.contains("tricky(string) → string"), "{dom}");
    // The help text is text in the document, not elements.
    assert!(
        dom.contains("Returns &lt;b&gt;not bold&lt;/b&gt; &amp; \"quoted\""),
        "{dom}"
    );
    assert!(!dom.contains("<script>") && !dom.contains("<b>"), "{dom}");
    assert!(dom.contains("greet(string) → string"), "{dom}");
}
