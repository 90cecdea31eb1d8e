//! Setting a client up.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use xmlrpc_core::{MulticallShape, ParseOptions};

use crate::client::{Client, Inner, Progress, ProgressHook};
use crate::error::redact_url;
use crate::{BlockingClient, Error};

/// Sets up a [`Client`]: timeouts, headers, authentication, cookies,
/// proxies, TLS, compression and limits.
///
/// | Setting | Default | Set with |
/// |---|---|---|
/// | a call's whole time | none | [`timeout`](Self::timeout), or [`Client::with_timeout`] per client |
/// | connecting | 30 s | [`connect_timeout`](Self::connect_timeout) |
/// | the server sending nothing | 300 s | [`read_timeout`](Self::read_timeout) |
/// | redirects | 307 and 308 only, 5 hops | [`max_redirects`](Self::max_redirects) |
/// | response size, decoded | 64 MiB | [`max_response`](Self::max_response) |
/// | response nesting | 256 levels | [`max_depth`](Self::max_depth) |
/// | values in a response | 8 388 608 | [`max_values`](Self::max_values) |
/// | control characters in text | refused | [`control_characters`](Self::control_characters) |
/// | gzip | answers accepted and decoded; requests sent plain | [`gzip`](Self::gzip), [`gzip_above`](Self::gzip_above) |
/// | multicall answers | standard, or Supervisor's when it shows | [`multicall_shape`](Self::multicall_shape) |
/// | idle connections kept | 90 s, unbounded count | [`pool_idle_timeout`](Self::pool_idle_timeout), [`pool_max_idle_per_host`](Self::pool_max_idle_per_host) |
/// | proxies | from `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY` | [`proxy`](Self::proxy), [`no_proxy`](Self::no_proxy) |
/// | TLS roots | Mozilla's (webpki-roots); also the system's with the feature `native-roots` | [`root_certificate`](Self::root_certificate) |
/// | cookies | not kept | [`cookie_store`](Self::cookie_store) |
/// | `User-Agent` | `xmlrpc-rs/<version>` | [`user_agent`](Self::user_agent) |
///
/// ```
/// use std::time::Duration;
/// use xmlrpc_client::Client;
///
/// let client = Client::builder("http://ada:secret@localhost:8000")
///     .timeout(Duration::from_secs(10))
///     .header("x-trace", "on")
///     .gzip_above(64 << 10)
///     .build()?;
/// assert_eq!(client.url().path(), "/RPC2");
/// assert_eq!(client.url().username(), "");
/// # Ok::<(), xmlrpc_client::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    url: String,
    http: reqwest::ClientBuilder,
    headers: HeaderMap,
    auth: Option<(String, Option<String>)>,
    gzip_above: Option<usize>,
    max_response: usize,
    timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    own_http: Option<reqwest::Client>,
    options: ParseOptions,
    multicall_shape: MulticallShape,
    progress: Option<ProgressHook>,
    error: Option<Error>,
}

/// The default limit on a response, after decoding: 64 MiB.
pub const DEFAULT_MAX_RESPONSE: usize = 64 << 20;

/// Credentials are not printed: the URL's password, the basic-auth
/// password and sensitive header values are left out.
impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("url", &redact_url(&self.url))
            .field("headers", &self.headers)
            .field("user", &self.auth.as_ref().map(|(user, _)| user))
            .field("gzip_above", &self.gzip_above)
            .field("max_response", &self.max_response)
            .field("timeout", &self.timeout)
            .field("multicall_shape", &self.multicall_shape)
            .finish_non_exhaustive()
    }
}

/// How many redirects are followed by default.
const MAX_REDIRECTS: usize = 5;

/// How long the server may send nothing, by default.
const READ_TIMEOUT: Duration = Duration::from_secs(300);

