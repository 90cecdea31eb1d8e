//! Serving the router: accepting connections, HTTP/1.1, limits on
//! connections and request heads, graceful shutdown, TLS.
//!
//! The accept loop is written here on purpose, rather than through
//! `axum::serve` or hyper-util's server. Neither caps connections with
//! displacement of idle ones, arms a head deadline that also covers idle
//! keep-alive time and the TLS handshake, or drains kept-alive connections
//! for a load balancer on shutdown; these are the protections `Limits`
//! promises. hyper still does all the HTTP/1.1.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, header};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::watch;
use tower::ServiceExt as _;

use crate::admission::{Backlog, Seat, accept_until};
use crate::bell::Bell;
use crate::deadline::Answered;
use crate::listen::shutdown_signal;
use crate::{Limits, Listener, Server};

impl Server {
    /// Serves on `addr` until Ctrl-C or SIGTERM, then stops accepting, lets the calls
    /// in flight finish (up to [`Limits::shutdown_grace`]), and returns.
    ///
    /// # Errors
    ///
    /// When `addr` cannot be bound.
    pub async fn serve(self, addr: impl ToSocketAddrs) -> io::Result<()> {
        let listener = TcpListener::bind(addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "serving XML-RPC");
        self.serve_listener(listener, shutdown_signal()).await
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
        self.serve_accepted(listener, shutdown).await
    }

    /// Serves plain HTTP on the connections `listener` accepts.
    pub(crate) async fn serve_accepted<L>(
        self,
        listener: L,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()>
    where
        L: Listener,
    {
        self.serve_wrapped(listener, shutdown, |stream| async move { Ok(stream) })
            .await
    }

    /// Serves this server's own router on the connections `listener`
    /// accepts, once `wrap` (a TLS handshake, or nothing) is done with each.
    async fn serve_wrapped<L, S, F, Fut>(
        self,
        listener: L,
        shutdown: impl Future<Output = ()> + Send,
        wrap: F,
    ) -> io::Result<()>
    where
        L: Listener,
        F: Fn(L::Stream) -> Fut,
        Fut: Future<Output = io::Result<S>> + Send + 'static,
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let limits = self.limits_ref().clone();
        run(
            listener,
            self.into_router(),
            Peers::Ours,
            limits,
            shutdown,
            wrap,
        )
        .await
    }

    /// Serves HTTPS on `addr` with `config` until Ctrl-C or SIGTERM, as
    /// [`serve`](Self::serve) does over plain HTTP.
    ///
    /// # Errors
    ///
    /// When `addr` cannot be bound.
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub async fn serve_tls(
        self,
        addr: impl ToSocketAddrs,
        config: Arc<tokio_rustls::rustls::ServerConfig>,
    ) -> io::Result<()> {
        let listener = TcpListener::bind(addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "serving XML-RPC over TLS");
        self.serve_tls_listener(listener, config, shutdown_signal())
            .await
    }

    /// Serves HTTPS on `listener` until `shutdown` completes. A client that
    /// does not finish its handshake within the header read time is
    /// dropped.
    ///
    /// # Errors
    ///
    /// None at present, as for [`serve_listener`](Self::serve_listener).
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub async fn serve_tls_listener(
        self,
        listener: TcpListener,
        config: Arc<tokio_rustls::rustls::ServerConfig>,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let handshake = tls_handshake(config, self.limits_ref().header_read_time_limit());
        self.serve_wrapped(listener, shutdown, handshake).await
    }
}

/// What makes an accepted connection a TLS one, within `time`.
#[cfg(feature = "tls")]
pub(crate) fn tls_handshake<S>(
    config: Arc<tokio_rustls::rustls::ServerConfig>,
    time: Duration,
) -> impl Fn(
    S,
) -> std::pin::Pin<
    Box<dyn Future<Output = io::Result<tokio_rustls::server::TlsStream<S>>> + Send>,
> + Send
+ 'static
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    move |stream| {
        let accept = acceptor.accept(stream);
        Box::pin(async move {
            tokio::time::timeout(time, accept)
                .await
                .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out"))?
        })
    }
}

