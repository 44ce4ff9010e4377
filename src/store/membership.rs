//! What the membership check reads of the hours and meetings: each member's minutes per
//! month and project from the kept totals (`member_month_totals`, migration 0013), the
//! members' minutes over a few days from their own entries (the index by member, one
//! statement for everyone), and each member's first and last day on record, so that the
//! check costs the same on a collective's first month and its tenth year.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Store, StoreError, from_millis};

fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("day {s}")))
}

/// One member's counted minutes in one month on one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberMonth {
    pub member: String,
    /// The month's first day.
    pub month: NaiveDate,
    pub project: String,
    pub minutes: i64,
}

impl Store {
    /// Every member's minutes per project in the months from `from`'s to `to`'s (inclusive).
    pub async fn member_months(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<MemberMonth>, StoreError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT member, month, project, minutes FROM member_month_totals
             WHERE month BETWEEN ? AND ? AND minutes <> 0",
        )
        .bind(from.format("%Y-%m").to_string())
        .bind(to.format("%Y-%m").to_string())
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|(member, month, project, minutes)| {
                let month = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
                    .map_err(|_| StoreError::Corrupt(format!("month {month}")))?;
                Ok(MemberMonth {
                    member,
                    month,
                    project,
                    minutes,
                })
            })
            .collect()
    }

    /// The minutes per member and project on the days of `ranges` (inclusive, disjoint),
    /// for `members`: one statement, each member's entries read along the index by member.
    pub async fn members_minutes(
        &self,
        members: &[String],
        ranges: &[(NaiveDate, NaiveDate)],
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        if members.is_empty() || ranges.is_empty() {
            return Ok(Vec::new());
        }
        let days = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let ranges: Vec<(String, String)> = ranges.iter().map(|(f, t)| (days(*f), days(*t))).collect();
        let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("members' days: {e}"));
        let members = serde_json::to_string(members).map_err(corrupt)?;
        let ranges = serde_json::to_string(&ranges).map_err(corrupt)?;
        Ok(sqlx::query_as(
            // CROSS JOIN keeps this order: each member's days of each range looked up
            // in the index by member (with the ranges after the entries, SQLite would
            // read every entry of each member).
            "SELECT p.member, p.project, SUM(p.minutes)
             FROM json_each(?1) AS m CROSS JOIN json_each(?2) AS r CROSS JOIN punches p
             WHERE p.member = m.value AND p.deleted_at IS NULL
               AND p.day BETWEEN r.value ->> 0 AND r.value ->> 1
             GROUP BY p.member, p.project",
        )
        .bind(members)
        .bind(ranges)
        .fetch_all(&mut *self.conn().await?)
        .await?)
    }

    /// Each member's first and last day with punched hours.
    pub async fn punch_spans(&self) -> Result<Vec<(String, NaiveDate, NaiveDate)>, StoreError> {
        // Member by member along the index (each the next name after the last one, then
        // that member's first and last day): a few lookups a member, never a scan of every
        // entry.
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "WITH RECURSIVE m(member) AS (
                 SELECT (SELECT MIN(member) FROM punches WHERE deleted_at IS NULL)
                 UNION ALL
                 SELECT (SELECT MIN(member) FROM punches WHERE deleted_at IS NULL AND member > m.member)
                 FROM m WHERE m.member IS NOT NULL)
             SELECT member,
                    (SELECT MIN(day) FROM punches WHERE deleted_at IS NULL AND member = m.member),
                    (SELECT MAX(day) FROM punches WHERE deleted_at IS NULL AND member = m.member)
             FROM m WHERE member IS NOT NULL",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|(m, first, last)| Ok((m, parse_day(&first)?, parse_day(&last)?)))
            .collect()
    }

    /// Each member's first and last meeting attended (their starts).
    pub async fn presence_spans(&self) -> Result<Vec<(String, DateTime<Utc>, DateTime<Utc>)>, StoreError> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT a.member, MIN(m.started_at), MAX(m.started_at)
             FROM attendance a JOIN meetings m ON m.id = a.meeting_id GROUP BY a.member",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|(m, first, last)| Ok((m, from_millis(first)?, from_millis(last)?)))
            .collect()
    }
}
