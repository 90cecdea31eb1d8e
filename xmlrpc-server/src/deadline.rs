//! The request-head deadline of one connection, kept without a timer
//! registration per request.
//!
//! hyper arms a timer each time it starts waiting for a request head and
//! drops it when the head is in. With tokio's timer that is a registration
//! and a cancellation in the timer wheel for every request on a keep-alive
//! connection, about a tenth of the CPU time of a small call. Here hyper's
//! timer only writes its deadline into the connection's [`HeadDeadline`];
//! the connection's own task keeps one tokio sleep, moved only when it
//! fires, and when the deadline has passed hyper polls its timer again
//! (in the same task) and finds it expired.
//!
//! hyper polls its timer every time it waits for a head. Reading the clock
//! on each poll was one of the few costs per request that an answer
//! without a head timeout does not pay, so the timer reads instead the
//! last time the connection's task saw ([`HeadDeadline::observe`]), which
//! that task records when its sleep fires: the only moment a deadline can
//! have been reached.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// The deadline hyper's head timer has set, as nanoseconds after `base`
/// (0 when no head is awaited). Shared by the connection's task and the
/// timer hyper holds.
#[derive(Debug, Clone)]
pub(crate) struct HeadDeadline {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    base: Instant,
    armed: AtomicU64,
    /// The latest time the connection's task has seen, in the same units
    /// (0 before it has looked).
    seen: AtomicU64,
}

impl HeadDeadline {
    pub(crate) fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                base: Instant::now(),
                armed: AtomicU64::new(0),
                seen: AtomicU64::new(0),
            }),
        }
    }

    /// Arms the deadline before hyper does: a connection just accepted
    /// waits for its first head (or its TLS handshake) from then on.
    pub(crate) fn arm(&self, deadline: Instant) {
        self.inner
            .armed
            .store(self.encode(deadline), Ordering::Release);
    }

    /// No head is awaited any more: one came in (also for framed
    /// connections, and for tests of who waits).
    #[cfg(any(test, feature = "framed"))]
    pub(crate) fn disarm(&self) {
        self.inner.armed.store(0, Ordering::Release);
    }

    /// The deadline hyper awaits a head by, if it awaits one.
    /// Records that it is now `now`, for hyper's timer to compare its
    /// deadline with.
    pub(crate) fn observe(&self, now: Instant) {
        self.inner
            .seen
            .fetch_max(self.encode(now), Ordering::AcqRel);
    }

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
fn after(now: Instant, duration: Duration) -> Instant {
    now.checked_add(duration).unwrap_or(now + YEAR)
}

impl hyper::rt::Timer for HeadDeadline {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        self.sleep_until(after(Instant::now(), duration))
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        let at = self.encode(deadline);
        self.inner.armed.store(at, Ordering::Release);
        Box::pin(HeadSleep {
            at,
            owner: self.clone(),
        })
    }
}

/// hyper's head timer: ready once its deadline has passed. It never wakes
/// the task itself; the connection's task does (see the module docs).
#[derive(Debug)]
struct HeadSleep {
    /// The deadline, encoded (once: `Instant` arithmetic is not free).
    at: u64,
    owner: HeadDeadline,
}

impl Future for HeadSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        let seen = self.owner.inner.seen.load(Ordering::Acquire);
        if seen >= self.at {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl hyper::rt::Sleep for HeadSleep {}

impl Drop for HeadSleep {
    fn drop(&mut self) {
        // Disarm, unless a newer timer has armed since.
        let _ = self.owner.inner.armed.compare_exchange(
            self.at,
            0,
            Ordering::AcqRel,
            Ordering::Relaxed,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::rt::Timer as _;

    #[test]
    fn hyper_timers_arm_and_disarm_the_deadline() {
        let watch = HeadDeadline::new();
        let now = Instant::now();
        let period = Duration::from_secs(30);
        assert_eq!(watch.armed(), None);
        assert_eq!(watch.next_check(now, period), now + period);

        let first = watch.sleep(Duration::from_secs(5));
        let armed = watch.armed().unwrap();
        assert!(armed >= now + Duration::from_secs(5));
        assert_eq!(watch.next_check(now, period), armed);

        // A newer timer replaces the deadline; dropping the older one
        // leaves the newer armed.
        let second = watch.sleep_until(now + Duration::from_secs(9));
        drop(first);
        assert!(watch.armed().unwrap() >= now + Duration::from_secs(9));
        drop(second);
        assert_eq!(watch.armed(), None);

        // A passed deadline: look again a period on.
        let _past = watch.sleep_until(now);
        assert_eq!(watch.next_check(now, period), now + period);
        assert_eq!(watch.next_check(now, Duration::MAX), now + YEAR);
    }

    #[test]
    fn a_head_timer_is_ready_once_its_deadline_is_seen_to_pass() {
        let watch = HeadDeadline::new();
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut later = watch.sleep(Duration::from_secs(60));
        assert!(later.as_mut().poll(&mut cx).is_pending());
        let mut passed = watch.sleep_until(Instant::now());
        // Passed, but not yet seen by the connection's task.
        assert!(passed.as_mut().poll(&mut cx).is_pending());
        watch.observe(Instant::now());
        assert!(passed.as_mut().poll(&mut cx).is_ready());
        assert!(later.as_mut().poll(&mut cx).is_pending());
        // What has been seen is never taken back.
        watch.observe(Instant::now() - Duration::from_secs(1));
        assert!(passed.as_mut().poll(&mut cx).is_ready());
    }
}
