//! Proposals by e-mail (`[mail]`). Outgoing: the mails the core asks for wait in the
//! durable outbox like any announcement and are composed ([`compose`]) and submitted over
//! SMTP ([`Sender`]) one by one, retried with backoff while the server is unreachable; the
//! chat never waits for them. Incoming: replies are read from an IMAP folder ([`watch`]:
//! IDLE, and a poll as a safety net), verified ([`inbound`], [`token`]), acted on once
//! each (by Message-ID) and marked handled; mail that arrived while konbit was down is read
//! before deadlines are resolved ([`serve`]).
//!
//! - [`endpoint`]: the two servers and how their connections are secured.
//! - [`smtp`]: one message out; a failure is [`SendError::Transient`] or
//!   [`SendError::Permanent`].
//! - [`imap`]: the folder under watch, each message handed over once and marked handled
//!   on the server.
//! - `connect`: the IMAP session itself (TLS, STARTTLS, LOGIN, time limits).
//! - [`compose`], [`inbound`], [`token`]: what konbit writes and reads, and the signed
//!   reply addresses.
//!
//! Built with the `mail` cargo feature (on by default).

pub mod compose;
mod connect;
pub mod endpoint;
pub mod imap;
pub mod inbound;
pub mod serve;
pub mod smtp;
pub mod token;

pub use connect::probe_imap;
pub use endpoint::{ImapEndpoint, Security, SmtpEndpoint, is_loopback};
pub use imap::{DONE_KEYWORD, Disposition, Fetched, MAX_MESSAGE_BYTES, watch};
pub use smtp::{SendError, Sender, probe_smtp};
