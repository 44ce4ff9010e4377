//! `konbit check-config --connect`: tries the configured credentials on each network and
//! says, per network and in the operator's language, what works, without joining a
//! channel or a room and without posting anything.
//!
//! - IRC (irc.rs): connects (TLS as configured), identifies with SASL PLAIN, quits.
//! - Matrix (matrix.rs): logs in with the password and logs that new session out again
//!   (or checks an access token with whoami); no sync, so nothing is read or sent.
//! - Mail (mail.rs): greets and authenticates to the SMTP server without sending, logs
//!   into the IMAP mailbox and selects its folder without fetching; checks the reply key.
//!
//! It reads the secrets as `konbit run` would and never prints them.

#[cfg(feature = "irc")]
mod irc;
#[cfg(feature = "mail")]
mod mail;
#[cfg(feature = "matrix")]
mod matrix;

use super::Outcome;
use crate::config::Config;
use crate::i18n::Lang;
use crate::t;

/// What one network said.
pub struct Report {
    pub ok: bool,
    pub text: String,
}

/// Tries every configured network; code 0 only if every one worked, 1 if none is configured.
pub fn run(config: &Config, lang: Lang) -> Outcome {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return Outcome::failed(e.to_string()),
    };
    let mut reports = Vec::new();
    runtime.block_on(async {
        // A build without a network refuses a file that configures it before this.
        #[cfg(feature = "irc")]
        if let Some(irc) = &config.irc {
            reports.push(irc::probe(irc, lang).await);
        }
        #[cfg(feature = "matrix")]
        if let Some(matrix) = &config.matrix {
            reports.push(matrix::probe(matrix, lang).await);
        }
        #[cfg(feature = "mail")]
        if let Some(mail) = &config.mail {
            reports.extend(mail::probe(mail, lang).await);
        }
    });
    if reports.is_empty() {
        // Nothing tried is not a success: a script or a unit relying on the check must know.
        return Outcome::failed(t!(lang, "probe-no-network"));
    }
    let ok = reports.iter().all(|r| r.ok);
    let text = reports
        .into_iter()
        .map(|r| format!("{} {}", if r.ok { "✓" } else { "✗" }, r.text))
        .collect::<Vec<_>>()
        .join("\n");
    if ok { Outcome::done(text) } else { Outcome::failed(text) }
}
