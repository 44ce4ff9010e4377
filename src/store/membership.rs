//! What the membership check reads of the hours: each member's minutes per month and
//! project from the kept totals (`member_month_totals`, migration 0013), and one member's
//! minutes over a few days from their own entries (the index by member), so that the
//! check costs the same on a collective's first month and its tenth year.

use chrono::NaiveDate;

use super::{Store, StoreError};

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

    /// One member's minutes per project over `from..=to`.
    pub async fn member_minutes(
        &self,
        member: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT project, SUM(minutes) FROM punches
             WHERE deleted_at IS NULL AND member = ? AND day BETWEEN ? AND ? GROUP BY project",
        )
        .bind(member)
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_all(&mut *self.conn().await?)
        .await?)
    }
}
