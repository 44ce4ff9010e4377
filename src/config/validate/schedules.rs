//! Everything that happens by itself at set times: `[scheduler]`, the meetings' reminders
//! (`meetings.reminders_before`), the membership nudge (`membership.nudge`) and the
//! `[[schedules]]` jobs (README, "Schedules and reminders").

use std::collections::HashSet;

use chrono::Duration;

use super::check::{not_one_of, one_of, parse_offset, problem, reminders};
use crate::config::raw::{RawConfig, RawSchedule};
use crate::config::{Meetings, Problem, ProblemKind, Schedule, ScheduleAction, Schedules};
use crate::domain::schedule::{OnHoliday, parse_when};

pub(super) fn schedules(raw: &RawConfig, meetings: &Meetings, p: &mut Vec<Problem>) -> Schedules {
    let stale_after = match parse_offset(&raw.scheduler.stale_after) {
        Some(d) if d >= Duration::minutes(1) => d,
        _ => {
            problem(
                p,
                "scheduler.stale_after",
                ProblemKind::BadDuration(raw.scheduler.stale_after.clone()),
            );
            Duration::hours(12)
        }
    };
    let meeting_reminders = reminders("meetings.reminders_before", &raw.meetings.reminders_before, p);
    let nudge = match raw.membership.nudge.trim() {
        "" => None,
        when => {
            let r = parse_when(when);
            if r.is_none() {
                problem(p, "membership.nudge", ProblemKind::BadSchedule(when.to_owned()));
            }
            r.map(|r| (when.to_owned(), r))
        }
    };
    let mut names = HashSet::new();
    let mut jobs = Vec::new();
    for (i, job) in raw.schedules.iter().enumerate() {
        let path = format!("schedules[{i}]");
        let name = job.name.trim().to_owned();
        if name.is_empty() || name.contains(char::is_whitespace) {
            problem(p, format!("{path}.name"), ProblemKind::Empty);
        } else if !names.insert(name.clone()) {
            problem(p, format!("{path}.name"), ProblemKind::Duplicate(name.clone()));
        }
        let when = parse_when(&job.when);
        if when.is_none() {
            problem(p, format!("{path}.when"), ProblemKind::BadSchedule(job.when.clone()));
        }
        let action = action(job, &path, meetings, p);
        let on_holiday = match &job.on_holiday {
            None => Some(OnHoliday::Skip),
            Some(value) => one_of(
                &format!("{path}.on_holiday"),
                value,
                &[
                    ("skip", OnHoliday::Skip),
                    ("next-working-day", OnHoliday::NextWorkingDay),
                ],
                p,
            ),
        }
        .unwrap_or(OnHoliday::Skip);
        if let (Some(when), Some(action)) = (when, action) {
            jobs.push(Schedule {
                name,
                spec: format!("{} | {} | {:?}", job.when.trim(), job.action.trim(), on_holiday),
                when,
                action,
                room: job.room.as_ref().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()),
                on_holiday,
            });
        }
    }
    Schedules {
        stale_after,
        meeting_reminders,
        membership_nudge: nudge,
        jobs,
    }
}

#[derive(Clone, Copy)]
enum Action {
    Standup,
    Digest,
    Announce,
    Message,
}

/// A job's action, with the key it needs: `meeting` for `announce` (production,
/// reflection or a committee), `text` for `message`.
fn action(job: &RawSchedule, path: &str, meetings: &Meetings, p: &mut Vec<Problem>) -> Option<ScheduleAction> {
    let allowed = [
        ("standup", Action::Standup),
        ("digest", Action::Digest),
        ("announce", Action::Announce),
        ("message", Action::Message),
    ];
    match one_of(&format!("{path}.action"), &job.action, &allowed, p)? {
        Action::Standup => Some(ScheduleAction::Standup),
        Action::Digest => Some(ScheduleAction::Digest),
        Action::Announce => match job.meeting.as_deref().map(str::trim) {
            Some(m) if m == "production" || m == "reflection" || meetings.committees.iter().any(|c| c.name == m) => {
                Some(ScheduleAction::Announce {
                    committee: m.to_owned(),
                })
            }
            Some(m) => {
                not_one_of(&format!("{path}.meeting"), m, "production, reflection, a committee", p);
                None
            }
            None => {
                problem(
                    p,
                    format!("{path}.meeting"),
                    ProblemKind::Required("action = \"announce\"".into()),
                );
                None
            }
        },
        Action::Message => match job.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Some(ScheduleAction::Message { text: t.to_owned() }),
            None => {
                problem(
                    p,
                    format!("{path}.text"),
                    ProblemKind::Required("action = \"message\"".into()),
                );
                None
            }
        },
    }
}
