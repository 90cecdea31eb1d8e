//! `#[rpc_service]` on a trait: an API declared once, served by any type
//! that implements it, and called through the generated client, async or
//! blocking, one call at a time or in typed batches.

// Tests fail by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// The API is `pub`, as in a crate of its own; in a test binary nothing is
// reachable from outside, and it needs no docs.
#![allow(unreachable_pub, missing_docs)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, Ordering};

use futures_lite::future::block_on;
use serde::{Deserialize, Serialize};
use xmlrpc_core::{
    BoxFuture, CallError, Caller, Context, DateTime, Fault, MemoryTransport, MethodCall,
    MethodInfo, Service, Transport, Value, rpc_service,
};

// --- The API, as its own crate would declare it ------------------------------

/// Refused: not enough of something.
#[derive(Debug)]
pub struct Shortage(pub &'static str);

impl From<Shortage> for Fault {
    fn from(s: Shortage) -> Self {
        Fault::new(42, format!("not enough {}", s.0))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pen {
    pub name: String,
    pub animals: Vec<String>,
}

#[rpc_service(rename_all = "camelCase")]
pub trait Clock {
    /// The farm's time.
    fn get_current_time(&self) -> DateTime;
}

#[rpc_service(namespace = "farm", rename_all = "camelCase")]
pub trait Farm {
    /// Legs of `amount` rabbits.
    fn rabbit_legs(&self, amount: i32) -> i32;

    /// Eggs laid so far; waits for the hens.
    async fn collect_eggs(&self, hens: i32) -> Result<i32, Shortage>;

    /// Who is asking.
    fn whoami(&self, ctx: &Context) -> String;

    /// A pen by name, or all animals with `None`.
    fn pen(&self, name: Option<String>) -> Pen;

    /// Borrowed parameters: the server lends what it read.
    fn describe(&self, name: &str, legs: &[i32]) -> String;

    #[rpc(name = "feed_all", help = "Feeds everyone.")]
    fn feed(&self) -> i32;

    #[rpc(signature = "double, double", signature = "double, int")]
    fn half(&self, x: f64) -> f64;

    /// Sums any number of values.
    #[rpc(variadic)]
    fn sum(&self, first: i32, rest: Vec<i32>) -> i32;

    #[rpc(blocking)]
    fn sleepy(&self) -> bool;

    #[rpc(nested, name = "clock")]
    fn clock(&self) -> &impl Clock;

    #[rpc(skip)]
    fn secret(&self) -> u8;

    /// A provided method is served like any other.
    async fn ping(&self) -> String {
        "pong".to_owned()
    }
}

// --- A server crate implements it -------------------------------------------

#[derive(Default)]
struct Barn;

impl Clock for Barn {
    fn get_current_time(&self) -> DateTime {
        DateTime::new(2026, 11, 26, 9, 0, 0).unwrap()
    }
}

#[derive(Default)]
struct MyFarm {
    eggs: AtomicI32,
    fed: Mutex<i32>,
    barn: Barn,
}

impl Farm for MyFarm {
    fn rabbit_legs(&self, amount: i32) -> i32 {
        4 * amount
    }

    async fn collect_eggs(&self, hens: i32) -> Result<i32, Shortage> {
        if hens == 0 {
            return Err(Shortage("hens"));
        }
        Ok(self.eggs.fetch_add(hens, Ordering::SeqCst) + hens)
    }

    fn whoami(&self, ctx: &Context) -> String {
        ctx.peer_addr()
            .map_or_else(|| "nobody".to_owned(), |a| a.to_string())
    }

    fn pen(&self, name: Option<String>) -> Pen {
        Pen {
            name: name.unwrap_or_else(|| "all".to_owned()),
            animals: vec!["hen".to_owned()],
        }
    }

    fn describe(&self, name: &str, legs: &[i32]) -> String {
        format!("{name}: {legs:?}")
    }

    fn feed(&self) -> i32 {
        let mut fed = self.fed.lock().unwrap();
        *fed += 1;
        *fed
    }

    fn half(&self, x: f64) -> f64 {
        x / 2.0
    }

    fn sum(&self, first: i32, rest: Vec<i32>) -> i32 {
        first + rest.iter().sum::<i32>()
    }

    fn sleepy(&self) -> bool {
        true
    }

    fn clock(&self) -> &impl Clock {
        &self.barn
    }

    fn secret(&self) -> u8 {
        7
    }
}

/// `system.multicall` in front of a service, as a server's dispatcher
/// answers it (in the standard shape).
struct WithMulticall<S>(S);

impl<S: Service> Service for WithMulticall<S> {
    fn call<'a>(
        &'a self,
        call: MethodCall,
        ctx: &'a Context,
    ) -> BoxFuture<'a, Result<Value, Fault>> {
        Box::pin(async move {
            if call.name != "system.multicall" {
                return self.0.call(call, ctx).await;
            }
            let Some(Value::Array(calls)) = call.params.into_iter().next() else {
                return Err(Fault::invalid_params("an array of calls"));
            };
            let mut results = Vec::new();
            for entry in calls {
                let s = entry.as_struct().unwrap();
                let name = s.get("methodName").unwrap().as_str().unwrap().to_owned();
                let params = s.get("params").unwrap().as_array().unwrap().to_vec();
                results.push(
                    match self.0.call(MethodCall::new(name, params), ctx).await {
                        Ok(value) => Value::Array(vec![value]),
                        Err(fault) => fault.to_value(),
                    },
                );
            }
            Ok(Value::Array(results))
        })
    }

    fn methods(&self) -> Vec<MethodInfo> {
        self.0.methods()
    }
}

type Served = WithMulticall<FarmServer<MyFarm>>;

fn served() -> Served {
    WithMulticall(FarmServer::new(MyFarm::default()))
}

fn client() -> FarmClient<MemoryTransport<Served>> {
    FarmClient::new(MemoryTransport::new(served()))
}

#[test]
fn a_trait_implementation_is_served_and_called_through_the_client() {
    let client = client();
    block_on(async {
        assert_eq!(client.rabbit_legs(2).await.unwrap(), 8);
        assert_eq!(client.collect_eggs(3).await.unwrap(), 3);
        assert_eq!(client.collect_eggs(2).await.unwrap(), 5);
        let err = client.collect_eggs(0).await.unwrap_err();
        assert_eq!(err.fault(), Some(&Fault::new(42, "not enough hens")));
        assert_eq!(client.whoami().await.unwrap(), "nobody");
        assert_eq!(client.pen(None).await.unwrap().name, "all");
        assert_eq!(
            client.pen(Some("north".into())).await.unwrap().name,
            "north"
        );
        assert_eq!(
            client.describe("hen", &[2, 2]).await.unwrap(),
            "hen: [2, 2]"
        );
        assert_eq!(client.feed().await.unwrap(), 1);
        assert_eq!(client.half(3.0).await.unwrap(), 1.5);
        assert_eq!(client.sum(1, vec![2, 3, 4]).await.unwrap(), 10);
        assert_eq!(client.sum(1, vec![]).await.unwrap(), 1);
        assert!(client.sleepy().await.unwrap());
        assert_eq!(client.ping().await.unwrap(), "pong");
        let now = client.clock().get_current_time().await.unwrap();
        assert_eq!(now.to_string(), "20261126T09:00:00");
    });
}

#[test]
fn the_wire_names_and_introspection_come_from_the_trait() {
    let server = FarmServer::new(MyFarm::default());
    let methods = server.methods();
    let names: Vec<&str> = methods.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "farm.rabbitLegs",
            "farm.collectEggs",
            "farm.whoami",
            "farm.pen",
            "farm.describe",
            "farm.feed_all",
            "farm.half",
            "farm.sum",
            "farm.sleepy",
            "farm.ping",
            "farm.clock.getCurrentTime",
        ]
    );
    let info = |name: &str| methods.iter().find(|m| m.name == name).unwrap().clone();
    assert_eq!(info("farm.rabbitLegs").help, "Legs of `amount` rabbits.");
    assert_eq!(info("farm.rabbitLegs").signatures, vec![vec!["int", "int"]]);
    assert_eq!(info("farm.feed_all").help, "Feeds everyone.");
    assert_eq!(
        info("farm.half").signatures,
        vec![vec!["double", "double"], vec!["double", "int"]]
    );
    assert_eq!(
        info("farm.describe").signatures,
        vec![vec!["string", "string", "array"]]
    );
    // Any number of values: no single signature.
    assert!(info("farm.sum").signatures.is_empty());
    assert_eq!(
        info("farm.clock.getCurrentTime").signatures,
        vec![vec!["dateTime.iso8601"]]
    );
    assert!(server.has_method("farm.clock.getCurrentTime"));
    assert!(!server.has_method("farm.secret"));
    assert!(!server.has_method("farm.feed"));
}

