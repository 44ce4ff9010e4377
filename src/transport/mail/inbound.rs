//! Reading a reply: is it one konbit may act on, whose is it, and what does it say. The
//! checks, in order:
//! 1. automatic mail is ignored, and nobody is told (a list would distribute the answer, an
//!    auto-responder would answer it): `Auto-Submitted` other than `no`, `Precedence: bulk`,
//!    `junk` or `list`, mail relayed by a list (`List-Id`, `List-Unsubscribe`), vacation and
//!    auto-responder headers, an empty Return-Path (bounces);
//! 2. it must be addressed to a plus-address of the reply address, with a token;
//! 3. the token must verify for the member whose roster address is the From address —
//!    a token used from another address is refused, and nothing is recorded.
//!
//! What it says is the member's own first line, above or under the quote. It counts at
//! its `Date` (the sender's word) only within the transit allowance before the
//! collective's server received it (IMAP `INTERNALDATE`), and never later than that.

use chrono::{DateTime, Utc};
use mail_parser::MessageParser;

use super::token::{Signer, token_in};
use crate::app::MailReply;
use crate::config::mail::DEFAULT_TRANSIT_ALLOWANCE;
use crate::config::{Config, MailSettings};
use crate::domain::proposal::ProposalId;

/// The longest first line kept (a veto's reason is bounded by the command anyway).
const MAX_LINE_CHARS: usize = 1000;

/// What to do with a fetched message.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// A member's verified reply.
    Act(MailReply),
    /// Not for konbit to act on (automatic, no token): set aside, logged.
    Ignore(String),
    /// A token that does not verify for its sender: refused, logged as a warning.
    Refuse(String),
}

/// A fetched message read: its Message-ID (or a digest of its bytes when it has none),
/// and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub message_id: String,
    pub verdict: Verdict,
}

pub fn read(
    raw: &[u8],
    received: Option<DateTime<Utc>>,
    config: &Config,
    mail: &MailSettings,
    signer: &Signer,
    now: DateTime<Utc>,
) -> Read {
    let Some(msg) = unwound(raw, || MessageParser::default().parse(raw)) else {
        return Read {
            message_id: digest(raw),
            verdict: Verdict::Ignore("not a mail message".into()),
        };
    };
    let message_id = msg
        .message_id()
        .map(|id| format!("<{}>", id.trim_matches(['<', '>'])))
        .filter(|id| id.len() > 2 && id.len() <= 998)
        .unwrap_or_else(|| digest(raw));
    let verdict = verdict(&msg, raw, received, config, mail, signer, now);
    Read { message_id, verdict }
}

fn verdict(
    msg: &mail_parser::Message<'_>,
    raw: &[u8],
    received: Option<DateTime<Utc>>,
    config: &Config,
    mail: &MailSettings,
    signer: &Signer,
    now: DateTime<Utc>,
) -> Verdict {
    if let Some(why) = automatic(msg, raw) {
        return Verdict::Ignore(format!("an automatic message ({why})"));
    }
    let Some(token) = token_of(msg, &mail.reply_address) else {
        return Verdict::Ignore("not a reply to a proposal (no reply token in its address)".into());
    };
    let from = msg
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or("")
        .trim()
        .to_owned();
    let member = config
        .members
        .iter()
        .find(|m| m.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&from)));
    let Some(member) = member else {
        // Whose token is it? Said in the log, for the sysadmin: someone else's address used it.
        let owner = config
            .members
            .iter()
            .find(|m| signer.verify(&token, &m.name).is_some())
            .map_or("nobody", |m| m.name.as_str());
        return Verdict::Refuse(format!(
            "a reply from {from:?}, which is no member's address, with a token of {owner}"
        ));
    };
    let Some(proposal) = signer.verify(&token, &member.name) else {
        return Verdict::Refuse(format!(
            "a reply from {}'s address with a token that is not theirs (forged, or another member's)",
            member.name
        ));
    };
    let line = first_line(msg).unwrap_or_default();
    // It counts when it was sent, but never after the server had it (a wrong clock, a
    // forged Date in the future) nor after now, and never earlier than the transit
    // allowance before that (a Date forged into the past).
    let allowance = mail
        .imap
        .as_ref()
        .map_or(DEFAULT_TRANSIT_ALLOWANCE, |i| i.transit_allowance);
    let at = counts_at(date_of(msg), received, allowance, now);
    Verdict::Act(MailReply {
        member: member.name.clone(),
        message_id: None,
        proposal: ProposalId(proposal),
        line,
        at,
    })
}

/// The `Date` a message says it was written at.
fn date_of(msg: &mail_parser::Message<'_>) -> Option<DateTime<Utc>> {
    msg.date().and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
}

/// When a reply counts: its `Date`, clamped to [received − allowance, received], and never
/// after `now`; `received` (or now) when it has no `Date`.
pub fn counts_at(
    date: Option<DateTime<Utc>>,
    received: Option<DateTime<Utc>>,
    allowance: std::time::Duration,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let latest = received.unwrap_or(now).min(now);
    let earliest = latest - chrono::Duration::from_std(allowance).unwrap_or_default();
    date.map_or(latest, |d| d.clamp(earliest, latest))
}

