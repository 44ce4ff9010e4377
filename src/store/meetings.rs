//! Meetings, attendance, minutes, stand-up rounds and justified absences.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::{AsDb as _, sql};
use super::{Store, StoreError, from_millis, to_millis};
use crate::domain::proposal::ProposalId;
use crate::domain::standup::{Round, Summary};

/// A meeting as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub room: String,
    pub committee: String,
    pub started_at: DateTime<Utc>,
    pub started_by: String,
    pub ended_at: Option<DateTime<Utc>>,
    pub minutes_path: Option<String>,
    pub minutes: Option<String>,
}

#[derive(FromRow)]
struct MeetingRow {
    id: i64,
    room: String,
    committee: String,
    started_at: i64,
    started_by: String,
    ended_at: Option<i64>,
    minutes_path: Option<String>,
    minutes: Option<String>,
}

impl MeetingRow {
    fn into_domain(self) -> Result<Meeting, StoreError> {
        Ok(Meeting {
            id: self.id,
            room: self.room,
            committee: self.committee,
            started_at: from_millis(self.started_at)?,
            started_by: self.started_by,
            ended_at: self.ended_at.map(from_millis).transpose()?,
            minutes_path: self.minutes_path,
            minutes: self.minutes,
        })
    }
}

macro_rules! meeting_query {
    ($tail:literal) => {
        concat!(
            "SELECT id, room, committee, started_at, started_by, ended_at, minutes_path, minutes FROM meetings ",
            $tail
        )
    };
}

/// Something recorded during a meeting, for the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Topic,
    Agreed,
    Action,
    Decision,
}

impl ItemKind {
    fn as_str(self) -> &'static str {
        match self {
            ItemKind::Topic => "topic",
            ItemKind::Agreed => "agreed",
            ItemKind::Action => "action",
            ItemKind::Decision => "decision",
        }
    }

    fn parse(s: &str) -> Option<ItemKind> {
        Some(match s {
            "topic" => ItemKind::Topic,
            "agreed" => ItemKind::Agreed,
            "action" => ItemKind::Action,
            "decision" => ItemKind::Decision,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub who: Option<String>,
    pub text: String,
    pub author: String,
    pub at: DateTime<Utc>,
}

/// A justified absence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    pub member: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

/// A round that ends, with what to record of it.
#[derive(Debug, Clone, Copy)]
pub struct FinishedRound<'a> {
    pub id: i64,
    pub room: &'a str,
    pub round: &'a Round,
    pub summary: &'a Summary,
    /// The committee its attendance counts for when no meeting is open.
    pub committee: &'a str,
    pub present: &'a [String],
    pub at: DateTime<Utc>,
}

/// A member present at a meeting of a committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub member: String,
    pub committee: String,
    pub at: DateTime<Utc>,
}

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("day {s}")))
}

fn round_from(json: &str) -> Result<Round, StoreError> {
    let round: Round = serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("stand-up round: {e}")))?;
    if !round.is_consistent() {
        return Err(StoreError::Corrupt("stand-up round with indexes out of range".into()));
    }
    Ok(round)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("cannot encode: {e}")))
}

