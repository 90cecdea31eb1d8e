//! `#[rpc_service]`: generated clients against generated services over the
//! in-memory transport, which marshals through real XML both ways.

// Tests fail by panicking; helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Exposed methods are `pub`; in a test binary nothing is reachable from outside.
#![allow(unreachable_pub)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures_lite::future::block_on;
use serde::{Deserialize, Serialize};
use xmlrpc_core::{
    Binary, CallError, Context, DateTime, Fault, MemoryTransport, MethodCall, MethodInfo, Next,
    Service, Struct, Value, rpc_service,
};

// --- The tutorial's Animal, with a `_dispatch` hook -------------------------

#[derive(Default)]
struct Animal {
    seen: Mutex<Vec<String>>,
}

#[rpc_service]
impl Animal {
    /// Legs of `amount` rabbits.
    pub fn rabit(&self, amount: i32) -> i32 {
        4 * amount
    }

    pub async fn chicken(&self, amount: i32) -> i32 {
        2 * amount
    }

    /// Python's `_dispatch`: sees every call before routing.
    #[rpc(dispatch)]
    async fn dispatch(&self, call: MethodCall, next: Next<'_>) -> Result<Value, Fault> {
        self.seen.lock().unwrap().push(call.name.clone());
        match call.name.as_str() {
            "forbidden" => Err(Fault::new(403, "not for you")),
            // Rewrite: an old name for a method that exists.
            "rabbit" => next.call(MethodCall::new("rabit", call.params)).await,
            // Catch-all for names that have no method.
            name if !next.has_method(name) && name.starts_with("legs_of_") => {
                Ok(Value::from(format!("no animal called {}", &name[8..])))
            }
            _ => next.call(call).await,
        }
    }
}

fn animal() -> AnimalClient<MemoryTransport<Animal>> {
    AnimalClient::new(MemoryTransport::new(Animal::default()))
}

#[test]
fn sync_and_async_methods_answer() {
    let client = animal();
    assert_eq!(block_on(client.rabit(2)).unwrap(), 8);
    assert_eq!(block_on(client.chicken(3)).unwrap(), 6);
}

#[test]
fn the_dispatch_hook_sees_refuses_rewrites_and_catches_all() {
    let transport = MemoryTransport::new(Animal::default());
    let client = AnimalClient::new(transport.clone());
    block_on(client.rabit(1)).unwrap();
    let call = |name: &str, params: Vec<Value>| {
        block_on(xmlrpc_core::Transport::call(
            &transport,
            MethodCall::new(name, params),
        ))
    };
    let refused = call("forbidden", vec![]).unwrap_err();
    assert_eq!(refused.fault(), Some(&Fault::new(403, "not for you")));
    assert_eq!(call("rabbit", vec![Value::Int(5)]).unwrap(), Value::Int(20));
    assert_eq!(
        call("legs_of_snake", vec![]).unwrap(),
        Value::from("no animal called snake")
    );
    let unknown = call("fly", vec![]).unwrap_err();
    assert_eq!(
        unknown.fault().map(|f| f.code),
        Some(Fault::METHOD_NOT_FOUND)
    );
    let seen = transport.service().seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        ["rabit", "forbidden", "rabbit", "legs_of_snake", "fly"]
    );
}

#[test]
fn help_comes_from_doc_comments_and_signatures_from_types() {
    let methods = Animal::default().methods();
    assert_eq!(
        methods,
        vec![
            MethodInfo::new(
                "rabit",
                "Legs of `amount` rabbits.",
                vec![vec!["int", "int"]]
            ),
            MethodInfo::new(
                "chicken",
                "chicken(amount: int) -> int",
                vec![vec!["int", "int"]]
            ),
        ]
    );
}

// --- Names: rename_all, explicit names, skip, what is never exposed ---------

struct Names {
    hits: AtomicUsize,
}

#[rpc_service(rename_all = "camelCase")]
impl Names {
    /// Not exposed: no receiver.
    pub fn new() -> Self {
        Self {
            hits: AtomicUsize::new(0),
        }
    }

    pub fn get_answer(&self) -> i32 {
        self.hits.fetch_add(1, Ordering::SeqCst);
        42
    }

    #[rpc(name = "get_string")]
    pub fn respon_string(&self, s: String) -> String {
        s
    }

