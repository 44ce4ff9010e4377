//! Transports carry messages between people and the core: they turn what arrives into
//! [`crate::app::Incoming`] and perform the core's [`crate::app::Effect`]s.

pub mod console;
pub mod irc;
