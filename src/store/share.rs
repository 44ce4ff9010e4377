//! The share of the collective's hours that went to meetings, month by month (issue 31),
//! from the monthly totals the triggers keep (`month_totals`, migration 0012) and the
//! projects' kinds: a few rows a month, never the entries.

use super::{Store, StoreError, sql};
use crate::domain::share::MonthShare;

impl Store {
    /// The months `from..=to` (`YYYY-MM`) with hours recorded: the minutes of meeting
    /// projects and of all projects, paid and volunteer alike.
    pub async fn meeting_shares(&self, from: &str, to: &str) -> Result<Vec<MonthShare>, StoreError> {
        let rows: Vec<(String, i64, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT t.month,
                    COALESCE(CAST(SUM(CASE WHEN p.kind = 'meeting' THEN t.minutes END) AS BIGINT), 0),
                    CAST(SUM(t.minutes) AS BIGINT)
             FROM month_totals t LEFT JOIN projects p ON p.name = t.project
             WHERE t.month >= ? AND t.month <= ? AND t.minutes > 0
             GROUP BY t.month ORDER BY t.month"
            )
            .bind(from)
            .bind(to)
        )?;
        Ok(rows
            .into_iter()
            .map(|(month, meeting_minutes, total_minutes)| MonthShare {
                month,
                meeting_minutes,
                total_minutes,
            })
            .collect())
    }
}
