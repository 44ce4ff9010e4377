//! Arguments of the hours commands: `!punch`, `!project add` and `!hours` (their usage
//! lines are the catalogs' `usage-punch`, `usage-project`, `usage-hours`; the README
//! lists the forms).

use super::args::{next_word, note, project_arg, row_id};
use super::{Command, UsageError, Verb, hint, usage};
use crate::domain::duration::{DurationError, WorkDuration};
use crate::domain::punch::{DaySpec, Period};
use crate::i18n::Word;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PunchCmd {
    /// `!punch <duration> <project> [day] [volunteer] [note]`
    Add {
        duration: WorkDuration,
        project: String,
        day: Option<DaySpec>,
        volunteer: bool,
        note: Option<String>,
    },
    /// `!punch in <project> [volunteer] [note]`
    In {
        project: String,
        volunteer: bool,
        note: Option<String>,
    },
    /// `!punch out [note]`
    Out {
        note: Option<String>,
    },
    Status,
    Undo,
    /// `!punch delete <id>`
    Delete {
        id: i64,
    },
    /// `!punch edit <id> <duration> [project]`
    Edit {
        id: i64,
        duration: WorkDuration,
        project: Option<String>,
    },
}

/// Which period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSpec {
    Week,
    Month,
    Explicit(Period),
}

/// Whose hours a report shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Mine,
    All,
    /// A project or a member, resolved by the core.
    Named(String),
}

fn duration_hint(e: DurationError) -> &'static str {
    match e {
        DurationError::Malformed => "hint-bad-duration",
        DurationError::NotPositive => "hint-duration-positive",
        DurationError::TooLong => "hint-duration-too-long",
    }
}

pub(super) fn parse_punch(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Punch;
    let Some((first, rest)) = next_word(args) else {
        return Err(usage(verb));
    };
    let only = |cmd: PunchCmd| {
        if rest.is_empty() {
            Ok(Command::Punch(cmd))
        } else {
            Err(usage(verb))
        }
    };
    if Word::PunchIn.matches(first) {
        let Some((project, rest)) = next_word(rest) else {
            return Err(hint(verb, "hint-missing-project"));
        };
        let project = project_arg(verb, project)?;
        let (volunteer, rest) = match next_word(rest) {
            Some((w, r)) if Word::Volunteer.matches(w) => (true, r),
            _ => (false, rest),
        };
        Ok(Command::Punch(PunchCmd::In {
            project,
            volunteer,
            note: note(rest, verb)?,
        }))
    } else if Word::PunchOut.matches(first) {
        Ok(Command::Punch(PunchCmd::Out {
            note: note(rest, verb)?,
        }))
    } else if Word::PunchStatus.matches(first) {
        only(PunchCmd::Status)
    } else if Word::PunchUndo.matches(first) {
        only(PunchCmd::Undo)
    } else if Word::PunchEdit.matches(first) {
        let Some((id, rest)) = next_word(rest) else {
            return Err(usage(verb));
        };
        let id = row_id(id).ok_or(hint(verb, "hint-bad-entry-id"))?;
        let Some((duration, rest)) = next_word(rest) else {
            return Err(hint(verb, "hint-bad-duration"));
        };
        let duration = WorkDuration::parse(duration).map_err(|e| hint(verb, duration_hint(e)))?;
        let project = match next_word(rest) {
            None => None,
            Some((p, "")) => Some(project_arg(verb, p)?),
            Some(_) => return Err(usage(verb)),
        };
        Ok(Command::Punch(PunchCmd::Edit { id, duration, project }))
    } else if Word::PunchDelete.matches(first) {
        let Some((id, tail)) = next_word(rest) else {
            return Err(usage(verb));
        };
        match (row_id(id), tail.is_empty()) {
            (Some(id), true) => Ok(Command::Punch(PunchCmd::Delete { id })),
            (None, _) => Err(hint(verb, "hint-bad-entry-id")),
            (Some(_), false) => Err(usage(verb)),
        }
    } else if WorkDuration::looks_like(first) {
        parse_punch_add(first, rest)
    } else {
        Err(hint(verb, "hint-bad-duration"))
    }
}

