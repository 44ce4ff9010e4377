//! One konbit at a time on a database: `konbit run` and `konbit console` hold an exclusive
//! lock (`flock`) on a file beside the database (`konbit.db` → `konbit.db.lock`) for as
//! long as they live. A second one finds it held and refuses to start, naming the first
//! (its process id and when it started, which the holder writes into the file).
//!
//! The operating system releases the lock when the holding process ends, however it ends
//! (SIGKILL and power loss included): a stale lock file never blocks a restart. The file
//! itself stays; it holds nothing but the last holder's identity. Readers that never
//! write on their own (`konbit backup`, `konbit export`, `konbit web`) take no lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use crate::i18n::Lang;
use crate::t;

/// The lock, held until dropped (or the process ends).
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    path: PathBuf,
}

impl InstanceLock {
    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The lock file of the database at `database`: beside it, `.lock` added to its name.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    database.with_file_name(name)
}

/// Takes the lock of the database at `database`, or says (in `lang`) why it cannot: the
/// process that holds it, or the error opening the lock file.
pub fn acquire(database: &Path, lang: Lang) -> anyhow::Result<InstanceLock> {
    let path = lock_path(database);
    let shown = path.display().to_string();
    let unusable = |e: std::io::Error| {
        anyhow::anyhow!(t!(lang, "instance-lock-unusable",
            "database" => database.display().to_string(), "path" => shown.clone(), "detail" => e.to_string()))
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(unusable)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut held = String::new();
            let _ = file.read_to_string(&mut held);
            let database = database.display().to_string();
            anyhow::bail!(match Holder::parse(&held) {
                Some(h) => t!(lang, "instance-already-running",
                    "database" => database, "pid" => h.pid.to_string(),
                    "started" => h.started.format("%Y-%m-%d %H:%M:%S UTC").to_string(), "lock" => shown),
                // Taken an instant ago, its holder not written yet.
                None => t!(lang, "instance-already-running-unknown", "database" => database, "lock" => shown),
            });
        }
        Err(TryLockError::Error(e)) => return Err(unusable(e)),
    }
    // Who holds it, for the next one to name; a failure to write it costs only the name.
    let me = Holder {
        pid: std::process::id(),
        started: Utc::now(),
    };
    let written = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(me.render().as_bytes()));
    if let Err(e) = written {
        tracing::warn!(path = %shown, error = %e, "cannot write this process's id into the lock file");
    }
    Ok(InstanceLock { _file: file, path })
}

/// The identity written into the lock file: `pid=1234` and `started=RFC 3339`, a line each.
#[derive(Debug, PartialEq)]
struct Holder {
    pid: u32,
    started: DateTime<Utc>,
}

impl Holder {
    fn render(&self) -> String {
        format!(
            "pid={}\nstarted={}\n",
            self.pid,
            self.started.to_rfc3339_opts(SecondsFormat::Secs, true)
        )
    }

    fn parse(text: &str) -> Option<Holder> {
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(str::trim)
        };
        Some(Holder {
            pid: field("pid")?.parse().ok()?,
            started: DateTime::parse_from_rfc3339(field("started")?).ok()?.to_utc(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_sits_beside_the_database() {
        assert_eq!(
            lock_path(Path::new("/var/lib/konbit/konbit.db")),
            Path::new("/var/lib/konbit/konbit.db.lock")
        );
        assert_eq!(lock_path(Path::new("k.db")), Path::new("k.db.lock"));
    }

    #[test]
    fn the_holder_reads_back_as_written() {
        let me = Holder {
            pid: 4321,
            started: DateTime::parse_from_rfc3339("2026-12-06T03:55:12Z").unwrap().to_utc(),
        };
        assert_eq!(Holder::parse(&me.render()), Some(me));
        assert_eq!(Holder::parse(""), None);
        assert_eq!(Holder::parse("pid=x\nstarted=2026-12-06T03:55:12Z\n"), None);
    }

    #[test]
    fn a_second_lock_on_the_same_database_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("konbit.db");
        let first = acquire(&db, Lang::En).expect("first");
        let refused = acquire(&db, Lang::En).expect_err("second").to_string();
        assert!(
            refused.contains(&format!("process {}", std::process::id())),
            "{refused}"
        );
        assert!(refused.contains(&db.display().to_string()), "{refused}");
        drop(first);
        acquire(&db, Lang::En).expect("after the first let go");
    }
}
