//! `[mail]`: proposals by e-mail. Where konbit submits what it sends (SMTP), the address
//! it sends from and receives replies at, the mailbox it reads replies from (IMAP), and the
//! key that signs reply addresses. Members opt in with `email` in the roster; what they
//! receive is their preference ([`MailPref`]).

use std::time::Duration;

use super::Secret;
pub use crate::domain::mail::MailPref;

/// The mail settings, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct MailSettings {
    /// The address mails come from (`konbit@coop.example`).
    pub from: String,
    /// The name shown with it (the collective's name by default).
    pub from_name: String,
    /// Replies go to plus-addresses of this one (`konbit+TOKEN@coop.example`); the From
    /// address by default.
    pub reply_address: String,
    /// The collective's list, which gets one read-only copy of each proposal's mails.
    pub list_address: Option<String>,
    pub smtp: SmtpServer,
    /// Where replies arrive; `None`: konbit only sends.
    pub imap: Option<ImapServer>,
    /// Signs reply addresses: a reply acts only with a token made with it.
    pub token_key: Secret,
}

/// How a connection to a mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailSecurity {
    /// Plain text: allowed only to a loopback address (a local relay, tests).
    None,
    /// Plain, then upgraded with STARTTLS (submission on port 587).
    StartTls,
    /// TLS from the first byte (SMTPS on 465, IMAPS on 993).
    Tls,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SmtpServer {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// The login and where its password is; `None`: no authentication (a local relay).
    pub login: Option<(String, Secret)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImapServer {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    pub user: String,
    pub password: Secret,
    /// The folder replies arrive in.
    pub folder: String,
    /// Where handled replies are moved; `None`: they are flagged and stay.
    pub done_folder: Option<String>,
    /// How often the folder is looked at besides IDLE (a safety net, and the only way on
    /// a server without IDLE).
    pub poll: Duration,
    /// A reply counts at its `Date` (the sender's word) only this long before the server
    /// received it (IMAP `INTERNALDATE`), and never after: mail in transit, not a forged
    /// past.
    pub transit_allowance: Duration,
}

/// The transit allowance when none is configured.
pub const DEFAULT_TRANSIT_ALLOWANCE: Duration = Duration::from_secs(15 * 60);

/// Whether `address` looks like a mail address konbit can send to: one `@`, a local part
/// and a domain, no spaces, brackets or separators that would let it smuggle a second
/// recipient or a header.
pub fn is_address(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let bad = |c: char| c.is_whitespace() || c.is_control() || "<>,;:\"()[]\\".contains(c);
    !local.is_empty()
        && local.len() <= 64
        && !domain.is_empty()
        && domain.len() <= 253
        && !local.contains('@')
        && !address.chars().any(bad)
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// Whether `host` is a loopback address or name, where plain text may be allowed.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_could_smuggle_a_recipient_or_header_are_refused() {
        for good in [
            "bob@coop.example",
            "bob+x@test",
            "b.o-b@mail.coop.example",
            "x@localhost",
        ] {
            assert!(is_address(good), "{good}");
        }
        for bad in [
            "",
            "bob",
            "@coop.example",
            "bob@",
            "bob@coop.example, eve@evil.example",
            "bob@coop.example\r\nBcc: eve@evil.example",
            "Bob <bob@coop.example>",
            "bob@@coop.example",
            "bob@.example",
            "bob@coop..example",
        ] {
            assert!(!is_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_loopback_hosts_may_go_unencrypted() {
        for h in ["localhost", "127.0.0.1", "::1", "[::1]", "127.5.0.1"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["mail.coop.example", "10.0.0.1", "192.168.1.1", "0.0.0.0"] {
            assert!(!is_loopback(h), "{h}");
        }
    }
}
