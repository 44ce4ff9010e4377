//! Turning the core's [`Mail`] into an RFC 5322 message: From the collective, To the
//! member's address (or the list), a text part and an HTML part rendered from the same
//! message model, in the member's language. A proposal's mails thread together
//! (`References`/`In-Reply-To` to the proposal's own id); a member's copy has a Reply-To
//! only they can act with ([`super::token`]). Every mail says it was generated
//! (`Auto-Submitted`), so that well-behaved servers do not answer it with vacation notices.

use chrono::{DateTime, Utc};
use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;

use super::token::{Signer, reply_address_with};
use crate::config::{Config, MailSettings};
#[cfg(test)]
use crate::effect::Mail;
use crate::effect::{Effect, MailTo};
use crate::i18n::Lang;
use crate::message::{Message, html, plain};

/// A message ready for SMTP: the envelope and the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub from: String,
    pub to: Vec<String>,
    pub raw: Vec<u8>,
}

/// Why an effect is not mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotMailed {
    /// The member has no address (removed from the roster since, say).
    NoAddress(String),
    /// `[mail]` has no list address.
    NoList,
    /// Not an e-mail at all.
    NotMail,
}

impl std::fmt::Display for NotMailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotMailed::NoAddress(m) => write!(f, "the roster has no e-mail address for {m}"),
            NotMailed::NoList => f.write_str("no list_address is configured"),
            NotMailed::NotMail => f.write_str("not an e-mail"),
        }
    }
}

/// The message for `effect`, the outbox entry `entry`, composed at `now`.
pub fn compose(
    effect: &Effect,
    entry: i64,
    config: &Config,
    mail: &MailSettings,
    signer: &Signer,
    now: DateTime<Utc>,
) -> Result<Composed, NotMailed> {
    let Effect::Mail(m) = effect else {
        return Err(NotMailed::NotMail);
    };
    let (to, lang, reply_to) = match &m.to {
        MailTo::Member(name) => {
            let member = config.member_named(name);
            let Some(address) = member.and_then(|mm| mm.email.clone()) else {
                return Err(NotMailed::NoAddress(name.clone()));
            };
            let lang = member.and_then(|mm| mm.lang).unwrap_or(config.collective.lang);
            let reply_to = m
                .proposal
                .map(|id| reply_address_with(&mail.reply_address, &signer.token(name, id)));
            (address, lang, reply_to)
        }
        MailTo::List => match &mail.list_address {
            Some(list) => (list.clone(), config.collective.lang, None),
            None => return Err(NotMailed::NoList),
        },
    };
    let domain = mail.from.rsplit_once('@').map_or("localhost", |(_, d)| d);
    let mut builder = MessageBuilder::new()
        .from((mail.from_name.clone(), mail.from.clone()))
        .to(to.clone())
        .subject(m.subject.clone())
        .date(now.timestamp())
        .message_id(format!("konbit.{entry}.{}@{domain}", now.timestamp_millis()))
        .header("Auto-Submitted", Raw::new("auto-generated"))
        // Exchange and Outlook: no out-of-office or delivery notices in answer.
        .header("X-Auto-Response-Suppress", Raw::new("All"))
        .header("Content-Language", Raw::new(lang.code()))
        .text_body(text_body(&m.message))
        .html_body(html_body(lang, &m.subject, &m.message));
    if let Some(id) = m.proposal {
        let thread = thread_id(config, id, domain);
        builder = builder.in_reply_to(thread.clone()).references(thread);
    }
    if let Some(reply_to) = reply_to {
        builder = builder.reply_to(reply_to);
    }
    let raw = builder.write_to_vec().map_err(|_| NotMailed::NotMail)?;
    Ok(Composed {
        from: mail.from.clone(),
        to: vec![to],
        raw,
    })
}

/// The id every mail of proposal `id` refers to, so that clients thread them.
pub fn thread_id(config: &Config, id: i64, domain: &str) -> String {
    let collective: String = config
        .collective
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("proposal-{id}.{collective}@{domain}")
}

fn text_body(message: &Message) -> String {
    let mut text = plain::render(message);
    text.push('\n');
    text
}

fn html_body(lang: Lang, subject: &str, message: &Message) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family: sans-serif; line-height: 1.4\">{}</body></html>\n",
        lang.code(),
        html::escape(subject),
        html::render(message, &|_| None)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            r#"
[collective]
name = "Coop Tech"
language = "fr"
[mail]
from = "konbit@coop.example"
list_address = "membres@coop.example"
[mail.smtp]
host = "127.0.0.1"
security = "none"
[[members]]
name = "bob"
email = "bob@home.example"
language = "en"
[[members]]
name = "carol"
"#,
            std::path::Path::new("."),
        )
        .expect("valid")
    }

    fn mail(to: MailTo, proposal: Option<i64>) -> Effect {
        Effect::Mail(Mail {
            to,
            proposal,
            subject: "Proposal #3: a <new> printer".into(),
            message: Message::from("Proposal #3 by alice: a <new> printer"),
        })
    }

    #[test]
    fn a_members_copy_threads_with_its_proposal_and_can_be_answered_only_by_them() {
        let c = config();
        let settings = c.mail.clone().expect("mail");
        let signer = Signer::new(b"a test key that is long enough").expect("key");
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("instant");
        let out = compose(
            &mail(MailTo::Member("bob".into()), Some(3)),
            7,
            &c,
            &settings,
            &signer,
            now,
        )
        .expect("mailed");
        assert_eq!(out.to, ["bob@home.example"]);
        assert_eq!(out.from, "konbit@coop.example");
        let text = String::from_utf8(out.raw).expect("utf-8");
        let token = signer.token("bob", 3);
        for want in [
            "Auto-Submitted: auto-generated",
            "In-Reply-To: <proposal-3.coop-tech@coop.example>",
            "References: <proposal-3.coop-tech@coop.example>",
            &format!("konbit+{token}@coop.example"),
            "Content-Language: en",
            "text/plain",
            "text/html",
            "&lt;new&gt;",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
        let parsed = mail_parser::MessageParser::default()
            .parse(text.as_bytes())
            .expect("parses");
        assert!(parsed.message_id().is_some_and(|id| id.ends_with("@coop.example")));
        assert_eq!(parsed.subject(), Some("Proposal #3: a <new> printer"));
    }

    #[test]
    fn the_lists_copy_has_no_reply_token_and_a_member_without_an_address_gets_nothing() {
        let c = config();
        let settings = c.mail.clone().expect("mail");
        let signer = Signer::new(b"a test key that is long enough").expect("key");
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("instant");
        let list = compose(&mail(MailTo::List, Some(3)), 8, &c, &settings, &signer, now).expect("mailed");
        assert_eq!(list.to, ["membres@coop.example"]);
        let text = String::from_utf8(list.raw).expect("utf-8");
        assert!(!text.contains("konbit+"), "{text}");
        assert!(text.contains("Content-Language: fr"));
        assert_eq!(
            compose(
                &mail(MailTo::Member("carol".into()), Some(3)),
                9,
                &c,
                &settings,
                &signer,
                now
            ),
            Err(NotMailed::NoAddress("carol".into()))
        );
    }
}
