//! The client against Python's own servers: the standard library's demo
//! (`python3 -m xmlrpc.server`) and a `SimpleXMLRPCServer` script written
//! here. Skips (saying so) only where python3 is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use xmlrpc_client::Client;
use xmlrpc_core::{Binary, DateTime, Fault, Struct, Value};

const SERVER: &str = r#"
import sys, time, xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
seen = {"auth": ""}
class Handler(SimpleXMLRPCRequestHandler):
    def decode_request_content(self, data):
        seen["auth"] = self.headers.get("Authorization", "")
        seen["encoding"] = self.headers.get("Content-Encoding", "")
        return super().decode_request_content(data)
    def log_message(self, *args):
        pass
server = SimpleXMLRPCServer(("127.0.0.1", 0), requestHandler=Handler, allow_none=True, use_builtin_types=True)
def fail():
    raise xmlrpc.client.Fault(7, "seven")
def nap(seconds):
    time.sleep(seconds)
    return seconds
server.register_function(lambda v: v, "echo")
server.register_function(fail)
server.register_function(nap)
server.register_function(lambda n: "x" * n, "big")
server.register_function(lambda: seen["auth"], "auth")
server.register_function(lambda: seen["encoding"], "encoding")
server.register_introspection_functions()
server.register_multicall_functions()
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

fn py_client(port: &str) -> Client {
    Client::builder(&format!("http://127.0.0.1:{port}"))
        .no_proxy()
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_value_and_fault_round_trips_through_pythons_server() {
    let Some((_python, port)) = support::python(&["-c", SERVER]) else {
        return;
    };
    let c = py_client(&port);
    let mut s = Struct::new();
    s.insert("a", Value::Array(vec![Value::Int(1), Value::Nil]));
    s.insert("ü", Value::Double(-0.5));
    let values = [
        Value::Int(-7),
        Value::Bool(true),
        Value::from("héllo 😀 <&>"),
        Value::Double(1e300),
        Value::DateTime(DateTime::new(1998, 7, 17, 14, 8, 55).unwrap()),
        Value::Base64(vec![0, 255, 1, 2]),
        Value::Nil,
        Value::Array(vec![]),
        Value::Struct(Struct::new()),
        Value::Struct(s),
    ];
    for v in values {
        assert_eq!(c.call_value("echo", vec![v.clone()]).await.unwrap(), v);
    }
    let bin: Binary = c
        .call("echo", (Binary::from(vec![1_u8, 2, 3]),))
        .await
        .unwrap();
    assert_eq!(bin.as_ref(), &[1, 2, 3]);

    let err = c.call::<Value>("fail", ()).await.unwrap_err();
    assert_eq!(err.fault(), Some(&Fault::new(7, "seven")));
    let err = c.call::<Value>("nope", ()).await.unwrap_err();
    assert!(err.fault().is_some(), "{err}");

    let names: Vec<String> = c.call("system.listMethods", ()).await.unwrap();
    assert!(names.contains(&"echo".to_owned()));

    let mut batch = c.multicall();
    let one = batch.add::<i32>("echo", (1,)).unwrap();
    let bad = batch.add::<i32>("fail", ()).unwrap();
    let replies = batch.send().await.unwrap();
    assert_eq!(replies.get(&one).unwrap(), 1);
    assert_eq!(
        replies.get(&bad).unwrap_err().fault().map(|f| f.code),
        Some(7)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_auth_statuses_and_timeouts_against_python() {
    let Some((_python, port)) = support::python(&["-c", SERVER]) else {
        return;
    };
    // Python gzips answers over 1400 bytes for clients that accept gzip,
    // and reads gzipped requests.
    let zipping = Client::builder(&format!("http://user:pw@127.0.0.1:{port}/RPC2"))
        .no_proxy()
        .gzip_above(100)
        .build()
        .unwrap();
    let big: String = zipping.call("big", (100_000,)).await.unwrap();
    assert_eq!(big.len(), 100_000);
    let echoed: String = zipping.call("echo", ("q".repeat(5000),)).await.unwrap();
    assert_eq!(echoed.len(), 5000);
    let encoding: String = zipping.call("encoding", ()).await.unwrap();
    assert_eq!(encoding, "gzip");
    let auth: String = zipping.call("auth", ()).await.unwrap();
    assert_eq!(auth, "Basic dXNlcjpwdw==");

    let wrong_path = Client::builder(&format!("http://127.0.0.1:{port}/elsewhere"))
        .no_proxy()
        .build()
        .unwrap();
    let err = wrong_path.call::<Value>("echo", (1,)).await.unwrap_err();
    assert!(err.status().map(|s| s.as_u16()) == Some(404), "{err}");

    let impatient = Client::builder(&format!("http://127.0.0.1:{port}"))
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = impatient.call::<f64>("nap", (3.0,)).await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standard_library_demo_server_answers() {
    let Some((_python, line)) = support::python(&["-u", "-m", "xmlrpc.server"]) else {
        return;
    };
    assert!(line.contains("8000"), "{line}");
    let c = Client::builder("http://127.0.0.1:8000")
        .no_proxy()
        .build()
        .unwrap();
    let data: String = c.call("getData", ()).await.unwrap();
    assert_eq!(data, "42");
    let sum: i32 = c.call("add", (2, 3)).await.unwrap();
    assert_eq!(sum, 5);
    let power: i32 = c.call("pow", (2, 10)).await.unwrap();
    assert_eq!(power, 1024);
    let now: DateTime = c.call("currentTime.getCurrentTime", ()).await.unwrap();
    assert!(now.year() >= 2024);
    let mut batch = c.multicall();
    let a = batch.add::<i32>("add", (1, 1)).unwrap();
    let p = batch.add::<i32>("pow", (3, 2)).unwrap();
    let replies = batch.send().await.unwrap();
    assert_eq!((replies.get(&a).unwrap(), replies.get(&p).unwrap()), (2, 9));
    #[cfg(feature = "cli")]
    the_xmlrpc_tool_talks_to_the_demo_server();
}

/// The `xmlrpc` tool against the same Python process: a call, a
/// description (the demo has no introspection: `pow(...)`), and faults
/// from Python's dispatcher.
#[cfg(feature = "cli")]
fn the_xmlrpc_tool_talks_to_the_demo_server() {
    let tool = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_xmlrpc"))
            .args(args)
            .env("NO_PROXY", "127.0.0.1")
            .output()
            .unwrap();
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    let url = "http://127.0.0.1:8000";
    assert_eq!(
        tool(&["call", url, "pow", "2", "10"]),
        (Some(0), "1024\n".to_owned(), String::new())
    );
    let (code, out, err) = tool(&["describe", url, "pow"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("pow(...)\n"), "{out}");
    // The demo registers no introspection: `list` reports Python's fault.
    let (code, _, err) = tool(&["list", url]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("system.listMethods"), "{err}");
    let (code, out, err) = tool(&["call", url, "nosuch"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.starts_with("xmlrpc: fault 1: "), "{err}");
    assert!(err.contains("nosuch"), "{err}");
}
