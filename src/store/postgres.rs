//! Opening a PostgreSQL database (`[storage] url`, docs/storage.md): the pool, the
//! migrations of `migrations/postgres` (the same numbers as SQLite's), and the read-only
//! opening of the web view, which refuses a schema older than this version's and never
//! writes.

use std::time::Duration as StdDuration;

use std::str::FromStr as _;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::{Pool, READ_WAIT, Store, StoreError, redact};

/// A pool of at most `connections` on `url`; its failure names the database, never the
/// password. `reader`: the web view's connections, which never write
/// (`default_transaction_read_only`) and give up on a table another session holds locked
/// (a `VACUUM FULL`, a migration) after [`READ_WAIT`], as a SQLite reader does.
async fn connect(url: &str, connections: u32, wait: StdDuration, reader: bool) -> Result<PgPool, StoreError> {
    let failed = |source| StoreError::Open {
        path: redact(url),
        source,
    };
    let mut options = PgConnectOptions::from_str(url).map_err(failed)?;
    if reader {
        options = options.options([
            ("default_transaction_read_only", "on".to_owned()),
            ("lock_timeout", format!("{}ms", READ_WAIT.as_millis())),
        ]);
    }
    PgPoolOptions::new()
        .max_connections(connections.max(1))
        .acquire_timeout(wait)
        .connect_with(options)
        .await
        .map_err(failed)
}

/// The newest migration applied; 0 for a new database (asked whether the table exists
/// first: the server would log a failed SELECT as an error).
async fn applied_version(pool: &PgPool) -> Result<i64, StoreError> {
    let known: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    if !known {
        return Ok(0);
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await?;
    Ok(version.unwrap_or(0))
}

impl Store {
    /// Connects to a PostgreSQL database (`postgres://…`) and brings its schema up to
    /// date, as [`Store::open`] does for a file. `connections` bounds the pool.
    pub async fn open_postgres(url: &str, connections: u32) -> Result<Store, StoreError> {
        let shown = redact(url);
        let pool = connect(url, connections, StdDuration::from_secs(10), false).await?;
        let migrator = sqlx::migrate!("./migrations/postgres");
        let before = applied_version(&pool).await?;
        migrator.run(&pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(version) => StoreError::Newer {
                path: shown.clone(),
                version,
            },
            e => StoreError::Migrate(e),
        })?;
        let at = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        if before < at {
            tracing::info!(database = %shown, from = before, to = at, "applied database migrations");
        } else {
            tracing::info!(database = %shown, migration = at, "database schema up to date");
        }
        let store = Store {
            pool: Pool::Pg(pool),
            outbox: Default::default(),
        };
        store.draw_feed_token().await?;
        Ok(store)
    }

    /// A PostgreSQL database for reading only (the web view): nothing is migrated, and a
    /// schema older than this version's is refused, as for a SQLite file.
    pub(super) async fn open_postgres_read_only(url: &str, connections: u32) -> Result<Store, StoreError> {
        let pool = connect(url, connections, READ_WAIT, true).await?;
        let want = sqlx::migrate!("./migrations/postgres")
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0);
        let have = applied_version(&pool).await?;
        if have < want {
            pool.close().await;
            return Err(StoreError::Behind {
                path: redact(url),
                have,
                want,
            });
        }
        Ok(Store {
            pool: Pool::Pg(pool),
            outbox: Default::default(),
        })
    }
}
