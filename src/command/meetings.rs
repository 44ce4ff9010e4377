//! Arguments of the stand-up, meeting and attendance commands: `!standup`, `!next`,
//! `!pass`, `!skip`, `!later`, `!meeting`, `!here`, `!topic`, `!agreed`, `!action`,
//! `!decide`, `!minutes`, `!absent`, `!attendance`, `!membership`, `!update` (their
//! usage lines are the catalogs' `usage-<command>`; the README describes each).

use chrono::NaiveDate;

use super::args::{rest_text, split_word};
use super::hours::period_word;
use super::{Command, UsageError, Verb, hint, usage};
use crate::domain::proposal::ProposalId;
use crate::i18n::Word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandupCmd {
    Start,
    Join,
    End,
    Last,
}

/// A day of an absence, resolved against the member's today by the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbsentDay {
    Today,
    Tomorrow,
    Date(NaiveDate),
}

impl AbsentDay {
    fn parse(w: &str) -> Option<AbsentDay> {
        if Word::Today.matches(w) {
            Some(AbsentDay::Today)
        } else if Word::Tomorrow.matches(w) {
            Some(AbsentDay::Tomorrow)
        } else {
            NaiveDate::parse_from_str(&w.to_lowercase(), "%Y-%m-%d")
                .ok()
                .map(AbsentDay::Date)
        }
    }

    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            AbsentDay::Today => today,
            AbsentDay::Tomorrow => today.succ_opt().unwrap_or(today),
            AbsentDay::Date(d) => d,
        }
    }
}

/// A command that takes no argument.
pub(super) fn no_args(verb: Verb, args: &str, cmd: Command) -> Result<Command, UsageError> {
    if args.trim().is_empty() {
        Ok(cmd)
    } else {
        Err(usage(verb))
    }
}

/// `!standup [start|join|end|last]`.
pub(super) fn standup(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Standup;
    let (first, rest) = split_word(args);
    let sub = if first.is_empty() || Word::Start.matches(first) {
        StandupCmd::Start
    } else if Word::Join.matches(first) {
        StandupCmd::Join
    } else if Word::End.matches(first) {
        StandupCmd::End
    } else if Word::Last.matches(first) {
        StandupCmd::Last
    } else {
        return Err(usage(verb));
    };
    if !rest.is_empty() {
        return Err(usage(verb));
    }
    Ok(Command::Standup(sub))
}

/// `!skip <name>`.
pub(super) fn skip(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Skip;
    match split_word(args) {
        ("", _) => Err(hint(verb, "hint-missing-name")),
        (name, "") => Ok(Command::Skip {
            name: name.trim_start_matches('@').to_owned(),
        }),
        _ => Err(usage(verb)),
    }
}

/// `!meeting start <committee>`, `!meeting end`.
pub(super) fn meeting(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Meeting;
    let (first, rest) = split_word(args);
    match (first, split_word(rest)) {
        (w, (committee, "")) if Word::Start.matches(w) && !committee.is_empty() => Ok(Command::MeetingStart {
            committee: committee.to_lowercase(),
        }),
        (w, ("", _)) if Word::Start.matches(w) => Err(hint(verb, "hint-missing-committee")),
        (w, ("", "")) if Word::End.matches(w) => Ok(Command::MeetingEnd),
        _ => Err(usage(verb)),
    }
}

/// `!action <who> <what>`.
pub(super) fn action(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Action;
    match split_word(args) {
        ("", _) => Err(hint(verb, "hint-missing-name")),
        (_, "") => Err(hint(verb, "hint-missing-text")),
        (who, what) => Ok(Command::Action {
            who: who.trim_start_matches('@').to_owned(),
            what: rest_text(verb, what, "hint-missing-text")?,
        }),
    }
}

/// `!decide <id> adopted|rejected [note]`.
pub(super) fn decide(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Decide;
    let (first, rest) = split_word(args);
    let id = ProposalId::parse(first).ok_or(if first.is_empty() {
        usage(verb)
    } else {
        hint(verb, "hint-bad-id")
    })?;
    let (outcome, note) = split_word(rest);
    let adopted = if Word::Adopted.matches(outcome) {
        true
    } else if Word::Rejected.matches(outcome) {
        false
    } else {
        return Err(hint(verb, "hint-decide-outcome"));
    };
    let note = if note.is_empty() {
        None
    } else {
        Some(rest_text(verb, note, "hint-missing-text")?)
    };
    Ok(Command::Decide { id, adopted, note })
}

/// `!absent <day|from..to> <reason>`.
pub(super) fn absent(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Absent;
    let (first, rest) = split_word(args);
    let (from, to) = match first.split_once("..") {
        Some((a, b)) => (AbsentDay::parse(a), AbsentDay::parse(b)),
        None => (AbsentDay::parse(first), AbsentDay::parse(first)),
    };
    let (Some(from), Some(to)) = (from, to) else {
        return Err(if first.is_empty() {
            usage(verb)
        } else {
            hint(verb, "hint-bad-absence")
        });
    };
    let reason = rest_text(verb, rest, "hint-absent-reason")?;
    Ok(Command::Absent { from, to, reason })
}

