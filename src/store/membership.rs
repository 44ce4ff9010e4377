//! What the membership check reads of the hours and meetings: each member's minutes per
//! month and project from the kept totals (`member_month_totals`, migration 0013), the
//! members' minutes over a few days from their own entries (the index by member, one
//! statement for everyone), and each member's first and last day on record, so that the
//! check costs the same on a collective's first month and its tenth year.

use chrono::{DateTime, NaiveDate, Utc};

use super::sql;
use super::{Store, StoreError, from_millis};

fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("day {s}")))
}

/// Each member's counted minutes per month (`YYYY-MM`) and on the edge days, as one row
/// of JSON carries them.
type WorkRow = (String, String);

impl Store {
    /// The members' minutes of work, the projects of `excluded` (meeting time) left out,
    /// in one statement: by member and month for the months from `from`'s to `to`'s
    /// (inclusive), from the kept totals; and by member over the days of `ranges`
    /// (inclusive, disjoint) for `members`, from their entries, each member's days of each
    /// range looked up in the index by member.
    pub async fn member_work(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        members: &[String],
        ranges: &[(NaiveDate, NaiveDate)],
        excluded: &[String],
    ) -> Result<(Vec<(String, NaiveDate, i64)>, Vec<(String, i64)>), StoreError> {
        let days = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let ranges: Vec<(String, String)> = ranges.iter().map(|(f, t)| (days(*f), days(*t))).collect();
        let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("members' work: {e}"));
        let (months, edges): WorkRow = sql!(
            self.conn().await?,
            fetch_one,
            query_as(if self.is_postgres() {
                // The same in PostgreSQL's JSON functions (an empty list is `[]` there too).
                "SELECT (SELECT COALESCE(json_agg(json_build_array(member, month, total) ORDER BY month, member), '[]')::text FROM
                        (SELECT member, month, CAST(SUM(minutes) AS BIGINT) AS total FROM member_month_totals
                         WHERE month BETWEEN ?1 AND ?2 AND minutes <> 0
                           AND project NOT IN (SELECT value FROM json_array_elements_text(CAST(?5 AS json)))
                         GROUP BY month, member) AS t),
                    (SELECT COALESCE(json_agg(json_build_array(member, total) ORDER BY member), '[]')::text FROM
                        (SELECT p.member, CAST(SUM(p.minutes) AS BIGINT) AS total
                         FROM json_array_elements_text(CAST(?3 AS json)) AS m(value)
                         CROSS JOIN json_array_elements(CAST(?4 AS json)) AS r(value) CROSS JOIN punches p
                         WHERE p.member = m.value AND p.deleted_at IS NULL
                           AND p.day BETWEEN r.value ->> 0 AND r.value ->> 1
                           AND p.project NOT IN (SELECT value FROM json_array_elements_text(CAST(?5 AS json)))
                         GROUP BY p.member) AS e)"
            } else {
                // CROSS JOIN keeps the order of the edge days' lookups: each member's days of
                // each range in the index by member (with the ranges after the entries, SQLite
                // would read every entry of each member). Grouped by month then member, the
                // month totals are read in their key's order.
                    "SELECT (SELECT json_group_array(json_array(member, month, total)) FROM
                            (SELECT member, month, SUM(minutes) AS total FROM member_month_totals
                             WHERE month BETWEEN ?1 AND ?2 AND minutes <> 0
                               AND project NOT IN (SELECT value FROM json_each(?5))
                             GROUP BY month, member)),
                        (SELECT json_group_array(json_array(member, total)) FROM
                            (SELECT p.member, SUM(p.minutes) AS total
                             FROM json_each(?3) AS m CROSS JOIN json_each(?4) AS r CROSS JOIN punches p
                             WHERE p.member = m.value AND p.deleted_at IS NULL
                               AND p.day BETWEEN r.value ->> 0 AND r.value ->> 1
                               AND p.project NOT IN (SELECT value FROM json_each(?5))
                             GROUP BY p.member))"
            })
            .bind(from.format("%Y-%m").to_string())
            .bind(to.format("%Y-%m").to_string())
            .bind(serde_json::to_string(members).map_err(corrupt)?)
            .bind(serde_json::to_string(&ranges).map_err(corrupt)?)
            .bind(serde_json::to_string(excluded).map_err(corrupt)?)
        )?;
        let months: Vec<(String, String, i64)> = serde_json::from_str(&months).map_err(corrupt)?;
        let months = months
            .into_iter()
            .map(|(member, month, minutes)| {
                let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
                    .map_err(|_| StoreError::Corrupt(format!("month {month}")))?;
                Ok((member, first, minutes))
            })
            .collect::<Result<_, StoreError>>()?;
        Ok((months, serde_json::from_str(&edges).map_err(corrupt)?))
    }

    /// Each member's first and last day with punched hours.
    pub async fn punch_spans(&self) -> Result<Vec<(String, NaiveDate, NaiveDate)>, StoreError> {
        // Member by member along the index (each the next name after the last one, then
        // that member's first and last day): a few lookups a member, never a scan of every
        // entry.
        let rows: Vec<(String, String, String)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
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
        )?;
        rows.into_iter()
            .map(|(m, first, last)| Ok((m, parse_day(&first)?, parse_day(&last)?)))
            .collect()
    }

    /// Each member's first and last meeting attended (their starts).
    pub async fn presence_spans(&self) -> Result<Vec<(String, DateTime<Utc>, DateTime<Utc>)>, StoreError> {
        let rows: Vec<(String, i64, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT a.member, MIN(m.started_at), MAX(m.started_at)
             FROM attendance a JOIN meetings m ON m.id = a.meeting_id GROUP BY a.member",
            )
        )?;
        rows.into_iter()
            .map(|(m, first, last)| Ok((m, from_millis(first)?, from_millis(last)?)))
            .collect()
    }
}
