//! Serving the router: accepting connections, HTTP/1.1, limits on
//! connections and request heads, graceful shutdown, TLS.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream, ToSocketAddrs};
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::{Limits, Server};

impl Server {
    /// Serves on `addr` until Ctrl-C, then stops accepting, lets the calls
    /// in flight finish (up to [`Limits::shutdown_grace`]), and returns.
    ///
    /// # Errors
    ///
    /// When `addr` cannot be bound.
    pub async fn serve(self, addr: impl ToSocketAddrs) -> io::Result<()> {
        let listener = TcpListener::bind(addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "serving XML-RPC");
        self.serve_listener(listener, ctrl_c()).await
    }

    /// Serves connections from `listener` until `shutdown` completes, then
    /// shuts down gracefully as [`serve`](Self::serve) does.
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// use tokio::net::TcpListener;
    /// use xmlrpc_server::Server;
    ///
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// let server = tokio::spawn(Server::new().serve_listener(listener, async {
    ///     stopped.await.ok();
    /// }));
    /// stop.send(()).ok();
    /// server.await??;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// None at present; accept errors (such as running out of file
    /// descriptors) are logged and retried.
    pub async fn serve_listener(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let limits = self.limits_ref().clone();
        run(listener, self.into_router(), limits, shutdown, |stream| async move {
            Ok(stream)
        })
        .await
    }

    /// Serves HTTPS on `addr` with `config` until Ctrl-C, as
    /// [`serve`](Self::serve) does over plain HTTP.
    ///
    /// # Errors
    ///
    /// When `addr` cannot be bound.
    #[cfg(feature = "tls")]
    pub async fn serve_tls(
        self,
        addr: impl ToSocketAddrs,
        config: Arc<tokio_rustls::rustls::ServerConfig>,
    ) -> io::Result<()> {
        let listener = TcpListener::bind(addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "serving XML-RPC over TLS");
        self.serve_tls_listener(listener, config, ctrl_c()).await
    }

    /// Serves HTTPS on `listener` until `shutdown` completes. A client that
    /// does not finish its handshake within the header read time is
    /// dropped.
    ///
    /// # Errors
    ///
    /// None at present, as for [`serve_listener`](Self::serve_listener).
    #[cfg(feature = "tls")]
    pub async fn serve_tls_listener(
        self,
        listener: TcpListener,
        config: Arc<tokio_rustls::rustls::ServerConfig>,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let limits = self.limits_ref().clone();
        let handshake_time = limits.header_read_time_limit();
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        run(listener, self.into_router(), limits, shutdown, move |stream| {
            let acceptor = acceptor.clone();
            async move {
                tokio::time::timeout(handshake_time, acceptor.accept(stream))
                    .await
                    .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out"))?
            }
        })
        .await
    }
}

async fn ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        tracing::error!(%error, "cannot listen for Ctrl-C; serving until killed");
        std::future::pending::<()>().await;
    }
    tracing::info!("shutting down: finishing calls in flight");
}

/// The accept loop: one task per connection, at most
/// `limits.connection_limit()` at once.
async fn run<S, F, Fut>(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
    wrap: F,
) -> io::Result<()>
where
    F: Fn(TcpStream) -> Fut,
    Fut: Future<Output = io::Result<S>> + Send + 'static,
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_time_limit())
        .max_header_size(limits.header_size_limit())
        .keep_alive(true)
        .pipeline_flush(true);
    let http = Arc::new(http);
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(limits.connection_limit().max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors, or a connection reset while
                    // queued: wait a moment rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set");
        }
        let router = router.clone();
        let http = Arc::clone(&http);
        let watcher = graceful.watcher();
        let io = wrap(stream);
        tokio::spawn(async move {
            let _permit = permit;
            let io = match io.await {
                Ok(io) => io,
                Err(error) => {
                    tracing::debug!(%peer, %error, "connection dropped before HTTP");
                    return;
                }
            };
            let service = tower::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                router.clone().oneshot(request)
            });
            let connection = http.serve_connection(TokioIo::new(io), TowerToHyperService::new(service));
            if let Err(error) = watcher.watch(connection).await {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace_time()) => {
            tracing::warn!("shutdown grace time over: closing connections with calls in flight");
        }
    }
    Ok(())
}
