//! The socket RPC tutorial: RPC from raw sockets, each message JSON with a
//! 4-byte length prefix, `{"in": "ping", "params": "ireader 0"}` answered
//! `{"out": "pong", "result": "ireader 0"}`, one connection carrying many
//! calls in turn. Here the transport is `FramedServer`, serving an
//! ordinary `#[rpc_service]`: the tutorial's threads, processes and
//! event loop are tokio's tasks.
//!
//! `cargo run --example ping` serves on a free port, sends ten pings on
//! one connection (the first as raw frames, to show the bytes, the rest
//! through the typed client) and exits. `-- --serve [ADDR]` serves
//! (default 127.0.0.1:8080, the tutorial's port) until Ctrl-C or
//! SIGTERM, for the tutorial's own client
//! (`examples/python/socket_rpc_client.py`). `--xml` uses XML-RPC
//! documents in the frames instead of JSON.

use std::net::SocketAddr;

use examples::run;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use xmlrpc_client::framed::FramedClient;
use xmlrpc_server::frame::FrameFormat;
use xmlrpc_server::{Dispatcher, FramedServer, rpc_service};

/// The tutorial's service.
struct Tutorial;

// In a binary `pub` is unreachable, but it marks the methods served.
#[allow(unreachable_pub)]
#[rpc_service]
impl Tutorial {
    /// Answers with the text it was sent (a `pong` answer in JSON frames).
    pub fn ping(&self, text: String) -> String {
        text
    }
}

/// The tutorial's port.
const TUTORIAL_ADDR: &str = "127.0.0.1:8080";

fn format(xml: bool) -> FrameFormat {
    if xml {
        FrameFormat::xml()
    } else {
        FrameFormat::json().answer_kind("ping", "pong")
    }
}

/// What `--help` prints.
const USAGE: &str = "Usage: ping [--xml] [--serve [ADDR]]

The socket RPC tutorial: JSON with a 4-byte length prefix over TCP,
{\"in\": \"ping\", \"params\": ...} answered {\"out\": \"pong\", \"result\": ...}.

Without options: serves on a free loopback port, sends ten pings, exits.
  --serve [ADDR]  keep serving on ADDR (default 127.0.0.1:8080, the tutorial's port)
  --xml           XML-RPC documents in the frames instead of JSON";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    let args = run::Args::from_env();
    let xml = args.has("--xml");
    let server =
        FramedServer::new(Dispatcher::new().register_instance(Tutorial)).format(format(xml));
    if args.has("--serve") || args.has("--addr") {
        use std::io::Write as _;
        let addr = args
            .value("--addr")
            .or_else(|| args.value("--serve").filter(|v| v.contains(':')))
            .unwrap_or(TUTORIAL_ADDR)
            .to_owned();
        let listener = TcpListener::bind(&addr).await?;
        let codec = if xml { "XML-RPC" } else { "JSON" };
        println!(
            "serving {codec} frames on {} (Ctrl-C stops)",
            listener.local_addr()?
        );
        std::io::stdout().flush()?;
        server
            .serve_listener(listener, xmlrpc_server::shutdown_signal())
            .await?;
        return Ok(());
    }

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.serve_listener(listener, async {
        stopped.await.ok();
    }));
    if !xml {
        raw_ping(addr).await?;
    }
    let client = TutorialClient::new(FramedClient::tcp(addr.to_string()).format(format(xml)));
    for i in 1..10 {
        let result = client.ping(format!("ireader {i}")).await?;
        println!("pong {result}");
    }
    stop.send(()).ok();
    serving.await??;
    Ok(())
}

/// The first ping as the tutorial's client sends it: a little-endian
/// length, then the JSON.
async fn raw_ping(addr: SocketAddr) -> Result<(), run::BoxError> {
    let mut stream = TcpStream::connect(addr).await?;
    let request = br#"{"in": "ping", "params": "ireader 0"}"#;
    let len = u32::try_from(request.len())?;
    stream.write_all(&len.to_le_bytes()).await?;
    stream.write_all(request).await?;
    println!("sent {len} bytes: {}", String::from_utf8_lossy(request));
    let mut prefix = [0_u8; 4];
    stream.read_exact(&mut prefix).await?;
    let mut body = vec![0_u8; usize::try_from(u32::from_le_bytes(prefix))?];
    stream.read_exact(&mut body).await?;
    println!(
        "got {} bytes: {}",
        body.len(),
        String::from_utf8_lossy(&body)
    );
    Ok(())
}