    #[rpc(skip)]
    #[allow(dead_code)]
    pub fn skipped(&self) -> i32 {
        0
    }

    pub fn _underscored(&self) -> i32 {
        0
    }

    #[allow(dead_code)]
    fn private_helper(&self) -> i32 {
        0
    }
}

#[test]
fn wire_names_follow_rename_all_and_explicit_names() {
    let names: Vec<String> = Names::new().methods().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["getAnswer", "get_string"]);
    let client = NamesClient::new(MemoryTransport::new(Names::new()));
    assert_eq!(block_on(client.get_answer()).unwrap(), 42);
    assert_eq!(block_on(client.respon_string("x".into())).unwrap(), "x");
    for hidden in [
        "skipped",
        "_underscored",
        "private_helper",
        "new",
        "get_answer",
        "respon_string",
    ] {
        assert!(!Names::new().has_method(hidden), "{hidden}");
    }
}

// --- Namespaces and nested services, to any depth ----------------------------

struct Clock;

#[rpc_service(rename_all = "camelCase")]
impl Clock {
    /// The server's current UTC time.
    pub fn get_current_time(&self) -> DateTime {
        DateTime::from_unix_timestamp(900_684_535).unwrap()
    }
}

struct Inner;

#[rpc_service]
impl Inner {
    pub fn depth(&self) -> i32 {
        3
    }
}

struct Middle {
    inner: Inner,
}

#[rpc_service]
impl Middle {
    #[rpc(nested)]
    pub fn inner(&self) -> &Inner {
        &self.inner
    }
}

struct Demo {
    clock: Clock,
    middle: Middle,
}

#[rpc_service(namespace = "demo")]
impl Demo {
    pub fn pow(&self, x: i64, y: u32) -> i64 {
        x.pow(y)
    }

    #[rpc(nested, name = "currentTime")]
    pub fn current_time(&self) -> &Clock {
        &self.clock
    }

    #[rpc(nested)]
    pub fn middle(&self) -> &Middle {
        &self.middle
    }
}

fn demo() -> Demo {
    Demo {
        clock: Clock,
        middle: Middle { inner: Inner },
    }
}

#[test]
fn namespaces_and_nested_services_route_by_dotted_names() {
    let names: Vec<String> = demo().methods().into_iter().map(|m| m.name).collect();
    assert_eq!(
        names,
        [
            "demo.pow",
            "demo.currentTime.getCurrentTime",
            "demo.middle.inner.depth"
        ]
    );
    let client = DemoClient::new(MemoryTransport::new(demo()));
    assert_eq!(block_on(client.pow(2, 10)).unwrap(), 1024);
    let now = block_on(client.current_time().get_current_time()).unwrap();
    assert_eq!(now.to_string(), "19980717T14:08:55");
    assert_eq!(block_on(client.middle().inner().depth()).unwrap(), 3);
    assert!(demo().has_method("demo.middle.inner.depth"));
    assert!(!demo().has_method("demo.middle.inner.nope"));
    assert!(!demo().has_method("demo.clock"));
}

// --- Parameters: serde types, optional trailing, checked arity and types -----

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stooges {
    moe: i32,
    larry: i32,
    curly: i32,
}

struct Shell {
    cwd: Mutex<String>,
}

#[derive(Debug, thiserror::Error)]
enum ShellError {
    #[error("no such directory: {0}")]
    NoSuchDirectory(String),
}

impl From<ShellError> for Fault {
    fn from(e: ShellError) -> Self {
        Fault::new(2, e.to_string())
    }
}

#[rpc_service]
impl Shell {
    /// Python's `def ls(directory=None)`.
    pub fn ls(&self, directory: Option<String>) -> Vec<String> {
        vec![directory.unwrap_or_else(|| self.cwd.lock().unwrap().clone())]
    }

    pub fn cd(&self, directory: String) -> Result<(), ShellError> {
        if directory.starts_with('/') {
            *self.cwd.lock().unwrap() = directory;
            Ok(())
        } else {
            Err(ShellError::NoSuchDirectory(directory))
        }
    }

    pub fn read(&self, path: String) -> std::io::Result<Binary> {
        std::fs::read(path).map(Binary::from)
    }

    pub fn sum(&self, stooges: Vec<Stooges>, scale: Option<i32>) -> i64 {
        stooges
            .iter()
            .map(|s| i64::from(s.curly) * i64::from(scale.unwrap_or(1)))
            .sum()
    }

