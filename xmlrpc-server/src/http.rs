//! One XML-RPC endpoint as an axum handler: the body in, the answer out.

use std::error::Error as StdError;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use xmlrpc_core::{BlockingHook, Context, Fault, MethodCall, MethodResponse, ParseOptions};

use crate::Dispatcher;
use crate::access;
use crate::budget::{Budget, Charge};
use crate::deadline::after;

/// What the handler of one endpoint needs.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) dispatcher: Arc<Dispatcher>,
    pub(crate) options: ParseOptions,
    pub(crate) inflated_limit: usize,
    pub(crate) body_read_timeout: Duration,
    pub(crate) blocking: BlockingHook,
    /// Shared by every endpoint of the server.
    pub(crate) budget: Arc<Budget>,
}

/// Runs blocking work with `block_in_place` on a multi-threaded runtime,
/// so that other tasks move to another worker; elsewhere in place.
pub(crate) fn blocking_hook() -> BlockingHook {
    Arc::new(|job: &mut dyn FnMut()| {
        use tokio::runtime::{Handle, RuntimeFlavor};
        let multi =
            Handle::try_current().is_ok_and(|h| h.runtime_flavor() == RuntimeFlavor::MultiThread);
        if multi {
            tokio::task::block_in_place(job);
        } else {
            job();
        }
    })
}

tokio::task_local! {
    /// The peer of the connection whose task runs the handler, when our
    /// accept loop serves it: cheaper than a `ConnectInfo` extension, which
    /// allocates a map for every request. `None` on a Unix socket.
    pub(crate) static CONNECTION_PEER: Option<SocketAddr>;
}

/// The peer's address: from the connection's task, or from `ConnectInfo`
/// (an application served through `serve` or `axum::serve`).
fn peer(extensions: &axum::http::Extensions) -> Option<SocketAddr> {
    CONNECTION_PEER
        .try_with(|peer| *peer)
        .ok()
        .flatten()
        .or_else(|| extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0))
}

/// The handler for `POST` on an endpoint.
/// The endpoint comes in an `Arc`: axum clones the state for every
/// request, and one reference count is cheaper than one per field.
pub(crate) async fn handle(State(endpoint): State<Arc<Endpoint>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let peer = peer(&parts.extensions);
    let line = access::RequestLine::new(peer, &parts.method, &parts.uri, parts.version);
    // Held until the answer is made.
    let mut charge = endpoint.budget.charge();
    let body = match read_body(&endpoint, &parts.headers, body, &mut charge).await {
        Ok(body) => body,
        Err(refused) => return line.log(refused),
    };
    let mut ctx = Context::new()
        .with_headers(parts.headers)
        .with_extensions(parts.extensions)
        .with_blocking(endpoint.blocking.clone());
    if let Some(peer) = peer {
        ctx = ctx.with_peer_addr(peer);
    }
    let response = match MethodCall::from_xml_with(&body, &endpoint.options) {
        Ok(call) => MethodResponse::from(endpoint.dispatcher.dispatch(call, &ctx).await),
        Err(error) => {
            tracing::debug!(%error, "request refused");
            MethodResponse::Fault(Fault::from(error))
        }
    };
    line.log(xml(&response, charge))
}

/// The request body, charged to the memory budget as it arrives (at once
/// for a declared length): or the answer that refuses it, **503** when the
/// budget has no room within the body read time, **408** when the body is
/// slower than that, **413** past the limits, **400** when unreadable.
async fn read_body(
    endpoint: &Endpoint,
    headers: &HeaderMap,
    body: Body,
    charge: &mut Charge,
) -> Result<Bytes, Response> {
    let wait = endpoint.body_read_timeout;
    let busy = |_| {
        let mut refused = plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy with other requests: try again",
        );
        refused
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        refused
    };
    // A declared length is charged before anything is read. (Behind gzip
    // decoding there is none: the decoded size is not known ahead.)
    let declared = declared_length(headers).map(|len| len.min(endpoint.inflated_limit));
    if let Some(len) = declared {
        charge.grow(len, wait).await.map_err(busy)?;
    }
    // Set when a frame is first awaited: a body already in (the usual
    // case) costs no clock read and no timer.
    let mut deadline = None;
    let mut body = Limited::new(body, endpoint.inflated_limit);
    // The first chunk, and any after it (a body in one chunk, the usual
    // case, needs no list and no copy).
    let mut first: Option<Bytes> = None;
    let mut more: Vec<Bytes> = Vec::new();
    let mut read = 0_usize;
    loop {
        let ready = std::future::poll_fn(|cx| {
            Poll::Ready(http_body::Body::poll_frame(Pin::new(&mut body), cx))
        })
        .await;
        let next = match ready {
            Poll::Ready(next) => Ok(next),
            Poll::Pending => {
                let deadline = *deadline.get_or_insert_with(|| {
                    let now = tokio::time::Instant::now().into_std();
                    tokio::time::Instant::from_std(after(now, wait))
                });
                // Boxed: a body still arriving is the rare case, and every
                // request's future would otherwise be sized for a timer.
                Box::pin(tokio::time::timeout_at(deadline, body.frame())).await
            }
        };
        let frame = match next {
            Ok(Some(Ok(frame))) => frame,
            Ok(None) => break,
            Ok(Some(Err(error))) => return Err(refuse_body(&*error)),
            Err(_) => {
                return Err(plain(
                    StatusCode::REQUEST_TIMEOUT,
                    "the request body took too long to arrive",
                ));
            }
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        read += data.len();
        if declared.is_none_or(|len| read > len) {
            charge.grow(data.len(), wait).await.map_err(busy)?;
        }
        match first {
            None => first = Some(data),
            Some(_) => more.push(data),
        }
    }
    Ok(match (first, more.is_empty()) {
        (None, _) => Bytes::new(),
        (Some(only), true) => only,
        (Some(head), false) => {
            let mut joined = Vec::with_capacity(read);
            joined.extend_from_slice(&head);
            for chunk in &more {
                joined.extend_from_slice(chunk);
            }
            joined.into()
        }
    })
}

