//! Projects, punched hours, timers and the reports over them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use super::db::Ready;
use super::{AsDb, sql};
use super::{Store, StoreError, from_millis, to_millis};
use crate::config::{Project, ProjectKind};
use crate::domain::duration::MAX_MINUTES;
use crate::domain::punch::Timer;

/// An entry to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPunch {
    pub member: String,
    pub project: String,
    pub day: NaiveDate,
    pub minutes: u32,
    pub volunteer: bool,
    pub note: Option<String>,
    /// Recorded from a timer rather than typed.
    pub from_timer: bool,
    pub created_at: DateTime<Utc>,
}

/// A recorded entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Punch {
    pub id: i64,
    pub member: String,
    pub project: String,
    pub day: NaiveDate,
    pub minutes: u32,
    pub volunteer: bool,
    pub note: Option<String>,
    pub from_timer: bool,
    pub created_at: DateTime<Utc>,
}

/// Minutes worked, paid and volunteer apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub paid: i64,
    pub volunteer: i64,
}

impl Totals {
    pub fn add(&mut self, other: Totals) {
        self.paid += other.paid;
        self.volunteer += other.volunteer;
    }
}

/// A known project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    pub name: String,
    pub kind: ProjectKind,
    /// Who added it in chat; `None` for the configuration's.
    pub added_by: Option<String>,
}

/// Recording would put more than 24 hours on one member's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFull {
    pub day: NaiveDate,
    /// Minutes already recorded that day.
    pub already: i64,
}

#[derive(FromRow)]
struct PunchRow {
    id: i64,
    member: String,
    project: String,
    day: String,
    minutes: i64,
    volunteer: bool,
    note: Option<String>,
    source: String,
    created_at: i64,
}

impl PunchRow {
    fn into_domain(self) -> Result<Punch, StoreError> {
        Ok(Punch {
            id: self.id,
            member: self.member,
            project: self.project,
            day: parse_day(&self.day)?,
            minutes: u32::try_from(self.minutes)
                .map_err(|_| StoreError::Corrupt(format!("minutes {}", self.minutes)))?,
            volunteer: self.volunteer,
            note: self.note,
            from_timer: self.source == "timer",
            created_at: from_millis(self.created_at)?,
        })
    }
}

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("day {s}")))
}

macro_rules! punch_query {
    ($tail:literal) => {
        concat!(
            "SELECT id, member, project, day, minutes, volunteer, note, source, created_at FROM punches ",
            $tail
        )
    };
}

/// Which rows a report sums.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportFilter<'a> {
    pub member: Option<&'a str>,
    pub project: Option<&'a str>,
}

