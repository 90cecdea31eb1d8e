//! The server-wide memory budget for requests being read and decoded.
//!
//! Each request is charged as its body arrives (all at once for a declared
//! `Content-Length`): [`COST`] times its size in bytes, for the body itself,
//! the values it decodes into (32 bytes each, from as little as 8 bytes of
//! XML, bounded by [`Limits::values`](crate::Limits::values)) and the answer.
//! The charge is held until the answer is made. A request that does not fit
//! waits for others to finish; one that cannot fit even alone is charged
//! the whole budget, so that it runs, but by itself.
//!
//! Taking and giving back room is one atomic operation each while nobody
//! waits; a tokio semaphore took a lock on every release, about 300
//! instructions per call (BENCHMARKS.md, issue 18, step 9). Requests that
//! must wait queue first come, first served, and while any waits, new ones
//! queue behind it rather than take room it is waiting for (a request that
//! already holds some may still take free room, as with the semaphore).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Mutex, Notify};

/// What one byte of request is charged.
pub(crate) const COST: usize = 4;

/// The budget, counted in KiB.
#[derive(Debug)]
pub(crate) struct Budget {
    total: u32,
    /// What is free.
    free: AtomicU32,
    /// How many requests wait for room (or for their turn to).
    waiting: AtomicUsize,
    /// Rung when room is given back while a request waits.
    room: Notify,
    /// The waiting requests' line: tokio's mutex is fair, so the first to
    /// wait is the first to get room.
    line: Mutex<()>,
}

/// What one request holds of the budget, given back when dropped.
#[derive(Debug)]
pub(crate) struct Charge {
    budget: Arc<Budget>,
    kib: u32,
}

/// The budget had no room within the wait.
#[derive(Debug)]
pub(crate) struct Busy;

impl Budget {
    pub(crate) fn new(bytes: usize) -> Arc<Self> {
        let kib = (bytes / 1024).clamp(1, u32::MAX as usize);
        let total = u32::try_from(kib).unwrap_or(u32::MAX);
        Arc::new(Self {
            total,
            free: AtomicU32::new(total),
            waiting: AtomicUsize::new(0),
            room: Notify::new(),
            line: Mutex::new(()),
        })
    }

    /// An empty charge on this budget.
    pub(crate) fn charge(self: &Arc<Self>) -> Charge {
        Charge {
            budget: Arc::clone(self),
            kib: 0,
        }
    }

    /// Takes `kib` if that much is free.
    fn take(&self, kib: u32) -> bool {
        // SeqCst here, in `give_back` and on `waiting`: either a giver sees
        // a waiter, or the waiter sees the room given back.
        self.free
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |free| {
                free.checked_sub(kib)
            })
            .is_ok()
    }

    fn give_back(&self, kib: u32) {
        self.free.fetch_add(kib, Ordering::SeqCst);
        if self.waiting.load(Ordering::SeqCst) > 0 {
            self.room.notify_waiters();
        }
    }

    /// Waits in line until `kib` can be taken, and takes it.
    async fn wait_for(&self, kib: u32) {
        let _waiting = Waiting::count(&self.waiting);
        let _turn = self.line.lock().await;
        loop {
            let notified = self.room.notified();
            let mut notified = std::pin::pin!(notified);
            // Registered before looking, so no giving back is missed.
            notified.as_mut().enable();
            if self.take(kib) {
                return;
            }
            notified.await;
        }
    }
}

