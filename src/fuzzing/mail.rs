//! The `mail_inbound` fuzz target's body: any bytes as a message in konbit's mailbox,
//! through the one parser anyone on the internet reaches. A message is read
//! ([`inbound::read`]: MIME, charsets, the automatic-mail and token checks, the member's
//! own first line, when it counts), and its lines go through the token reader and the
//! reply-command reader, which must turn a reply into a command about the mail's own
//! proposal or into nothing, never into another command.
//!
//! `{TOKEN}` in the input is replaced by bob's valid reply token for proposal #3, so that
//! the fuzzer (and the corpus's real-looking mails) get past the signature check to the
//! reading of what a verified member wrote.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};

use crate::app::{ReplyLine, command_of};
use crate::command::{self, Command};
use crate::config::{Config, MailSettings};
use crate::domain::proposal::ProposalId;
use crate::transport::mail::inbound::{self, Verdict};
use crate::transport::mail::token::{Signer, token_in};

/// The collective the messages arrive at: three members with addresses, a minute of
/// transit allowance.
const MAIL_CONFIG: &str = r##"
[mail]
from = "konbit@coop.example"
[mail.smtp]
host = "127.0.0.1"
security = "none"
[mail.imap]
host = "127.0.0.1"
security = "none"
user = "konbit"
password_env = "KONBIT_FUZZ_UNUSED"
transit_allowance = "1m"
[[members]]
name = "alice"
email = "alice@coop.example"
[[members]]
name = "bob"
language = "fr"
email = "bob@home.example"
[[members]]
name = "carol"
email = "Carol@Coop.example"
"##;

/// The proposal `{TOKEN}` is made for.
const PROPOSAL: i64 = 3;

struct Fixture {
    config: Config,
    mail: MailSettings,
    signer: Signer,
    token: String,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let config =
            Config::parse(MAIL_CONFIG, std::path::Path::new("/nonexistent")).expect("the fuzz configuration is valid");
        let mail = config.mail.clone().expect("a [mail] section");
        let signer = Signer::new(b"the fuzz target's key, long enough").expect("long enough");
        let token = signer.token("bob", PROPOSAL);
        Fixture {
            config,
            mail,
            signer,
            token,
        }
    })
}

