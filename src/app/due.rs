//! When the next event falls due, from what the store keeps indexed.
//!
//! Every pending event is stored with the instant it is delivered (holidays, leave and
//! DST applied when it is created, when it fires and when leave is declared), so the next
//! due instant is one indexed lookup per kind, whatever the number pending. Once per
//! process, before the first lookup, everything is placed again from the configuration
//! (holidays, schedules, proposal reminders may have changed while the bot was stopped).

use std::sync::atomic::Ordering;

use chrono::{DateTime, Duration, Utc};

use super::{Core, CoreResult};

impl Core {
    /// Places every pending event from the configuration, once per process. The caller
    /// holds the turn.
    pub(super) async fn place_all(&self, now: DateTime<Utc>) -> CoreResult<()> {
        if self.placed.load(Ordering::Acquire) {
            return Ok(());
        }
        self.place_schedules(now).await?;
        self.place_reminders(now).await?;
        self.place_proposals().await?;
        self.placed.store(true, Ordering::Release);
        Ok(())
    }

    /// The earliest instant something is due, once everything is placed.
    pub(super) async fn earliest_due(&self) -> CoreResult<Option<DateTime<Utc>>> {
        let punch = &self.config().punch;
        // A timer is flagged once it has run *more* than the limit: a minute after.
        let flag_after = punch.timer_limit + Duration::minutes(1);
        let stored = self.store.next_due_instant(flag_after, punch.remind_after).await?;
        let standup = self.standup_next_due().await?;
        let retention = self.retention_due().await?;
        Ok(stored.into_iter().chain(standup).chain(retention).min())
    }
}
