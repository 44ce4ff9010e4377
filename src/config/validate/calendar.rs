//! `[calendar]` (working days, holidays) and `[meetings]` (the production and reflection
//! meetings, the committees, where minutes go, the roles of the facilitation team).

use std::collections::HashSet;
use std::path::Path;

use chrono_tz::Tz;

use chrono::Duration;

use super::check::{in_range, not_blank, parse_offset, problem, recurrence};
use crate::config::raw::{RawCalendar, RawMeetings, RawRoles};
use crate::config::{Committee, Meetings, Problem, ProblemKind, Roles, TimeBoxes, date_from_str, weekday_from_str};
use crate::domain::agenda::MAX_TIME_BOX;
use crate::domain::calendar::{Calendar, quebec_statutory_holidays};
use crate::domain::duration::WorkDuration;

/// Years for which computed holidays are generated: far beyond any deadline konbit sets.
const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub(super) fn calendar(raw: &RawCalendar, tz: Tz, p: &mut Vec<Problem>) -> Calendar {
    let mut days = Vec::new();
    for (i, d) in raw.working_days.iter().enumerate() {
        match weekday_from_str(d) {
            Some(w) => days.push(w),
            None => problem(
                p,
                format!("calendar.working_days[{i}]"),
                ProblemKind::UnknownWeekday(d.clone()),
            ),
        }
    }
    if raw.working_days.is_empty() {
        problem(p, "calendar.working_days", ProblemKind::NoWorkingDays);
    }
    let mut holidays = Vec::new();
    let mut seen = HashSet::new();
    for (i, h) in raw.holidays.iter().enumerate() {
        let path = format!("calendar.holidays[{i}].date");
        match date_from_str(&h.date) {
            Some(d) if !seen.insert(d) => problem(p, path, ProblemKind::Duplicate(h.date.clone())),
            Some(d) => holidays.push(d),
            None => problem(p, path, ProblemKind::BadDate(h.date.clone())),
        }
    }
    if raw.quebec_holidays {
        holidays.extend(HOLIDAY_YEARS.flat_map(quebec_statutory_holidays));
    }
    Calendar::new(tz, &days, holidays)
}

pub(super) fn meetings(raw: &RawMeetings, base_dir: &Path, p: &mut Vec<Problem>) -> Meetings {
    let production = raw
        .production
        .as_ref()
        .and_then(|r| recurrence("meetings.production", &r.weekday, &r.time, r.nth, p));
    let reflection = raw
        .reflection
        .as_ref()
        .and_then(|r| recurrence("meetings.reflection", &r.weekday, &r.time, r.nth, p));
    let mut names = HashSet::new();
    let mut committees = Vec::new();
    for (i, c) in raw.committees.iter().enumerate() {
        let path = format!("meetings.committees[{i}]");
        let name = c.name.trim().to_lowercase();
        if name.is_empty() || name.contains(char::is_whitespace) {
            problem(p, format!("{path}.name"), ProblemKind::Empty);
        } else if !names.insert(name.clone()) || name == "production" || name == "reflection" {
            problem(p, format!("{path}.name"), ProblemKind::Duplicate(c.name.clone()));
        }
        let schedule = match (&c.weekday, &c.time) {
            (Some(w), Some(t)) => recurrence(&path, w, t, c.nth, p),
            (None, None) => None,
            (Some(_), None) => {
                problem(p, format!("{path}.time"), ProblemKind::Required("weekday".into()));
                None
            }
            (None, Some(_)) => {
                problem(p, format!("{path}.weekday"), ProblemKind::Required("time".into()));
                None
            }
        };
        let roles = c.roles.as_ref().map(|r| role_list(&format!("{path}.roles"), r, p));
        committees.push(Committee { name, schedule, roles });
    }
    not_blank("meetings.minutes_dir", &raw.minutes_dir, p);
    let url = raw.minutes_url.trim();
    let tb = &raw.time_boxes;
    let time_boxes = TimeBoxes {
        info: time_box("meetings.time_boxes.info", &tb.info, 5, p),
        brainstorm: time_box("meetings.time_boxes.brainstorm", &tb.brainstorm, 20, p),
        decision: time_box("meetings.time_boxes.decision", &tb.decision, 15, p),
    };
    let target_share = raw.target_share.as_deref().and_then(|s| {
        let share = crate::domain::share::Share::parse(s);
        if share.is_none() {
            problem(p, "meetings.target_share", ProblemKind::BadShare(s.to_owned()));
        }
        share
    });
    Meetings {
        target_share,
        production,
        reflection,
        committees,
        minutes_dir: base_dir.join(raw.minutes_dir.trim()),
        minutes_url: (!url.is_empty()).then(|| url.to_owned()),
        time_boxes,
        roles: roles(raw.roles.as_ref(), p),
    }
}

/// `[meetings.roles]`.
fn roles(raw: Option<&RawRoles>, p: &mut Vec<Problem>) -> Roles {
    let Some(raw) = raw else {
        // No section: no team drawn, but a committee may still list its own roles.
        let defaults = RawRoles::default();
        return Roles {
            draw_before: Duration::days(3),
            newcomer_meetings: defaults.newcomer_meetings as u32,
            production: Vec::new(),
            reflection: Vec::new(),
            committees: Vec::new(),
        };
    };
    let draw_before = match parse_offset(raw.draw_before.trim()) {
        Some(d) if d <= Duration::days(MAX_DRAW_BEFORE_DAYS) => d,
        _ => {
            problem(
                p,
                "meetings.roles.draw_before",
                ProblemKind::BadDuration(raw.draw_before.clone()),
            );
            Duration::days(3)
        }
    };
    Roles {
        draw_before,
        newcomer_meetings: in_range("meetings.roles.newcomer_meetings", raw.newcomer_meetings, 0..=52, p) as u32,
        production: role_list("meetings.roles.production", &raw.production, p),
        reflection: role_list("meetings.roles.reflection", &raw.reflection, p),
        committees: role_list("meetings.roles.committees", &raw.committees, p),
    }
}

/// The longest `draw_before`: four weeks.
const MAX_DRAW_BEFORE_DAYS: i64 = 28;

/// Most roles a meeting has.
const MAX_ROLES: usize = 8;

/// A list of role names at `path`: each a word or a few (`facilitator`, `note-taker`,
/// `cook`), at most 40 characters, no two naming the same role, at most [`MAX_ROLES`].
fn role_list(path: &str, values: &[String], p: &mut Vec<Problem>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let role = v.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if role.is_empty() || !role.chars().any(char::is_alphanumeric) {
            problem(p, at, ProblemKind::Empty);
        } else if role.chars().count() > 40 {
            problem(p, at, ProblemKind::RoleNameTooLong(v.clone()));
        } else if crate::domain::roles::role_named(&out, &role).is_some() {
            problem(p, at, ProblemKind::Duplicate(v.clone()));
        } else {
            out.push(role);
        }
    }
    if values.len() > MAX_ROLES {
        problem(
            p,
            path,
            ProblemKind::OutOfRange {
                value: values.len() as i64,
                min: 0,
                max: MAX_ROLES as i64,
            },
        );
        out.truncate(MAX_ROLES);
    }
    out
}

/// A default time box (`5m`, `1h`): whole minutes, at most [`MAX_TIME_BOX`].
fn time_box(path: &str, value: &str, fallback: u32, p: &mut Vec<Problem>) -> u32 {
    match WorkDuration::parse(value) {
        Ok(d) if d.minutes() <= MAX_TIME_BOX => d.minutes(),
        _ => {
            problem(p, path, ProblemKind::BadDuration(value.to_owned()));
            fallback
        }
    }
}
