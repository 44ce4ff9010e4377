//! What the web view reads (and the one thing it needs written, by the bot: members'
//! private links). The register is read a page at a time; the collective's hours come
//! from the monthly totals the triggers keep (`month_totals`), never from the entries.

use chrono::{DateTime, Utc};

use super::{AsDb as _, sql};
use super::{Store, StoreError, from_millis, to_millis};
use crate::config::ProjectKind;
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
    pub kind: ProjectKind,
}

/// A meeting and its minutes: id, committee, start, end, Markdown.
type MinutesRow = (i64, String, i64, Option<i64>, Option<String>);

/// One proposal of a register page, as the page's JSON carries it: id, proposer, text,
/// budget, state, created, deadline, closed, note, how it was decided, the meeting, its
/// vetoes `[vetoer, reason, at, lifted_at]`.
#[derive(serde::Deserialize)]
struct EntryRow(
    i64,
    String,
    String,
    Option<i64>,
    String,
    i64,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Vec<VetoRow>,
);

/// A veto as the register's JSON carries it: vetoer, reason, at, lifted at.
type VetoRow = (String, String, i64, Option<i64>);

/// The filter as SQL on `p` (and `d` when it asks for decided proposals), with only the
/// conditions it sets, so that SQLite evaluates nothing for the others (an unfiltered
/// count walks the table's pages without reading a row). Only these fixed texts are
/// spliced into the queries; the values are bound: `?1` the state, `?2`..`?3` the years'
/// bounds.
fn filter_sql(filter: &RegisterFilter) -> String {
    let mut parts = Vec::new();
    if filter.state.is_some() {
        parts.push("p.state = ?1");
    }
    if filter.created.is_some() {
        parts.push("p.created_at >= ?2 AND p.created_at < ?3");
    }
    if filter.decided {
        parts.push("d.id IS NOT NULL");
    }
    if parts.is_empty() {
        "1 = 1".to_owned()
    } else {
        parts.join(" AND ")
    }
}

