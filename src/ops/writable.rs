//! What `konbit check-config` says about the paths `konbit run` must write: the database
//! (and its `-wal`, `-shm` and `.lock` files beside it), the meeting minutes, the Matrix
//! state directory. A path this process cannot write, or one under `/etc` (which the
//! packaged service, with `ProtectSystem=strict`, can never write, even when root running
//! the check can), is a warning: the file itself is valid, the service would fail on it.
//!
//! Writability is tried, not guessed from mode bits: an existing file is opened for
//! writing (nothing written), and a directory gets a temporary file created and removed at
//! once. A directory not created yet is judged by its nearest existing parent, since konbit
//! creates it. This sees read-only mounts, ACLs and a service's sandbox (the check runs as
//! the unit's `ExecStartPre`) as they are.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::i18n::Lang;
use crate::t;

/// The warnings for `config`'s writable paths, in `lang`; none when all is well.
pub fn warnings(config: &Config, lang: Lang) -> Vec<String> {
    let mut places: Vec<(&str, &Path, Kind)> = vec![
        ("storage.database", &config.database, Kind::File),
        ("meetings.minutes_dir", &config.meetings.minutes_dir, Kind::Dir),
    ];
    if let Some(matrix) = &config.matrix {
        places.push(("matrix.state_dir", &matrix.state_dir, Kind::Dir));
    }
    let mut out = Vec::new();
    for (key, path, kind) in places {
        let shown = path.display().to_string();
        if under_etc(path) {
            out.push(t!(lang, "check-config-path-under-etc", "key" => key, "path" => shown));
        } else if let Err(e) = try_write(path, kind) {
            out.push(
                t!(lang, "check-config-path-unwritable", "key" => key, "path" => shown, "detail" => e.to_string()),
            );
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Kind {
    /// A file konbit writes, in a directory where it also creates files beside it.
    File,
    /// A directory konbit creates files in.
    Dir,
}

fn under_etc(path: &Path) -> bool {
    absolute(path).starts_with("/etc")
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// Tries writing where konbit would: the file itself if it exists, and the directory it is
/// in (or the nearest existing parent of a directory still to be created).
fn try_write(path: &Path, kind: Kind) -> std::io::Result<()> {
    let path = absolute(path);
    let dir = match kind {
        Kind::File => {
            if path.exists() {
                std::fs::OpenOptions::new().write(true).open(&path)?;
            }
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        }
        Kind::Dir => path,
    };
    let existing = dir
        .ancestors()
        .find(|d| d.exists())
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
    if !existing.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a directory", existing.display()),
        ));
    }
    tempfile::Builder::new()
        .prefix(".konbit-check-")
        .tempfile_in(existing)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writable_directory_passes_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        try_write(&dir.path().join("konbit.db"), Kind::File).unwrap();
        try_write(&dir.path().join("minutes/2026"), Kind::Dir).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn paths_under_etc_are_named_whoever_runs_the_check() {
        assert!(under_etc(Path::new("/etc/konbit/konbit.db")));
        assert!(!under_etc(Path::new("/var/lib/konbit/konbit.db")));
        assert!(!under_etc(Path::new("/etcetera/konbit.db")));
    }
}
