//! Rules for punched hours (README, "Commands": `!punch`): which day an entry is for, what a timer records,
//! and the periods reports cover. Pure: `today` and `now` are arguments.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use super::calendar::{parse_weekday, resolve_in};
use crate::i18n::Word;
use chrono_tz::Tz;

/// Why a day word was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayError {
    /// The day meant, after today.
    Future(NaiveDate),
}

/// A day as written in a command, resolved against "today" later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySpec {
    Today,
    Yesterday,
    /// Always refused (hours are punched once worked), but recognised so that it is not
    /// taken for the note.
    Tomorrow,
    /// The most recent such weekday, today included.
    Last(Weekday),
    Date(NaiveDate),
}

impl DaySpec {
    /// Reads a day word: `today`/`aujourd'hui`, `yesterday`/`hier`, a weekday name in
    /// English or French, or `YYYY-MM-DD`. `None`: not a day word.
    pub fn parse(word: &str) -> Option<DaySpec> {
        let w = word.trim().to_lowercase();
        Some(match w.as_str() {
            w if Word::Today.matches(w) => DaySpec::Today,
            w if Word::Yesterday.matches(w) => DaySpec::Yesterday,
            w if Word::Tomorrow.matches(w) => DaySpec::Tomorrow,
            _ => match parse_weekday(&w) {
                Some(wd) => DaySpec::Last(wd),
                None if w.len() == 10 && w.as_bytes()[4] == b'-' => {
                    DaySpec::Date(NaiveDate::parse_from_str(&w, "%Y-%m-%d").ok()?)
                }
                None => return None,
            },
        })
    }

    /// The date meant, seen from `today`; a day after `today` is refused.
    pub fn resolve(self, today: NaiveDate) -> Result<NaiveDate, DayError> {
        let day = match self {
            DaySpec::Today => today,
            DaySpec::Yesterday => today - Duration::days(1),
            DaySpec::Tomorrow => today + Duration::days(1),
            DaySpec::Last(wd) => {
                let back = (7 + today.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
                today - Duration::days(i64::from(back))
            }
            DaySpec::Date(d) => d,
        };
        if day > today {
            Err(DayError::Future(day))
        } else {
            Ok(day)
        }
    }
}

/// A running timer (`!punch in`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub member: String,
    pub project: String,
    pub volunteer: bool,
    pub started_at: DateTime<Utc>,
    pub note: Option<String>,
}

/// What stopping a timer gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimerStop {
    /// The entries to record, one per local day the timer ran on (split at midnight).
    Record(Vec<(NaiveDate, u32)>),
    /// Less than a minute: nothing to record.
    TooShort,
    /// Ran past the limit: nothing is recorded, the owner is asked for the real time.
    OverLimit { elapsed: Duration },
}

impl Timer {
    /// Stops the timer at `now`. A timer longer than `limit` is not recorded: it was
    /// most likely forgotten, and silently recording a night as work would be wrong.
    pub fn stop(&self, now: DateTime<Utc>, limit: Duration, tz: Tz) -> TimerStop {
        let elapsed = now - self.started_at;
        if elapsed > limit {
            return TimerStop::OverLimit { elapsed };
        }
        if elapsed < Duration::minutes(1) {
            return TimerStop::TooShort;
        }
        // Split at each local midnight between start and stop.
        let mut parts = Vec::new();
        let mut from = self.started_at;
        while from < now {
            let day = from.with_timezone(&tz).date_naive();
            let next_midnight = day.succ_opt().map(|d| resolve_in(tz, d.and_time(NaiveTime::MIN)));
            let to = next_midnight.map_or(now, |m| m.min(now));
            let minutes = (to - from).num_minutes();
            if minutes > 0 {
                parts.push((day, minutes as u32));
            }
            from = to;
        }
        // Rounding down each part may lose a minute; the total is the elapsed minutes.
        let total: i64 = parts.iter().map(|(_, m)| i64::from(*m)).sum();
        let missing = elapsed.num_minutes() - total;
        if let Some(last) = parts.last_mut() {
            last.1 += missing.max(0) as u32;
        }
        TimerStop::Record(parts)
    }
}

