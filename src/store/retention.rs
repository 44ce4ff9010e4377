//! What passed its retention period, deleted (the daily retention run, docs/privacy.md),
//! when that run is next due, and the download links of `!mydata` (kept like the page
//! links: only their secret's hash).

use chrono::{DateTime, NaiveDate, Utc};

use super::{Store, StoreError, from_millis, to_millis};
use crate::config::Kept;

impl Store {
    /// When the retention run is next due; `None` until it is placed.
    pub async fn retention_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let next: Option<i64> = sqlx::query_scalar("SELECT next_due FROM retention_runs WHERE id = 1")
            .fetch_optional(&mut *self.conn().await?)
            .await?
            .flatten();
        next.map(from_millis).transpose()
    }

    /// Sets when the retention run is next due; `ran`: when it ran, if it just did.
    pub async fn set_retention_due(&self, next: DateTime<Utc>, ran: Option<DateTime<Utc>>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO retention_runs (id, next_due, last_run) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET next_due = ?1, last_run = COALESCE(?2, last_run)",
        )
        .bind(to_millis(next))
        .bind(ran.map(to_millis))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    /// Deletes what of `kind` ended before `cutoff` (the local day `cutoff_day` for
    /// absences); how many rows.
    pub async fn sweep(&self, kind: Kept, cutoff: DateTime<Utc>, cutoff_day: NaiveDate) -> Result<u64, StoreError> {
        let statements: &[&str] = match kind {
            Kept::Reminders => &["DELETE FROM reminders WHERE (cancelled_at IS NOT NULL AND cancelled_at < ?1)
                   OR (cancelled_at IS NULL AND next_due IS NULL AND created_at < ?1)"],
            Kept::StandupUpdates => &["DELETE FROM standup_updates WHERE at < ?1"],
            Kept::Standups => &[
                "UPDATE standup_updates SET used_by = NULL
                 WHERE used_by IN (SELECT id FROM standups WHERE ended_at IS NOT NULL AND ended_at < ?1)",
                "DELETE FROM standups WHERE ended_at IS NOT NULL AND ended_at < ?1",
            ],
            Kept::Absences => &["DELETE FROM absences WHERE to_day < ?2 AND created_at < ?1"],
            Kept::MailReplies => &[
                "DELETE FROM mail_seen WHERE handled_at < ?1",
                "DELETE FROM mail_usage WHERE sent_at < ?1",
            ],
            Kept::WebLinks => &[
                "DELETE FROM web_links WHERE revoked_at IS NOT NULL AND revoked_at < ?1",
                "DELETE FROM data_links WHERE MIN(COALESCE(revoked_at, expires_at), expires_at) < ?1",
            ],
            Kept::UndoneHours => &["DELETE FROM punches WHERE deleted_at IS NOT NULL AND deleted_at < ?1"],
        };
        let mut conn = self.conn().await?;
        let mut rows = 0;
        for (i, sql) in statements.iter().enumerate() {
            let query = sqlx::query(*sql).bind(to_millis(cutoff));
            let query = if sql.contains("?2") {
                query.bind(cutoff_day.format("%Y-%m-%d").to_string())
            } else {
                query
            };
            let done = query
                .execute(&mut *conn)
                .await?
                .rows_affected();
            // The first statement of the stand-ups only unlinks the updates they used.
            if !(kind == Kept::Standups && i == 0) {
                rows += done;
            }
        }
        Ok(rows)
    }

    /// Deletes the hours of former members on days before `before`; how many entries.
    pub async fn sweep_former_hours(&self, before: NaiveDate) -> Result<u64, StoreError> {
        let mut conn = self.conn().await?;
        let day = before.format("%Y-%m-%d").to_string();
        let rows = sqlx::query("DELETE FROM punches WHERE day < ?1 AND member IN (SELECT pseudonym FROM former_members)")
            .bind(&day)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        for table in ["day_totals", "member_month_totals"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE minutes = 0 AND member IN (SELECT pseudonym FROM former_members)"
            )))
            .execute(&mut *conn)
            .await?;
        }
        Ok(rows)
    }

    /// A new download link for `member`, valid until `expires`; their older ones are
    /// revoked. How many were.
    pub async fn replace_data_link(
        &self,
        member: &str,
        hash: &[u8],
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        self.unit(async {
            let mut conn = self.conn().await?;
            let revoked = sqlx::query("UPDATE data_links SET revoked_at = ? WHERE member = ? AND revoked_at IS NULL")
                .bind(to_millis(now))
                .bind(member)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            sqlx::query("INSERT INTO data_links (member, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .bind(member)
                .bind(hash)
                .bind(to_millis(now))
                .bind(to_millis(expires))
                .execute(&mut *conn)
                .await?;
            Ok(revoked)
        })
        .await
    }

    /// The member whose download link has this secret hash, if it is live at `now`.
    pub async fn data_link_member(&self, hash: &[u8], now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT member FROM data_links WHERE secret_hash = ? AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(hash)
        .bind(to_millis(now))
        .fetch_optional(&mut *self.conn().await?)
        .await?)
    }

    /// The pseudonyms of the members erased so far, oldest first.
    pub async fn former_members(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT pseudonym FROM former_members ORDER BY id")
            .fetch_all(&mut *self.conn().await?)
            .await?)
    }
}
