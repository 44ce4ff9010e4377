//! Splitting a command's arguments into words, and the argument shapes several commands
//! share: ids, free text with its length limit, optional notes, project names.

use super::{MAX_TEXT_CHARS, UsageError, Verb, hint, usage};
use crate::domain::proposal::ProposalId;

/// The first word of `s` and what follows it (trimmed); `None` when `s` is blank.
pub(super) fn next_word(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    Some(match s.split_once(char::is_whitespace) {
        Some((w, rest)) => (w, rest.trim_start()),
        None => (s, ""),
    })
}

/// The first word of `s` and the rest, both trimmed; `("", "")` when `s` is blank.
pub(super) fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim();
    s.split_once(char::is_whitespace)
        .map_or((s, ""), |(w, r)| (w, r.trim()))
}

/// Required free text (a topic, a reason…): `missing` when blank, too long past
/// [`MAX_TEXT_CHARS`].
pub(super) fn rest_text(verb: Verb, args: &str, missing: &'static str) -> Result<String, UsageError> {
    let text = args.trim();
    if text.is_empty() {
        return Err(hint(verb, missing));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(hint(verb, "hint-too-long"));
    }
    Ok(text.to_owned())
}

/// Optional free text: `None` when blank.
pub(super) fn note(rest: &str, verb: Verb) -> Result<Option<String>, UsageError> {
    let rest = rest.trim();
    if rest.chars().count() > MAX_TEXT_CHARS {
        return Err(hint(verb, "hint-too-long"));
    }
    Ok((!rest.is_empty()).then(|| rest.to_owned()))
}

/// A proposal id argument (`3`, `#3`, `p3`).
pub(super) fn id_arg(verb: Verb, word: Option<&str>) -> Result<ProposalId, UsageError> {
    match word {
        None => Err(usage(verb)),
        Some(w) => ProposalId::parse(w).ok_or(hint(verb, "hint-bad-id")),
    }
}

/// A positive row id as typed: `12` or `#12` (at most 15 digits).
pub(super) fn row_id(word: &str) -> Option<i64> {
    let digits = word.trim_start_matches('#');
    (!digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<i64>().ok())
        .flatten()
        .filter(|n| *n > 0)
}

// The project-name rule is the domain's, shared with the configuration's `[[projects]]`.
pub use crate::domain::project::{MAX_CHARS as MAX_PROJECT_CHARS, name as project_name};

/// A project name argument, or the hint saying what is wrong with it.
pub(super) fn project_arg(verb: Verb, word: &str) -> Result<String, UsageError> {
    project_name(word).ok_or_else(|| {
        if word.trim().chars().count() > MAX_PROJECT_CHARS {
            hint(verb, "hint-project-name-too-long")
        } else {
            hint(verb, "hint-bad-project-name")
        }
    })
}
