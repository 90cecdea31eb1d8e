//! Setting a client up.

use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use xmlrpc_core::{MulticallShape, ParseOptions};

use crate::client::{Client, Inner};
use crate::{BlockingClient, Error};

/// Sets up a [`Client`]: timeouts, headers, authentication, cookies,
/// proxies, TLS, compression and limits.
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
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    url: String,
    http: reqwest::ClientBuilder,
    headers: HeaderMap,
    auth: Option<(String, Option<String>)>,
    gzip_above: Option<usize>,
    max_response: usize,
    timeout: Option<Duration>,
    options: ParseOptions,
    multicall_shape: MulticallShape,
    error: Option<Error>,
}

/// The default limit on a response, after decoding: 64 MiB.
pub const DEFAULT_MAX_RESPONSE: usize = 64 << 20;

impl ClientBuilder {
    pub(crate) fn new(url: &str) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("xmlrpc-rs/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(30));
        Self {
            url: url.to_owned(),
            http,
            headers: HeaderMap::new(),
            auth: None,
            gzip_above: None,
            max_response: DEFAULT_MAX_RESPONSE,
            timeout: None,
            options: ParseOptions::default(),
            multicall_shape: MulticallShape::Auto,
            error: None,
        }
    }

    fn fail(mut self, message: String) -> Self {
        self.error.get_or_insert(Error::Setup(message));
        self
    }

    /// The longest a whole call may take (none by default).
    pub fn timeout(mut self, time: Duration) -> Self {
        self.timeout = Some(time);
        self.http = self.http.timeout(time);
        self
    }

    /// The longest connecting may take (30 s by default).
    pub fn connect_timeout(mut self, time: Duration) -> Self {
        self.http = self.http.connect_timeout(time);
        self
    }

    /// A header sent with every call.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
                self
            }
            _ => self.fail(format!("invalid header `{name}`")),
        }
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
            Err(e) => self.fail(format!("invalid proxy `{url}`: {e}")),
        }
    }

    /// Ignores proxies, also those of the environment.
    pub fn no_proxy(mut self) -> Self {
        self.http = self.http.no_proxy();
        self
    }

    /// Trusts this root certificate (PEM or DER) for HTTPS, beside the
    /// built-in roots.
    pub fn root_certificate(mut self, cert: &[u8]) -> Self {
        let parsed =
            reqwest::Certificate::from_pem(cert).or_else(|_| reqwest::Certificate::from_der(cert));
        match parsed {
            Ok(cert) => {
                self.http = self.http.add_root_certificate(cert);
                self
            }
            Err(e) => self.fail(format!("invalid root certificate: {e}")),
        }
    }

    /// Accepts any HTTPS certificate, even an invalid or self-signed one.
    /// For tests only: it removes the protection TLS gives.
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
        let (url, from_url) = parse_url(&self.url)?;
        let http = self
            .http
            .default_headers(self.headers)
            .build()
            .map_err(|e| Error::Setup(e.to_string()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                url,
                auth: self.auth.or(from_url),
                gzip_above: self.gzip_above,
                max_response: self.max_response,
                timeout: self.timeout,
                options: self.options,
                multicall_shape: self.multicall_shape,
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

/// The endpoint URL: `/RPC2` when it has no path, as Python does, and
/// credentials taken out of it.
fn parse_url(text: &str) -> Result<(reqwest::Url, Credentials), Error> {
    let mut url = reqwest::Url::parse(text)
        .map_err(|e| Error::Setup(format!("invalid URL `{text}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Setup(format!(
            "invalid URL `{text}`: the scheme must be http or https"
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
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
}
