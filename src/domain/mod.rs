//! Pure domain logic: no I/O, no clock reads. `now` is always an argument, so tests pin
//! time exactly and the same rules serve every transport.

pub mod agenda;
pub mod calendar;
pub mod duration;
pub mod mail;
pub mod membership;
pub mod project;
pub mod proposal;
pub mod pseudonym;
pub mod punch;
pub mod roles;
pub mod schedule;
pub mod share;
pub mod span;
pub mod standup;
