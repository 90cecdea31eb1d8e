//! The server-wide memory budget for requests being read and decoded.
//!
//! Each request is charged as its body arrives (all at once for a declared
//! `Content-Length`): [`COST`] times its size in bytes, for the body itself,
//! the values it decodes into (32 bytes each, from as little as 8 bytes of
//! XML, bounded by [`Limits::values`](crate::Limits::values)) and the answer.
//! The charge is held until the answer is made. A request that does not fit
//! waits for others to finish; one that cannot fit even alone is charged
//! the whole budget, so that it runs, but by itself.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// What one byte of request is charged.
pub(crate) const COST: usize = 4;

/// The budget, counted in KiB.
#[derive(Debug)]
pub(crate) struct Budget {
    permits: Arc<Semaphore>,
    total: u32,
}

/// What one request holds of the budget.
#[derive(Debug)]
pub(crate) struct Charge {
    budget: Arc<Budget>,
    held: Option<OwnedSemaphorePermit>,
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
            permits: Arc::new(Semaphore::new(total as usize)),
            total,
        })
    }

    /// An empty charge on this budget.
    pub(crate) fn charge(self: &Arc<Self>) -> Charge {
        Charge {
            budget: Arc::clone(self),
            held: None,
            kib: 0,
        }
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
        let room = self.budget.total - self.kib;
        let kib = u32::try_from(want).unwrap_or(u32::MAX).min(room);
        if kib == 0 {
            return Ok(());
        }
        let permits = &self.budget.permits;
        let permit = match Arc::clone(permits).try_acquire_many_owned(kib) {
            Ok(permit) => permit,
            // Waiting is the rare case: boxed, so that every request's
            // future is not sized for a timer.
            Err(_) => match Box::pin(tokio::time::timeout(
                wait,
                Arc::clone(permits).acquire_many_owned(kib),
            ))
            .await
            {
                Ok(Ok(permit)) => permit,
                Ok(Err(_)) | Err(_) => return Err(Busy),
            },
        };
        self.kib += kib;
        match &mut self.held {
            Some(held) => held.merge(permit),
            None => self.held = Some(permit),
        }
        Ok(())
    }

    /// How much is held, in KiB.
    #[cfg(test)]
    pub(crate) fn kib(&self) -> u32 {
        self.kib
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
}
