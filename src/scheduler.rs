//! Driving time: when the core's due events fire.
//!
//! Nothing time-based lives only in memory: the core derives the next due instant from
//! the database (`Core::next_due`), so a restart loses nothing. A live transport sleeps
//! until that instant or until a message arrives (which may change it), then ticks; the
//! simulated clock of the console fires each due event at its own instant, in order.

use chrono::{DateTime, Utc};

use crate::app::{Core, Effect};

/// Sleeps until `next` (real time); forever when nothing is pending.
pub async fn sleep_until_due(next: Option<DateTime<Utc>>) {
    match next {
        Some(at) => {
            let wait = (at - Utc::now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
        }
        None => std::future::pending::<()>().await,
    }
}

/// Moves a simulated clock from `*clock` to `target`, firing every event that falls due
/// on the way at its own instant, in order, and handing each batch of effects to `emit`.
pub async fn advance(core: &Core, clock: &mut DateTime<Utc>, target: DateTime<Utc>, mut emit: impl FnMut(Vec<Effect>)) {
    while let Some(due) = core.next_due(*clock).await {
        if due > target {
            break;
        }
        let at = due.max(*clock);
        *clock = at;
        emit(core.tick(at).await);
        if core.next_due(at).await == Some(due) {
            // The event could not be processed (storage error, logged): moving on keeps
            // the clock usable; the event stays due and is retried at the next tick.
            break;
        }
    }
    *clock = target.max(*clock);
}