/// A register page's columns but its vetoes, on `p` (the proposal) and `d` (its
/// decision), the same in both dialects: the meeting is the one under way when it was
/// decided.
const PAGE_COLUMNS: &str = "p.id, p.proposer, p.text, p.budget_cents, p.state, p.created_at, p.deadline_at,
    p.closed_at, COALESCE(d.note, p.outcome_note) AS note, d.how,
    CASE WHEN d.how = 'meeting' THEN
        (SELECT m.id FROM meetings m WHERE m.started_at <= d.decided_at
           AND (m.ended_at IS NULL OR m.ended_at >= d.decided_at)
         ORDER BY m.started_at DESC LIMIT 1)
    END AS meeting";

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
        // One statement, one row: the count and the page as JSON (each proposal with its
        // vetoes), so that a page costs one round trip to SQLite's thread, not one a row.
        // The count has its own subquery: a window over the filtered rows would evaluate
        // every row's subqueries before the LIMIT (13 ms instead of 0.7 on 5,000
        // proposals); it joins the decisions only when it filters on them.
        let join = if filter.decided {
            "LEFT JOIN decisions d ON d.proposal_id = p.id"
        } else {
            ""
        };
        let filter_sql = filter_sql(&filter);
        // The same statement in each dialect: SQLite's JSON functions, PostgreSQL's
        // (`json_agg` gives NULL for no row, where SQLite gives `[]`).
        let statement = if self.is_postgres() {
            format!(
                "SELECT (SELECT COUNT(*) FROM proposals p {join} WHERE {filter_sql}),
                    (SELECT CAST(COALESCE(json_agg(json_build_array(id, proposer, text, budget_cents, state, created_at,
                              deadline_at, closed_at, note, how, meeting, vetoes) ORDER BY id DESC), '[]') AS text)
                     FROM (SELECT {PAGE_COLUMNS},
                                  (SELECT COALESCE(json_agg(json_build_array(v.vetoer, v.reason, v.created_at, v.lifted_at)
                                                   ORDER BY v.id), '[]')
                                     FROM vetoes v WHERE v.proposal_id = p.id) AS vetoes
                           FROM proposals p LEFT JOIN decisions d ON d.proposal_id = p.id
                           WHERE {filter_sql} ORDER BY p.id DESC LIMIT ?4 OFFSET ?5) AS page)"
            )
        } else {
            format!(
                "SELECT (SELECT COUNT(*) FROM proposals p {join} WHERE {filter_sql}),
                    (SELECT json_group_array(json_array(id, proposer, text, budget_cents, state, created_at,
                              deadline_at, closed_at, note, how, meeting, json(vetoes)) ORDER BY id DESC)
                     FROM (SELECT {PAGE_COLUMNS},
                                  (SELECT json_group_array(json_array(v.vetoer, v.reason, v.created_at, v.lifted_at))
                                     FROM (SELECT * FROM vetoes v WHERE v.proposal_id = p.id ORDER BY v.id) v) AS vetoes
                           FROM proposals p LEFT JOIN decisions d ON d.proposal_id = p.id
                           WHERE {filter_sql} ORDER BY p.id DESC LIMIT ?4 OFFSET ?5))"
            )
        };
        let (total, page): (i64, String) = sql!(
            self.conn().await?,
            fetch_one,
            query_as(sqlx::AssertSqlSafe(statement))
                .bind(state)
                .bind(from)
                .bind(to)
                .bind(i64::from(limit))
                .bind(i64::from(offset))
        )?;
        let rows: Vec<EntryRow> =
            serde_json::from_str(&page).map_err(|e| StoreError::Corrupt(format!("register page: {e}")))?;
        let entries = rows
            .into_iter()
            .map(|r| {
                Ok(RegisterEntry {
                    id: ProposalId(r.0),
                    proposer: r.1,
                    text: r.2,
                    budget: r.3.map(Money),
                    state: State::parse(&r.4).ok_or_else(|| StoreError::Corrupt(format!("state {}", r.4)))?,
                    created_at: from_millis(r.5)?,
                    deadline: from_millis(r.6)?,
                    closed_at: r.7.map(from_millis).transpose()?,
                    note: r.8,
                    by_meeting: r.9.map(|h| h == "meeting"),
                    meeting: r.10,
                    vetoes: vetoes(r.11)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((entries, total))
    }

    /// Meetings, newest first (at most `limit`).
    pub async fn meeting_list(&self, limit: u32) -> Result<Vec<MeetingSummary>, StoreError> {
        let rows: Vec<(i64, String, i64, Option<i64>, bool)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT id, committee, started_at, ended_at, minutes IS NOT NULL FROM meetings
             ORDER BY started_at DESC, id DESC LIMIT ?",
            )
            .bind(i64::from(limit))
        )?;
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
        let row: Option<MinutesRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as("SELECT id, committee, started_at, ended_at, minutes FROM meetings WHERE id = ?").bind(id)
        )?;
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

    /// The collective's totals for the months `from..=to` (`YYYY-MM`), by project, and the
    /// first month with hours ever recorded (`None`: none yet).
    pub async fn month_totals(&self, from: &str, to: &str) -> Result<(Vec<MonthTotal>, Option<String>), StoreError> {
        // One row: the totals as JSON (a year is up to a few hundred, each a round trip to
        // SQLite's thread otherwise) and the projects' kinds apart (a few dozen, rather
        // than a lookup for each total); sorted here rather than by a sorter in SQLite.
        let (totals, kinds, first): (String, String, Option<String>) = sql!(
            self.conn().await?,
            fetch_one,
            query_as(if self.is_postgres() {
                "SELECT (SELECT CAST(COALESCE(json_agg(json_build_array(month, project, CAST(volunteer AS int), minutes)),
                                      '[]') AS text) FROM month_totals
                     WHERE month >= ?1 AND month <= ?2 AND minutes > 0),
                    (SELECT CAST(COALESCE(json_object_agg(name, kind), '{}') AS text) FROM projects),
                    (SELECT MIN(month) FROM month_totals WHERE minutes > 0)"
            } else {
                "SELECT (SELECT json_group_array(json_array(month, project, volunteer, minutes)) FROM month_totals
                     WHERE month >= ?1 AND month <= ?2 AND minutes > 0),
                    (SELECT json_group_object(name, kind) FROM projects),
                    (SELECT MIN(month) FROM month_totals WHERE minutes > 0)"
            })
            .bind(from)
            .bind(to)
        )?;
        let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("month totals: {e}"));
        let mut rows: Vec<(String, String, i64, i64)> = serde_json::from_str(&totals).map_err(corrupt)?;
        let kinds: std::collections::HashMap<String, String> = serde_json::from_str(&kinds).map_err(corrupt)?;
        let kinds: std::collections::HashMap<&str, ProjectKind> = kinds
            .iter()
            .filter_map(|(name, kind)| Some((name.as_str(), ProjectKind::parse(kind)?)))
            .collect();
        rows.sort_unstable();
        let totals = rows
            .into_iter()
            .map(|(month, project, volunteer, minutes)| {
                let kind = kinds.get(project.as_str()).copied();
                month_total((month, project, volunteer != 0, minutes), kind)
            })
            .collect();
        Ok((totals, first))
    }

    /// One member's totals for the months `from..=to`, by project (their own page).
    pub async fn member_month_totals(&self, member: &str, from: &str, to: &str) -> Result<Vec<MonthTotal>, StoreError> {
        let rows: Vec<TotalRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT substr(day, 1, 7) AS month, project, volunteer, CAST(SUM(minutes) AS BIGINT) FROM punches
             WHERE member = ? AND day >= ? AND day < ? AND deleted_at IS NULL
             GROUP BY month, project, volunteer ORDER BY month, project, volunteer",
            )
            .bind(member)
            .bind(format!("{from}-01"))
            .bind(format!("{to}-99"))
        )?;
        Ok(rows.into_iter().map(|r| month_total(r, None)).collect())
    }

    /// The meetings that decided proposals (those `!decide` closed): each proposal's id
    /// with the committee and start of the meeting under way when it was decided (as the
    /// register finds it), for the proposals decided at or after `since`.
    pub async fn meeting_decisions(
        &self,
        since: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<ProposalId, (String, DateTime<Utc>)>, StoreError> {
        let rows: Vec<(i64, Option<String>, Option<i64>)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT d.proposal_id, m.committee, m.started_at FROM decisions d
             LEFT JOIN meetings m ON m.id = (SELECT m.id FROM meetings m WHERE m.started_at <= d.decided_at
                                               AND (m.ended_at IS NULL OR m.ended_at >= d.decided_at)
                                             ORDER BY m.started_at DESC LIMIT 1)
             WHERE d.how = 'meeting' AND d.decided_at >= ?",
            )
            .bind(to_millis(since))
        )?;
        rows.into_iter()
            .filter_map(|(id, committee, start)| Some((id, committee?, start?)))
            .map(|(id, committee, start)| Ok((ProposalId(id), (committee, from_millis(start)?))))
            .collect()
    }

    /// Records a new private link for `member` (the secret's hash) and revokes their
    /// older ones, in one transaction; how many were revoked.
    pub async fn replace_web_link(&self, member: &str, hash: &[u8], now: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let revoked = sql!(
            tx,
            execute,
            query("UPDATE web_links SET revoked_at = ? WHERE member = ? AND revoked_at IS NULL")
                .bind(to_millis(now))
                .bind(member)
        )?
        .rows_affected();
        sql!(
            tx,
            execute,
            query("INSERT INTO web_links (member, secret_hash, created_at) VALUES (?, ?, ?)")
                .bind(member)
                .bind(hash)
                .bind(to_millis(now))
        )?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Revokes every link of `member`; how many there were.
    pub async fn revoke_web_links(&self, member: &str, now: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(sql!(
            self.conn().await?,
            execute,
            query("UPDATE web_links SET revoked_at = ? WHERE member = ? AND revoked_at IS NULL")
                .bind(to_millis(now))
                .bind(member)
        )?
        .rows_affected())
    }

    /// The member whose live link has this hash.
    pub async fn web_link_member(&self, hash: &[u8]) -> Result<Option<String>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar("SELECT member FROM web_links WHERE secret_hash = ? AND revoked_at IS NULL").bind(hash)
        )?)
    }
}

