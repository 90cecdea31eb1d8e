//! Every limit the server applies to what clients send, in one value.

use std::time::Duration;

use xmlrpc_core::ParseOptions;

/// The limits a server applies to each request and connection, with safe
/// defaults. Each limit says what a client that passes it gets back.
///
/// ```
/// use std::time::Duration;
/// use xmlrpc_server::Limits;
///
/// let limits = Limits::default()
///     .body(8 << 20)
///     .header_read_timeout(Duration::from_secs(10));
/// assert_eq!(limits.body_limit(), 8 << 20);
/// assert_eq!(limits.inflated_body_limit(), 32 << 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    body: usize,
    inflated_body: usize,
    depth: usize,
    values: usize,
    multicall: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    header_size: usize,
    connections: usize,
    connections_per_peer: Option<usize>,
    memory: usize,
    shutdown_grace: Duration,
    shutdown_drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body: 32 << 20,
            inflated_body: 32 << 20,
            depth: 256,
            values: ParseOptions::DEFAULT_MAX_VALUES,
            multicall: 10_000,
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(60),
            header_size: 64 << 10,
            connections: 1024,
            connections_per_peer: None,
            memory: 256 << 20,
            shutdown_grace: Duration::from_secs(30),
            shutdown_drain: Duration::from_secs(2),
        }
    }
}

impl Limits {
    /// The largest request body, as received (default 32 MiB). A declared
    /// `Content-Length` above it gets **413** before the body is read; a
    /// chunked body that grows past it gets 413 as soon as it does.
    #[must_use]
    pub fn body(mut self, bytes: usize) -> Self {
        self.body = bytes;
        self
    }

    /// The largest request body after gzip decoding (default 32 MiB).
    /// Decoding stops there with **413**, so a gzip bomb is never inflated
    /// past it.
    #[must_use]
    pub fn inflated_body(mut self, bytes: usize) -> Self {
        self.inflated_body = bytes;
        self
    }

    /// The deepest nesting of arrays and structs read in a request
    /// (default 256, at most 512). Deeper documents get fault **-32600**.
    /// Answers are written up to 256 levels whatever this says, as deep as
    /// other readers read by default; a deeper result is fault -32603.
    #[must_use]
    pub fn depth(mut self, levels: usize) -> Self {
        self.depth = levels;
        self
    }

    /// The most values one request may hold, nested ones included
    /// (default 1 048 576). A value takes 32 bytes in memory however short
    /// its XML (`<value/>` is 8 bytes), so this bounds what decoding a
    /// request can cost beyond its size. More values get fault **-32600**.
    #[must_use]
    pub fn values(mut self, count: usize) -> Self {
        self.values = count;
        self
    }

    /// The most calls in one `system.multicall` (default 10 000). A longer
    /// batch gets fault **-32602** and runs none of them.
    #[must_use]
    pub fn multicall(mut self, calls: usize) -> Self {
        self.multicall = calls;
        self
    }

    /// How long a client may take to send a request head (default 30 s),
    /// also the longest a kept-alive connection may sit idle. The
    /// connection is closed after it. `Duration::MAX` sets no limit.
    #[must_use]
    pub fn header_read_timeout(mut self, time: Duration) -> Self {
        self.header_read_timeout = time;
        self
    }

    /// How long a client may take to send a request body (default 60 s).
    /// A slower one gets **408**. `Duration::MAX` sets no limit.
    #[must_use]
    pub fn body_read_timeout(mut self, time: Duration) -> Self {
        self.body_read_timeout = time;
        self
    }

    /// The largest request head, request line and headers (default
    /// 64 KiB). A larger one gets **431**.
    #[must_use]
    pub fn header_size(mut self, bytes: usize) -> Self {
        self.header_size = bytes;
        self
    }

    /// The most connections served at once (default 1024). At the cap, a
    /// new connection displaces the one that has waited longest for a
    /// request head (an idle keep-alive connection, a head or a TLS
    /// handshake still arriving), so that clients who hold connections
    /// open without calling cannot lock others out. Only when every
    /// connection has a call in flight does a new one wait in the listen
    /// queue until one ends.
    #[must_use]
    pub fn connections(mut self, count: usize) -> Self {
        self.connections = count;
        self
    }

