//! konbit: a chat bot for self-managed worker collectives.
//!
//! Messages flow one way: transport → [`command`] parser → [`app`] core → [`store`] →
//! [`effect`]s carrying [`message`]s → each transport renders them for its medium. The
//! core decides; transports and the store only carry. `docs/architecture.md` has the
//! module map, the path of one command file by file, and who may import whom.
//!
//! - [`config`]: TOML → typed, validated configuration (every problem with its key path).
//! - [`domain`]: pure rules (business-time calendar, proposal state machine); no I/O and
//!   no clock reads.
//! - [`command`]: the one parser and the `Command` enum.
//! - [`app`]: the core, `handle_many(&[Incoming]) → Outcome` and `tick(now)`.
//! - [`effect`]: what the core asks transports to do, to typed rooms and recipients.
//! - [`message`]: what the bot says, with its structure (lists, tables, mentions,
//!   instants), and the plain and HTML renderers.
//! - [`scheduler`]: when due events fire (real or simulated clock).
//! - [`store`]: SQLite through sqlx; all SQL lives there.
//! - [`transport`]: the console, IRC and Matrix, served together by `konbit run`.
//! - [`i18n`]: the English and French catalogs.
//! - [`calendar`]: the iCalendar feeds of meetings, deadlines and reminders.
//! - [`cli`]: the command line (clap), in English and French (`--help`, manual pages).
//! - [`ops`]: the operator's commands: `konbit backup`, `konbit init`, `konbit generate`,
//!   `konbit export member`, `konbit erase member`.
//! - [`privacy`]: everything about one member as one archive (JSON and CSV in a zip).

pub mod app;
pub mod calendar;
pub mod cli;
pub mod command;
pub mod config;
pub mod domain;
pub mod effect;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod lease;
pub mod message;
#[cfg(test)]
mod module_rules;
pub mod ops;
pub mod privacy;
pub mod scheduler;
pub mod store;
pub mod transport;
#[cfg(feature = "web")]
pub mod web;
