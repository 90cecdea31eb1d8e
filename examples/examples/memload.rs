//! Memory under hostile load: how much the conformance server holds for
//! maximum-size requests, one and 32 at once, and after a burst.
//!
//! ```sh
//! cargo run --release --example memload                        # glibc malloc
//! cargo run --release --example memload -- --env GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072
//! cargo run --release --example memload --features mimalloc    # mimalloc
//! ```
//!
//! Each case starts a fresh server (this program, `--serve`) and reads its
//! peak and current resident memory from `/proc/PID/status` (Linux). The
//! requests are 32 MiB, the default body limit:
//!
//! - `empty values`: four million `<value/>`, the amplification attack
//!   (refused after the first 2^20 values);
//! - `strings`: an echo of about 650 000 strings of 40 bytes (within the
//!   value limit), answered in full;
//! - `base64`: an echo of 24 MiB of bytes (32 MiB of base64).
//!
//! It prints, per case: the peak for one request, the peak for 32 at once,
//! and the memory held 10 s after the 32. Targets: one request at most 4×
//! the body limit (128 MiB); 32 at most the memory budget (256 MiB) plus
//! 64 MiB; after the burst at most 64 MiB.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(all(feature = "jemalloc", not(feature = "mimalloc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use examples::run;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use examples::conformance::Conformance;
use xmlrpc_core::{Binary, MethodCall, Value};
use xmlrpc_server::Server;

const BODY_LIMIT: usize = 32 << 20;

/// What `--help` prints.
const USAGE: &str = "Usage: memload [--env NAME=VALUE]...

Memory under hostile load: peak and current RSS of a fresh conformance
server for maximum-size requests, one and 32 at once, and after a burst.
Build with --release; --features mimalloc or jemalloc to compare allocators.

  --env NAME=VALUE  set in the server's environment (for example
                    GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072)";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run::help(USAGE);
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--serve") {
        return serve();
    }
    let env = args
        .iter()
        .position(|a| a == "--env")
        .and_then(|i| args.get(i + 1))
        .and_then(|kv| kv.split_once('='));
    let allocator = if cfg!(feature = "mimalloc") {
        "mimalloc"
    } else if cfg!(feature = "jemalloc") {
        "jemalloc"
    } else {
        "glibc malloc"
    };
    println!(
        "allocator: {allocator}{}",
        env.map(|(k, v)| format!(" ({k}={v})")).unwrap_or_default()
    );
    println!("| case | one request, peak | 32 at once, peak | 10 s after the 32 |");
    println!("|---|---|---|---|");
    for (name, body) in [
        ("empty values", empty_values()),
        ("strings", strings()),
        ("base64", base64()),
    ] {
        let one = {
            let server = Spawned::start(env)?;
            send(&server.addr, &body)?;
            server.status("VmHWM")
        };
        let (many, after) = {
            let server = Spawned::start(env)?;
            let threads: Vec<_> = (0..32)
                .map(|_| {
                    let (addr, body) = (server.addr.clone(), body.clone());
                    std::thread::spawn(move || send(&addr, &body).map_err(|e| e.to_string()))
                })
                .collect();
            for thread in threads {
                thread.join().map_err(|_| "a client thread panicked")??;
            }
            let peak = server.status("VmHWM");
            std::thread::sleep(Duration::from_secs(10));
            (peak, server.status("VmRSS"))
        };
        println!(
            "| {name} ({} MiB) | {} MiB | {} MiB | {} MiB |",
            body.len() >> 20,
            one >> 10,
            many >> 10,
            after >> 10
        );
    }
    Ok(())
}

/// The server side: the conformance service with the default limits.
fn serve() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("{}", listener.local_addr()?);
        Server::new()
            .register_instance(Conformance::default())
            .serve_listener(listener, std::future::pending())
            .await
    })?;
    Ok(())
}

/// A server process of this program, killed when dropped.
struct Spawned {
    child: Child,
    addr: String,
}

impl Spawned {
    fn start(env: Option<(&str, &str)>) -> std::io::Result<Self> {
        let mut command = Command::new(std::env::current_exe()?);
        command.arg("--serve").stdout(Stdio::piped());
        if let Some((key, value)) = env {
            command.env(key, value);
        }
        let mut child = command.spawn()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let mut addr = String::new();
        BufReader::new(stdout).read_line(&mut addr)?;
        Ok(Self {
            child,
            addr: addr.trim().to_owned(),
        })
    }

    /// A `/proc/PID/status` figure, in KiB.
    fn status(&self, field: &str) -> u64 {
        let path = format!("/proc/{}/status", self.child.id());
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Posts `body` and reads the whole answer; the status line is checked
/// to be an answer at all (a fault and a 503 are answers).
fn send(addr: &str, body: &[u8]) -> std::io::Result<()> {
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "POST /RPC2 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    let started = Instant::now();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    if !answer.starts_with(b"HTTP/1.1 ") {
        return Err(std::io::Error::other(format!(
            "no answer after {:?}",
            started.elapsed()
        )));
    }
    Ok(())
}

/// Just under the body limit of `<value/>`s in one array.
fn empty_values() -> Vec<u8> {
    let head = "<methodCall><methodName>echo</methodName><params><param><value><array><data>";
    let tail = "</data></array></value></param></params></methodCall>";
    let count = (BODY_LIMIT - head.len() - tail.len()) / 8;
    format!("{head}{}{tail}", "<value/>".repeat(count)).into_bytes()
}

/// An echo of strings of 40 bytes, as many as fit under the body limit.
fn strings() -> Vec<u8> {
    let item = Value::from("x".repeat(40));
    let per = "<value><string></string></value>".len() + 40;
    let items = vec![item; (BODY_LIMIT - 200) / per];
    MethodCall::new("echo", vec![Value::Array(items)])
        .to_xml()
        .unwrap_or_default()
        .into_bytes()
}

/// An echo of bytes whose base64 just fits the body limit (24 MiB).
fn base64() -> Vec<u8> {
    let bytes = Binary::new(vec![7_u8; (BODY_LIMIT - 256) / 4 * 3]);
    MethodCall::new("echo", vec![Value::from(bytes)])
        .to_xml()
        .unwrap_or_default()
        .into_bytes()
}