    pub fn nothing(&self) {}

    pub fn maybe(&self, give: bool) -> Option<Struct> {
        give.then(|| [("a", 1)].into_iter().collect())
    }

    pub fn anything(&self, x: Value) -> Value {
        x
    }

    pub fn peer(&self, ctx: &Context, greeting: String) -> String {
        format!(
            "{greeting} {}",
            ctx.peer_addr()
                .map_or_else(|| "nobody".to_owned(), |a| a.to_string())
        )
    }
}

fn shell() -> MemoryTransport<Shell> {
    MemoryTransport::new(Shell {
        cwd: Mutex::new("/home".into()),
    })
}

fn raw(t: &MemoryTransport<Shell>, name: &str, params: Vec<Value>) -> Result<Value, CallError> {
    block_on(xmlrpc_core::Transport::call(
        t,
        MethodCall::new(name, params),
    ))
}

#[test]
fn trailing_options_may_be_omitted_both_ways() {
    let t = shell();
    let client = ShellClient::new(t.clone());
    assert_eq!(block_on(client.ls(None)).unwrap(), ["/home"]);
    assert_eq!(block_on(client.ls(Some("/tmp".into()))).unwrap(), ["/tmp"]);
    assert_eq!(raw(&t, "ls", vec![]).unwrap(), Value::from(vec!["/home"]));
    assert_eq!(
        raw(&t, "ls", vec![Value::Nil]).unwrap(),
        Value::from(vec!["/home"])
    );
    let s = Stooges {
        moe: 1,
        larry: 2,
        curly: 3,
    };
    assert_eq!(
        block_on(client.sum(vec![s.clone(), s.clone()], None)).unwrap(),
        6
    );
    assert_eq!(block_on(client.sum(vec![s], Some(10))).unwrap(), 30);
}

#[test]
fn arity_and_type_errors_are_invalid_params_naming_the_signature() {
    let t = shell();
    let too_many = raw(&t, "ls", vec![Value::from("a"), Value::from("b")]).unwrap_err();
    assert_eq!(
        too_many.fault(),
        Some(&Fault::new(
            -32602,
            "`ls(directory: string?)` takes 0 to 1 parameters, got 2"
        ))
    );
    let missing = raw(&t, "cd", vec![]).unwrap_err();
    assert_eq!(
        missing.fault(),
        Some(&Fault::new(
            -32602,
            "`cd(directory: string)` takes 1 parameter, got 0"
        ))
    );
    let bad = Value::Array(vec![Value::Struct(
        [("moe", 1), ("larry", 2)].into_iter().collect(),
    )]);
    let wrong = raw(&t, "sum", vec![bad]).unwrap_err();
    assert_eq!(
        wrong.fault().map(|f| f.string.as_str()),
        Some(
            "invalid parameters for `sum(stooges: array, scale: int?)`: params[0][0]: missing field `curly`"
        )
    );
    let typed = raw(&t, "cd", vec![Value::Int(1)]).unwrap_err();
    assert_eq!(
        typed.fault().map(|f| f.string.as_str()),
        Some(
            "invalid parameters for `cd(directory: string)`: params[0]: expected string, found int"
        )
    );
}

#[test]
fn results_unit_option_value_and_errors() {
    let t = shell();
    let client = ShellClient::new(t.clone());
    block_on(client.nothing()).unwrap();
    assert_eq!(raw(&t, "nothing", vec![]).unwrap(), Value::Nil);
    assert_eq!(block_on(client.maybe(false)).unwrap(), None);
    assert_eq!(
        block_on(client.maybe(true)).unwrap().map(|s| s.len()),
        Some(1)
    );
    let any = Value::Array(vec![
        Value::I8(1 << 40),
        Value::DateTime(DateTime::from_unix_timestamp(0).unwrap()),
    ]);
    assert_eq!(block_on(client.anything(any.clone())).unwrap(), any);

    block_on(client.cd("/srv".into())).unwrap();
    assert_eq!(block_on(client.ls(None)).unwrap(), ["/srv"]);
    let app = block_on(client.cd("relative".into())).unwrap_err();
    assert_eq!(
        app.fault(),
        Some(&Fault::new(2, "no such directory: relative"))
    );
    let io = block_on(client.read("/definitely/not/here".into())).unwrap_err();
    assert_eq!(io.fault().map(|f| f.code), Some(Fault::INTERNAL_ERROR));
    assert!(
        matches!(io, CallError::Fault(_)),
        "a fault, not a transport failure"
    );
}

