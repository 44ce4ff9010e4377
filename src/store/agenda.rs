//! The agenda prepared ahead of meetings (`agenda_items`, migration 0017): items waiting
//! for the next meeting of a committee, attached to that meeting when it starts. Its time
//! boxes during the meeting are in `timebox.rs`.

use chrono::{DateTime, Utc};

use super::sql;
use super::{Store, StoreError, from_millis, to_millis};
use crate::domain::agenda::AgendaKind;
use crate::domain::proposal::ProposalId;

/// An item of an agenda, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub id: i64,
    pub committee: String,
    pub title: String,
    pub kind: AgendaKind,
    /// Its time box.
    pub minutes: u32,
    pub proposal: Option<ProposalId>,
    pub author: String,
    pub added_at: DateTime<Utc>,
    /// `None` while it waits for its meeting.
    pub meeting: Option<i64>,
    /// When the meeting took it up (`!item next`), and left it.
    pub began_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// An item to add (`!agenda add`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgendaItem<'a> {
    pub committee: &'a str,
    pub title: &'a str,
    pub kind: AgendaKind,
    pub minutes: u32,
    pub proposal: Option<ProposalId>,
    pub author: &'a str,
    pub at: DateTime<Utc>,
}

pub(super) type Row = (
    i64,
    String,
    String,
    String,
    i64,
    Option<i64>,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

macro_rules! agenda_query {
    ($tail:literal) => {
        concat!(
            "SELECT id, committee, title, kind, minutes, proposal_id, author, added_at, meeting_id, began_at, ended_at FROM agenda_items ",
            $tail
        )
    };
}
pub(super) use agenda_query;

pub(super) fn item(
    (id, committee, title, kind, minutes, proposal, author, added_at, meeting, began_at, ended_at): Row,
) -> Result<AgendaItem, StoreError> {
    Ok(AgendaItem {
        id,
        committee,
        title,
        kind: AgendaKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("agenda kind {kind}")))?,
        minutes: u32::try_from(minutes).map_err(|_| StoreError::Corrupt(format!("agenda time box {minutes}")))?,
        proposal: proposal.map(ProposalId),
        author,
        added_at: from_millis(added_at)?,
        meeting,
        began_at: began_at.map(from_millis).transpose()?,
        ended_at: ended_at.map(from_millis).transpose()?,
    })
}

impl Store {
    /// Adds an item to the agenda of the committee's next meeting; its id.
    pub async fn add_agenda_item(&self, new: &NewAgendaItem<'_>) -> Result<i64, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_one,
            query_scalar(
                "INSERT INTO agenda_items (committee, title, kind, minutes, proposal_id, author, added_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(new.committee)
            .bind(new.title)
            .bind(new.kind.as_str())
            .bind(i64::from(new.minutes))
            .bind(new.proposal.map(|p| p.0))
            .bind(new.author)
            .bind(to_millis(new.at))
        )?)
    }

    /// The items waiting for the committee's next meeting, in the order they were added.
    pub async fn agenda_ahead(&self, committee: &str) -> Result<Vec<AgendaItem>, StoreError> {
        let rows: Vec<Row> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(agenda_query!("WHERE committee = ? AND meeting_id IS NULL ORDER BY id")).bind(committee)
        )?;
        rows.into_iter().map(item).collect()
    }

    /// The item `id` while it waits for its meeting.
    pub async fn agenda_item_ahead(&self, id: i64) -> Result<Option<AgendaItem>, StoreError> {
        let row: Option<Row> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(agenda_query!("WHERE id = ? AND meeting_id IS NULL")).bind(id)
        )?;
        row.map(item).transpose()
    }

    /// Removes a waiting item; `false` if it was no longer waiting.
    pub async fn remove_agenda_item(&self, id: i64) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("DELETE FROM agenda_items WHERE id = ? AND meeting_id IS NULL").bind(id)
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the committee's waiting items to the meeting that starts; they are its agenda.
    pub async fn take_agenda(&self, committee: &str, meeting: i64) -> Result<Vec<AgendaItem>, StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query("UPDATE agenda_items SET meeting_id = ? WHERE committee = ? AND meeting_id IS NULL")
                .bind(meeting)
                .bind(committee)
        )?;
        self.meeting_agenda(meeting).await
    }

    /// The agenda a meeting took when it started.
    pub async fn meeting_agenda(&self, meeting: i64) -> Result<Vec<AgendaItem>, StoreError> {
        let rows: Vec<Row> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(agenda_query!("WHERE meeting_id = ? ORDER BY id")).bind(meeting)
        )?;
        rows.into_iter().map(item).collect()
    }
}
