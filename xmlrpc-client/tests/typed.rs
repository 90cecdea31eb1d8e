//! Generated clients over HTTP: an API declared as a trait, served by our
//! server on 127.0.0.1:0, called through the async `Client` and the
//! `BlockingClient` with the same generated client type, one call at a time
//! and in typed batches; and against Python servers that answer what
//! Supervisor answers (unwrapped multicall results, raw control
//! characters).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    unreachable_pub,
    missing_docs
)]

mod support;

use std::net::SocketAddr;

use tokio::net::TcpListener;
use xmlrpc_client::{BlockingClient, Client, Error, MulticallShape};
use xmlrpc_core::{Fault, Value, rpc_service};
use xmlrpc_server::Server;

/// Refused: the divisor is zero.
#[derive(Debug)]
pub struct DivideByZero;

impl From<DivideByZero> for Fault {
    fn from(_: DivideByZero) -> Self {
        Fault::new(1001, "division by zero")
    }
}

#[rpc_service(rename_all = "camelCase")]
pub trait Units {
    /// Metres in `feet` feet.
    fn metres(&self, feet: f64) -> f64;
}

#[rpc_service(namespace = "calc")]
pub trait Calculator {
    /// Divides.
    async fn divide(&self, a: f64, b: f64) -> Result<f64, DivideByZero>;

    /// Greets by name.
    fn greet(&self, name: &str) -> String;

    #[rpc(nested)]
    fn units(&self) -> &impl Units;
}

#[derive(Default)]
struct Calc;

impl Units for Calc {
    fn metres(&self, feet: f64) -> f64 {
        feet * 0.3048
    }
}

impl Calculator for Calc {
    async fn divide(&self, a: f64, b: f64) -> Result<f64, DivideByZero> {
        if b == 0.0 {
            Err(DivideByZero)
        } else {
            Ok(a / b)
        }
    }

    fn greet(&self, name: &str) -> String {
        format!("hello, {name}")
    }

    fn units(&self) -> &impl Units {
        self
    }
}

/// Our server with the calculator, on its own runtime thread.
fn serve() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            Server::new()
                .register_instance(CalculatorServer::new(Calc))
                .serve_listener(listener, std::future::pending())
                .await
                .unwrap();
        });
    });
    rx.recv().unwrap()
}

fn url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_async_generated_client_calls_a_trait_served_over_http() {
    let http = Client::builder(&url(serve())).no_proxy().build().unwrap();
    let calc = CalculatorClient::new(http);
    assert_eq!(calc.divide(1.0, 4.0).await.unwrap(), 0.25);
    let err = calc.divide(1.0, 0.0).await.unwrap_err();
    assert!(matches!(&err, Error::Fault(f) if f.code == 1001), "{err:?}");
    assert_eq!(calc.greet("Ann").await.unwrap(), "hello, Ann");
    assert!((calc.units().metres(10.0).await.unwrap() - 3.048).abs() < 1e-9);
    let (a, b, c) = calc
        .batch(|b| {
            (
                b.divide(9.0, 3.0),
                b.divide(1.0, 0.0),
                b.units().metres(1.0),
            )
        })
        .await
        .unwrap();
    assert_eq!(a.unwrap(), 3.0);
    assert_eq!(b.unwrap_err().fault().map(|f| f.code), Some(1001));
    assert_eq!(c.unwrap(), 0.3048);
}

#[test]
fn a_blocking_generated_client_has_plain_methods() {
    let http = BlockingClient::builder(&url(serve()))
        .no_proxy()
        .build_blocking()
        .unwrap();
    let calc = CalculatorClient::new(http);
    let quarter: Result<f64, Error> = calc.divide(1.0, 4.0);
    assert_eq!(quarter.unwrap(), 0.25);
    assert_eq!(calc.greet("Bo").unwrap(), "hello, Bo");
    assert_eq!(calc.units().metres(0.0).unwrap(), 0.0);
    let greetings = calc
        .batch(|b| ["a", "b", "c"].map(|n| b.greet(n)))
        .unwrap()
        .map(Result::unwrap);
    assert_eq!(greetings, ["hello, a", "hello, b", "hello, c"]);
    // Threads share one blocking client.
    let calc = std::sync::Arc::new(calc);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let calc = std::sync::Arc::clone(&calc);
            std::thread::spawn(move || calc.divide(f64::from(i), 2.0).unwrap())
        })
        .collect();
    let halves: Vec<f64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(halves, [0.0, 0.5, 1.0, 1.5]);
}

// --- Against Python, answering as Supervisor does ----------------------------

