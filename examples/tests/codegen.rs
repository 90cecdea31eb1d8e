//! `xmlrpc codegen` against live servers: our conformance service, Python's
//! `python3 -m xmlrpc.server` (no introspection at all), a Python server
//! with the quirks real servers have (several signatures, `undef`, no help,
//! a keyword for a name), and a real supervisord (flat signature lists).
//!
//! Each generated trait is kept in `tests/codegen/NAME.rs` and compiled
//! into this test as a module, and the test calls the server through it:
//! so the text `codegen` prints now is the text that compiled and worked.
//! When the output changes on purpose, rewrite the files with
//! `XMLRPC_CODEGEN=overwrite cargo test -p examples --test codegen` and
//! review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;

use examples::conformance::Conformance;
use xmlrpc_client::{BlockingClient, Client};
use xmlrpc_core::{Binary, Value};
use xmlrpc_server::Server;

#[allow(dead_code, unreachable_pub)]
#[path = "codegen/conformance.rs"]
mod conformance_api;

#[allow(dead_code, unreachable_pub)]
#[path = "codegen/python_demo.rs"]
mod python_demo_api;

#[allow(dead_code, unreachable_pub)]
#[path = "codegen/quirks.rs"]
mod quirks_api;

#[allow(dead_code, unreachable_pub)]
#[path = "codegen/supervisor.rs"]
mod supervisor_api;

/// `xmlrpc codegen URL ARGS…`, with the server's port replaced by `PORT`
/// so that the text does not depend on it.
fn codegen(url: &str, port: u16, args: &[&str]) -> String {
    let out = Command::new(support::built("xmlrpc"))
        .arg("codegen")
        .arg(url)
        .args(args)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xmlrpc codegen {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(&format!(":{port}/"), ":PORT/")
}

/// Compares `text` with the kept `tests/codegen/NAME.rs`, or rewrites it
/// when `XMLRPC_CODEGEN=overwrite`.
fn matches_kept(name: &str, text: &str) {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "codegen",
        &format!("{name}.rs"),
    ]
    .iter()
    .collect();
    if std::env::var("XMLRPC_CODEGEN").as_deref() == Ok("overwrite") {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == text,
        "`xmlrpc codegen` no longer prints {}; if that is intended, run \
         `XMLRPC_CODEGEN=overwrite cargo test -p examples --test codegen` and review the diff.\n\
         --- now:\n{text}",
        path.display()
    );
}

/// Our conformance service on its own runtime thread.
fn conformance() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            Server::new()
                .register_instance(Conformance::default())
                .serve_listener(listener, std::future::pending())
                .await
                .unwrap();
        });
    });
    rx.recv().unwrap()
}