/// A connection of its own that tells whether anything was written to the database
/// since it last asked: the web view's page cache asks it before serving a page it keeps.
///
/// On SQLite, `PRAGMA data_version`, which counts the commits of every other connection,
/// in this process or another. On PostgreSQL, the server's current snapshot
/// (`pg_current_snapshot()`: the oldest transaction still running, the next to complete,
/// those in progress). Only a transaction that wrote has a number in it, and it changes
/// when any such transaction ends, in any process (the bot's included); reads never
/// change it. Two equal snapshots thus see the same data; the number given here goes up
/// whenever the snapshot differs from the one seen last. It is the cluster's: a write to
/// another database on the server makes the pages be rendered again too, never kept too
/// long. Nothing is added to what the bot does for a command.
pub struct Changes {
    watch: Watch,
}

enum Watch {
    Lite(tokio::sync::Mutex<sqlx::SqliteConnection>),
    Pg {
        /// The store's own readers: the snapshot is the server's, whichever connection
        /// asks, and the pool follows the store to another server.
        pool: sqlx::PgPool,
        /// The snapshot seen last and its number.
        last: std::sync::Mutex<(String, i64)>,
    },
}

impl Changes {
    /// A number that changes whenever another connection commits a write.
    pub async fn version(&self) -> Result<i64, StoreError> {
        match &self.watch {
            Watch::Lite(conn) => {
                let mut conn = conn.lock().await;
                Ok(sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut *conn).await?)
            }
            Watch::Pg { pool, last } => {
                let snapshot: String = sqlx::query_scalar("SELECT CAST(pg_current_snapshot() AS text)")
                    .fetch_one(pool)
                    .await?;
                let mut last = last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if last.0 != snapshot {
                    last.0 = snapshot;
                    last.1 += 1;
                }
                Ok(last.1)
            }
        }
    }
}