/// Follows 307 and 308 only, which keep the method and the body, up to
/// `max` hops. Any other redirect (301, 302, 303 would turn the call into
/// a GET) stops there: the client reports its status.
fn redirects(max: usize) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        let keeps_the_call = matches!(attempt.status().as_u16(), 307 | 308);
        if keeps_the_call && attempt.previous().len() <= max {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

impl ClientBuilder {
    pub(crate) fn new(url: &str) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("xmlrpc-rs/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(30))
            .redirect(redirects(MAX_REDIRECTS));
        Self {
            url: url.to_owned(),
            http,
            headers: HeaderMap::new(),
            auth: None,
            gzip_above: None,
            max_response: DEFAULT_MAX_RESPONSE,
            timeout: None,
            read_timeout: Some(READ_TIMEOUT),
            own_http: None,
            options: ParseOptions::default().with_max_values(DEFAULT_MAX_RESPONSE / 8),
            multicall_shape: MulticallShape::Auto,
            progress: None,
            error: None,
        }
    }

    fn fail(mut self, error: Error) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// The longest a whole call may take (none by default): connecting,
    /// sending, the server's work and the answer.
    pub fn timeout(mut self, time: Duration) -> Self {
        self.timeout = Some(time);
        self
    }

    /// The longest the server may send nothing, while a call waits for its
    /// answer or reads it (300 s by default; `None` waits for ever), so
    /// that a server that went silent cannot hang a caller.
    pub fn read_timeout(mut self, time: Option<Duration>) -> Self {
        self.read_timeout = time;
        self
    }

    /// The longest connecting may take (30 s by default).
    pub fn connect_timeout(mut self, time: Duration) -> Self {
        self.http = self.http.connect_timeout(time);
        self
    }

    /// A header sent with every call. `Authorization`, `Proxy-Authorization`
    /// and `Cookie` values are marked sensitive: `Debug` does not print them.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match header_pair(name, value) {
            Ok((name, value)) => {
                self.headers.insert(name, value);
                self
            }
            Err(e) => self.fail(e),
        }
    }

    /// `Authorization: Bearer <token>` with every call (basic auth, when
    /// also set, takes its place).
    pub fn bearer_auth(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    /// Gzip on or off (on by default): on, answers are asked for and
    /// decoded in gzip; off, no `Accept-Encoding` is sent, nothing is
    /// decoded, and [`gzip_above`](Self::gzip_above) is ignored.
    pub fn gzip(mut self, on: bool) -> Self {
        self.http = self.http.gzip(on);
        if !on {
            self.gzip_above = None;
        }
        self
    }

    /// How long an idle kept-alive connection stays open (90 s by
    /// default; `None` keeps it until the server closes it).
    pub fn pool_idle_timeout(mut self, time: Option<Duration>) -> Self {
        self.http = self.http.pool_idle_timeout(time);
        self
    }

    /// How many idle connections are kept per host (no limit by default).
    pub fn pool_max_idle_per_host(mut self, count: usize) -> Self {
        self.http = self.http.pool_max_idle_per_host(count);
        self
    }

    /// Calls `hook` as each call's request goes out (in 64 KiB pieces)
    /// and its answer comes in, for a progress bar (the `xmlrpc` tool
    /// shows one on a terminal). Not called for calls of other clients.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::sync::Arc;
    ///
    /// let received = Arc::new(AtomicU64::new(0));
    /// let seen = Arc::clone(&received);
    /// let client = xmlrpc_client::Client::builder("http://localhost:8000")
    ///     .on_progress(move |p| seen.store(p.received, Ordering::Relaxed))
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), xmlrpc_client::Error>(())
    /// ```
    pub fn on_progress(mut self, hook: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(hook));
        self
    }

    /// Sends the calls through this `reqwest::Client` (for its middleware,
    /// TLS or connector settings of your own). The HTTP-level settings of
    /// this builder (timeouts but the whole call's, proxies, TLS, cookies,
    /// redirects, gzip decoding, the user agent, Unix sockets) are then
    /// that client's; this builder's headers, authentication, limits and
    /// XML-RPC settings still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.own_http = Some(client);
        self
    }

    /// Follows at most `hops` redirects (default 5; 0 follows none). Only
    /// 307 and 308 are followed, which repeat the call with the same method
    /// and body; a 301, 302 or 303 would turn the call into a `GET`, so it
    /// is not followed and the client reports [`Error::Status`] with it.
    /// Credentials are not sent on to another host.
    pub fn max_redirects(mut self, hops: usize) -> Self {
        self.http = self.http.redirect(redirects(hops));
        self
    }

    /// The `User-Agent` header (default `xmlrpc-rs/<version>`).
    pub fn user_agent(mut self, agent: &str) -> Self {
        self.http = self.http.user_agent(agent.to_owned());
        self
    }

    /// HTTP basic authentication (also taken from `http://user:pass@host/`).
    pub fn basic_auth(mut self, user: &str, password: Option<&str>) -> Self {
        self.auth = Some((user.to_owned(), password.map(str::to_owned)));
        self
    }

    /// Keeps the cookies servers set and sends them back.
    #[cfg(feature = "cookies")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cookies")))]
    pub fn cookie_store(mut self, on: bool) -> Self {
        self.http = self.http.cookie_store(on);
        self
    }

    /// Sends every call through this HTTP proxy. Without it, the
    /// `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` environment
    /// variables are followed.
    pub fn proxy(mut self, url: &str) -> Self {
        match reqwest::Proxy::all(url) {
            Ok(proxy) => {
                self.http = self.http.proxy(proxy);
                self
            }
            Err(e) => {
                let message = format!("invalid proxy `{}`", redact_url(url));
                self.fail(Error::setup_from(message, e))
            }
        }
    }

    /// Ignores proxies, also those of the environment.
    pub fn no_proxy(mut self) -> Self {
        self.http = self.http.no_proxy();
        self
    }

    /// Trusts this root certificate (PEM or DER) for HTTPS, beside the
    /// built-in roots.
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub fn root_certificate(mut self, cert: &[u8]) -> Self {
        let parsed =
            reqwest::Certificate::from_pem(cert).or_else(|_| reqwest::Certificate::from_der(cert));
        match parsed {
            Ok(cert) => {
                self.http = self.http.add_root_certificate(cert);
                self
            }
            Err(e) => self.fail(Error::setup_from("invalid root certificate", e)),
        }
    }

    /// Accepts any HTTPS certificate, even an invalid or self-signed one.
    /// For tests only: it removes the protection TLS gives.
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.http = self.http.danger_accept_invalid_certs(accept);
        self
    }

    /// Gzip-compresses request bodies larger than `bytes` (off by default,
    /// as in Python; not every server reads gzip).
    pub fn gzip_above(mut self, bytes: usize) -> Self {
        self.gzip_above = Some(bytes);
        self
    }

    /// The largest response accepted, after gzip decoding (default
    /// 64 MiB): a larger one, or a gzip bomb, is [`Error::TooLarge`].
    pub fn max_response(mut self, bytes: usize) -> Self {
        self.max_response = bytes;
        self
    }

    /// The deepest nesting read in a response (default 256).
    pub fn max_depth(mut self, levels: usize) -> Self {
        self.options = std::mem::take(&mut self.options).with_max_depth(levels);
        self
    }

    /// The most values read in one response (default 8 388 608, as many as
    /// the default 64 MiB response can hold at 8 bytes a value; each takes
    /// 32 bytes in memory). A response with more is [`Error::Malformed`].
    pub fn max_values(mut self, count: usize) -> Self {
        self.options = std::mem::take(&mut self.options).with_max_values(count);
        self
    }

    /// Keeps the ASCII control characters that XML forbids (such as the
    /// ANSI escapes in Supervisor's process logs) in strings, instead of
    /// refusing the response as malformed (off by default); see
    /// [`ParseOptions::with_control_characters`].
    pub fn control_characters(mut self, allow: bool) -> Self {
        self.options = std::mem::take(&mut self.options).with_control_characters(allow);
        self
    }

    /// How `system.multicall` answers are read, by [`MultiCall`](crate::MultiCall)
    /// and by generated clients' typed batches. The default,
    /// [`MulticallShape::Auto`], reads the standard answer and also
    /// Supervisor's, whose results are not wrapped in one-element arrays,
    /// whenever the answer tells which it is; set
    /// [`MulticallShape::Unwrapped`] for such a server so that an answer of
    /// only one-element arrays is read its way too.
    pub fn multicall_shape(mut self, shape: MulticallShape) -> Self {
        self.multicall_shape = shape;
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`Error::Setup`] for a bad URL, header, proxy or certificate.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let Target {
            url,
            unix,
            credentials: from_url,
        } = parse_target(&self.url)?;
        let http = match self.own_http {
            Some(own) if unix.is_none() => own,
            Some(_) => {
                return Err(Error::setup(
                    "a Unix socket URL needs the client's own HTTP client, not one given",
                ));
            }
            None => {
                let mut http = self.http.read_timeout(self.read_timeout.unwrap_or(YEAR));
                if let Some(path) = &unix {
                    http = unix_socket(http, path)?;
                }
                http.build()
                    .map_err(|e| Error::setup_from("cannot build the HTTP client", e))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                url,
                unix,
                auth: self.auth.or(from_url),
                headers: self.headers,
                gzip_above: self.gzip_above,
                max_response: self.max_response,
                timeout: self.timeout,
                read_timeout: self.read_timeout,
                options: self.options,
                multicall_shape: self.multicall_shape,
                progress: self.progress,
            }),
        })
    }

    /// A blocking client with the same setup.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build), or when its runtime cannot start.
    pub fn build_blocking(self) -> Result<BlockingClient, Error> {
        BlockingClient::from_client(self.build()?)
    }
}

