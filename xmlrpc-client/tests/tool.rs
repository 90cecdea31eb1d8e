//! The `xmlrpc` tool as a shell user meets it: credentials kept out of
//! the URL, URLs without a scheme, completions, `-v`, closed pipes, help,
//! member order, `describe` against Python's server, and the progress
//! bar (on a terminal only, which `script` provides).

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub)]

mod support;

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use support::tool::{command, one_exchange, stderr, stdout, xmlrpc};

/// Python's server, with introspection whose `system.methodHelp` answers
/// the docstring as written (indented) and whose `system.methodSignature`
/// answers one flat list, as Supervisor does; unknown methods are never a
/// fault in its introspection.
const SERVER: &str = r#"
import sys
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
s.register_introspection_functions()
def add(a, b):
    """Adds two numbers.

    Example:
        add(2, 3)
    """
    return a + b
s.register_function(add)
s.register_function(lambda name: add.__doc__ if name == "add" else "", "system.methodHelp")
s.register_function(lambda name: ["int", "int", "int"], "system.methodSignature")
s.register_function(lambda: {"z": 1, "a": 2, "m": 3}, "ordered")
s.register_function(lambda n: "x" * n, "big")
s.register_function(lambda v: len(v.data), "size")
print(s.server_address[1], flush=True)
s.serve_forever()
"#;

fn python_server() -> Option<(support::Python, String)> {
    support::python(&["-c", SERVER])
}

/// A file of `len` bytes in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, len: usize) -> Self {
        let path = std::env::temp_dir().join(format!("xmlrpc-tool-{}-{name}", std::process::id()));
        let bytes: Vec<u8> = (0..=250_u8).cycle().take(len).collect();
        std::fs::write(&path, bytes).unwrap();
        Self(path)
    }

    fn arg(&self) -> String {
        format!("@{}", self.0.display())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        std::fs::remove_file(&self.0).ok();
    }
}

/// Runs `args` on a pseudo-terminal (util-linux `script`), typing
/// `answer`'s line once its prompt shows; what the terminal showed, or
/// `None` where `script` is absent.
fn on_terminal(args: &[&str], answer: Option<(&str, &str)>) -> Option<(Option<i32>, String)> {
    let tool = env!("CARGO_BIN_EXE_xmlrpc");
    let line = std::iter::once(tool)
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("SKIPPED: util-linux `script` is not available here ({e})");
            return None;
        }
    };
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut buf = [0_u8; 4096];
        while let Ok(n @ 1..) = std::io::Read::read(&mut stdout, &mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut shown = Vec::new();
    let mut stdin = child.stdin.take().unwrap();
    if let Some((prompt, input)) = answer {
        // Typed before the prompt, the line would be echoed.
        while !String::from_utf8_lossy(&shown).contains(prompt) {
            match rx.recv_timeout(std::time::Duration::from_secs(10)) {
                Ok(chunk) => shown.extend(chunk),
                Err(e) => panic!(
                    "no prompt {prompt:?} ({e}): {}",
                    String::from_utf8_lossy(&shown)
                ),
            }
        }
        // rpassword shows the prompt, then turns echo off: a line typed
        // within that moment would be echoed (a person is never that
        // quick). Give it time.
        std::thread::sleep(std::time::Duration::from_millis(300));
        stdin.write_all(input.as_bytes()).unwrap();
    }
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    shown.extend(rx.try_iter().flatten());
    Some((status.code(), String::from_utf8_lossy(&shown).into_owned()))
}

fn basic(user: &str, password: &str) -> String {
    let token = base64_simd::STANDARD.encode_to_string(format!("{user}:{password}"));
    format!("authorization: basic {}\r\n", token.to_ascii_lowercase())
}

