//! `konbit backup FILE`: a consistent copy of the SQLite database, taken while
//! `konbit run` keeps using it.
//!
//! The copy is SQLite's `VACUUM INTO` on a connection of its own: one read transaction,
//! so the file holds the database as it was at one instant (WAL included), never half a
//! write. It is written beside the destination under a temporary name, checked, flushed
//! to disk, then moved into place: a failed or interrupted backup never leaves a
//! truncated file under the requested name, and an existing file is replaced only with
//! `--force`. The copy is readable by its owner only (0600): it holds the members' hours.
//! Restoring is stopping konbit and putting the copy in place of the database
//! (docs/deploy.md).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use super::Outcome;
use crate::config::Config;
use crate::i18n::Lang;
use crate::t;

/// `konbit backup` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the copy (a new file).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Copies the configured database to `args.file`; messages in `lang`.
pub fn run(config: &Config, args: &Args, lang: Lang) -> Outcome {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return Outcome::failed(t!(lang, "backup-failed", "detail" => e.to_string())),
    };
    runtime.block_on(backup(config, args, lang))
}

async fn backup(config: &Config, args: &Args, lang: Lang) -> Outcome {
    if config.postgres.is_some() {
        return Outcome::failed(t!(lang, "backup-postgres"));
    }
    let source = &config.database;
    let dest = &args.file;
    if !source.is_file() {
        return Outcome::failed(t!(lang, "backup-no-database", "path" => source.display().to_string()));
    }
    if dest.exists() && !args.force {
        return Outcome::refused(t!(lang, "backup-exists", "path" => dest.display().to_string()));
    }
    if same_file(source, dest) {
        return Outcome::refused(t!(lang, "backup-same-file", "path" => dest.display().to_string()));
    }
    let partial = partial_name(dest);
    let _ = std::fs::remove_file(&partial);
    let result = copy(source, &partial).await.and_then(|bytes| {
        place(&partial, dest, args.force)?;
        Ok(bytes)
    });
    match result {
        Ok(bytes) => {
            let mut text = t!(lang, "backup-done", "path" => dest.display().to_string(), "size" => human_size(bytes));
            if let Some(matrix) = &config.matrix {
                text.push('\n');
                text.push_str(&t!(lang, "backup-matrix-note", "path" => matrix.state_dir.display().to_string()));
            }
            Outcome::done(text)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            let detail = format!("{e:#}");
            match e.downcast_ref::<std::io::Error>() {
                Some(io) if io.kind() == std::io::ErrorKind::AlreadyExists => {
                    Outcome::refused(t!(lang, "backup-exists", "path" => dest.display().to_string()))
                }
                _ => Outcome::failed(t!(lang, "backup-failed", "detail" => detail)),
            }
        }
    }
}

/// `VACUUM INTO partial` from a connection of its own, then a check of the copy; its size.
async fn copy(source: &Path, partial: &Path) -> anyhow::Result<u64> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(source)
        .create_if_missing(false)
        // The bot may be writing: wait for its transaction rather than fail.
        .busy_timeout(Duration::from_secs(30));
    let mut conn: SqliteConnection = options.connect().await?;
    // The copy holds the members' hours: readable by its owner only, from its first byte
    // (an empty file is what VACUUM INTO accepts to write into), whatever the umask.
    private_empty_file(partial)?;
    let target = partial
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("{}: not a UTF-8 path", partial.display()))?;
    sqlx::query("VACUUM INTO ?1").bind(target).execute(&mut conn).await?;
    drop(conn);
    // The copy opens and is sound before it takes the requested name.
    let mut copy: SqliteConnection = SqliteConnectOptions::from_str("sqlite:")?
        .filename(partial)
        .create_if_missing(false)
        .connect()
        .await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await?;
    drop(copy);
    anyhow::ensure!(check == "ok", "integrity_check of the copy: {check}");
    let file = std::fs::File::open(partial)?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

/// Creates `path` empty with mode 0600 (owner only).
fn private_empty_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    // The mode given at creation is still cut by the umask; never widened by it.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

/// Gives the finished copy its name: replacing an existing file only when forced.
fn place(partial: &Path, dest: &Path, force: bool) -> anyhow::Result<()> {
    if force {
        std::fs::rename(partial, dest)?;
    } else {
        // A link fails if `dest` appeared meanwhile: nothing is ever overwritten.
        std::fs::hard_link(partial, dest)?;
        std::fs::remove_file(partial)?;
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `copy.db` → `copy.db.partial` beside it (same file system, so the final move is atomic).
fn partial_name(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    dest.with_file_name(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_copy_sits_beside_the_destination() {
        assert_eq!(
            partial_name(Path::new("/var/backups/k.db")),
            Path::new("/var/backups/k.db.partial")
        );
        assert_eq!(partial_name(Path::new("k.db")), Path::new("k.db.partial"));
    }

    #[test]
    fn sizes_read_like_a_person_would_write_them() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2.0 KiB");
        assert_eq!(human_size(3 << 20), "3.0 MiB");
    }
}
