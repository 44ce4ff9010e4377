//! What passed its retention period, deleted (the retention run, docs/privacy.md), the
//! oldest row of each kind (from which the core knows when the run is next due), and the
//! download links of `!mydata` (kept like the page links: only their secret's hash).

use chrono::{DateTime, NaiveDate, Utc};

use super::sql;
use super::{Store, StoreError, from_millis, to_millis};
use crate::config::Kept;

/// The oldest row of each kind the retention run may delete (see
/// [`Store::retention_oldest`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Oldest {
    /// Kinds dated by an instant: the oldest one's (when it was set, used, handled,
    /// revoked or undone).
    pub instants: Vec<(Kept, DateTime<Utc>)>,
    /// The last day of the absence that ended first.
    pub absence_end: Option<NaiveDate>,
    /// The first day on which the oldest hours of a former member are past
    /// `keep_hours_years`.
    pub former_hours_day: Option<NaiveDate>,
    /// When the run last ran.
    pub last_run: Option<DateTime<Utc>>,
}

/// The retention run's statement of the oldest rows; `$former` is the first day a former
/// member's oldest hours are past their period, in the dialect's date arithmetic.
macro_rules! oldest_query {
    ($former:literal) => {
        concat!(
            "SELECT
                (SELECT MIN(cancelled_at) FROM reminders INDEXED BY reminders_cancelled WHERE cancelled_at IS NOT NULL),
                (SELECT MIN(created_at) FROM reminders INDEXED BY reminders_done
                 WHERE next_due IS NULL AND cancelled_at IS NULL),
                (SELECT MIN(at) FROM standup_updates),
                (SELECT MIN(ended_at) FROM standups WHERE ended_at IS NOT NULL),
                (SELECT MIN(to_day) FROM absences),
                (SELECT MIN(handled_at) FROM mail_seen),
                (SELECT MIN(sent_at) FROM mail_usage),
                (SELECT MIN(revoked_at) FROM web_links WHERE revoked_at IS NOT NULL),
                (SELECT MIN(expires_at) FROM data_links),
                (SELECT MIN(deleted_at) FROM punches WHERE deleted_at IS NOT NULL),",
            $former,
            "(SELECT last_run FROM retention_runs WHERE id = 1)"
        )
    };
}

