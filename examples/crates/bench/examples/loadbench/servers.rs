//! The servers under load, each its own process: ours (the conformance
//! service, over HTTP and over length-prefixed frames), the HTTP ceiling,
//! and Python's threaded SimpleXMLRPCServer.

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use examples::conformance::Conformance;
use examples::run::BoxError;
use xmlrpc_server::{Dispatcher, FramedServer, Server};

use crate::payload::Payload;

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ceiling,
    Ours,
    /// The same service over framed TCP (XML-RPC documents in frames).
    Framed,
    Python,
}

impl Kind {
    pub(crate) const ALL: [Self; 4] = [Self::Ceiling, Self::Ours, Self::Framed, Self::Python];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Ceiling => "ceiling (axum, canned answer)",
            Self::Ours => "ours (conformance, release)",
            Self::Framed => "ours, framed TCP (same service, XML frames)",
            Self::Python => "Python ThreadingMixIn SimpleXMLRPCServer",
        }
    }
}

const PYTHON_SERVER: &str = r#"
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
from socketserver import ThreadingMixIn
class Handler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, as the others
    def log_message(self, *args):
        pass
class Threaded(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True
    request_queue_size = 128
s = Threaded(("127.0.0.1", 0), requestHandler=Handler, logRequests=False,
             allow_none=True, use_builtin_types=True)
s.register_function(lambda a, b: a + b, "add")
s.register_function(lambda x: x, "echo")
print(s.server_address[1], flush=True)
s.serve_forever()
"#;

/// A server process, killed when dropped.
#[derive(Debug)]
pub(crate) struct Process {
    child: Child,
    pub(crate) addr: SocketAddr,
    pub(crate) kind: Kind,
}

impl Drop for Process {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Whether `taskset` runs here (asked once).
fn taskset() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| {
        Command::new("taskset")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Pins this process (all its threads) to `cpu`; says whether it could.
pub(crate) fn pin_self(cpu: usize) -> String {
    if !taskset() {
        return "no (taskset not found)".to_owned();
    }
    let pid = std::process::id().to_string();
    let cpu = cpu.to_string();
    let ok = Command::new("taskset")
        .args(["-a", "-p", "-c", &cpu, &pid])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok { "yes" } else { "no (taskset failed)" }.to_owned()
}

impl Process {
    /// Starts `kind` pinned to CPU 0 and waits for its port.
    pub(crate) fn start(kind: Kind, payload: &Payload) -> Result<Self, BoxError> {
        let exe = std::env::current_exe()?;
        let mut argv: Vec<String> = match kind {
            Kind::Python => vec!["python3".into(), "-c".into(), PYTHON_SERVER.into()],
            Kind::Ours | Kind::Framed | Kind::Ceiling => vec![
                exe.display().to_string(),
                "--serve-kind".into(),
                match kind {
                    Kind::Ours => "ours",
                    Kind::Framed => "framed",
                    _ => "ceiling",
                }
                .into(),
                "--payload".into(),
                payload.name.into(),
            ],
        };
        if taskset() {
            argv.splice(0..0, ["taskset".into(), "-c".into(), "0".into()]);
        }
        let mut child = Command::new(&argv[0])
            .args(&argv[1..])
            .stdout(Stdio::piped())
            .spawn()?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        let port: u16 = line
            .trim()
            .parse()
            .map_err(|e| format!("{}: no port ({e}): {line:?}", kind.label()))?;
        Ok(Self {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            kind,
        })
    }

    /// User plus system CPU time so far, in seconds.
    pub(crate) fn cpu_seconds(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which may hold spaces): state is
        // field 3, utime 14 and stime 15.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        #[allow(clippy::cast_precision_loss)] // ticks stay far below 2^52
        let total = (ticks(11) + ticks(12)) as f64;
        total / clock_ticks()
    }

    /// Peak resident memory (VmHWM), in MiB.
    pub(crate) fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kib = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .unwrap_or(0.0);
        kib / 1024.0
    }
}

/// Clock ticks per second for `/proc/PID/stat` (asked once).
fn clock_ticks() -> f64 {
    static TICKS: OnceLock<f64> = OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// The child side: serve `kind` on a free port, print the port, serve
/// until killed.
pub(crate) async fn serve_child(kind: &str, payload: Option<&str>) -> Result<(), BoxError> {
    use std::io::Write as _;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("{}", listener.local_addr()?.port());
    std::io::stdout().flush()?;
    match kind {
        "ours" => {
            Server::new()
                .register_instance(Conformance::default())
                .serve_listener(listener, std::future::pending())
                .await?;
        }
        "framed" => {
            FramedServer::new(Dispatcher::new().register_instance(Conformance::default()))
                .serve_listener(listener, std::future::pending())
                .await?;
        }
        "ceiling" => {
            let payload = payload
                .and_then(Payload::by_name)
                .ok_or("--payload: unknown")?;
            let canned = axum::body::Bytes::from(payload.canned_response());
            let app = crate::ceiling::router(canned);
            axum::serve(listener, app).await?;
        }
        other => return Err(format!("unknown server kind {other}").into()),
    }
    Ok(())
}
