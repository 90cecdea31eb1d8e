//! The server: endpoints, limits, and the router they make.

use std::sync::Arc;

use axum::Router;
use axum::handler::Handler as _;
use axum::routing::post_service;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use xmlrpc_core::{ParseOptions, Service};

use crate::budget::Budget;
use crate::function::{Function, Handler};
use crate::http::{Endpoint, blocking_hook, handle};
use crate::shortcut::Shortcut;
use crate::{Dispatcher, DocPage, Limits, System};

/// An XML-RPC server: one or more endpoints, each a [`Dispatcher`], served
/// over HTTP with the same [`Limits`].
///
/// The registration methods fill the default endpoint, served at `/` and
/// `/RPC2` (see [`paths`](Self::paths)); [`endpoint`](Self::endpoint)
/// adds others, as Python's `MultiPathXMLRPCServer` does.
///
/// ```
/// use xmlrpc_server::{Dispatcher, Server};
///
/// fn twice(n: i32) -> i32 { 2 * n }
/// fn greet(name: String) -> String { format!("hello, {name}") }
///
/// let app: axum::Router = Server::new()
///     .register_function(twice)
///     .endpoint("/objects/greeting", Dispatcher::new().register_function(greet))
///     .into_router();
/// # let _ = app;
/// ```
#[derive(Debug, Clone)]
pub struct Server {
    default: Dispatcher,
    default_paths: Vec<String>,
    endpoints: Vec<(String, Dispatcher)>,
    limits: Limits,
    gzip_above: u64,
    /// Routes beside the endpoints: metrics.
    extra: Router,
    docs: Option<DocPage>,
}

impl Default for Server {
    fn default() -> Self {
        Self::new()
    }
}

impl Server {
    /// A server with an empty default endpoint at `/` and `/RPC2`.
    #[must_use]
    pub fn new() -> Self {
        Self {
            default: Dispatcher::new(),
            default_paths: vec!["/".to_owned(), "/RPC2".to_owned()],
            endpoints: Vec::new(),
            limits: Limits::default(),
            gzip_above: 8 << 10,
            extra: Router::new(),
            docs: None,
        }
    }

    /// See [`Dispatcher::register_instance`].
    #[must_use]
    pub fn register_instance(mut self, service: impl Service) -> Self {
        self.default = self.default.register_instance(service);
        self
    }

    /// See [`Dispatcher::mount`].
    #[must_use]
    pub fn mount(mut self, name: &str, service: impl Service) -> Self {
        self.default = self.default.mount(name, service);
        self
    }