impl Store {
    pub async fn add_absence(&self, a: &Absence, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let id = sql!(self.conn().await?, fetch_all, query_scalar(
            "INSERT INTO absences (member, from_day, to_day, reason, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        ).bind(&a.member).bind(day_text(a.from)).bind(day_text(a.to)).bind(&a.reason).bind(to_millis(at)))?;
        // Stepped to the end, where autocommit commits: a failed commit is an error.
        id.first()
            .copied()
            .ok_or_else(|| StoreError::Corrupt("an insert returned no id".into()))
    }

    /// Absences overlapping `from..=to`, optionally one member's.
    pub async fn absences(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        member: Option<&str>,
    ) -> Result<Vec<Absence>, StoreError> {
        // One member's: read through the index on member (an `OR` would defeat it).
        let sql = match member {
            Some(_) => {
                "SELECT member, from_day, to_day, reason FROM absences
                 WHERE member = ?3 AND from_day <= ?2 AND to_day >= ?1 ORDER BY from_day, id"
            }
            None => {
                "SELECT member, from_day, to_day, reason FROM absences
                 WHERE from_day <= ?2 AND to_day >= ?1 AND ?3 IS NULL ORDER BY from_day, id"
            }
        };
        let rows: Vec<(String, String, String, String)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(sql).bind(day_text(from)).bind(day_text(to)).bind(member)
        )?;
        rows.into_iter()
            .map(|(member, f, t, reason)| {
                Ok(Absence {
                    member,
                    from: parse_day(&f)?,
                    to: parse_day(&t)?,
                    reason,
                })
            })
            .collect()
    }

    pub async fn open_meeting(&self, room: &str) -> Result<Option<Meeting>, StoreError> {
        let row: Option<MeetingRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(meeting_query!("WHERE room = ? AND ended_at IS NULL")).bind(room)
        )?;
        row.map(MeetingRow::into_domain).transpose()
    }

