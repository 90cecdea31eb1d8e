//! Serving any `axum::Router` (the server's, merged into an application's
//! and wrapped in its layers) through the protected accept loop, and the
//! shutdown signals.

use std::future::{Future, IntoFuture};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
#[cfg(feature = "tls")]
use std::sync::Arc;

use axum::Router;
use tokio::net::{TcpListener, TcpStream};

use crate::Limits;
use crate::serve::{Peers, run};

/// Serves `router` on `listener` with the connection-level protections of
/// [`Limits`]: the cap on open connections (waiting ones make room for new
/// ones), the request-head time and size limits, the TLS handshake time
/// (`Serve::tls`, feature `tls`), and graceful shutdown on Ctrl-C or SIGTERM with
/// [`Limits::shutdown_grace`] for the calls in flight.
///
/// This is the way to serve [`Server::into_router`](crate::Server::into_router)
/// merged into an application: `axum::serve` would serve the same router
/// without those protections (it has no connection cap, no head timeout
/// and no header size limit of its own). Each request gets the peer's
/// `ConnectInfo<SocketAddr>`, as `into_make_service_with_connect_info`
/// gives it.
///
/// ```no_run
/// use axum::routing::get;
/// use xmlrpc_server::{Limits, Server};
///
/// # async fn run() -> std::io::Result<()> {
/// let limits = Limits::default().connections(512);
/// let app = axum::Router::new()
///     .route("/health", get(|| async { "ok" }))
///     .merge(Server::new().limits(limits.clone()).into_router());
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
/// xmlrpc_server::serve(listener, app).limits(limits).await
/// # }
/// ```
pub fn serve<L: Listener>(listener: L, router: Router) -> Serve<L> {
    Serve {
        listener,
        router,
        limits: Limits::default(),
        shutdown: None,
        #[cfg(feature = "tls")]
        tls: None,
    }
}

/// A router being served; see [`serve`]. Awaiting it serves until the
/// shutdown signal, then finishes the calls in flight.
#[must_use = "a Serve does nothing until awaited"]
pub struct Serve<L> {
    listener: L,
    router: Router,
    limits: Limits,
    shutdown: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
    #[cfg(feature = "tls")]
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
}

impl<L> std::fmt::Debug for Serve<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serve")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl<L: Listener> Serve<L> {
    /// The connection limits, head limits and shutdown grace to serve
    /// with (default: [`Limits::default`]). Pass the server's own, so that
    /// both halves agree.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Shuts down when `signal` completes instead of on Ctrl-C or SIGTERM
    /// (combine it with [`shutdown_signal`] to keep those).
    pub fn with_graceful_shutdown(
        mut self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> Self {
        self.shutdown = Some(Box::pin(signal));
        self
    }
}

#[cfg(feature = "tls")]
#[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
impl<L: Listener> Serve<L> {
    /// Serves HTTPS with `config`; a client that has not finished its
    /// handshake within the request-head time is dropped.
    pub fn tls(mut self, config: Arc<tokio_rustls::rustls::ServerConfig>) -> Self {
        self.tls = Some(config);
        self
    }
}

impl<L: Listener> IntoFuture for Serve<L> {
    type Output = io::Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let shutdown = self.shutdown.unwrap_or_else(|| Box::pin(shutdown_signal()));
        #[cfg(feature = "tls")]
        if let Some(config) = self.tls {
            let handshake =
                crate::serve::tls_handshake(config, self.limits.header_read_time_limit());
            return Box::pin(run(
                self.listener,
                self.router,
                Peers::ConnectInfo,
                self.limits,
                shutdown,
                handshake,
            ));
        }
        Box::pin(run(
            self.listener,
            self.router,
            Peers::ConnectInfo,
            self.limits,
            shutdown,
            |stream| async move { Ok(stream) },
        ))
    }
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM, the signal systemd, Docker
/// and Kubernetes stop a service with. The default shutdown signal of
/// [`serve`] and of [`Server::serve`](crate::Server::serve).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down: finishing calls in flight");
}

pub(crate) mod sealed {
    /// Only this crate's listeners are [`Listener`](super::Listener)s.
    pub trait Sealed {}
}

/// What [`serve`] accepts connections from: a `tokio::net::TcpListener`,
/// or a `tokio::net::UnixListener`, whose peers have no address.
pub trait Listener: sealed::Sealed + Send + 'static {
    /// A connection.
    #[doc(hidden)]
    type Stream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static;

    /// The next connection and its peer's address.
    #[doc(hidden)]
    fn accept_one(
        &self,
    ) -> impl Future<Output = io::Result<(Self::Stream, Option<SocketAddr>)>> + Send;
}

impl sealed::Sealed for TcpListener {}

impl Listener for TcpListener {
    type Stream = TcpStream;

    async fn accept_one(&self) -> io::Result<(TcpStream, Option<SocketAddr>)> {
        let (stream, peer) = self.accept().await?;
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set");
        }
        Ok((stream, Some(peer)))
    }
}
