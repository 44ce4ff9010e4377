//! The next due instant of everything pending, from the indexed delivery instants the
//! other tables keep: one statement, one index lookup per kind of event (reminders,
//! configured schedules, open proposals, running timers, the time boxes of the agenda
//! item a meeting is on), whatever the number pending.

use chrono::{DateTime, Duration, Utc};

use super::sql;
use super::{Store, StoreError, from_millis};

impl Store {
    /// The earliest delivery instant stored for a reminder, a schedule or an open
    /// proposal, and the earliest moment a running timer is to be flagged (`flag_after`
    /// after its start) or its owner reminded (`remind_after`, when set), and the next
    /// time-box announcement of a meeting's current item (`store/timebox.rs`).
    pub async fn next_due_instant(
        &self,
        flag_after: Duration,
        remind_after: Option<Duration>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let next: Option<i64> = sql!(
            self.conn().await?,
            fetch_one,
            query_scalar(
                "SELECT MIN(t) FROM (
                SELECT MIN(deliver_at) AS t FROM reminders WHERE deliver_at IS NOT NULL AND cancelled_at IS NULL
                UNION ALL
                SELECT MIN(deliver_at) FROM schedule_state WHERE deliver_at IS NOT NULL
                UNION ALL
                SELECT MIN(next_event_at) FROM proposals WHERE state = 'open' AND next_event_at IS NOT NULL
                UNION ALL
                SELECT MIN(started_at) + ?1 FROM timers WHERE flagged_at IS NULL
                UNION ALL
                SELECT MIN(started_at) + ?2 FROM timers WHERE reminded_at IS NULL AND ?2 IS NOT NULL
                UNION ALL
                SELECT MIN(warn_at) FROM agenda_items WHERE warn_at IS NOT NULL
                UNION ALL
                SELECT MIN(over_at) FROM agenda_items WHERE over_at IS NOT NULL
            ) AS due",
            )
            .bind(flag_after.num_milliseconds())
            .bind(remind_after.map(|d| d.num_milliseconds()))
        )?;
        next.map(from_millis).transpose()
    }
}
