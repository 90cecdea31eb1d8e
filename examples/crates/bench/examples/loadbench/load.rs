//! The load generator: 32 keep-alive connections on hyper (or raw frames
//! for the framed server), each sending the payload again as soon as its
//! answer is in, for a fixed time.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use examples::run::BoxError;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use xmlrpc_core::{MethodResponse, Value};

use crate::payload::Payload;
use crate::servers::{Kind, Process};

const CONNECTIONS: usize = 32;

/// What one connection saw.
#[derive(Debug, Default)]
struct Seen {
    latencies_us: Vec<u32>,
    wrong: usize,
}

/// One round's figures.
#[derive(Debug, Clone, Copy)]
struct Round {
    rps: f64,
    p50_us: u32,
    p99_us: u32,
    cpu_us_per_req: f64,
    wrong: usize,
}

/// One server's figures on one payload: medians of the rounds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Figures {
    rps: f64,
    p50_us: u32,
    p99_us: u32,
    cpu_us_per_req: f64,
    peak_rss_mib: f64,
}

/// One keep-alive HTTP/1.1 connection on hyper's client, no pool.
pub(crate) struct Conn {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    host: String,
}

impl Conn {
    pub(crate) async fn open(addr: SocketAddr) -> Result<Self, BoxError> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        Ok(Self {
            sender,
            host: addr.to_string(),
        })
    }

    /// POSTs `body` to `/RPC2`: whether the status was 200, and the body.
    pub(crate) async fn post(&mut self, body: &Bytes) -> Result<(bool, Bytes), BoxError> {
        self.sender.ready().await?;
        let req = http::Request::post("/RPC2")
            .header(http::header::HOST, &self.host)
            .header(http::header::CONTENT_TYPE, "text/xml")
            .body(Full::new(body.clone()))?;
        let response = self.sender.send_request(req).await?;
        let ok = response.status() == http::StatusCode::OK;
        Ok((ok, response.into_body().collect().await?.to_bytes()))
    }
}

/// Sends `request` as frames on one connection until `until`: the same
/// document, with the XML codec's big-endian length in front.
async fn framed_connection(
    addr: SocketAddr,
    request: Bytes,
    expected: Arc<Value>,
    until: Instant,
) -> Result<Seen, BoxError> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut frame = u32::try_from(request.len())?.to_be_bytes().to_vec();
    frame.extend_from_slice(&request);
    let mut seen = Seen::default();
    let mut known: Option<Vec<u8>> = None;
    let mut body = Vec::new();
    while Instant::now() < until {
        let started = Instant::now();
        stream.write_all(&frame).await?;
        let mut prefix = [0_u8; 4];
        stream.read_exact(&mut prefix).await?;
        body.resize(usize::try_from(u32::from_be_bytes(prefix))?, 0);
        stream.read_exact(&mut body).await?;
        let took = started.elapsed();
        seen.latencies_us
            .push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
        if known.as_ref() != Some(&body) {
            match MethodResponse::from_xml(&body) {
                Ok(MethodResponse::Success(v)) if v == *expected => known = Some(body.clone()),
                _ => seen.wrong += 1,
            }
        }
    }
    Ok(seen)
}

/// Sends `request` on one connection until `until`.
async fn connection(
    addr: SocketAddr,
    request: Bytes,
    expected: Arc<Value>,
    until: Instant,
) -> Result<Seen, BoxError> {
    let mut conn = Conn::open(addr).await?;
    let mut seen = Seen::default();
    let mut known: Option<Bytes> = None;
    while Instant::now() < until {
        let started = Instant::now();
        let (ok_status, body) = conn.post(&request).await?;
        let took = started.elapsed();
        seen.latencies_us
            .push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
        if !ok_status {
            seen.wrong += 1;
        } else if known.as_ref() != Some(&body) {
            match MethodResponse::from_xml(&body) {
                Ok(MethodResponse::Success(v)) if v == *expected => known = Some(body),
                _ => seen.wrong += 1,
            }
        }
    }
    Ok(seen)
}