/// The `Content-Length` a message declares, if it declares a readable one.
/// Digits only, as RFC 9110 writes it; hyper has already refused a
/// request whose length is not that.
pub(crate) fn declared_length(headers: &HeaderMap) -> Option<usize> {
    length(headers.get(header::CONTENT_LENGTH)?)
}

/// A `Content-Length` value, if readable (see [`declared_length`]).
pub(crate) fn length(value: &HeaderValue) -> Option<usize> {
    let digits = value.as_bytes();
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0_usize, |len, &b| {
        let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        len.checked_mul(10)?.checked_add(usize::from(digit))
    })
}

/// The answer as an HTTP 200 `text/xml` response, whose body holds the
/// request's memory charge until it has been sent.
fn xml(response: &MethodResponse, charge: Charge) -> Response {
    let body = response.to_xml().unwrap_or_else(|error| {
        tracing::error!(%error, "the response could not be written");
        let fault = Fault::internal(format!("the response could not be written: {error}"));
        MethodResponse::Fault(fault)
            .to_xml()
            .unwrap_or_else(|_| FALLBACK_FAULT.to_owned())
    });
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml; charset=utf-8"),
        )],
        Body::new(Charged {
            rest: Bytes::from(body),
            _charge: charge,
        }),
    )
        .into_response()
}

/// An answer's body, in pieces of at most this many bytes, so that hyper
/// asks for the last one (and the charge goes) only once the rest is out.
const PIECE: usize = 1 << 20;

/// The body of an answer and the charge of its request.
struct Charged {
    rest: Bytes,
    _charge: Charge,
}

impl http_body::Body for Charged {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.rest.is_empty() {
            return Poll::Ready(None);
        }
        let take = self.rest.len().min(PIECE);
        let piece = self.rest.split_to(take);
        Poll::Ready(Some(Ok(http_body::Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.rest.len() as u64)
    }
}

/// Written by hand for the case where even the fault's message cannot be.
const FALLBACK_FAULT: &str = "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>\
<member><name>faultCode</name><value><int>-32603</int></value></member>\
<member><name>faultString</name><value><string>internal error</string></value></member>\
</struct></value></fault></methodResponse>";

/// A body that could not be read: 413 past a limit, else 400.
fn refuse_body(error: &(dyn StdError + 'static)) -> Response {
    let mut source = Some(error);
    while let Some(e) = source {
        if e.is::<LengthLimitError>() {
            return plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the request body is larger than this server accepts",
            );
        }
        source = e.source();
    }
    tracing::debug!(%error, "request body unreadable");
    plain(
        StatusCode::BAD_REQUEST,
        &format!("the request body could not be read: {error}"),
    )
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        format!("{text}\n"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_length_is_digits_that_fit() {
        let length = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_LENGTH,
                HeaderValue::from_str(value).unwrap(),
            );
            declared_length(&headers)
        };
        assert_eq!(length("0"), Some(0));
        assert_eq!(length("4481"), Some(4481));
        assert_eq!(length("007"), Some(7));
        assert_eq!(length(&usize::MAX.to_string()), Some(usize::MAX));
        for bad in [
            "",
            "+5",
            "-1",
            "1 ",
            " 1",
            "1e3",
            "0x10",
            "18446744073709551616",
        ] {
            assert_eq!(length(bad), None, "{bad:?}");
        }
        assert_eq!(declared_length(&HeaderMap::new()), None);
    }
}
