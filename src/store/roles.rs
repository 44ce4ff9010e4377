//! The rotating facilitation team (`role_draws`, `role_holders`, migration 0018): the
//! team drawn for each scheduled meeting, the roles handed back and drawn again, and what
//! each member served before (the draw's input, `domain/roles.rs`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Store, StoreError, from_millis, sql, to_millis};
use crate::domain::roles::{Candidate, Served};

/// One role of a draw and who holds it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub id: i64,
    pub role: String,
    /// `None`: nobody was left to draw.
    pub member: Option<String>,
    /// The seed of the draw that gave it (the team's, or a later one after a pass).
    pub seed: String,
    pub assigned_at: DateTime<Utc>,
}

/// The team drawn for one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    pub id: i64,
    pub committee: String,
    /// The meeting's scheduled instant.
    pub occurrence: DateTime<Utc>,
    pub seed: String,
    pub drawn_at: DateTime<Utc>,
    /// The meeting that took the team when it started.
    pub meeting: Option<i64>,
    /// The current holders, in the roles' configured order.
    pub holders: Vec<Holder>,
}

type DrawRow = (i64, String, i64, String, i64, Option<i64>);

impl Store {
    /// Records a team for the meeting of `committee` at `occurrence`; `None` (and nothing
    /// written) when that meeting already has one.
    pub async fn record_draw(
        &self,
        committee: &str,
        occurrence: DateTime<Utc>,
        seed: &str,
        team: &[(String, Option<String>)],
        at: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let id: Option<i64> = sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar(
                "INSERT INTO role_draws (committee, occurrence, seed, drawn_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (committee, occurrence) DO NOTHING RETURNING id"
            )
            .bind(committee)
            .bind(to_millis(occurrence))
            .bind(seed)
            .bind(to_millis(at))
        )?;
        let Some(id) = id else { return Ok(None) };
        for (position, (role, member)) in team.iter().enumerate() {
            self.add_holder(id, role, position as i64, member.as_deref(), seed, at)
                .await?;
        }
        Ok(Some(id))
    }

    /// Gives `role` of draw `draw` to `member` (`None`: nobody left).
    pub async fn add_holder(
        &self,
        draw: i64,
        role: &str,
        position: i64,
        member: Option<&str>,
        seed: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sql!(self.conn().await?, execute, query("INSERT INTO role_holders (draw_id, role, position, member, seed, assigned_at) VALUES (?, ?, ?, ?, ?, ?)").bind(draw).bind(role).bind(position).bind(member).bind(seed).bind(to_millis(at)))?;
        Ok(())
    }

    /// Hands a role back; `false` if it was already handed back.
    pub async fn pass_role(&self, holder: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("UPDATE role_holders SET passed_at = ? WHERE id = ? AND passed_at IS NULL")
                .bind(to_millis(at))
                .bind(holder)
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Who handed `role` of draw `draw` back, and how many times it was handed back.
    pub async fn passers(&self, draw: i64, role: &str) -> Result<Vec<String>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_all,
            query_scalar(
                "SELECT member FROM role_holders WHERE draw_id = ? AND role = ? AND passed_at IS NOT NULL
             AND member IS NOT NULL ORDER BY id"
            )
            .bind(draw)
            .bind(role)
        )?)
    }

    async fn holders(&self, draw: i64) -> Result<Vec<Holder>, StoreError> {
        let rows: Vec<(i64, String, Option<String>, String, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT id, role, member, seed, assigned_at FROM role_holders
             WHERE draw_id = ? AND passed_at IS NULL ORDER BY position, id"
            )
            .bind(draw)
        )?;
        rows.into_iter()
            .map(|(id, role, member, seed, at)| {
                Ok(Holder {
                    id,
                    role,
                    member,
                    seed,
                    assigned_at: from_millis(at)?,
                })
            })
            .collect()
    }

    async fn draws(&self, rows: Vec<DrawRow>) -> Result<Vec<Draw>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for (id, committee, occurrence, seed, drawn_at, meeting) in rows {
            out.push(Draw {
                id,
                committee,
                occurrence: from_millis(occurrence)?,
                seed,
                drawn_at: from_millis(drawn_at)?,
                meeting,
                holders: self.holders(id).await?,
            });
        }
        Ok(out)
    }

    /// The teams of the meetings scheduled at or after `from`, soonest first.
    pub async fn draws_from(&self, from: DateTime<Utc>) -> Result<Vec<Draw>, StoreError> {
        let rows: Vec<DrawRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT id, committee, occurrence, seed, drawn_at, meeting_id FROM role_draws
             WHERE occurrence >= ? ORDER BY occurrence, id"
            )
            .bind(to_millis(from))
        )?;
        self.draws(rows).await
    }

    /// The latest `limit` teams of meetings scheduled before `before`, latest first.
    pub async fn draws_before(&self, before: DateTime<Utc>, limit: u32) -> Result<Vec<Draw>, StoreError> {
        let rows: Vec<DrawRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT id, committee, occurrence, seed, drawn_at, meeting_id FROM role_draws
             WHERE occurrence < ? ORDER BY occurrence DESC, id DESC LIMIT ?"
            )
            .bind(to_millis(before))
            .bind(i64::from(limit))
        )?;
        self.draws(rows).await
    }

    /// The team a meeting took when it started.
    pub async fn meeting_team(&self, meeting: i64) -> Result<Option<Draw>, StoreError> {
        let rows: Vec<DrawRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT id, committee, occurrence, seed, drawn_at, meeting_id FROM role_draws WHERE meeting_id = ?"
            )
            .bind(meeting)
        )?;
        Ok(self.draws(rows).await?.into_iter().next())
    }

    /// Gives the meeting that starts the team drawn for its committee's meeting scheduled
    /// between `from` and `to` (the nearest to `at`), if one was drawn and not taken yet.
    pub async fn take_team(
        &self,
        committee: &str,
        meeting: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<Option<Draw>, StoreError> {
        let id: Option<i64> = sql!(self.conn().await?, fetch_optional, query_scalar("SELECT id FROM role_draws WHERE committee = ? AND meeting_id IS NULL AND occurrence >= ? AND occurrence < ?
             ORDER BY ABS(occurrence - ?) LIMIT 1").bind(committee).bind(to_millis(from)).bind(to_millis(to)).bind(to_millis(at)))?;
        let Some(id) = id else { return Ok(None) };
        sql!(
            self.conn().await?,
            execute,
            query("UPDATE role_draws SET meeting_id = ? WHERE id = ?")
                .bind(meeting)
                .bind(id)
        )?;
        self.meeting_team(meeting).await
    }

    /// What each member served on the teams of `committee`'s meetings scheduled before
    /// `before`: the draw's candidates, by name (those never drawn are absent).
    pub async fn served(
        &self,
        committee: &str,
        before: DateTime<Utc>,
    ) -> Result<HashMap<String, Candidate>, StoreError> {
        let rows: Vec<(String, String, i64, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT h.member, h.role, MAX(d.occurrence), COUNT(*) FROM role_holders h
             JOIN role_draws d ON d.id = h.draw_id
             WHERE d.committee = ? AND d.occurrence < ? AND h.passed_at IS NULL AND h.member IS NOT NULL
             GROUP BY h.member, h.role"
            )
            .bind(committee)
            .bind(to_millis(before))
        )?;
        let mut out: HashMap<String, Candidate> = HashMap::new();
        for (member, role, last, times) in rows {
            let last = from_millis(last)?;
            let times = u32::try_from(times).unwrap_or(u32::MAX);
            let c = out.entry(member.clone()).or_insert_with(|| Candidate {
                name: member,
                ..Default::default()
            });
            c.roles.insert(
                role,
                Served {
                    last: Some(last),
                    times,
                },
            );
            c.team.times += times;
            c.team.last = c.team.last.max(Some(last));
        }
        Ok(out)
    }

    /// How many meetings were held, and how many each member attended.
    pub async fn attended_counts(&self) -> Result<(u32, HashMap<String, u32>), StoreError> {
        let held: i64 = sql!(
            self.conn().await?,
            fetch_one,
            query_scalar("SELECT COUNT(*) FROM meetings")
        )?;
        let rows: Vec<(String, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT member, COUNT(DISTINCT meeting_id) FROM attendance GROUP BY member")
        )?;
        let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        Ok((n(held), rows.into_iter().map(|(m, c)| (m, n(c))).collect()))
    }
}
