//! Python's own `xmlrpc.client` as a real client of the server: calls,
//! faults, introspection, `MultiCall`, every value type, gzip both ways.
//! Skips (saying so) only where python3 is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use xmlrpc_server::{Dispatcher, Server};

use common::{Lab, spawn};

const SCRIPT: &str = r#"
import sys, datetime, xmlrpc.client as x
url = sys.argv[1]
p = x.ServerProxy(url + "/RPC2", allow_none=True, use_builtin_types=True)
assert p.add(2, 3) == 5
assert p.add(2147483647, 1) == 2147483648
try:
    p.fail()
    raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == 1001 and f.faultString == "division by zero", f
try:
    p.nope()
    raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == -32601, f
try:
    p.add("a", 1)
    raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == -32602, f
try:
    p.boom()
    raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == -32603, f
values = [None, 7, -0.0, 1e300, "héllo 😀 <&>", True, b"\x00\xff" * 1000,
          datetime.datetime(1998, 7, 17, 14, 8, 55), [], {}, {"a": [1, {"b": None}]}]
for v in values:
    assert p.echo(v) == v, (v, p.echo(v))
assert "add" in p.system.listMethods()
assert p.system.methodHelp("add") == "Adds two integers."
assert p.system.methodSignature("twice") == [["int", "int"]]
assert "multicall" in p.system.getCapabilities()
m = x.MultiCall(p)
m.add(1, 2)
m.nope()
m.twice(21)
r = m()
assert r[0] == 3 and r[2] == 42
try:
    r[1]
    raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == -32601
# A large answer comes gzipped (Python accepts gzip), and decodes.
assert p.big(200000) == "x" * 200000
# Requests gzipped by the client.
class Gzip(x.Transport):
    encode_threshold = 0
g = x.ServerProxy(url + "/RPC2", transport=Gzip(), allow_none=True)
assert g.echo("z" * 5000) == "z" * 5000
# Another endpoint, another table.
o = x.ServerProxy(url + "/objects/greeting")
assert o.greet("ada") == "hello, ada"
try:
    o.add(1, 2)
    raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == -32601
print("OK")
"#;

fn twice(n: i32) -> i32 {
    2 * n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_xmlrpc_client_speaks_to_the_server() {
    let server = spawn(
        Server::new()
            .register_instance(Lab)
            .register_function(twice)
            .endpoint(
                "/objects/greeting",
                Dispatcher::new().register_function_as("greet", |n: String| format!("hello, {n}")),
            ),
    )
    .await;
    let url = server.url("");
    let out = tokio::task::spawn_blocking(move || {
        Command::new("python3").args(["-c", SCRIPT, &url]).output()
    })
    .await
    .unwrap();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            return;
        }
    };
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "OK");
    server.stop().await;
}