impl Store {
    /// Makes the configuration's projects known, with their kinds.
    pub async fn sync_projects(&self, projects: &[Project], now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        for p in projects {
            sql!(
                tx,
                execute,
                query(
                    "INSERT INTO projects (name, kind, added_by, added_at) VALUES (?, ?, NULL, ?)
                 ON CONFLICT (name) DO UPDATE SET kind = excluded.kind",
                )
                .bind(&p.name)
                .bind(p.kind.as_str())
                .bind(to_millis(now))
            )?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn projects(&self) -> Result<Vec<ProjectRow>, StoreError> {
        let rows: Vec<(String, String, Option<String>)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT name, kind, added_by FROM projects ORDER BY name")
        )?;
        rows.into_iter()
            .map(|(name, kind, added_by)| {
                let kind =
                    ProjectKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("project kind {kind}")))?;
                Ok(ProjectRow { name, kind, added_by })
            })
            .collect()
    }

    /// Adds a project; `false` if it exists already.
    pub async fn add_project(&self, name: &str, by: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query(
                "INSERT INTO projects (name, kind, added_by, added_at) VALUES (?, 'work', ?, ?) ON CONFLICT DO NOTHING"
            )
            .bind(name)
            .bind(by)
            .bind(to_millis(now))
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Records one entry, keeping the member's day within 24 hours, in a single statement
    /// (so a single commit): the common `!punch`.
    pub async fn insert_punch(&self, e: &NewPunch) -> Result<Result<i64, DayFull>, StoreError> {
        let mut conn = self.conn().await?;
        insert_within_day(&mut conn, e).await
    }

    /// Records independent entries (from different messages) in one transaction: one
    /// commit for all. Each is checked against its member's 24-hour day on its own; a full
    /// day refuses that entry only.
    ///
    /// Four statements whatever the size of the group (each statement is a round trip to
    /// the database thread, which is what costs at load): read the day totals involved,
    /// decide in order, insert the accepted entries in one statement, commit.
    pub async fn insert_punch_group(&self, entries: &[NewPunch]) -> Result<Vec<Result<i64, DayFull>>, StoreError> {
        const MAX_GROUP: usize = 512;
        if entries.len() > MAX_GROUP {
            let mut out = Vec::with_capacity(entries.len());
            for chunk in entries.chunks(MAX_GROUP) {
                out.extend(Box::pin(self.insert_punch_group(chunk)).await?);
            }
            return Ok(out);
        }
        match entries {
            [] => return Ok(Vec::new()),
            // Alone, one statement in autocommit is the fastest way.
            [one] => return Ok(vec![self.insert_punch(one).await?]),
            _ => {}
        }
        let mut conn = self.conn().await?;
        // Inside a unit its transaction holds the group (the read and the one insert
        // cannot be torn apart: nothing else uses the connection meanwhile); a savepoint
        // there would cost two more round trips per batch. Alone, its own transaction.
        if matches!(conn, super::db::Conn::Lite(_) | super::db::Conn::Pg(_)) {
            let mut tx = conn.begin().await?;
            let out = insert_group_in(&mut tx, entries).await?;
            tx.commit().await?;
            Ok(out)
        } else {
            insert_group_in(&mut conn, entries).await
        }
    }

    /// Records entries in one transaction, each day of each member kept within 24 hours;
    /// on the first day that would overflow nothing at all is written. Returns the ids.
    pub async fn insert_punches(&self, entries: &[NewPunch]) -> Result<Result<Vec<i64>, DayFull>, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let ids = match insert_checked(&mut tx, entries).await? {
            Ok(ids) => ids,
            Err(full) => return Ok(Err(full)),
        };
        tx.commit().await?;
        Ok(Ok(ids))
    }

    /// Stops `timer` (if it is still the member's running one) and records its entries,
    /// atomically. `Ok(None)`: the timer was already gone.
    pub async fn finish_timer(
        &self,
        timer: &Timer,
        entries: &[NewPunch],
    ) -> Result<Option<Result<Vec<i64>, DayFull>>, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let gone = sql!(
            tx,
            execute,
            query("DELETE FROM timers WHERE member = ? AND started_at = ?")
                .bind(&timer.member)
                .bind(to_millis(timer.started_at))
        )?;
        if gone.rows_affected() != 1 {
            return Ok(None);
        }
        let ids = match insert_checked(&mut tx, entries).await? {
            Ok(ids) => ids,
            Err(full) => return Ok(Some(Err(full))),
        };
        tx.commit().await?;
        Ok(Some(Ok(ids)))
    }

    /// Bulk load without the per-day check, for imports, tests and benchmarks.
    pub async fn insert_punches_unchecked(&self, entries: &[NewPunch]) -> Result<(), StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        for e in entries {
            insert_one(&mut tx, e).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn punch(&self, id: i64) -> Result<Option<Punch>, StoreError> {
        let row: Option<PunchRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(punch_query!("WHERE id = ? AND deleted_at IS NULL")).bind(id)
        )?;
        row.map(PunchRow::into_domain).transpose()
    }

    /// The member's most recently recorded entry still counted.
    pub async fn last_punch(&self, member: &str) -> Result<Option<Punch>, StoreError> {
        let row: Option<PunchRow> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(punch_query!(
                "WHERE member = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1"
            ))
            .bind(member)
        )?;
        row.map(PunchRow::into_domain).transpose()
    }

    /// Changes one of `member`'s entries (minutes, project), keeping its day within 24
    /// hours. `Ok(None)`: not theirs or removed; `Ok(Some(Err))`: the day would overflow.
    pub async fn edit_punch(
        &self,
        id: i64,
        member: &str,
        minutes: u32,
        project: &str,
    ) -> Result<Option<Result<(), DayFull>>, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let row: Option<PunchRow> = sql!(
            tx,
            fetch_optional,
            query_as(punch_query!("WHERE id = ? AND member = ? AND deleted_at IS NULL"))
                .bind(id)
                .bind(member)
        )?;
        let Some(old) = row.map(PunchRow::into_domain).transpose()? else {
            return Ok(None);
        };
        let total: i64 = sql!(
            tx,
            fetch_one,
            query_scalar("SELECT COALESCE((SELECT minutes FROM day_totals WHERE member = ? AND day = ?), 0)")
                .bind(member)
                .bind(day_text(old.day))
        )?;
        let already = total - i64::from(old.minutes);
        if already + i64::from(minutes) > i64::from(MAX_MINUTES) {
            return Ok(Some(Err(DayFull { day: old.day, already })));
        }
        sql!(
            tx,
            execute,
            query("UPDATE punches SET minutes = ?, project = ? WHERE id = ?")
                .bind(i64::from(minutes))
                .bind(project)
                .bind(id)
        )?;
        tx.commit().await?;
        Ok(Some(Ok(())))
    }

    /// Removes one of `member`'s entries from the counts (kept in the table, marked).
    /// `false` if it is not theirs or already removed.
    pub async fn delete_punch(&self, id: i64, member: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("UPDATE punches SET deleted_at = ? WHERE id = ? AND member = ? AND deleted_at IS NULL")
                .bind(to_millis(at))
                .bind(id)
                .bind(member)
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes the entries a timer recorded at once (one per day it ran on); returns them.
    pub async fn delete_timer_entries(
        &self,
        member: &str,
        created_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<Vec<Punch>, StoreError> {
        let mut conn = self.conn().await?;
        let mut tx = conn.begin().await?;
        let rows: Vec<PunchRow> = sql!(
            tx,
            fetch_all,
            query_as(punch_query!(
                "WHERE member = ? AND created_at = ? AND source = 'timer' AND deleted_at IS NULL ORDER BY id"
            ))
            .bind(member)
            .bind(to_millis(created_at))
        )?;
        sql!(tx, execute, query("UPDATE punches SET deleted_at = ? WHERE member = ? AND created_at = ? AND source = 'timer' AND deleted_at IS NULL").bind(to_millis(at)).bind(member).bind(to_millis(created_at)))?;
        tx.commit().await?;
        rows.into_iter().map(PunchRow::into_domain).collect()
    }

    /// Totals per project over `from..=to`, for one member or project or everybody.
    pub async fn totals_by_project(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        filter: ReportFilter<'_>,
    ) -> Result<Vec<(String, Totals)>, StoreError> {
        let rows: Vec<(String, i64, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT project,
                    COALESCE(CAST(SUM(CASE WHEN NOT volunteer THEN minutes END) AS BIGINT), 0),
                    COALESCE(CAST(SUM(CASE WHEN volunteer THEN minutes END) AS BIGINT), 0)
             FROM punches
             WHERE deleted_at IS NULL AND day BETWEEN ? AND ?
               AND (?3 IS NULL OR member = ?3) AND (?4 IS NULL OR project = ?4)
             GROUP BY project ORDER BY project",
            )
            .bind(day_text(from))
            .bind(day_text(to))
            .bind(filter.member)
            .bind(filter.project)
        )?;
        Ok(rows
            .into_iter()
            .map(|(p, paid, volunteer)| (p, Totals { paid, volunteer }))
            .collect())
    }

    /// Totals per member over `from..=to`, optionally for one project.
    pub async fn totals_by_member(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        project: Option<&str>,
    ) -> Result<Vec<(String, Totals)>, StoreError> {
        let rows: Vec<(String, i64, i64)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(
                "SELECT member,
                    COALESCE(CAST(SUM(CASE WHEN NOT volunteer THEN minutes END) AS BIGINT), 0),
                    COALESCE(CAST(SUM(CASE WHEN volunteer THEN minutes END) AS BIGINT), 0)
             FROM punches
             WHERE deleted_at IS NULL AND day BETWEEN ? AND ? AND (?3 IS NULL OR project = ?3)
             GROUP BY member ORDER BY member",
            )
            .bind(day_text(from))
            .bind(day_text(to))
            .bind(project)
        )?;
        Ok(rows
            .into_iter()
            .map(|(m, paid, volunteer)| (m, Totals { paid, volunteer }))
            .collect())
    }

    /// Every counted entry over `from..=to` (optionally one member's), by day then id.
    pub async fn punches_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        member: Option<&str>,
    ) -> Result<Vec<Punch>, StoreError> {
        let rows: Vec<PunchRow> = sql!(
            self.conn().await?,
            fetch_all,
            query_as(punch_query!(
                "WHERE deleted_at IS NULL AND day BETWEEN ? AND ? AND (?3 IS NULL OR member = ?3) ORDER BY day, id"
            ))
            .bind(day_text(from))
            .bind(day_text(to))
            .bind(member)
        )?;
        rows.into_iter().map(PunchRow::into_domain).collect()
    }
}