/// `!attendance [name] [week|month|YYYY-MM]`, in either order.
pub(super) fn attendance(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Attendance;
    let (mut name, mut period) = (None, None);
    for w in args.split_whitespace() {
        match (period_word(w), period.is_none(), name.is_none()) {
            (Some(p), true, _) => period = Some(p),
            (None, _, true) => name = Some(w.trim_start_matches('@').to_owned()),
            _ => return Err(usage(verb)),
        }
    }
    Ok(Command::Attendance { name, period })
}

#[cfg(test)]
mod tests {
    use super::super::parse::tests::{err, ok};
    use super::*;
    use crate::command::{PeriodSpec, hint, usage};

    #[test]
    fn standup_forms() {
        assert_eq!(ok("!standup"), Command::Standup(StandupCmd::Start));
        assert_eq!(ok("!tour début"), Command::Standup(StandupCmd::Start));
        assert_eq!(ok("!standup join"), Command::Standup(StandupCmd::Join));
        assert_eq!(ok("!standup fin"), Command::Standup(StandupCmd::End));
        assert_eq!(ok("!standup last"), Command::Standup(StandupCmd::Last));
        assert_eq!(err("!standup dance"), usage(Verb::Standup));
        assert_eq!(ok("!done"), Command::Next);
        assert_eq!(ok("!suivant"), Command::Next);
        assert_eq!(ok("!passe"), Command::Pass);
        assert_eq!(ok("!skip @bob"), Command::Skip { name: "bob".into() });
        assert_eq!(err("!skip"), hint(Verb::Skip, "hint-missing-name"));
        assert_eq!(ok("!plustard"), Command::Later);
        assert_eq!(err("!next please"), usage(Verb::Next));
    }

    #[test]
    fn meeting_forms() {
        assert_eq!(
            ok("!meeting start Production"),
            Command::MeetingStart {
                committee: "production".into()
            }
        );
        assert_eq!(
            ok("!réunion début finance"),
            Command::MeetingStart {
                committee: "finance".into()
            }
        );
        assert_eq!(err("!meeting start"), hint(Verb::Meeting, "hint-missing-committee"));
        assert_eq!(ok("!meeting end"), Command::MeetingEnd);
        assert_eq!(ok("!présente"), Command::Here);
        assert_eq!(
            ok("!topic Budget 2027"),
            Command::Topic {
                text: "Budget 2027".into()
            }
        );
        assert_eq!(err("!topic"), hint(Verb::Topic, "hint-missing-text"));
        assert_eq!(
            ok("!action bob send the quote"),
            Command::Action {
                who: "bob".into(),
                what: "send the quote".into()
            }
        );
        assert_eq!(err("!action bob"), hint(Verb::Action, "hint-missing-text"));
        assert_eq!(
            ok("!decide 3 adopted after discussion"),
            Command::Decide {
                id: ProposalId(3),
                adopted: true,
                note: Some("after discussion".into())
            }
        );
        assert_eq!(
            ok("!décider #3 rejetée"),
            Command::Decide {
                id: ProposalId(3),
                adopted: false,
                note: None
            }
        );
        assert_eq!(err("!decide 3 maybe"), hint(Verb::Decide, "hint-decide-outcome"));
        assert_eq!(err("!decide x adopted"), hint(Verb::Decide, "hint-bad-id"));
    }

    #[test]
    fn attendance_forms() {
        let d = |s: &str| AbsentDay::Date(s.parse().unwrap());
        assert_eq!(
            ok("!absent 2026-12-01..2026-12-15 parental leave"),
            Command::Absent {
                from: d("2026-12-01"),
                to: d("2026-12-15"),
                reason: "parental leave".into()
            }
        );
        assert_eq!(
            ok("!absente demain malade"),
            Command::Absent {
                from: AbsentDay::Tomorrow,
                to: AbsentDay::Tomorrow,
                reason: "malade".into()
            }
        );
        assert_eq!(err("!absent 2026-12-01"), hint(Verb::Absent, "hint-absent-reason"));
        assert_eq!(err("!absent soon sick"), hint(Verb::Absent, "hint-bad-absence"));
        assert_eq!(
            ok("!attendance"),
            Command::Attendance {
                name: None,
                period: None
            }
        );
        assert_eq!(
            ok("!présences alice mois"),
            Command::Attendance {
                name: Some("alice".into()),
                period: Some(PeriodSpec::Month)
            }
        );
        assert_eq!(ok("!membership"), Command::Membership);
        assert_eq!(
            ok("!update help: a reviewer"),
            Command::Update {
                text: "help: a reviewer".into()
            }
        );
    }
}
