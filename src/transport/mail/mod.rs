//! Proposals by e-mail (`[mail]`). Outgoing: the mails the core asks for wait in the
//! durable outbox like any announcement and are composed ([`compose`]) and submitted over
//! SMTP one by one, retried with backoff while the server is unreachable; the chat never
//! waits for them. Incoming: replies are read from an IMAP folder (IDLE, and a poll as a
//! safety net), verified ([`inbound`], [`token`]), acted on once each (by Message-ID) and
//! marked handled; mail that arrived while konbit was down is read before deadlines are
//! resolved ([`serve`]).

pub mod compose;
pub mod inbound;
pub mod serve;
pub mod token;
