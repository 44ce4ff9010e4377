//! Durable state of schedules and reminders: each due event is a row, and moving an
//! event on is a compare-and-set, so an event is handled at most once even if two ticks
//! race or the process stops half-way. Each row keeps its delivery instant (`deliver_at`,
//! holidays and leave applied) in an index: a tick reads only the rows that are due.

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use sqlx::FromRow;

use super::{AsDb, sql};
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
    /// The current occurrence (for a recurring reminder, the next one not skipped).
    pub next_due: Option<DateTime<Utc>>,
    /// When that occurrence is delivered: moved past holidays and the target's leave.
    pub deliver_at: Option<DateTime<Utc>>,
}

/// A reminder to record.
#[derive(Debug, Clone)]
pub struct NewReminder {
    pub owner: String,
    pub target: Target,
    pub text: String,
    pub tz: Tz,
    pub every: Option<(Weekday, NaiveTime)>,
    /// Its first occurrence, and when that is delivered (`None`: never, so it is done).
    pub due: DateTime<Utc>,
    pub deliver_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Where a reminder or schedule moves: its next occurrence and when that is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub occurrence: DateTime<Utc>,
    pub deliver_at: DateTime<Utc>,
}

/// A configured schedule's stored state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleState {
    pub name: String,
    pub spec: String,
    pub next_due: DateTime<Utc>,
    /// `None`: not configured any more.
    pub deliver_at: Option<DateTime<Utc>>,
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
    deliver_at: Option<i64>,
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
            deliver_at: self.deliver_at.map(from_millis).transpose()?,
        })
    }
}

macro_rules! reminder_query {
    ($tail:literal) => {
        concat!(
            "SELECT id, owner, target_kind, target, text, tz, every_weekday, every_time, next_due, deliver_at FROM reminders ",
            $tail
        )
    };
}

