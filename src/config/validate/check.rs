//! Small checks shared by the section validators. Each one pushes a [`Problem`] at the key
//! path it is given when the value is wrong and still returns something usable, so that
//! validation goes on and `konbit check-config` reports every problem at once (the
//! configuration is refused as a whole when any problem was found, so a stand-in value
//! never reaches a running bot).

use std::ops::RangeInclusive;

use chrono::Duration;
use chrono_tz::Tz;

use crate::config::{Problem, ProblemKind, weekday_from_str};
use crate::domain::calendar::Recurrence;
use crate::i18n::Lang;

/// Records `kind` at `path`.
pub(super) fn problem(p: &mut Vec<Problem>, path: impl Into<String>, kind: ProblemKind) {
    p.push(Problem::new(path, kind));
}

/// `value` when it lies in `range`; otherwise an out-of-range problem at `path`, and the
/// nearest bound.
pub(super) fn in_range(path: &str, value: i64, range: RangeInclusive<i64>, p: &mut Vec<Problem>) -> i64 {
    let (min, max) = (*range.start(), *range.end());
    if !range.contains(&value) {
        problem(p, path, ProblemKind::OutOfRange { value, min, max });
    }
    value.clamp(min, max)
}

/// What `value` (trimmed) stands for among `allowed`; otherwise a problem at `path` that
/// lists the allowed words, and `None`.
pub(super) fn one_of<T: Copy>(path: &str, value: &str, allowed: &[(&str, T)], p: &mut Vec<Problem>) -> Option<T> {
    let value = value.trim();
    let found = allowed.iter().find(|(word, _)| *word == value).map(|(_, v)| *v);
    if found.is_none() {
        let words: Vec<&str> = allowed.iter().map(|(word, _)| *word).collect();
        not_one_of(path, value, &words.join(", "), p);
    }
    found
}

/// Records that `value` is not one of `allowed` (a description, such as `production,
/// reflection, a committee`).
pub(super) fn not_one_of(path: &str, value: &str, allowed: &str, p: &mut Vec<Problem>) {
    problem(
        p,
        path,
        ProblemKind::OneOf {
            value: value.to_owned(),
            allowed: allowed.to_owned(),
        },
    );
}

/// Whether `value` holds something besides spaces; an "empty" problem at `path` if not.
pub(super) fn not_blank(path: &str, value: &str, p: &mut Vec<Problem>) -> bool {
    let ok = !value.trim().is_empty();
    if !ok {
        problem(p, path, ProblemKind::Empty);
    }
    ok
}

/// An IANA time zone name (`America/Montreal`); Montréal's when it is unknown.
pub(super) fn time_zone(path: &str, value: &str, p: &mut Vec<Problem>) -> Tz {
    value.trim().parse::<Tz>().unwrap_or_else(|_| {
        problem(p, path, ProblemKind::UnknownTimeZone(value.to_owned()));
        chrono_tz::America::Montreal
    })
}

/// A language konbit speaks (`en`, `fr`).
pub(super) fn language(path: &str, value: &str, p: &mut Vec<Problem>) -> Option<Lang> {
    let lang = Lang::parse(value);
    if lang.is_none() {
        problem(p, path, ProblemKind::UnknownLanguage(value.to_owned()));
    }
    lang
}

/// A list of durations (`24h`, `90m`, `1h30`) in whole minutes, each at
/// `{path}[{index}]`, without duplicates, in the order written.
pub(super) fn reminders(path: &str, values: &[String], p: &mut Vec<Problem>) -> Vec<Duration> {
    let mut reminders = Vec::new();
    for (i, r) in values.iter().enumerate() {
        let at = format!("{path}[{i}]");
        match parse_offset(r) {
            // Reminders are kept per whole minute.
            Some(d) if d.num_seconds() % 60 != 0 => problem(p, at, ProblemKind::BadDuration(r.clone())),
            Some(d) if reminders.contains(&d) => problem(p, at, ProblemKind::Duplicate(r.clone())),
            Some(d) => reminders.push(d),
            None => problem(p, at, ProblemKind::BadDuration(r.clone())),
        }
    }
    reminders
}

/// A meeting's recurrence at `path`: `weekday`, `time` and an optional `nth` (1–5 for that
/// occurrence in the month, -1 for the last one; absent: every week).
pub(super) fn recurrence(
    path: &str,
    weekday: &str,
    time: &str,
    nth: Option<i64>,
    p: &mut Vec<Problem>,
) -> Option<Recurrence> {
    let wd = weekday_from_str(weekday);
    if wd.is_none() {
        problem(
            p,
            format!("{path}.weekday"),
            ProblemKind::UnknownWeekday(weekday.to_owned()),
        );
    }
    let t = parse_time(time);
    if t.is_none() {
        problem(p, format!("{path}.time"), ProblemKind::BadTime(time.to_owned()));
    }
    let nth = match nth {
        None => None,
        Some(n @ (1..=5 | -1)) => Some(n as i8),
        Some(n) => {
            problem(p, format!("{path}.nth"), ProblemKind::BadNth(n));
            return None;
        }
    };
    let (weekday, time) = (wd?, t?);
    Some(match nth {
        None => Recurrence::Weekly { weekday, time },
        Some(nth) => Recurrence::MonthlyNth { nth, weekday, time },
    })
}

/// A time of day: `13:00`, `9:05`, `13h`.
pub(crate) fn parse_time(s: &str) -> Option<chrono::NaiveTime> {
    crate::domain::calendar::parse_time_of_day(s)
}

/// A duration: `24h`, `90m`, `2d`, `1h30`.
pub(super) fn parse_offset(s: &str) -> Option<Duration> {
    crate::domain::span::parse_span(s)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    #[test]
    fn out_of_range_names_the_bounds_and_clamps() {
        let mut p = Vec::new();
        assert_eq!(in_range("a.b", 5, 1..=10, &mut p), 5);
        assert!(p.is_empty());
        assert_eq!(in_range("a.b", 0, 1..=10, &mut p), 1);
        assert_eq!(in_range("a.c", 11, 1..=10, &mut p), 10);
        let want = |path: &str, value| Problem::new(path, ProblemKind::OutOfRange { value, min: 1, max: 10 });
        assert_eq!(p, [want("a.b", 0), want("a.c", 11)]);
    }

    #[test]
    fn one_of_lists_the_allowed_words() {
        let mut p = Vec::new();
        let allowed = [("rotate", false), ("shuffle", true)];
        assert_eq!(one_of("standup.order", " shuffle ", &allowed, &mut p), Some(true));
        assert!(p.is_empty());
        assert_eq!(one_of("standup.order", "random", &allowed, &mut p), None);
        assert_eq!(
            p,
            [Problem::new(
                "standup.order",
                ProblemKind::OneOf {
                    value: "random".into(),
                    allowed: "rotate, shuffle".into()
                }
            )]
        );
    }

    #[test]
    fn offsets_and_times() {
        assert_eq!(parse_offset("24h"), Some(Duration::hours(24)));
        assert_eq!(parse_offset("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_offset("1h30"), Some(Duration::minutes(90)));
        assert_eq!(parse_offset("2d"), Some(Duration::days(2)));
        assert_eq!(parse_offset("15"), None);
        assert_eq!(parse_offset("0h"), None);
        assert_eq!(parse_time("13h"), NaiveTime::from_hms_opt(13, 0, 0));
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_time("9:5"), None);
    }
}