/// One entry, kept within its member's 24-hour day by the INSERT itself (one statement).
async fn insert_within_day(conn: &mut impl AsDb, e: &NewPunch) -> Result<Result<i64, DayFull>, StoreError> {
    const INSERT: &str = "INSERT INTO punches (member, project, day, minutes, volunteer, note, source, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
         WHERE COALESCE((SELECT minutes FROM day_totals WHERE member = ?1 AND day = ?3), 0) + ?4 <= ?9";
    let source = if e.from_timer { "timer" } else { "punch" };
    // The same values for either database.
    macro_rules! bound {
        ($q:expr) => {
            $q.bind(&e.member)
                .bind(&e.project)
                .bind(day_text(e.day))
                .bind(i64::from(e.minutes))
                .bind(e.volunteer)
                .bind(&e.note)
                .bind(source)
                .bind(to_millis(e.created_at))
                .bind(i64::from(MAX_MINUTES))
        };
    }
    match conn.db().ready_merging().await? {
        // Executed to the end: in autocommit mode the commit happens on the last step,
        // and a commit that fails (a full disk) must not pass for a recorded punch. The id
        // comes with the outcome (not from a RETURNING row sent ahead of it), so the
        // database thread answers once, after the commit. First in a unit, it carries
        // the unit's `BEGIN`.
        (Ready::Lite(c), owing) => {
            let done = match owing {
                None => bound!(sqlx::query(INSERT)).execute(c).await?,
                Some(owing) => {
                    let done = super::db::execute_last(c, bound!(sqlx::query(owing.sql(INSERT)))).await;
                    owing.settle(done.is_ok());
                    done?
                }
            };
            // The row id of this insert, not of the day-total trigger's (SQLite restores
            // it when the trigger ends).
            if done.rows_affected() == 1 {
                return Ok(Ok(done.last_insert_rowid()));
            }
        }
        // PostgreSQL answers a statement once, after its commit: RETURNING costs nothing.
        (Ready::Pg(c), _) => {
            let query = bound!(sqlx::query_scalar(super::db::pg(concat_returning(INSERT))));
            let id: Option<i64> = Box::pin(query.fetch_optional(c)).await?;
            if let Some(id) = id {
                return Ok(Ok(id));
            }
        }
    }
    let already: i64 = sql!(
        conn,
        fetch_one,
        query_scalar("SELECT COALESCE((SELECT minutes FROM day_totals WHERE member = ? AND day = ?), 0)")
            .bind(&e.member)
            .bind(day_text(e.day))
    )?;
    Ok(Err(DayFull { day: e.day, already }))
}