/// `<duration> <project> [day] [volunteer] [note]`; the duration may be two words
/// (`2 h`, `1h 30m`); the day and the volunteer flag come in either order.
fn parse_punch_add(first: &str, rest: &str) -> Result<Command, UsageError> {
    let verb = Verb::Punch;
    let (duration_text, rest) = match next_word(rest) {
        // A unit word of any language is read as its symbol: `3 heures` is `3h`.
        Some((second, after)) if Word::HourUnit.matches(second) => (format!("{first}h"), after),
        Some((second, after)) if Word::MinuteUnit.matches(second) => (format!("{first}min"), after),
        Some((second, after))
            if first.to_lowercase().ends_with('h')
                && second.trim_end_matches(['m', 'M']).bytes().all(|b| b.is_ascii_digit())
                && !second.trim_end_matches(['m', 'M']).is_empty() =>
        {
            (format!("{first}{}", second.to_lowercase()), after)
        }
        _ => (first.to_owned(), rest),
    };
    let duration = WorkDuration::parse(&duration_text).map_err(|e| hint(verb, duration_hint(e)))?;
    let Some((project, mut rest)) = next_word(rest) else {
        return Err(hint(verb, "hint-missing-project"));
    };
    let project = project_arg(verb, project)?;
    let (mut day, mut volunteer) = (None, false);
    while let Some((w, after)) = next_word(rest) {
        if day.is_none()
            && let Some(d) = DaySpec::parse(w)
        {
            day = Some(d);
        } else if !volunteer && Word::Volunteer.matches(w) {
            volunteer = true;
        } else if day.is_none() && looks_like_date(w) {
            return Err(hint(verb, "hint-bad-date"));
        } else {
            break;
        }
        rest = after;
    }
    Ok(Command::Punch(PunchCmd::Add {
        duration,
        project,
        day,
        volunteer,
        note: note(rest, verb)?,
    }))
}

