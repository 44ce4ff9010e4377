//! The one command parser: chat text → [`Command`] or a usage error.
//!
//! Every command has an English name, French aliases (accented and plain), a usage line
//! and an example in both catalogs (`usage-<id>`, `example-<id>`, `summary-<id>`). Text
//! that does not start with `!` is chatter and never a command; an unknown `!word` is
//! [`Command::Unknown`] so the core can answer it instead of staying silent.

mod hours;
mod meetings;
mod remind;

pub use hours::{MAX_PROJECT_CHARS, PeriodSpec, PunchCmd, Subject, project_name};
pub use meetings::{AbsentDay, StandupCmd};
pub use remind::RemindTarget;

use crate::domain::proposal::{Money, ProposalId};

/// Longest proposal text or reason accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help {
        topic: Option<String>,
    },
    Propose {
        budget: Option<Money>,
        text: String,
    },
    Veto {
        id: ProposalId,
        reason: String,
    },
    Unveto {
        id: ProposalId,
    },
    Withdraw {
        id: ProposalId,
    },
    Proposals,
    Proposal {
        id: ProposalId,
    },
    Punch(PunchCmd),
    ProjectAdd {
        name: String,
    },
    Projects,
    Hours {
        period: PeriodSpec,
        subject: Subject,
    },
    Standup(StandupCmd),
    Next,
    Pass,
    Skip {
        name: String,
    },
    Later,
    MeetingStart {
        committee: String,
    },
    MeetingEnd,
    Here,
    Topic {
        text: String,
    },
    Agreed {
        text: String,
    },
    Action {
        who: String,
        what: String,
    },
    Decide {
        id: ProposalId,
        adopted: bool,
        note: Option<String>,
    },
    Minutes,
    Absent {
        from: AbsentDay,
        to: AbsentDay,
        reason: String,
    },
    Attendance {
        name: Option<String>,
        period: Option<PeriodSpec>,
    },
    Membership,
    Update {
        text: String,
    },
    Remind {
        target: RemindTarget,
        when: crate::domain::schedule::RemindWhen,
        text: String,
    },
    Reminders,
    Unremind {
        id: i64,
    },
    Unknown {
        name: String,
    },
}

/// The command words, one per command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Help,
    Propose,
    Veto,
    Unveto,
    Withdraw,
    Proposals,
    Proposal,
    Punch,
    Project,
    Projects,
    Hours,
    Standup,
    Next,
    Pass,
    Skip,
    Later,
    Meeting,
    Here,
    Topic,
    Agreed,
    Action,
    Decide,
    Minutes,
    Absent,
    Attendance,
    Membership,
    Update,
    Remind,
    Reminders,
    Unremind,
}

pub struct VerbSpec {
    pub verb: Verb,
    /// Stem of its catalog ids and its English name.
    pub id: &'static str,
    /// Every accepted name, English first, then French (with and without accents).
    pub names: &'static [&'static str],
    /// The French name shown in French help.
    pub fr_name: &'static str,
    /// Changes the record, or shows members' personal data: refused to non-members when
    /// a roster is configured.
    pub writes: bool,
}

