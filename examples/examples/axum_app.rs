//! The main way into an application: your own axum app with XML-RPC at
//! `/RPC2` beside a JSON `/health`, behind an auth layer whose identity
//! reaches methods through their `Context`, with tower-http's
//! `TraceLayer`, served through `xmlrpc_server::serve` so that the
//! connection protections of `Limits` hold, and stopped gracefully by
//! SIGTERM (systemd, Docker, Kubernetes) or Ctrl-C.
//!
//! `cargo run --example axum_app` serves on a free port, calls itself and
//! exits; `-- --serve [ADDR]` serves (default 127.0.0.1:8000) until SIGTERM
//! or Ctrl-C, letting the calls in flight finish:
//!
//! ```text
//! curl -s localhost:8000/health
//! xmlrpc -H 'Authorization: Bearer s3cret-ada' call localhost:8000 whoami
//! ```

use std::future::IntoFuture as _;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use examples::run;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use xmlrpc_server::{Context, Fault, Limits, Server, rpc_service};

/// Who is calling, as the auth layer found it.
#[derive(Debug, Clone)]
struct Identity(String);

/// Bearer tokens and their users; a real app asks its user store.
const TOKENS: [(&str, &str); 2] = [("s3cret-ada", "ada"), ("s3cret-bob", "bob")];

/// The auth layer: a known bearer token becomes an [`Identity`] in the
/// request's extensions; anything else is 401 before XML-RPC is read.
async fn authenticate(mut request: Request, next: Next) -> Result<Response, StatusCode> {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let user = TOKENS
        .iter()
        .find(|(known, _)| Some(*known) == token)
        .map(|(_, user)| *user)
        .ok_or(StatusCode::UNAUTHORIZED)?;
    request.extensions_mut().insert(Identity(user.to_owned()));
    Ok(next.run(request).await)
}

/// The XML-RPC service.
struct Reports;

// In a binary `pub` is unreachable, but it marks the methods served.
#[allow(unreachable_pub)]
#[rpc_service]
impl Reports {
    /// The caller's name, as the auth layer found it.
    pub fn whoami(&self, ctx: &Context) -> Result<String, Fault> {
        ctx.extensions()
            .get::<Identity>()
            .map(|who| who.0.clone())
            .ok_or_else(|| Fault::new(401, "no identity"))
    }

    /// A report that takes `ms` milliseconds to make.
    pub async fn slow_report(&self, ctx: &Context, ms: u64) -> String {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        let who = ctx.extensions().get::<Identity>().map_or("", |w| &w.0);
        format!("report for {who} after {ms} ms")
    }
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// The application: the XML-RPC router behind the auth layer, merged
/// with the app's own routes, all traced.
fn app(limits: &Limits) -> Router {
    let rpc = Server::new()
        .register_instance(Reports)
        .limits(limits.clone())
        .into_router()
        .layer(middleware::from_fn(authenticate));
    Router::new()
        .route("/health", get(health))
        .merge(rpc)
        .layer(TraceLayer::new_for_http())
}

/// What `--help` prints.
const USAGE: &str = "Usage: axum_app [--serve [ADDR]]

Your own axum app: XML-RPC at /RPC2 behind a bearer-token layer, a JSON
/health, TraceLayer, the connection protections, graceful stop on SIGTERM.

Without options: serves on a free loopback port, calls itself, exits.
  --serve [ADDR]  keep serving on ADDR (default 127.0.0.1:8000) until Ctrl-C or SIGTERM";

#[tokio::main]
async fn main() -> Result<(), run::BoxError> {
    run::help(USAGE);
    use tracing_subscriber::layer::SubscriberExt as _;
    let only = tracing_subscriber::filter::Targets::new()
        .with_target("tower_http", tracing::Level::DEBUG)
        .with_target("xmlrpc_server", tracing::Level::INFO);
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::DEBUG)
        .finish()
        .with(only);
    tracing::subscriber::set_global_default(logs)?;

    let limits = Limits::default().shutdown_grace(Duration::from_secs(20));
    let args = run::Args::from_env();
    if let Some(addr) = args.serve_addr() {
        use std::io::Write as _;
        let listener = TcpListener::bind(&addr).await?;
        println!(
            "serving on http://{} (XML-RPC at /RPC2, /health; SIGTERM or Ctrl-C stops)",
            listener.local_addr()?
        );
        std::io::stdout().flush()?;
        xmlrpc_server::serve(listener, app(&limits))
            .limits(limits)
            .await?;
        println!("stopped after the calls in flight");
        return Ok(());
    }

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        xmlrpc_server::serve(listener, app(&limits))
            .limits(limits)
            .with_graceful_shutdown(async {
                stopped.await.ok();
            })
            .into_future(),
    );
    let http = reqwest::Client::builder().no_proxy().build()?;
    let health = http
        .get(format!("{base}/health"))
        .send()
        .await?
        .text()
        .await?;
    println!("GET /health = {health}");
    let ada = xmlrpc_client::Client::builder(&base)
        .no_proxy()
        .bearer_auth("s3cret-ada")
        .build()?;
    let name: String = ada.call("whoami", ()).await?;
    println!("whoami (ada's token) = {name}");
    let report: String = ada.call("slow_report", (50,)).await?;
    println!("slow_report(50) = {report}");
    let nobody = xmlrpc_client::Client::builder(&base).no_proxy().build()?;
    match nobody.call::<String>("whoami", ()).await {
        Err(error) => println!("whoami (no token) failed: {error}"),
        Ok(name) => println!("whoami (no token) = {name}?"),
    }
    stop.send(()).ok();
    server.await??;
    Ok(())
}