#[test]
fn calls_the_trait_does_not_declare_are_refused_with_the_usual_faults() {
    let transport = MemoryTransport::new(FarmServer::new(MyFarm::default()));
    block_on(async {
        let call = |name: &str, params: Vec<Value>| transport.call(MethodCall::new(name, params));
        let err = call("farm.secret", vec![]).await.unwrap_err();
        assert_eq!(err.fault().unwrap().code, Fault::METHOD_NOT_FOUND);
        let err = call("farm.rabbitLegs", vec![]).await.unwrap_err();
        assert_eq!(
            err.fault().unwrap().string,
            "`farm.rabbitLegs(amount: int)` takes 1 parameter, got 0"
        );
        let err = call("farm.sum", vec![]).await.unwrap_err();
        assert_eq!(
            err.fault().unwrap().string,
            "`farm.sum(first: int, rest: array...)` takes at least 1 parameter, got 0"
        );
        let err = call("farm.sum", vec![Value::Int(1), Value::from("x")])
            .await
            .unwrap_err();
        assert_eq!(
            err.fault().unwrap().string,
            "invalid parameters for `farm.sum(first: int, rest: array...)`: params[1][0]: expected int, found string"
        );
        let ok = call("farm.sum", vec![Value::Int(1), Value::Int(2)]).await;
        assert_eq!(ok.unwrap(), Value::Int(3));
    });
}

