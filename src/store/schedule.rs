//! Durable state of schedules and reminders: each due event is a row, and moving an
//! event on is a compare-and-set, so an event is handled at most once even if two ticks
//! race or the process stops half-way.

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use sqlx::FromRow;

use super::{Store, StoreError, from_millis, to_millis};
use crate::domain::punch::Timer;

/// Who a reminder goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Member(String),
    Room(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub id: i64,
    pub owner: String,
    pub target: Target,
    pub text: String,
    pub tz: Tz,
    pub every: Option<(Weekday, NaiveTime)>,
    pub next_due: Option<DateTime<Utc>>,
}

/// A reminder to record.
#[derive(Debug, Clone)]
pub struct NewReminder {
    pub owner: String,
    pub target: Target,
    pub text: String,
    pub tz: Tz,
    pub every: Option<(Weekday, NaiveTime)>,
    pub due: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ReminderRow {
    id: i64,
    owner: String,
    target_kind: String,
    target: String,
    text: String,
    tz: String,
    every_weekday: Option<i64>,
    every_time: Option<String>,
    next_due: Option<i64>,
}

impl ReminderRow {
    fn into_domain(self) -> Result<Reminder, StoreError> {
        let tz: Tz = self
            .tz
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("time zone {}", self.tz)))?;
        let every = match (self.every_weekday, self.every_time) {
            (Some(d), Some(t)) => {
                let day = u8::try_from(d).ok().and_then(|d| Weekday::try_from(d).ok());
                let time = NaiveTime::parse_from_str(&t, "%H:%M").ok();
                match (day, time) {
                    (Some(day), Some(time)) => Some((day, time)),
                    _ => return Err(StoreError::Corrupt(format!("recurrence {d} {t}"))),
                }
            }
            _ => None,
        };
        Ok(Reminder {
            id: self.id,
            owner: self.owner,
            target: if self.target_kind == "room" {
                Target::Room(self.target)
            } else {
                Target::Member(self.target)
            },
            text: self.text,
            tz,
            every,
            next_due: self.next_due.map(from_millis).transpose()?,
        })
    }
}

macro_rules! reminder_query {
    ($tail:literal) => {
        concat!(
            "SELECT id, owner, target_kind, target, text, tz, every_weekday, every_time, next_due FROM reminders ",
            $tail
        )
    };
}

impl Store {
    /// A schedule's state: (spec, next occurrence).
    pub async fn schedule_state(&self, name: &str) -> Result<Option<(String, DateTime<Utc>)>, StoreError> {
        let row: Option<(String, i64)> = sqlx::query_as("SELECT spec, next_due FROM schedule_state WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(s, t)| Ok((s, from_millis(t)?))).transpose()
    }

    /// (Re)starts a schedule at `next`.
    pub async fn reset_schedule(&self, name: &str, spec: &str, next: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO schedule_state (name, spec, next_due) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, next_due = excluded.next_due",
        )
        .bind(name)
        .bind(spec)
        .bind(to_millis(next))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Moves a schedule from the occurrence `from` to `to`; `false` if another tick did.
    pub async fn advance_schedule(
        &self,
        name: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE schedule_state SET next_due = ? WHERE name = ? AND next_due = ?")
            .bind(to_millis(to))
            .bind(name)
            .bind(to_millis(from))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn add_reminder(&self, r: &NewReminder) -> Result<i64, StoreError> {
        let (kind, target) = match &r.target {
            Target::Member(m) => ("member", m.as_str()),
            Target::Room(room) => ("room", room.as_str()),
        };
        let id = sqlx::query_scalar(
            "INSERT INTO reminders (owner, target_kind, target, text, tz, every_weekday, every_time, next_due, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&r.owner)
        .bind(kind)
        .bind(target)
        .bind(&r.text)
        .bind(r.tz.name())
        .bind(r.every.map(|(d, _)| i64::from(d.num_days_from_monday())))
        .bind(r.every.map(|(_, t)| t.format("%H:%M").to_string()))
        .bind(to_millis(r.due))
        .bind(to_millis(r.created_at))
        .fetch_all(&self.pool)
        .await?;
        // Stepped to the end, where autocommit commits: a failed commit is an error.
        id.first()
            .copied()
            .ok_or_else(|| StoreError::Corrupt("an insert returned no id".into()))
    }

    /// Active reminders set by or for `member`.
    pub async fn reminders_of(&self, member: &str) -> Result<Vec<Reminder>, StoreError> {
        let rows: Vec<ReminderRow> = sqlx::query_as(reminder_query!(
            "WHERE cancelled_at IS NULL AND next_due IS NOT NULL
               AND (owner = ?1 OR (target_kind = 'member' AND target = ?1)) ORDER BY next_due, id"
        ))
        .bind(member)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ReminderRow::into_domain).collect()
    }

    /// Every active reminder.
    pub async fn active_reminders(&self) -> Result<Vec<Reminder>, StoreError> {
        let rows: Vec<ReminderRow> = sqlx::query_as(reminder_query!(
            "WHERE cancelled_at IS NULL AND next_due IS NOT NULL ORDER BY next_due, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ReminderRow::into_domain).collect()
    }

    pub async fn reminder(&self, id: i64) -> Result<Option<Reminder>, StoreError> {
        let row: Option<ReminderRow> = sqlx::query_as(reminder_query!(
            "WHERE id = ? AND cancelled_at IS NULL AND next_due IS NOT NULL"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(ReminderRow::into_domain).transpose()
    }

    pub async fn cancel_reminder(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE reminders SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL AND next_due IS NOT NULL",
        )
        .bind(to_millis(at))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves a reminder from the occurrence `from` to `to` (`None`: done); `false` if it
    /// was moved already.
    pub async fn advance_reminder(
        &self,
        id: i64,
        from: DateTime<Utc>,
        to: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE reminders SET next_due = ? WHERE id = ? AND next_due = ? AND cancelled_at IS NULL")
                .bind(to.map(to_millis))
                .bind(id)
                .bind(to_millis(from))
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Running timers whose owner has not been reminded yet.
    pub async fn unreminded_timers(&self) -> Result<Vec<Timer>, StoreError> {
        let rows: Vec<(String, String, bool, Option<String>, i64)> = sqlx::query_as(
            "SELECT member, project, volunteer, note, started_at FROM timers WHERE reminded_at IS NULL ORDER BY started_at",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(member, project, volunteer, note, at)| {
                Ok(Timer {
                    member,
                    project,
                    volunteer,
                    note,
                    started_at: from_millis(at)?,
                })
            })
            .collect()
    }

    pub async fn mark_timer_reminded(&self, timer: &Timer, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE timers SET reminded_at = ? WHERE member = ? AND started_at = ? AND reminded_at IS NULL",
        )
        .bind(to_millis(at))
        .bind(&timer.member)
        .bind(to_millis(timer.started_at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