    /// See [`Dispatcher::register_function`].
    #[must_use]
    pub fn register_function<F: Handler<M>, M: 'static>(mut self, handler: F) -> Self {
        self.default = self.default.register_function(handler);
        self
    }

    /// See [`Dispatcher::register_function_as`].
    #[must_use]
    pub fn register_function_as<F: Handler<M>, M: 'static>(
        mut self,
        name: &str,
        handler: F,
    ) -> Self {
        self.default = self.default.register_function_as(name, handler);
        self
    }

    /// See [`Dispatcher::register`].
    #[must_use]
    pub fn register(mut self, function: Function) -> Self {
        self.default = self.default.register(function);
        self
    }

    /// Which `system.*` methods the default endpoint answers.
    #[must_use]
    pub fn system(mut self, system: System) -> Self {
        self.default = self.default.system(system);
        self
    }

    /// The paths of the default endpoint, in place of `/` and `/RPC2`.
    #[must_use]
    pub fn paths<P: Into<String>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.default_paths = paths.into_iter().map(Into::into).collect();
        self
    }

    /// Serves `dispatcher` at `path` as another endpoint with its own
    /// methods.
    #[must_use]
    pub fn endpoint(mut self, path: impl Into<String>, dispatcher: Dispatcher) -> Self {
        self.endpoints.push((path.into(), dispatcher));
        self
    }

    /// The limits on requests and connections.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Answers larger than `bytes` are gzip-compressed for clients that
    /// accept it (default 8 KiB; at most 64 KiB is honoured, so that large
    /// answers always are).
    #[must_use]
    pub fn gzip_above(mut self, bytes: u64) -> Self {
        self.gzip_above = bytes.min(64 << 10);
        self
    }

    /// Answers `GET path` with the metrics in Prometheus' text format
    /// (feature `metrics`; see [`prometheus`](crate::prometheus)).
    ///
    /// # Panics
    ///
    /// When `path` does not start with `/`, or is an endpoint's path.
    #[cfg(feature = "metrics")]
    #[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
    #[must_use]
    pub fn prometheus(mut self, path: &str, handle: crate::prometheus::PrometheusHandle) -> Self {
        self.extra = self.extra.merge(crate::prometheus::router(path, handle));
        self
    }

    /// Serves an HTML page listing every method of every endpoint, with
    /// its signatures and help, as Python's `DocXMLRPCServer` does, but at
    /// a path of its own: the endpoints still answer `GET` with 405.
    /// Every text on it is escaped, and its content security policy lets
    /// no script run.
    ///
    /// # Panics
    ///
    /// When the page's path does not start with `/`, or is an endpoint's.
    #[must_use]
    pub fn doc_page(mut self, page: DocPage) -> Self {
        self.docs = Some(page);
        self
    }

    /// The limits in force.
    #[must_use]
    pub fn limits_ref(&self) -> &Limits {
        &self.limits
    }

    /// The server as an `axum::Router`, to serve with [`serve`](Self::serve)
    /// or with `axum::serve`, or to merge into an application and wrap in
    /// tower layers. Each endpoint answers `POST` (405 with `Allow: POST`
    /// for other methods), decodes gzip requests (415 for other codings),
    /// applies the body limits (413), and compresses large answers.
    ///
    /// Serve the router, alone or merged into an application's with its
    /// layers, with [`serve`](crate::serve()): it keeps the connection-level
    /// protections of [`Limits`] (connection cap, request-head time and
    /// size, TLS handshake time, graceful shutdown on SIGTERM), which live
    /// in the accept loop, not in the router. Plain `axum::serve` serves
    /// it without them; use it only behind a proxy that enforces its own
    /// (and with `into_make_service_with_connect_info::<SocketAddr>()`, so
    /// that calls see the peer address). The body, depth, value, memory and
    /// multicall limits are in the router and hold either way.
    ///
    /// # Panics
    ///
    /// When two endpoints have the same path or a path does not start
    /// with `/`, as `axum::Router::route` does.
    pub fn into_router(self) -> Router {
        let limits = self.limits;
        let options = ParseOptions::default()
            .with_max_depth(limits.depth_limit())
            .with_max_values(limits.value_limit());
        let blocking = blocking_hook();
        let budget = Budget::new(limits.memory_limit());
        let make = |dispatcher: Dispatcher| Endpoint {
            dispatcher: Arc::new(dispatcher.default_multicall_limit(limits.multicall_limit())),
            options: options.clone(),
            inflated_limit: limits.inflated_body_limit(),
            body_read_timeout: limits.body_read_time_limit(),
            blocking: blocking.clone(),
            budget: Arc::clone(&budget),
        };
        let route = |endpoint: Endpoint| {
            let bare = handle.with_state(Arc::new(endpoint));
            // One stack under one route: axum boxes the service and the
            // body once, not once per layer.
            let full = ServiceBuilder::new()
                .layer(RequestBodyLimitLayer::new(limits.body_limit()))
                .layer(RequestDecompressionLayer::new())
                .layer(CompressionLayer::new().compress_when(SizeAbove::new(self.gzip_above)))
                .service(bare.clone());
            // Requests the layers would not touch skip them.
            post_service(Shortcut {
                bare,
                full,
                body_limit: limits.body_limit(),
                gzip_above: self.gzip_above,
            })
        };
        let docs = self.docs.as_ref().map(|page| {
            let mut endpoints = vec![(self.default_paths.clone(), self.default.methods())];
            endpoints.extend(
                self.endpoints
                    .iter()
                    .map(|(path, d)| (vec![path.clone()], d.methods())),
            );
            page.router(&endpoints)
        });
        let mut router = Router::new();
        let default = route(make(self.default));
        for path in &self.default_paths {
            router = router.route(path, default.clone());
        }
        for (path, dispatcher) in self.endpoints {
            router = router.route(&path, route(make(dispatcher)));
        }
        router = router.merge(self.extra);
        match docs {
            Some(docs) => router.merge(docs),
            None => router,
        }
    }
}