fn looks_like_date(w: &str) -> bool {
    let parts: Vec<&str> = w.split('-').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn parse_project(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Project;
    match (next_word(args), next_word(args).and_then(|(_, r)| next_word(r))) {
        (Some((sub, _)), Some((name, tail))) if Word::Add.matches(sub) => {
            if !tail.is_empty() {
                return Err(hint(verb, "hint-bad-project-name"));
            }
            let name = project_arg(verb, name)?;
            Ok(Command::ProjectAdd { name })
        }
        _ => Err(usage(verb)),
    }
}

/// `!hours [week|month|YYYY-MM] [all|<project>|<member>]`, in either order.
pub(super) fn parse_hours(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Hours;
    let (mut period, mut subject) = (None, None);
    let mut rest = args;
    while let Some((w, after)) = next_word(rest) {
        let lw = w.to_lowercase();
        match (period_word(w), period.is_none(), subject.is_none()) {
            (Some(p), true, _) => period = Some(p),
            (None, _, true) if looks_like_month(&lw) => return Err(hint(verb, "hint-bad-month")),
            (None, _, true) => {
                subject = Some(if Word::All.matches(&lw) {
                    Subject::All
                } else if Word::Mine.matches(&lw) {
                    Subject::Mine
                } else {
                    Subject::Named(lw)
                })
            }
            _ => return Err(usage(verb)),
        }
        rest = after;
    }
    Ok(Command::Hours {
        period: period.unwrap_or(PeriodSpec::Week),
        subject: subject.unwrap_or(Subject::Mine),
    })
}

/// `week`, `month` (any language) or `YYYY-MM`.
pub(super) fn period_word(w: &str) -> Option<PeriodSpec> {
    if Word::Week.matches(w) {
        Some(PeriodSpec::Week)
    } else if Word::Month.matches(w) {
        Some(PeriodSpec::Month)
    } else {
        Period::parse_month(&w.to_lowercase()).map(PeriodSpec::Explicit)
    }
}

fn looks_like_month(w: &str) -> bool {
    w.split_once('-').is_some_and(|(y, m)| {
        y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && m.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse::tests::{err, ok};
    use super::*;
    use crate::command::MAX_PROJECT_CHARS;
    use chrono::Weekday;

    fn add(s: &str) -> (u32, String, Option<DaySpec>, bool, Option<String>) {
        match ok(s) {
            Command::Punch(PunchCmd::Add {
                duration,
                project,
                day,
                volunteer,
                note,
            }) => (duration.minutes(), project, day, volunteer, note),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn punch_forms() {
        assert_eq!(add("!punch 2h webdev"), (120, "webdev".into(), None, false, None));
        assert_eq!(
            add("!punch 2 h WebDev fixed the form"),
            (120, "webdev".into(), None, false, Some("fixed the form".into()))
        );
        assert_eq!(add("!punch 1h 30m hosting"), (90, "hosting".into(), None, false, None));
        assert_eq!(
            add("!punch 1,5h sysadmin hier bénévole mise à jour"),
            (
                90,
                "sysadmin".into(),
                Some(DaySpec::Yesterday),
                true,
                Some("mise à jour".into())
            )
        );
        assert_eq!(
            add("!punch 90m webdev volunteer monday review"),
            (
                90,
                "webdev".into(),
                Some(DaySpec::Last(Weekday::Mon)),
                true,
                Some("review".into())
            )
        );
        assert_eq!(add("!punch 3 heures compta"), (180, "compta".into(), None, false, None));
        assert_eq!(
            ok("!punch in webdev"),
            Command::Punch(PunchCmd::In {
                project: "webdev".into(),
                volunteer: false,
                note: None
            })
        );
        assert_eq!(
            ok("!punch début webdev bénévole x"),
            Command::Punch(PunchCmd::In {
                project: "webdev".into(),
                volunteer: true,
                note: Some("x".into())
            })
        );
        assert_eq!(
            ok("!punch out done"),
            Command::Punch(PunchCmd::Out {
                note: Some("done".into())
            })
        );
        assert_eq!(ok("!punch status"), Command::Punch(PunchCmd::Status));
        assert_eq!(ok("!punch annuler"), Command::Punch(PunchCmd::Undo));
        assert_eq!(ok("!punch delete #12"), Command::Punch(PunchCmd::Delete { id: 12 }));
        assert_eq!(
            ok("!punch modifier 12 1h30 hosting"),
            Command::Punch(PunchCmd::Edit {
                id: 12,
                duration: WorkDuration::from_minutes(90).unwrap(),
                project: Some("hosting".into())
            })
        );
        assert_eq!(err("!punch edit 12"), hint(Verb::Punch, "hint-bad-duration"));
    }

    #[test]
    fn punch_refusals() {
        assert_eq!(err("!punch"), usage(Verb::Punch));
        assert_eq!(err("!punch 2h"), hint(Verb::Punch, "hint-missing-project"));
        assert_eq!(err("!punch 0h webdev"), hint(Verb::Punch, "hint-duration-positive"));
        assert_eq!(err("!punch -2h webdev"), hint(Verb::Punch, "hint-duration-positive"));
        assert_eq!(err("!punch 25h webdev"), hint(Verb::Punch, "hint-duration-too-long"));
        assert_eq!(err("!punch 2x webdev"), hint(Verb::Punch, "hint-bad-duration"));
        assert_eq!(err("!punch webdev 2h"), hint(Verb::Punch, "hint-bad-duration"));
        assert_eq!(err("!punch 2h web/dev"), hint(Verb::Punch, "hint-bad-project-name"));
        let long = "p".repeat(MAX_PROJECT_CHARS + 1);
        assert_eq!(
            err(&format!("!punch 2h {long}")),
            hint(Verb::Punch, "hint-project-name-too-long")
        );
        assert_eq!(
            err(&format!("!project add {long}")),
            hint(Verb::Project, "hint-project-name-too-long")
        );
        assert_eq!(err("!punch 2h webdev 2026-02-30"), hint(Verb::Punch, "hint-bad-date"));
        assert_eq!(err("!punch status now"), usage(Verb::Punch));
        assert_eq!(err("!punch delete x"), hint(Verb::Punch, "hint-bad-entry-id"));
        assert_eq!(err("!punch in"), hint(Verb::Punch, "hint-missing-project"));
    }

    #[test]
    fn the_too_long_hint_says_the_real_limit() {
        for lang in crate::i18n::Lang::ALL {
            let text = crate::t!(lang, "hint-project-name-too-long");
            assert!(text.contains(&format!(" {MAX_PROJECT_CHARS} ")), "{text}");
        }
    }

    #[test]
    fn project_and_hours_forms() {
        assert_eq!(
            ok("!project add Care-Work"),
            Command::ProjectAdd {
                name: "care-work".into()
            }
        );
        assert_eq!(
            ok("!projet ajouter compta"),
            Command::ProjectAdd { name: "compta".into() }
        );
        assert_eq!(
            err("!project add two words"),
            hint(Verb::Project, "hint-bad-project-name")
        );
        assert_eq!(err("!project webdev"), usage(Verb::Project));
        assert_eq!(ok("!projects"), Command::Projects);
        assert_eq!(
            ok("!hours"),
            Command::Hours {
                period: PeriodSpec::Week,
                subject: Subject::Mine
            }
        );
        assert_eq!(
            ok("!heures mois tous"),
            Command::Hours {
                period: PeriodSpec::Month,
                subject: Subject::All
            }
        );
        assert_eq!(
            ok("!hours webdev 2026-10"),
            Command::Hours {
                period: PeriodSpec::Explicit(Period::parse_month("2026-10").unwrap()),
                subject: Subject::Named("webdev".into())
            }
        );
        assert_eq!(err("!hours 2026-13"), hint(Verb::Hours, "hint-bad-month"));
        assert_eq!(err("!hours month week"), usage(Verb::Hours));
        assert_eq!(err("!hours all webdev"), usage(Verb::Hours));
    }
}
