//! Client benchmark: sequential `add(2, 3)` calls over one keep-alive
//! connection to the ceiling server, by our async and blocking clients,
//! Python's `xmlrpc.client`, and a raw hyper POST loop.

use std::process::Command;
use std::time::Instant;

use examples::run::BoxError;
use hyper::body::Bytes;
use xmlrpc_client::{BlockingClient, Client};

use crate::load::Conn;
use crate::payload::Payload;
use crate::servers::{Kind, Process};

const PYTHON_CLIENT: &str = r"
import sys, time, xmlrpc.client
proxy = xmlrpc.client.ServerProxy(sys.argv[1])
n = int(sys.argv[2])
assert proxy.add(2, 3) == 5
start = time.perf_counter()
for _ in range(n):
    if proxy.add(2, 3) != 5:
        raise SystemExit('wrong answer')
print(time.perf_counter() - start)
";

async fn raw_loop(process: &Process, body: &Bytes, calls: usize) -> Result<f64, BoxError> {
    let mut conn = Conn::open(process.addr).await?;
    let started = Instant::now();
    for _ in 0..calls {
        let (ok, got) = conn.post(body).await?;
        if !ok || got.is_empty() {
            return Err("bad answer".into());
        }
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Prints the client table.
pub(crate) async fn table(calls: usize) -> Result<(), BoxError> {
    let payload = Payload::all().remove(0);
    let process = Process::start(Kind::Ceiling, &payload)?;
    let url = format!("http://{}/RPC2", process.addr);
    let body = Bytes::from(payload.request.clone());

    raw_loop(&process, &body, 1000).await?; // warm-up
    let raw = raw_loop(&process, &body, calls).await?;

    let client = Client::builder(&url).no_proxy().build()?;
    let _: i32 = client.call("add", (2, 3)).await?;
    let started = Instant::now();
    for _ in 0..calls {
        let five: i32 = client.call("add", (2, 3)).await?;
        if five != 5 {
            return Err("wrong answer".into());
        }
    }
    let ours_async = started.elapsed().as_secs_f64();

    let blocking_url = url.clone();
    let ours_blocking = tokio::task::spawn_blocking(move || {
        let client = BlockingClient::builder(&blocking_url)
            .no_proxy()
            .build_blocking()?;
        let _: i32 = client.call("add", (2, 3))?;
        let started = Instant::now();
        for _ in 0..calls {
            let five: i32 = client.call("add", (2, 3))?;
            if five != 5 {
                return Err::<f64, BoxError>("wrong answer".into());
            }
        }
        Ok(started.elapsed().as_secs_f64())
    })
    .await??;

    let python = Command::new("python3")
        .args(["-c", PYTHON_CLIENT, &url, &calls.to_string()])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        });

    println!(
        "\n### Clients: {calls} sequential add(2, 3) over one keep-alive connection to the ceiling\n\n| client | calls/s | µs/call | vs raw hyper loop |\n|---|---|---|---|"
    );
    #[allow(clippy::cast_precision_loss)]
    let n = calls as f64;
    let mut rows = vec![
        ("raw hyper POST loop (ceiling)", Some(raw)),
        ("ours, async `Client`", Some(ours_async)),
        ("ours, `BlockingClient`", Some(ours_blocking)),
        ("Python `xmlrpc.client.ServerProxy`", python),
    ];
    for (name, seconds) in rows.drain(..) {
        match seconds {
            Some(s) => println!(
                "| {name} | {:.0} | {:.1} | {:.2} |",
                n / s,
                s * 1e6 / n,
                raw / s
            ),
            None => println!("| {name} | (python3 not available) | | |"),
        }
    }
    Ok(())
}
