//! What the web view reads (and the one thing it needs written, by the bot: members'
//! private links). The register is read a page at a time; the collective's hours come
//! from the monthly totals the triggers keep (`month_totals`), never from the entries.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{Store, StoreError, from_millis, to_millis};
use crate::domain::proposal::{Money, ProposalId, State, Veto};

/// Which part of the register to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegisterFilter {
    pub state: Option<State>,
    /// Proposals made in `from..to` (the bounds of a year in the collective's zone).
    pub created: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Only the decided ones (adopted or rejected, with their record).
    pub decided: bool,
}

/// One proposal as the register shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    pub id: ProposalId,
    pub proposer: String,
    pub text: String,
    pub budget: Option<Money>,
    pub state: State,
    pub created_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The meeting's note when a meeting decided it.
    pub note: Option<String>,
    /// Decided by a meeting (`true`) or at its deadline (`false`); `None`: not decided.
    pub by_meeting: Option<bool>,
    /// The meeting during which it was decided, for its minutes.
    pub meeting: Option<i64>,
    pub vetoes: Vec<Veto>,
}

/// A meeting in the list of minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingSummary {
    pub id: i64,
    pub committee: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub has_minutes: bool,
}

/// Counted minutes of one month (`YYYY-MM`) on one project, paid or volunteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTotal {
    pub month: String,
    pub project: String,
    pub volunteer: bool,
    pub minutes: i64,
    /// The project's kind (`work` for one the database does not know).
    pub kind: crate::config::ProjectKind,
}

/// A meeting and its minutes: id, committee, start, end, Markdown.
type MinutesRow = (i64, String, i64, Option<i64>, Option<String>);

#[derive(FromRow)]
struct EntryRow {
    id: i64,
    proposer: String,
    text: String,
    budget_cents: Option<i64>,
    state: String,
    created_at: i64,
    deadline_at: i64,
    closed_at: Option<i64>,
    note: Option<String>,
    how: Option<String>,
    meeting: Option<i64>,
    vetoes: String,
}

/// The filter as SQL on `p` and `d` with `?1` to `?4` bound; only this fixed text is
/// spliced into the queries.
const FILTER: &str = "(?1 IS NULL OR p.state = ?1) AND (?2 IS NULL OR (p.created_at >= ?2 AND p.created_at < ?3))
    AND (?4 = 0 OR d.id IS NOT NULL)";
/// [`FILTER`] when `?4` is 0, without `d`.
const FILTER_UNDECIDED: &str =
    "(?1 IS NULL OR p.state = ?1) AND (?2 IS NULL OR (p.created_at >= ?2 AND p.created_at < ?3)) AND ?4 = 0";

