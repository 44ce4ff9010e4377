//! Proposals by e-mail, the core side: who gets which mail (the members with an address,
//! by their `!mail` choice), what it says (the chat's sentence in the member's language,
//! and how to act by replying), `!mail` itself, and what a reply does once the mail
//! transport has verified whose it is ([`MailReply`]). The transport gives mails their
//! headers, threads and reply addresses; it never decides what they say.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::format::echoed;
use super::{Core, CoreResult, Effect, Incoming, Message, Network, Outcome, Speaker, Taker};
use crate::command::{Command, Verb};
use crate::config::MailPref;
use crate::domain::proposal::{Proposal, ProposalId, State};
use crate::effect::{Mail, MailTo};
use crate::i18n::{Lang, command_name};
use crate::message::Text;
use crate::{t, tm};

/// The longest a proposal's text may be in a subject line before it is cut.
const SUBJECT_TEXT_CHARS: usize = 60;

/// A reply to a member's copy of a proposal's mail, as the mail transport hands it over:
/// its reply address was signed for this member and this proposal, and it came from
/// the member's own address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailReply {
    pub member: String,
    pub proposal: ProposalId,
    /// The first line of the reply that is not quoted: the command.
    pub line: String,
    /// When it counts: when it was sent (its `Date`), never after the server received it.
    pub at: DateTime<Utc>,
    /// Its `Message-ID`: claimed in the same transaction as what it does, so a reply
    /// fetched again after a crash acts once.
    pub message_id: Option<String>,
}

impl Core {
    /// `!mail`: what the member gets by e-mail, and with a choice, changes it. The answer
    /// names their address, so it goes privately; said in a room, the room hears where.
    pub(super) async fn mail_command(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        choice: Option<MailPref>,
    ) -> CoreResult<Vec<Effect>> {
        let config = self.config();
        if config.mail.is_none() {
            return Ok(vec![self.reply(msg, t!(lang, "mail-not-configured"))]);
        }
        let Some(address) = config.member_named(who).and_then(|m| m.email.clone()) else {
            return Ok(vec![self.reply(msg, t!(lang, "mail-no-address"))]);
        };
        let pref = match choice {
            Some(pref) => {
                self.store.set_mail_pref(who, pref.as_str(), msg.at).await?;
                pref
            }
            None => match config.member_named(who) {
                Some(m) => choice_of(&self.store.mail_prefs().await?, m),
                None => MailPref::default(),
            },
        };
        let mut text = Message::new().line(t!(lang, "mail-pref", "pref" => pref.as_str(), "address" => address,
            "changed" => if choice.is_some() { "yes" } else { "no" }));
        if pref == MailPref::Digest && !config.schedules.has_digest() {
            text = text.line(t!(lang, "mail-no-digest-scheduled"));
        }
        // The answer shows the member's address: never to the room.
        let mut effects = Vec::new();
        if msg.room.is_some() {
            effects.push(self.reply(msg, t!(lang, "mail-sent-privately")));
        }
        effects.push(Effect::Private {
            to: self.recipient(msg),
            message: text,
        });
        Ok(effects)
    }

    /// The members with an address whose choice is `pref`: the roster's default, unless
    /// they chose otherwise with `!mail`.
    pub(super) async fn members_who_chose(&self, pref: MailPref) -> CoreResult<Vec<crate::config::Member>> {
        let chosen = self.store.mail_prefs().await?;
        Ok(self
            .config()
            .members
            .iter()
            .filter(|m| m.email.is_some() && choice_of(&chosen, m) == pref)
            .cloned()
            .collect())
    }