impl Store {
    /// Every configured schedule's state (a few rows: one per configured job).
    pub async fn schedule_states(&self) -> Result<Vec<ScheduleState>, StoreError> {
        let rows: Vec<(String, String, i64, Option<i64>)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT name, spec, next_due, deliver_at FROM schedule_state ORDER BY name")
        )?;
        rows.into_iter().map(schedule_row).collect()
    }

    /// The schedules whose delivery instant is at or before `now`, earliest first.
    pub async fn due_schedules(&self, now: DateTime<Utc>) -> Result<Vec<ScheduleState>, StoreError> {
        let rows: Vec<(String, String, i64, Option<i64>)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT name, spec, next_due, deliver_at FROM schedule_state
             WHERE deliver_at IS NOT NULL AND deliver_at <= ? ORDER BY deliver_at, name",
            )
            .bind(to_millis(now))
        )?;
        rows.into_iter().map(schedule_row).collect()
    }

    /// (Re)starts a schedule at `next` (delivery not placed yet: see `place_schedule`).
    pub async fn reset_schedule(&self, name: &str, spec: &str, next: DateTime<Utc>) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query(
                "INSERT INTO schedule_state (name, spec, next_due, deliver_at) VALUES (?, ?, ?, NULL)
             ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, next_due = excluded.next_due, deliver_at = NULL",
            )
            .bind(name)
            .bind(spec)
            .bind(to_millis(next))
        )?;
        Ok(())
    }

    /// Moves a schedule from the occurrence `from` to `to` (`None`: it has no further
    /// occurrence, or is no longer configured); `false` if another tick moved it first.
    pub async fn place_schedule(
        &self,
        name: &str,
        from: DateTime<Utc>,
        to: Option<Placed>,
    ) -> Result<bool, StoreError> {
        let done = sql!(self.conn().await?, execute, query(
            "UPDATE schedule_state SET next_due = COALESCE(?, next_due), deliver_at = ? WHERE name = ? AND next_due = ?",
        ).bind(to.map(|p| to_millis(p.occurrence))).bind(to.map(|p| to_millis(p.deliver_at))).bind(name).bind(to_millis(from)))?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn add_reminder(&self, r: &NewReminder) -> Result<i64, StoreError> {
        let mut conn = self.conn().await?;
        insert_reminder(&mut conn, r).await
    }

    /// Several reminders in one transaction (one commit); their ids, in order.
    pub async fn add_reminders(&self, reminders: &[NewReminder]) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.conn().await?;
        if let [one] = reminders {
            // One statement is atomic by itself: no transaction (in a unit, no savepoint:
            // two round trips to the database thread fewer for a lone `!remind`).
            return Ok(vec![insert_reminder(&mut conn, one).await?]);
        }
        let mut tx = conn.begin().await?;
        let mut ids = Vec::with_capacity(reminders.len());
        for r in reminders {
            ids.push(insert_reminder(&mut tx, r).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Active reminders set by or for `member`.
    pub async fn reminders_of(&self, member: &str) -> Result<Vec<Reminder>, StoreError> {
        let rows: Vec<ReminderRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(reminder_query!(
                "WHERE cancelled_at IS NULL AND next_due IS NOT NULL
               AND (owner = ?1 OR (target_kind = 'member' AND target = ?1)) ORDER BY next_due, id"
            ))
            .bind(member)
        )?;
        rows.into_iter().map(ReminderRow::into_domain).collect()
    }

    /// Active reminders for `member` (whoever set them).
    pub async fn reminders_for(&self, member: &str) -> Result<Vec<Reminder>, StoreError> {
        let rows: Vec<ReminderRow> = sql!(self.conn().await?, fetch_all, query_as(reminder_query!(
            "WHERE target = ? AND target_kind = 'member' AND cancelled_at IS NULL AND next_due IS NOT NULL ORDER BY id"
        )).bind(member))?;
        rows.into_iter().map(ReminderRow::into_domain).collect()
    }

    /// Every active reminder: read once at start, to place them all again.
    pub async fn active_reminders(&self) -> Result<Vec<Reminder>, StoreError> {
        let rows: Vec<ReminderRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(reminder_query!(
                "WHERE cancelled_at IS NULL AND next_due IS NOT NULL ORDER BY id"
            ))
        )?;
        rows.into_iter().map(ReminderRow::into_domain).collect()
    }

    /// Up to `limit` active reminders delivered at or before `now`, earliest first.
    pub async fn due_reminders(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Reminder>, StoreError> {
        let rows: Vec<ReminderRow> = sql!(self.conn().await?, fetch_all, query_as(reminder_query!(
            "WHERE deliver_at IS NOT NULL AND deliver_at <= ? AND cancelled_at IS NULL ORDER BY deliver_at, id LIMIT ?"
        )).bind(to_millis(now)).bind(i64::from(limit)))?;
        rows.into_iter().map(ReminderRow::into_domain).collect()
    }

    pub async fn reminder(&self, id: i64) -> Result<Option<Reminder>, StoreError> {
        let row: Option<ReminderRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(reminder_query!(
                "WHERE id = ? AND cancelled_at IS NULL AND next_due IS NOT NULL"
            ))
            .bind(id)
        )?;
        row.map(ReminderRow::into_domain).transpose()
    }

    pub async fn cancel_reminder(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done =
            sql!(self.conn().await?, execute, query(
            "UPDATE reminders SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL AND next_due IS NOT NULL",
        ).bind(to_millis(at)).bind(id))?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves a reminder from the occurrence `from` to `to` (`None`: done); `false` if it
    /// was moved already.
    pub async fn place_reminder(&self, id: i64, from: DateTime<Utc>, to: Option<Placed>) -> Result<bool, StoreError> {
        let done = sql!(self.conn().await?, execute, query(
            "UPDATE reminders SET next_due = ?, deliver_at = ? WHERE id = ? AND next_due = ? AND cancelled_at IS NULL",
        ).bind(to.map(|p| to_millis(p.occurrence))).bind(to.map(|p| to_millis(p.deliver_at))).bind(id).bind(to_millis(from)))?;
        Ok(done.rows_affected() == 1)
    }

    /// Several reminders moved at once, in one transaction: (id, from, to) as in
    /// [`Store::place_reminder`]. Returns how many moved.
    pub async fn place_reminders(&self, moves: &[(i64, DateTime<Utc>, Option<Placed>)]) -> Result<u64, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let mut moved = 0;
        for (id, from, to) in moves {
            moved += sql!(tx, execute, query(
                "UPDATE reminders SET next_due = ?, deliver_at = ? WHERE id = ? AND next_due = ? AND cancelled_at IS NULL",
            ).bind(to.map(|p| to_millis(p.occurrence))).bind(to.map(|p| to_millis(p.deliver_at))).bind(id).bind(to_millis(*from)))?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// Running timers whose owner has not been reminded yet, started at or before `by`.
    pub async fn unreminded_timers(&self, by: DateTime<Utc>) -> Result<Vec<Timer>, StoreError> {
        let rows: Vec<(String, String, bool, Option<String>, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT member, project, volunteer, note, started_at FROM timers
             WHERE reminded_at IS NULL AND started_at <= ? ORDER BY started_at",
            )
            .bind(to_millis(by))
        )?;
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
        let done = sql!(
            self.conn().await?,
            execute,
            query("UPDATE timers SET reminded_at = ? WHERE member = ? AND started_at = ? AND reminded_at IS NULL",)
                .bind(to_millis(at))
                .bind(&timer.member)
                .bind(to_millis(timer.started_at))
        )?;
        Ok(done.rows_affected() == 1)
    }
}

fn schedule_row((name, spec, next, deliver): (String, String, i64, Option<i64>)) -> Result<ScheduleState, StoreError> {
    Ok(ScheduleState {
        name,
        spec,
        next_due: from_millis(next)?,
        deliver_at: deliver.map(from_millis).transpose()?,
    })
}

async fn insert_reminder(conn: &mut impl AsDb, r: &NewReminder) -> Result<i64, StoreError> {
    let (kind, target) = match &r.target {
        Target::Member(m) => ("member", m.as_str()),
        Target::Room(room) => ("room", room.as_str()),
    };
    // One that can never be delivered is done at once.
    let due = r.deliver_at.map(|_| to_millis(r.due));
    let id = sql!(
        conn,
        fetch_all,
        query_scalar(
            "INSERT INTO reminders (owner, target_kind, target, text, tz, every_weekday, every_time, next_due,
                                deliver_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&r.owner)
        .bind(kind)
        .bind(target)
        .bind(&r.text)
        .bind(r.tz.name())
        .bind(r.every.map(|(d, _)| i64::from(d.num_days_from_monday())))
        .bind(r.every.map(|(_, t)| t.format("%H:%M").to_string()))
        .bind(due)
        .bind(r.deliver_at.map(to_millis))
        .bind(to_millis(r.created_at))
    )?;
    // Stepped to the end, where autocommit commits: a failed commit is an error.
    id.first()
        .copied()
        .ok_or_else(|| StoreError::Corrupt("an insert returned no id".into()))
}
