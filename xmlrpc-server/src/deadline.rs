//! The request-head deadline of one connection, kept without a timer per
//! request.
//!
//! hyper can time a request head itself, but its timer costs each request
//! a boxed sleep, a clock read and a poll through it on every wake: about
//! 1 000 instructions, an eighth of what the ceiling spends on a whole
//! small call (BENCHMARKS.md, issue 18, step 9). So hyper gets no timer.
//! The deadline is a number: armed when the connection is accepted and
//! each time an answer has gone out, disarmed when a request's head is in
//! (hyper then calls the service). The connection's own task keeps one
//! tokio sleep, moved only when it fires, and closes the connection when
//! it finds the deadline passed; eviction and the shutdown drain read the
//! same number to tell an idle connection from a busy one.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The deadline for the next request head, as nanoseconds after `base` (0
/// when no head is awaited). Shared by the connection's task, the service
/// it gives hyper, and the answers' bodies.
#[derive(Debug, Clone)]
pub(crate) struct HeadDeadline {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    base: Instant,
    armed: AtomicU64,
    /// How many requests have begun on the connection.
    calls: AtomicU64,
}

impl HeadDeadline {
    pub(crate) fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                base: Instant::now(),
                armed: AtomicU64::new(0),
                calls: AtomicU64::new(0),
            }),
        }
    }

    /// Awaits a head by `deadline`: a connection just accepted, or one
    /// whose answer has gone out.
    pub(crate) fn arm(&self, deadline: Instant) {
        self.inner
            .armed
            .store(self.encode(deadline), Ordering::Release);
    }

    /// Awaits a head for `head_time` from now (for as long as the clock
    /// holds: `Duration::MAX` is no limit).
    pub(crate) fn arm_for(&self, head_time: Duration) {
        self.arm(after(Instant::now(), head_time));
    }

    /// No head is awaited any more: one came in.
    pub(crate) fn disarm(&self) {
        self.inner.armed.store(0, Ordering::Release);
    }

    /// A request's head is in: disarms, and numbers the request for
    /// [`answered`](Self::answered).
    pub(crate) fn begin(&self) -> u64 {
        self.disarm();
        self.inner.calls.fetch_add(1, Ordering::AcqRel) + 1
    }

    /// Request `call`'s answer has gone out: the next head is awaited for
    /// `head_time`, unless a later request has begun meanwhile (hyper does
    /// not read a head before the answer before it is out, but this does
    /// not depend on it).
    pub(crate) fn answered(&self, call: u64, head_time: Duration) {
        if self.inner.calls.load(Ordering::Acquire) == call {
            self.arm_for(head_time);
        }
    }

    /// The deadline a head is awaited by, if one is awaited.
    pub(crate) fn armed(&self) -> Option<Instant> {
        match self.inner.armed.load(Ordering::Acquire) {
            0 => None,
            nanos => Some(self.inner.base + Duration::from_nanos(nanos)),
        }
    }

    /// When the connection's task should look again, at `now`: at the
    /// armed deadline, or when no head is awaited one `period` on (a
    /// deadline armed meanwhile is at least that far off).
    pub(crate) fn next_check(&self, now: Instant, period: Duration) -> Instant {
        match self.armed() {
            Some(deadline) if deadline > now => deadline,
            _ => after(now, period),
        }
    }

    fn encode(&self, deadline: Instant) -> u64 {
        let nanos = deadline
            .saturating_duration_since(self.inner.base)
            .as_nanos();
        u64::try_from(nanos).unwrap_or(u64::MAX).max(1)
    }
}

const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);

/// `now + duration`, or a year on when that is past what `Instant` holds.
pub(crate) fn after(now: Instant, duration: Duration) -> Instant {
    now.checked_add(duration).unwrap_or(now + YEAR)
}

/// An answer's body, which arms its connection's head deadline once it
/// has gone out (hyper drops it then, or when the connection fails).
pub(crate) struct Answered<B> {
    body: B,
    deadline: HeadDeadline,
    call: u64,
    head_time: Duration,
}

impl<B> Answered<B> {
    pub(crate) fn new(body: B, deadline: HeadDeadline, call: u64, head_time: Duration) -> Self {
        Self {
            body,
            deadline,
            call,
            head_time,
        }
    }
}

impl<B: http_body::Body + Unpin> http_body::Body for Answered<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<B::Data>, B::Error>>> {
        std::pin::Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

impl<B> Drop for Answered<B> {
    fn drop(&mut self) {
        self.deadline.answered(self.call, self.head_time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_disarms_and_its_answer_arms_again() {
        let watch = HeadDeadline::new();
        let now = Instant::now();
        let period = Duration::from_secs(30);
        assert_eq!(watch.armed(), None);
        assert_eq!(watch.next_check(now, period), now + period);

        watch.arm(now + Duration::from_secs(5));
        assert_eq!(watch.next_check(now, period), watch.armed().unwrap());
        let first = watch.begin();
        assert_eq!(watch.armed(), None);
        watch.answered(first, Duration::from_secs(9));
        assert!(watch.armed().unwrap() >= now + Duration::from_secs(9));

        // An answer that goes out after a later request has begun leaves
        // that request's connection disarmed.
        let second = watch.begin();
        let third = watch.begin();
        watch.answered(second, Duration::from_secs(9));
        assert_eq!(watch.armed(), None);
        watch.answered(third, Duration::from_secs(9));
        assert!(watch.armed().is_some());

        // A passed deadline: look again a period on.
        watch.arm(now);
        assert_eq!(watch.next_check(now, period), now + period);
        assert_eq!(watch.next_check(now, Duration::MAX), now + YEAR);
    }

    #[test]
    fn an_answer_arms_when_its_body_is_dropped() {
        let watch = HeadDeadline::new();
        let call = watch.begin();
        let body = Answered::new(
            http_body_util::Full::new(axum::body::Bytes::from_static(b"ok")),
            watch.clone(),
            call,
            Duration::from_secs(5),
        );
        assert_eq!(http_body::Body::size_hint(&body).exact(), Some(2));
        assert_eq!(watch.armed(), None);
        drop(body);
        assert!(watch.armed().is_some());
    }
}
