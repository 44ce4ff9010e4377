//! Time boxes during a meeting (`agenda_items`' `began_at`, `ended_at`, `warn_at`,
//! `over_at`, migration 0019): the item a meeting is on, moving to the next one, and the
//! "nearly over" and "over" announcements, each kept with the instant it falls due (as
//! every pending event: store/due.rs) and cleared once said or when the item is left.

use chrono::{DateTime, Utc};

use super::agenda::{Row, agenda_query, item};
use super::{AgendaItem, Store, StoreError, sql, to_millis};

/// When the room is told that an item's time box is nearly over (`None`: a box too short
/// to warn before its end), and that it is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBoxEnds {
    pub warn_at: Option<DateTime<Utc>>,
    pub over_at: DateTime<Utc>,
}

/// An announcement of a time box that fell due: the item, the room of its meeting, and
/// whether its box is over (else nearly over).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBoxDue {
    pub item: AgendaItem,
    pub room: String,
    pub over: bool,
}

impl Store {
    /// The item the meeting is on: taken up and not yet left.
    pub async fn current_agenda_item(&self, meeting: i64) -> Result<Option<AgendaItem>, StoreError> {
        let row: Option<Row> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(agenda_query!(
                "WHERE meeting_id = ? AND began_at IS NOT NULL AND ended_at IS NULL ORDER BY id LIMIT 1"
            ))
            .bind(meeting)
        )?;
        row.map(item).transpose()
    }

    /// The meeting's first item not yet taken up.
    pub async fn next_agenda_item(&self, meeting: i64) -> Result<Option<AgendaItem>, StoreError> {
        let row: Option<Row> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(agenda_query!(
                "WHERE meeting_id = ? AND began_at IS NULL ORDER BY id LIMIT 1"
            ))
            .bind(meeting)
        )?;
        row.map(item).transpose()
    }

    /// Leaves the item the meeting is on, at `at`: what was still to be said of its time
    /// box never will be. The item left, if the meeting was on one.
    pub async fn leave_agenda_item(&self, meeting: i64, at: DateTime<Utc>) -> Result<Option<AgendaItem>, StoreError> {
        let id: Option<i64> = sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar(
                "UPDATE agenda_items SET ended_at = ?, warn_at = NULL, over_at = NULL
             WHERE meeting_id = ? AND began_at IS NOT NULL AND ended_at IS NULL RETURNING id"
            )
            .bind(to_millis(at))
            .bind(meeting)
        )?;
        match id {
            Some(id) => self.agenda_item(id).await,
            None => Ok(None),
        }
    }

    /// Takes up item `id` at `at`, with the instants its time box is nearly over and over;
    /// `false` if it was taken up already.
    pub async fn take_up_agenda_item(&self, id: i64, at: DateTime<Utc>, ends: TimeBoxEnds) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("UPDATE agenda_items SET began_at = ?, warn_at = ?, over_at = ? WHERE id = ? AND began_at IS NULL")
                .bind(to_millis(at))
                .bind(ends.warn_at.map(to_millis))
                .bind(to_millis(ends.over_at))
                .bind(id)
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// The item `id`, wherever it is.
    async fn agenda_item(&self, id: i64) -> Result<Option<AgendaItem>, StoreError> {
        let row: Option<Row> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(agenda_query!("WHERE id = ?")).bind(id)
        )?;
        row.map(item).transpose()
    }

    /// The time-box announcements due at `now`, oldest item first: one per item (an item
    /// whose box is over is not also said to be nearly over).
    pub async fn time_boxes_due(&self, now: DateTime<Utc>) -> Result<Vec<TimeBoxDue>, StoreError> {
        // Each side reads its own partial index.
        let due: Vec<(i64, String, bool)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT a.id, m.room, a.over_at IS NOT NULL AND a.over_at <= ?1 FROM agenda_items a
             JOIN meetings m ON m.id = a.meeting_id
             WHERE a.id IN (SELECT id FROM agenda_items WHERE warn_at <= ?1
                            UNION SELECT id FROM agenda_items WHERE over_at <= ?1)
             ORDER BY a.id"
            )
            .bind(to_millis(now))
        )?;
        let mut out = Vec::with_capacity(due.len());
        for (id, room, over) in due {
            if let Some(item) = self.agenda_item(id).await? {
                out.push(TimeBoxDue { item, room, over });
            }
        }
        Ok(out)
    }

    /// Records that the room was told the item's time box is over (`over`) or nearly over;
    /// `false` if it had been told already, or the item was left.
    pub async fn time_box_said(&self, id: i64, over: bool) -> Result<bool, StoreError> {
        let sql = if over {
            "UPDATE agenda_items SET warn_at = NULL, over_at = NULL WHERE id = ? AND over_at IS NOT NULL"
        } else {
            "UPDATE agenda_items SET warn_at = NULL WHERE id = ? AND warn_at IS NOT NULL"
        };
        let done = sql!(self.conn().await?, execute, query(sql).bind(id))?;
        Ok(done.rows_affected() == 1)
    }
}
