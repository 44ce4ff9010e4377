//! Erasing a member who left (`konbit erase member`, docs/privacy.md): their stable
//! pseudonym (`former-member-3` in the collective's language) is drawn, the minutes files
//! in `minutes/` are rewritten with it, then the database is changed in one unit
//! (`store/erase.rs`: what is personal deleted, the name replaced in what the collective
//! keeps). The files come first: if the database step fails, a second run draws the same
//! number and finishes the work.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::domain::pseudonym::scrub;
use crate::store::{Erased, Store, StoreError, Subject};
use crate::t;

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    pub pseudonym: String,
    pub erased: Erased,
    /// Minutes files rewritten.
    pub minutes_files: usize,
}

/// Why an erasure stopped.
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot rewrite the minutes in {path}: {source}")]
    Minutes { path: String, source: std::io::Error },
}

/// Erases `who` from `store` and the minutes of `config`, as of `now`.
pub async fn erase(store: &Store, config: &Config, who: &Subject, now: DateTime<Utc>) -> Result<Erasure, EraseError> {
    let number = store.next_former_number().await?;
    let pseudonym = t!(config.collective.lang, "privacy-pseudonym", "number" => number);
    let needles = needles(who);
    let dir = config.meetings.minutes_dir.clone();
    let (files, with) = (needles.clone(), pseudonym.clone());
    let minutes_files = tokio::task::spawn_blocking(move || scrub_minutes(&dir, &files, &with))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
        .map_err(|source| EraseError::Minutes {
            path: config.meetings.minutes_dir.display().to_string(),
            source,
        })?;
    let erased = store.erase_member(who, &needles, number, &pseudonym, now).await?;
    Ok(Erasure {
        pseudonym,
        erased,
        minutes_files,
    })
}

/// Every form of the member's name and handles a text may hold: as written, and as the
/// minutes write a word in the middle of a line (Markdown's characters escaped with a
/// backslash, as `app/minutes.rs` does).
fn needles(who: &Subject) -> Vec<String> {
    let escaped = |s: &str| {
        let mut out = String::with_capacity(s.len() + 4);
        for c in s.chars() {
            if "\\`*_[]<>&|~!".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    let mut out = Vec::new();
    for form in std::iter::once(&who.name).chain(&who.handles).chain(&who.email) {
        for n in [form.clone(), escaped(form)] {
            if !n.trim().is_empty() && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// Rewrites each minutes file of `dir` that names the member (written beside, then
/// renamed: a crash never leaves half a file); how many.
fn scrub_minutes(dir: &Path, needles: &[String], with: &str) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut changed = 0;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type()?.is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let new = scrub(&text, needles, with);
        if new != text {
            let tmp = dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, new)?;
            std::fs::rename(&tmp, entry.path())?;
            changed += 1;
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minutes_forms_of_a_handle_are_replaced_too() {
        let who = Subject {
            name: "jo_b".into(),
            handles: vec!["@jo_b:example.org".into()],
            email: Some("jo@example.org".into()),
        };
        let n = needles(&who);
        assert!(
            n.contains(&"jo\\_b".to_owned()) && n.contains(&"jo_b".to_owned()),
            "{n:?}"
        );
        assert_eq!(
            scrub("Present: jo\\_b, ann. Ask @jo\\_b:example.org", &n, "former-member-1"),
            "Present: former-member-1, ann. Ask former-member-1"
        );
    }
}