/// When the message whose headers are `head` counts (see [`counts_at`]).
pub fn head_counts_at(
    head: &[u8],
    received: Option<DateTime<Utc>>,
    allowance: std::time::Duration,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let date = unwound(head, || MessageParser::default().parse_headers(head))
        .as_ref()
        .and_then(date_of);
    counts_at(date, received, allowance, now)
}

/// What mail-parser made of `raw`, `None` when it could not read it — also when it
/// panicked: its own debug assertions fire on some broken MIME (a `message/rfc822` part
/// right after a boundary, found by the `mail_inbound` fuzz target) in debug builds, and
/// a message anyone can send must never stop the reader. Logged.
fn unwound<'x>(
    raw: &[u8],
    parse: impl FnOnce() -> Option<mail_parser::Message<'x>> + std::panic::UnwindSafe,
) -> Option<mail_parser::Message<'x>> {
    std::panic::catch_unwind(parse).unwrap_or_else(|_| {
        tracing::warn!(
            bytes = raw.len(),
            "the mail parser failed on a message; it is read as no mail"
        );
        None
    })
}

/// Why the message is automatic, if it is.
fn automatic(msg: &mail_parser::Message<'_>, raw: &[u8]) -> Option<String> {
    for (name, value) in msg.headers_raw() {
        let value = value.trim().to_ascii_lowercase();
        let name = name.to_ascii_lowercase();
        let auto = match name.as_str() {
            "auto-submitted" => value.split(';').next().is_some_and(|v| v.trim() != "no"),
            "precedence" => matches!(value.as_str(), "bulk" | "junk" | "list"),
            // Relayed by a mailing list: acting on it (or answering it) is how loops start.
            "list-id" | "list-unsubscribe" => true,
            "x-autoreply" | "x-autorespond" | "x-auto-response" | "x-autoresponder" | "x-vacation" => true,
            "x-auto-response-suppress" => false,
            "return-path" => value.is_empty() || value == "<>",
            _ => false,
        };
        if auto {
            return Some(format!("{name}: {value}"));
        }
    }
    // A delivery report, whatever its headers say.
    let head = &raw[..raw.len().min(8192)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    lower
        .contains("multipart/report")
        .then(|| "a delivery report".to_owned())
}

/// The token in the first recipient address that is a plus-address of the reply
/// address: where the server delivered it (`Delivered-To`, `X-Original-To`), else To and Cc.
fn token_of(msg: &mail_parser::Message<'_>, reply_address: &str) -> Option<String> {
    let delivered = msg
        .headers_raw()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Delivered-To") || n.eq_ignore_ascii_case("X-Original-To"))
        .map(|(_, v)| v.trim().trim_matches(['<', '>']).to_owned());
    let listed = msg
        .to()
        .into_iter()
        .chain(msg.cc())
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address().map(str::to_owned));
    delivered
        .chain(listed)
        .find_map(|a| token_in(&a, reply_address).map(str::to_owned))
}

/// The member's own first line, from the HTML part's text when there is no plain part.
fn first_line(msg: &mail_parser::Message<'_>) -> Option<String> {
    own_first_line(&msg.body_text(0)?)
}

/// The first line the member wrote, wherever they wrote it (above the quote or under
/// it): blank lines, quoted blocks (`>`), attribution lines ("On … wrote:", "Le … a
/// écrit :", also wrapped over up to three lines) and signatures (from `-- ` to the next
/// quote or attribution) are skipped; nothing after an "Original Message" separator is read.
pub(crate) fn own_first_line(body: &str) -> Option<String> {
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    let mut i = 0;
    let mut in_signature = false;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('>') {
            in_signature = false;
            i += 1;
        } else if line == "--" {
            in_signature = true;
            i += 1;
        } else if original_message(line) {
            return None;
        } else if let Some(n) = attribution(&lines[i..]) {
            in_signature = false;
            i += n;
        } else if in_signature || line.is_empty() {
            i += 1;
        } else {
            return Some(line.chars().take(MAX_LINE_CHARS).collect());
        }
    }
    None
}

/// How many lines an attribution starting here takes: one to three lines, the last
/// ending in "wrote:" or "a écrit :" (several lines only when the first begins like one:
/// "On …", "Le …"), followed by a quote or by nothing.
fn attribution(lines: &[&str]) -> Option<usize> {
    let ends = |l: &str| {
        let l = l.to_lowercase();
        let l = l.trim_end_matches(':').trim_end_matches(char::is_whitespace);
        l.ends_with("wrote") || l.ends_with("a écrit")
    };
    let first = lines.first()?;
    let n = (1..=lines.len().min(3))
        .find(|&n| lines[..n].iter().all(|l| !l.is_empty() && !l.starts_with('>')) && ends(lines[n - 1]))?;
    if n > 1 && !(first.starts_with("On ") || first.starts_with("Le ")) {
        return None;
    }
    let next = lines[n..].iter().find(|l| !l.is_empty());
    next.is_none_or(|l| l.starts_with('>')).then_some(n)
}

/// A separator under which a client puts the original message without quoting it.
fn original_message(line: &str) -> bool {
    let l = line.to_lowercase();
    l.starts_with("-----") && (l.contains("original") || l.contains("origine"))
}

/// An id for a message without a Message-ID: a digest of its bytes.
fn digest(raw: &[u8]) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(raw);
    format!("sha256:{}", data_encoding::HEXLOWER.encode(&hash))
}

#[cfg(test)]
#[path = "inbound_tests.rs"]
mod tests;
