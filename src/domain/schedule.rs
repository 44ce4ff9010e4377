//! Recurring schedules and one-off reminders (README, "Schedules and reminders"): how people write when something
//! happens, and where an occurrence lands when its day is a holiday or someone's leave.
//! Pure: `now` and the time zone are arguments.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::calendar::{Calendar, Recurrence, parse_time_of_day, parse_weekday, resolve_in};
use super::span::parse_span;
use crate::i18n::Word;

/// What happens to an occurrence that falls on a holiday (or, for a person, their leave).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnHoliday {
    /// It does not take place.
    Skip,
    /// It moves to the next working day, same local time.
    NextWorkingDay,
}

/// Where an occurrence is delivered: itself, moved to the next working day, or nowhere.
/// `blocked` says which days nobody may be pinged on (holidays, a person's leave).
pub fn delivery(
    calendar: &Calendar,
    tz: Tz,
    occurrence: DateTime<Utc>,
    policy: OnHoliday,
    blocked: impl Fn(NaiveDate) -> bool,
) -> Option<DateTime<Utc>> {
    let local = occurrence.with_timezone(&tz).naive_local();
    if !blocked(local.date()) {
        return Some(occurrence);
    }
    match policy {
        OnHoliday::Skip => None,
        OnHoliday::NextWorkingDay => {
            let mut day = local.date();
            for _ in 0..400 {
                day = calendar.next_business_day_after(day);
                if !blocked(day) {
                    return Some(resolve_in(tz, day.and_time(local.time())));
                }
            }
            None
        }
    }
}

/// A weekday, singular or plural (`mardi`, `mardis`).
pub fn weekday_word(w: &str) -> Option<Weekday> {
    parse_weekday(w).or_else(|| parse_weekday(w.strip_suffix('s')?))
}

fn nth_word(w: &str) -> Option<i8> {
    // Digits here; the words of every language in the locale table.
    let words = [
        (Word::First, 1),
        (Word::Second, 2),
        (Word::Third, 3),
        (Word::Fourth, 4),
        (Word::Fifth, 5),
        (Word::Last, -1),
    ];
    match w {
        "1" | "2" | "3" | "4" | "5" | "-1" => w.parse().ok(),
        _ => words.iter().find(|(word, _)| word.matches(w)).map(|(_, n)| *n),
    }
}

/// A schedule's `when`: `weekly tuesday 10:00`, `monthly first tuesday 13:00` (also `1`,
/// `last`, French words), or `cron 0 10 * * 2` (minute hour day month weekday).
pub fn parse_when(s: &str) -> Option<Recurrence> {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [kind, rest @ ..] if kind.eq_ignore_ascii_case("cron") => Recurrence::cron(&rest.join(" ")),
        [kind, day, time] if Word::Weekly.matches(kind) => Some(Recurrence::Weekly {
            weekday: weekday_word(day)?,
            time: parse_time_of_day(time)?,
        }),
        [kind, nth, day, time] if Word::Monthly.matches(kind) => Some(Recurrence::MonthlyNth {
            nth: nth_word(nth)?,
            weekday: weekday_word(day)?,
            time: parse_time_of_day(time)?,
        }),
        _ => None,
    }
}

/// When a reminder is due, as written after `!remind <who>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemindWhen {
    /// `in 2h`, `dans 45m`
    In(Duration),
    /// `tomorrow 9:00`, `demain 9h`, `today 15:00`, `tuesday 10:00`, `2026-12-01 13:00`
    At(DayWord, NaiveTime),
    /// `every tuesday 10:00`, `chaque mardi 10h`
    Every(Weekday, NaiveTime),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayWord {
    Today,
    Tomorrow,
    /// The next such weekday (today if the time is still ahead).
    Next(Weekday),
    Date(NaiveDate),
}