/// One waiting request, counted for as long as it waits (also when its
/// wait is given up).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn count(waiting: &'a AtomicUsize) -> Self {
        waiting.fetch_add(1, Ordering::SeqCst);
        Self(waiting)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Charge {
    /// Adds `bytes` of request to the charge, waiting up to `wait` for
    /// room.
    ///
    /// # Errors
    ///
    /// [`Busy`] when no room came within `wait`.
    pub(crate) async fn grow(&mut self, bytes: usize, wait: Duration) -> Result<(), Busy> {
        let want = bytes.saturating_mul(COST).div_ceil(1024).max(1);
        let budget = &*self.budget;
        let room = budget.total - self.kib;
        let kib = u32::try_from(want).unwrap_or(u32::MAX).min(room);
        if kib == 0 {
            return Ok(());
        }
        // Room free and nobody waiting: the usual case. A request that
        // already holds some (a body arriving in pieces) takes free room
        // even while others wait: the first in line may be waiting for
        // what it holds, and making it queue would stall both.
        let first_charge = self.kib == 0;
        let taken =
            (!first_charge || budget.waiting.load(Ordering::SeqCst) == 0) && budget.take(kib);
        if !taken {
            // Waiting is the rare case: boxed, so that every request's
            // future is not sized for a timer and a place in line.
            Box::pin(tokio::time::timeout(wait, budget.wait_for(kib)))
                .await
                .map_err(|_| Busy)?;
        }
        self.kib += kib;
        Ok(())
    }

    /// How much is held, in KiB.
    #[cfg(test)]
    pub(crate) fn kib(&self) -> u32 {
        self.kib
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        if self.kib > 0 {
            self.budget.give_back(self.kib);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: Duration = Duration::from_millis(50);

    #[tokio::test]
    async fn requests_share_the_budget_and_wait_for_room() {
        let budget = Budget::new(1 << 20);
        let mut first = budget.charge();
        first.grow(200 << 10, WAIT).await.unwrap();
        assert_eq!(first.kib(), 800);
        let mut second = budget.charge();
        assert!(second.grow(100 << 10, WAIT).await.is_err());
        assert_eq!(second.kib(), 0);
        second.grow(50 << 10, WAIT).await.unwrap();
        drop(first);
        second.grow(100 << 10, WAIT).await.unwrap();
        assert_eq!(second.kib(), 600);
    }

    #[tokio::test]
    async fn a_request_larger_than_the_budget_runs_alone() {
        let budget = Budget::new(1 << 20);
        let mut huge = budget.charge();
        huge.grow(10 << 20, WAIT).await.unwrap();
        assert_eq!(huge.kib(), 1024);
        huge.grow(1 << 20, WAIT).await.unwrap();
        assert_eq!(huge.kib(), 1024);
        assert!(budget.charge().grow(1, WAIT).await.is_err());
        drop(huge);
        assert!(budget.charge().grow(1, WAIT).await.is_ok());
    }

    #[tokio::test]
    async fn a_waiting_request_is_not_overtaken_and_a_given_up_wait_leaves_no_trace() {
        let budget = Budget::new(1 << 20);
        let mut first = budget.charge();
        first.grow(200 << 10, WAIT).await.unwrap();
        // 224 KiB free; a request for 400 waits.
        let waiter = {
            let budget = Arc::clone(&budget);
            tokio::spawn(async move {
                let mut big = budget.charge();
                big.grow(100 << 10, Duration::from_secs(5))
                    .await
                    .map(|()| big)
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        // Room for a small one, but it comes second: it waits too.
        assert!(budget.charge().grow(1 << 10, WAIT).await.is_err());
        // A request that holds some already (its body arriving in pieces)
        // takes free room: the one in line may be waiting for what it holds.
        first.grow(1 << 10, WAIT).await.unwrap();
        assert_eq!(first.kib(), 804);
        drop(first);
        let big = waiter.await.unwrap().unwrap();
        assert_eq!(big.kib(), 400);
        // Nobody waits now: the given-up wait above left no count behind,
        // and the fast path takes the room that is free.
        assert_eq!(budget.waiting.load(Ordering::SeqCst), 0);
        let mut small = budget.charge();
        small.grow(1 << 10, WAIT).await.unwrap();
        drop((big, small));
        assert_eq!(budget.free.load(Ordering::SeqCst), 1024);
    }
}
