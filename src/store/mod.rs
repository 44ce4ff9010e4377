//! The SQLite store. All SQL lives under this module; the rest of the crate sees domain
//! types only.
//!
//! The database runs in WAL mode with `synchronous = FULL`: a write the bot confirmed is
//! on disk before the confirmation is sent, even if the machine loses power right after.
//! Migrations are embedded in the binary and applied at open (logged: which, or that the
//! schema was up to date); a database from a newer konbit is refused as such.

mod agenda;
pub(crate) mod db;
mod due;
mod erase;
mod events;
mod faults;
mod feed;
mod hours;
mod lease;
mod mail;
mod meetings;
mod membership;
mod outbox;
mod postgres;
mod privacy;
mod proposals;
mod records;
mod retention;
mod roles;
mod schedule;
mod share;
mod timebox;
mod timers;
mod unit;
mod web;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use sqlx::postgres::PgPool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub(crate) use db::{AsDb, sql};

pub use agenda::{AgendaItem, NewAgendaItem};
pub use erase::Erased;
pub use hours::{DayFull, NewPunch, ProjectRow, Punch, ReportFilter, Totals};
pub use lease::LeaseHolder;
pub use meetings::{Absence, FinishedRound, Item, ItemKind, Meeting, Presence};
pub use postgres::writable_server;
pub use privacy::{KindSummary, MemberRecords, Subject};
pub use proposals::NewProposal;
pub use retention::Oldest;
pub use roles::{Draw, Holder};
pub use schedule::{NewReminder, Placed, Reminder, ScheduleState, Target};
pub use timebox::{TimeBoxDue, TimeBoxEnds};
pub use web::{Changes, MeetingSummary, MonthTotal, RegisterEntry, RegisterFilter};

/// What can go wrong with storage. Users see a short message; logs get this.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: String, source: sqlx::Error },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database has a migration this version does not know: a newer konbit wrote it.
    #[error(
        "the database {path} was written by a newer konbit (migration {version}); upgrade konbit or restore the backup taken before the upgrade"
    )]
    Newer { path: String, version: i64 },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("the database holds a value this version cannot read: {0}")]
    Corrupt(String),
    /// Another `konbit run` took the lease (active/standby on PostgreSQL): this one may
    /// not write any more.
    #[error("another konbit took over this database (the lease is past epoch {0}); this one stops")]
    Fenced(i64),
    /// The system gave no randomness for a secret.
    #[error("cannot draw a random secret: {0}")]
    Random(String),
    /// A read-only opening found a schema older than this version's: `konbit run` (or
    /// `konbit console`) brings it up to date.
    #[error(
        "the database {path} is at migration {have}, this version needs {want}: start `konbit run` once to update it"
    )]
    Behind { path: String, have: i64, want: i64 },
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// Whether the outbox is known to hold nothing to send (see `outbox.rs`).
    outbox: std::sync::Arc<outbox::Emptiness>,
    /// The lease epoch every unit of work checks before it commits; 0: none (see
    /// `lease.rs`).
    fence: std::sync::Arc<std::sync::atomic::AtomicI64>,
    /// PostgreSQL: the servers of the URL (a primary and its replicas), tried in order
    /// when the one in use stops accepting writes (see `postgres.rs`).
    servers: std::sync::Arc<Vec<sqlx::postgres::PgConnectOptions>>,
}

/// The connections of one database or the other.
#[derive(Clone, Debug)]
enum Pool {
    Lite(SqlitePool),
    Pg(PgPool),
}