    /// The mails about `p` after something happened to it (`text`: the chat's sentence,
    /// in a given language): one per member who gets every proposal by e-mail, in their
    /// language, except `actor` (who did it, and hears back where they did it); and the
    /// list's read-only copy.
    pub(super) async fn mail_about(
        &self,
        p: &Proposal,
        actor: Option<&str>,
        text: &(dyn Fn(Lang) -> Text + Sync),
    ) -> CoreResult<Vec<Effect>> {
        let config = self.config();
        let Some(mail) = &config.mail else {
            return Ok(Vec::new());
        };
        let mut effects = Vec::new();
        for m in self.members_who_chose(MailPref::All).await? {
            if actor.is_some_and(|a| a.eq_ignore_ascii_case(&m.name)) {
                continue;
            }
            let lang = m.lang.unwrap_or(config.collective.lang);
            let how = how_to_reply(lang, p, &m.name);
            effects.push(Effect::Mail(Mail {
                to: MailTo::Member(m.name.clone()),
                proposal: Some(p.id.0),
                subject: subject(lang, p),
                message: Message::new().line(text(lang)).line(how),
            }));
        }
        if mail.list_address.is_some() {
            let lang = config.collective.lang;
            effects.push(Effect::Mail(Mail {
                to: MailTo::List,
                proposal: Some(p.id.0),
                subject: subject(lang, p),
                message: Message::new().line(text(lang)).line(t!(lang, "mail-list-copy")),
            }));
        }
        Ok(effects)
    }

    /// The digest by e-mail, for the members who chose it: the open proposals with the
    /// time left, in their language. Nothing when no proposal is open or deferred.
    pub(super) async fn mail_digests(&self, now: DateTime<Utc>) -> CoreResult<Vec<Effect>> {
        let config = self.config();
        if config.mail.is_none() {
            return Ok(Vec::new());
        }
        let mut effects = Vec::new();
        // The list is read once per language, not once per member.
        let mut lists: HashMap<Lang, Message> = HashMap::new();
        for m in self.members_who_chose(MailPref::Digest).await? {
            let lang = m.lang.unwrap_or(config.collective.lang);
            let list = match lists.get(&lang) {
                Some(list) => list.clone(),
                None => {
                    let cost = self.meeting_cost_digest(lang, now).await?;
                    let list = self.proposals_list(lang, now).await?.then(cost);
                    lists.insert(lang, list.clone());
                    list
                }
            };
            effects.push(Effect::Mail(Mail {
                to: MailTo::Member(m.name.clone()),
                proposal: None,
                subject: t!(lang, "mail-digest-subject", "collective" => config.collective.name.clone()),
                message: list.line(t!(lang, "mail-digest-how")),
            }));
        }
        Ok(effects)
    }

    /// A verified reply too large to read (over 10 MiB: an attachment): nothing is done,
    /// and its sender is told, in the proposal's thread, to send the command without it
    /// (at most once an hour, like every usage mail).
    pub async fn mail_too_large(&self, reply: MailReply) -> Outcome {
        let lang = self.config().lang_for(&reply.member);
        let subject = self.reply_subject(lang, reply.proposal).await;
        let text = t!(lang, "mail-too-large", "id" => reply.proposal.0);
        self.usage_mail(&reply, subject, text).await
    }

