//! Business-time arithmetic and the meeting schedule.
//!
//! Owns the collective's notion of "working time": which local dates are working days,
//! how N business hours are added to an instant, and when the next meeting of a given
//! recurrence takes place. Everything is pure: the current instant is always an argument.
//!
//! Business hours are counted in *local wall-clock* time of the collective's time zone:
//! each working day contributes the 24 wall-clock hours from 00:00 to 24:00, so a DST day
//! counts as one business day like any other, and a deadline lands at the same wall-clock
//! time whatever DST did in between.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;

/// Working days, holidays and the time zone they are read in.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    tz: Tz,
    /// Indexed by `Weekday::num_days_from_monday()`.
    working_days: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar needs at least one working day; config validation guarantees it, and
    /// without one the calendar falls back to Monday–Friday rather than looping forever.
    pub fn new(tz: Tz, working_days: &[Weekday], holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let mut days = [false; 7];
        for d in working_days {
            days[d.num_days_from_monday() as usize] = true;
        }
        if !days.iter().any(|d| *d) {
            days = [true, true, true, true, true, false, false];
        }
        Calendar {
            tz,
            working_days: days,
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.working_days[date.weekday().num_days_from_monday() as usize] && !self.is_holiday(date)
    }

    /// The local wall-clock time of an instant.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.tz).naive_local()
    }

    /// The instant of a local wall-clock time in the calendar's zone; see [`resolve_in`].
    pub fn resolve_local(&self, local: NaiveDateTime) -> DateTime<Utc> {
        resolve_in(self.tz, local)
    }

    /// The first business day after `day`.
    pub fn next_business_day_after(&self, day: NaiveDate) -> NaiveDate {
        self.next_business_day(day)
    }

    fn next_business_day(&self, after: NaiveDate) -> NaiveDate {
        let mut d = after;
        loop {
            d = match d.succ_opt() {
                Some(next) => next,
                None => return d,
            };
            if self.is_business_day(d) {
                return d;
            }
        }
    }

    /// `start` plus `hours` business hours (how a proposal's delay is counted). Examples with Monday–Friday: Friday
    /// 15:00 + 48 h = Tuesday 15:00; Saturday 10:00 + 48 h = Wednesday 00:00.
    pub fn add_business_hours(&self, start: DateTime<Utc>, hours: u32) -> DateTime<Utc> {
        if hours == 0 {
            return start;
        }
        let mut remaining = Duration::hours(i64::from(hours));
        let start_local = self.local(start);
        let mut cursor = if self.is_business_day(start_local.date()) {
            start_local
        } else {
            self.next_business_day(start_local.date()).and_time(NaiveTime::MIN)
        };
        loop {
            let day_end = match cursor.date().succ_opt() {
                Some(d) => d.and_time(NaiveTime::MIN),
                None => return self.resolve_local(cursor),
            };
            let available = day_end - cursor;
            if remaining <= available {
                return self.resolve_local(cursor.checked_add_signed(remaining).unwrap_or(day_end));
            }
            remaining -= available;
            cursor = self.next_business_day(cursor.date()).and_time(NaiveTime::MIN);
        }
    }
}

/// The kinds of meeting that can decide a deferred proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    Production,
    Reflection,
}

impl MeetingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Production => "production",
            MeetingKind::Reflection => "reflection",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingKind> {
        match s {
            "production" => Some(MeetingKind::Production),
            "reflection" => Some(MeetingKind::Reflection),
            _ => None,
        }
    }
}

/// The instant of a local wall-clock time in `tz`. A time that does not exist (the hour
/// skipped when DST starts) moves forward to the first minute that does; a time that
/// exists twice (the hour repeated when DST ends) is the later of the two, so nothing
/// that waits for it can happen early.
pub fn resolve_in(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    // DST gaps are at most a few hours; a day bounds the search in any zone.
    for _ in 0..(24 * 60) {
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(_, later) => return later.with_timezone(&Utc),
            LocalResult::None => {
                let Some(next) = probe.checked_add_signed(Duration::minutes(1)) else {
                    break;
                };
                probe = next.with_second(0).unwrap_or(next);
            }
        }
    }
    // Unreachable for real zones; reading the naive time as UTC is the least surprising.
    Utc.from_utc_datetime(&local)
}