/// The accept loop: one task per connection, at most
/// `limits.connection_limit()` at once.
pub(crate) async fn run<L, S, F, Fut>(
    listener: L,
    router: Router,
    peers: Peers,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
    wrap: F,
) -> io::Result<()>
where
    L: Listener,
    F: Fn(L::Stream) -> Fut,
    Fut: Future<Output = io::Result<S>> + Send + 'static,
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut http = hyper::server::conn::http1::Builder::new();
    // The head time is kept by each connection's task (see `deadline`),
    // not by a hyper timer.
    http.header_read_timeout(None)
        .max_header_size(limits.header_size_limit())
        // Not `pipeline_flush`: it holds back error answers (400, 431)
        // while unread input remains, and they are then lost.
        .keep_alive(true)
        // A client that shuts down its sending side after its request
        // still gets the answer, as from Python's server. hyper otherwise
        // reads during every call to spot an early end, and that read
        // allocates a new 8 KiB buffer per call while the request still
        // holds the old one (BENCHMARKS.md, step 11).
        .half_close(true);
    let head_time = limits.header_read_time_limit();
    let drain = limits.shutdown_drain_time();
    accept_until(
        listener,
        &limits,
        shutdown,
        Backlog::Serve,
        |stream, peer, seat, stopping| {
            let connection = Connection {
                router: router.clone(),
                peers,
                http: http.clone(),
                stopping,
                peer,
                head_time,
                drain,
                seat,
            };
            connection.start(wrap(stream));
        },
    )
    .await;
    Ok(())
}

/// What woke a connection's loop.
enum Event {
    /// hyper is done with the connection.
    Ended(Result<(), hyper::Error>),
    /// The check timer fired: a head deadline or the drain may have passed.
    Check,
    /// Shutdown has begun (`false`: the sender is gone, which counts too).
    Stopping(bool),
    /// Asked to make room for a new connection.
    Evicted,
}

/// The first of a connection's side events that is ready, each polled
/// only if the ones before it are not: the check timer, then shutdown
/// (`changed`, `None` once shutdown has been asked, since a finished
/// `changed()` must not be polled again), then eviction.
fn side_event<C, N>(
    check: Pin<&mut tokio::time::Sleep>,
    changed: Option<Pin<&mut C>>,
    evicted: Pin<&mut N>,
    cx: &mut Context<'_>,
) -> Poll<Event>
where
    C: Future<Output = Result<(), watch::error::RecvError>>,
    N: Future<Output = ()>,
{
    if check.poll(cx).is_ready() {
        return Poll::Ready(Event::Check);
    }
    if let Some(Poll::Ready(changed)) = changed.map(|changed| changed.poll(cx)) {
        return Poll::Ready(Event::Stopping(changed.is_ok()));
    }
    evicted.poll(cx).map(|()| Event::Evicted)
}

/// How the handlers of a served router learn the peer's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Peers {
    /// A `Server`'s own router: from the connection's task (see
    /// [`crate::http::CONNECTION_PEER`]), with no allocation per request.
    Ours,
    /// An application's router: also as the `ConnectInfo<SocketAddr>`
    /// extension its own handlers may extract, which costs each request
    /// the allocations of an extension map.
    ConnectInfo,
}

/// One accepted connection.
struct Connection {
    router: Router,
    peers: Peers,
    /// Shared settings (no timer: see `deadline`).
    http: hyper::server::conn::http1::Builder,
    stopping: watch::Receiver<bool>,
    /// None on a Unix socket.
    peer: Option<SocketAddr>,
    /// How long a request head may take to arrive.
    head_time: Duration,
    /// How long, on shutdown, an idle connection waits for one more call.
    drain: Duration,
    /// Its slot: the head deadline, and the call to make room.
    seat: Seat,
}

