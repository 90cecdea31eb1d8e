//! How every example runs: unattended by default (serve on a free loopback
//! port, call itself, print, exit), or serving on a fixed address with
//! `--serve [ADDR]` until Ctrl-C or SIGTERM.

use std::net::SocketAddr;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use xmlrpc_server::Server;

/// The error type of the example programs.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The address `--serve` uses when none is given: Python's `localhost:8000`.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8000";

/// The command line of an example, read by hand: the examples take a flag
/// or two, not worth a parser.
#[derive(Debug, Clone)]
pub struct Args(Vec<String>);

impl Args {
    /// The process's arguments, without the program name.
    #[must_use]
    pub fn from_env() -> Self {
        Self(std::env::args().skip(1).collect())
    }

    /// Arguments from a list (for tests).
    #[must_use]
    pub fn from_list<S: Into<String>>(args: impl IntoIterator<Item = S>) -> Self {
        Self(args.into_iter().map(Into::into).collect())
    }

    /// Whether `flag` is present.
    #[must_use]
    pub fn has(&self, flag: &str) -> bool {
        self.0.iter().any(|a| a == flag)
    }

    /// The value after `flag`, when there is one that is not itself a flag.
    #[must_use]
    pub fn value(&self, flag: &str) -> Option<&str> {
        let at = self.0.iter().position(|a| a == flag)?;
        self.0
            .get(at + 1)
            .map(String::as_str)
            .filter(|v| !v.starts_with("--"))
    }

    /// The address to keep serving on: `--serve [ADDR]` or `--addr ADDR`;
    /// `None` means run unattended.
    #[must_use]
    pub fn serve_addr(&self) -> Option<String> {
        if let Some(addr) = self.value("--addr") {
            return Some(addr.to_owned());
        }
        self.has("--serve")
            .then(|| self.serve_value().unwrap_or(DEFAULT_ADDR).to_owned())
    }

    /// The value after `--serve` when it is an address (`HOST:PORT`), so
    /// that `--serve DIR` leaves `DIR` a positional argument.
    fn serve_value(&self) -> Option<&str> {
        self.value("--serve").filter(|v| v.contains(':'))
    }

    /// The arguments that are neither flags nor flag values.
    #[must_use]
    pub fn positional(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut skip = false;
        for arg in &self.0 {
            if skip {
                skip = false;
            } else if arg.starts_with("--") {
                skip = match arg.as_str() {
                    "--serve" => self.serve_value().is_some(),
                    "--addr" | "--client" => true,
                    _ => false,
                };
            } else {
                out.push(arg.as_str());
            }
        }
        out
    }
}

/// A server running in the background of an unattended run.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Binds `addr` and serves `server` there in a background task.
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn start(server: Server, addr: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.serve_listener(listener, async {
            stopped.await.ok();
        }));
        Ok(Self { addr, stop, task })
    }

    /// The bound address.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/RPC2`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://{}/RPC2", self.addr)
    }

    /// Stops gracefully and waits for the server to finish.
    ///
    /// # Errors
    ///
    /// When the server task failed.
    pub async fn stop(self) -> Result<(), BoxError> {
        self.stop.send(()).ok();
        self.task.await??;
        Ok(())
    }
}

/// Prints `usage` and exits with status 0 when the command line asks for
/// help (`--help` or `-h`), before the example starts anything.
pub fn help(usage: &str) {
    let args = Args::from_env();
    if args.has("--help") || args.has("-h") {
        println!("{usage}");
        std::process::exit(0);
    }
}

/// The whole life of an example: with `--serve [ADDR]` (or `--addr ADDR`)
/// serve there until Ctrl-C or SIGTERM; otherwise serve on a free loopback port, run
/// `demo` with the endpoint's URL, stop the server and exit.
///
/// # Errors
///
/// When the address cannot be bound, or what `demo` fails with.
pub async fn serve_or_demo<F, Fut>(server: Server, demo: F) -> Result<(), BoxError>
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<(), BoxError>>,
{
    if let Some(addr) = Args::from_env().serve_addr() {
        return serve_until_signal(server, &addr, banner).await;
    }
    let running = Running::start(server, "127.0.0.1:0").await?;
    let result = demo(running.url()).await;
    running.stop().await?;
    result
}