#[test]
fn typed_batches_give_each_call_its_own_result() {
    let client = client();
    block_on(async {
        let (legs, none, eggs, now) = client
            .batch(|b| {
                (
                    b.rabbit_legs(3),
                    b.collect_eggs(0),
                    b.collect_eggs(4),
                    b.clock().get_current_time(),
                )
            })
            .await
            .unwrap();
        assert_eq!(legs.unwrap(), 12);
        assert_eq!(none.unwrap_err().fault().unwrap().code, 42);
        assert_eq!(eggs.unwrap(), 4);
        assert_eq!(now.unwrap().to_string(), "20261126T09:00:00");

        let many = client
            .batch(|b| (1..=3).map(|n| b.rabbit_legs(n)).collect::<Vec<_>>())
            .await
            .unwrap();
        let legs: Vec<i32> = many.into_iter().map(Result::unwrap).collect();
        assert_eq!(legs, [4, 8, 12]);

        let [a, b] = client
            .batch(|b| [b.sum(1, vec![1]), b.sum(2, vec![2, 2])])
            .await
            .unwrap();
        assert_eq!((a.unwrap(), b.unwrap()), (2, 6));
    });
}

/// A blocking caller for the test: the service runs in place.
struct InPlace<S: Service>(MemoryTransport<S>);

impl<S: Service> Caller for InPlace<S> {
    type Error = CallError;
    type Reply<'a, R: Send + 'a>
        = Result<R, CallError>
    where
        Self: 'a;

    fn call_with<'a, R, F>(
        &'a self,
        call: Result<MethodCall, CallError>,
        finish: F,
    ) -> Self::Reply<'a, R>
    where
        R: Send + 'a,
        F: FnOnce(Value) -> Result<R, CallError> + Send + 'a,
    {
        finish(block_on(self.0.call(call?))?)
    }
}

impl<S: Service> Caller for &InPlace<S> {
    type Error = CallError;
    type Reply<'a, R: Send + 'a>
        = Result<R, CallError>
    where
        Self: 'a;

    fn call_with<'a, R, F>(
        &'a self,
        call: Result<MethodCall, CallError>,
        finish: F,
    ) -> Self::Reply<'a, R>
    where
        R: Send + 'a,
        F: FnOnce(Value) -> Result<R, CallError> + Send + 'a,
    {
        (**self).call_with(call, finish)
    }
}

#[test]
fn over_a_blocking_caller_the_same_client_has_plain_methods() {
    let client = FarmClient::new(InPlace(MemoryTransport::new(served())));
    let legs: Result<i32, CallError> = client.rabbit_legs(5);
    assert_eq!(legs.unwrap(), 20);
    assert_eq!(
        client.collect_eggs(0).unwrap_err().fault().unwrap().code,
        42
    );
    let now = client.clock().get_current_time().unwrap();
    assert_eq!(now.to_string(), "20261126T09:00:00");
    let (a, b) = client.batch(|b| (b.half(1.0), b.feed())).unwrap();
    assert_eq!((a.unwrap(), b.unwrap()), (0.5, 1));
}

#[test]
fn server_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let farm = MyFarm::default();
    send(&farm.collect_eggs(1));
    send(&farm.ping());
    let server = FarmServer::new(farm);
    let ctx = Context::new();
    send(&server.call(MethodCall::new("farm.ping", vec![]), &ctx));
}

// --- A client-only API: results that only deserialize ------------------------

/// What a foreign server answers; never serialized here.
#[derive(Debug, Deserialize)]
pub struct ProcessInfo {
    pub name: String,
    pub state: i32,
}

#[rpc_service(namespace = "supervisor", rename_all = "camelCase", client_only)]
pub trait Supervisor {
    fn get_process_info(&self, name: &str) -> ProcessInfo;
}

/// The foreign server, written another way.
struct Foreign;

#[rpc_service(namespace = "supervisor")]
impl Foreign {
    #[rpc(name = "getProcessInfo")]
    pub fn info(&self, name: String) -> Value {
        let mut s = xmlrpc_core::Struct::new();
        s.insert("name", name);
        s.insert("state", 20);
        Value::Struct(s)
    }
}

#[test]
fn a_client_only_api_needs_no_serialize_and_no_server() {
    let client = SupervisorClient::new(MemoryTransport::new(Foreign));
    let info = block_on(client.get_process_info("cat")).unwrap();
    assert_eq!((info.name.as_str(), info.state), ("cat", 20));
}