pub const VERBS: &[VerbSpec] = &[
    VerbSpec {
        verb: Verb::Help,
        id: "help",
        names: &["help", "aide"],
        fr_name: "aide",
        writes: false,
    },
    VerbSpec {
        verb: Verb::Propose,
        id: "propose",
        names: &["propose", "proposer"],
        fr_name: "proposer",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Veto,
        id: "veto",
        names: &["veto", "véto"],
        fr_name: "veto",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Unveto,
        id: "unveto",
        names: &["unveto", "leverveto", "lever-veto"],
        fr_name: "leverveto",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Withdraw,
        id: "withdraw",
        names: &["withdraw", "retirer"],
        fr_name: "retirer",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Proposals,
        id: "proposals",
        names: &["proposals", "propositions"],
        fr_name: "propositions",
        writes: false,
    },
    VerbSpec {
        verb: Verb::Proposal,
        id: "proposal",
        names: &["proposal", "proposition"],
        fr_name: "proposition",
        writes: false,
    },
    VerbSpec {
        verb: Verb::Punch,
        id: "punch",
        names: &["punch", "pointer"],
        fr_name: "punch",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Project,
        id: "project",
        names: &["project", "projet"],
        fr_name: "projet",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Projects,
        id: "projects",
        names: &["projects", "projets"],
        fr_name: "projets",
        writes: false,
    },
    VerbSpec {
        verb: Verb::Hours,
        id: "hours",
        names: &["hours", "heures"],
        fr_name: "heures",
        writes: false,
    },
    VerbSpec {
        verb: Verb::Standup,
        id: "standup",
        names: &["standup", "stand-up", "tour"],
        fr_name: "tour",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Next,
        id: "next",
        names: &["next", "done", "suivant", "fini", "terminé"],
        fr_name: "suivant",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Pass,
        id: "pass",
        names: &["pass", "passe"],
        fr_name: "passe",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Skip,
        id: "skip",
        names: &["skip", "sauter"],
        fr_name: "sauter",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Later,
        id: "later",
        names: &["later", "plustard", "plus-tard"],
        fr_name: "plustard",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Meeting,
        id: "meeting",
        names: &["meeting", "réunion", "reunion"],
        fr_name: "réunion",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Here,
        id: "here",
        names: &["here", "présent", "présente", "present", "presente", "ici"],
        fr_name: "présent",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Topic,
        id: "topic",
        names: &["topic", "sujet"],
        fr_name: "sujet",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Agreed,
        id: "agreed",
        names: &["agreed", "agree", "convenu", "entendu"],
        fr_name: "convenu",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Action,
        id: "action",
        names: &["action"],
        fr_name: "action",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Decide,
        id: "decide",
        names: &["decide", "décider", "decider"],
        fr_name: "décider",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Minutes,
        id: "minutes",
        names: &["minutes", "pv", "compte-rendu"],
        fr_name: "pv",
        writes: false,
    },
    VerbSpec {
        verb: Verb::Absent,
        id: "absent",
        names: &["absent", "absente", "absence"],
        fr_name: "absent",
        writes: true,
    },
    // Attendance and membership show everyone's leave and status: members only.
    VerbSpec {
        verb: Verb::Attendance,
        id: "attendance",
        names: &["attendance", "présences", "presences"],
        fr_name: "présences",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Membership,
        id: "membership",
        names: &["membership", "statut", "adhésion"],
        fr_name: "statut",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Update,
        id: "update",
        names: &["update", "nouvelles"],
        fr_name: "nouvelles",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Remind,
        id: "remind",
        names: &["remind", "rappel", "rappelle"],
        fr_name: "rappel",
        writes: true,
    },
    VerbSpec {
        verb: Verb::Reminders,
        id: "reminders",
        names: &["reminders", "rappels"],
        fr_name: "rappels",
        writes: false,
    },
    VerbSpec {
        verb: Verb::Unremind,
        id: "unremind",
        names: &["unremind", "annuler-rappel", "annulerrappel"],
        fr_name: "annuler-rappel",
        writes: true,
    },
];

impl Verb {
    pub fn spec(self) -> &'static VerbSpec {
        // VERBS lists every variant; the fallback keeps this total without a panic.
        VERBS.iter().find(|s| s.verb == self).unwrap_or(&VERBS[0])
    }

    /// Finds a command by any of its names, with or without `!`, any case.
    pub fn lookup(word: &str) -> Option<Verb> {
        let w = word.trim().trim_start_matches('!').to_lowercase();
        VERBS.iter().find(|s| s.names.contains(&w.as_str())).map(|s| s.verb)
    }
}

/// Every hint a usage error may carry (catalog ids), for the catalog tests.
pub const HINTS: &[&str] = &[
    "hint-veto-reason",
    "hint-bad-id",
    "hint-too-long",
    "hint-bad-amount",
    "hint-bad-duration",
    "hint-duration-positive",
    "hint-duration-too-long",
    "hint-missing-project",
    "hint-bad-project-name",
    "hint-project-name-too-long",
    "hint-bad-date",
    "hint-bad-entry-id",
    "hint-bad-month",
    "hint-missing-name",
    "hint-missing-committee",
    "hint-missing-text",
    "hint-decide-outcome",
    "hint-bad-absence",
    "hint-absent-reason",
    "hint-bad-when",
    "hint-bad-reminder-id",
];

/// Why a command's arguments were refused; the core answers with the usage line and,
/// when there is one, a hint (a catalog id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    pub verb: Verb,
    pub hint: Option<&'static str>,
}

