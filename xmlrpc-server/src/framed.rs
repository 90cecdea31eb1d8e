//! Serving a dispatch table over length-prefixed frames instead of HTTP
//! (feature `framed`); the frame format and the JSON shape are
//! `xmlrpc_core::frame`'s.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::watch;
use xmlrpc_core::frame::{FrameFormat, PREFIX_LEN};
use xmlrpc_core::{BlockingHook, Context, Fault, ParseOptions, Service as _};

use crate::admission::{Backlog, Seat, accept_until};
use crate::budget::Budget;
use crate::listen::{Listener, shutdown_signal};
use crate::{Dispatcher, Limits};

/// Serves a [`Dispatcher`] (functions, services, `system.*`) over
/// length-prefixed frames on TCP or a Unix socket: the socket RPC
/// tutorial's transport. See [`xmlrpc_core::frame`] for the frame format
/// and the two codecs (XML-RPC documents by default, or the tutorial's
/// JSON).
///
/// Each connection carries calls in turn; a client may send its next call
/// before it reads the answer to the last, and answers come back in
/// order. Connections are served concurrently, each on its own task.
///
/// [`Limits`] apply as over HTTP, read for frames:
///
/// | Limit | For frames |
/// |---|---|
/// | [`Limits::body`] | the largest call frame; a larger prefix gets a fault -32600 frame and the connection is closed, before anything is allocated |
/// | [`Limits::header_read_timeout`] | how long a connection may wait between calls (idle) or take to send a prefix; it is then closed |
/// | [`Limits::body_read_timeout`] | how long a frame's body may take to arrive, and an answer to be taken; the connection is then closed |
/// | [`Limits::depth`], [`Limits::values`], [`Limits::multicall`] | as over HTTP |
/// | [`Limits::memory`] | call frames are charged as HTTP bodies are; with no room, a fault -32603 frame and a close |
/// | [`Limits::connections`], [`Limits::connections_per_peer`] | as over HTTP: idle connections make room for new ones |
/// | [`Limits::shutdown_grace`] | on shutdown idle connections close at once; calls in flight are answered within it |
///
/// A body that is not a call (not XML or JSON, the wrong shape) gets a
/// fault frame (-32700 or -32600) and the connection goes on: the frame's
/// length kept it in step. A frame cut short ends the connection.
///
/// ```no_run
/// use xmlrpc_server::frame::FrameFormat;
/// use xmlrpc_server::{Dispatcher, FramedServer};
///
/// fn ping(text: String) -> String {
///     text
/// }
///
/// # async fn run() -> std::io::Result<()> {
/// let methods = Dispatcher::new().register_function(ping);
/// FramedServer::new(methods)
///     .format(FrameFormat::json().answer_kind("ping", "pong"))
///     .serve("127.0.0.1:8080")
///     .await
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct FramedServer {
    methods: Dispatcher,
    format: FrameFormat,
    limits: Limits,
}

impl FramedServer {
    /// Serves `methods` with XML-RPC frames and the default limits.
    #[must_use]
    pub fn new(methods: Dispatcher) -> Self {
        Self {
            methods,
            format: FrameFormat::xml(),
            limits: Limits::default(),
        }
    }

    /// The codec and prefix byte order (default: [`FrameFormat::xml`]).
    /// Bodies are read with the nesting and value limits of
    /// [`limits`](Self::limits), whatever the format's own.
    #[must_use]
    pub fn format(mut self, format: FrameFormat) -> Self {
        self.format = format;
        self
    }

    /// The limits, as the table above reads them.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Serves on `addr` until Ctrl-C or SIGTERM, then shuts down
    /// gracefully.
    ///
    /// # Errors
    ///
    /// When `addr` cannot be bound.
    pub async fn serve(self, addr: impl ToSocketAddrs) -> io::Result<()> {
        let listener = TcpListener::bind(addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "serving framed XML-RPC");
        self.serve_listener(listener, shutdown_signal()).await
    }

    /// Serves connections from `listener` (a `tokio::net::TcpListener` or
    /// `UnixListener`) until `shutdown` completes: then it stops
    /// accepting, closes idle connections, answers the calls in flight
    /// (up to [`Limits::shutdown_grace`]) and returns.
    ///
    /// # Errors
    ///
    /// None at present; accept errors are logged and retried.
    pub async fn serve_listener<L: Listener>(
        self,
        listener: L,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let limits = self.limits;
        let options = ParseOptions::default()
            .with_max_depth(limits.depth_limit())
            .with_max_values(limits.value_limit());
        let shared = Arc::new(Shared {
            methods: self
                .methods
                .default_multicall_limit(limits.multicall_limit()),
            format: self.format.parse_options(options),
            budget: Budget::new(limits.memory_limit()),
            blocking: crate::http::blocking_hook(),
            limits: limits.clone(),
        });
        // Framed connections close at once on shutdown when idle (there
        // is no `Connection: close` to announce it), so connections still
        // queued are not taken in.
        accept_until(
            listener,
            &limits,
            shutdown,
            Backlog::Drop,
            |stream, peer, seat, stopping| {
                let connection = Connection {
                    shared: Arc::clone(&shared),
                    peer,
                    seat,
                    stopping,
                };
                tokio::spawn(connection.serve(stream));
            },
        )
        .await;
        Ok(())
    }
}

