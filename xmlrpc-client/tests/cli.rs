//! The `xmlrpc` tool, run as a process against our server on 127.0.0.1:0
//! (and against a raw socket where the request itself is checked).

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub)]

mod support;

use std::net::{SocketAddr, TcpListener};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use support::tool::{one_exchange, stderr, stdout, xmlrpc};

use xmlrpc_core::{DateTime, Fault, MethodCall, Next, Value, rpc_service};
use xmlrpc_server::Server;

/// What the tool is tried against.
#[derive(Debug)]
pub struct Tools;

#[rpc_service]
impl Tools {
    /// Adds two numbers.
    ///
    /// Both are ints.
    pub fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }

    /// Divides, with fault 1001 for zero.
    pub fn divide(&self, a: f64, b: f64) -> Result<f64, Fault> {
        if b == 0.0 {
            return Err(Fault::new(1001, "division by zero"));
        }
        Ok(a / b)
    }

    /// Waits `ms` milliseconds.
    pub async fn sleep(&self, ms: u64) -> u64 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        ms
    }

    /// The time, under a dotted name.
    #[rpc(name = "currentTime.getCurrentTime")]
    pub fn now(&self) -> DateTime {
        DateTime::now_utc()
    }

    /// `echo` answers all its parameters, whatever they are, as an array.
    #[rpc(dispatch)]
    async fn dispatch(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault> {
        if call.name == "echo" {
            return Ok(Value::Array(call.params));
        }
        next.call(call).await
    }
}

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                Server::new()
                    .register_instance(Tools)
                    .register_function_as("echo1", |v: Value| v)
                    .serve_listener(listener, std::future::pending())
                    .await
                    .unwrap();
            });
        });
        addr
    })
}

fn url() -> String {
    format!("http://{}/RPC2", server())
}

