//! Who gets a connection when the server is full.
//!
//! Connections that wait for a request head (idle keep-alive ones, a head
//! still trickling in, a TLS handshake not done) hold a slot without doing
//! anything; an attacker who opens many and reopens each one as soon as it
//! is closed could hold every slot. So, as nginx, Apache's `mod_reqtimeout`
//! and HAProxy do in their ways: when the server is at
//! [`Limits::connections`](crate::Limits::connections), a new connection
//! displaces the one that has waited longest for a request head; only
//! when every connection has a call in flight does it wait for one to end.
//! With [`Limits::connections_per_peer`](crate::Limits::connections_per_peer),
//! one address gets at most that many: its next connection displaces its
//! own longest-waiting one, or is closed when all of them are busy.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};

use crate::{Limits, Listener};

use crate::deadline::HeadDeadline;

/// What to do, on shutdown, with connections the kernel completed before
/// the port closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backlog {
    /// Serve them: a balancer may have sent a call on one already, and
    /// closing the listener would reset them (HTTP, with its drain).
    Serve,
    /// Let closing the listener drop them (framed connections).
    #[cfg_attr(not(feature = "framed"), allow(dead_code))]
    Drop,
}

/// The accept loop every server shares: accepts from `listener` until
/// `shutdown`, gives each connection its seat (making room as the module
/// docs say), and hands it to `start` with the receiver that turns `true`
/// on shutdown. Then it stops accepting, tells the connections, and waits
/// up to the shutdown grace for them to end.
pub(crate) async fn accept_until<L: Listener>(
    listener: L,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send,
    backlog: Backlog,
    mut start: impl FnMut(L::Stream, Option<SocketAddr>, Seat, watch::Receiver<bool>),
) {
    let (stop, stopping) = watch::channel(false);
    let admission = Admission::new(limits.connection_limit(), limits.peer_connection_limit());
    let head_time = limits.header_read_time_limit();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept_one() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors, or a connection reset while
                    // queued: wait a moment rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        // At the cap, a connection waiting for a head makes room.
        let seat = tokio::select! {
            biased;
            () = &mut shutdown => break,
            seat = admission.seat(peer.map(|p| p.ip()), head_time) => seat,
        };
        if let Some(seat) = seat {
            start(stream, peer, seat, stopping.clone());
        }
    }
    if backlog == Backlog::Serve {
        for _ in 0..limits.connection_limit() {
            let Ok(Ok((stream, peer))) =
                tokio::time::timeout(Duration::ZERO, listener.accept_one()).await
            else {
                break;
            };
            let seat = admission.seat(peer.map(|p| p.ip()), head_time);
            if let Ok(Some(seat)) = tokio::time::timeout(Duration::ZERO, seat).await {
                start(stream, peer, seat, stopping.clone());
            }
        }
    }
    drop(listener);
    stop.send_replace(true);
    // Every connection holds its seat until it ends.
    if !admission.drain(limits.shutdown_grace_time()).await {
        tracing::warn!("shutdown grace time over: closing connections with calls in flight");
    }
}

/// The slots of one server.
#[derive(Debug)]
pub(crate) struct Admission {
    permits: Arc<Semaphore>,
    slots: usize,
    per_peer: Option<usize>,
    table: Arc<Mutex<Table>>,
}

#[derive(Debug, Default)]
struct Table {
    next_id: u64,
    live: HashMap<u64, Entry>,
    by_peer: HashMap<IpAddr, usize>,
}

#[derive(Debug)]
struct Entry {
    peer: Option<IpAddr>,
    deadline: HeadDeadline,
    evict: Arc<Notify>,
}

/// One admitted connection's slot, given back when dropped.
#[derive(Debug)]
pub(crate) struct Seat {
    id: u64,
    peer: Option<IpAddr>,
    table: Arc<Mutex<Table>>,
    _permit: OwnedSemaphorePermit,
    /// The connection's request-head deadline, armed while it waits for
    /// a head (from the moment it is accepted).
    pub(crate) deadline: HeadDeadline,
    /// Notified when the connection should make room, if it is still
    /// waiting for a head.
    pub(crate) evict: Arc<Notify>,
}

/// How long the accept loop waits for a displaced connection to go before
/// it picks another.
const EVICTION_WAIT: Duration = Duration::from_millis(50);

impl Admission {
    pub(crate) fn new(slots: usize, per_peer: Option<usize>) -> Self {
        let slots = slots.clamp(1, Semaphore::MAX_PERMITS);
        Self {
            permits: Arc::new(Semaphore::new(slots)),
            slots,
            per_peer,
            table: Arc::new(Mutex::new(Table::default())),
        }
    }

