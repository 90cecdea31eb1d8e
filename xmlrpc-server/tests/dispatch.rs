//! The dispatch table in memory: functions, instances, mounts, `system.*`.

#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub)]

mod common;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use xmlrpc_core::{
    Context, Fault, MemoryTransport, MethodCall, Next, Struct, Transport, Value, rpc_service,
};
use xmlrpc_server::{Dispatcher, Function, System};

use common::Lab;

fn twice(n: i32) -> i32 {
    2 * n
}

#[derive(Deserialize, Serialize)]
struct Point {
    x: f64,
    y: f64,
}

fn norm(p: Point) -> f64 {
    p.x.hypot(p.y)
}

fn mirror(p: Point) -> Result<Point, Fault> {
    Ok(Point { x: p.y, y: p.x })
}

async fn later(word: String, times: Option<usize>) -> String {
    word.repeat(times.unwrap_or(1))
}

fn who(ctx: Context) -> String {
    ctx.headers()
        .get("x-user")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("nobody")
        .to_owned()
}

/// Greets.
#[derive(Debug)]
pub struct GreetingMaker;

#[rpc_service]
impl GreetingMaker {
    /// Tells a fortune.
    pub fn get_fortune(&self, name: String) -> String {
        format!("{name}, you will write XML-RPC")
    }
}

/// Answers every name through its hook, as Python's `_dispatch` may.
#[derive(Debug)]
pub struct Catchall;

#[rpc_service]
impl Catchall {
    /// Sees every call.
    #[rpc(dispatch)]
    async fn dispatch(&self, call: MethodCall, _next: Next<'_>) -> Result<Value, Fault> {
        Ok(Value::from(format!("caught {}", call.name)))
    }
}

fn table() -> Dispatcher {
    Dispatcher::new()
        .register_instance(Lab)
        .mount("greeting_maker", GreetingMaker)
        .register_function(twice)
        .register_function(norm)
        .register_function(mirror)
        .register_function(later)
        .register_function(who)
        .register(
            Function::new("divide", |a: f64, b: f64| a / b)
                .help("Divides a by b.")
                .signature(&["double", "int", "int"])
                .signature(&["double", "double", "double"]),
        )
}

async fn call(
    d: &MemoryTransport<Dispatcher>,
    name: &str,
    params: Vec<Value>,
) -> Result<Value, Fault> {
    d.call(MethodCall::new(name, params))
        .await
        .map_err(|e| e.fault().cloned().expect("a fault"))
}

fn strings(names: &[&str]) -> Value {
    Value::Array(names.iter().map(|n| Value::from(*n)).collect())
}

#[tokio::test]
async fn functions_take_typed_parameters_sync_or_async() {
    let d = MemoryTransport::new(table());
    assert_eq!(
        call(&d, "twice", vec![Value::Int(21)]).await,
        Ok(Value::Int(42))
    );
    let mut p = Struct::new();
    p.insert("x", 3.0);
    p.insert("y", 4.0);
    assert_eq!(
        call(&d, "norm", vec![Value::Struct(p.clone())]).await,
        Ok(Value::Double(5.0))
    );
    let Value::Struct(m) = call(&d, "mirror", vec![Value::Struct(p)]).await.unwrap() else {
        panic!("a struct");
    };
    assert_eq!(m.get("x"), Some(&Value::Double(4.0)));
    assert_eq!(
        call(&d, "later", vec![Value::from("ab"), Value::Int(2)]).await,
        Ok(Value::from("abab"))
    );
    // A trailing `Option` may be left out.
    assert_eq!(
        call(&d, "later", vec![Value::from("ab")]).await,
        Ok(Value::from("ab"))
    );
}

#[tokio::test]
async fn bad_parameters_are_32602_with_a_message_that_says_what() {
    let d = MemoryTransport::new(table());
    let f = call(&d, "twice", vec![]).await.unwrap_err();
    assert_eq!(f, Fault::invalid_params("`twice` takes 1 parameter, got 0"));
    let f = call(&d, "twice", vec![Value::Int(1), Value::Int(2)])
        .await
        .unwrap_err();
    assert_eq!(f.code, Fault::INVALID_PARAMS);
    let f = call(&d, "twice", vec![Value::from("x")]).await.unwrap_err();
    assert_eq!(
        f.string,
        "invalid parameters for `twice`: params[0]: expected int, found string"
    );
    let f = call(&d, "norm", vec![Value::Struct(Struct::new())])
        .await
        .unwrap_err();
    assert_eq!(f.code, Fault::INVALID_PARAMS);
}