#[test]
fn user_and_password_come_from_the_option_stdin_or_the_terminal() {
    let (addr, peer) = one_exchange();
    let out = xmlrpc(&["-u", "ada:pw", "call", &format!("http://{addr}"), "ping"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let request = peer.join().unwrap().to_ascii_lowercase();
    assert!(request.contains(&basic("ada", "pw")), "{request}");

    let (addr, peer) = one_exchange();
    let mut child = command()
        .args([
            "-u",
            "ada",
            "--password-stdin",
            "call",
            &format!("http://{addr}"),
            "ping",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"s3cret word\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let request = peer.join().unwrap().to_ascii_lowercase();
    assert!(request.contains(&basic("ada", "s3cret word")), "{request}");

    // No password and no terminal to ask on: a usage error, no request.
    let out = command()
        .args(["-u", "ada", "call", "http://127.0.0.1:9/RPC2", "ping"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--password-stdin"),
        "{}",
        stderr(&out)
    );

    let out = xmlrpc(&["--password-stdin", "call", "http://127.0.0.1:9", "ping"]);
    assert_eq!(out.status.code(), Some(2), "needs -u: {}", stderr(&out));

    // On a terminal the password is asked for, and not echoed.
    let (addr, peer) = one_exchange();
    let url = format!("http://{addr}");
    let Some((code, shown)) = on_terminal(
        &["-u", "ada", "call", &url, "ping"],
        Some(("Password for ada:", "typed-pw\n")),
    ) else {
        return;
    };
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Password for ada:"), "{shown}");
    assert!(!shown.contains("typed-pw"), "echoed: {shown}");
    let request = peer.join().unwrap().to_ascii_lowercase();
    assert!(request.contains(&basic("ada", "typed-pw")), "{request}");
}

#[test]
fn a_url_without_a_scheme_is_http() {
    let (addr, peer) = one_exchange();
    let out = xmlrpc(&["call", &addr.to_string(), "ping"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "ok\n");
    assert!(peer.join().unwrap().starts_with("POST /RPC2 HTTP/1.1\r\n"));
}

#[test]
fn completions_are_scripts_for_each_shell() {
    let out = xmlrpc(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bash = stdout(&out);
    assert!(bash.contains("complete -F _xmlrpc"), "{bash}");
    assert!(bash.contains("codegen") && bash.contains("--password-stdin"));
    match Command::new("bash").args(["-n", "-c", &bash]).output() {
        Ok(check) => assert!(check.status.success(), "{}", stderr(&check)),
        Err(e) => eprintln!("SKIPPED: bash syntax check, no bash here ({e})"),
    }

    let zsh = stdout(&xmlrpc(&["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef xmlrpc"), "{zsh}");
    assert!(zsh.contains("describe"), "{zsh}");
    let fish = stdout(&xmlrpc(&["completions", "fish"]));
    assert!(fish.contains("complete -c xmlrpc"), "{fish}");
    assert!(fish.contains("completions"), "{fish}");

    let out = xmlrpc(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn verbose_shows_both_messages_on_stderr() {
    let (addr, peer) = one_exchange();
    let out = xmlrpc(&[
        "-v",
        "-u",
        "ada:pw",
        "call",
        &format!("http://{addr}"),
        "ping",
        "7",
    ]);
    peer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "ok\n");
    let trace = stderr(&out);
    assert!(
        trace.contains(&format!("> POST http://{addr}/RPC2\n")),
        "{trace}"
    );
    assert!(trace.contains("> content-type: text/xml\n"), "{trace}");
    assert!(trace.contains("> authorization: <redacted>\n"), "{trace}");
    assert!(trace.contains("<methodName>ping</methodName>"), "{trace}");
    assert!(trace.contains("< HTTP/1.1 200 OK\n"), "{trace}");
    assert!(trace.contains("<string>ok</string>"), "{trace}");
    assert!(
        !trace.contains("pw\n") && !trace.contains("YWRhOnB3"),
        "{trace}"
    );

    let quiet = xmlrpc(&["call", &format!("http://{addr}"), "ping"]);
    assert_eq!(quiet.status.code(), Some(3), "the peer is gone");
    assert!(!stderr(&quiet).contains("> POST"), "{}", stderr(&quiet));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let Some((_python, port)) = python_server() else {
        return;
    };
    let file = TempFile::new("pipe", 300_000);
    // `xmlrpc call … --xml | head -1`: the request alone fills the pipe.
    let mut child = command()
        .args([
            "call",
            &format!("127.0.0.1:{port}"),
            "size",
            &file.arg(),
            "--xml",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("<?xml"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn call_help_lists_the_type_prefixes() {
    let out = xmlrpc(&["call", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for prefix in [
        "i/3",
        "8/5000000000",
        "dt/19980717T14:08:55",
        "b64/SGk=",
        "@FILE",
        "n/",
    ] {
        assert!(help.contains(prefix), "{prefix} in {help}");
    }
    assert!(help.contains("Exit codes"), "{help}");
}

#[test]
fn json_keeps_the_servers_member_order() {
    let Some((_python, port)) = python_server() else {
        return;
    };
    let out = xmlrpc(&["call", &format!("127.0.0.1:{port}"), "ordered", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "{\"z\":1,\"a\":2,\"m\":3}\n");
    let out = xmlrpc(&["call", &format!("127.0.0.1:{port}"), "ordered"]);
    assert_eq!(stdout(&out), "z: 1\na: 2\nm: 3\n");
}

#[test]
fn describe_reads_flat_signatures_dedents_help_and_stops_at_an_unknown_method() {
    let Some((_python, port)) = python_server() else {
        return;
    };
    let url = format!("127.0.0.1:{port}");
    let out = xmlrpc(&["describe", &url, "add"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "add(int, int) -> int\n    Adds two numbers.\n\n    Example:\n        add(2, 3)\n"
    );
    // Python answers introspection of any name without a fault.
    let out = xmlrpc(&["describe", &url, "nosuch"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("no method `nosuch`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn progress_shows_on_a_terminal_only() {
    let Some((_python, port)) = python_server() else {
        return;
    };
    let url = format!("127.0.0.1:{port}");
    let file = TempFile::new("progress", 3 << 20);
    let out = xmlrpc(&["call", &url, "size", &file.arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{}\n", 3 << 20));
    assert_eq!(stderr(&out), "", "no terminal, no bar");

    let Some((code, shown)) = on_terminal(&["call", &url, "size", &file.arg()], None) else {
        return;
    };
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("sending ["), "{shown}");
    assert!(shown.contains(&format!("{}", 3 << 20)), "{shown}");

    let Some((code, shown)) = on_terminal(&["call", &url, "big", "2000000"], None) else {
        return;
    };
    assert_eq!(code, Some(0));
    assert!(
        shown.contains("receiving"),
        "{}",
        &shown[..shown.len().min(500)]
    );

    // Small transfers stay quiet on a terminal too.
    let Some((_, shown)) = on_terminal(&["call", &url, "add", "2", "3"], None) else {
        return;
    };
    assert_eq!(shown.trim(), "5");
}
