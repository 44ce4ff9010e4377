//! konbit's integration tests, one binary (`cargo test --test it`) with one module per
//! area: linked once instead of once per file. A module needs the features of the
//! transports it tests; `support` runs the real binary and the test servers.
//! `cargo test --test it irc_privacy::` runs one area (docs/testing.md).

// matrix-sdk's sync futures need a deeper trait recursion than the default.
#![recursion_limit = "256"]

mod support;

#[cfg(all(feature = "irc", feature = "matrix"))]
mod addressing;
mod agenda;
mod backup;
mod bad_input;
mod browser_harness;
mod calendar;
mod catch_up;
mod check_config;
#[cfg(all(feature = "irc", feature = "matrix"))]
mod check_connect;
mod crash;
#[cfg(all(feature = "irc", feature = "matrix"))]
mod crash_matrix;
mod fuzz_corpus;
mod help;
mod hours;
mod hours_report;
mod init;
#[cfg(feature = "irc")]
mod irc;
#[cfg(feature = "irc")]
mod irc_delivery;
#[cfg(feature = "irc")]
mod irc_privacy;
#[cfg(all(feature = "irc", feature = "mail"))]
mod mail;
#[cfg(feature = "mail")]
mod mail_io;
#[cfg(all(feature = "irc", feature = "mail"))]
mod mail_replies;
mod mail_scenarios;
#[cfg(all(feature = "irc", feature = "matrix"))]
mod matrix;
#[cfg(all(feature = "irc", feature = "matrix"))]
mod matrix_catch_up;
#[cfg(all(feature = "irc", feature = "matrix"))]
mod matrix_render;
mod meeting_cost;
mod meetings;
mod migrate_storage;
mod outbox;
mod postgres;
mod privacy;
#[cfg(feature = "web")]
mod privacy_erase;
mod properties;
mod proposals;
mod punch_group;
#[cfg(feature = "irc")]
mod reload;
mod remind_group;
mod roles;
mod scheduler_properties;
mod scheduler_recovery;
mod schedules;
#[cfg(feature = "irc")]
mod standby;
mod timebox;
#[cfg(feature = "web")]
mod web;
#[cfg(feature = "web")]
mod web_browser;
#[cfg(feature = "web")]
mod web_feed;
#[cfg(feature = "web")]
mod web_locked;
#[cfg(feature = "web")]
mod web_meetings;
#[cfg(feature = "web")]
mod web_pages;
#[cfg(all(feature = "irc", feature = "web"))]
mod web_run;