/// What every connection of one server shares.
struct Shared {
    methods: Dispatcher,
    format: FrameFormat,
    budget: Arc<Budget>,
    blocking: BlockingHook,
    limits: Limits,
}

struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    seat: Seat,
    stopping: watch::Receiver<bool>,
}

/// Why a connection ends.
enum End {
    /// Closed by the peer, idle too long, made room, or shutting down.
    Quiet,
    /// A problem worth a debug line.
    Because(String),
}

impl Connection {
    async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut self, mut io: S) {
        let _open = crate::observe::Connection::open();
        let end = loop {
            match self.next_call(&mut io).await {
                Ok(()) => {}
                Err(end) => break end,
            }
        };
        if let End::Because(why) = end {
            tracing::debug!(peer = ?self.peer, "framed connection closed: {why}");
        }
        // Send FIN so that a last error frame is read, not reset away.
        let _ = tokio::time::timeout(Duration::from_secs(1), io.shutdown()).await;
    }

    /// Reads one call frame, runs it, writes its answer.
    async fn next_call<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        io: &mut S,
    ) -> Result<(), End> {
        let shared = Arc::clone(&self.shared);
        let limits = &shared.limits;
        if *self.stopping.borrow() {
            return Err(End::Quiet);
        }
        let head_time = limits.header_read_time_limit();
        self.seat.deadline.arm_for(head_time);
        let mut prefix = [0_u8; PREFIX_LEN];
        let read = tokio::select! {
            read = tokio::time::timeout(head_time, io.read_exact(&mut prefix)) => read,
            _ = self.stopping.wait_for(|stop| *stop) => return Err(End::Quiet),
            () = self.seat.evict.notified() => return Err(End::Quiet),
        };
        self.seat.deadline.disarm();
        match read {
            Ok(Ok(_)) => {}
            Ok(Err(error)) if error.kind() == io::ErrorKind::UnexpectedEof => {
                return Err(End::Quiet);
            }
            Ok(Err(error)) => return Err(End::Because(error.to_string())),
            Err(_) => return Err(End::Because("no call within the idle time".into())),
        }
        let body_time = limits.body_read_time_limit();
        let len = match shared.format.body_len(prefix, limits.body_limit()) {
            Ok(len) => len,
            Err(error) => {
                // The stream cannot be kept in step without reading the
                // frame: answer, and close.
                let answer = shared.format.reply_frame("", &Err(error.to_fault()));
                let _ = tokio::time::timeout(body_time, io.write_all(&answer)).await;
                return Err(End::Because(error.to_string()));
            }
        };
        let mut charge = shared.budget.charge();
        if charge.grow(len, body_time).await.is_err() {
            let busy = Fault::internal("the server is busy with other requests: try again");
            let answer = shared.format.reply_frame("", &Err(busy));
            let _ = tokio::time::timeout(body_time, io.write_all(&answer)).await;
            return Err(End::Because("no memory budget for the frame".into()));
        }
        // Grown as the bytes come, not allocated from the prefix.
        let mut body = Vec::with_capacity(len.min(64 << 10));
        let limit = u64::try_from(len).unwrap_or(u64::MAX);
        match tokio::time::timeout(body_time, (&mut *io).take(limit).read_to_end(&mut body)).await {
            Ok(Ok(n)) if n == len => {}
            Ok(Ok(n)) => {
                return Err(End::Because(format!(
                    "a frame cut short at {n} of {len} bytes"
                )));
            }
            Ok(Err(error)) => return Err(End::Because(error.to_string())),
            Err(_) => return Err(End::Because("the frame took too long to arrive".into())),
        }
        let (name, reply) = match shared.format.read_call(&body) {
            Ok(call) => {
                drop(body);
                let mut ctx = Context::new().with_blocking(shared.blocking.clone());
                if let Some(peer) = self.peer {
                    ctx = ctx.with_peer_addr(peer);
                }
                let name = call.name.clone();
                (name, shared.methods.call(call, &ctx).await)
            }
            Err(error) => {
                tracing::debug!(%error, "frame refused");
                (String::new(), Err(error.to_fault()))
            }
        };
        let answer = shared.format.reply_frame(&name, &reply);
        match tokio::time::timeout(body_time, io.write_all(&answer)).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => return Err(End::Because(error.to_string())),
            Err(_) => return Err(End::Because("the answer was not taken in time".into())),
        }
        drop(charge);
        Ok(())
    }
}