#[test]
fn call_prints_the_result() {
    let out = xmlrpc(&["call", &url(), "add", "2", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "5\n");
    let out = xmlrpc(&["call", &url(), "add", "-2", "i/-3"]);
    assert_eq!(stdout(&out), "-5\n");
    let out = xmlrpc(&["call", &url(), "divide", "d/6", "d/4"]);
    assert_eq!(stdout(&out), "1.5\n");
    let out = xmlrpc(&["call", &url(), "currentTime.getCurrentTime"]);
    let now = stdout(&out);
    assert!(DateTime::parse(now.trim()).is_ok(), "{now}");
}

#[test]
fn typed_arguments_reach_the_server_as_their_types() {
    let path = std::env::temp_dir().join(format!("xmlrpc-cli-{}.bin", std::process::id()));
    std::fs::write(&path, b"\x00\x01binary\xff").unwrap();
    let file = format!("@{}", path.display());
    let out = xmlrpc(&[
        "call",
        &url(),
        "echo1",
        r#"[1, 2.5, "x", null, {"k": [true]}]"#,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json, serde_json::json!([1, 2.5, "x", null, {"k": [true]}]));

    let out = xmlrpc(&[
        "call",
        &url(),
        "echo",
        "i/7",
        "8/8589934592",
        "s/42",
        "b/true",
        "d/2",
        "n/",
        "dt/19980717T14:08:55",
        &file,
        "plain words",
        "--json",
    ]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            7,
            8_589_934_592_i64,
            "42",
            true,
            2.0,
            null,
            "19980717T14:08:55",
            "AAFiaW5hcnn/",
            "plain words"
        ])
    );
}

#[test]
fn readable_output_shows_types_a_person_can_tell_apart() {
    let out = xmlrpc(&[
        "call",
        &url(),
        "echo1",
        r#"{"name": "Ann", "n": 2, "x": 2.0, "tags": ["a", "b"]}"#,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Members keep the order they were written in, there and back.
    assert_eq!(
        stdout(&out),
        "name: \"Ann\"\nn: 2\nx: 2.0\ntags:\n  - \"a\"\n  - \"b\"\n"
    );
}

#[test]
fn a_fault_exits_1_with_one_line_on_stderr() {
    let out = xmlrpc(&["call", &url(), "divide", "d/1", "d/0"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "xmlrpc: fault 1001: division by zero\n");

    let out = xmlrpc(&["call", &url(), "no.such.method"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("xmlrpc: fault -32601: "),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1);

    let out = xmlrpc(&["call", &url(), "add", "s/two", "3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("xmlrpc: fault -32602: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn transport_errors_exit_3() {
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let out = xmlrpc(&["call", &format!("http://{closed}/RPC2"), "add", "1", "2"]);
    assert_eq!(out.status.code(), Some(3));
    // The chain of causes, down to the system's words.
    assert!(
        stderr(&out).starts_with("xmlrpc: cannot connect to the server: "),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("Connection refused"),
        "{}",
        stderr(&out)
    );

    let elsewhere = format!("http://{}/elsewhere", server());
    let out = xmlrpc(&["call", &elsewhere, "add"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains(&format!("404 Not Found for {elsewhere}")),
        "{}",
        stderr(&out)
    );

    let out = xmlrpc(&["call", "--timeout", "0.3", &url(), "sleep", "3000"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("no answer within"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2_before_any_request() {
    // The URL is never contacted: a closed port would give exit code 3.
    let out = xmlrpc(&["call", "http://127.0.0.1:9/", "add", "i/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad argument \"i/x\""),
        "{}",
        stderr(&out)
    );

    let out = xmlrpc(&["call", "http://127.0.0.1:9/", "add", "@/no/such/file"]);
    assert_eq!(out.status.code(), Some(2));

    let out = xmlrpc(&["call", "-H", "no colon", "http://127.0.0.1:9/", "add"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Name: value"), "{}", stderr(&out));

    let out = xmlrpc(&["call", "ftp://example.invalid/", "add"]);
    assert_eq!(out.status.code(), Some(2));

    let out = xmlrpc(&["call"]);
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
}

#[test]
fn xml_shows_the_documents_on_the_wire() {
    let out = xmlrpc(&["call", &url(), "add", "2", "3", "--xml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let (request, response) = text.split_once("\n\n").unwrap();
    assert!(
        request.contains("<methodName>add</methodName>"),
        "{request}"
    );
    assert!(request.contains("<int>2</int>"), "{request}");
    assert!(response.contains("<methodResponse>"), "{response}");
    assert!(response.contains("<int>5</int>"), "{response}");

    let out = xmlrpc(&["call", &url(), "divide", "d/1", "d/0", "--xml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("<fault>"));
    assert_eq!(stderr(&out), "xmlrpc: fault 1001: division by zero\n");
}

#[test]
fn list_prints_the_method_names() {
    let out = xmlrpc(&["list", &url()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<_> = stdout(&out).lines().map(str::to_owned).collect();
    for name in [
        "add",
        "currentTime.getCurrentTime",
        "system.listMethods",
        "echo1",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    let out = xmlrpc(&["list", &url(), "--json"]);
    let json: Vec<String> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json, names);
}

#[test]
fn describe_shows_signatures_and_help() {
    let out = xmlrpc(&["describe", &url(), "add"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "add(int, int) -> int\n    Adds two numbers.\n\n    Both are ints.\n"
    );

    let out = xmlrpc(&["describe", &url(), "divide", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["name"], "divide");
    assert_eq!(
        json["signatures"],
        serde_json::json!([["double", "double", "double"]])
    );
    assert_eq!(json["help"], "Divides, with fault 1001 for zero.");

    // All methods: always an array, one object per method.
    let out = xmlrpc(&["describe", &url(), "--json"]);
    let all: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(all.iter().any(|m| m["name"] == "add"), "{all:?}");

    let out = xmlrpc(&["describe", &url()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("\n\ncurrentTime.getCurrentTime() -> dateTime.iso8601\n"),
        "{text}"
    );
    assert!(text.contains("system.listMethods() -> array\n"), "{text}");

    let out = xmlrpc(&["describe", &url(), "nope"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn header_option_reaches_the_request() {
    let (addr, peer) = one_exchange();
    let out = xmlrpc(&[
        "call",
        "-H",
        "X-Trace: abc 123",
        &format!("http://{addr}"),
        "ping",
    ]);
    let request = peer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "ok\n");
    assert!(request.starts_with("POST /RPC2 HTTP/1.1\r\n"), "{request}");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("x-trace: abc 123\r\n"),
        "{request}"
    );
    assert!(
        request.contains("<methodName>ping</methodName>"),
        "{request}"
    );
}

#[test]
fn the_proxy_from_the_environment_is_used() {
    let (proxy, peer) = one_exchange();
    let out = Command::new(env!("CARGO_BIN_EXE_xmlrpc"))
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env("HTTP_PROXY", format!("http://{proxy}"))
        .env("http_proxy", format!("http://{proxy}"))
        .args(["call", "http://rpc.example.invalid/RPC2", "ping"])
        .output()
        .unwrap();
    let request = peer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "ok\n");
    assert!(
        request.starts_with("POST http://rpc.example.invalid/RPC2 HTTP/1.1\r\n"),
        "{request}"
    );
}