#[test]
fn methods_see_the_request_context() {
    let t = shell().with_context(Context::new().with_peer_addr("127.0.0.1:9".parse().unwrap()));
    let client = ShellClient::new(t);
    assert_eq!(
        block_on(client.peer("hello".into())).unwrap(),
        "hello 127.0.0.1:9"
    );
    let none = ShellClient::new(shell());
    assert_eq!(block_on(none.peer("hi".into())).unwrap(), "hi nobody");
}

#[test]
fn only_blocking_methods_run_through_the_blocking_hook() {
    struct Mixed;
    #[rpc_service]
    impl Mixed {
        pub fn quick(&self) -> i32 {
            1
        }
        #[rpc(blocking)]
        pub fn slow(&self) -> i32 {
            2
        }
        pub async fn later(&self) -> i32 {
            3
        }
    }
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let ctx = Context::new().with_blocking(Arc::new(move |job| {
        counted.fetch_add(1, Ordering::SeqCst);
        job();
    }));
    let client = MixedClient::new(MemoryTransport::new(Mixed).with_context(ctx));
    assert_eq!(block_on(client.quick()).unwrap(), 1);
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "plain sync methods run in place"
    );
    assert_eq!(block_on(client.slow()).unwrap(), 2);
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "`blocking` ones through the hook"
    );
    assert_eq!(block_on(client.later()).unwrap(), 3);
    assert_eq!(runs.load(Ordering::SeqCst), 1, "async ones never");
}

#[test]
fn signatures_can_be_given_explicitly() {
    struct Calc;
    #[rpc_service]
    impl Calc {
        /// Divides.
        #[rpc(signature = "double, int, int", signature = "double, double, double")]
        pub fn divide(&self, a: Value, b: Value) -> Result<f64, Fault> {
            let num = |v: &Value| v.as_f64().or_else(|| v.as_i64().map(|i| i as f64));
            match (num(&a), num(&b)) {
                (Some(_), Some(0.0)) => Err(Fault::new(1001, "division by zero")),
                (Some(n), Some(d)) => Ok(n / d),
                _ => Err(Fault::invalid_params("divide takes numbers")),
            }
        }

        pub fn echo(&self, x: Value) -> Value {
            x
        }
    }
    let methods = Calc.methods();
    assert_eq!(
        methods[0].signatures,
        vec![
            vec!["double", "int", "int"],
            vec!["double", "double", "double"]
        ]
    );
    assert!(
        methods[1].signatures.is_empty(),
        "Value makes a signature undefined"
    );
    let client = CalcClient::new(MemoryTransport::new(Calc));
    assert_eq!(
        block_on(client.divide(Value::Int(6), Value::Int(3))).unwrap(),
        2.0
    );
    let zero = block_on(client.divide(Value::Int(1), Value::Double(-0.0))).unwrap_err();
    assert_eq!(zero.fault(), Some(&Fault::new(1001, "division by zero")));
}

// --- Signatures of the user's own types -------------------------------------

/// A day, written as its name.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum Weekday {
    /// The first.
    Monday,
    /// The second.
    Tuesday,
}

/// Metres, written as a double.
#[derive(Debug, Serialize, Deserialize)]
pub struct Distance(f64);

struct Calendar;

#[rpc_service]
impl Calendar {
    /// The next day.
    pub fn next(&self, day: Weekday) -> Weekday {
        match day {
            Weekday::Monday => Weekday::Tuesday,
            Weekday::Tuesday => Weekday::Monday,
        }
    }

    /// A distance.
    pub fn walk(&self, far: Distance) -> Distance {
        far
    }
}

#[test]
fn unit_enums_are_strings_and_newtypes_what_they_wrap_in_signatures() {
    let methods = Calendar.methods();
    assert_eq!(methods[0].signatures, vec![vec!["string", "string"]]);
    assert_eq!(methods[1].signatures, vec![vec!["double", "double"]]);
    let client = CalendarClient::new(MemoryTransport::new(Calendar));
    let next = block_on(client.next(Weekday::Monday)).unwrap();
    assert!(matches!(next, Weekday::Tuesday));
}
