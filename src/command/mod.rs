//! The one command parser: chat text → [`Command`] or a usage error.
//!
//! Every command has a name in each language (the locale table, `src/i18n/table.rs`),
//! a usage line, a summary and an example in each catalog (`usage-<id>`,
//! `summary-<id>`, `example-<id>`); the README's command table lists them. Text that
//! does not start with `!` is chatter and never a command; an unknown `!word` is
//! [`Command::Unknown`] so the core can answer it instead of staying silent. Names and
//! argument words are accepted in every language, in any case.
//!
//! - `verb.rs`: the command words and their specs;
//! - `commands.rs`: the parsed [`Command`] and what the core asks of it;
//! - `parse.rs`: the top-level [`parse`] and the proposal commands' arguments;
//! - `args.rs`: word splitting and the argument shapes commands share (ids, text,
//!   project names);
//! - `agenda.rs`, `hours.rs`, `meetings.rs`, `remind.rs`, `roles.rs`: the other commands'
//!   arguments.

mod agenda;
mod args;
mod commands;
mod hours;
mod meetings;
mod parse;
mod remind;
mod roles;
mod verb;

pub use agenda::AgendaCmd;
pub use args::{MAX_PROJECT_CHARS, project_name};
pub use commands::{Batched, Command};
pub use hours::{PeriodSpec, PunchCmd, Subject};
pub use meetings::{AbsentDay, StandupCmd};
pub use parse::parse;
pub use remind::RemindTarget;
pub use roles::RolesCmd;
pub use verb::{VERBS, Verb, VerbSpec};

/// Longest proposal text or reason accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Every hint a usage error may carry (catalog ids), for the catalog tests.
pub const HINTS: &[&str] = &[
    "hint-veto-reason",
    "hint-bad-id",
    "hint-too-long",
    "hint-bad-amount",
    "hint-bad-duration",
    "hint-duration-positive",
    "hint-duration-too-long",
    "hint-missing-project",
    "hint-bad-project-name",
    "hint-project-name-too-long",
    "hint-bad-date",
    "hint-bad-entry-id",
    "hint-bad-month",
    "hint-missing-name",
    "hint-missing-committee",
    "hint-missing-text",
    "hint-decide-outcome",
    "hint-bad-absence",
    "hint-absent-reason",
    "hint-bad-when",
    "hint-bad-reminder-id",
    "hint-agenda-number",
    "hint-decision-what",
    "hint-time-box-too-long",
    "hint-roles-role",
];

/// Why a command's arguments were refused; the core answers with the usage line and,
/// when there is one, a hint (a catalog id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    pub verb: Verb,
    pub hint: Option<&'static str>,
}

pub(crate) fn usage(verb: Verb) -> UsageError {
    UsageError { verb, hint: None }
}

pub(crate) fn hint(verb: Verb, hint: &'static str) -> UsageError {
    UsageError { verb, hint: Some(hint) }
}