#[tokio::test]
async fn functions_see_the_request_context() {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("x-user", "ada".parse().unwrap());
    let d = MemoryTransport::new(table()).with_context(Context::new().with_headers(headers));
    assert_eq!(call(&d, "who", vec![]).await, Ok(Value::from("ada")));
}

#[tokio::test]
async fn mounted_objects_answer_under_their_name_and_hooks_see_unknown_names() {
    let d = MemoryTransport::new(table());
    assert_eq!(
        call(&d, "greeting_maker.get_fortune", vec![Value::from("Ada")]).await,
        Ok(Value::from("Ada, you will write XML-RPC"))
    );
    let f = call(&d, "get_fortune", vec![Value::from("Ada")])
        .await
        .unwrap_err();
    assert_eq!(f.code, Fault::METHOD_NOT_FOUND);

    let hooked = MemoryTransport::new(
        Dispatcher::new()
            .register_function(twice)
            .mount("any", Catchall),
    );
    assert_eq!(
        call(&hooked, "any.thing", vec![]).await,
        Ok(Value::from("caught thing"))
    );
    assert_eq!(
        call(&hooked, "twice", vec![Value::Int(2)]).await,
        Ok(Value::Int(4))
    );
    let f = call(&hooked, "other", vec![]).await.unwrap_err();
    assert_eq!(f.code, Fault::METHOD_NOT_FOUND);
}

#[tokio::test]
async fn introspection_lists_helps_and_signs_every_method() {
    let d = MemoryTransport::new(table());
    let Value::Array(names) = call(&d, "system.listMethods", vec![]).await.unwrap() else {
        panic!("an array");
    };
    for name in [
        "add",
        "divide",
        "greeting_maker.get_fortune",
        "twice",
        "system.listMethods",
        "system.methodHelp",
        "system.methodSignature",
        "system.getCapabilities",
        "system.multicall",
    ] {
        assert!(names.contains(&Value::from(name)), "{name} in {names:?}");
    }
    let mut sorted = names.clone();
    sorted.sort_by_key(|v| format!("{v:?}"));
    assert_eq!(names, sorted, "listed in order");

    let help = |name: &str| call(&d, "system.methodHelp", vec![Value::from(name)]);
    assert_eq!(help("add").await, Ok(Value::from("Adds two integers.")));
    assert_eq!(help("divide").await, Ok(Value::from("Divides a by b.")));
    assert_eq!(help("twice").await, Ok(Value::from("twice(int) -> int")));
    assert_eq!(
        help("greeting_maker.get_fortune").await,
        Ok(Value::from("Tells a fortune."))
    );
    assert_eq!(
        help("nope").await.unwrap_err().code,
        Fault::METHOD_NOT_FOUND
    );

    let sig = |name: &str| call(&d, "system.methodSignature", vec![Value::from(name)]);
    assert_eq!(
        sig("twice").await,
        Ok(Value::Array(vec![strings(&["int", "int"])]))
    );
    assert_eq!(
        sig("norm").await,
        Ok(Value::Array(vec![strings(&["double", "struct"])]))
    );
    assert_eq!(
        sig("mirror").await,
        Ok(Value::Array(vec![strings(&["struct", "struct"])]))
    );
    assert_eq!(
        sig("divide").await,
        Ok(Value::Array(vec![
            strings(&["double", "int", "int"]),
            strings(&["double", "double", "double"])
        ]))
    );
    assert_eq!(sig("echo").await, Ok(Value::from("undef")));
    assert_eq!(
        sig("system.listMethods").await,
        Ok(Value::Array(vec![strings(&["array"])]))
    );
    assert_eq!(sig("nope").await.unwrap_err().code, Fault::METHOD_NOT_FOUND);
    assert_eq!(
        call(&d, "system.methodHelp", vec![])
            .await
            .unwrap_err()
            .code,
        Fault::INVALID_PARAMS
    );

    let Value::Struct(caps) = call(&d, "system.getCapabilities", vec![]).await.unwrap() else {
        panic!("a struct");
    };
    for cap in ["faults_interop", "introspect", "multicall", "nil"] {
        assert!(caps.get(cap).is_some(), "{cap}");
    }
}

fn entry(name: &str, params: Vec<Value>) -> Value {
    let mut s = Struct::new();
    s.insert("methodName", name);
    s.insert("params", Value::Array(params));
    Value::Struct(s)
}

fn fault_code(v: &Value) -> Option<i32> {
    Fault::from_value(v).ok().map(|f| f.code)
}