    /// Opens a meeting and counts its starter present; `None` if one is open in the room.
    pub async fn start_meeting(
        &self,
        room: &str,
        committee: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let id: Option<i64> = sql!(
            tx,
            fetch_optional,
            query_scalar(
                "INSERT INTO meetings (room, committee, started_at, started_by)
             SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM meetings WHERE room = ?1 AND ended_at IS NULL)
             RETURNING id",
            )
            .bind(room)
            .bind(committee)
            .bind(to_millis(at))
            .bind(by)
        )?;
        let Some(id) = id else { return Ok(None) };
        sql!(
            tx,
            execute,
            query(
                "INSERT INTO attendance (meeting_id, member, at, how) VALUES (?, ?, ?, 'here') ON CONFLICT DO NOTHING"
            )
            .bind(id)
            .bind(by)
            .bind(to_millis(at))
        )?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Counts `member` present; `false` if they already were.
    pub async fn mark_present(&self, meeting: i64, member: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query(
                "INSERT INTO attendance (meeting_id, member, at, how) VALUES (?, ?, ?, 'here') ON CONFLICT DO NOTHING"
            )
            .bind(meeting)
            .bind(member)
            .bind(to_millis(at))
        )?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn add_item(&self, meeting: i64, item: &Item) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query("INSERT INTO meeting_items (meeting_id, kind, who, text, author, at) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(meeting)
                .bind(item.kind.as_str())
                .bind(&item.who)
                .bind(&item.text)
                .bind(&item.author)
                .bind(to_millis(item.at))
        )?;
        Ok(())
    }

    pub async fn items(&self, meeting: i64) -> Result<Vec<Item>, StoreError> {
        let rows: Vec<(String, Option<String>, String, String, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT kind, who, text, author, at FROM meeting_items WHERE meeting_id = ? ORDER BY id")
                .bind(meeting)
        )?;
        rows.into_iter()
            .map(|(kind, who, text, author, at)| {
                Ok(Item {
                    kind: ItemKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("item {kind}")))?,
                    who,
                    text,
                    author,
                    at: from_millis(at)?,
                })
            })
            .collect()
    }

    /// Who was present, in the order they were counted.
    pub async fn attendees(&self, meeting: i64) -> Result<Vec<String>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_all,
            query_scalar("SELECT member FROM attendance WHERE meeting_id = ? ORDER BY at, member").bind(meeting)
        )?)
    }

    /// Closes a meeting with its minutes; `false` if it was already closed.
    pub async fn end_meeting(
        &self,
        id: i64,
        at: DateTime<Utc>,
        path: Option<&str>,
        minutes: &str,
    ) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("UPDATE meetings SET ended_at = ?, minutes_path = ?, minutes = ? WHERE id = ? AND ended_at IS NULL",)
                .bind(to_millis(at))
                .bind(path)
                .bind(minutes)
                .bind(id)
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// The most recent meeting with minutes.
    pub async fn last_minutes(&self) -> Result<Option<Meeting>, StoreError> {
        let row: Option<MeetingRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(meeting_query!(
                "WHERE minutes IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1"
            ))
        )?;
        row.map(MeetingRow::into_domain).transpose()
    }

    /// Records a meeting's decision on a deferred proposal, with the decision register and
    /// the minutes item, atomically; `false` if it was not deferred any more.
    pub async fn decide(
        &self,
        meeting: i64,
        id: ProposalId,
        adopted: bool,
        note: Option<&str>,
        item: &Item,
    ) -> Result<bool, StoreError> {
        let outcome = if adopted { "adopted" } else { "rejected" };
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let changed =
            sql!(tx, execute, query(
            "UPDATE proposals SET state = ?, closed_at = ?, outcome_note = ? WHERE id = ? AND state = 'deferred'",
        ).bind(outcome).bind(to_millis(item.at)).bind(note).bind(id.0))?;
        if changed.rows_affected() != 1 {
            return Ok(false);
        }
        sql!(tx, execute, query(
            "INSERT INTO decisions (proposal_id, outcome, decided_at, recorded_at, how, note) VALUES (?, ?, ?, ?, 'meeting', ?)",
        ).bind(id.0).bind(outcome).bind(to_millis(item.at)).bind(to_millis(item.at)).bind(note))?;
        sql!(tx, execute, query(
            "INSERT INTO meeting_items (meeting_id, kind, who, text, author, at) VALUES (?, 'decision', ?, ?, ?, ?)",
        ).bind(meeting).bind(&item.who).bind(&item.text).bind(&item.author).bind(to_millis(item.at)))?;
        tx.commit().await?;
        Ok(true)
    }

    /// Presence at meetings that started in `from..to` (instants), oldest first.
    pub async fn presences(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Presence>, StoreError> {
        let rows: Vec<(String, String, i64)> =
            sql!(self.conn().await?, fetch_all, query_as(
            "SELECT a.member, m.committee, m.started_at FROM attendance a JOIN meetings m ON m.id = a.meeting_id
             WHERE m.started_at >= ? AND m.started_at < ? ORDER BY m.started_at, a.member",
        ).bind(to_millis(from)).bind(to_millis(to)))?;
        rows.into_iter()
            .map(|(member, committee, at)| {
                Ok(Presence {
                    member,
                    committee,
                    at: from_millis(at)?,
                })
            })
            .collect()
    }

    /// Meetings that started in `from..to`: (committee, start).
    pub async fn meetings_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let rows: Vec<(String, i64)> = sql!(self.conn().await?, fetch_all, query_as(
            "SELECT committee, started_at FROM meetings WHERE started_at >= ? AND started_at < ? ORDER BY started_at",
        ).bind(to_millis(from)).bind(to_millis(to)))?;
        rows.into_iter().map(|(c, at)| Ok((c, from_millis(at)?))).collect()
    }

    pub async fn running_standup(&self, room: &str) -> Result<Option<(i64, Round)>, StoreError> {
        let row: Option<(i64, String)> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as("SELECT id, round FROM standups WHERE room = ? AND ended_at IS NULL").bind(room)
        )?;
        row.map(|(id, r)| Ok((id, round_from(&r)?))).transpose()
    }

    pub async fn running_standups(&self) -> Result<Vec<(i64, String, Round)>, StoreError> {
        let rows: Vec<(i64, String, String)> =
            // No ORDER BY: it would scan every round ever held instead of the index of
            // running ones; they are a few (one per room), sorted here.
            sql!(self.conn().await?, fetch_all, query_as("SELECT id, room, round FROM standups WHERE ended_at IS NULL"))?;
        let mut rows = rows;
        rows.sort_by_key(|(id, _, _)| *id);
        rows.into_iter()
            .map(|(id, room, r)| Ok((id, room, round_from(&r)?)))
            .collect()
    }

    /// How many rounds the room had (for the rotating order).
    pub async fn standup_count(&self, room: &str) -> Result<u64, StoreError> {
        let n: i64 = sql!(
            self.conn().await?,
            fetch_one,
            query_scalar("SELECT COUNT(*) FROM standups WHERE room = ?").bind(room)
        )?;
        Ok(n.max(0) as u64)
    }

    /// Updates sent beforehand and not yet used: (id, member, line).
    /// Updates sent beforehand since `since` and not yet used.
    pub async fn pending_updates(&self, since: DateTime<Utc>) -> Result<Vec<(i64, String, String)>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT id, member, line FROM standup_updates WHERE used_by IS NULL AND at >= ? ORDER BY id",)
                .bind(to_millis(since))
        )?)
    }

    pub async fn add_update(&self, member: &str, line: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query("INSERT INTO standup_updates (member, line, at) VALUES (?, ?, ?)")
                .bind(member)
                .bind(line)
                .bind(to_millis(at))
        )?;
        Ok(())
    }

    /// Starts a round, consuming the updates sent beforehand; `None` if one is running.
    pub async fn start_standup(&self, room: &str, round: &Round, used: &[i64]) -> Result<Option<i64>, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let id: Option<i64> = sql!(
            tx,
            fetch_optional,
            query_scalar(
                "INSERT INTO standups (room, started_at, round)
             SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM standups WHERE room = ?1 AND ended_at IS NULL)
             RETURNING id",
            )
            .bind(room)
            .bind(to_millis(round.started_at))
            .bind(json(round)?)
        )?;
        let Some(id) = id else { return Ok(None) };
        for u in used {
            sql!(
                tx,
                execute,
                query("UPDATE standup_updates SET used_by = ? WHERE id = ?")
                    .bind(id)
                    .bind(u)
            )?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    pub async fn save_standup(&self, id: i64, round: &Round) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query("UPDATE standups SET round = ? WHERE id = ? AND ended_at IS NULL")
                .bind(json(round)?)
                .bind(id)
        )?;
        Ok(())
    }

    /// Ends a round: its summary is kept, and those present are counted at a meeting of
    /// `committee` (the open meeting of the room when there is one).
    pub async fn finish_standup(&self, f: &FinishedRound<'_>) -> Result<bool, StoreError> {
        let FinishedRound {
            id,
            room,
            round,
            summary,
            committee,
            present,
            at,
        } = *f;
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let done = sql!(
            tx,
            execute,
            query("UPDATE standups SET ended_at = ?, round = ?, summary = ? WHERE id = ? AND ended_at IS NULL")
                .bind(to_millis(at))
                .bind(json(round)?)
                .bind(json(summary)?)
                .bind(id)
        )?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        if present.is_empty() {
            tx.commit().await?;
            return Ok(true);
        }
        let open: Option<i64> = sql!(
            tx,
            fetch_optional,
            query_scalar("SELECT id FROM meetings WHERE room = ? AND ended_at IS NULL").bind(room)
        )?;
        let meeting = match open {
            Some(m) => m,
            None => {
                sql!(tx, fetch_one, query_scalar(
                    "INSERT INTO meetings (room, committee, started_at, started_by, ended_at) VALUES (?, ?, ?, 'konbit', ?) RETURNING id",
                ).bind(room).bind(committee).bind(to_millis(round.started_at)).bind(to_millis(at)))?
            }
        };
        for m in present {
            sql!(
                tx,
                execute,
                query("INSERT INTO attendance (meeting_id, member, at, how) VALUES (?, ?, ?, 'standup') ON CONFLICT DO NOTHING")
                    .bind(meeting)
                    .bind(m)
                    .bind(to_millis(at))
            )?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The last finished round of the room: (start, summary).
    pub async fn last_standup(&self, room: &str) -> Result<Option<(DateTime<Utc>, Summary)>, StoreError> {
        let row: Option<(i64, String)> = sql!(self.conn().await?, fetch_optional, query_as(
            "SELECT started_at, summary FROM standups WHERE room = ? AND ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT 1",
        ).bind(room))?;
        row.map(|(at, s)| {
            let summary = serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("summary: {e}")))?;
            Ok((from_millis(at)?, summary))
        })
        .transpose()
    }
}
