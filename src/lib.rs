//! konbit: a chat bot for self-managed worker collectives.
//!
//! Messages flow one way: transport → [`command`] parser → [`app`] core → [`store`] →
//! effects → transport. The core decides; transports and the store only carry.
//!
//! - [`config`]: TOML → typed, validated configuration (every problem with its key path).
//! - [`domain`]: pure rules (business-time calendar, proposal state machine); no I/O and
//!   no clock reads.
//! - [`command`]: the one parser and the `Command` enum.
//! - [`app`]: the core, `handle(Incoming) → Vec<Effect>` and `tick(now)`.
//! - [`scheduler`]: when due events fire (real or simulated clock).
//! - [`store`]: SQLite through sqlx; all SQL lives there.
//! - [`transport`]: the console, IRC and Matrix, served together by `konbit run`.
//! - [`i18n`]: the English and French catalogs.
//! - [`ops`]: the operator's commands: `konbit backup`, `konbit init`, `konbit generate`.

pub mod app;
pub mod command;
pub mod config;
pub mod domain;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod ops;
pub mod scheduler;
pub mod store;
pub mod transport;
