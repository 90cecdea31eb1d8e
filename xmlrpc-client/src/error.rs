//! Why a call failed.

use std::time::Duration;

use xmlrpc_core::{ConvertError, Fault};

/// Why a call failed: the server's fault, or one of the ways the exchange
/// itself went wrong, told apart so that callers can react to each.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a fault.
    #[error(transparent)]
    Fault(#[from] Fault),
    /// The server answered with an HTTP status other than 200; the body
    /// (an HTML error page, say) is kept.
    #[error("the server answered HTTP {status}: {}", excerpt(body))]
    Status {
        /// The status code.
        status: u16,
        /// The body, as sent (up to the response size limit).
        body: String,
    },
    /// The answer was not a well-formed XML-RPC response.
    #[error("malformed response ({source}): {excerpt}")]
    Malformed {
        /// What was wrong.
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
    /// No complete answer within the timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The connection could not be made (nothing was sent).
    #[error("cannot connect: {0}")]
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
    /// The exchange failed after the connection was made.
    #[error("HTTP exchange failed: {0}")]
    Http(#[source] reqwest::Error),
    /// A parameter or the result did not convert to or from the Rust type.
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// The request could not be written (a string with a character XML
    /// cannot carry, a non-finite double…).
    #[error("the request cannot be written: {0}")]
    Request(#[source] xmlrpc_core::Error),
    /// The client was set up wrongly (a bad URL, a bad certificate…).
    #[error("client setup: {0}")]
    Setup(String),
}

impl Error {
    /// The fault, when the server answered with one.
    #[must_use]
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Self::Fault(f) => Some(f),
            _ => None,
        }
    }

    /// Whether no answer came in time.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
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
}

/// What a TLS failure somewhere in `error`'s sources says, in words; `None`
/// when TLS is not what failed.
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