/// Reads the `when` at the start of `text`; returns it with the rest (the reminder's text).
pub fn parse_remind_when(text: &str) -> Option<(RemindWhen, &str)> {
    let mut words = text.split_whitespace();
    let first = words.next()?.to_lowercase();
    let second = words.next();
    let third = words.next();
    let rest_after = |n: usize| -> &str {
        let mut rest = text.trim_start();
        for _ in 0..n {
            rest = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r.trim_start());
        }
        rest
    };
    let when = match first.as_str() {
        w if Word::In.matches(w) => return Some((RemindWhen::In(parse_span(second?)?), rest_after(2))),
        w if Word::Every.matches(w) => {
            return Some((
                RemindWhen::Every(weekday_word(second?)?, parse_time_of_day(third?)?),
                rest_after(3),
            ));
        }
        w if Word::Today.matches(w) => DayWord::Today,
        w if Word::Tomorrow.matches(w) => DayWord::Tomorrow,
        w => match weekday_word(w) {
            Some(wd) => DayWord::Next(wd),
            None => DayWord::Date(NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()?),
        },
    };
    Some((RemindWhen::At(when, parse_time_of_day(second?)?), rest_after(2)))
}

/// Why a reminder time was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenError {
    Past,
    TooFar,
}

/// The first moment a reminder is due, seen from `now` in `tz` (the person's zone).
pub fn first_due(when: RemindWhen, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, WhenError> {
    let today = now.with_timezone(&tz).date_naive();
    let due = match when {
        RemindWhen::In(d) => now.checked_add_signed(d).ok_or(WhenError::TooFar)?,
        RemindWhen::At(day, time) => {
            let date = match day {
                DayWord::Today => today,
                DayWord::Tomorrow => today + Duration::days(1),
                DayWord::Date(d) => d,
                DayWord::Next(wd) => {
                    let ahead = (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
                    let candidate = resolve_in(tz, (today + Duration::days(i64::from(ahead))).and_time(time));
                    if candidate > now {
                        candidate.with_timezone(&tz).date_naive()
                    } else {
                        today + Duration::days(i64::from(ahead) + 7)
                    }
                }
            };
            resolve_in(tz, date.and_time(time))
        }
        RemindWhen::Every(wd, time) => next_weekly(wd, time, now, tz),
    };
    if due <= now {
        return Err(WhenError::Past);
    }
    if due - now > Duration::days(3 * 366) {
        return Err(WhenError::TooFar);
    }
    Ok(due)
}

/// The next `weekday` at `time` in `tz`, strictly after `after`.
pub fn next_weekly(weekday: Weekday, time: NaiveTime, after: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let mut date = after.with_timezone(&tz).date_naive();
    for _ in 0..15 {
        if date.weekday() == weekday {
            let at = resolve_in(tz, date.and_time(time));
            if at > after {
                return at;
            }
        }
        date += Duration::days(1);
    }
    after + Duration::weeks(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Montreal;

    fn at(s: &str) -> DateTime<Utc> {
        resolve_in(Montreal, s.parse().unwrap())
    }

    fn local(t: DateTime<Utc>) -> String {
        t.with_timezone(&Montreal).format("%a %Y-%m-%dT%H:%M").to_string()
    }

    #[test]
    fn schedule_forms() {
        assert_eq!(
            parse_when("weekly tuesday 10:00"),
            Some(Recurrence::Weekly {
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(10, 0, 0).unwrap()
            })
        );
        assert_eq!(
            parse_when("monthly first tuesday 13:00"),
            Some(Recurrence::MonthlyNth {
                nth: 1,
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(13, 0, 0).unwrap()
            })
        );
        assert_eq!(
            parse_when("mensuel dernier vendredi 16h").map(|r| matches!(r, Recurrence::MonthlyNth { nth: -1, .. })),
            Some(true)
        );
        assert!(parse_when("cron 0 10 * * 2").is_some());
        for bad in [
            "",
            "weekly",
            "weekly funday 10:00",
            "monthly 9 tuesday 10:00",
            "cron 0 10 * *",
            "cron x x x x x",
            "daily 10:00",
        ] {
            assert!(parse_when(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_cron_schedule_keeps_local_time_across_dst() {
        let cal = Calendar::new(Montreal, &[Weekday::Mon], []);
        let r = parse_when("cron 0 10 * * 1").unwrap();
        let mut t = at("2026-03-01T00:00:00");
        for want in ["Mon 2026-03-02T10:00", "Mon 2026-03-09T10:00", "Mon 2026-03-16T10:00"] {
            t = r.next_any(&cal, t).unwrap();
            assert_eq!(local(t), want);
        }
    }

    #[test]
    fn remind_forms_in_both_languages() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert_eq!(
            parse_remind_when("in 2h call the bank"),
            Some((RemindWhen::In(Duration::hours(2)), "call the bank"))
        );
        assert_eq!(
            parse_remind_when("dans 45m appeler"),
            Some((RemindWhen::In(Duration::minutes(45)), "appeler"))
        );
        assert_eq!(
            parse_remind_when("tomorrow 9:00 x"),
            Some((RemindWhen::At(DayWord::Tomorrow, nine), "x"))
        );
        assert_eq!(
            parse_remind_when("demain 9h y"),
            Some((RemindWhen::At(DayWord::Tomorrow, nine), "y"))
        );
        assert_eq!(
            parse_remind_when("mardi 10h z"),
            Some((
                RemindWhen::At(DayWord::Next(Weekday::Tue), NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
                "z"
            ))
        );
        assert_eq!(
            parse_remind_when("2026-12-01 13:00 board"),
            Some((
                RemindWhen::At(
                    DayWord::Date("2026-12-01".parse().unwrap()),
                    NaiveTime::from_hms_opt(13, 0, 0).unwrap()
                ),
                "board"
            ))
        );
        assert_eq!(
            parse_remind_when("every tuesday 10:00 standup notes"),
            Some((
                RemindWhen::Every(Weekday::Tue, NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
                "standup notes"
            ))
        );
        assert_eq!(
            parse_remind_when("chaque mardi 10h"),
            Some((
                RemindWhen::Every(Weekday::Tue, NaiveTime::from_hms_opt(10, 0, 0).unwrap()),
                ""
            ))
        );
        for bad in ["", "soon x", "in x", "tomorrow", "tomorrow 25:00", "every day 10:00"] {
            assert_eq!(parse_remind_when(bad), None, "{bad}");
        }
    }

    #[test]
    fn first_due_times() {
        let now = at("2026-11-24T11:00:00"); // a Tuesday
        let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
        assert_eq!(
            local(first_due(RemindWhen::At(DayWord::Next(Weekday::Tue), ten), now, Montreal).unwrap()),
            "Tue 2026-12-01T10:00"
        );
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert_eq!(
            local(first_due(RemindWhen::At(DayWord::Next(Weekday::Tue), noon), now, Montreal).unwrap()),
            "Tue 2026-11-24T12:00"
        );
        assert_eq!(
            first_due(RemindWhen::At(DayWord::Today, ten), now, Montreal),
            Err(WhenError::Past)
        );
        assert_eq!(
            local(first_due(RemindWhen::Every(Weekday::Mon, ten), now, Montreal).unwrap()),
            "Mon 2026-11-30T10:00"
        );
        let vancouver = first_due(
            RemindWhen::At(DayWord::Tomorrow, ten),
            now,
            chrono_tz::America::Vancouver,
        )
        .unwrap();
        assert_eq!(local(vancouver), "Wed 2026-11-25T13:00");
    }

    #[test]
    fn holidays_move_or_skip() {
        let cal = Calendar::new(
            Montreal,
            &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            ["2026-12-25".parse().unwrap()],
        );
        let christmas = at("2026-12-25T10:00:00");
        let blocked = |d: NaiveDate| cal.is_holiday(d);
        assert_eq!(delivery(&cal, Montreal, christmas, OnHoliday::Skip, blocked), None);
        assert_eq!(
            local(delivery(&cal, Montreal, christmas, OnHoliday::NextWorkingDay, blocked).unwrap()),
            "Mon 2026-12-28T10:00"
        );
        let leave = |d: NaiveDate| cal.is_holiday(d) || d <= "2026-12-29".parse().unwrap();
        assert_eq!(
            local(delivery(&cal, Montreal, christmas, OnHoliday::NextWorkingDay, leave).unwrap()),
            "Wed 2026-12-30T10:00"
        );
        let ordinary = at("2026-12-22T10:00:00");
        assert_eq!(
            delivery(&cal, Montreal, ordinary, OnHoliday::Skip, blocked),
            Some(ordinary)
        );
    }
}
