//! The server program, run as built: it prints its URL and answers a call
//! posted by hand. (`examples/tests/api_crates.rs` runs it with the client
//! program; that this test exists also makes `cargo test` build it.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use xmlrpc_core::{MethodCall, MethodResponse, Value};

#[test]
fn the_program_prints_its_url_and_answers() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_animal-server"))
        .arg("127.0.0.1:0")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    let addr = banner
        .trim()
        .strip_prefix("serving the Animal API on http://")
        .unwrap_or_else(|| panic!("banner: {banner:?}"))
        .to_owned();

    let body = MethodCall::new("rabit", vec![Value::Int(3)])
        .to_xml()
        .unwrap();
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /RPC2 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    child.kill().ok();
    child.wait().ok();
    let (head, xml) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let result = MethodResponse::from_xml(xml.as_bytes())
        .unwrap()
        .into_result();
    assert_eq!(result.unwrap(), Value::Int(12));
}