impl Store {
    /// A [`Changes`] on the same database: a read-only connection of its own to the same
    /// file (`data_version` counts the commits of the others), or the store's own
    /// PostgreSQL connections.
    pub async fn changes(&self) -> Result<Changes, StoreError> {
        use sqlx::ConnectOptions;
        let pool = match &self.pool {
            super::Pool::Lite(pool) => pool,
            super::Pool::Pg(pool) => {
                return Ok(Changes {
                    watch: Watch::Pg {
                        pool: pool.clone(),
                        last: Default::default(),
                    },
                });
            }
        };
        let file = pool.connect_options().get_filename().to_owned();
        let conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&file)
            .read_only(true)
            .busy_timeout(super::READ_WAIT)
            .connect()
            .await
            .map_err(|source| StoreError::Open {
                path: file.display().to_string(),
                source,
            })?;
        Ok(Changes {
            watch: Watch::Lite(tokio::sync::Mutex::new(conn)),
        })
    }
}

/// A proposal's vetoes from the register's JSON.
fn vetoes(rows: Vec<VetoRow>) -> Result<Vec<Veto>, StoreError> {
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

/// Month, project, volunteer, minutes.
type TotalRow = (String, String, bool, i64);

/// A total of a project of `kind` (work for one the database does not know).
fn month_total((month, project, volunteer, minutes): TotalRow, kind: Option<ProjectKind>) -> MonthTotal {
    MonthTotal {
        month,
        project,
        volunteer,
        minutes,
        kind: kind.unwrap_or(ProjectKind::Work),
    }
}