impl Connection {
    /// Serves the connection in a task of its own, once `io` (a TLS
    /// handshake, or nothing) is done.
    fn start<S, Fut>(self, io: Fut)
    where
        Fut: Future<Output = io::Result<S>> + Send + 'static,
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        tokio::spawn(async move {
            let _open = crate::observe::Connection::open();
            let mut stopping = self.stopping.clone();
            let evict = Arc::clone(&self.seat.evict);
            let peer = self.peer;
            let io = tokio::select! {
                biased;
                io = io => io,
                // A handshake still under way is not a call in flight.
                _ = stopping.wait_for(|stop| *stop) => return,
                () = evict.notified() => return,
            };
            match io {
                Ok(io) => self.serve(io).await,
                Err(error) => tracing::debug!(?peer, %error, "connection dropped before HTTP"),
            }
        });
    }

    async fn serve<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(self, mut io: S) {
        let (router, peer) = (self.router.clone(), self.peer);
        let extension = self.peers == Peers::ConnectInfo;
        let stopping = self.stopping.clone();
        let deadline = self.seat.deadline.clone();
        // The first head gets the whole head time from now (a TLS
        // handshake had a time of its own).
        deadline.arm_for(self.head_time);
        let (answers, head_time) = (deadline.clone(), self.head_time);
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            // The head is in: no deadline until the answer has gone out.
            let call = answers.begin();
            let answers = answers.clone();
            if let Some(peer) = peer.filter(|_| extension) {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
            }
            let answer = crate::http::CONNECTION_PEER.scope(peer, router.clone().oneshot(request));
            let stopping = stopping.clone();
            async move {
                let mut response = answer.await?;
                // Shutting down: the client must not send another call
                // on this connection (hyper closes it after this answer).
                if *stopping.borrow() {
                    response
                        .headers_mut()
                        .insert(header::CONNECTION, HeaderValue::from_static("close"));
                }
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| Answered::new(body, answers, call, head_time)),
                )
            }
        });
        let evict = Arc::clone(&self.seat.evict);
        let mut evicted = std::pin::pin!(evict.notified());
        let mut displaced = false;
        // hyper borrows the stream, so that it can be closed gently after.
        let conn = self.http.serve_connection(TokioIo::new(&mut io), service);
        let mut conn = std::pin::pin!(conn);
        let mut asked = *self.stopping.borrow();
        // On shutdown, until when an idle connection waits for one more
        // call (see `Limits::shutdown_drain`).
        let mut drain_until = None;
        if asked {
            drain_until = self.drain_until(&deadline);
            if drain_until.is_none() {
                conn.as_mut().graceful_shutdown();
            }
        }
        // Wakes this task when the head deadline may have passed.
        let first = if asked {
            drain_until.unwrap_or_else(Instant::now)
        } else {
            deadline.next_check(Instant::now(), self.head_time)
        };
        let mut check = std::pin::pin!(tokio::time::sleep_until(first.into()));
        // The side events are polled only when one of them has stirred
        // (see `bell`); hyper's connection on every wake.
        let bell = Bell::new();
        let side = Waker::from(Arc::clone(&bell));
        let mut stopping = self.stopping.clone();
        let mut changed = std::pin::pin!(stopping.changed());
        let result = loop {
            let event = std::future::poll_fn(|cx| {
                if let Poll::Ready(result) = conn.as_mut().poll(cx) {
                    return Poll::Ready(Event::Ended(result));
                }
                if !bell.answer(cx.waker()) {
                    return Poll::Pending;
                }
                let mut cx = Context::from_waker(&side);
                let changed = (!asked).then_some(changed.as_mut());
                let Poll::Ready(event) =
                    side_event(check.as_mut(), changed, evicted.as_mut(), &mut cx)
                else {
                    return Poll::Pending;
                };
                // The events after this one were not polled, and this one
                // is about to be replaced or moved.
                bell.mark();
                Poll::Ready(event)
            })
            .await;
            match event {
                Event::Ended(result) => break result,
                Event::Check => {
                    let now = Instant::now();
                    // A head (or the first byte of one) not in by its
                    // deadline: the connection closes, as hyper's own
                    // header timeout would close it.
                    if deadline.armed().is_some_and(|at| at <= now) {
                        tracing::debug!(?peer, "request head too slow: connection closed");
                        break Ok(());
                    }
                    if asked && drain_until.is_none_or(|until| now >= until) {
                        // Shutting down and waiting for a request head
                        // (idle, or a slow head trickling in) after the
                        // drain: no call is in flight, so the connection
                        // closes now, not when the head time runs out.
                        if deadline.armed().is_some() {
                            break Ok(());
                        }
                        if drain_until.take().is_some() {
                            // A call came during the drain: it is answered
                            // with `Connection: close`.
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                    let mut next = deadline.next_check(now, self.head_time);
                    if let Some(until) = drain_until {
                        next = next.min(until);
                    }
                    check.as_mut().reset(next.into());
                }
                Event::Stopping(changed) => {
                    asked = true;
                    if changed {
                        drain_until = self.drain_until(&deadline);
                        if drain_until.is_none() {
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                    check
                        .as_mut()
                        .reset(drain_until.unwrap_or_else(Instant::now).into());
                }
                Event::Evicted => {
                    // Making room for a new connection: only while no
                    // call is in flight.
                    if deadline.armed().is_some() {
                        displaced = true;
                        break Ok(());
                    }
                    evicted.set(evict.notified());
                }
            }
        };
        if let Err(error) = result {
            tracing::debug!(?peer, %error, "connection ended with an error");
        }
        if displaced {
            tracing::debug!(?peer, "connection closed to make room for a new one");
            return;
        }
        // On shutdown, close at once; otherwise give the client a moment.
        let grace = if *self.stopping.borrow() {
            Duration::from_millis(50)
        } else {
            Duration::from_secs(1)
        };
        linger(io, grace).await;
    }
}

impl Connection {
    /// Shutdown has begun: until when this connection, idle, waits for
    /// one more call (answered with `Connection: close`); `None` when it
    /// is to close after its call in flight, or at once.
    fn drain_until(&self, deadline: &crate::deadline::HeadDeadline) -> Option<Instant> {
        if deadline.armed().is_some() && !self.drain.is_zero() {
            return Instant::now().checked_add(self.drain);
        }
        None
    }
}

/// Closes a connection the way that keeps the last answer readable: send
/// FIN, then read and drop what the client still sends (a body that was
/// refused unread) for a moment. Closing with unread input makes the
/// kernel send RST, and a client that gets RST may lose the answer.
async fn linger<S: AsyncRead + AsyncWrite + Unpin>(mut io: S, grace: Duration) {
    // hyper may have shut down the write side already.
    let _ = io.shutdown().await;
    let drain = async {
        let mut sink = vec![0_u8; 16 << 10];
        let mut left: usize = 4 << 20;
        while left > 0 {
            match io.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    };
    let _ = tokio::time::timeout(grace, drain).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::Notify;

    #[tokio::test]
    async fn side_events_come_one_at_a_time_and_a_finished_watch_is_left_alone() {
        let (stop, mut stopping) = watch::channel(false);
        let notify = Notify::new();
        let mut check = std::pin::pin!(tokio::time::sleep(Duration::ZERO));
        tokio::time::sleep(Duration::from_millis(5)).await;
        let mut changed = std::pin::pin!(stopping.changed());
        let mut evicted = std::pin::pin!(notify.notified());
        stop.send(true).unwrap();
        notify.notify_one();
        let mut cx = Context::from_waker(Waker::noop());
        // All three are ready: the check timer comes first, and the watch
        // is not polled (its result would be lost, and a finished
        // `changed()` panics when polled again).
        let first = side_event(
            check.as_mut(),
            Some(changed.as_mut()),
            evicted.as_mut(),
            &mut cx,
        );
        assert!(matches!(first, Poll::Ready(Event::Check)));
        check
            .as_mut()
            .reset(tokio::time::Instant::now() + Duration::from_secs(60));
        let second = side_event(
            check.as_mut(),
            Some(changed.as_mut()),
            evicted.as_mut(),
            &mut cx,
        );
        assert!(matches!(second, Poll::Ready(Event::Stopping(true))));
        // Shutdown asked: the watch is left out from now on.
        let third = side_event(
            check.as_mut(),
            None::<Pin<&mut Pending>>,
            evicted.as_mut(),
            &mut cx,
        );
        assert!(matches!(third, Poll::Ready(Event::Evicted)));
        evicted.set(notify.notified());
        let fourth = side_event(
            check.as_mut(),
            None::<Pin<&mut Pending>>,
            evicted.as_mut(),
            &mut cx,
        );
        assert!(fourth.is_pending());
    }

    /// A shutdown watch that never changes.
    type Pending = std::future::Pending<Result<(), watch::error::RecvError>>;
}
