//! PostgreSQL for the tests (docs/storage.md): a throwaway server from Debian's
//! `postgresql` package, started by `scripts/postgres-test-server` (initdb into a temporary
//! directory, a free loopback port, password over TCP) and stopped when dropped; and
//! databases of their own for the console scenarios when `KONBIT_TEST_STORE=postgres`
//! (scripts/test's second run, on the server whose URL is in `KONBIT_TEST_POSTGRES_URL`).

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A server of its own for one test; stopped (its directory removed) when dropped.
pub struct PgServer {
    dir: String,
    /// `postgres://konbit:…@127.0.0.1:PORT/konbit`.
    pub url: String,
    /// With [`PgServer::start_with_replica`]: the synchronous streaming replica's URL.
    pub replica_url: Option<String>,
}

fn script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/postgres-test-server")
}

/// Whether the server's programs are installed (Debian's `postgresql`).
fn installed() -> bool {
    std::fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| dirs.flatten().any(|d| d.path().join("bin/initdb").exists()))
        .unwrap_or(false)
}

impl PgServer {
    /// Starts one, or `None` with a message when PostgreSQL is not installed (a panic when
    /// `KONBIT_REQUIRE_POSTGRES` is set: scripts/test installs it, so there it must run).
    pub fn start() -> Option<PgServer> {
        Self::start_with(&[])
    }

    /// A primary and its streaming replica, synchronous (a commit waits for the replica).
    pub fn start_with_replica() -> Option<PgServer> {
        Self::start_with(&["--replica"])
    }

    /// SIGKILL to the primary (its processes gone when this returns).
    pub fn kill_primary(&self) {
        let status = Command::new(script()).arg("kill-primary").arg(&self.dir).status();
        assert!(status.is_ok_and(|s| s.success()), "kill-primary failed");
    }

    /// The replica made the primary.
    pub fn promote(&self) {
        let status = Command::new(script()).arg("promote").arg(&self.dir).status();
        assert!(status.is_ok_and(|s| s.success()), "promote failed");
    }

    fn start_with(args: &[&str]) -> Option<PgServer> {
        if !installed() {
            assert!(
                std::env::var_os("KONBIT_REQUIRE_POSTGRES").is_none(),
                "PostgreSQL is required here but not installed"
            );
            eprintln!("skipped: PostgreSQL is not installed (scripts/test installs it)");
            return None;
        }
        let out = Command::new(script())
            .arg("start")
            .args(args)
            .output()
            .expect("run postgres-test-server");
        assert!(
            out.status.success(),
            "postgres-test-server start failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let mut lines = text.lines();
        let dir = lines.next().expect("dir").to_owned();
        let url = lines.next().expect("url").to_owned();
        let replica_url = lines.next().map(str::to_owned);
        Some(PgServer { dir, url, replica_url })
    }

    /// A new, empty database on this server; its URL.
    pub fn database(&self) -> String {
        fresh_database(&self.url)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg(&self.dir).status();
    }
}

/// Creates an empty database on the server of `url`; the URL of the new one.
pub fn fresh_database(url: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!("it_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    // On a thread of its own: a test may call this from inside its own runtime.
    let (admin_url, create) = (url.to_owned(), format!("CREATE DATABASE {name}"));
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            use sqlx::Connection;
            let mut admin = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to PostgreSQL");
            sqlx::query(sqlx::AssertSqlSafe(create))
                .execute(&mut admin)
                .await
                .expect("create database");
            admin.close().await.expect("close");
        });
    })
    .join()
    .expect("create the database");
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

/// A scenario's own database on the shared server; dropped with the scenario's `Bot`, so
/// that a whole run does not fill the disk (an empty database is several megabytes).
pub struct ScenarioDatabase {
    pub url: String,
}

impl Drop for ScenarioDatabase {
    fn drop(&mut self) {
        let Some((base, name)) = self.url.rsplit_once('/') else {
            return;
        };
        let (admin, drop) = (
            format!("{base}/konbit"),
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        );
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                use sqlx::Connection;
                let mut c = sqlx::PgConnection::connect(&admin).await?;
                sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&mut c).await?;
                c.close().await
            })?;
            Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
    }
}

/// With `KONBIT_TEST_STORE=postgres`, a database of its own on the shared server for a
/// console scenario; `None` otherwise (SQLite).
pub fn scenario_database() -> Option<ScenarioDatabase> {
    if std::env::var("KONBIT_TEST_STORE").as_deref() != Ok("postgres") {
        return None;
    }
    let url = std::env::var("KONBIT_TEST_POSTGRES_URL")
        .expect("KONBIT_TEST_STORE=postgres needs KONBIT_TEST_POSTGRES_URL (scripts/test sets both)");
    Some(ScenarioDatabase {
        url: fresh_database(&url),
    })
}

/// `toml` with its storage in `database` (PostgreSQL) when there is one, unchanged otherwise.
pub fn with_storage(toml: &str, database: Option<&ScenarioDatabase>) -> String {
    let Some(database) = database else {
        return toml.to_owned();
    };
    let lines = format!("url = \"{}\"\n", database.url);
    if toml.contains("[storage]") {
        toml.replacen("[storage]\n", &format!("[storage]\n{lines}"), 1)
    } else {
        format!("[storage]\n{lines}\n{toml}")
    }
}