    /// What a verified reply does: its first line read as `veto REASON`, `unveto` or
    /// `withdraw` (with or without `!`, in either language) for the proposal its address
    /// was made for, as if the member had said it privately at the moment they sent it.
    /// The room hears it as from a chat command; the member's answers come back by mail,
    /// in the proposal's thread, with what they can do next by replying (after a veto:
    /// how to lift it). Anything else gets a short usage mail, at most one an hour per
    /// address and proposal.
    pub async fn mail_reply(&self, reply: MailReply) -> Outcome {
        let lang = self.config().lang_for(&reply.member);
        let id = reply.proposal;
        let subject = self.reply_subject(lang, id).await;
        let command = match command_of(&reply.line, id) {
            ReplyLine::Command(command) => command,
            ReplyLine::Unknown => {
                let usage = tm!(lang, "mail-usage", "id" => id.0, "line" => echoed(&reply.line),
                    "veto" => command_name(lang, Verb::Veto), "unveto" => command_name(lang, Verb::Unveto),
                    "withdraw" => command_name(lang, Verb::Withdraw));
                return self.usage_mail(&reply, subject, usage).await;
            }
            ReplyLine::NoReason => {
                let text = t!(lang, "mail-veto-no-reason", "veto" => command_name(lang, Verb::Veto));
                return self.usage_mail(&reply, subject, text).await;
            }
            ReplyLine::OtherProposal(other) => {
                let text = t!(lang, "mail-other-proposal", "id" => id.0, "other" => other.0);
                return self.usage_mail(&reply, subject, text).await;
            }
        };
        let incoming = Incoming {
            room: None,
            speaker: Speaker {
                network: Network::Mail,
                handle: reply.member.clone(),
                member: Some(reply.member.clone()),
            },
            // What the member wrote; the command it stands for is `command`, not read again.
            text: super::input::clean_text(&reply.line).into_owned(),
            at: reply.at,
            event: reply.message_id.as_ref().map(|id| format!("mail:{id}")),
        };
        // Answers to the sender go back by mail, in the proposal's thread.
        let mail = |message: Message| {
            Effect::Mail(Mail {
                to: MailTo::Member(reply.member.clone()),
                proposal: Some(id.0),
                subject: subject.clone(),
                message,
            })
        };
        self.handle_by_mail(&incoming, command, mail).await
    }

    /// The subject of the answers to a reply about proposal `id`: its thread's.
    async fn reply_subject(&self, lang: Lang, id: ProposalId) -> String {
        match self.store.proposal(id).await {
            Ok(Some(p)) => subject(lang, &p),
            Ok(None) => t!(lang, "proposal-not-found", "id" => id.0),
            Err(e) => {
                tracing::error!(error = %e, "cannot read the proposal a reply is about");
                t!(lang, "proposal-not-found", "id" => id.0)
            }
        }
    }

    /// A usage mail (an answer to a reply konbit did not act on) to the reply's sender, in
    /// the proposal's thread — unless one went to their address about this proposal less
    /// than an hour before this reply counts (`store::USAGE_MAIL_EVERY`, kept in the
    /// database, so a restart does not reset it): an auto-responder that ignores
    /// `Auto-Submitted` and answers each usage mail gets one an hour, never a loop. The
    /// instant is recorded before the mail is queued: a crash in between loses that
    /// answer rather than risk a second one.
    async fn usage_mail(&self, reply: &MailReply, subject: String, text: impl Into<Message>) -> Outcome {
        let address = self
            .config()
            .member_named(&reply.member)
            .and_then(|m| m.email.clone())
            .unwrap_or_else(|| reply.member.clone());
        let id = reply.proposal;
        match self.store.claim_usage_mail(&address, id.0, reply.at).await {
            Ok(true) => {
                let answer = Effect::Mail(Mail {
                    to: MailTo::Member(reply.member.clone()),
                    proposal: Some(id.0),
                    subject,
                    message: text.into(),
                });
                self.queue(vec![answer], Taker::Nobody).await
            }
            Ok(false) => {
                tracing::info!(member = %reply.member, proposal = id.0,
                    "a reply konbit did not act on is not answered: its sender had an answer about this proposal less than an hour ago");
                Outcome::default()
            }
            Err(e) => {
                // Not sent: a loop is worse than a missing answer.
                tracing::error!(error = %e, member = %reply.member, proposal = id.0,
                    "cannot record a usage mail; it is not sent");
                Outcome::default()
            }
        }
    }
}

/// A member's choice: what they chose with `!mail` (`chosen`, by name), else the roster's
/// default.
fn choice_of(chosen: &HashMap<String, String>, m: &crate::config::Member) -> MailPref {
    chosen
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(&m.name))
        .and_then(|(_, p)| MailPref::parse(p))
        .unwrap_or(m.mail)
}

/// What a reply's first line says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReplyLine {
    /// The command it stands for.
    Command(Command),
    /// `veto` without a reason.
    NoReason,
    /// A number that is not the mail's proposal: nothing is done.
    OtherProposal(ProposalId),
    /// Not a command konbit reads by mail.
    Unknown,
}

