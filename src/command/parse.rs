//! The top-level parser: a chat line → its [`Verb`] → that command's argument parser.
//! The proposal commands' arguments are read here; the others in `hours.rs`,
//! `meetings.rs` and `remind.rs`.

use super::args::{id_arg, rest_text};
use super::meetings::no_args;
use super::{Command, MAX_TEXT_CHARS, UsageError, Verb, agenda, hint, hours, meetings, remind, usage};
use crate::domain::proposal::{Money, ProposalId};

/// Parses one chat line. `None`: not a command (chatter, or a lone `!`).
pub fn parse(line: &str) -> Option<Result<Command, UsageError>> {
    let line = line.trim();
    let rest = line.strip_prefix('!')?;
    let (word, args) = match rest.split_once(char::is_whitespace) {
        Some((w, a)) => (w, a.trim()),
        None => (rest, ""),
    };
    if !word.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    let Some(verb) = Verb::lookup(word) else {
        return Some(Ok(Command::Unknown {
            name: word.to_lowercase(),
        }));
    };
    Some(parse_args(verb, args))
}

fn parse_args(verb: Verb, args: &str) -> Result<Command, UsageError> {
    let mut words = args.split_whitespace();
    let first = words.next();
    match verb {
        Verb::Help => match (first, words.next()) {
            (None, _) => Ok(Command::Help { topic: None }),
            (Some(t), None) => Ok(Command::Help {
                topic: Some(t.trim_start_matches('!').to_lowercase()),
            }),
            _ => Err(usage(verb)),
        },
        Verb::Proposals => no_args(verb, args, Command::Proposals),
        Verb::Propose => parse_propose(args),
        Verb::Punch => hours::parse_punch(args),
        Verb::Project => hours::parse_project(args),
        Verb::Projects => no_args(verb, args, Command::Projects),
        Verb::Hours => hours::parse_hours(args),
        Verb::Standup => meetings::standup(args),
        Verb::Next => no_args(verb, args, Command::Next),
        Verb::Pass => no_args(verb, args, Command::Pass),
        Verb::Skip => meetings::skip(args),
        Verb::Later => no_args(verb, args, Command::Later),
        Verb::Meeting => meetings::meeting(args),
        Verb::Here => no_args(verb, args, Command::Here),
        Verb::Topic => rest_text(verb, args, "hint-missing-text").map(|text| Command::Topic { text }),
        Verb::Agreed => rest_text(verb, args, "hint-missing-text").map(|text| Command::Agreed { text }),
        Verb::Action => meetings::action(args),
        Verb::Decide => meetings::decide(args),
        Verb::Agenda => agenda::agenda(args),
        Verb::Item => match (first, words.next()) {
            (None, _) => Ok(Command::Item { next: false }),
            (Some(w), None) if crate::i18n::Word::Next.matches(w) => Ok(Command::Item { next: true }),
            _ => Err(usage(verb)),
        },
        Verb::Roles => super::roles::roles(args),
        Verb::Minutes => no_args(verb, args, Command::Minutes),
        Verb::Absent => meetings::absent(args),
        Verb::Attendance => meetings::attendance(args),
        Verb::Membership => no_args(verb, args, Command::Membership),
        Verb::Update => rest_text(verb, args, "hint-missing-text").map(|text| Command::Update { text }),
        Verb::Remind => remind::remind(args),
        Verb::Reminders => no_args(verb, args, Command::Reminders),
        Verb::Unremind => remind::unremind(args),
        Verb::Mail => {
            use crate::domain::mail::MailPref;
            use crate::i18n::Word;
            let choice = match (first, words.next()) {
                (None, _) => None,
                (Some(w), None) if Word::MailAll.matches(w) => Some(MailPref::All),
                (Some(w), None) if Word::MailDigest.matches(w) => Some(MailPref::Digest),
                (Some(w), None) if Word::MailNone.matches(w) => Some(MailPref::None),
                _ => return Err(usage(verb)),
            };
            Ok(Command::Mail { choice })
        }
        Verb::Web => match (first, words.next()) {
            (None, _) => Ok(Command::Web { revoke: false }),
            (Some(w), None) if crate::i18n::Word::Revoke.matches(w) => Ok(Command::Web { revoke: true }),
            _ => Err(usage(verb)),
        },
        Verb::Mydata => no_args(verb, args, Command::MyData),
        Verb::Veto => {
            let id = id_arg(verb, first)?;
            let reason = args.split_once(char::is_whitespace).map_or("", |(_, r)| r.trim());
            if reason.is_empty() {
                return Err(hint(verb, "hint-veto-reason"));
            }
            if reason.chars().count() > MAX_TEXT_CHARS {
                return Err(hint(verb, "hint-too-long"));
            }
            Ok(Command::Veto {
                id,
                reason: reason.to_owned(),
            })
        }
        Verb::Unveto => id_only(verb, first, words.next()).map(|id| Command::Unveto { id }),
        Verb::Withdraw => id_only(verb, first, words.next()).map(|id| Command::Withdraw { id }),
        Verb::Proposal => id_only(verb, first, words.next()).map(|id| Command::Proposal { id }),
    }
}