type Credentials = Option<(String, Option<String>)>;

/// Where calls go: the URL posted to, over a Unix socket or not.
#[derive(Debug)]
struct Target {
    url: reqwest::Url,
    unix: Option<PathBuf>,
    credentials: Credentials,
}

/// The endpoint: an `http(s)://` URL, or a Unix socket as
/// `unix:///path/to.sock` (HTTP path `/RPC2`, as supervisorctl uses) or
/// `http+unix://%2Fpath%2Fto.sock/path` (the socket's path
/// percent-encoded as the host, then the HTTP path; `/RPC2` when none).
fn parse_target(text: &str) -> Result<Target, Error> {
    if let Some(socket) = text.strip_prefix("unix://") {
        if socket.is_empty() {
            return Err(Error::setup(format!(
                "invalid URL `{text}`: a Unix socket URL names the socket, as in unix:///tmp/supervisor.sock"
            )));
        }
        let (url, credentials) = parse_url("http://localhost")?;
        return Ok(Target {
            url,
            unix: Some(PathBuf::from(socket)),
            credentials,
        });
    }
    if let Some(rest) = text.strip_prefix("http+unix://") {
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (user, host) = match authority.rsplit_once('@') {
            Some((user, host)) => (format!("{user}@"), host),
            None => (String::new(), authority),
        };
        if host.is_empty() {
            return Err(Error::setup(format!(
                "invalid URL `{text}`: the host is the socket's path, percent-encoded, as in http+unix://%2Ftmp%2Fsupervisor.sock/RPC2"
            )));
        }
        let http = if path.is_empty() {
            format!("http://{user}localhost")
        } else {
            format!("http://{user}localhost/{path}")
        };
        let (url, credentials) = parse_url(&http)?;
        return Ok(Target {
            url,
            unix: Some(PathBuf::from(percent_decode(host))),
            credentials,
        });
    }
    let (url, credentials) = parse_url(text)?;
    Ok(Target {
        url,
        unix: None,
        credentials,
    })
}