#[test]
fn the_conformance_service_gives_a_typed_trait() {
    let addr = conformance();
    let url = format!("http://{addr}");
    let text = codegen(&url, addr.port(), &["--name", "Conformance"]);
    matches_kept("conformance", &text);

    use conformance_api::ConformanceClient;
    let client = ConformanceClient::new(BlockingClient::new(&url).unwrap());
    assert_eq!(client.add(2, 3).unwrap(), 5);
    assert_eq!(
        client.echo(vec![Value::from("x")]).unwrap(),
        Value::from("x")
    );
    let stored = client
        .upload("a.txt", Binary::new(b"hello".to_vec()))
        .unwrap();
    assert_eq!(stored, 5);
    assert_eq!(client.download("a.txt").unwrap().as_ref(), b"hello");
    let count = client.validator1_count_the_entities("<&>").unwrap();
    assert_eq!(count.get("ctLeftAngleBrackets"), Some(&Value::Int(1)));
    let now = client.current_time_get_current_time().unwrap();
    assert!(now.year() >= 2024);
    let fault = client.divide(1.into(), 0.into()).unwrap_err();
    assert!(fault.fault().is_some(), "{fault}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pythons_demo_server_without_introspection_gives_untyped_methods() {
    let Some((_python, banner)) = support::python(&["-u", "-m", "xmlrpc.server"]) else {
        return;
    };
    assert!(banner.contains("8000"), "{banner}");
    let url = "http://127.0.0.1:8000";
    let bare = codegen(url, 8000, &[]);
    assert!(
        bare.contains("/// The server does not list its methods (`system.listMethods: fault 1: "),
        "{bare}"
    );
    assert!(
        bare.ends_with("#[rpc_service(client_only)]\npub trait Api {}\n"),
        "{bare}"
    );

    let methods = ["pow", "add", "getData", "currentTime.getCurrentTime"];
    let mut args = vec!["--name", "Demo"];
    for m in methods {
        args.extend(["--method", m]);
    }
    let text = codegen(url, 8000, &args);
    matches_kept("python_demo", &text);

    use python_demo_api::DemoClient;
    let demo = DemoClient::new(Client::builder(url).no_proxy().build().unwrap());
    let power = demo.pow(vec![2.into(), 10.into()]).await.unwrap();
    assert_eq!(power, Value::Int(1024));
    assert_eq!(
        demo.add(vec![2.into(), 3.into()]).await.unwrap(),
        Value::Int(5)
    );
    assert_eq!(demo.get_data(vec![]).await.unwrap(), Value::from("42"));
    let now = demo.current_time_get_current_time(vec![]).await.unwrap();
    assert!(now.as_datetime().is_some(), "{now:?}");
}

/// Introspection as real servers answer it: two signatures for `add` and
/// `ls`, Supervisor's flat list for `status`, `undef` for `stats`, a fault
/// for `nothing`, no help but for two methods, and `type` for a name.
const QUIRKS: &str = r#"
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer
server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
server.register_function(lambda a, b: a + b, "add")
server.register_function(lambda directory=None: ["a", "b"] if directory is None else [directory], "ls")
server.register_function(lambda: "up", "status")
server.register_function(lambda: {"calls": 3}, "stats")
server.register_function(lambda: None, "nothing")
server.register_function(lambda x: x, "type")
signatures = {
    "add": [["int", "int", "int"], ["double", "double", "double"]],
    "ls": [["array"], ["array", "string"]],
    "status": ["string"],
    "stats": "undef",
    "type": [["string", "string"]],
}
helps = {
    "add": "Adds two numbers.\n\n        Ints, or doubles: not one of each.\n            (Python would not mind.)\n        ",
    "status": "   The server's status, in a word.   ",
}
def method_signature(name):
    if name not in signatures:
        raise xmlrpc.client.Fault(2, "no signature for " + name)
    return signatures[name]
def method_help(name):
    if name not in helps:
        raise xmlrpc.client.Fault(3, "no help")
    return helps[name]
server.register_function(lambda: ["add", "ls", "status", "stats", "nothing", "type", "system.multicall"], "system.listMethods")
server.register_function(method_signature, "system.methodSignature")
server.register_function(method_help, "system.methodHelp")
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quirky_server_still_gives_a_trait_that_compiles() {
    let Some((_python, port)) = support::python(&["-c", QUIRKS]) else {
        return;
    };
    let port: u16 = port.parse().unwrap();
    let url = format!("http://127.0.0.1:{port}/RPC2");
    let text = codegen(&url, port, &["--name", "Quirks"]);
    matches_kept("quirks", &text);

    use quirks_api::QuirksClient;
    let quirks = QuirksClient::new(Client::builder(&url).no_proxy().build().unwrap());
    let sum = quirks.add(2.into(), 3.into()).await.unwrap();
    assert_eq!(sum, Value::Int(5));
    let sum = quirks.add(0.5.into(), 0.25.into()).await.unwrap();
    assert_eq!(sum, Value::Double(0.75));
    assert_eq!(quirks.ls(None).await.unwrap().len(), 2);
    assert_eq!(quirks.ls(Some("x")).await.unwrap(), [Value::from("x")]);
    assert_eq!(quirks.status().await.unwrap(), "up");
    let stats = quirks.stats(vec![]).await.unwrap();
    assert_eq!(
        stats.as_struct().unwrap().get("calls"),
        Some(&Value::Int(3))
    );
    assert_eq!(quirks.nothing(vec![]).await.unwrap(), Value::Nil);
    assert_eq!(quirks.type_("t").await.unwrap(), "t");
}

#[test]
fn supervisor_gives_a_typed_trait_from_its_flat_signatures() {
    let Some(supervisor) = support::supervisord() else {
        return;
    };
    let url = supervisor.http_url();
    let port: u16 = url
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.split('/').next())
        .unwrap()
        .parse()
        .unwrap();
    let text = codegen(&url, port, &[]);
    matches_kept("supervisor", &text);

    use supervisor_api::SupervisorClient;
    let client = BlockingClient::builder(&url)
        .no_proxy()
        .control_characters(true)
        .build_blocking()
        .unwrap();
    let supervisor = SupervisorClient::new(client);
    let state = supervisor.get_state().unwrap();
    assert_eq!(state.get("statename"), Some(&Value::from("RUNNING")));
    assert_eq!(supervisor.get_all_process_info().unwrap().len(), 2);
    assert!(supervisor.get_pid().unwrap() > 0);
    let log = supervisor
        .read_process_stdout_log("ticker", 0, 100)
        .unwrap();
    assert!(log.starts_with("\u{1b}[32mtick 1"), "{log:?}");
    assert!(supervisor.stop_process("sleeper", true).unwrap());
    assert!(supervisor.start_process("sleeper", true).unwrap());
}