/// A weekday in any language of the locale table, short or long: `tue`, `tuesday`, `mar`, `mardi`.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    // The names of every language are in the locale table.
    crate::i18n::parse_weekday(s)
}

/// A time of day as people write it: `10:00`, `9:30`, `13h`, `13h30`, `9h`.
pub fn parse_time_of_day(s: &str) -> Option<NaiveTime> {
    let s = s.trim().to_lowercase();
    let (h, m) = s.split_once([':', 'h']).map_or((s.as_str(), ""), |(h, m)| (h, m));
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = if m.is_empty() {
        0
    } else if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) {
        m.parse().ok()?
    } else {
        return None;
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// How often something happens: meetings, schedules, recurring reminders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recurrence {
    /// Every week on `weekday` at `time`.
    Weekly { weekday: Weekday, time: NaiveTime },
    /// The `nth` `weekday` of every month (1–5; -1 is the last one) at `time`.
    MonthlyNth { nth: i8, weekday: Weekday, time: NaiveTime },
    /// A five-field cron pattern (`minute hour day month weekday`), in the calendar's zone.
    Cron(Box<croner::Cron>),
}

impl Recurrence {
    /// Parses a five-field cron pattern.
    pub fn cron(pattern: &str) -> Option<Recurrence> {
        if pattern.split_whitespace().count() != 5 {
            return None;
        }
        pattern
            .parse::<croner::Cron>()
            .ok()
            .map(|c| Recurrence::Cron(Box::new(c)))
    }

    fn time(&self) -> NaiveTime {
        match self {
            Recurrence::Weekly { time, .. } | Recurrence::MonthlyNth { time, .. } => *time,
            Recurrence::Cron(_) => NaiveTime::MIN,
        }
    }

    fn matches(&self, date: NaiveDate) -> bool {
        match self {
            Recurrence::Cron(_) => false,
            Recurrence::Weekly { weekday, .. } => date.weekday() == *weekday,
            Recurrence::MonthlyNth { nth, weekday, .. } => {
                let (nth, weekday) = (*nth, *weekday);
                if date.weekday() != weekday {
                    return false;
                }
                let index_from_start = (date.day0() / 7) as i8 + 1;
                if nth > 0 {
                    index_from_start == nth
                } else {
                    // Last one: a week later is already next month.
                    date.checked_add_signed(Duration::days(7))
                        .is_none_or(|d| d.month() != date.month())
                }
            }
        }
    }

