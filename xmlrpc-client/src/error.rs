//! Why a call failed.

use std::time::Duration;

use xmlrpc_core::{ConvertError, Fault};

/// Why a call failed: the server's fault, or one of the ways the exchange
/// itself went wrong, told apart so that callers can react to each.
///
/// Each message says what went wrong at its own level; the cause, when
/// there is one, is its [`source`](std::error::Error::source) (the
/// `xmlrpc` tool prints the whole chain).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a fault.
    #[error(transparent)]
    Fault(#[from] Fault),
    /// The server answered with an HTTP status other than 200; the body
    /// (an HTML error page, say) is kept.
    #[error("{}", status_message(*status, url, body))]
    Status {
        /// The status.
        status: http::StatusCode,
        /// The URL that was posted to (without credentials).
        url: String,
        /// The body, as sent (up to the response size limit).
        body: String,
    },
    /// The answer was not a well-formed XML-RPC response (an HTML page,
    /// say); the source says where and why.
    #[error("{}", malformed_message(excerpt))]
    Malformed {
        /// What was wrong.
        #[source]
        source: xmlrpc_core::Error,
        /// The start of the response body.
        excerpt: String,
    },
    /// A `system.multicall` answer that does not hold one `[result]` or
    /// fault struct per call.
    #[error("{0}")]
    BadMulticall(String),
    /// The answer was larger than the client's limit (after decoding).
    #[error("the response is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// No complete answer within the call's time, or no data from the
    /// server for the read timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The connection could not be made (nothing was sent); the source
    /// says why (refused, no such host, a connect timeout…).
    #[error("cannot connect to the server")]
    Connect(#[source] reqwest::Error),
    /// The TLS handshake failed: the server's certificate is not trusted,
    /// not for this host name, expired, or TLS itself failed.
    #[error("TLS handshake failed: {reason}")]
    Tls {
        /// What went wrong, in words.
        reason: String,
        /// The transport's error.
        #[source]
        source: reqwest::Error,
    },
    /// The answer's body is not in the content encoding its headers say
    /// (`Content-Encoding: gzip` on a body that is not gzip).
    #[error("the answer's body is not in the content encoding its headers declare")]
    Encoding(#[source] reqwest::Error),
    /// The connection ended before the whole answer arrived.
    #[error("the connection ended before the whole answer arrived")]
    Truncated(#[source] reqwest::Error),
    /// Another failure of the HTTP exchange after the connection was made.
    #[error("the HTTP exchange failed")]
    Http(#[source] reqwest::Error),
    /// A parameter or the result did not convert to or from the Rust type.
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// The request could not be written (a string with a character XML
    /// cannot carry, a non-finite double…).
    #[error("the request cannot be written")]
    Request(#[source] xmlrpc_core::Error),
    /// The client was set up wrongly (a bad URL, a bad certificate…).
    #[error("client setup: {message}")]
    Setup {
        /// What is wrong.
        message: String,
        /// The underlying error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl Error {
    /// A setup error with no underlying cause.
    pub(crate) fn setup(message: impl Into<String>) -> Self {
        Self::Setup {
            message: message.into(),
            source: None,
        }
    }

    /// A setup error caused by `source`.
    pub(crate) fn setup_from(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::Setup {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// The fault, when the server answered with one.
    #[must_use]
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Self::Fault(f) => Some(f),
            _ => None,
        }
    }

    /// Whether no answer came in time, or the connection could not be
    /// made in time.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Timeout(_) => true,
            Self::Connect(e) => e.is_timeout(),
            _ => false,
        }
    }

    /// Whether the server could not be reached at all.
    #[must_use]
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Connect(_))
    }

    /// Whether the TLS handshake failed (an untrusted or wrong
    /// certificate, say).
    #[must_use]
    pub fn is_tls(&self) -> bool {
        matches!(self, Self::Tls { .. })
    }

    /// The HTTP status, when the server answered with one other than 200.
    #[must_use]
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

fn status_message(status: http::StatusCode, url: &str, body: &str) -> String {
    let mut message = format!("the server answered {status} for {url}");
    if status == http::StatusCode::NOT_FOUND {
        message
            .push_str(": no XML-RPC endpoint at that path (a URL without a path posts to /RPC2)");
    } else if looks_like_html(body) {
        message.push_str(" (an HTML page)");
    } else if !body.trim().is_empty() {
        message.push_str(": ");
        message.push_str(&excerpt(body));
    }
    message
}

fn malformed_message(excerpt: &str) -> String {
    if looks_like_html(excerpt) {
        format!("the server answered HTML, not XML-RPC (it starts: {excerpt})")
    } else {
        format!("the answer is not a well-formed XML-RPC response (it starts: {excerpt})")
    }
}

/// Whether a body is an HTML page rather than an XML-RPC document.
fn looks_like_html(body: &str) -> bool {
    let start: String = body
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

/// Without TLS, no failure is a TLS one.
#[cfg(not(feature = "tls"))]
pub(crate) fn tls_reason(_: &(dyn std::error::Error + 'static)) -> Option<String> {
    None
}

/// What a TLS failure somewhere in `error`'s sources says, in words; `None`
/// when TLS is not what failed.
#[cfg(feature = "tls")]
pub(crate) fn tls_reason(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    use rustls::{CertificateError, Error as Tls};
    let mut next = Some(error);
    while let Some(e) = next {
        // I/O errors carry the TLS error inside rather than as a source.
        let tls = e.downcast_ref::<Tls>().or_else(|| {
            let mut io = e.downcast_ref::<std::io::Error>()?.get_ref()?;
            loop {
                if let Some(tls) = io.downcast_ref::<Tls>() {
                    return Some(tls);
                }
                io = io.downcast_ref::<std::io::Error>()?.get_ref()?;
            }
        });
        if let Some(tls) = tls {
            return Some(match tls {
                Tls::InvalidCertificate(
                    CertificateError::UnknownIssuer | CertificateError::BadSignature,
                ) => "the server's certificate is not signed by an authority this client trusts"
                    .to_owned(),
                Tls::InvalidCertificate(
                    CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. },
                ) => "the server's certificate is not valid for this host name".to_owned(),
                Tls::InvalidCertificate(
                    CertificateError::Expired | CertificateError::ExpiredContext { .. },
                ) => "the server's certificate has expired".to_owned(),
                Tls::InvalidCertificate(other) => {
                    format!("the server's certificate is refused ({other:?})")
                }
                other => other.to_string(),
            });
        }
        next = e.source();
    }
    None
}

/// `text` with the password of a `scheme://user:password@host` URL
/// replaced, for messages and `Debug`.
pub(crate) fn redact_url(text: &str) -> std::borrow::Cow<'_, str> {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.into();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return text.into();
    };
    match rest[..at].split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:<redacted>{}", &rest[at..]).into(),
        None => text.into(),
    }
}

/// The first 200 characters of a body, on one line.
pub(crate) fn excerpt(body: &str) -> String {
    let mut out: String = body
        .chars()
        .take(200)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.chars().nth(200).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn messages_describe_their_own_level() {
        let html = "<!DOCTYPE html><html><body>Not here</body></html>";
        let status = |code: u16, body: &str| {
            Error::Status {
                status: http::StatusCode::from_u16(code).unwrap(),
                url: "http://host/RPC2".to_owned(),
                body: body.to_owned(),
            }
            .to_string()
        };
        assert_eq!(
            status(404, html),
            "the server answered 404 Not Found for http://host/RPC2: no XML-RPC endpoint at that path (a URL without a path posts to /RPC2)"
        );
        assert_eq!(
            status(502, html),
            "the server answered 502 Bad Gateway for http://host/RPC2 (an HTML page)"
        );
        assert_eq!(
            status(500, "boom\nline"),
            "the server answered 500 Internal Server Error for http://host/RPC2: boom line"
        );
        let parse = xmlrpc_core::MethodResponse::from_xml(html.as_bytes()).unwrap_err();
        let malformed = Error::Malformed {
            source: parse,
            excerpt: excerpt(html),
        };
        assert!(
            malformed
                .to_string()
                .starts_with("the server answered HTML, not XML-RPC"),
            "{malformed}"
        );
        // The parse detail is the source, not repeated in the message.
        let detail = std::error::Error::source(&malformed).unwrap().to_string();
        assert!(!malformed.to_string().contains(&detail), "{malformed}");
    }
}
