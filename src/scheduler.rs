//! Driving time: when the core's due events fire.
//!
//! Nothing time-based lives only in memory: the core derives the next due instant from
//! the database (`Core::next_due`), so a restart loses nothing. A live transport sleeps
//! until that instant or until a message arrives (which may change it), then ticks; the
//! simulated clock of the console fires each due event at its own instant, in order.
//!
//! A storage error never puts the live scheduler to sleep for good: when the next due
//! instant cannot be read, or an event the tick should have handled is still due, it
//! logs the error and looks again after [`RETRY_AFTER`].

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::app::{Core, Outcome, Taker};
use crate::store::StoreError;

/// How long the live scheduler waits before it looks again when the database failed it
/// (locked by another process, a full disk): short, so that a deadline passed meanwhile
/// is met soon after the database is back, and the same whatever the error.
pub const RETRY_AFTER: StdDuration = StdDuration::from_secs(2);

/// Sleeps until the next due instant (real time); forever when nothing is pending; for
/// [`RETRY_AFTER`], with the error logged, when it could not be read.
pub async fn sleep_until_due(next: Result<Option<DateTime<Utc>>, StoreError>) {
    match next {
        Ok(Some(at)) => {
            let wait = (at - Utc::now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
        }
        Ok(None) => std::future::pending::<()>().await,
        Err(e) => {
            tracing::error!(error = %e, retry_in_s = RETRY_AFTER.as_secs(), "cannot read pending events; will look again");
            tokio::time::sleep(RETRY_AFTER).await;
        }
    }
}

/// The live scheduler: fires what is due (its announcements committed to the outbox with
/// it), hands the outcome to `settle` (which tells the networks), then sleeps until the
/// next due instant or until `wake` is notified (a command that may have moved it). Runs
/// until dropped.
pub async fn run_live(core: &Core, wake: &Notify, mut settle: impl FnMut(Outcome)) {
    loop {
        let ticked = Utc::now();
        settle(core.tick_for(ticked, Taker::Nobody).await);
        let next = match core.next_due(Utc::now()).await {
            // Due already at the tick: the tick could not handle it (it logged why).
            // Looking again at once would spin; after a pause, it is retried.
            Ok(Some(at)) if at <= ticked => {
                tracing::warn!(due = %at, retry_in_s = RETRY_AFTER.as_secs(), "an event still due after the tick; will retry");
                Ok(Some(Utc::now() + RETRY_AFTER))
            }
            next => next,
        };
        tokio::select! {
            () = sleep_until_due(next) => {}
            () = wake.notified() => {}
        }
    }
}

/// Moves a simulated clock from `*clock` to `target`, firing every event that falls due
/// on the way at its own instant, in order, and handing each tick's outcome (every effect
/// taken by the caller: the console shows them all) to `emit`.
pub async fn advance<F: Future<Output = ()>>(
    core: &Core,
    clock: &mut DateTime<Utc>,
    target: DateTime<Utc>,
    mut emit: impl FnMut(Outcome) -> F,
) {
    loop {
        let due = match core.next_due(*clock).await {
            Ok(Some(due)) if due <= target => due,
            Ok(_) => break,
            Err(e) => {
                // Whatever was due stays due and fires, late, at a later tick.
                tracing::error!(error = %e, "cannot read pending events; the clock moves on");
                break;
            }
        };
        let at = due.max(*clock);
        *clock = at;
        emit(core.tick_for(at, Taker::Everyone).await).await;
        if matches!(core.next_due(at).await, Ok(Some(again)) if again == due) {
            // The event could not be processed (storage error, logged): moving on keeps
            // the clock usable; the event stays due and is retried at the next tick.
            break;
        }
    }
    *clock = target.max(*clock);
}
