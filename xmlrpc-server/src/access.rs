//! The request log line, in the format of Python's `BaseHTTPRequestHandler`.

use std::fmt;
use std::net::SocketAddr;

use axum::body::HttpBody as _;
use axum::http::{Method, Uri, Version};
use axum::response::Response;
use xmlrpc_core::DateTime;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// What the log line says of the request, kept until the response exists;
/// nothing at all when the access log is off.
pub(crate) struct RequestLine(Option<Request>);

struct Request {
    peer: Option<SocketAddr>,
    text: String,
}

impl Request {
    fn new(peer: Option<SocketAddr>, method: &Method, uri: &Uri, version: Version) -> Self {
        Self {
            peer,
            text: format!("{method} {uri} {version:?}"),
        }
    }
}

impl RequestLine {
    pub(crate) fn new(
        peer: Option<SocketAddr>,
        method: &Method,
        uri: &Uri,
        version: Version,
    ) -> Self {
        let on = tracing::enabled!(target: "xmlrpc_server::access", tracing::Level::DEBUG);
        Self(on.then(|| Request::new(peer, method, uri, version)))
    }

    /// Logs `127.0.0.1 - - [21/Nov/2026 12:00:00] "POST /RPC2 HTTP/1.1" 200 312`
    /// at `debug` on the target `xmlrpc_server::access` (at `info` it would
    /// repeat what tower-http's `TraceLayer` logs), and hands the
    /// response back.
    pub(crate) fn log(self, response: Response) -> Response {
        if let Some(line) = &self.0 {
            tracing::debug!(
                target: "xmlrpc_server::access",
                "{}",
                Entry { line, response: &response, now: DateTime::now_utc() }
            );
        }
        response
    }
}

struct Entry<'a> {
    line: &'a Request,
    response: &'a Response,
    now: DateTime,
}

impl fmt::Display for Entry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line.peer {
            Some(peer) => write!(f, "{}", peer.ip())?,
            None => f.write_str("-")?,
        }
        let now = &self.now;
        let month = MONTHS[usize::from(now.month().clamp(1, 12)) - 1];
        write!(
            f,
            " - - [{:02}/{month}/{:04} {:02}:{:02}:{:02}] \"{}\" {} ",
            now.day(),
            now.year(),
            now.hour(),
            now.minute(),
            now.second(),
            self.line.text,
            self.response.status().as_u16(),
        )?;
        match self.response.body().size_hint().exact() {
            Some(size) => write!(f, "{size}"),
            None => f.write_str("-"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse as _;

    #[test]
    fn lines_read_like_pythons() {
        let line = Request::new(
            Some("127.0.0.1:5000".parse().unwrap()),
            &Method::POST,
            &"/RPC2".parse().unwrap(),
            Version::HTTP_11,
        );
        let response = "four".into_response();
        let now = DateTime::new(2026, 11, 1, 9, 5, 7).unwrap();
        let entry = Entry {
            line: &line,
            response: &response,
            now,
        };
        assert_eq!(
            entry.to_string(),
            "127.0.0.1 - - [01/Nov/2026 09:05:07] \"POST /RPC2 HTTP/1.1\" 200 4"
        );
    }
}
