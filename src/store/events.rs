//! Network events already handled, so that a replayed delivery is handled once.

use super::sql;
use super::{Store, StoreError, to_millis};
use chrono::{DateTime, Utc};

impl Store {
    /// Claims `event_id` for handling: `true` the first time, `false` when it was
    /// claimed before (a replayed sync). The claim is committed before the command runs,
    /// so a crash in between loses that one command (its confirmation was never sent)
    /// rather than recording it twice.
    pub async fn claim_event(&self, event_id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("INSERT INTO network_events (event_id, handled_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .bind(event_id)
                .bind(to_millis(now))
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets claims older than `before`: no sync replays events that old.
    pub async fn forget_events_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("DELETE FROM network_events WHERE handled_at < ?").bind(to_millis(before))
        )?;
        Ok(done.rows_affected())
    }
}
