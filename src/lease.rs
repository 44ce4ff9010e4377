//! Active/standby on PostgreSQL (docs/storage.md, "A standby that takes over"): two or
//! more `konbit run` with the same configuration on one database; the one that holds the
//! lease (`store/lease.rs`) is active, the others stand by, connected to nothing but the
//! database, and look again every half renewal. The active one renews its lease every
//! `renew`; a standby takes it once it expired, and only then connects to the networks,
//! catches up and delivers the outbox — the path of any start.
//!
//! Fencing: every unit of work of the active one checks its epoch before it commits (the
//! store refuses a unit once another took over), and every delivery asks [`may_send`]:
//! only while the lease is known valid by this process's own monotonic clock, which runs
//! on while the process is frozen. The lease is counted from before the renewal was sent,
//! less a tenth, so this process stops sending before any standby may take over. When
//! the lease is lost (another took it, or it expired before a renewal got through), the
//! process stops sending at once and exits (`LOST_LEASE`); its service manager starts it
//! again, as a standby.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::config::Lease as Timing;
use crate::store::{Store, StoreError};

/// The exit status of a `konbit run` that lost its lease.
pub const LOST_LEASE: i32 = 75;

/// Until when (milliseconds since [`base`]) this process may send; `u64::MAX`: it holds
/// no lease (SQLite, `konbit console`), nothing is fenced.
static VALID_UNTIL: AtomicU64 = AtomicU64::new(u64::MAX);

fn base() -> Instant {
    static BASE: OnceLock<Instant> = OnceLock::new();
    *BASE.get_or_init(Instant::now)
}

fn ms_since_base(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(base()).as_millis()).unwrap_or(u64::MAX - 1)
}

/// Whether this process may deliver anything now: it holds no lease, or its lease is
/// still valid by its own clock.
pub fn may_send() -> bool {
    let until = VALID_UNTIL.load(Ordering::Acquire);
    until == u64::MAX || ms_since_base(Instant::now()) < until
}

/// The lease renewed by a request sent at `sent`: valid here until a tenth before it
/// expires in the database.
fn valid_from(sent: Instant, timing: Timing) -> u64 {
    ms_since_base(sent + timing.lease - timing.lease / 10)
}

fn close_gate() {
    VALID_UNTIL.store(0, Ordering::Release);
}

/// This process, for the standbys' logs: host and process id.
pub fn holder_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "?".into());
    format!("{host}:{}", std::process::id())
}

/// The lease held by this process.
pub struct Active {
    store: Store,
    epoch: i64,
    timing: Timing,
}

impl Active {
    pub fn epoch(&self) -> i64 {
        self.epoch
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Stands by until this process holds the lease of the database `store` reaches (its
/// own connection: a long unit of work never delays a renewal). Logs who is active
/// while it waits, once per holder.
pub async fn stand_by(store: Store, timing: Timing) -> Active {
    let me = holder_name();
    let look = (timing.renew / 2).max(Duration::from_millis(100));
    let mut seen: Option<(String, i64)> = None;
    let mut unreachable = false;
    loop {
        let sent = Instant::now();
        match tokio::time::timeout(timing.renew, store.lease_take(&me, millis(timing.lease))).await {
            Ok(Ok(Some(epoch))) => {
                VALID_UNTIL.store(valid_from(sent, timing), Ordering::Release);
                tracing::info!(epoch, holder = %me, "holding the lease: this konbit is active");
                return Active { store, epoch, timing };
            }
            Ok(Ok(None)) => {
                unreachable = false;
                if let Ok(Some(h)) = store.lease_holder().await
                    && seen.as_ref() != Some(&(h.holder.clone(), h.epoch))
                {
                    tracing::info!(active = %h.holder, epoch = h.epoch, expires_in_ms = h.expires_in_ms, "standing by: another konbit is active");
                    seen = Some((h.holder, h.epoch));
                }
            }
            Ok(Err(e)) => {
                if !unreachable {
                    tracing::warn!(error = %e, "standing by: cannot reach the database; looking again");
                    unreachable = true;
                }
                store.find_writable_server().await;
            }
            Err(_) => {
                if !unreachable {
                    tracing::warn!("standing by: the database does not answer; looking again");
                    unreachable = true;
                }
                store.find_writable_server().await;
            }
        }
        tokio::time::sleep(look).await;
    }
}

/// Renews the lease every `renew` for as long as the process runs. When it is lost, or
/// expires before a renewal got through, nothing more is sent and the process exits
/// with [`LOST_LEASE`].
pub fn keep(active: &Active) -> tokio::task::JoinHandle<()> {
    let store = active.store.clone();
    let (epoch, timing) = (active.epoch, active.timing);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(timing.renew).await;
            let sent = Instant::now();
            let renewed = tokio::time::timeout(timing.renew, store.lease_renew(epoch, millis(timing.lease))).await;
            match renewed {
                Ok(Ok(true)) => VALID_UNTIL.store(valid_from(sent, timing), Ordering::Release),
                Ok(Ok(false)) => lost(epoch, "another konbit took over"),
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, epoch, "cannot renew the lease; trying again");
                    store.find_writable_server().await;
                }
                Err(_) => {
                    tracing::warn!(epoch, "the database did not answer the lease's renewal; trying again");
                    store.find_writable_server().await;
                }
            }
            if !may_send() {
                lost(epoch, "the lease expired before it could be renewed");
            }
        }
    })
}

/// Gives the lease up at a clean stop: a standby takes over at its next look.
pub async fn release(active: Active) -> Result<(), StoreError> {
    close_gate();
    active.store.lease_release(active.epoch).await
}

fn lost(epoch: i64, why: &str) -> ! {
    close_gate();
    tracing::error!(
        epoch,
        why,
        "this konbit lost the lease: it stops; a standby serves the collective"
    );
    std::process::exit(LOST_LEASE)
}
