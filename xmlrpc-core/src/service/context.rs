//! What a call knows about the request that carried it.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use http::{Extensions, HeaderMap};

/// Runs a blocking closure where blocking is allowed; see
/// [`Context::with_blocking`].
pub type BlockingHook = Arc<dyn Fn(&mut dyn FnMut()) + Send + Sync>;

/// The request context of a call: who sent it and how.
///
/// A server fills it for each request (peer address, HTTP headers, and
/// whatever its layers put into the extensions, such as an authenticated
/// user) and hands it to the dispatch hook and to methods that take a
/// `&Context` parameter.
///
/// ```
/// use xmlrpc_core::Context;
///
/// #[derive(Clone, Debug, PartialEq)]
/// struct User(String);
///
/// let mut ctx = Context::new().with_peer_addr("127.0.0.1:4000".parse().unwrap());
/// ctx.extensions_mut().insert(User("ada".into()));
/// assert_eq!(ctx.extensions().get::<User>(), Some(&User("ada".into())));
/// assert_eq!(ctx.peer_addr().map(|a| a.port()), Some(4000));
/// ```
#[derive(Default, Clone)]
pub struct Context {
    peer_addr: Option<SocketAddr>,
    headers: HeaderMap,
    extensions: Extensions,
    blocking: Option<BlockingHook>,
}

impl Context {
    /// An empty context: no peer, no headers.
    #[must_use]
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// With the peer's address.
    #[must_use]
    #[inline]
    pub fn with_peer_addr(mut self, addr: SocketAddr) -> Self {
        self.peer_addr = Some(addr);
        self
    }

    /// With the request's headers.
    #[must_use]
    #[inline]
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// With typed data from the request, such as what a tower layer put
    /// into the HTTP request's extensions.
    #[must_use]
    #[inline]
    pub fn with_extensions(mut self, extensions: Extensions) -> Self {
        self.extensions = extensions;
        self
    }

    /// With a way to run blocking work: the service's synchronous methods
    /// run through `hook`, which a server on a multi-threaded runtime sets
    /// to something like `tokio::task::block_in_place` so that a method that
    /// blocks does not stall other requests. Without a hook they run in
    /// place.
    #[must_use]
    #[inline]
    pub fn with_blocking(mut self, hook: BlockingHook) -> Self {
        self.blocking = Some(hook);
        self
    }

    /// The peer's address, when the call came over a network.
    #[must_use]
    pub fn peer_addr(&self) -> Option<SocketAddr> {
        self.peer_addr
    }

    /// The request's headers (empty when there were none).
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Typed data attached by the server or its layers.
    #[must_use]
    pub fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Typed data attached by the server or its layers, mutably.
    pub fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.extensions
    }

    /// Runs `f`, through the blocking hook when there is one.
    pub fn run_blocking<R>(&self, f: impl FnOnce() -> R) -> R {
        let Some(hook) = &self.blocking else {
            return f();
        };
        let mut f = Some(f);
        let mut out = None;
        hook(&mut || {
            if let Some(f) = f.take() {
                out = Some(f());
            }
        });
        match out {
            Some(out) => out,
            // A hook that did not run the closure: run it here.
            None => match f.take() {
                Some(f) => f(),
                None => unreachable!("the closure ran but produced nothing"),
            },
        }
    }
}

/// Credentials are not printed: `Authorization`, `Proxy-Authorization`
/// and `Cookie` header values show as `<redacted>`.
impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("peer_addr", &self.peer_addr)
            .field("headers", &Redacted(&self.headers))
            .field("blocking", &self.blocking.is_some())
            .finish_non_exhaustive()
    }
}

/// Headers in `Debug` form, credentials left out.
struct Redacted<'a>(&'a HeaderMap);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Hidden;
        impl fmt::Debug for Hidden {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
        let secret = |name: &http::HeaderName| {
            name == http::header::AUTHORIZATION
                || name == http::header::PROXY_AUTHORIZATION
                || name == http::header::COOKIE
        };
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| {
                let shown: &dyn fmt::Debug = if secret(name) { &Hidden } else { value };
                (name, shown)
            }))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_leaves_credentials_out() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", "Basic YWRhOnNlY3JldA==".parse().unwrap());
        headers.insert("cookie", "session=abc123".parse().unwrap());
        headers.insert("user-agent", "python".parse().unwrap());
        let shown = format!("{:?}", Context::new().with_headers(headers));
        assert!(
            !shown.contains("YWRh") && !shown.contains("abc123"),
            "{shown}"
        );
        assert!(shown.contains("\"authorization\": <redacted>"), "{shown}");
        assert!(shown.contains("\"user-agent\": \"python\""), "{shown}");
    }

    #[test]
    fn blocking_work_goes_through_the_hook() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let ctx = Context::new().with_blocking(Arc::new(move |job| {
            seen.fetch_add(1, Ordering::SeqCst);
            job();
        }));
        assert_eq!(ctx.run_blocking(|| 6 * 7), 42);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(Context::new().run_blocking(|| "inline"), "inline");
        let lazy = Context::new().with_blocking(Arc::new(|_job| {}));
        assert_eq!(lazy.run_blocking(|| 1), 1);
    }
}