    /// A slot for a connection from `peer` whose first head may take
    /// `head_time`, making room as the module docs say; `None` when its
    /// address has all its connections busy.
    pub(crate) async fn seat(&self, peer: Option<IpAddr>, head_time: Duration) -> Option<Seat> {
        if let (Some(cap), Some(ip)) = (self.per_peer, peer) {
            let full = self.lock().by_peer.get(&ip).is_some_and(|&n| n >= cap);
            if full && !self.displace(Some(ip)) {
                tracing::debug!(%ip, "connection refused: the address has its share, all busy");
                return None;
            }
        }
        let permit = match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => loop {
                self.displace(None);
                let wait = Arc::clone(&self.permits).acquire_owned();
                match tokio::time::timeout(EVICTION_WAIT, wait).await {
                    Ok(Ok(permit)) => break permit,
                    Ok(Err(_)) => return None,
                    Err(_) => {}
                }
            },
        };
        let deadline = HeadDeadline::new();
        deadline.arm_for(head_time);
        let evict = Arc::new(Notify::new());
        let mut table = self.lock();
        let id = table.next_id;
        table.next_id += 1;
        table.live.insert(
            id,
            Entry {
                peer,
                deadline: deadline.clone(),
                evict: Arc::clone(&evict),
            },
        );
        if let Some(ip) = peer {
            *table.by_peer.entry(ip).or_default() += 1;
        }
        Some(Seat {
            id,
            peer,
            table: Arc::clone(&self.table),
            _permit: permit,
            deadline,
            evict,
        })
    }

    /// Asks the connection (of `peer`, or of anyone) that has waited
    /// longest for a request head to close. Whether there was one.
    fn displace(&self, peer: Option<IpAddr>) -> bool {
        let table = self.lock();
        let oldest = table
            .live
            .values()
            .filter(|e| peer.is_none() || e.peer == peer)
            .filter_map(|e| e.deadline.armed().map(|at| (at, e)))
            .min_by_key(|(at, _)| *at);
        match oldest {
            Some((_, entry)) => {
                entry.evict.notify_one();
                true
            }
            None => false,
        }
    }

    /// Waits until every slot is given back, or `grace` is over; whether
    /// they all were.
    pub(crate) async fn drain(&self, grace: Duration) -> bool {
        let all = u32::try_from(self.slots).unwrap_or(u32::MAX);
        tokio::time::timeout(grace, self.permits.acquire_many(all))
            .await
            .is_ok()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        table.live.remove(&self.id);
        if let Some(ip) = self.peer
            && let Some(n) = table.by_peer.get_mut(&ip)
        {
            *n -= 1;
            if *n == 0 {
                table.by_peer.remove(&ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: Duration = Duration::from_secs(30);

    #[tokio::test]
    async fn a_full_server_displaces_the_longest_waiting_connection() {
        let admission = Admission::new(2, None);
        let first = admission.seat(None, HEAD).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        let second = admission.seat(None, HEAD).await.unwrap();
        // Full: the third asks the first (waiting longest) to go, and gets
        // its slot once it has.
        let third = tokio::spawn({
            let admission = Arc::new(admission);
            async move { admission.seat(None, HEAD).await.map(|s| s.id) }
        });
        tokio::time::timeout(Duration::from_secs(5), first.evict.notified())
            .await
            .unwrap();
        drop(first);
        assert_eq!(third.await.unwrap(), Some(2));
        drop(second);
    }

    #[tokio::test]
    async fn busy_connections_are_never_displaced() {
        let admission = Arc::new(Admission::new(1, None));
        let busy = admission.seat(None, HEAD).await.unwrap();
        busy.deadline.disarm();
        let waiting = tokio::spawn({
            let admission = Arc::clone(&admission);
            async move { admission.seat(None, HEAD).await.is_some() }
        });
        tokio::time::sleep(EVICTION_WAIT * 3).await;
        assert!(!waiting.is_finished());
        drop(busy);
        assert!(waiting.await.unwrap());
    }

    #[tokio::test]
    async fn an_address_gets_its_share_and_no_more() {
        let admission = Admission::new(10, Some(2));
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let a = admission.seat(Some(ip), HEAD).await.unwrap();
        let b = admission.seat(Some(ip), HEAD).await.unwrap();
        // At its share: its longest-waiting connection is asked to go.
        let c = admission.seat(Some(ip), HEAD).await.unwrap();
        tokio::time::timeout(Duration::from_secs(1), a.evict.notified())
            .await
            .unwrap();
        // With all of them busy, the next is refused; others are not.
        for seat in [&b, &c] {
            seat.deadline.disarm();
        }
        drop(a);
        assert!(admission.seat(Some(ip), HEAD).await.is_none());
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(admission.seat(Some(other), HEAD).await.is_some());
    }
}