impl Store {
    /// The oldest row of each kind the retention run may delete, and when it last ran:
    /// one statement, an index lookup per kind.
    pub async fn retention_oldest(&self, keep_hours_years: u32) -> Result<Oldest, StoreError> {
        type Row = (
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
        );
        let r: Row = sql!(
            self.conn().await?,
            fetch_one,
            query_as(
                if self.is_postgres() {
                    oldest_query!(
                        "(SELECT to_char(CAST(MIN((SELECT MIN(day) FROM punches WHERE member = f.pseudonym AND deleted_at IS NULL)) AS date)
                             + CAST('+' || ?1 || ' months' AS interval) + interval '1 day', 'YYYY-MM-DD')
                         FROM former_members f),"
                    )
                } else {
                    oldest_query!(
                        "(SELECT date(MIN((SELECT MIN(day) FROM punches WHERE member = f.pseudonym AND deleted_at IS NULL)),
                             '+' || ?1 || ' months', '+1 day')
                         FROM former_members f),"
                    )
                }
            )
            .bind(i64::from(keep_hours_years) * 12)
        )?;
        let min = |a: Option<i64>, b: Option<i64>| a.into_iter().chain(b).min();
        let day = |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
        let mut instants = Vec::new();
        for (kind, at) in [
            (Kept::Reminders, min(r.0, r.1)),
            (Kept::StandupUpdates, r.2),
            (Kept::Standups, r.3),
            (Kept::MailReplies, min(r.5, r.6)),
            (Kept::WebLinks, min(r.7, r.8)),
            (Kept::UndoneHours, r.9),
        ] {
            if let Some(at) = at {
                instants.push((kind, from_millis(at)?));
            }
        }
        Ok(Oldest {
            instants,
            absence_end: day(r.4),
            former_hours_day: day(r.10),
            last_run: r.11.map(from_millis).transpose()?,
        })
    }

    /// Records that the retention run ran at `ran`.
    pub async fn set_retention_run(&self, ran: DateTime<Utc>) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query(
                "INSERT INTO retention_runs (id, last_run) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET last_run = ?1",
            )
            .bind(to_millis(ran))
        )?;
        Ok(())
    }

    /// Deletes what of `kind` ended before `cutoff` (the local day `cutoff_day` for
    /// absences); how many rows.
    pub async fn sweep(&self, kind: Kept, cutoff: DateTime<Utc>, cutoff_day: NaiveDate) -> Result<u64, StoreError> {
        let statements: &[&str] = match kind {
            Kept::Reminders => &[
                "DELETE FROM reminders WHERE (cancelled_at IS NOT NULL AND cancelled_at < ?1)
                   OR (cancelled_at IS NULL AND next_due IS NULL AND created_at < ?1)",
            ],
            Kept::StandupUpdates => &["DELETE FROM standup_updates WHERE at < ?1"],
            Kept::Standups => &[
                "UPDATE standup_updates SET used_by = NULL
                 WHERE used_by IN (SELECT id FROM standups WHERE ended_at IS NOT NULL AND ended_at < ?1)",
                "DELETE FROM standups WHERE ended_at IS NOT NULL AND ended_at < ?1",
            ],
            Kept::Absences => &["DELETE FROM absences WHERE to_day < ?2"],
            Kept::MailReplies => &[
                "DELETE FROM mail_seen WHERE handled_at < ?1",
                "DELETE FROM mail_usage WHERE sent_at < ?1",
            ],
            Kept::WebLinks => &[
                "DELETE FROM web_links WHERE revoked_at IS NOT NULL AND revoked_at < ?1",
                "DELETE FROM data_links WHERE COALESCE(revoked_at, expires_at) < ?1 OR expires_at < ?1",
            ],
            Kept::UndoneHours => &["DELETE FROM punches WHERE deleted_at IS NOT NULL AND deleted_at < ?1"],
        };
        let mut conn = self.conn().await?;
        let mut rows = 0;
        for (i, sql) in statements.iter().enumerate() {
            let done = sql!(conn, execute, |query| query(*sql) => {
                query = query.bind(to_millis(cutoff));
                if sql.contains("?2") {
                    query = query.bind(cutoff_day.format("%Y-%m-%d").to_string());
                }
                query
            })?
            .rows_affected();
            // The first statement of the stand-ups only unlinks the updates they used.
            if !(kind == Kept::Standups && i == 0) {
                rows += done;
            }
        }
        Ok(rows)
    }

    /// Deletes the hours of former members older than `keep_hours_years` on `today` (the
    /// same date arithmetic as [`Store::retention_oldest`]); how many entries.
    pub async fn sweep_former_hours(&self, keep_hours_years: u32, today: NaiveDate) -> Result<u64, StoreError> {
        let sql = if self.is_postgres() {
            "DELETE FROM punches WHERE member IN (SELECT pseudonym FROM former_members)
             AND to_char(CAST(day AS date) + CAST('+' || ?1 || ' months' AS interval), 'YYYY-MM-DD') < ?2"
        } else {
            "DELETE FROM punches WHERE member IN (SELECT pseudonym FROM former_members)
             AND date(day, '+' || ?1 || ' months') < ?2"
        };
        let mut conn = self.conn().await?;
        let rows = sql!(
            conn,
            execute,
            query(sql)
                .bind(i64::from(keep_hours_years) * 12)
                .bind(today.format("%Y-%m-%d").to_string())
        )?
        .rows_affected();
        for table in ["day_totals", "member_month_totals"] {
            sql!(
                conn,
                execute,
                query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE minutes = 0 AND member IN (SELECT pseudonym FROM former_members)"
                )))
            )?;
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
            let revoked = sql!(
                conn,
                execute,
                query("UPDATE data_links SET revoked_at = ? WHERE member = ? AND revoked_at IS NULL")
                    .bind(to_millis(now))
                    .bind(member)
            )?
            .rows_affected();
            sql!(
                conn,
                execute,
                query("INSERT INTO data_links (member, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?)")
                    .bind(member)
                    .bind(hash)
                    .bind(to_millis(now))
                    .bind(to_millis(expires))
            )?;
            Ok(revoked)
        })
        .await
    }

    /// The member whose download link has this secret hash, if it is live at `now`.
    pub async fn data_link_member(&self, hash: &[u8], now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar(
                "SELECT member FROM data_links WHERE secret_hash = ? AND revoked_at IS NULL AND expires_at > ?",
            )
            .bind(hash)
            .bind(to_millis(now))
        )?)
    }

    /// The pseudonyms of the members erased so far, oldest first.
    pub async fn former_members(&self) -> Result<Vec<String>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_all,
            query_scalar("SELECT pseudonym FROM former_members ORDER BY id")
        )?)
    }
}
