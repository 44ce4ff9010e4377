//! Operator commands that do not serve a chat network: `konbit backup`, `konbit init`,
//! `konbit feed` (the collective calendar feed's own address), `konbit generate` (with
//! `manual/`, what the manual pages add to the command line's own definition, in English
//! and French), `konbit
//! check-config --connect` (probe). Each returns an [`Outcome`]: what to print, and the exit code.
//! [`instance`] is the lock that keeps a second `konbit run` off a database in use;
//! [`writable`], what `check-config` says of the paths the service must write; [`envfile`],
//! systemd's `EnvironmentFile=` as systemd reads it (`check-config --connect --env-file`).
//! [`migrate`]: `konbit migrate-storage`, a collective moved from SQLite to PostgreSQL.
//! [`member`]: a member's data, `konbit export member` and `konbit erase member` (with
//! `roster.rs`, the member taken out of the configuration file's roster).

pub mod backup;
pub mod envfile;
pub mod feed;
pub mod generate;
pub mod init;
pub mod instance;
mod manual;
pub mod member;
pub mod migrate;
pub mod probe;
mod roster;
pub mod writable;

/// How an operator command ended: the text to show and the process's exit code.
#[derive(Debug)]
pub struct Outcome {
    /// 0: done; 1: it failed (a file could not be written…); 2: the request was refused
    /// as given (an existing file without `--force`, a bad value), as for a usage error.
    pub code: u8,
    pub text: String,
}

impl Outcome {
    pub fn done(text: String) -> Outcome {
        Outcome { code: 0, text }
    }
    pub fn failed(text: String) -> Outcome {
        Outcome { code: 1, text }
    }
    pub fn refused(text: String) -> Outcome {
        Outcome { code: 2, text }
    }
}