#[tokio::test]
async fn multicall_runs_every_entry_in_order_and_faults_in_place() {
    let d = MemoryTransport::new(table());
    let mut no_name = Struct::new();
    no_name.insert("params", Value::Array(vec![]));
    let mut bad_params = Struct::new();
    bad_params.insert("methodName", "twice");
    bad_params.insert("params", 3);
    let batch = vec![
        entry("twice", vec![Value::Int(1)]),
        entry("nope", vec![]),
        Value::Int(7),
        Value::Struct(no_name),
        Value::Struct(bad_params),
        entry("system.multicall", vec![Value::Array(vec![])]),
        entry("boom", vec![]),
        entry("twice", vec![Value::Int(2)]),
    ];
    let Value::Array(results) = call(&d, "system.multicall", vec![Value::Array(batch)])
        .await
        .unwrap()
    else {
        panic!("an array");
    };
    assert_eq!(results.len(), 8);
    assert_eq!(results[0], Value::Array(vec![Value::Int(2)]));
    assert_eq!(fault_code(&results[1]), Some(Fault::METHOD_NOT_FOUND));
    assert_eq!(fault_code(&results[2]), Some(Fault::INVALID_REQUEST));
    assert_eq!(fault_code(&results[3]), Some(Fault::INVALID_REQUEST));
    assert_eq!(fault_code(&results[4]), Some(Fault::INVALID_REQUEST));
    assert_eq!(fault_code(&results[5]), Some(Fault::INVALID_REQUEST));
    assert_eq!(fault_code(&results[6]), Some(Fault::INTERNAL_ERROR));
    assert_eq!(results[7], Value::Array(vec![Value::Int(4)]));

    assert_eq!(
        call(&d, "system.multicall", vec![Value::Array(vec![])]).await,
        Ok(Value::Array(vec![]))
    );
    let f = call(&d, "system.multicall", vec![Value::Int(1)])
        .await
        .unwrap_err();
    assert_eq!(f.code, Fault::INVALID_PARAMS);

    let many: Vec<Value> = (0..1000)
        .map(|i| entry("twice", vec![Value::Int(i)]))
        .collect();
    let Value::Array(results) = call(&d, "system.multicall", vec![Value::Array(many)])
        .await
        .unwrap()
    else {
        panic!("an array");
    };
    assert_eq!(results[999], Value::Array(vec![Value::Int(1998)]));
}

#[tokio::test]
async fn multicall_batches_are_limited() {
    let d = MemoryTransport::new(
        Dispatcher::new()
            .register_function(twice)
            .multicall_limit(3),
    );
    let batch = |n: i32| {
        Value::Array(
            (0..n)
                .map(|i| entry("twice", vec![Value::Int(i)]))
                .collect(),
        )
    };
    assert!(call(&d, "system.multicall", vec![batch(3)]).await.is_ok());
    let f = call(&d, "system.multicall", vec![batch(4)])
        .await
        .unwrap_err();
    assert_eq!(f.code, Fault::INVALID_PARAMS);
}

#[tokio::test]
async fn each_system_method_can_be_turned_off() {
    let d = MemoryTransport::new(
        Dispatcher::new()
            .register_function(twice)
            .system(System::all().multicall(false).method_help(false)),
    );
    let names = call(&d, "system.listMethods", vec![]).await.unwrap();
    assert_eq!(
        names,
        strings(&[
            "system.getCapabilities",
            "system.listMethods",
            "system.methodSignature",
            "twice"
        ])
    );
    let f = call(&d, "system.multicall", vec![Value::Array(vec![])])
        .await
        .unwrap_err();
    assert_eq!(f.code, Fault::METHOD_NOT_FOUND);
    let f = call(&d, "system.methodHelp", vec![Value::from("twice")])
        .await
        .unwrap_err();
    assert_eq!(f.code, Fault::METHOD_NOT_FOUND);

    let bare = MemoryTransport::new(Dispatcher::new().system(System::none()));
    let f = call(&bare, "system.listMethods", vec![]).await.unwrap_err();
    assert_eq!(f.code, Fault::METHOD_NOT_FOUND);
}

#[test]
#[should_panic(expected = "has no name")]
fn closures_need_a_name() {
    let _ = Dispatcher::new().register_function(|n: i32| n);
}

#[test]
fn results_of_many_shapes_are_accepted() {
    let _ = Dispatcher::new()
        .register_function_as("map", || HashMap::from([("a".to_owned(), 1)]))
        .register_function_as("unit", || {})
        .register_function_as("value", |v: Value| v)
        .register_function_as("tuple", |a: i32, b: String| (a, b))
        .register_function_as(
            "eight",
            |a: i8, b: i16, c: i32, d: i64, e: u8, f: u16, g: f64, h: bool| {
                f64::from(a)
                    + f64::from(b)
                    + f64::from(c)
                    + g
                    + f64::from(e)
                    + f64::from(f)
                    + if h { 1.0 } else { 0.0 }
                    + d as f64
            },
        );
}
