//! Erasing a member who left (`konbit erase member`, docs/privacy.md): their stable
//! pseudonym (`former-member-3` in the collective's language) is drawn, the minutes files
//! in `minutes/` are rewritten with it, then the database is changed in one unit
//! (`store/erase.rs`: what is personal deleted, the name replaced in what the collective
//! keeps). The files come first: if the database step fails, a second run draws the same
//! number and finishes the work.

use chrono::{DateTime, Utc};

use super::Core;
use super::minutes::{inline, write_minutes};
use crate::store::{Erased, StoreError, Subject};
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

impl Core {
    /// Erases `who` as of `now` (see the module doc).
    pub async fn erase_member(&self, who: &Subject, now: DateTime<Utc>) -> Result<Erasure, EraseError> {
        let config = self.config();
        let number = self.store.next_former_number().await?;
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
        let erased = self.store.erase_member(who, &needles, number, &pseudonym, now).await?;
        self.forget_projects();
        self.forget_due();
        Ok(Erasure {
            pseudonym,
            erased,
            minutes_files,
        })
    }
}

/// Every form of the member's name and handles a text may hold: as written, and as the
/// minutes write them (Markdown's characters escaped).
fn needles(who: &Subject) -> Vec<String> {
    let mut out = Vec::new();
    for form in std::iter::once(&who.name).chain(&who.handles).chain(&who.email) {
        for n in [form.clone(), inline(form)] {
            if !n.trim().is_empty() && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// Rewrites each minutes file of `dir` that names the member; how many.
fn scrub_minutes(dir: &std::path::Path, needles: &[String], with: &str) -> std::io::Result<usize> {
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
        let new = crate::domain::pseudonym::scrub(&text, needles, with);
        if new != text {
            write_minutes(dir, &name, &new)?;
            changed += 1;
        }
    }
    Ok(changed)
}
