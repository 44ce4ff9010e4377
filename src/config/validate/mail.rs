//! `[mail]` and the members' `email`/`mail` keys. A section without `from` means mail is
//! not used, and nothing else in it is checked. Plain-text connections are refused to
//! anything but a loopback address: a password or a member's reply never crosses a
//! network in clear.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use super::check::{in_range, not_blank, one_of, parse_offset, problem};
use crate::config::mail::{
    DEFAULT_TRANSIT_ALLOWANCE, ImapServer, MailPref, MailSecurity, MailSettings, SmtpServer, is_address, is_loopback,
};
use crate::config::raw::{RawImap, RawMail, RawMember, RawSmtp};
use crate::config::{Problem, ProblemKind, Secret};

const SECURITY: &[(&str, MailSecurity)] = &[
    ("starttls", MailSecurity::StartTls),
    ("tls", MailSecurity::Tls),
    ("none", MailSecurity::None),
];

pub(super) fn mail(raw: &RawMail, collective: &str, base_dir: &Path, p: &mut Vec<Problem>) -> Option<MailSettings> {
    let from = raw.from.trim();
    if from.is_empty() {
        return None;
    }
    address("mail.from", from, p);
    let reply_address = match raw.reply_address.trim() {
        "" => from.to_owned(),
        a => {
            address("mail.reply_address", a, p);
            a.to_owned()
        }
    };
    // Replies arrive at `local+TOKEN@domain`: the local part cannot hold a `+` already.
    if reply_address.split('@').next().is_some_and(|l| l.contains('+')) {
        problem(p, "mail.reply_address", ProblemKind::BadEmail(reply_address.clone()));
    }
    let list_address = match raw.list_address.trim() {
        "" => None,
        a => {
            address("mail.list_address", a, p);
            Some(a.to_owned())
        }
    };
    let token_key = secret(base_dir, &raw.token_key_file, &raw.token_key_env, "KONBIT_MAIL_KEY");
    let smtp = smtp(&raw.smtp, base_dir, p);
    let imap = imap(&raw.imap, base_dir, p);
    let from_name = match raw.from_name.trim() {
        "" => collective.to_owned(),
        n => n.to_owned(),
    };
    if from_name.contains(['\r', '\n', '<', '>', '"']) {
        problem(p, "mail.from_name", ProblemKind::Empty);
    }
    Some(MailSettings {
        from: from.to_owned(),
        from_name,
        reply_address,
        list_address,
        smtp,
        imap,
        token_key,
    })
}

fn smtp(raw: &RawSmtp, base_dir: &Path, p: &mut Vec<Problem>) -> SmtpServer {
    let host = raw.host.trim();
    not_blank("mail.smtp.host", host, p);
    let port = in_range("mail.smtp.port", raw.port, 1..=65535, p) as u16;
    let security = security("mail.smtp.security", &raw.security, host, p);
    let user = raw.user.trim();
    SmtpServer {
        host: host.to_owned(),
        port,
        security,
        login: (!user.is_empty()).then(|| {
            (
                user.to_owned(),
                secret(base_dir, &raw.password_file, &raw.password_env, "KONBIT_SMTP_PASSWORD"),
            )
        }),
    }
}

fn imap(raw: &RawImap, base_dir: &Path, p: &mut Vec<Problem>) -> Option<ImapServer> {
    let host = raw.host.trim();
    if host.is_empty() {
        return None;
    }
    let port = in_range("mail.imap.port", raw.port, 1..=65535, p) as u16;
    let security = security("mail.imap.security", &raw.security, host, p);
    not_blank("mail.imap.user", &raw.user, p);
    not_blank("mail.imap.folder", &raw.folder, p);
    let poll = match parse_offset(raw.poll.trim()).and_then(|d| d.to_std().ok()) {
        Some(d) if d >= Duration::from_secs(60) && d <= Duration::from_secs(24 * 3600) => d,
        _ => {
            problem(p, "mail.imap.poll", ProblemKind::BadDuration(raw.poll.clone()));
            Duration::from_secs(300)
        }
    };
    let transit_allowance = match parse_offset(raw.transit_allowance.trim()).and_then(|d| d.to_std().ok()) {
        Some(d) if d <= Duration::from_secs(24 * 3600) => d,
        _ => {
            problem(
                p,
                "mail.imap.transit_allowance",
                ProblemKind::BadDuration(raw.transit_allowance.clone()),
            );
            DEFAULT_TRANSIT_ALLOWANCE
        }
    };
    Some(ImapServer {
        host: host.to_owned(),
        port,
        security,
        user: raw.user.trim().to_owned(),
        password: secret(base_dir, &raw.password_file, &raw.password_env, "KONBIT_IMAP_PASSWORD"),
        folder: raw.folder.trim().to_owned(),
        done_folder: Some(raw.done_folder.trim().to_owned()).filter(|f| !f.is_empty()),
        poll,
        transit_allowance,
    })
}

/// How a connection is protected; plain text only to a loopback host.
fn security(path: &str, value: &str, host: &str, p: &mut Vec<Problem>) -> MailSecurity {
    let security = one_of(path, value, SECURITY, p).unwrap_or(MailSecurity::Tls);
    if security == MailSecurity::None && !host.is_empty() && !is_loopback(host) {
        problem(p, path, ProblemKind::PlainTextOffLoopback(host.to_owned()));
    }
    security
}

fn address(path: &str, value: &str, p: &mut Vec<Problem>) {
    if !is_address(value) {
        problem(p, path, ProblemKind::BadEmail(value.to_owned()));
    }
}

/// The file when one is named (relative to the configuration's directory), else the
/// environment variable (its default name when none is given).
fn secret(base_dir: &Path, file: &str, env: &str, default_env: &str) -> Secret {
    match (file.trim(), env.trim()) {
        ("", "") => Secret::Env(default_env.to_owned()),
        ("", env) => Secret::Env(env.to_owned()),
        (file, _) => Secret::File(base_dir.join(file)),
    }
}

/// The members' addresses and default preferences: each address well formed and used by
/// one member only.
pub(super) fn member_mail(raw: &[RawMember], p: &mut Vec<Problem>) -> Vec<(Option<String>, MailPref)> {
    let mut seen = HashSet::new();
    raw.iter()
        .enumerate()
        .map(|(i, m)| {
            let email = m.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
            if let Some(e) = email {
                if !is_address(e) {
                    problem(p, format!("members[{i}].email"), ProblemKind::BadEmail(e.to_owned()));
                } else if !seen.insert(e.to_lowercase()) {
                    problem(p, format!("members[{i}].email"), ProblemKind::Duplicate(e.to_owned()));
                }
            }
            let pref = match m.mail.as_deref() {
                None => MailPref::All,
                Some(v) => one_of(
                    &format!("members[{i}].mail"),
                    v,
                    &MailPref::ALL.map(|p| (p.as_str(), p)),
                    p,
                )
                .unwrap_or_default(),
            };
            (email.map(str::to_owned), pref)
        })
        .collect()
}
