//! Parsing of the stand-up, meeting and attendance commands (SPEC §5).

use chrono::NaiveDate;

use super::hours::PeriodSpec;
use super::{Command, MAX_TEXT_CHARS, UsageError, Verb, hint, usage};
use crate::domain::proposal::ProposalId;
use crate::domain::punch::Period;

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
        match w.to_lowercase().as_str() {
            "today" | "aujourd'hui" | "aujourd’hui" | "auj" => Some(AbsentDay::Today),
            "tomorrow" | "demain" => Some(AbsentDay::Tomorrow),
            other => NaiveDate::parse_from_str(other, "%Y-%m-%d").ok().map(AbsentDay::Date),
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

fn rest_text(verb: Verb, args: &str, missing: &'static str) -> Result<String, UsageError> {
    let text = args.trim();
    if text.is_empty() {
        return Err(hint(verb, missing));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(hint(verb, "hint-too-long"));
    }
    Ok(text.to_owned())
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim();
    s.split_once(char::is_whitespace)
        .map_or((s, ""), |(w, r)| (w, r.trim()))
}

fn one_of(word: &str, names: &[&str]) -> bool {
    names.contains(&word.to_lowercase().as_str())
}

const START: &[&str] = &["start", "begin", "début", "debut", "commencer"];
const END: &[&str] = &["end", "stop", "fin", "terminer"];

pub(super) fn parse(verb: Verb, args: &str) -> Result<Command, UsageError> {
    let (first, rest) = split_word(args);
    let no_args = |cmd: Command| {
        if args.trim().is_empty() {
            Ok(cmd)
        } else {
            Err(usage(verb))
        }
    };
    match verb {
        Verb::Standup => {
            let sub = match first.to_lowercase().as_str() {
                "" => StandupCmd::Start,
                w if START.contains(&w) => StandupCmd::Start,
                "join" | "rejoindre" => StandupCmd::Join,
                w if END.contains(&w) => StandupCmd::End,
                "last" | "dernier" => StandupCmd::Last,
                _ => return Err(usage(verb)),
            };
            if !rest.is_empty() {
                return Err(usage(verb));
            }
            Ok(Command::Standup(sub))
        }
        Verb::Next => no_args(Command::Next),
        Verb::Pass => no_args(Command::Pass),
        Verb::Later => no_args(Command::Later),
        Verb::Here => no_args(Command::Here),
        Verb::Minutes => no_args(Command::Minutes),
        Verb::Membership => no_args(Command::Membership),
        Verb::Skip => match (first, rest) {
            ("", _) => Err(hint(verb, "hint-missing-name")),
            (name, "") => Ok(Command::Skip {
                name: name.trim_start_matches('@').to_owned(),
            }),
            _ => Err(usage(verb)),
        },
        Verb::Meeting => match (first, split_word(rest)) {
            (w, (committee, "")) if one_of(w, START) && !committee.is_empty() => Ok(Command::MeetingStart {
                committee: committee.to_lowercase(),
            }),
            (w, ("", _)) if one_of(w, START) => Err(hint(verb, "hint-missing-committee")),
            (w, ("", "")) if one_of(w, END) => Ok(Command::MeetingEnd),
            _ => Err(usage(verb)),
        },
        Verb::Topic => Ok(Command::Topic {
            text: rest_text(verb, args, "hint-missing-text")?,
        }),
        Verb::Agreed => Ok(Command::Agreed {
            text: rest_text(verb, args, "hint-missing-text")?,
        }),
        Verb::Update => Ok(Command::Update {
            text: rest_text(verb, args, "hint-missing-text")?,
        }),
        Verb::Action => match (first, rest) {
            ("", _) => Err(hint(verb, "hint-missing-name")),
            (_, "") => Err(hint(verb, "hint-missing-text")),
            (who, what) => Ok(Command::Action {
                who: who.trim_start_matches('@').to_owned(),
                what: rest_text(verb, what, "hint-missing-text")?,
            }),
        },
        Verb::Decide => {
            let id = ProposalId::parse(first).ok_or(if first.is_empty() {
                usage(verb)
            } else {
                hint(verb, "hint-bad-id")
            })?;
            let (outcome, note) = split_word(rest);
            let adopted = match outcome.to_lowercase().as_str() {
                "adopted" | "adopt" | "adopté" | "adoptée" | "adopte" | "adoptee" | "oui" | "yes" => true,
                "rejected" | "reject" | "rejeté" | "rejetée" | "rejete" | "rejetee" | "non" | "no" => false,
                _ => return Err(hint(verb, "hint-decide-outcome")),
            };
            let note = if note.is_empty() {
                None
            } else {
                Some(rest_text(verb, note, "hint-missing-text")?)
            };
            Ok(Command::Decide { id, adopted, note })
        }
        Verb::Absent => {
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
        Verb::Attendance => {
            let (mut name, mut period) = (None, None);
            for w in args.split_whitespace() {
                let lw = w.to_lowercase();
                let p = match lw.as_str() {
                    "week" | "semaine" => Some(PeriodSpec::Week),
                    "month" | "mois" => Some(PeriodSpec::Month),
                    _ => Period::parse_month(&lw).map(PeriodSpec::Explicit),
                };
                match (p, period.is_none(), name.is_none()) {
                    (Some(p), true, _) => period = Some(p),
                    (None, _, true) => name = Some(w.trim_start_matches('@').to_owned()),
                    _ => return Err(usage(verb)),
                }
            }
            Ok(Command::Attendance { name, period })
        }
        _ => Err(usage(verb)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{err, ok};
    use super::*;

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
