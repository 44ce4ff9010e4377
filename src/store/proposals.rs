//! Proposals, vetoes, reminders sent and the decision register.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use super::{AsDb as _, sql};
use super::{Store, StoreError, from_millis, to_millis};
use crate::domain::calendar::MeetingKind;
use crate::domain::proposal::{Money, Proposal, ProposalId, State, Veto};

/// What the core records when a member proposes.
#[derive(Debug, Clone)]
pub struct NewProposal {
    pub room: String,
    pub proposer: String,
    pub text: String,
    pub budget: Option<Money>,
    pub over_budget: bool,
    pub created_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    /// Over budget: the meeting it goes to.
    pub deferred_to: Option<(MeetingKind, DateTime<Utc>)>,
    /// Its first reminder or its deadline, whichever comes first (`None` when deferred).
    pub next_event: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct ProposalRow {
    id: i64,
    room: String,
    proposer: String,
    text: String,
    budget_cents: Option<i64>,
    over_budget: bool,
    created_at: i64,
    deadline_at: i64,
    state: String,
    meeting_kind: Option<String>,
    meeting_at: Option<i64>,
    closed_at: Option<i64>,
    outcome_note: Option<String>,
}

#[derive(FromRow, Clone)]
struct VetoRow {
    proposal_id: i64,
    vetoer: String,
    reason: String,
    created_at: i64,
    lifted_at: Option<i64>,
}

#[derive(FromRow)]
struct ReminderRow {
    proposal_id: i64,
    offset_minutes: i64,
}

impl ProposalRow {
    fn into_domain(self, vetoes: Vec<Veto>) -> Result<Proposal, StoreError> {
        Ok(Proposal {
            id: ProposalId(self.id),
            room: self.room,
            proposer: self.proposer,
            text: self.text,
            budget: self.budget_cents.map(Money),
            over_budget: self.over_budget,
            created_at: from_millis(self.created_at)?,
            deadline: from_millis(self.deadline_at)?,
            state: State::parse(&self.state).ok_or_else(|| StoreError::Corrupt(format!("state {}", self.state)))?,
            deferred_to: match (self.meeting_kind, self.meeting_at) {
                (Some(kind), Some(at)) => Some((
                    MeetingKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("meeting {kind}")))?,
                    from_millis(at)?,
                )),
                _ => None,
            },
            closed_at: self.closed_at.map(from_millis).transpose()?,
            outcome_note: self.outcome_note,
            vetoes,
        })
    }
}

impl VetoRow {
    fn into_domain(self) -> Result<Veto, StoreError> {
        Ok(Veto {
            vetoer: self.vetoer,
            reason: self.reason,
            at: from_millis(self.created_at)?,
            lifted_at: self.lifted_at.map(from_millis).transpose()?,
        })
    }
}

macro_rules! proposal_columns {
    () => {
        "id, room, proposer, text, budget_cents, over_budget, created_at, deadline_at, state, meeting_kind, meeting_at, closed_at, outcome_note"
    };
}

/// A proposal with the reminder offsets already sent for it.
pub type WithReminders = (Proposal, Vec<Duration>);

impl Store {
    pub async fn insert_proposal(&self, p: &NewProposal) -> Result<Proposal, StoreError> {
        let state = if p.over_budget { State::Deferred } else { State::Open };
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let id: i64 = sql!(tx, fetch_one, query_scalar(
            "INSERT INTO proposals (room, proposer, text, budget_cents, over_budget, created_at, deadline_at, state,
                                    meeting_kind, meeting_at, next_event_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ).bind(&p.room).bind(&p.proposer).bind(&p.text).bind(p.budget.map(|m| m.0)).bind(p.over_budget).bind(to_millis(p.created_at)).bind(to_millis(p.deadline)).bind(state.as_str()).bind(p.deferred_to.map(|(k, _)| k.as_str())).bind(p.deferred_to.map(|(_, at)| to_millis(at))).bind(p.next_event.map(to_millis)))?;
        tx.commit().await?;
        Ok(Proposal {
            id: ProposalId(id),
            room: p.room.clone(),
            proposer: p.proposer.clone(),
            text: p.text.clone(),
            budget: p.budget,
            over_budget: p.over_budget,
            created_at: p.created_at,
            deadline: p.deadline,
            state,
            deferred_to: p.deferred_to,
            closed_at: None,
            outcome_note: None,
            vetoes: Vec::new(),
        })
    }