impl Command {
    pub fn verb(&self) -> Option<Verb> {
        Some(match self {
            Command::Help { .. } => Verb::Help,
            Command::Propose { .. } => Verb::Propose,
            Command::Veto { .. } => Verb::Veto,
            Command::Unveto { .. } => Verb::Unveto,
            Command::Withdraw { .. } => Verb::Withdraw,
            Command::Proposals => Verb::Proposals,
            Command::Proposal { .. } => Verb::Proposal,
            Command::Punch(_) => Verb::Punch,
            Command::ProjectAdd { .. } => Verb::Project,
            Command::Projects => Verb::Projects,
            Command::Hours { .. } => Verb::Hours,
            Command::Standup(_) => Verb::Standup,
            Command::Next => Verb::Next,
            Command::Pass => Verb::Pass,
            Command::Skip { .. } => Verb::Skip,
            Command::Later => Verb::Later,
            Command::MeetingStart { .. } | Command::MeetingEnd => Verb::Meeting,
            Command::Here => Verb::Here,
            Command::Topic { .. } => Verb::Topic,
            Command::Agreed { .. } => Verb::Agreed,
            Command::Action { .. } => Verb::Action,
            Command::Decide { .. } => Verb::Decide,
            Command::Minutes => Verb::Minutes,
            Command::Absent { .. } => Verb::Absent,
            Command::Attendance { .. } => Verb::Attendance,
            Command::Membership => Verb::Membership,
            Command::Update { .. } => Verb::Update,
            Command::Remind { .. } => Verb::Remind,
            Command::Reminders => Verb::Reminders,
            Command::Unremind { .. } => Verb::Unremind,
            Command::Unknown { .. } => return None,
        })
    }

    /// Whether handling the command may change when something falls due (a proposal, a
    /// timer, a round, a reminder…): the transports recompute the next wake-up only then.
    pub fn may_change_schedule(&self) -> bool {
        !matches!(
            self,
            Command::Punch(PunchCmd::Add { .. })
                | Command::Hours { .. }
                | Command::Projects
                | Command::Help { .. }
                | Command::Proposals
                | Command::Proposal { .. }
                | Command::Reminders
                | Command::Minutes
                | Command::Attendance { .. }
                | Command::Membership
                | Command::Unknown { .. }
        )
    }

    /// Whether the command changes the record (refused to non-members).
    pub fn writes(&self) -> bool {
        match self {
            // Reading the last summary is for everyone.
            Command::Standup(StandupCmd::Last) => false,
            other => other.verb().is_some_and(|v| v.spec().writes),
        }
    }
}

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

pub(crate) fn usage(verb: Verb) -> UsageError {
    UsageError { verb, hint: None }
}

pub(crate) fn hint(verb: Verb, hint: &'static str) -> UsageError {
    UsageError { verb, hint: Some(hint) }
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
        Verb::Proposals => match first {
            None => Ok(Command::Proposals),
            Some(_) => Err(usage(verb)),
        },
        Verb::Propose => parse_propose(args),
        Verb::Punch => hours::parse_punch(args),
        Verb::Project => hours::parse_project(args),
        Verb::Projects => match first {
            None => Ok(Command::Projects),
            Some(_) => Err(usage(verb)),
        },
        Verb::Hours => hours::parse_hours(args),
        Verb::Standup
        | Verb::Next
        | Verb::Pass
        | Verb::Skip
        | Verb::Later
        | Verb::Meeting
        | Verb::Here
        | Verb::Topic
        | Verb::Agreed
        | Verb::Action
        | Verb::Decide
        | Verb::Minutes
        | Verb::Absent
        | Verb::Attendance
        | Verb::Membership
        | Verb::Update => meetings::parse(verb, args),
        Verb::Remind | Verb::Reminders | Verb::Unremind => remind::parse(verb, args),
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
        Verb::Unveto | Verb::Withdraw | Verb::Proposal => {
            let id = id_arg(verb, first)?;
            if words.next().is_some() {
                return Err(usage(verb));
            }
            Ok(match verb {
                Verb::Unveto => Command::Unveto { id },
                Verb::Withdraw => Command::Withdraw { id },
                _ => Command::Proposal { id },
            })
        }
    }
}

fn id_arg(verb: Verb, word: Option<&str>) -> Result<ProposalId, UsageError> {
    match word {
        None => Err(usage(verb)),
        Some(w) => ProposalId::parse(w).ok_or(hint(verb, "hint-bad-id")),
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
mod tests {
    use super::*;

    /// The command a line parses to; the test fails if it is not one.
    pub(super) fn ok(s: &str) -> Command {
        parse(s)
            .unwrap_or_else(|| panic!("{s} not a command"))
            .unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    /// The usage error a line gets; the test fails if it parses.
    pub(super) fn err(s: &str) -> UsageError {
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

    #[test]
    fn every_verb_has_a_french_name_it_accepts() {
        for s in VERBS {
            assert_eq!(Verb::lookup(s.fr_name), Some(s.verb));
            assert_eq!(Verb::lookup(s.id), Some(s.verb));
        }
    }
}
