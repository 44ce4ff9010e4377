//! E-mail as a transport: sending composed messages through an SMTP submission server
//! ([`Sender`]) and reading the replies from an IMAP folder ([`watch`]). This module only
//! carries bytes: composing the messages, reading the replies and deciding what they do
//! belong to the core.
//!
//! - [`endpoint`]: the two servers and how their connections are secured.
//! - [`smtp`]: one message out; a failure is [`SendError::Transient`] or
//!   [`SendError::Permanent`].
//! - [`imap`]: the folder under watch (IDLE, with a poll as safety net), each message
//!   handed over once and marked handled on the server.
//! - `connect`: the IMAP session itself (TLS, STARTTLS, LOGIN, time limits).
//!
//! Built with the `mail` cargo feature (on by default).

mod connect;
pub mod endpoint;
pub mod imap;
pub mod smtp;

pub use connect::probe_imap;
pub use endpoint::{ImapEndpoint, Security, SmtpEndpoint, is_loopback};
pub use imap::{DONE_KEYWORD, Disposition, Fetched, MAX_MESSAGE_BYTES, watch};
pub use smtp::{SendError, Sender, probe_smtp};