/// A proposal id and nothing after it.
fn id_only(verb: Verb, first: Option<&str>, extra: Option<&str>) -> Result<ProposalId, UsageError> {
    let id = id_arg(verb, first)?;
    match extra {
        None => Ok(id),
        Some(_) => Err(usage(verb)),
    }
}

/// `!propose [amount] <text>`: see [`Money::parse_leading`] for the amounts.
fn parse_propose(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Propose;
    let (budget, text) = match Money::parse_leading(args) {
        Ok(Some((m, rest))) => (Some(m), rest),
        Ok(None) => (None, args),
        Err(_) => return Err(hint(verb, "hint-bad-amount")),
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(usage(verb));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(hint(verb, "hint-too-long"));
    }
    Ok(Command::Propose {
        budget,
        text: text.to_owned(),
    })
}

#[cfg(test)]
pub(in crate::command) mod tests {
    use super::*;

    /// The command a line parses to; the test fails if it is not one.
    pub(in crate::command) fn ok(s: &str) -> Command {
        parse(s)
            .unwrap_or_else(|| panic!("{s} not a command"))
            .unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    /// The usage error a line gets; the test fails if it parses.
    pub(in crate::command) fn err(s: &str) -> UsageError {
        parse(s).unwrap_or_else(|| panic!("{s} not a command")).unwrap_err()
    }

    #[test]
    fn chatter_is_not_a_command() {
        for s in ["hello", "", "!", "! propose x", "!!", "!42", "  ", "propose !veto"] {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn propose_with_and_without_budget() {
        assert_eq!(
            ok("!propose buy a kettle"),
            Command::Propose {
                budget: None,
                text: "buy a kettle".into()
            }
        );
        assert_eq!(
            ok("!propose 300$ new laptop"),
            Command::Propose {
                budget: Some(Money(30000)),
                text: "new laptop".into()
            }
        );
        assert_eq!(
            ok("!proposer $45.50 café"),
            Command::Propose {
                budget: Some(Money(4550)),
                text: "café".into()
            }
        );
        assert_eq!(
            ok("!proposer 300 $ un portable"),
            Command::Propose {
                budget: Some(Money(30000)),
                text: "un portable".into()
            }
        );
        assert_eq!(
            ok("!PROPOSE 3 kettles"),
            Command::Propose {
                budget: None,
                text: "3 kettles".into()
            }
        );
        assert_eq!(err("!propose"), usage(Verb::Propose));
        assert_eq!(err("!propose 300$"), usage(Verb::Propose));
        assert_eq!(
            err(&format!("!propose {}", "x".repeat(1001))),
            hint(Verb::Propose, "hint-too-long")
        );
    }

    #[test]
    fn veto_needs_an_id_and_a_reason() {
        assert_eq!(
            ok("!veto #3 too expensive"),
            Command::Veto {
                id: ProposalId(3),
                reason: "too expensive".into()
            }
        );
        assert_eq!(
            ok("!véto 3 trop cher"),
            Command::Veto {
                id: ProposalId(3),
                reason: "trop cher".into()
            }
        );
        assert_eq!(err("!veto"), usage(Verb::Veto));
        assert_eq!(err("!veto 3"), hint(Verb::Veto, "hint-veto-reason"));
        assert_eq!(err("!veto 3   "), hint(Verb::Veto, "hint-veto-reason"));
        assert_eq!(err("!veto three reasons"), hint(Verb::Veto, "hint-bad-id"));
    }

    #[test]
    fn id_commands_reject_leftovers() {
        assert_eq!(ok("!unveto 2"), Command::Unveto { id: ProposalId(2) });
        assert_eq!(ok("!leverveto #2"), Command::Unveto { id: ProposalId(2) });
        assert_eq!(ok("!retirer 2"), Command::Withdraw { id: ProposalId(2) });
        assert_eq!(ok("!proposition p2"), Command::Proposal { id: ProposalId(2) });
        assert_eq!(err("!withdraw 2 now"), usage(Verb::Withdraw));
        assert_eq!(err("!proposal"), usage(Verb::Proposal));
        assert_eq!(err("!unveto x"), hint(Verb::Unveto, "hint-bad-id"));
        assert_eq!(ok("!propositions"), Command::Proposals);
        assert_eq!(err("!proposals all"), usage(Verb::Proposals));
    }

    #[test]
    fn help_and_unknown() {
        assert_eq!(ok("!help"), Command::Help { topic: None });
        assert_eq!(
            ok("!aide !Veto"),
            Command::Help {
                topic: Some("veto".into())
            }
        );
        assert_eq!(err("!help a b"), usage(Verb::Help));
        assert_eq!(
            ok("!frobnicate now"),
            Command::Unknown {
                name: "frobnicate".into()
            }
        );
    }
}
