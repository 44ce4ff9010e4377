//! `[calendar]` (working days, holidays) and `[meetings]` (the production and reflection
//! meetings, the committees, where minutes go).

use std::collections::HashSet;
use std::path::Path;

use chrono_tz::Tz;

use super::check::{not_blank, problem, recurrence};
use crate::config::raw::{RawCalendar, RawMeetings};
use crate::config::{Committee, Meetings, Problem, ProblemKind, TimeBoxes, date_from_str, weekday_from_str};
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
        committees.push(Committee { name, schedule });
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
    }
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
