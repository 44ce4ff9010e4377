//! The `konbit` command line, as clap defines it: the subcommands and their options, in
//! English (the doc comments). [`localize`] gives it in another language for `--help` and
//! the manual pages, from the table of its translations (`fr.rs`), keyed by the same
//! commands and options; its tests fail when an option has no translation or when the
//! English it translates has changed. Usage errors are said in the language too
//! (errors.rs).

mod errors;
mod fr;
mod localize;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::i18n::Lang;

pub use localize::localize;

#[derive(Parser)]
#[command(
    name = "konbit",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("KONBIT_GIT_REVISION"), ")"),
    about = "A chat bot for self-managed worker collectives")]
pub struct Cli {
    /// Configuration file (TOML) [default: ./konbit.toml, else /etc/konbit/konbit.toml,
    /// the first that exists; else the built-in default, which check-config refuses to check].
    #[arg(long, global = true, env = "KONBIT_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Talk to konbit in this terminal: `NAME: TEXT` in the room, `NAME> TEXT` privately.
    Console {
        /// Start a simulated clock at this time (RFC 3339); it then moves only with
        /// `/wait DURATION` and `/at TIME`.
        #[arg(long, value_name = "START")]
        clock: Option<String>,
    },
    /// Connect to the configured networks (`[irc]`, `[matrix]`) and serve the collective there.
    Run,
    /// Serve the read-only web view (`[web]`) alone, on the database of a running
    /// `konbit run` (which also serves it when `[web]` is set).
    #[cfg(feature = "web")]
    Web {
        /// Answer as if it were always this instant (RFC 3339): tests, demonstrations.
        #[arg(long, value_name = "INSTANT", hide = true)]
        clock: Option<String>,
    },
    /// Check a configuration file and list every problem with its key path.
    CheckConfig {
        /// Also connect with the configured credentials (IRC: SASL; Matrix: a login) and
        /// say per network what works, without joining or posting anything.
        #[arg(long)]
        connect: bool,
        /// With --connect: take the password variables from this file, read as systemd's
        /// EnvironmentFile= reads it (no `$` expansion, unlike a shell's `. FILE`), e.g.
        /// /etc/konbit/konbit.env.
        #[arg(long, value_name = "PATH", requires = "connect")]
        env_file: Option<PathBuf>,
    },
    /// Export records for payroll and accounting.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Erase a member who left, once the collective decided it (docs/privacy.md).
    Erase {
        #[command(subcommand)]
        what: crate::ops::member::Erase,
    },
    /// Copy the database into a new file while konbit keeps running (a consistent
    /// snapshot); restore by putting the copy in place of the database, konbit stopped.
    Backup(crate::ops::backup::Args),
    /// Move the collective from its SQLite file into an empty PostgreSQL database, every
    /// table copied in one transaction and checked (rows and a checksum per table); konbit
    /// stopped. Then set [storage] url and start konbit.
    MigrateStorage(crate::ops::migrate::Args),
    /// The collective calendar feed's own address, for calendar applications (they keep
    /// no access cookie): show it, replace it (`new`) or end it (`revoke`).
    Feed {
        #[command(subcommand)]
        action: Option<crate::ops::feed::Action>,
    },
    /// Write a first configuration file; on a terminal, asks for what the flags leave out.
    Init(Box<crate::ops::init::Args>),
    /// Manual pages and shell completions, for packagers.
    #[command(hide = true)]
    Generate {
        #[command(subcommand)]
        what: crate::ops::generate::What,
    },
}

#[derive(Subcommand)]
pub enum Export {
    /// Punched hours (counted entries) between two days, inclusive, to standard output.
    Hours {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: NaiveDate,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: NaiveDate,
        /// The file's format.
        #[arg(long, value_enum, default_value = "csv")]
        format: crate::export::Format,
        /// Only this member's entries.
        #[arg(long)]
        member: Option<String>,
    },
    /// Everything konbit holds about one member (what `!mydata` links to): a zip of
    /// README.txt, data.json and a CSV file per kind, or the JSON alone.
    Member(crate::ops::member::ExportArgs),
}

impl Cli {
    /// The command line of this process, its `--help` and its usage errors in the
    /// operator's language (`LC_ALL`, `LC_MESSAGES`, `LANG`), English when none is set.
    pub fn parse_localized() -> Cli {
        let lang = Lang::from_env().unwrap_or_default();
        let mut cmd = command(lang);
        let parsed = cmd
            .try_get_matches_from_mut(std::env::args_os())
            .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
        parsed.unwrap_or_else(|e| {
            let e = e.format(&mut cmd);
            match lang {
                Lang::En => e.exit(),
                Lang::Fr => e.apply::<errors::French>().exit(),
            }
        })
    }
}

/// The command line's definition in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    localize(Cli::command(), lang)
}

/// `(key, English, translation)` for each command and option (tests elsewhere compare
/// the manual pages with them).
#[cfg(test)]
pub(crate) fn translated_texts(lang: Lang) -> &'static [(&'static str, &'static str, &'static str)] {
    localize::translation(lang).map_or(&[], |tr| tr.texts)
}

#[cfg(test)]
mod tests;
