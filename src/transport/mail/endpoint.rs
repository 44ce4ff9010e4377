//! Where konbit's mail goes and comes from: an SMTP submission server and an IMAP mailbox,
//! with how each connection is secured. Plain values, filled in from the `[mail]`
//! configuration; their `Debug` never shows a password.

use std::fmt;
use std::time::Duration;

/// How a connection to a mail server is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// No encryption at all: passwords and mail travel in clear. Only for a server on the
    /// same machine (loopback); see [`is_loopback`].
    None,
    /// A plain connection upgraded with STARTTLS before anything else is said (usual ports:
    /// 587 for submission, 143 for IMAP). A server that does not offer it is an error.
    StartTls,
    /// TLS from the first byte (usual ports: 465 for submission, 993 for IMAP).
    Tls,
}

/// An SMTP submission server.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpEndpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// With `password`, konbit authenticates (AUTH PLAIN or LOGIN, as the server offers).
    pub user: Option<String>,
    pub password: Option<String>,
}

/// An IMAP mailbox that receives the replies.
#[derive(Clone, PartialEq, Eq)]
pub struct ImapEndpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: String,
    pub password: String,
    /// The folder watched, usually `INBOX`.
    pub folder: String,
    /// Where handled messages are moved; `None` keeps them in `folder`, flagged.
    pub done_folder: Option<String>,
    /// How often the folder is looked at even when IDLE reported nothing (and how often it
    /// is polled on a server without IDLE).
    pub poll: Duration,
    /// How long before the server received it a reply may count at its `Date`: the
    /// replies waiting together are handed over in the order they count in.
    pub transit_allowance: Duration,
}

/// Whether `host` names this machine: `localhost` or a loopback address. Only then does
/// [`Security::None`] make sense. The configuration's own check, so that what
/// `check-config` accepts and what the transport allows cannot differ.
pub use crate::config::mail::is_loopback;

fn redacted(secret: Option<&str>) -> &'static str {
    match secret {
        Some(_) => "<redacted>",
        None => "<none>",
    }
}

impl fmt::Debug for SmtpEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpEndpoint")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.user)
            .field("password", &redacted(self.password.as_deref()))
            .finish()
    }
}

impl fmt::Debug for ImapEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapEndpoint")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.user)
            .field("password", &redacted(Some(&self.password)))
            .field("folder", &self.folder)
            .field("done_folder", &self.done_folder)
            .field("poll", &self.poll)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_recognised() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["mail.example.org", "10.0.0.1", "localhost.example.org", ""] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn debug_output_never_shows_a_password() {
        let smtp = SmtpEndpoint {
            host: "smtp.example.org".into(),
            port: 587,
            security: Security::StartTls,
            user: Some("konbit".into()),
            password: Some("hunter2".into()),
        };
        let imap = ImapEndpoint {
            host: "imap.example.org".into(),
            port: 993,
            security: Security::Tls,
            user: "konbit".into(),
            password: "hunter2".into(),
            folder: "INBOX".into(),
            done_folder: None,
            poll: Duration::from_secs(300),
            transit_allowance: Duration::from_secs(900),
        };
        for shown in [format!("{smtp:?}"), format!("{imap:?}")] {
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
    }
}
