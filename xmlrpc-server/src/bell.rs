//! A connection's side events, looked at only when one may have happened.
//!
//! A connection's task waits for hyper and, beside it, for a few events
//! that almost never happen: its check timer, shutdown, eviction. Polling
//! all of them each time hyper wakes the task (twice per call) cost more
//! than the side events are worth: a tokio `Notified` or a watch's
//! `changed()` takes a lock on every poll. So the side events are polled
//! with a waker of their own, the [`Bell`], which records that one of them
//! stirred and then wakes the task; the task polls them again only when
//! the bell has rung.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Wake, Waker};

use atomic_waker::AtomicWaker;

/// The side events' waker: rung by any of them, answered by the task.
#[derive(Debug)]
pub(crate) struct Bell {
    rung: AtomicBool,
    task: AtomicWaker,
}

impl Bell {
    /// A bell that has rung, so that the side events are polled (and
    /// register their waker) the first time.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            rung: AtomicBool::new(true),
            task: AtomicWaker::new(),
        })
    }

    /// Whether the bell has rung since the last answer; a later ring wakes
    /// `task`.
    pub(crate) fn answer(&self, task: &Waker) -> bool {
        // Register first: a ring after the swap below then wakes `task`.
        self.task.register(task);
        self.rung.swap(false, Ordering::AcqRel)
    }

    /// Asks for the side events to be polled at the next answer, without a
    /// wake: for the task itself, when it has replaced or moved one of
    /// them, or has not polled them all.
    pub(crate) fn mark(&self) {
        self.rung.store(true, Ordering::Release);
    }
}

impl Wake for Bell {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.mark();
        self.task.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A task waker that counts its wakes.
    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn a_ring_is_answered_once_and_wakes_the_task() {
        let count = Arc::new(Count::default());
        let task = Waker::from(Arc::clone(&count));
        let bell = Bell::new();
        // Rung from the start, then quiet.
        assert!(bell.answer(&task));
        assert!(!bell.answer(&task));
        Waker::from(Arc::clone(&bell)).wake_by_ref();
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
        assert!(bell.answer(&task));
        assert!(!bell.answer(&task));
        // Marked by the task itself: answered, without a wake.
        bell.mark();
        assert!(bell.answer(&task));
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
    }
}