#[cfg(unix)]
// `Result` to match the other platforms' signature.
#[allow(clippy::unnecessary_wraps)]
fn unix_socket(http: reqwest::ClientBuilder, path: &Path) -> Result<reqwest::ClientBuilder, Error> {
    Ok(http.unix_socket(path.to_path_buf()))
}

#[cfg(not(unix))]
fn unix_socket(_: reqwest::ClientBuilder, path: &Path) -> Result<reqwest::ClientBuilder, Error> {
    Err(Error::setup(format!(
        "cannot use the Unix socket {}: not available on this platform",
        path.display()
    )))
}

/// "No read timeout": reqwest takes a duration, and a year is for ever
/// here.
const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);

/// A header as sent: credential values marked sensitive, so that `Debug`
/// does not print them.
pub(crate) fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let name = HeaderName::try_from(name)
        .map_err(|e| Error::setup_from(format!("invalid header name `{name}`"), e))?;
    let mut value = HeaderValue::try_from(value)
        .map_err(|e| Error::setup_from(format!("invalid value for header `{name}`"), e))?;
    let secret = name == http::header::AUTHORIZATION
        || name == http::header::PROXY_AUTHORIZATION
        || name == http::header::COOKIE;
    value.set_sensitive(secret);
    Ok((name, value))
}