/// Serves on `addr` until Ctrl-C or SIGTERM, printing `banner(bound
/// address)` first (and flushing, so that a parent process can read it);
/// the calls in flight then finish.
///
/// # Errors
///
/// When the address cannot be bound.
pub async fn serve_until_signal(
    server: Server,
    addr: &str,
    banner: impl FnOnce(SocketAddr) -> String,
) -> Result<(), BoxError> {
    use std::io::Write as _;
    let listener = TcpListener::bind(addr).await?;
    println!("{}", banner(listener.local_addr()?));
    std::io::stdout().flush()?;
    server
        .serve_listener(listener, xmlrpc_server::shutdown_signal())
        .await?;
    Ok(())
}

/// The usual banner: `serving XML-RPC on http://ADDR/RPC2`.
#[must_use]
pub fn banner(addr: SocketAddr) -> String {
    format!("serving XML-RPC on http://{addr}/RPC2 (Ctrl-C stops)")
}

/// A client of `url` that never goes through a proxy: the examples talk
/// to loopback only.
///
/// # Errors
///
/// For a URL that is not http(s).
pub fn client(url: &str) -> Result<xmlrpc_client::Client, xmlrpc_client::Error> {
    xmlrpc_client::Client::builder(url).no_proxy().build()
}

/// An XML-RPC int when the value fits 32 bits, else an `<i8>`: what
/// Python's client sends and expects for its unbounded ints.
#[must_use]
pub fn int(n: i64) -> xmlrpc_core::Value {
    i32::try_from(n).map_or(xmlrpc_core::Value::I8(n), xmlrpc_core::Value::Int)
}

/// What Python's `print()` shows for the value as `xmlrpc.client` decodes
/// it: strings bare at the top, `repr` inside containers (`['a', 1]`,
/// `{'k': True}`), `None` for nil.
#[must_use]
pub fn show(value: &xmlrpc_core::Value) -> String {
    match value {
        xmlrpc_core::Value::String(text) => text.clone(),
        other => repr(other),
    }
}

fn repr(value: &xmlrpc_core::Value) -> String {
    use xmlrpc_core::Value;
    match value {
        Value::Int(n) => n.to_string(),
        Value::I8(n) => n.to_string(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Double(x) => format!("{x:?}"),
        Value::String(text) => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::DateTime(dt) => format!("<DateTime '{dt}'>"),
        Value::Base64(bytes) => format!("<Binary {} bytes>", bytes.len()),
        Value::Nil => "None".to_owned(),
        Value::Array(items) => {
            let items: Vec<_> = items.iter().map(repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Struct(members) => {
            let members: Vec<_> = members
                .iter()
                .map(|(k, v)| format!("{}: {}", repr(&Value::from(k)), repr(v)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_positionals() {
        let args = Args::from_list(["--serve", "dir", "x"]);
        assert_eq!(args.serve_addr().as_deref(), Some(DEFAULT_ADDR));
        assert_eq!(args.positional(), vec!["dir", "x"]);
        let args = Args::from_list(["--serve", "0.0.0.0:1", "x"]);
        assert_eq!(args.serve_addr().as_deref(), Some("0.0.0.0:1"));
        assert_eq!(args.positional(), vec!["x"]);
        let args = Args::from_list(["dir", "--serve"]);
        assert_eq!(args.serve_addr().as_deref(), Some(DEFAULT_ADDR));
        assert_eq!(args.positional(), vec!["dir"]);
        let args = Args::from_list(["--addr", "127.0.0.1:1", "--json"]);
        assert_eq!(args.serve_addr().as_deref(), Some("127.0.0.1:1"));
        assert!(args.positional().is_empty());
        assert_eq!(Args::from_list(["a"]).serve_addr(), None);
        assert_eq!(int(5), xmlrpc_core::Value::Int(5));
        assert_eq!(int(1 << 40), xmlrpc_core::Value::I8(1 << 40));
    }

    #[test]
    fn show_prints_as_python_does() {
        use xmlrpc_core::{Struct, Value};
        assert_eq!(show(&Value::from("42")), "42");
        let members: Struct = [("k", Value::Bool(true)), ("n", Value::Nil)]
            .into_iter()
            .collect();
        let list = Value::Array(vec![
            Value::from("it's"),
            Value::Int(1),
            Value::Double(2.0),
            Value::Struct(members),
        ]);
        assert_eq!(show(&list), "['it\\'s', 1, 2.0, {'k': True, 'n': None}]");
    }
}