/// The chat command a reply's first line stands for, for proposal `id`: `veto REASON`,
/// `unveto`, `withdraw`, the word followed by a space or punctuation (`veto: too
/// expensive`, `Veto, too expensive`). A number after the word must be `id` (`veto 3 …`,
/// `veto #3: …`) and is dropped; another number is refused, never a way to reach it.
/// Control characters are taken out first, as from any chat line: a reason made only of
/// them is no reason. The line is read up to the length of a chat line
/// (`MAX_TEXT_CHARS`, as the mail reader cuts it), so that the command is one the chat
/// accepts.
pub(crate) fn command_of(line: &str, id: ProposalId) -> ReplyLine {
    let punctuation = |c: char| c.is_whitespace() || matches!(c, ':' | ',' | ';' | '.' | '-' | '—' | '–');
    let line: String = super::input::clean_text(line)
        .chars()
        .take(crate::command::MAX_TEXT_CHARS)
        .collect();
    let line = line.trim().trim_start_matches('!');
    // The word: letters and digits, or with hyphens when that is a command word
    // (`lever-veto`, the French `unveto` the mails themselves suggest).
    let word_end = |hyphen: bool| {
        line.find(|c: char| !(c.is_alphanumeric() || (hyphen && c == '-')))
            .unwrap_or(line.len())
    };
    let found = [word_end(true), word_end(false)].into_iter().find_map(|end| {
        let word = &line[..end];
        Verb::lookup(word).filter(|_| !word.is_empty()).map(|verb| (verb, end))
    });
    let Some((verb, end)) = found else {
        return ReplyLine::Unknown;
    };
    let rest = &line[end..];
    let rest = rest.trim_start_matches(punctuation);
    let (first, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let rest = match ProposalId::parse(first.trim_end_matches(punctuation)) {
        Some(n) if n == id => after,
        Some(other) => return ReplyLine::OtherProposal(other),
        None => rest,
    };
    let reason = rest.trim_start_matches(punctuation).trim();
    match verb {
        Verb::Veto if reason.is_empty() => ReplyLine::NoReason,
        Verb::Veto => ReplyLine::Command(Command::Veto {
            id,
            reason: reason.to_owned(),
        }),
        Verb::Unveto => ReplyLine::Command(Command::Unveto { id }),
        Verb::Withdraw => ReplyLine::Command(Command::Withdraw { id }),
        _ => ReplyLine::Unknown,
    }
}

/// A proposal's subject line, the same for all its mails so that they thread together
/// also in clients that group by subject.
fn subject(lang: Lang, p: &Proposal) -> String {
    let mut text: String = p.text.chars().take(SUBJECT_TEXT_CHARS).collect();
    if p.text.chars().count() > SUBJECT_TEXT_CHARS {
        text.push('…');
    }
    // A subject is one line.
    let text = text.replace(['\r', '\n'], " ");
    t!(lang, "mail-subject", "id" => p.id.0, "text" => text)
}

/// What the member can do by replying, given the proposal's state and whose it is.
pub(super) fn how_to_reply(lang: Lang, p: &Proposal, member: &str) -> String {
    let own = p.proposer.eq_ignore_ascii_case(member);
    let vetoed = p.standing_vetoes().any(|v| v.vetoer.eq_ignore_ascii_case(member));
    match p.state {
        State::Open | State::Deferred if own => t!(lang, "mail-how-own"),
        State::Open | State::Deferred if vetoed => t!(lang, "mail-how-vetoed"),
        State::Open => t!(lang, "mail-how-open"),
        State::Deferred => t!(lang, "mail-how-deferred"),
        _ => t!(lang, "mail-how-closed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_line_becomes_the_command_for_its_own_proposal() {
        let id = ProposalId(3);
        let command = |line: &str| match command_of(line, id) {
            ReplyLine::Command(c) => c,
            other => panic!("{line}: {other:?}"),
        };
        let veto = |reason: &str| Command::Veto {
            id,
            reason: reason.to_owned(),
        };
        assert_eq!(command("veto too expensive"), veto("too expensive"));
        assert_eq!(command("!VETO 3 too expensive"), veto("too expensive"));
        assert_eq!(command("véto #3: trop cher"), veto("trop cher"));
        assert_eq!(command("veto: too expensive"), veto("too expensive"));
        assert_eq!(command("Veto, too expensive"), veto("too expensive"));
        assert_eq!(command("veto - 3 - too expensive"), veto("too expensive"));
        assert_eq!(command("veto \x02too\x0f expensive"), veto("too expensive"));
        assert_eq!(command("unveto"), Command::Unveto { id });
        assert_eq!(command("Unveto."), Command::Unveto { id });
        assert_eq!(
            command("lever-veto"),
            Command::Unveto { id },
            "the word the French mails suggest"
        );
        assert_eq!(command("Lever-veto."), Command::Unveto { id });
        assert_eq!(command("leverveto"), Command::Unveto { id });
        assert_eq!(command("veto-trop cher"), veto("trop cher"));
        assert_eq!(command("retirer"), Command::Withdraw { id });
        assert_eq!(command("withdraw please"), Command::Withdraw { id });
    }

    #[test]
    fn a_reply_reason_reads_as_the_same_veto_typed_in_the_chat() {
        // The mail builds the command itself; the chat parser, given the same words, must
        // agree — a reason that reads differently in a mail would surprise its author.
        for line in [
            "veto too expensive",
            "veto: trop cher, vraiment",
            "veto #3 a 'quoted' reason",
        ] {
            let ReplyLine::Command(by_mail) = command_of(line, ProposalId(3)) else {
                panic!("{line}");
            };
            let Command::Veto { reason, .. } = &by_mail else {
                panic!("{line}: {by_mail:?}");
            };
            let typed = format!("!veto 3 {reason}");
            assert_eq!(crate::command::parse(&typed), Some(Ok(by_mail.clone())), "{line}");
        }
    }

    #[test]
    fn a_reply_line_longer_than_a_chat_line_is_still_a_veto_the_chat_accepts() {
        // Found by the mail_inbound fuzz target: a reason over 1,000 characters made a
        // command the chat parser refuses as too long. (The mail reader cuts the line it
        // hands over at 1,000 characters, so no mailbox reached it; the reply reader no
        // longer depends on that.)
        let line = format!("veto {}", "too expensive ".repeat(100));
        let ReplyLine::Command(Command::Veto { id, reason }) = command_of(&line, ProposalId(3)) else {
            panic!("{line}");
        };
        assert_eq!(id, ProposalId(3));
        assert!(reason.starts_with("too expensive too expensive"), "{reason}");
        assert!(reason.chars().count() <= crate::command::MAX_TEXT_CHARS);
    }

    #[test]
    fn a_reply_naming_another_proposal_or_no_reason_does_nothing() {
        let id = ProposalId(4);
        assert_eq!(
            command_of("veto 5 wrong number", id),
            ReplyLine::OtherProposal(ProposalId(5))
        );
        assert_eq!(
            command_of("veto #5: wrong number", id),
            ReplyLine::OtherProposal(ProposalId(5))
        );
        assert_eq!(command_of("unveto 5", id), ReplyLine::OtherProposal(ProposalId(5)));
        assert_eq!(command_of("veto", id), ReplyLine::NoReason);
        assert_eq!(command_of("Veto:", id), ReplyLine::NoReason);
        assert_eq!(command_of("veto #4", id), ReplyLine::NoReason);
        assert_eq!(
            command_of("veto \x07\x1b[0m", id),
            ReplyLine::NoReason,
            "control characters only"
        );
        for line in ["Thanks!", "punch 2h webdev", "", "vetoed", "veto5 no", ":veto no"] {
            assert_eq!(command_of(line, id), ReplyLine::Unknown, "{line}");
        }
    }
}
