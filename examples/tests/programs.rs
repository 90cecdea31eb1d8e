//! Every example program, run as built: unattended (each must finish and
//! print what it got), and served (`--serve 127.0.0.1:0`) to Python's own
//! `xmlrpc.client`; and our `demo_client` against Python's
//! `python3 -m xmlrpc.server`, compared with Python's `-m xmlrpc.client`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use support::{Process, spawn};

/// The built example `name`.
fn example(name: &str) -> PathBuf {
    support::built(&format!("examples/{name}"))
}

fn run(name: &str, args: &[&str]) -> Output {
    Command::new(example(name)).args(args).output().unwrap()
}

/// Starts `name` with `args` and reads its first line (the banner).
fn start(name: &str, args: &[&str]) -> (Process, String) {
    spawn(Command::new(example(name)).args(args)).unwrap()
}

/// The `http://…` URL in a banner line.
fn url_in(line: &str) -> String {
    let start = line.find("http://").expect("a URL in the banner");
    line[start..]
        .split(|c: char| c.is_whitespace() || c == ')')
        .next()
        .unwrap()
        .to_owned()
}

fn python(script: &str, args: &[&str]) -> Option<Output> {
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
    {
        Ok(out) => Some(out),
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            None
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_example_runs_unattended() {
    for (name, expected) in [
        ("twice", &["twice(2) = 4"][..]),
        (
            "animal",
            &["dispatch: rabit", "rabit(2) = 8", "chicken(3) = 6"],
        ),
        (
            "threaded",
            &["slow(1500) still running: true", "slow(1500) = 1500"],
        ),
        (
            "files",
            &["image_put(262144 bytes) = None", "identical: true"],
        ),
        (
            "remote_shell",
            &[
                "ls() = [\"docs\", \"readme.txt\"]",
                "cd(docs) = /docs",
                "cd(../../..) = / (stays inside)",
                "show() = Ann is 36 years old",
            ],
        ),
        ("demo_server", &["\n42\n512\n3\n"]),
        ("demo_client", &["\n42\n512\n3\n"]),
        (
            "greeting",
            &["Ready. Object uri = http://127.0.0.1:", "Hello, Ann."],
        ),
        (
            "conformance",
            &[
                "add(2147483647, 1) = I8(2147483648)",
                "fault 1001: division by zero",
            ],
        ),
        (
            "ping",
            &[
                "sent 37 bytes: {\"in\": \"ping\", \"params\": \"ireader 0\"}",
                "got 35 bytes: {\"out\":\"pong\",\"result\":\"ireader 0\"}",
                "pong ireader 9",
            ],
        ),
        (
            "axum_app",
            &[
                "GET /health = {\"status\":\"ok\"}",
                "whoami (ada's token) = ada",
                "slow_report(50) = report for ada after 50 ms",
                "whoami (no token) failed: the server answered 401 Unauthorized",
            ],
        ),
    ] {
        let out = run(name, &[]);
        let stdout = text(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {}\n{stdout}",
            text(&out.stderr)
        );
        for line in expected {
            assert!(stdout.contains(line), "{name}: {line:?} not in\n{stdout}");
        }
    }
}

#[test]
fn every_example_answers_help_with_its_usage() {
    for name in [
        "animal",
        "axum_app",
        "conformance",
        "demo_client",
        "demo_server",
        "files",
        "greeting",
        "memload",
        "ping",
        "remote_shell",
        "supervisor",
        "threaded",
        "twice",
    ] {
        let out = run(name, &["--help"]);
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "{name} --help: {}", text(&out.stderr));
        assert!(stdout.starts_with("Usage: "), "{name} --help:\n{stdout}");
        // The usage only: nothing was served or called.
        assert_eq!(
            stdout.lines().filter(|l| l.starts_with("Usage: ")).count(),
            1
        );
        assert!(
            !stdout
                .lines()
                .any(|l| l.starts_with("serving") || l.starts_with("Ready.")),
            "{name} --help:\n{stdout}"
        );
    }
}

#[test]
fn greeting_client_takes_the_printed_uri() {
    let (_server, banner) = start("greeting", &["--serve", "127.0.0.1:0"]);
    assert!(banner.starts_with("Ready. Object uri = "), "{banner}");
    let out = run("greeting", &["--client", &url_in(&banner), "Bob"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Hello, Bob. Here is your fortune message:\n"));
}

#[test]
fn remote_shell_warns_and_stays_on_loopback() {
    let out = run("remote_shell", &["--help"]);
    assert!(text(&out.stdout).contains("WARNING"));
    let out = run("remote_shell", &["--serve", "0.0.0.0:0"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--allow-remote"),
        "{}",
        text(&out.stderr)
    );
}

const ANIMAL: &str = r#"
import sys, xmlrpc.client as x
s = x.ServerProxy(sys.argv[1])
assert s.rabit(2) == 8 and s.chicken(3) == 6
m = x.MultiCall(s); m.rabit(1); m.chicken(1)
assert list(m()) == [4, 2]
assert "rabit" in s.system.listMethods()
print("ok")
"#;

const DEMO: &str = r#"
import sys, xmlrpc.client as x
s = x.ServerProxy(sys.argv[1])
assert s.getData() == "42" and s.pow(2, 9) == 512 and s.add(1, 2) == 3
assert s.add(2**31 - 1, 1) == 2**31
assert isinstance(s.currentTime.getCurrentTime(), x.DateTime)
m = x.MultiCall(s); m.getData(); m.pow(2, 9); m.add(1, 2)
assert list(m()) == ["42", 512, 3]
names = s.system.listMethods()
assert "currentTime.getCurrentTime" in names and "system.multicall" in names
try:
    s.pow(10, 30); raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == -32602
print("ok")
"#;

const FILES: &str = r#"
import sys, os, xmlrpc.client as x
s = x.ServerProxy(sys.argv[1], allow_none=True)
data = os.urandom(100000)
assert s.image_put(x.Binary(data)) is None
assert s.image_get().data == data
print("ok")
"#;

const CONFORMANCE: &str = r#"
import sys, datetime, xmlrpc.client as x
s = x.ServerProxy(sys.argv[1], allow_none=True, use_builtin_types=True)
assert s.add(2, 3) == 5 and s.add(2**31 - 1, 1) == 2**31
assert s.divide(6, 3) == 2.0 and isinstance(s.divide(6, 3), float) and s.divide(1.5, 0.5) == 3.0
try:
    s.divide(1, 0); raise SystemExit("no fault")
except x.Fault as f:
    assert (f.faultCode, f.faultString) == (1001, "division by zero")
for v in [None, 5, -0.0, 1e-07, "h\u00e9llo \U0001F600 <&>", "", [], {}, b"\x00\xff" * 1000,
          datetime.datetime(1998, 7, 17, 14, 8, 55), {"a": [1, {"b": None}]}, True]:
    assert s.echo(v) == v, v
try:
    s.echo(); raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == -32602
assert s.sleep(10) == 10
assert isinstance(s.currentTime.getCurrentTime(), datetime.datetime)
assert s.upload("f", b"abc") == 3 and s.download("f") == b"abc"
try:
    s.download("missing"); raise SystemExit("no fault")
except x.Fault as f:
    assert f.faultCode == 1002 and "missing" in f.faultString
v = s.validator1
stooge = {"moe": 1, "larry": 2, "curly": 3}
assert v.arrayOfStructsTest([stooge, stooge]) == 6
assert v.countTheEntities("<>&'\"") == {"ctLeftAngleBrackets": 1, "ctRightAngleBrackets": 1,
    "ctAmpersands": 1, "ctApostrophes": 1, "ctQuotes": 1}
assert v.easyStructTest(stooge) == 6
assert v.echoStructTest({"x": [1.5, "y"]}) == {"x": [1.5, "y"]}
now = datetime.datetime(2000, 4, 1, 0, 0, 0)
assert v.manyTypesTest(1, True, "s", 1.5, now, b"b") == [1, True, "s", 1.5, now, b"b"]
assert v.moderateSizeArrayCheck(["a"] + ["x"] * 150 + ["z"]) == "az"
assert v.nestedStructTest({"2000": {"04": {"01": stooge}}}) == 6
assert v.simpleStructReturnTest(2) == {"times10": 20, "times100": 200, "times1000": 2000}
assert s.system.methodSignature("add") == [["int", "int", "int"]]
assert ["double", "int", "int"] in s.system.methodSignature("divide")
assert s.system.methodHelp("echo")
m = x.MultiCall(s); m.add(1, 1); m.echo("e")
assert list(m()) == [2, "e"]
r = s.system.multicall([{"methodName": "add", "params": [1, 1]},
    {"methodName": "divide", "params": [1, 0]}, {"methodName": "echo", "params": ["e"]}])
assert r[0] == [2] and r[1]["faultCode"] == 1001 and r[2] == ["e"]
print("ok")
"#;

#[test]
fn python_calls_the_served_examples() {
    for (name, script) in [
        ("animal", ANIMAL),
        ("demo_server", DEMO),
        ("files", FILES),
        ("conformance", CONFORMANCE),
    ] {
        let (_server, banner) = start(name, &["--serve", "127.0.0.1:0"]);
        let url = url_in(&banner);
        let Some(out) = python(script, &[&url]) else {
            return;
        };
        assert_eq!(
            text(&out.stdout),
            "ok\n",
            "{name} at {url}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn demo_client_against_pythons_demo_server_prints_what_pythons_client_prints() {
    let python_server = spawn(
        Command::new("python3")
            .args(["-u", "-m", "xmlrpc.server"])
            .stderr(Stdio::null()),
    );
    let (_server, banner) = match python_server {
        Ok(started) => started,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            return;
        }
    };
    assert!(banner.contains("8000"), "{banner}");

    let theirs = Command::new("python3")
        .args(["-m", "xmlrpc.client"])
        .output()
        .unwrap();
    let ours = run("demo_client", &["http://localhost:8000"]);
    assert!(ours.status.success(), "{}", text(&ours.stderr));
    let (theirs, ours) = (text(&theirs.stdout), text(&ours.stdout));
    let (theirs, ours): (Vec<_>, Vec<_>) = (theirs.lines().collect(), ours.lines().collect());
    assert_eq!(theirs.len(), 4, "{theirs:?}");
    // The first line is the server's clock: the same form, any second.
    for lines in [&theirs, &ours] {
        assert!(xmlrpc_core::DateTime::parse(lines[0]).is_ok(), "{lines:?}");
    }
    assert_eq!(ours[1..], theirs[1..]);
    assert_eq!(ours[1..], ["42", "512", "3"]);
}