    /// The most connections one IP address may hold at once (no limit by
    /// default: behind a reverse proxy every client has the proxy's
    /// address). At its share, an address's next connection displaces
    /// its own longest-waiting one, or is closed at once when all of them
    /// have calls in flight. Not applied on Unix sockets.
    #[must_use]
    pub fn connections_per_peer(mut self, count: usize) -> Self {
        self.connections_per_peer = Some(count.max(1));
        self
    }

    /// The memory that requests being read and decoded may hold at once,
    /// server-wide (default 256 MiB). Each request is charged four times
    /// its size as its body arrives (at once for a declared
    /// `Content-Length`), for the body, the values it decodes into and its
    /// answer, until the answer is made; a request larger than the whole
    /// budget is charged all of it and runs alone. A request that finds no
    /// room waits up to the body read time ([`body_read_timeout`](Self::body_read_timeout)),
    /// then gets **503** with `Retry-After: 1`.
    ///
    /// What the process gives back to the system after a burst is up to
    /// the allocator: glibc's default keeps large freed blocks in its heap.
    /// For a server facing hostile load, run it with
    /// `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072`: large bodies
    /// and answers then go back to the system as soon as they are freed,
    /// at the cost of page faults on large requests (BENCHMARKS.md, memload).
    #[must_use]
    pub fn memory(mut self, bytes: usize) -> Self {
        self.memory = bytes;
        self
    }

    /// How long a graceful shutdown waits for calls in flight (default
    /// 30 s) before it closes their connections.
    #[must_use]
    pub fn shutdown_grace(mut self, time: Duration) -> Self {
        self.shutdown_grace = time;
        self
    }

    /// How long, on shutdown, a kept-alive connection with no request in
    /// progress stays open for one more request (default 2 s; zero closes
    /// such connections at once). That request is answered, with
    /// `Connection: close`, as is every answer after shutdown starts.
    ///
    /// Closing an idle kept-alive connection races with a client that is
    /// sending a request on it at that moment; a load balancer with
    /// kept-alive upstreams (nginx `keepalive`) then answers that call
    /// 502, since it does not resend a `POST`. Answering such requests
    /// with `Connection: close` instead lets the balancer use up its idle
    /// connections to this server and find its port closed (which it does
    /// retry elsewhere), so that no call fails. Calls in flight are
    /// waited for as [`shutdown_grace`](Self::shutdown_grace) says.
    #[must_use]
    pub fn shutdown_drain(mut self, time: Duration) -> Self {
        self.shutdown_drain = time;
        self
    }

    /// See [`body`](Self::body).
    #[must_use]
    pub fn body_limit(&self) -> usize {
        self.body
    }

    /// See [`inflated_body`](Self::inflated_body).
    #[must_use]
    pub fn inflated_body_limit(&self) -> usize {
        self.inflated_body
    }

    /// See [`depth`](Self::depth).
    #[must_use]
    pub fn depth_limit(&self) -> usize {
        self.depth
    }

    /// See [`multicall`](Self::multicall).
    #[must_use]
    pub fn multicall_limit(&self) -> usize {
        self.multicall
    }

    /// See [`header_read_timeout`](Self::header_read_timeout).
    #[must_use]
    pub fn header_read_time_limit(&self) -> Duration {
        self.header_read_timeout
    }

    /// See [`body_read_timeout`](Self::body_read_timeout).
    #[must_use]
    pub fn body_read_time_limit(&self) -> Duration {
        self.body_read_timeout
    }

    /// See [`header_size`](Self::header_size).
    #[must_use]
    pub fn header_size_limit(&self) -> usize {
        self.header_size
    }

    /// See [`connections`](Self::connections).
    #[must_use]
    pub fn connection_limit(&self) -> usize {
        self.connections
    }

    /// See [`connections_per_peer`](Self::connections_per_peer).
    #[must_use]
    pub fn peer_connection_limit(&self) -> Option<usize> {
        self.connections_per_peer
    }

    /// See [`memory`](Self::memory).
    #[must_use]
    pub fn memory_limit(&self) -> usize {
        self.memory
    }

    /// See [`values`](Self::values).
    #[must_use]
    pub fn value_limit(&self) -> usize {
        self.values
    }

    /// See [`shutdown_drain`](Self::shutdown_drain).
    #[must_use]
    pub fn shutdown_drain_time(&self) -> Duration {
        self.shutdown_drain
    }

    /// See [`shutdown_grace`](Self::shutdown_grace).
    #[must_use]
    pub fn shutdown_grace_time(&self) -> Duration {
        self.shutdown_grace
    }
}
