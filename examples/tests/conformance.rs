//! The conformance service against §4 of `shared/conformance-service.md`,
//! method by method, over real HTTP with our client at the value level
//! (so that `<int>` and `<i8>`, `<double>` and the rest are told apart).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use examples::conformance::Conformance;
use examples::{Running, int};
use xmlrpc_client::{Client, Error};
use xmlrpc_core::{Binary, DateTime, Struct, Value};
use xmlrpc_server::Server;

async fn start() -> (Running, Client) {
    let running = Running::start(
        Server::new().register_instance(Conformance::default()),
        "127.0.0.1:0",
    )
    .await
    .unwrap();
    let client = examples::client(&running.url()).unwrap();
    (running, client)
}

async fn fault_code(client: &Client, method: &str, params: Vec<Value>) -> i32 {
    match client.call_value(method, params).await {
        Err(Error::Fault(fault)) => fault.code,
        other => panic!("{method}: expected a fault, got {other:?}"),
    }
}

fn st<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Struct(members.into_iter().collect::<Struct>())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arithmetic_and_echo() {
    let (running, c) = start().await;
    let call = |m: &'static str, p: Vec<Value>| {
        let c = c.clone();
        async move { c.call_value(m, p).await.unwrap() }
    };
    assert_eq!(call("add", vec![2.into(), 3.into()]).await, Value::Int(5));
    assert_eq!(
        call("add", vec![Value::Int(i32::MAX), Value::Int(1)]).await,
        Value::I8(2_147_483_648)
    );
    assert_eq!(
        call("add", vec![Value::I8(5), Value::Int(-7)]).await,
        Value::Int(-2)
    );
    assert_eq!(
        fault_code(&c, "add", vec![Value::I8(i64::MAX), 1.into()]).await,
        -32602
    );
    assert_eq!(
        fault_code(&c, "add", vec![Value::Double(1.0), 1.into()]).await,
        -32602
    );
    assert_eq!(
        fault_code(&c, "add", vec![Value::Bool(true), 1.into()]).await,
        -32602
    );
    assert_eq!(fault_code(&c, "add", vec![1.into()]).await, -32602);

    assert_eq!(
        call("divide", vec![6.into(), 3.into()]).await,
        Value::Double(2.0)
    );
    assert_eq!(
        call("divide", vec![Value::Double(1.0), 4.into()]).await,
        Value::Double(0.25)
    );
    for zero in [Value::Int(0), Value::Double(0.0), Value::Double(-0.0)] {
        match c.call_value("divide", vec![1.into(), zero]).await {
            Err(Error::Fault(f)) => {
                assert_eq!((f.code, f.string.as_str()), (1001, "division by zero"));
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        fault_code(&c, "divide", vec!["1".into(), 2.into()]).await,
        -32602
    );

    let deep = (0..150).fold(Value::from("core"), |v, _| Value::Array(vec![v]));
    let values = vec![
        Value::Nil,
        Value::I8(1 << 40),
        Value::Double(-0.0),
        Value::Double(5e-324),
        Value::DateTime(DateTime::new(1998, 7, 17, 14, 8, 55).unwrap()),
        Value::Base64(vec![7; 3 << 20]),
        Value::from("héllo 😀 <&>"),
        Value::from(""),
        Value::Array(vec![]),
        Value::Struct(Struct::new()),
        deep,
    ];
    for value in values {
        assert_eq!(call("echo", vec![value.clone()]).await, value);
    }
    assert_eq!(fault_code(&c, "echo", vec![]).await, -32602);
    assert_eq!(
        fault_code(&c, "echo", vec![1.into(), 2.into()]).await,
        -32602
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sleep_time_and_the_upload_store() {
    let (running, c) = start().await;
    let started = std::time::Instant::now();
    let (slept, sum) = tokio::join!(c.call::<i32>("sleep", (300,)), async {
        // Answered while the sleep is still running.
        let sum = c.call::<i32>("add", (1, 1)).await.unwrap();
        (sum, started.elapsed())
    });
    assert_eq!(slept.unwrap(), 300);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert!(sum.1 < std::time::Duration::from_millis(300), "{:?}", sum.1);
    for bad in [Value::Int(-1), Value::Int(10_001), Value::Double(1.0)] {
        assert_eq!(fault_code(&c, "sleep", vec![bad]).await, -32602);
    }

    let now = c
        .call_value("currentTime.getCurrentTime", vec![])
        .await
        .unwrap();
    let now = now.as_datetime().unwrap();
    let system = DateTime::now_utc();
    assert!((system.to_unix_timestamp() - now.to_unix_timestamp()).abs() <= 5);
    assert_eq!(now.nanosecond(), 0);
    assert_eq!(
        fault_code(&c, "currentTime.getCurrentTime", vec![1.into()]).await,
        -32602
    );

    let big: Vec<u8> = (0..9 << 20).map(|i: u32| (i % 251) as u8).collect();
    let n: i32 = c
        .call("upload", ("big.bin", Binary::new(big.clone())))
        .await
        .unwrap();
    assert_eq!(usize::try_from(n).unwrap(), big.len());
    let back: Binary = c.call("download", ("big.bin",)).await.unwrap();
    assert!(back.as_ref() == big.as_slice());
    let _: i32 = c
        .call("upload", ("big.bin", Binary::new(b"new".to_vec())))
        .await
        .unwrap();
    let back: Binary = c.call("download", ("big.bin",)).await.unwrap();
    assert_eq!(back.as_ref(), b"new");
    match c.call::<Binary>("download", ("nothing here",)).await {
        Err(Error::Fault(f)) => {
            assert_eq!(f.code, 1002);
            assert!(f.string.contains("nothing here"), "{}", f.string);
        }
        other => panic!("{other:?}"),
    }
    let long = "é".repeat(256);
    for name in [String::new(), long] {
        let params = vec![Value::from(name), Value::Base64(vec![1])];
        assert_eq!(fault_code(&c, "upload", params).await, -32602);
    }
    let ok = "é".repeat(255);
    let _: i32 = c.call("upload", (ok, Binary::new(vec![]))).await.unwrap();
    let as_string = vec![Value::from("x"), Value::from("aGk=")];
    assert_eq!(fault_code(&c, "upload", as_string).await, -32602);
    assert_eq!(fault_code(&c, "download", vec![1.into()]).await, -32602);
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_validator_suite() {
    let (running, c) = start().await;
    let stooges = |m: i32, l: i32, cu: i32| {
        st([
            ("moe", m.into()),
            ("larry", l.into()),
            ("curly", cu.into()),
            ("extra", "ignored".into()),
        ])
    };
    let v = |m: &str| format!("validator1.{m}");
    let array = Value::Array(vec![stooges(1, 2, 3), stooges(4, 5, 6)]);
    assert_eq!(
        c.call_value(&v("arrayOfStructsTest"), vec![array])
            .await
            .unwrap(),
        Value::Int(9)
    );
    let not_structs = Value::Array(vec![1.into()]);
    assert_eq!(
        fault_code(&c, &v("arrayOfStructsTest"), vec![not_structs]).await,
        -32602
    );

    let counted = c
        .call_value(&v("countTheEntities"), vec!["<<>&'\"\"\"x".into()])
        .await
        .unwrap();
    let expected = st([
        ("ctLeftAngleBrackets", 2.into()),
        ("ctRightAngleBrackets", 1.into()),
        ("ctAmpersands", 1.into()),
        ("ctApostrophes", 1.into()),
        ("ctQuotes", 3.into()),
    ]);
    assert_eq!(counted, expected);

    assert_eq!(
        c.call_value(&v("easyStructTest"), vec![stooges(1, 2, 3)])
            .await
            .unwrap(),
        Value::Int(6)
    );
    let missing = st([("moe", 1.into()), ("larry", 2.into())]);
    assert_eq!(
        fault_code(&c, &v("easyStructTest"), vec![missing]).await,
        -32602
    );
    let wrong = st([
        ("moe", 1.into()),
        ("larry", 2.into()),
        ("curly", "3".into()),
    ]);
    assert_eq!(
        fault_code(&c, &v("easyStructTest"), vec![wrong]).await,
        -32602
    );

    let nested = st([
        ("a", Value::Array(vec![Value::Nil, 1.5.into()])),
        ("b", stooges(1, 1, 1)),
    ]);
    assert_eq!(
        c.call_value(&v("echoStructTest"), vec![nested.clone()])
            .await
            .unwrap(),
        nested
    );
    assert_eq!(
        fault_code(&c, &v("echoStructTest"), vec![1.into()]).await,
        -32602
    );

    let six = vec![
        Value::Int(1),
        Value::Bool(true),
        Value::from("s"),
        Value::Double(1.5),
        Value::DateTime(DateTime::new(2000, 4, 1, 0, 0, 0).unwrap()),
        Value::Base64(b"bytes".to_vec()),
    ];
    assert_eq!(
        c.call_value(&v("manyTypesTest"), six.clone())
            .await
            .unwrap(),
        Value::Array(six.clone())
    );
    let mut swapped = six;
    swapped.swap(0, 1);
    assert_eq!(fault_code(&c, &v("manyTypesTest"), swapped).await, -32602);

    let strings: Vec<Value> = (0..150).map(|i| Value::from(format!("s{i}"))).collect();
    assert_eq!(
        c.call_value(&v("moderateSizeArrayCheck"), vec![Value::Array(strings)])
            .await
            .unwrap(),
        Value::from("s0s149")
    );
    let empty = Value::Array(vec![]);
    assert_eq!(
        fault_code(&c, &v("moderateSizeArrayCheck"), vec![empty]).await,
        -32602
    );
    let mixed = Value::Array(vec!["a".into(), 1.into()]);
    assert_eq!(
        fault_code(&c, &v("moderateSizeArrayCheck"), vec![mixed]).await,
        -32602
    );

    let day = |s: Value| st([("01", s), ("02", st([]))]);
    let calendar = st([
        ("1999", st([("04", day(stooges(9, 9, 9)))])),
        (
            "2000",
            st([("03", day(st([]))), ("04", day(stooges(2, 3, 4)))]),
        ),
    ]);
    assert_eq!(
        c.call_value(&v("nestedStructTest"), vec![calendar])
            .await
            .unwrap(),
        Value::Int(9)
    );
    let no_day = st([("2000", st([("04", st([]))]))]);
    assert_eq!(
        fault_code(&c, &v("nestedStructTest"), vec![no_day]).await,
        -32602
    );

    assert_eq!(
        c.call_value(&v("simpleStructReturnTest"), vec![7.into()])
            .await
            .unwrap(),
        st([
            ("times10", 70.into()),
            ("times100", 700.into()),
            ("times1000", 7000.into())
        ])
    );
    assert_eq!(
        fault_code(&c, &v("simpleStructReturnTest"), vec!["7".into()]).await,
        -32602
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_and_multicall() {
    let (running, c) = start().await;
    let names: Vec<String> = c.call("system.listMethods", ()).await.unwrap();
    let table = [
        "add",
        "divide",
        "echo",
        "sleep",
        "currentTime.getCurrentTime",
        "upload",
        "download",
        "validator1.arrayOfStructsTest",
        "validator1.countTheEntities",
        "validator1.easyStructTest",
        "validator1.echoStructTest",
        "validator1.manyTypesTest",
        "validator1.moderateSizeArrayCheck",
        "validator1.nestedStructTest",
        "validator1.simpleStructReturnTest",
        "system.listMethods",
        "system.methodHelp",
        "system.methodSignature",
        "system.multicall",
    ];
    for name in table {
        assert!(names.iter().any(|n| n == name), "{name} missing");
        let help: String = c.call("system.methodHelp", (name,)).await.unwrap();
        assert!(!help.trim().is_empty(), "{name} has no help");
    }
    let sig = |name: &'static str| {
        let c = c.clone();
        async move {
            c.call_value("system.methodSignature", vec![name.into()])
                .await
                .unwrap()
        }
    };
    let sigs = |rows: &[&[&str]]| {
        Value::Array(
            rows.iter()
                .map(|r| Value::Array(r.iter().map(|t| Value::from(*t)).collect()))
                .collect(),
        )
    };
    for (name, expected) in [
        ("add", sigs(&[&["int", "int", "int"]])),
        ("upload", sigs(&[&["int", "string", "base64"]])),
        ("download", sigs(&[&["base64", "string"]])),
        ("sleep", sigs(&[&["int", "int"]])),
        ("currentTime.getCurrentTime", sigs(&[&["dateTime.iso8601"]])),
        ("validator1.easyStructTest", sigs(&[&["int", "struct"]])),
        (
            "validator1.countTheEntities",
            sigs(&[&["struct", "string"]]),
        ),
        (
            "validator1.simpleStructReturnTest",
            sigs(&[&["struct", "int"]]),
        ),
        (
            "validator1.moderateSizeArrayCheck",
            sigs(&[&["string", "array"]]),
        ),
        ("system.listMethods", sigs(&[&["array"]])),
    ] {
        assert_eq!(sig(name).await, expected, "{name}");
    }
    let divide = sig("divide").await;
    for row in [["double", "int", "int"], ["double", "double", "double"]] {
        let row = Value::Array(row.iter().map(|t| Value::from(*t)).collect());
        assert!(divide.as_array().unwrap().contains(&row), "{divide:?}");
    }
    let echo = sig("echo").await;
    assert!(
        echo == Value::from("undef") || echo.as_array().is_some(),
        "{echo:?}"
    );
    assert_eq!(
        fault_code(&c, "system.methodSignature", vec!["nope".into()]).await,
        -32601
    );
    assert_eq!(
        fault_code(&c, "system.methodHelp", vec!["nope".into()]).await,
        -32601
    );

    // 1000 entries, with a failing and a malformed one in the middle.
    let mut calls: Vec<Value> = (0..1000)
        .map(|i| {
            st([
                ("methodName", "add".into()),
                ("params", Value::Array(vec![i.into(), 1.into()])),
            ])
        })
        .collect();
    calls[10] = st([
        ("methodName", "divide".into()),
        ("params", Value::Array(vec![1.into(), 0.into()])),
    ]);
    calls[11] = Value::from("not a struct");
    calls[12] = st([
        ("methodName", "nope".into()),
        ("params", Value::Array(vec![])),
    ]);
    calls[13] = st([("methodName", "add".into()), ("params", 1.into())]);
    let out = c
        .call_value("system.multicall", vec![Value::Array(calls)])
        .await
        .unwrap();
    let out = out.as_array().unwrap();
    assert_eq!(out.len(), 1000);
    assert_eq!(out[0], Value::Array(vec![1.into()]));
    assert_eq!(out[999], Value::Array(vec![int(1000)]));
    assert_eq!(out[10].get("faultCode"), Some(&Value::Int(1001)));
    for entry in &out[11..=13] {
        assert!(entry.get("faultCode").is_some(), "{entry:?}");
    }
    assert_eq!(out[12].get("faultCode"), Some(&Value::Int(-32601)));
    assert_eq!(
        c.call_value("system.multicall", vec![Value::Array(vec![])])
            .await
            .unwrap(),
        Value::Array(vec![])
    );
    assert_eq!(
        fault_code(&c, "system.multicall", vec![1.into()]).await,
        -32602
    );
    running.stop().await.unwrap();
}