/// How long a read-only connection (the web view) waits for a database another process
/// holds locked before it gives up (the page then says to try again).
pub const READ_WAIT: StdDuration = StdDuration::from_secs(3);

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let display = path.display().to_string();
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| StoreError::Open {
                path: display.clone(),
                source,
            })?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // What is deleted is overwritten where that costs no extra write (docs/privacy.md).
            .pragma("secure_delete", "FAST")
            .busy_timeout(StdDuration::from_secs(5));
        // One connection: the core handles one event at a time, and a single writer
        // never meets SQLITE_BUSY from itself.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: display.clone(),
                source,
            })?;
        let migrator = sqlx::migrate!("./migrations/sqlite");
        let before = applied_version(&pool).await;
        migrator.run(&pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(version) => StoreError::Newer {
                path: display.clone(),
                version,
            },
            e => StoreError::Migrate(e),
        })?;
        let applied: Vec<String> = migrator
            .iter()
            .filter(|m| m.version > before)
            .map(|m| format!("{} {}", m.version, m.description))
            .collect();
        let at = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        if applied.is_empty() {
            tracing::info!(database = %path.display(), migration = at, "database schema up to date");
        } else {
            tracing::info!(database = %path.display(), from = before, to = at, applied = %applied.join(", "), "applied database migrations");
        }
        let store = Store {
            pool: Pool::Lite(pool),
            outbox: Default::default(),
            fence: Default::default(),
            servers: Default::default(),
        };
        store.draw_feed_token().await?;
        Ok(store)
    }

    /// Opens the configured storage: the SQLite file, or the PostgreSQL database of
    /// `[storage] url` (one connection: the core writes one event at a time).
    pub async fn open_configured(config: &crate::config::Config) -> Result<Store, StoreError> {
        match &config.postgres {
            Some(url) => Store::open_postgres(url, 1).await,
            None => Store::open(&config.database).await,
        }
    }

    /// Opens the configured storage for reading (the web view): see [`Store::open_read_only`].
    /// On PostgreSQL, a schema older than this version's is refused as there.
    pub async fn open_configured_read_only(
        config: &crate::config::Config,
        connections: u32,
    ) -> Result<Store, StoreError> {
        match &config.postgres {
            Some(url) => Store::open_postgres_read_only(url, connections).await,
            None => Store::open_read_only(&config.database, connections).await,
        }
    }

    /// Whether this store is on PostgreSQL (for the few statements whose SQL differs).
    pub fn is_postgres(&self) -> bool {
        matches!(self.pool, Pool::Pg(_))
    }

    /// Opens an existing database for reading only (the web view), beside a running
    /// `konbit run`: WAL lets readers and the one writer work at once. `connections`
    /// readers serve requests in parallel. Nothing is created or migrated: a missing file
    /// or an older schema is an error that says so.
    pub async fn open_read_only(path: &Path, connections: u32) -> Result<Store, StoreError> {
        let display = path.display().to_string();
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| StoreError::Open {
                path: display.clone(),
                source,
            })?
            .filename(path)
            .read_only(true)
            .foreign_keys(true)
            .busy_timeout(READ_WAIT);
        let pool = SqlitePoolOptions::new()
            .max_connections(connections.max(1))
            .acquire_timeout(READ_WAIT)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: display.clone(),
                source,
            })?;
        let want = sqlite_latest();
        let have = applied_version(&pool).await;
        if have < want {
            pool.close().await;
            return Err(StoreError::Behind {
                path: display,
                have,
                want,
            });
        }
        Ok(Store {
            pool: Pool::Lite(pool),
            outbox: Default::default(),
            fence: Default::default(),
            servers: Default::default(),
        })
    }

    /// SQLite's own consistency check: `Ok` when the database file is sound. PostgreSQL
    /// checks its pages itself: there it is `Ok` when the database answers.
    pub async fn integrity_check(&self) -> Result<bool, StoreError> {
        if self.is_postgres() {
            let one: i32 = sql!(self.conn().await?, fetch_one, query_scalar("SELECT 1"))?;
            return Ok(one == 1);
        }
        let result: String = sql!(self.conn().await?, fetch_one, query_scalar("PRAGMA integrity_check"))?;
        Ok(result == "ok")
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Lite(p) => p.close().await,
            Pool::Pg(p) => p.close().await,
        }
    }
}

/// The newest SQLite migration this version knows.
pub(crate) fn sqlite_latest() -> i64 {
    sqlx::migrate!("./migrations/sqlite")
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// The newest migration applied to the SQLite database `db` reads; 0 for a new database.
pub(crate) async fn applied_version<'c>(db: impl sqlx::SqliteExecutor<'c>) -> i64 {
    sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(db)
        .await
        .ok()
        .flatten()
        .unwrap_or(0)
}

pub use crate::config::redact_url as redact;

pub(crate) fn to_millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::<Utc>::from_timestamp_millis(ms).ok_or_else(|| StoreError::Corrupt(format!("instant {ms}")))
}

/// Tests' stores: SQLite by default; with `KONBIT_TEST_STORE=postgres` (scripts/test's
/// second run of the store's tests), a database on the PostgreSQL server of
/// `KONBIT_TEST_POSTGRES_URL`, one per path, so that a test which reopens its file reopens
/// its database.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;

    use sqlx::Connection;

    use super::{Store, StoreError};

    pub(crate) async fn open(path: &Path) -> Result<Store, StoreError> {
        if std::env::var("KONBIT_TEST_STORE").as_deref() != Ok("postgres") {
            return Store::open(path).await;
        }
        let url = std::env::var("KONBIT_TEST_POSTGRES_URL")
            .expect("KONBIT_TEST_STORE=postgres needs KONBIT_TEST_POSTGRES_URL (scripts/test sets both)");
        let name = format!("t_{:016x}", fnv(path.to_string_lossy().as_bytes()));
        let mut admin = sqlx::PgConnection::connect(&url).await?;
        let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
            .bind(&name)
            .fetch_optional(&mut admin)
            .await?;
        if exists.is_none() {
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await?;
        }
        admin.close().await?;
        let (base, _) = url.rsplit_once('/').expect("a URL with a database");
        Store::open_postgres(&format!("{base}/{name}"), 1).await
    }

    /// FNV-1a: a stable name for a path.
    fn fnv(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf29ce484222325, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
        })
    }
}