/// `sql` with `RETURNING id` after it.
fn concat_returning(sql: &str) -> AssertSqlSafe<String> {
    AssertSqlSafe(format!("{sql} RETURNING id"))
}

async fn insert_one(tx: &mut impl AsDb, e: &NewPunch) -> Result<i64, StoreError> {
    let id: i64 = sql!(
        tx,
        fetch_one,
        query_scalar(
            "INSERT INTO punches (member, project, day, minutes, volunteer, note, source, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&e.member)
        .bind(&e.project)
        .bind(day_text(e.day))
        .bind(i64::from(e.minutes))
        .bind(e.volunteer)
        .bind(&e.note)
        .bind(if e.from_timer { "timer" } else { "punch" })
        .bind(to_millis(e.created_at))
    )?;
    Ok(id)
}

async fn insert_checked(tx: &mut impl AsDb, entries: &[NewPunch]) -> Result<Result<Vec<i64>, DayFull>, StoreError> {
    let mut ids = Vec::with_capacity(entries.len());
    for e in entries {
        let already: i64 = sql!(
            tx,
            fetch_one,
            query_scalar("SELECT COALESCE((SELECT minutes FROM day_totals WHERE member = ? AND day = ?), 0)")
                .bind(&e.member)
                .bind(day_text(e.day))
        )?;
        if already + i64::from(e.minutes) > i64::from(MAX_MINUTES) {
            return Ok(Err(DayFull { day: e.day, already }));
        }
        ids.push(insert_one(tx, e).await?);
    }
    Ok(Ok(ids))
}

/// [`Store::insert_punch_group`]'s statements, on the connection (or transaction) given.
async fn insert_group_in(conn: &mut impl AsDb, entries: &[NewPunch]) -> Result<Vec<Result<i64, DayFull>>, StoreError> {
    // Only placeholders are generated; the values are bound.
    let pairs = vec!["(?, ?)"; entries.len()].join(", ");
    let sql = format!("SELECT member, day, minutes FROM day_totals WHERE (member, day) IN (VALUES {pairs})");
    let found: Vec<(String, String, i64)> = sql!(conn, fetch_all, |q| query_as(AssertSqlSafe(sql)) => {
        for e in entries {
            q = q.bind(&e.member).bind(day_text(e.day));
        }
        q
    })?;
    let mut totals: std::collections::HashMap<(String, String), i64> =
        found.into_iter().map(|(m, d, t)| ((m, d), t)).collect();
    let mut accepted = Vec::new();
    let mut decisions: Vec<Result<usize, DayFull>> = Vec::with_capacity(entries.len());
    for e in entries {
        let total = totals.entry((e.member.clone(), day_text(e.day))).or_insert(0);
        if *total + i64::from(e.minutes) > i64::from(MAX_MINUTES) {
            decisions.push(Err(DayFull {
                day: e.day,
                already: *total,
            }));
        } else {
            *total += i64::from(e.minutes);
            decisions.push(Ok(accepted.len()));
            accepted.push(e);
        }
    }
    let mut ids: Vec<i64> = Vec::new();
    if !accepted.is_empty() {
        let rows = vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; accepted.len()].join(", ");
        let sql = format!(
            "INSERT INTO punches (member, project, day, minutes, volunteer, note, source, created_at) VALUES {rows} RETURNING id"
        );
        ids = sql!(conn, fetch_all, |q| query_scalar(AssertSqlSafe(sql)) => {
            for e in &accepted {
                q = q
                    .bind(&e.member)
                    .bind(&e.project)
                    .bind(day_text(e.day))
                    .bind(i64::from(e.minutes))
                    .bind(e.volunteer)
                    .bind(&e.note)
                    .bind(if e.from_timer { "timer" } else { "punch" })
                    .bind(to_millis(e.created_at));
            }
            q
        })?;
        // Rows get increasing ids in the order of VALUES; RETURNING's order is not
        // promised, so sort.
        ids.sort_unstable();
        if ids.len() != accepted.len() {
            return Err(StoreError::Corrupt(format!(
                "{} rows inserted for {}",
                ids.len(),
                accepted.len()
            )));
        }
    }
    Ok(decisions.into_iter().map(|d| d.map(|i| ids[i])).collect())
}