    /// The first occurrence strictly after `after`, holidays included. `None` only if
    /// nothing matches within two years.
    pub fn next_any(&self, calendar: &Calendar, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if let Recurrence::Cron(cron) = self {
            let local = after.with_timezone(&calendar.tz());
            return cron
                .find_next_occurrence(&local, false)
                .ok()
                .map(|t| t.with_timezone(&Utc));
        }
        let mut date = calendar.local(after).date();
        for _ in 0..(366 * 2) {
            if self.matches(date) {
                let at = calendar.resolve_local(date.and_time(self.time()));
                if at > after {
                    return Some(at);
                }
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// The first occurrence strictly after `after` that is not on a holiday (a meeting
    /// does not take place on a holiday).
    pub fn next_after(&self, calendar: &Calendar, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut t = after;
        for _ in 0..800 {
            t = self.next_any(calendar, t)?;
            if !calendar.is_holiday(calendar.local(t).date()) {
                return Some(t);
            }
        }
        None
    }
}

/// Québec's statutory holidays (Act respecting labour standards, s. 60 and the Fête
/// nationale Act) for one year: New Year's Day, Good Friday, National Patriots' Day (the
/// Monday before May 25), the Fête nationale (June 24, or June 25 when the 24th is a
/// Sunday), Canada Day (July 1, or July 2 when the 1st is a Sunday), Labour Day (first
/// Monday of September), Thanksgiving (second Monday of October) and Christmas Day.
pub fn quebec_statutory_holidays(year: i32) -> Vec<NaiveDate> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let nth_weekday = |m, wd, n| NaiveDate::from_weekday_of_month_opt(year, m, wd, n);
    let easter = easter_sunday(year);
    let patriots = ymd(5, 24).map(|d| d - Duration::days(i64::from(d.weekday().num_days_from_monday())));
    let monday_if_sunday = |d: NaiveDate| {
        if d.weekday() == Weekday::Sun {
            d + Duration::days(1)
        } else {
            d
        }
    };
    [
        ymd(1, 1),
        easter.map(|e| e - Duration::days(2)),
        patriots,
        ymd(6, 24).map(monday_if_sunday),
        ymd(7, 1).map(monday_if_sunday),
        nth_weekday(9, Weekday::Mon, 1),
        nth_weekday(10, Weekday::Mon, 2),
        ymd(12, 25),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Gregorian Easter Sunday (anonymous Gregorian algorithm).
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Montreal;

    const WEEK: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];

    fn cal(holidays: &[&str]) -> Calendar {
        Calendar::new(
            Montreal,
            &WEEK,
            holidays.iter().map(|h| h.parse::<NaiveDate>().unwrap()),
        )
    }

    fn at(c: &Calendar, s: &str) -> DateTime<Utc> {
        c.resolve_local(s.parse::<NaiveDateTime>().unwrap())
    }

    fn local(c: &Calendar, t: DateTime<Utc>) -> String {
        c.local(t).format("%a %Y-%m-%dT%H:%M").to_string()
    }

    #[test]
    fn friday_afternoon_plus_48_is_tuesday_same_time() {
        let c = cal(&[]);
        let end = c.add_business_hours(at(&c, "2026-11-20T15:00:00"), 48);
        assert_eq!(local(&c, end), "Tue 2026-11-24T15:00");
    }

    #[test]
    fn saturday_morning_plus_48_is_wednesday_midnight() {
        let c = cal(&[]);
        let end = c.add_business_hours(at(&c, "2026-11-21T10:00:00"), 48);
        assert_eq!(local(&c, end), "Wed 2026-11-25T00:00");
    }

    #[test]
    fn a_holiday_inside_the_window_adds_a_day() {
        // Monday 2026-11-23 declared a holiday: Friday 15:00 → Wednesday 15:00.
        let c = cal(&["2026-11-23"]);
        let end = c.add_business_hours(at(&c, "2026-11-20T15:00:00"), 48);
        assert_eq!(local(&c, end), "Wed 2026-11-25T15:00");
    }

    #[test]
    fn a_proposal_made_on_a_holiday_starts_counting_the_next_working_day() {
        // Christmas 2026 is a Friday: counting starts Monday 00:00, ends Wednesday 00:00.
        let c = cal(&["2026-12-25"]);
        let end = c.add_business_hours(at(&c, "2026-12-25T11:00:00"), 48);
        assert_eq!(local(&c, end), "Wed 2026-12-30T00:00");
    }

    #[test]
    fn window_across_spring_forward_ends_at_same_wall_clock_time() {
        // DST starts Sunday 2026-03-08 02:00 in Montreal.
        let c = cal(&[]);
        let start = at(&c, "2026-03-06T15:00:00");
        let end = c.add_business_hours(start, 48);
        assert_eq!(local(&c, end), "Tue 2026-03-10T15:00");
        // One hour less of real time went by than without DST: 47 + 48 weekend hours.
        assert_eq!((end - start).num_hours(), 4 * 24 - 1);
    }

    #[test]
    fn window_across_fall_back_ends_at_same_wall_clock_time() {
        // DST ends Sunday 2026-11-01 02:00 in Montreal.
        let c = cal(&[]);
        let start = at(&c, "2026-10-30T15:00:00");
        let end = c.add_business_hours(start, 48);
        assert_eq!(local(&c, end), "Tue 2026-11-03T15:00");
        assert_eq!((end - start).num_hours(), 4 * 24 + 1);
    }

    #[test]
    fn dst_day_itself_counts_as_one_business_day_when_working() {
        // A seven-day calendar makes Sunday 2026-03-08 (23 real hours) a working day.
        let c = Calendar::new(
            Montreal,
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ],
            [],
        );
        let end = c.add_business_hours(at(&c, "2026-03-07T12:00:00"), 24);
        assert_eq!(local(&c, end), "Sun 2026-03-08T12:00");
        let end = c.add_business_hours(at(&c, "2026-03-08T00:00:00"), 24);
        assert_eq!(local(&c, end), "Mon 2026-03-09T00:00");
    }

    #[test]
    fn local_time_in_the_spring_gap_moves_forward() {
        let c = cal(&[]);
        let t = at(&c, "2026-03-08T02:30:00");
        assert_eq!(local(&c, t), "Sun 2026-03-08T03:00");
    }

    #[test]
    fn repeated_fall_hour_resolves_to_the_later_instant() {
        let c = cal(&[]);
        let t = at(&c, "2026-11-01T01:30:00");
        assert_eq!(t.to_rfc3339(), "2026-11-01T06:30:00+00:00");
    }

    #[test]
    fn weekly_meeting_next_occurrence() {
        let c = cal(&[]);
        let r = Recurrence::Weekly {
            weekday: Weekday::Tue,
            time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        };
        let next = r.next_after(&c, at(&c, "2026-11-20T15:00:00")).unwrap();
        assert_eq!(local(&c, next), "Tue 2026-11-24T10:00");
        // Exactly at the meeting time, the next one is a week later.
        let again = r.next_after(&c, next).unwrap();
        assert_eq!(local(&c, again), "Tue 2026-12-01T10:00");
    }

    #[test]
    fn monthly_first_tuesday_and_holidays_are_skipped() {
        let c = cal(&["2026-12-01"]);
        let r = Recurrence::MonthlyNth {
            nth: 1,
            weekday: Weekday::Tue,
            time: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        };
        let next = r.next_after(&c, at(&c, "2026-11-04T00:00:00")).unwrap();
        assert_eq!(local(&c, next), "Tue 2027-01-05T13:00");
        let last = Recurrence::MonthlyNth {
            nth: -1,
            weekday: Weekday::Fri,
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        };
        let next = last.next_after(&c, at(&c, "2026-11-01T00:00:00")).unwrap();
        assert_eq!(local(&c, next), "Fri 2026-11-27T09:00");
    }

    #[test]
    fn monthly_meeting_keeps_wall_clock_time_across_dst() {
        let c = cal(&[]);
        let r = Recurrence::MonthlyNth {
            nth: 1,
            weekday: Weekday::Tue,
            time: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        };
        let mut t = at(&c, "2026-01-01T00:00:00");
        let mut seen = Vec::new();
        for _ in 0..12 {
            t = r.next_after(&c, t).unwrap();
            seen.push(local(&c, t));
        }
        assert!(seen.iter().all(|s| s.ends_with("T13:00") && s.starts_with("Tue")));
        assert_eq!(seen[2], "Tue 2026-03-03T13:00");
        assert_eq!(seen[3], "Tue 2026-04-07T13:00");
        assert_eq!(seen[10], "Tue 2026-11-03T13:00");
    }

    #[test]
    fn quebec_holidays_2026_and_2027() {
        let fmt = |y| {
            quebec_statutory_holidays(y)
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fmt(2026),
            [
                "2026-01-01",
                "2026-04-03",
                "2026-05-18",
                "2026-06-24",
                "2026-07-01",
                "2026-09-07",
                "2026-10-12",
                "2026-12-25"
            ]
        );
        assert_eq!(
            fmt(2027),
            [
                "2027-01-01",
                "2027-03-26",
                "2027-05-24",
                "2027-06-24",
                "2027-07-01",
                "2027-09-06",
                "2027-10-11",
                "2027-12-25"
            ]
        );
        // On a Sunday, the Fête nationale and Canada Day move to Monday (2029, 2035).
        assert!(quebec_statutory_holidays(2029).contains(&NaiveDate::from_ymd_opt(2029, 7, 2).unwrap()));
        assert!(quebec_statutory_holidays(2029).contains(&NaiveDate::from_ymd_opt(2029, 6, 25).unwrap()));
        assert!(quebec_statutory_holidays(2035).contains(&NaiveDate::from_ymd_opt(2035, 6, 25).unwrap()));
    }
}
