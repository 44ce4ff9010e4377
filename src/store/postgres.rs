//! Opening a PostgreSQL database (`[storage] url`, docs/storage.md): the pool, the
//! migrations of `migrations/postgres` (the same numbers as SQLite's), and the read-only
//! opening of the web view, which refuses a schema older than this version's and never
//! writes.

use std::time::Duration as StdDuration;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use super::{Pool, READ_WAIT, Store, StoreError, redact};

/// A pool of at most `connections` on `url`, and its servers: with several (a primary
/// and its replicas, docs/storage.md), on the first that accepts writes, and a new
/// connection to a server that does not (a standby) is refused. Its failure names the
/// database, never the password. `reader`: the web view's connections, which never write
/// (`default_transaction_read_only`) and give up on a table another session holds locked
/// (a `VACUUM FULL`, a migration) after [`READ_WAIT`], as a SQLite reader does.
async fn connect(
    url: &str,
    connections: u32,
    wait: StdDuration,
    reader: bool,
) -> Result<(PgPool, Vec<PgConnectOptions>), StoreError> {
    let open = |source| StoreError::Open {
        path: redact(url),
        source,
    };
    let servers = crate::config::postgres_servers(url)
        .iter()
        .map(|u| u.parse::<PgConnectOptions>())
        .map(|o| {
            o.map(|o| match reader {
                true => o.options([
                    ("default_transaction_read_only", "on".to_owned()),
                    ("lock_timeout", format!("{}ms", READ_WAIT.as_millis())),
                ]),
                false => o,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(open)?;
    let mut options = PgPoolOptions::new()
        .max_connections(connections.max(1))
        .acquire_timeout(wait);
    let first = if servers.len() > 1 {
        options = options.after_connect(|conn, _| {
            Box::pin(async move {
                if in_recovery(conn).await? {
                    return Err(sqlx::Error::Protocol(
                        "a standby server: it does not accept writes".into(),
                    ));
                }
                Ok(())
            })
        });
        writable(&servers).await.map_err(open)?
    } else {
        0
    };
    let pool = options.connect_with(servers[first].clone()).await.map_err(open)?;
    Ok((pool, servers))
}

async fn in_recovery(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT pg_is_in_recovery()").fetch_one(conn).await
}

/// Which of `servers` accepts writes (as libpq's `target_session_attrs=read-write`): the
/// first that answers and is not a standby.
async fn writable(servers: &[PgConnectOptions]) -> Result<usize, sqlx::Error> {
    let mut last = None;
    for (i, server) in servers.iter().enumerate() {
        let tried = tokio::time::timeout(StdDuration::from_secs(3), async {
            let mut conn = PgConnection::connect_with(server).await?;
            let standby = in_recovery(&mut conn).await;
            let _ = conn.close().await;
            standby
        })
        .await;
        match tried {
            Ok(Ok(false)) => return Ok(i),
            Ok(Ok(true)) => last = Some(sqlx::Error::Protocol("a standby server".into())),
            Ok(Err(e)) => last = Some(e),
            Err(_) => last = Some(sqlx::Error::PoolTimedOut),
        }
    }
    Err(last.unwrap_or(sqlx::Error::PoolTimedOut))
}

/// Of the servers `url` lists (a primary and its replicas), the URL of the one that
/// accepts writes now; `url` itself when it names one server.
pub async fn writable_server(url: &str) -> Result<String, StoreError> {
    let urls = crate::config::postgres_servers(url);
    if urls.len() < 2 {
        return Ok(url.to_owned());
    }
    let open = |source| StoreError::Open {
        path: redact(url),
        source,
    };
    let servers = urls
        .iter()
        .map(|u| u.parse::<PgConnectOptions>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(open)?;
    let i = writable(&servers).await.map_err(open)?;
    Ok(urls[i].clone())
}

impl Store {
    /// With several servers: after a failure, the pool's new connections go to the one
    /// that accepts writes now (the replica promoted after its primary died). Logged.
    pub async fn find_writable_server(&self) {
        let Pool::Pg(pool) = &self.pool else { return };
        if self.servers.len() < 2 {
            return;
        }
        match writable(&self.servers).await {
            Ok(i) => {
                let server = &self.servers[i];
                tracing::warn!(
                    host = server.get_host(),
                    port = server.get_port(),
                    "the database's writable server: using it"
                );
                pool.set_connect_options(server.clone());
            }
            Err(e) => {
                tracing::warn!(error = %e, "no database server accepts writes yet; looking again at the next failure")
            }
        }
    }
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
        let (pool, servers) = connect(url, connections, StdDuration::from_secs(5), false).await?;
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
            fence: Default::default(),
            servers: std::sync::Arc::new(servers),
        };
        store.draw_feed_token().await?;
        Ok(store)
    }

    /// A PostgreSQL database for reading only (the web view): nothing is migrated, and a
    /// schema older than this version's is refused, as for a SQLite file.
    pub(super) async fn open_postgres_read_only(url: &str, connections: u32) -> Result<Store, StoreError> {
        let (pool, servers) = connect(url, connections, READ_WAIT, true).await?;
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
            fence: Default::default(),
            servers: std::sync::Arc::new(servers),
        })
    }
}