/// A `SimpleXMLRPCServer` whose `system.multicall` answers results
/// unwrapped, as Supervisor's does, and whose `tail` answers a log with
/// ANSI escapes, as Supervisor's `readProcessStdoutLog` does.
const SUPERVISOR_LIKE: &str = r#"
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer
server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
def multicall(calls):
    out = []
    for call in calls:
        try:
            out.append(server._dispatch(call["methodName"], call["params"]))
        except xmlrpc.client.Fault as f:
            out.append({"faultCode": f.faultCode, "faultString": f.faultString})
    return out
def fail():
    raise xmlrpc.client.Fault(10, "BAD_NAME: nope")
server.register_function(lambda: True, "supervisor.startProcess")
server.register_function(lambda: [1], "supervisor.oneList")
server.register_function(fail, "supervisor.fail")
server.register_function(lambda: "\x1b[31mred\x1b[0m\n", "supervisor.tail")
server.register_function(multicall, "system.multicall")
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

fn python_server() -> Option<(support::Python, String)> {
    let (python, port) = support::python(&["-c", SUPERVISOR_LIKE])?;
    Some((python, format!("http://127.0.0.1:{port}")))
}

#[rpc_service(namespace = "supervisor", rename_all = "camelCase", client_only)]
pub trait SupervisorLike {
    fn start_process(&self) -> bool;
    fn one_list(&self) -> Vec<i32>;
    fn fail(&self) -> bool;
    fn tail(&self) -> String;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unwrapped_multicall_answers_are_read_automatically_or_when_told() {
    let Some((_python, url)) = python_server() else {
        return;
    };
    let auto = SupervisorLikeClient::new(Client::builder(&url).no_proxy().build().unwrap());
    let (started, failed, list) = auto
        .batch(|b| (b.start_process(), b.fail(), b.one_list()))
        .await
        .unwrap();
    assert!(started.unwrap());
    assert_eq!(failed.unwrap_err().fault().map(|f| f.code), Some(10));
    assert_eq!(list.unwrap(), [1]);

    // Only one-element arrays: ambiguous, read as the standard shape...
    let (list,) = auto.batch(|b| (b.one_list(),)).await.unwrap();
    let err = list.unwrap_err();
    assert!(matches!(err, Error::Convert(_)), "{err:?}");
    // ...unless the client is told the server's shape.
    let told = Client::builder(&url)
        .no_proxy()
        .multicall_shape(MulticallShape::Unwrapped)
        .build()
        .unwrap();
    let (list,) = SupervisorLikeClient::new(told.clone())
        .batch(|b| (b.one_list(),))
        .await
        .unwrap();
    assert_eq!(list.unwrap(), [1]);
    // The untyped MultiCall reads the same way.
    let mut batch = told.multicall();
    let one = batch.add::<Vec<i32>>("supervisor.oneList", ()).unwrap();
    assert_eq!(batch.send().await.unwrap().get(&one).unwrap(), [1]);
    // Strictly standard: Supervisor's answer does not fit.
    let strict = Client::builder(&url)
        .no_proxy()
        .multicall_shape(MulticallShape::Wrapped)
        .build()
        .unwrap();
    let err = SupervisorLikeClient::new(strict)
        .batch(|b| (b.start_process(),))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("does not fit the calls"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_are_read_only_when_allowed() {
    let Some((_python, url)) = python_server() else {
        return;
    };
    let strict = SupervisorLikeClient::new(Client::builder(&url).no_proxy().build().unwrap());
    let err = strict.tail().await.unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    let cause = std::error::Error::source(&err).unwrap().to_string();
    assert!(cause.contains("U+001B"), "{cause}");
    let lenient = Client::builder(&url)
        .no_proxy()
        .control_characters(true)
        .build()
        .unwrap();
    let log = SupervisorLikeClient::new(lenient).tail().await.unwrap();
    assert_eq!(log, "\u{1b}[31mred\u{1b}[0m\n");
    let raw: Value = Client::builder(&url)
        .no_proxy()
        .control_characters(true)
        .build()
        .unwrap()
        .call("supervisor.tail", ())
        .await
        .unwrap();
    assert_eq!(raw, Value::from("\u{1b}[31mred\u{1b}[0m\n"));

    #[cfg(feature = "cli")]
    the_tool_keeps_control_characters_when_asked(&url);
}

/// The `xmlrpc` tool against the same server: refused, unless asked.
#[cfg(feature = "cli")]
fn the_tool_keeps_control_characters_when_asked(url: &str) {
    let tool = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xmlrpc"))
            .args(["call", url, "supervisor.tail"])
            .args(extra)
            .env("NO_PROXY", "127.0.0.1")
            .output()
            .unwrap()
    };
    let refused = tool(&[]);
    assert_eq!(refused.status.code(), Some(3));
    let kept = tool(&["--control-characters"]);
    assert!(kept.status.success(), "{kept:?}");
    assert_eq!(kept.stdout, b"\x1b[31mred\x1b[0m\n\n");
}
