//! Running timers (`!punch start` / `stop`): one per member, flagged once when it ran
//! past the collective's limit.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::sql;
use super::{Store, StoreError, from_millis, to_millis};
use crate::domain::punch::Timer;

#[derive(FromRow)]
struct TimerRow {
    member: String,
    project: String,
    volunteer: bool,
    note: Option<String>,
    started_at: i64,
}

impl TimerRow {
    fn into_domain(self) -> Result<Timer, StoreError> {
        Ok(Timer {
            member: self.member,
            project: self.project,
            volunteer: self.volunteer,
            started_at: from_millis(self.started_at)?,
            note: self.note,
        })
    }
}

impl Store {
    pub async fn timer(&self, member: &str) -> Result<Option<Timer>, StoreError> {
        let row: Option<TimerRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as("SELECT member, project, volunteer, note, started_at FROM timers WHERE member = ?").bind(member)
        )?;
        row.map(TimerRow::into_domain).transpose()
    }

    /// Starts a timer; `false` if the member has one running already.
    pub async fn start_timer(&self, t: &Timer) -> Result<bool, StoreError> {
        let done = sql!(self.conn().await?, execute, query(
            "INSERT INTO timers (member, project, volunteer, note, started_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        ).bind(&t.member).bind(&t.project).bind(t.volunteer).bind(&t.note).bind(to_millis(t.started_at)))?;
        Ok(done.rows_affected() == 1)
    }

    /// Discards a timer that ran past the limit (nothing is recorded).
    pub async fn drop_timer(&self, timer: &Timer) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("DELETE FROM timers WHERE member = ? AND started_at = ?")
                .bind(&timer.member)
                .bind(to_millis(timer.started_at))
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Running timers started before `before` whose owner has not yet been told they
    /// passed the limit.
    pub async fn unflagged_timers(&self, before: DateTime<Utc>) -> Result<Vec<Timer>, StoreError> {
        let rows: Vec<TimerRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT member, project, volunteer, note, started_at FROM timers
             WHERE flagged_at IS NULL AND started_at < ? ORDER BY started_at",
            )
            .bind(to_millis(before))
        )?;
        rows.into_iter().map(TimerRow::into_domain).collect()
    }

    /// Marks a timer as flagged; `false` if it already was or is gone.
    pub async fn flag_timer(&self, timer: &Timer, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("UPDATE timers SET flagged_at = ? WHERE member = ? AND started_at = ? AND flagged_at IS NULL")
                .bind(to_millis(at))
                .bind(&timer.member)
                .bind(to_millis(timer.started_at))
        )?;
        Ok(done.rows_affected() == 1)
    }
}