    pub async fn proposal(&self, id: ProposalId) -> Result<Option<Proposal>, StoreError> {
        let row: Option<ProposalRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(concat!("SELECT ", proposal_columns!(), " FROM proposals WHERE id = ?")).bind(id.0)
        )?;
        let Some(row) = row else { return Ok(None) };
        let vetoes: Vec<VetoRow> = sql!(self.conn().await?, fetch_all, query_as(
            "SELECT proposal_id, vetoer, reason, created_at, lifted_at FROM vetoes WHERE proposal_id = ? ORDER BY id",
        ).bind(id.0))?;
        let vetoes = vetoes.into_iter().map(VetoRow::into_domain).collect::<Result<_, _>>()?;
        row.into_domain(vetoes).map(Some)
    }

    /// Proposals in the given states, oldest first, with their vetoes and sent reminders.
    pub async fn proposals_in(&self, states: &[State]) -> Result<Vec<WithReminders>, StoreError> {
        // Only the fixed names of `State` are spliced into the SQL, never user input.
        let list = states
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        self.proposals_where(&format!("p.state IN ({list})"), None).await
    }

    /// Open proposals whose next event (a reminder or the deadline) is at or before
    /// `now`, read through the index of next events, oldest first.
    pub async fn due_proposals(&self, now: DateTime<Utc>) -> Result<Vec<WithReminders>, StoreError> {
        self.proposals_where(
            "p.state = 'open' AND p.next_event_at IS NOT NULL AND p.next_event_at <= ?1",
            Some(to_millis(now)),
        )
        .await
    }

    /// Proposals matching `cond` (fixed SQL on `p`, with `?1` bound to `at`).
    async fn proposals_where(&self, cond: &str, at: Option<i64>) -> Result<Vec<WithReminders>, StoreError> {
        let rows: Vec<ProposalRow> = sql!(self.conn().await?, fetch_all, |q| query_as(AssertSqlSafe(format!(
                concat!("SELECT ", proposal_columns!(), " FROM proposals p WHERE {} ORDER BY id"),
                cond
            ))) => {
            if let Some(at) = at {
                q = q.bind(at);
            }
            q
        })?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let vetoes: Vec<VetoRow> = sql!(self.conn().await?, fetch_all, |q| query_as(AssertSqlSafe(format!(
                "SELECT v.proposal_id, v.vetoer, v.reason, v.created_at, v.lifted_at FROM vetoes v
                 JOIN proposals p ON p.id = v.proposal_id WHERE {cond} ORDER BY v.id"
            ))) => {
            if let Some(at) = at {
                q = q.bind(at);
            }
            q
        })?;
        let sent: Vec<ReminderRow> = sql!(self.conn().await?, fetch_all, |q| query_as(AssertSqlSafe(format!(
                "SELECT r.proposal_id, r.offset_minutes FROM proposal_reminders r
                 JOIN proposals p ON p.id = r.proposal_id WHERE {cond}"
            ))) => {
            if let Some(at) = at {
                q = q.bind(at);
            }
            q
        })?;
        let mut vetoes_of: HashMap<i64, Vec<Veto>> = HashMap::new();
        for v in vetoes {
            vetoes_of.entry(v.proposal_id).or_default().push(v.into_domain()?);
        }
        let mut sent_of: HashMap<i64, Vec<Duration>> = HashMap::new();
        for r in sent {
            sent_of
                .entry(r.proposal_id)
                .or_default()
                .push(Duration::minutes(r.offset_minutes));
        }
        rows.into_iter()
            .map(|row| {
                let id = row.id;
                let s = sent_of.remove(&id).unwrap_or_default();
                Ok((row.into_domain(vetoes_of.remove(&id).unwrap_or_default())?, s))
            })
            .collect()
    }

    /// Stores proposals' next events (a reminder or the deadline; `None`: nothing more),
    /// in one transaction.
    pub async fn set_next_events(&self, next: &[(ProposalId, Option<DateTime<Utc>>)]) -> Result<(), StoreError> {
        if next.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        for (id, at) in next {
            sql!(
                tx,
                execute,
                query("UPDATE proposals SET next_event_at = ? WHERE id = ?")
                    .bind(at.map(to_millis))
                    .bind(id.0)
            )?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records a veto and defers the proposal to `meeting`, in one transaction. Only a
    /// deferred proposal, or an open one before its deadline, takes a veto: `false`
    /// (nothing written) otherwise, whatever the caller read before.
    pub async fn add_veto(
        &self,
        id: ProposalId,
        veto: &Veto,
        meeting: Option<(MeetingKind, DateTime<Utc>)>,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let changed = sql!(
            tx,
            execute,
            query(
                "UPDATE proposals SET state = 'deferred', meeting_kind = ?, meeting_at = ?
             WHERE id = ? AND (state = 'deferred' OR (state = 'open' AND deadline_at > ?))",
            )
            .bind(meeting.map(|(k, _)| k.as_str()))
            .bind(meeting.map(|(_, at)| to_millis(at)))
            .bind(id.0)
            .bind(to_millis(veto.at))
        )?;
        if changed.rows_affected() != 1 {
            return Ok(false);
        }
        sql!(
            tx,
            execute,
            query("INSERT INTO vetoes (proposal_id, vetoer, reason, created_at) VALUES (?, ?, ?, ?)")
                .bind(id.0)
                .bind(&veto.vetoer)
                .bind(&veto.reason)
                .bind(to_millis(veto.at))
        )?;
        tx.commit().await?;
        Ok(true)
    }

    /// Lifts `who`'s standing veto on a deferred proposal before its deadline and sets
    /// its new state; when it reopens, the reminders in `skip` (already past) are marked
    /// as sent and `next_event` is its next reminder or deadline. One transaction; `false` (nothing written) when the veto or the deadline
    /// is gone.
    pub async fn lift_veto(
        &self,
        id: ProposalId,
        who: &str,
        at: DateTime<Utc>,
        new_state: State,
        skip: &[Duration],
        next_event: Option<DateTime<Utc>>,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let lifted = sql!(
            tx,
            execute,
            query("UPDATE vetoes SET lifted_at = ? WHERE proposal_id = ? AND vetoer = ? AND lifted_at IS NULL")
                .bind(to_millis(at))
                .bind(id.0)
                .bind(who)
        )?;
        let changed = sql!(tx, execute, query(
            "UPDATE proposals SET state = ?, next_event_at = ? WHERE id = ? AND state = 'deferred' AND deadline_at > ?",
        ).bind(new_state.as_str()).bind(next_event.map(to_millis)).bind(id.0).bind(to_millis(at)))?;
        if lifted.rows_affected() != 1 || changed.rows_affected() != 1 {
            return Ok(false);
        }
        for offset in skip {
            sql!(
                tx,
                execute,
                query(
                    "INSERT INTO proposal_reminders (proposal_id, offset_minutes, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                )
                .bind(id.0)
                .bind(offset.num_minutes())
                .bind(to_millis(at))
            )?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Withdraws a proposal that is deferred, or open before its deadline.
    pub async fn withdraw(&self, id: ProposalId, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query(
                "UPDATE proposals SET state = 'withdrawn', closed_at = ?
             WHERE id = ? AND (state = 'deferred' OR (state = 'open' AND deadline_at > ?))",
            )
            .bind(to_millis(at))
            .bind(id.0)
            .bind(to_millis(at))
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Adopts an open proposal whose deadline has come and writes it to the decision
    /// register, atomically. Returns `false` if it was not open or already decided, so
    /// an adoption can be announced exactly once.
    pub async fn adopt(
        &self,
        id: ProposalId,
        deadline: DateTime<Utc>,
        recorded_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let changed = sql!(tx, execute, query(
            "UPDATE proposals SET state = 'adopted', closed_at = ? WHERE id = ? AND state = 'open' AND deadline_at <= ?",
        ).bind(to_millis(deadline)).bind(id.0).bind(to_millis(recorded_at)))?;
        if changed.rows_affected() != 1 {
            return Ok(false);
        }
        sql!(tx, execute, query(
            "INSERT INTO decisions (proposal_id, outcome, decided_at, recorded_at, how) VALUES (?, 'adopted', ?, ?, 'deadline')",
        ).bind(id.0).bind(to_millis(deadline)).bind(to_millis(recorded_at)))?;
        tx.commit().await?;
        Ok(true)
    }

    /// Marks a reminder as sent; `false` if it already was.
    pub async fn mark_reminder_sent(
        &self,
        id: ProposalId,
        offset: Duration,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("INSERT INTO proposal_reminders (proposal_id, offset_minutes, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",)
                .bind(id.0)
                .bind(offset.num_minutes())
                .bind(to_millis(at))
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// The decision register, for tests and exports: (proposal id, outcome, decided at).
    pub async fn decisions(&self) -> Result<Vec<(ProposalId, String, DateTime<Utc>)>, StoreError> {
        let rows: Vec<(i64, String, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT proposal_id, outcome, decided_at FROM decisions ORDER BY id")
        )?;
        rows.into_iter()
            .map(|(id, o, at)| Ok((ProposalId(id), o, from_millis(at)?)))
            .collect()
    }
}