/// A report's period: whole local days, `from` to `to` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Monday to Sunday of the week holding `today`.
    pub fn week_of(today: NaiveDate) -> Period {
        let from = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        Period {
            from,
            to: from + Duration::days(6),
        }
    }

    /// The calendar month holding `day`.
    pub fn month_of(day: NaiveDate) -> Period {
        Period::month(day.year(), day.month()).unwrap_or(Period { from: day, to: day })
    }

    /// `YYYY-MM`.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Period {
            from,
            to: next.pred_opt()?,
        })
    }

    /// Parses `YYYY-MM`.
    pub fn parse_month(s: &str) -> Option<Period> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Period::month(y.parse().ok()?, m.parse().ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Montreal;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn parse_day(w: &str, today: NaiveDate) -> Option<Result<NaiveDate, DayError>> {
        DaySpec::parse(w).map(|s| s.resolve(today))
    }

    #[test]
    fn day_words() {
        let today = d("2026-11-18"); // a Wednesday
        assert_eq!(parse_day("yesterday", today), Some(Ok(d("2026-11-17"))));
        assert_eq!(parse_day("hier", today), Some(Ok(d("2026-11-17"))));
        assert_eq!(parse_day("Monday", today), Some(Ok(d("2026-11-16"))));
        assert_eq!(parse_day("vendredi", today), Some(Ok(d("2026-11-13"))));
        assert_eq!(parse_day("mercredi", today), Some(Ok(today)));
        assert_eq!(parse_day("2026-11-01", today), Some(Ok(d("2026-11-01"))));
        assert_eq!(
            parse_day("2026-11-19", today),
            Some(Err(DayError::Future(d("2026-11-19"))))
        );
        assert_eq!(parse_day("demain", today), Some(Err(DayError::Future(d("2026-11-19")))));
        assert_eq!(parse_day("fixed", today), None);
        assert_eq!(parse_day("2026-13-01", today), None);
    }

    fn cal() -> crate::domain::calendar::Calendar {
        crate::domain::calendar::Calendar::new(Montreal, &[Weekday::Mon], [])
    }

    fn at(s: &str) -> DateTime<Utc> {
        cal().resolve_local(s.parse().unwrap())
    }

    #[test]
    fn a_timer_across_midnight_is_split_by_day() {
        let t = Timer {
            member: "a".into(),
            project: "p".into(),
            volunteer: false,
            started_at: at("2026-11-18T22:15:00"),
            note: None,
        };
        let stop = t.stop(at("2026-11-19T01:45:00"), Duration::hours(12), Montreal);
        assert_eq!(
            stop,
            TimerStop::Record(vec![(d("2026-11-18"), 105), (d("2026-11-19"), 105)])
        );
    }

    #[test]
    fn a_timer_over_the_limit_or_too_short_records_nothing() {
        let t = Timer {
            member: "a".into(),
            project: "p".into(),
            volunteer: false,
            started_at: at("2026-11-18T09:00:00"),
            note: None,
        };
        assert_eq!(
            t.stop(at("2026-11-18T21:01:00"), Duration::hours(12), Montreal),
            TimerStop::OverLimit {
                elapsed: Duration::minutes(12 * 60 + 1)
            }
        );
        assert_eq!(
            t.stop(at("2026-11-18T09:00:30"), Duration::hours(12), Montreal),
            TimerStop::TooShort
        );
    }

    #[test]
    fn a_timer_across_the_fall_back_night_counts_real_time() {
        let t = Timer {
            member: "a".into(),
            project: "p".into(),
            volunteer: false,
            started_at: at("2026-10-31T23:00:00"),
            note: None,
        };
        // 23:00 EDT → 03:00 EST is five real hours.
        let stop = t.stop(at("2026-11-01T03:00:00"), Duration::hours(12), Montreal);
        assert_eq!(
            stop,
            TimerStop::Record(vec![(d("2026-10-31"), 60), (d("2026-11-01"), 240)])
        );
    }

    #[test]
    fn periods() {
        assert_eq!(
            Period::week_of(d("2026-11-18")),
            Period {
                from: d("2026-11-16"),
                to: d("2026-11-22")
            }
        );
        assert_eq!(
            Period::parse_month("2026-02"),
            Some(Period {
                from: d("2026-02-01"),
                to: d("2026-02-28")
            })
        );
        assert_eq!(
            Period::parse_month("2026-12"),
            Some(Period {
                from: d("2026-12-01"),
                to: d("2026-12-31")
            })
        );
        assert_eq!(Period::parse_month("2026-13"), None);
        assert_eq!(Period::parse_month("26-01"), None);
    }
}