async fn round(process: &Process, payload: &Payload, time: Duration) -> Result<Round, BoxError> {
    let request = Bytes::from(payload.request.clone());
    let expected = Arc::new(payload.expected.clone());
    let cpu_before = process.cpu_seconds();
    let started = Instant::now();
    let until = started + time;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (request, expected) = (request.clone(), expected.clone());
            if process.kind == Kind::Framed {
                tokio::spawn(framed_connection(process.addr, request, expected, until))
            } else {
                tokio::spawn(connection(process.addr, request, expected, until))
            }
        })
        .collect();
    let mut latencies = Vec::new();
    let mut wrong = 0;
    for task in tasks {
        let seen = task.await??;
        latencies.extend(seen.latencies_us);
        wrong += seen.wrong;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = process.cpu_seconds() - cpu_before;
    latencies.sort_unstable();
    let at = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = ((latencies.len() as f64 - 1.0) * q).round() as usize;
        latencies.get(i).copied().unwrap_or(0)
    };
    #[allow(clippy::cast_precision_loss)]
    let n = latencies.len().max(1) as f64;
    Ok(Round {
        rps: n / elapsed,
        p50_us: at(0.50),
        p99_us: at(0.99),
        cpu_us_per_req: cpu * 1e6 / n,
        wrong,
    })
}

fn median<T: Copy + PartialOrd>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

async fn measure(
    kind: Kind,
    payload: &Payload,
    time: Duration,
    rounds: usize,
) -> Result<(Figures, usize), BoxError> {
    let process = Process::start(kind, payload)?;
    // Warm-up: connections, allocator, Python's imports.
    round(&process, payload, Duration::from_millis(500)).await?;
    let mut all = Vec::new();
    for _ in 0..rounds.max(1) {
        all.push(round(&process, payload, time).await?);
    }
    let wrong = all.iter().map(|r| r.wrong).sum();
    let figures = Figures {
        rps: median(all.iter().map(|r| r.rps).collect()),
        p50_us: median(all.iter().map(|r| r.p50_us).collect()),
        p99_us: median(all.iter().map(|r| r.p99_us).collect()),
        cpu_us_per_req: median(all.iter().map(|r| r.cpu_us_per_req).collect()),
        peak_rss_mib: process.peak_rss_mib(),
    };
    Ok((figures, wrong))
}

/// Runs every server on every payload and prints one table per payload;
/// answers how many responses were wrong.
pub(crate) async fn server_tables(
    time: Duration,
    rounds: usize,
    only: Option<&str>,
    payloads: Option<&str>,
) -> Result<usize, BoxError> {
    let mut wrong_total = 0;
    for payload in Payload::all() {
        if payloads.is_some_and(|p| !payload.name.starts_with(p)) {
            continue;
        }
        println!(
            "\n### {} ({} bytes of request)\n\n| server | req/s | p50 | p99 | server CPU/req | peak RSS | req/s vs ceiling | CPU/req vs ceiling | req/s vs Python |\n|---|---|---|---|---|---|---|---|---|",
            payload.name,
            payload.request.len()
        );
        let mut results = Vec::new();
        for kind in Kind::ALL {
            if only.is_some_and(|only| !kind.label().starts_with(only)) {
                continue;
            }
            let (figures, wrong) = measure(kind, &payload, time, rounds).await?;
            if wrong > 0 {
                println!("WRONG: {wrong} bad responses from {}", kind.label());
            }
            wrong_total += wrong;
            results.push((kind, figures));
        }
        let of = |k: Kind| results.iter().find(|(kind, _)| *kind == k).map(|(_, f)| *f);
        let nan = Figures {
            rps: f64::NAN,
            p50_us: 0,
            p99_us: 0,
            cpu_us_per_req: f64::NAN,
            peak_rss_mib: 0.0,
        };
        let ceiling = of(Kind::Ceiling).unwrap_or(nan);
        let python = of(Kind::Python).unwrap_or(nan);
        for (kind, f) in &results {
            println!(
                "| {} | {:.0} | {} µs | {} µs | {:.1} µs | {:.1} MiB | {:.2} | {:.2} | {:.1}× |",
                kind.label(),
                f.rps,
                f.p50_us,
                f.p99_us,
                f.cpu_us_per_req,
                f.peak_rss_mib,
                f.rps / ceiling.rps,
                f.cpu_us_per_req / ceiling.cpu_us_per_req,
                f.rps / python.rps,
            );
        }
    }
    Ok(wrong_total)
}
