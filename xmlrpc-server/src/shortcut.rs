//! A way past the tower-http layers for the requests they leave untouched.
//!
//! Every endpoint runs under three tower-http layers: the request body
//! limit, request decompression and response compression. A request with no
//! `Content-Encoding`, no `Accept-Encoding` and a declared length within
//! the limit passes all three unchanged. Their only mark on the answer is
//! compression's `Vary: accept-encoding` when the answer has at least
//! `gzip_above` bytes (tower-http adds it whenever it could have
//! compressed).
//!
//! Such a request goes straight to the handler, and [`add_vary`] adds that
//! header by tower-http's rule. Together the layers cost about 2 600
//! instructions per call (BENCHMARKS.md, issue 18, step 6). Every other
//! request takes the layers, as before. A test sends each request both
//! ways and compares the answers.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use tower::Service;

use crate::http::{declared_length, length};

/// `bare` for the requests the layers would not touch, `full` (the same
/// handler under the layers) for the rest.
#[derive(Clone)]
pub(crate) struct Shortcut<Bare, Full> {
    pub(crate) bare: Bare,
    pub(crate) full: Full,
    /// The layers' body limit.
    pub(crate) body_limit: usize,
    /// The compression layer's threshold.
    pub(crate) gzip_above: u64,
}

/// Whether the layers would pass `headers`' request through unchanged.
fn untouched(headers: &HeaderMap, body_limit: usize) -> bool {
    // One pass over a request's few headers costs less than three
    // lookups, each of which hashes.
    let mut declared = None;
    for (name, value) in headers {
        if name == header::CONTENT_ENCODING || name == header::ACCEPT_ENCODING {
            return false;
        }
        // The first value, as `HeaderMap::get` gives it.
        if name == header::CONTENT_LENGTH && declared.is_none() {
            declared = Some(value);
        }
    }
    declared
        .and_then(length)
        .is_some_and(|len| len <= body_limit)
}

/// tower-http's compression layer, for a client that accepts no encoding:
/// the answer is sent as it is, with `Vary: accept-encoding` when it could
/// have been compressed (no `Content-Encoding` or `Content-Range` of its
/// own, and at least `gzip_above` bytes).
fn add_vary(response: &mut Response, gzip_above: u64) {
    use http_body::Body as _;
    let headers = response.headers();
    // The size first: most answers are small, and it needs no lookup.
    let size = response
        .body()
        .size_hint()
        .exact()
        .or_else(|| declared_length(headers).and_then(|len| u64::try_from(len).ok()));
    if size.is_some_and(|size| size < gzip_above) {
        return;
    }
    if headers.contains_key(header::CONTENT_ENCODING) || headers.contains_key(header::CONTENT_RANGE)
    {
        return;
    }
    let varies = headers.get_all(header::VARY).iter().any(|value| {
        value
            .as_bytes()
            .windows(header::ACCEPT_ENCODING.as_str().len())
            .any(|w| w.eq_ignore_ascii_case(header::ACCEPT_ENCODING.as_str().as_bytes()))
    });
    if !varies {
        response.headers_mut().append(
            header::VARY,
            HeaderValue::from_static(header::ACCEPT_ENCODING.as_str()),
        );
    }
}

impl<Bare, Full, FullBody> Service<Request> for Shortcut<Bare, Full>
where
    Bare: Service<Request, Response = Response, Error = Infallible>,
    Bare::Future: Unpin,
    Full: Service<Request, Response = axum::http::Response<FullBody>, Error = Infallible>,
    Full::Future: Unpin,
    FullBody: http_body::Body<Data = Bytes> + Send + 'static,
    FullBody::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer<Bare::Future, Full::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        ready!(self.bare.poll_ready(cx))?;
        self.full.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if untouched(request.headers(), self.body_limit) {
            Answer::Bare {
                inner: self.bare.call(request),
                gzip_above: self.gzip_above,
            }
        } else {
            Answer::Full(self.full.call(request))
        }
    }
}

/// The answer of one path or the other.
pub(crate) enum Answer<Bare, Full> {
    Bare { inner: Bare, gzip_above: u64 },
    Full(Full),
}

impl<Bare, Full, FullBody> Future for Answer<Bare, Full>
where
    Bare: Future<Output = Result<Response, Infallible>> + Unpin,
    Full: Future<Output = Result<axum::http::Response<FullBody>, Infallible>> + Unpin,
    FullBody: http_body::Body<Data = Bytes> + Send + 'static,
    FullBody::Error: Into<axum::BoxError>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Self::Bare { inner, gzip_above } => {
                let Ok(mut response) = ready!(Pin::new(inner).poll(cx));
                add_vary(&mut response, *gzip_above);
                Poll::Ready(Ok(response))
            }
            Self::Full(inner) => {
                let Ok(response) = ready!(Pin::new(inner).poll(cx));
                Poll::Ready(Ok(response.map(Body::new)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn only_requests_the_layers_would_not_touch_take_the_shortcut() {
        let length = (header::CONTENT_LENGTH, "100");
        assert!(untouched(&headers(std::slice::from_ref(&length)), 100));
        for other in [
            headers(&[]),
            headers(&[(header::CONTENT_LENGTH, "101")]),
            headers(&[(header::CONTENT_LENGTH, "lots")]),
            headers(&[length.clone(), (header::ACCEPT_ENCODING, "identity")]),
            headers(&[length.clone(), (header::CONTENT_ENCODING, "identity")]),
        ] {
            assert!(!untouched(&other, 100), "{other:?}");
        }
    }
}