/// `data` with every `{TOKEN}` replaced by `token`.
fn with_token(data: &[u8], token: &str) -> Vec<u8> {
    const MARK: &[u8] = b"{TOKEN}";
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    while let Some(at) = rest.windows(MARK.len()).position(|w| w == MARK) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(token.as_bytes());
        rest = &rest[at + MARK.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Any bytes as a message in the mailbox: read, and if it is a verified reply, what it
/// says becomes bob's command about #3 or nothing.
pub fn mail_inbound(data: &[u8]) {
    let f = fixture();
    let raw = with_token(data, &f.token);
    // Fixed instants: the server had it ten seconds before konbit reads it.
    let now = DateTime::<Utc>::from_timestamp(1_796_506_200, 0).expect("an instant");
    let received = now - Duration::seconds(10);
    let read = inbound::read(&raw, Some(received), &f.config, &f.mail, &f.signer, now);
    // The heads the reader sorts waiting replies by (IMAP's `BODY.PEEK[HEADER]`).
    let at = inbound::head_counts_at(
        &raw,
        Some(received),
        Duration::minutes(1).to_std().expect("positive"),
        now,
    );
    assert!(at <= received && at >= received - Duration::minutes(1), "{at}");
    assert!(
        !read.message_id.is_empty() && read.message_id.len() <= 1000,
        "{:?}",
        read.message_id
    );
    if let Verdict::Act(reply) = &read.verdict {
        // Only bob's token verifies, and only from his address, for #3.
        assert_eq!(reply.member, "bob", "{reply:?}");
        assert_eq!(reply.proposal, ProposalId(PROPOSAL), "{reply:?}");
        assert!(
            !reply.line.contains('\n') && reply.line.chars().count() <= 1000,
            "{reply:?}"
        );
        let allowance = Duration::minutes(1);
        assert!(
            reply.at <= received && reply.at >= received - allowance,
            "counts at {} for a message received at {received}",
            reply.at
        );
        reply_command(&reply.line, reply.proposal);
    }
    // The token and reply readers on each line as it is, whatever the MIME around it.
    let text = String::from_utf8_lossy(&raw);
    for line in text.lines().take(200) {
        if let Some(token) = token_in(line, &f.mail.reply_address) {
            check_token(f, token);
        }
        check_token(f, line.trim());
        reply_command(line, ProposalId(PROPOSAL));
    }
    if let Some(line) = inbound::own_first_line(&text) {
        reply_command(&line, ProposalId(PROPOSAL));
    }
}

/// A token verifies for bob's #3 only, or for nobody.
fn check_token(f: &Fixture, token: &str) {
    for member in ["alice", "bob", "carol"] {
        if let Some(proposal) = f.signer.verify(token, member) {
            assert!(
                member == "bob" && proposal == PROPOSAL,
                "{token:?} verified for {member}'s #{proposal}"
            );
        }
    }
}

/// A reply's line is the command about the mail's proposal — with a reason the chat would
/// accept: not empty, no control characters, no longer than a chat line — or nothing at
/// all.
fn reply_command(line: &str, id: ProposalId) {
    let ReplyLine::Command(command) = command_of(line, id) else {
        return;
    };
    match &command {
        Command::Veto { id: of, reason } => {
            assert_eq!(*of, id, "{line:?} → {command:?}");
            assert!(!reason.trim().is_empty(), "{line:?} → {command:?}");
            assert!(!reason.chars().any(char::is_control), "{line:?} → {command:?}");
            assert!(
                reason.chars().count() <= command::MAX_TEXT_CHARS,
                "{line:?} → {command:?}"
            );
        }
        Command::Unveto { id: of } | Command::Withdraw { id: of } => {
            assert_eq!(*of, id, "{line:?} → {command:?}")
        }
        other => panic!("{line:?} became {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus mail read as the fuzz target reads it.
    fn read(name: &str) -> inbound::Read {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus/mail_inbound")
            .join(name);
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let f = fixture();
        let now = DateTime::<Utc>::from_timestamp(1_796_506_200, 0).expect("an instant");
        inbound::read(
            &with_token(&data, &f.token),
            Some(now - Duration::seconds(10)),
            &f.config,
            &f.mail,
            &f.signer,
            now,
        )
    }

    /// What bob's verified reply in `name` says, as the command it stands for.
    fn says(name: &str) -> ReplyLine {
        match read(name).verdict {
            Verdict::Act(reply) => command_of(&reply.line, reply.proposal),
            other => panic!("{name}: {other:?}"),
        }
    }

    fn command(command: Command) -> ReplyLine {
        ReplyLine::Command(command)
    }

    const ID: ProposalId = ProposalId(3);

    #[test]
    fn the_corpus_mails_are_read_as_a_member_would_expect() {
        let veto = |reason: &str| {
            command(Command::Veto {
                id: ID,
                reason: reason.to_owned(),
            })
        };
        assert_eq!(says("top-posted-veto.eml"), veto("trop cher pour l’instant"));
        assert_eq!(
            says("bottom-posted-wrapped-attribution.eml"),
            veto("too expensive, and the colour is wrong")
        );
        assert_eq!(says("multipart-alternative.eml"), command(Command::Unveto { id: ID }));
        assert_eq!(says("fr-lever-veto.eml"), command(Command::Unveto { id: ID }));
        assert_eq!(says("html-only-outlook.eml"), veto("trop cher"));
        assert_eq!(
            says("quoted-printable-latin1.eml"),
            veto("c'est beaucoup trop cher, on en reparle à la réunion de mardi prochain")
        );
        assert_eq!(
            says("windows-1252-outlook-original-message.eml"),
            command(Command::Withdraw { id: ID })
        );
        assert_eq!(says("base64-utf8.eml"), command(Command::Withdraw { id: ID }));
        assert_eq!(says("multipart-mixed-attachment.eml"), veto("see the attached quote"));
        assert_eq!(says("encoded-words-headers.eml"), ReplyLine::NoReason);
        assert_eq!(says("huge-headers.eml"), veto("too many headers"));
        assert_eq!(says("lf-only-line-ends.eml"), command(Command::Unveto { id: ID }));
        assert_eq!(says("signature-first-then-command.eml"), veto("trop cher"));
        assert_eq!(
            says("other-proposal-number.eml"),
            ReplyLine::OtherProposal(ProposalId(5))
        );
        assert_eq!(says("control-characters.eml"), ReplyLine::NoReason);
    }

    #[test]
    fn the_corpus_mails_count_at_their_date_within_the_allowance_before_receipt() {
        let now = DateTime::<Utc>::from_timestamp(1_796_506_200, 0).expect("an instant");
        let received = now - Duration::seconds(10);
        let at = |name: &str| match read(name).verdict {
            Verdict::Act(reply) => reply.at,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(at("no-date-no-message-id.eml"), received);
        assert!(read("no-date-no-message-id.eml").message_id.starts_with("sha256:"));
        assert_eq!(at("garbage-date-future-date.eml"), received);
        assert_eq!(at("date-forged-into-the-past.eml"), received - Duration::minutes(1));
    }

    #[test]
    fn automatic_forged_and_tokenless_corpus_mails_never_act() {
        for (name, ignored) in [
            ("vacation-auto-reply.eml", true),
            ("list-relayed.eml", true),
            ("delivery-status-notification.eml", true),
            ("no-token.eml", true),
            ("forged-from-other-member.eml", false),
        ] {
            match read(name).verdict {
                Verdict::Ignore(_) if ignored => {}
                Verdict::Refuse(_) if !ignored => {}
                other => panic!("{name}: {other:?}"),
            }
        }
        for name in ["empty.eml", "binary-garbage.bin"] {
            assert!(!matches!(read(name).verdict, Verdict::Act(_)), "{name}");
        }
    }
}
