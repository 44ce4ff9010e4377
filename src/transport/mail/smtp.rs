//! Sending mail: one already-composed message to an SMTP submission server (lettre on
//! tokio, TLS by rustls), and telling a failure worth retrying from one that is not.
//!
//! Each send opens its own connection (no pool): konbit sends a few messages at a time, and
//! a server that went away and came back is simply reached again at the next send.

use std::fmt;
use std::time::Duration;

use lettre::address::{Address, Envelope};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncTransport, Tokio1Executor};

use super::endpoint::{Security, SmtpEndpoint, is_loopback};

/// How long one SMTP exchange may stay silent before the send counts as failed (transient).
const TIMEOUT: Duration = Duration::from_secs(60);

/// Why a message was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Worth retrying later: the server could not be reached, timed out, answered 4xx, or
    /// refused konbit's login or TLS (a configuration the operator can fix, not something
    /// wrong with this message).
    Transient(String),
    /// This message will never be accepted as it is: the server answered 5xx to it, or an
    /// address is not a valid address.
    Permanent(String),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Transient(e) => write!(f, "temporary failure, will retry: {e}"),
            SendError::Permanent(e) => write!(f, "refused for good: {e}"),
        }
    }
}

impl std::error::Error for SendError {}

/// Sends through one SMTP submission server.
#[derive(Clone)]
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    server: String,
}

impl fmt::Debug for Sender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").field("server", &self.server).finish()
    }
}

impl Sender {
    /// A sender for `endpoint`; connects only when sending. Fails (permanently) when the host
    /// cannot be a TLS server name.
    pub fn new(endpoint: &SmtpEndpoint) -> Result<Sender, SendError> {
        let tls = match endpoint.security {
            Security::None => {
                if !is_loopback(&endpoint.host) {
                    tracing::warn!(
                        host = %endpoint.host,
                        "SMTP without TLS to another machine: the password and the mail travel in clear"
                    );
                }
                Tls::None
            }
            Security::StartTls => Tls::Required(tls_parameters(&endpoint.host)?),
            Security::Tls => Tls::Wrapper(tls_parameters(&endpoint.host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(endpoint.host.clone())
            .port(endpoint.port)
            .tls(tls)
            .timeout(Some(TIMEOUT));
        if let (Some(user), Some(password)) = (&endpoint.user, &endpoint.password) {
            builder = builder
                .credentials(Credentials::new(user.clone(), password.clone()))
                .authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        Ok(Sender {
            transport: builder.build(),
            server: format!("{}:{}", endpoint.host, endpoint.port),
        })
    }

    /// Sends one already-composed RFC 5322 message (raw bytes, CRLF or LF line ends) to `to`
    /// with envelope sender `from` (empty: the null sender `<>`, as for bounces).
    pub async fn send(&self, from: &str, to: &[String], raw: &[u8]) -> Result<(), SendError> {
        let envelope = envelope(from, to)?;
        // Active/standby: a konbit that lost its lease sends nothing (the mail waits in
        // the outbox for the one that took over).
        if !crate::lease::may_send() {
            return Err(SendError::Transient("this konbit lost its lease".into()));
        }
        match self.transport.send_raw(&envelope, &wire_form(raw)).await {
            Ok(_) => Ok(()),
            Err(e) => Err(classify(&e, &self.server)),
        }
    }

    /// Connects, greets, logs in when configured, and says goodbye.
    pub(super) async fn probe(&self) -> Result<(), String> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(format!("{}: the server closed the connection", self.server)),
            Err(e) => Err(format!("{}: {e}", self.server)),
        }
    }
}

/// Connects to the SMTP server, logs in when a user is configured, and disconnects: for
/// `konbit check-config --connect`.
pub async fn probe_smtp(endpoint: &SmtpEndpoint) -> Result<(), String> {
    let sender = Sender::new(endpoint).map_err(|e| e.to_string())?;
    sender.probe().await
}

fn tls_parameters(host: &str) -> Result<TlsParameters, SendError> {
    TlsParameters::new(host.to_owned())
        .map_err(|e| SendError::Permanent(format!("{host} cannot be checked with TLS: {e}")))
}

fn envelope(from: &str, to: &[String]) -> Result<Envelope, SendError> {
    let parse = |a: &str| {
        a.trim()
            .parse::<Address>()
            .map_err(|e| SendError::Permanent(format!("{a:?} is not an e-mail address: {e}")))
    };
    let sender = if from.trim().is_empty() {
        None
    } else {
        Some(parse(from)?)
    };
    let recipients = to.iter().map(|a| parse(a)).collect::<Result<Vec<_>, _>>()?;
    Envelope::new(sender, recipients).map_err(|e| SendError::Permanent(e.to_string()))
}

/// The message as lettre must be given it: CRLF line ends (lettre doubles a leading dot only
/// after CRLF, so a bare LF before a lone `.` would end the message early), and without the
/// last line end (lettre always adds CRLF before the final `.`; left, it would become an
/// extra empty line at the end of the message).
fn wire_form(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 40);
    let mut previous = 0u8;
    for &b in raw {
        if b == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        previous = b;
    }
    if out.ends_with(b"\r\n") {
        out.truncate(out.len() - 2);
    }
    out
}

/// 4xx, a lost connection, a timeout, TLS and login trouble: transient. 5xx: permanent,
/// except the 53x codes (authentication required or refused), which say nothing about the
/// message and everything about the configuration.
fn classify(e: &lettre::transport::smtp::Error, server: &str) -> SendError {
    let text = format!("{server}: {e}");
    match e.status() {
        Some(code) if e.is_permanent() && !code.to_string().starts_with("53") => SendError::Permanent(text),
        _ => SendError::Transient(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_that_are_not_addresses_are_refused_for_good() {
        let good = vec!["bob@example.org".to_owned()];
        assert!(envelope("konbit@example.org", &good).is_ok());
        assert!(envelope("", &good).is_ok(), "the null sender is allowed");
        for (from, to) in [
            ("konbit@example.org", vec!["not an address".to_owned()]),
            ("konbit", good.clone()),
            ("konbit@example.org", vec![]),
        ] {
            assert!(
                matches!(envelope(from, &to), Err(SendError::Permanent(_))),
                "{from:?} {to:?}"
            );
        }
    }

    #[test]
    fn messages_go_out_with_crlf_and_no_extra_last_line() {
        assert_eq!(wire_form(b"A: b\n\nline\n.\nend\n"), b"A: b\r\n\r\nline\r\n.\r\nend");
        assert_eq!(wire_form(b"A: b\r\n\r\nbody\r\n"), b"A: b\r\n\r\nbody");
        assert_eq!(wire_form(b"A: b\r\n\r\nbody"), b"A: b\r\n\r\nbody");
    }

    #[test]
    fn a_sender_is_made_for_each_kind_of_security() {
        for security in [Security::None, Security::StartTls, Security::Tls] {
            let endpoint = SmtpEndpoint {
                host: "smtp.example.org".into(),
                port: 587,
                security,
                user: Some("konbit".into()),
                password: Some("secret".into()),
            };
            assert!(Sender::new(&endpoint).is_ok(), "{security:?}");
        }
    }

    #[test]
    fn errors_say_whether_they_will_be_retried() {
        let t = SendError::Transient("connection refused".into()).to_string();
        let p = SendError::Permanent("550 no such user".into()).to_string();
        assert!(t.contains("retry") && t.contains("connection refused"), "{t}");
        assert!(p.contains("for good") && p.contains("550"), "{p}");
    }
}