impl Store {
    /// A page of the register, newest first, and how many proposals match in all.
    pub async fn register(
        &self,
        filter: RegisterFilter,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<RegisterEntry>, i64), StoreError> {
        let state = filter.state.map(State::as_str);
        let (from, to) = match filter.created {
            Some((f, t)) => (Some(to_millis(f)), Some(to_millis(t))),
            None => (None, None),
        };
        // The page with each proposal's vetoes (as JSON): one round trip. The count is its
        // own statement: a window over the filtered rows would evaluate every row's
        // subqueries before the LIMIT (13 ms instead of 0.7 on 5,000 proposals).
        let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.proposer, p.text, p.budget_cents, p.state, p.created_at, p.deadline_at,
                    p.closed_at, COALESCE(d.note, p.outcome_note) AS note, d.how,
                    CASE WHEN d.how = 'meeting' THEN
                        (SELECT m.id FROM meetings m WHERE m.started_at <= d.decided_at
                           AND (m.ended_at IS NULL OR m.ended_at >= d.decided_at)
                         ORDER BY m.started_at DESC LIMIT 1)
                    END AS meeting,
                    (SELECT json_group_array(json_array(v.vetoer, v.reason, v.created_at, v.lifted_at))
                       FROM (SELECT * FROM vetoes v WHERE v.proposal_id = p.id ORDER BY v.id) v) AS vetoes
             FROM proposals p LEFT JOIN decisions d ON d.proposal_id = p.id
             WHERE {FILTER} ORDER BY p.id DESC LIMIT ?5 OFFSET ?6"
        )))
        .bind(state)
        .bind(from)
        .bind(to)
        .bind(filter.decided)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let total = self.register_count(filter, state, from, to).await?;
        let entries = rows
            .into_iter()
            .map(|r| {
                Ok(RegisterEntry {
                    id: ProposalId(r.id),
                    proposer: r.proposer,
                    text: r.text,
                    budget: r.budget_cents.map(Money),
                    state: State::parse(&r.state).ok_or_else(|| StoreError::Corrupt(format!("state {}", r.state)))?,
                    created_at: from_millis(r.created_at)?,
                    deadline: from_millis(r.deadline_at)?,
                    closed_at: r.closed_at.map(from_millis).transpose()?,
                    note: r.note,
                    by_meeting: r.how.map(|h| h == "meeting"),
                    meeting: r.meeting,
                    vetoes: vetoes(&r.vetoes)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((entries, total))
    }

    /// How many proposals match `filter`.
    async fn register_count(
        &self,
        filter: RegisterFilter,
        state: Option<&str>,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<i64, StoreError> {
        // The join only when it filters: counting the whole register stays one index scan.
        let join = if filter.decided {
            "LEFT JOIN decisions d ON d.proposal_id = p.id"
        } else {
            ""
        };
        let filter_sql = if filter.decided { FILTER } else { FILTER_UNDECIDED };
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM proposals p {join} WHERE {filter_sql}"
        )))
        .bind(state)
        .bind(from)
        .bind(to)
        .bind(filter.decided)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Meetings, newest first (at most `limit`).
    pub async fn meeting_list(&self, limit: u32) -> Result<Vec<MeetingSummary>, StoreError> {
        let rows: Vec<(i64, String, i64, Option<i64>, bool)> = sqlx::query_as(
            "SELECT id, committee, started_at, ended_at, minutes IS NOT NULL FROM meetings
             ORDER BY started_at DESC, id DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, committee, start, end, has_minutes)| {
                Ok(MeetingSummary {
                    id,
                    committee,
                    started_at: from_millis(start)?,
                    ended_at: end.map(from_millis).transpose()?,
                    has_minutes,
                })
            })
            .collect()
    }

    /// One meeting and its minutes (Markdown), if it exists.
    pub async fn meeting_minutes(&self, id: i64) -> Result<Option<(MeetingSummary, Option<String>)>, StoreError> {
        let row: Option<MinutesRow> =
            sqlx::query_as("SELECT id, committee, started_at, ended_at, minutes FROM meetings WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(id, committee, start, end, minutes)| {
            Ok((
                MeetingSummary {
                    id,
                    committee,
                    started_at: from_millis(start)?,
                    ended_at: end.map(from_millis).transpose()?,
                    has_minutes: minutes.is_some(),
                },
                minutes,
            ))
        })
        .transpose()
    }

    /// The collective's totals for the months `from..=to` (`YYYY-MM`), by project.
    pub async fn month_totals(&self, from: &str, to: &str) -> Result<Vec<MonthTotal>, StoreError> {
        let rows: Vec<TotalRow> = sqlx::query_as(
            "SELECT t.month, t.project, t.volunteer, t.minutes, p.kind FROM month_totals t
             LEFT JOIN projects p ON p.name = t.project
             WHERE t.month >= ? AND t.month <= ? AND t.minutes > 0 ORDER BY t.month, t.project, t.volunteer",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(month_total).collect())
    }

    /// One member's totals for the months `from..=to`, by project (their own page).
    pub async fn member_month_totals(&self, member: &str, from: &str, to: &str) -> Result<Vec<MonthTotal>, StoreError> {
        let rows: Vec<TotalRow> = sqlx::query_as(
            "SELECT substr(day, 1, 7) AS month, project, volunteer, SUM(minutes), NULL FROM punches
             WHERE member = ? AND day >= ? AND day < ? AND deleted_at IS NULL
             GROUP BY month, project, volunteer ORDER BY month, project, volunteer",
        )
        .bind(member)
        .bind(format!("{from}-01"))
        .bind(format!("{to}-99"))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(month_total).collect())
    }

    /// Records a new private link for `member` (the secret's hash) and revokes their
    /// older ones, in one transaction; how many were revoked.
    pub async fn replace_web_link(&self, member: &str, hash: &[u8], now: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let revoked = sqlx::query("UPDATE web_links SET revoked_at = ? WHERE member = ? AND revoked_at IS NULL")
            .bind(to_millis(now))
            .bind(member)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("INSERT INTO web_links (member, secret_hash, created_at) VALUES (?, ?, ?)")
            .bind(member)
            .bind(hash)
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Revokes every link of `member`; how many there were.
    pub async fn revoke_web_links(&self, member: &str, now: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("UPDATE web_links SET revoked_at = ? WHERE member = ? AND revoked_at IS NULL")
                .bind(to_millis(now))
                .bind(member)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }

    /// The member whose live link has this hash.
    pub async fn web_link_member(&self, hash: &[u8]) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT member FROM web_links WHERE secret_hash = ? AND revoked_at IS NULL")
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

/// A connection of its own that tells whether anything was written to the database
/// since it last asked (`PRAGMA data_version`, which counts the commits of every other
/// connection, in this process or another): the web view's page cache asks it before
/// serving a page it keeps.
pub struct Changes {
    conn: tokio::sync::Mutex<sqlx::SqliteConnection>,
}

impl Changes {
    /// A number that changes whenever another connection commits a write.
    pub async fn version(&self) -> Result<i64, StoreError> {
        let mut conn = self.conn.lock().await;
        Ok(sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut *conn).await?)
    }
}

impl Store {
    /// A [`Changes`] on the same file, read-only.
    pub async fn changes(&self) -> Result<Changes, StoreError> {
        use sqlx::ConnectOptions;
        let file = self.pool.connect_options().get_filename().to_owned();
        let conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&file)
            .read_only(true)
            .connect()
            .await
            .map_err(|source| StoreError::Open {
                path: file.display().to_string(),
                source,
            })?;
        Ok(Changes {
            conn: tokio::sync::Mutex::new(conn),
        })
    }
}

/// A proposal's vetoes from their JSON: `[[vetoer, reason, at, lifted_at], …]`.
fn vetoes(json: &str) -> Result<Vec<Veto>, StoreError> {
    type Row = (String, String, i64, Option<i64>);
    let rows: Vec<Row> = serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("vetoes: {e}")))?;
    rows.into_iter()
        .map(|(vetoer, reason, at, lifted)| {
            Ok(Veto {
                vetoer,
                reason,
                at: from_millis(at)?,
                lifted_at: lifted.map(from_millis).transpose()?,
            })
        })
        .collect()
}

/// Month, project, volunteer, minutes, the project's kind.
type TotalRow = (String, String, bool, i64, Option<String>);

fn month_total((month, project, volunteer, minutes, kind): TotalRow) -> MonthTotal {
    MonthTotal {
        month,
        project,
        volunteer,
        minutes,
        kind: kind
            .and_then(|k| crate::config::ProjectKind::parse(&k))
            .unwrap_or(crate::config::ProjectKind::Work),
    }
}