/// The endpoint URL: `/RPC2` when it has no path, as Python does, and
/// credentials taken out of it.
pub(crate) fn parse_url(text: &str) -> Result<(reqwest::Url, Credentials), Error> {
    let shown = redact_url(text);
    let mut url = reqwest::Url::parse(text)
        .map_err(|e| Error::setup_from(format!("invalid URL `{shown}`"), e))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::setup(format!(
            "invalid URL `{shown}`: the scheme must be http or https"
        )));
    }
    if url.scheme() == "https" && cfg!(not(feature = "tls")) {
        return Err(Error::setup(format!(
            "invalid URL `{shown}`: https needs xmlrpc-client's `tls` feature"
        )));
    }
    let after_scheme = text.split_once("://").map_or(text, |(_, rest)| rest);
    if !after_scheme.contains('/') {
        url.set_path("/RPC2");
    }
    let credentials = if url.username().is_empty() {
        None
    } else {
        let decode = |s: &str| percent_decode(s);
        let user = decode(url.username());
        let password = url.password().map(decode);
        let _ = url.set_username("");
        let _ = url.set_password(None);
        Some((user, password))
    };
    Ok((url, credentials))
}

/// `%XX` escapes in URL user info, as written by users.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_get_rpc2_and_lose_their_credentials() {
        let (url, auth) = parse_url("http://localhost:8000").unwrap();
        assert_eq!(url.as_str(), "http://localhost:8000/RPC2");
        assert!(auth.is_none());
        let (url, _) = parse_url("http://localhost:8000/").unwrap();
        assert_eq!(url.path(), "/");
        let (url, auth) = parse_url("https://ada:s%40cret@example.com/x").unwrap();
        assert_eq!(url.as_str(), "https://example.com/x");
        assert_eq!(auth, Some(("ada".into(), Some("s@cret".into()))));
        assert!(parse_url("ftp://example.com").is_err());
        assert!(parse_url("not a url").is_err());
    }

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redact_url("http://ada:s3cret@host:8000/RPC2"),
            "http://ada:<redacted>@host:8000/RPC2"
        );
        assert_eq!(redact_url("http://ada@host/"), "http://ada@host/");
        assert_eq!(redact_url("http://host/a@b"), "http://host/a@b");
        let builder = ClientBuilder::new("http://ada:s3cret@localhost:8000")
            .basic_auth("bo", Some("hunter2"))
            .header("Authorization", "Bearer t0ken")
            .header("Cookie", "id=c00kie");
        let shown = format!("{builder:?}");
        for secret in ["s3cret", "hunter2", "t0ken", "c00kie"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let client = ClientBuilder::new("http://ada:s3cret@localhost:8000")
            .header("Authorization", "Bearer t0ken")
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        for secret in ["s3cret", "t0ken"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("\"ada\""), "{shown}");
        let err = ClientBuilder::new("ftp://ada:s3cret@host")
            .build()
            .unwrap_err();
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn unix_socket_urls_name_the_socket_and_the_http_path() {
        let t = parse_target("unix:///tmp/supervisor.sock").unwrap();
        assert_eq!(t.unix, Some(PathBuf::from("/tmp/supervisor.sock")));
        assert_eq!(t.url.as_str(), "http://localhost/RPC2");
        let t = parse_target("http+unix://%2Frun%2Fapp.sock/objects/shop").unwrap();
        assert_eq!(t.unix, Some(PathBuf::from("/run/app.sock")));
        assert_eq!(t.url.as_str(), "http://localhost/objects/shop");
        let t = parse_target("http+unix://ada:pw@%2Frun%2Fapp.sock").unwrap();
        assert_eq!(t.url.as_str(), "http://localhost/RPC2");
        assert_eq!(t.credentials, Some(("ada".into(), Some("pw".into()))));
        assert!(parse_target("unix://").is_err());
        assert!(parse_target("http+unix:///RPC2").is_err());
        let t = parse_target("http://example.com:8000").unwrap();
        assert_eq!(
            (t.unix, t.url.as_str()),
            (None, "http://example.com:8000/RPC2")
        );
    }
}
