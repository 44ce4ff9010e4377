//! The mail half of `konbit check-config --connect`: the SMTP server is greeted and, when a
//! login is configured, authenticated to (no mail is sent); the IMAP mailbox is logged
//! into and its folder selected read-only in effect (nothing is fetched or flagged). The
//! key that signs reply addresses is read and its length checked.

use super::Report;
use crate::config::MailSettings;
use crate::i18n::Lang;
use crate::t;
use crate::transport::mail::serve::{imap_endpoint, smtp_endpoint};
use crate::transport::mail::token::MIN_KEY_BYTES;
use crate::transport::mail::{probe_imap, probe_smtp};

pub async fn probe(settings: &MailSettings, lang: Lang) -> Vec<Report> {
    let mut reports = Vec::new();
    let key = match settings.token_key.read() {
        Ok(k) if k.trim().len() >= MIN_KEY_BYTES => Report {
            ok: true,
            text: t!(lang, "probe-mail-key", "where" => format!("{:?}", settings.token_key)),
        },
        Ok(_) => Report {
            ok: false,
            text: t!(lang, "mail-key-short", "where" => format!("{:?}", settings.token_key)),
        },
        Err(e) => Report {
            ok: false,
            text: t!(lang, "mail-key-unreadable", "where" => format!("{:?}", settings.token_key), "detail" => e.to_string()),
        },
    };
    reports.push(key);
    let smtp = &settings.smtp;
    let place = format!("{}:{}", smtp.host, smtp.port);
    reports.push(match smtp_endpoint(smtp) {
        Err(e) => failed(lang, "SMTP", &place, format!("{e:#}")),
        Ok(endpoint) => match probe_smtp(&endpoint).await {
            Ok(()) => Report {
                ok: true,
                text: match &smtp.login {
                    Some((user, _)) => t!(lang, "probe-smtp", "place" => place, "login" => user.clone()),
                    None => t!(lang, "probe-smtp-anonymous", "place" => place),
                },
            },
            Err(e) => failed(lang, "SMTP", &place, e),
        },
    });
    if let Some(imap) = &settings.imap {
        let place = format!("{}:{} ({}, {})", imap.host, imap.port, imap.user, imap.folder);
        reports.push(match imap_endpoint(imap) {
            Err(e) => failed(lang, "IMAP", &place, format!("{e:#}")),
            Ok(endpoint) => match probe_imap(&endpoint).await {
                Ok(()) => Report {
                    ok: true,
                    text: t!(lang, "probe-imap", "place" => place),
                },
                Err(e) => failed(lang, "IMAP", &place, e),
            },
        });
    }
    reports
}

fn failed(lang: Lang, protocol: &str, place: &str, detail: String) -> Report {
    Report {
        ok: false,
        text: t!(lang, "probe-mail-failed", "protocol" => protocol.to_owned(), "place" => place.to_owned(), "detail" => detail),
    }
}
