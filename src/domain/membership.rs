//! The membership rules (README, "Commands": `!membership`; `[membership]` in
//! config/konbit.example.toml): over the last N full months, meetings of
//! at least K committees, at least R reflection meetings, at least H hours of work each
//! month (meeting time excluded). Two warnings come before the status is lost: absent
//! more than four weeks is flagged, and under W hours over the last N months up to today
//! (a rolling window, so the member can catch up before the next monthly check) is warned. Justified absences (leave, illness) lower what is asked in
//! proportion to the time they cover, and a reflection meeting held during one is not
//! counted against the member. A member whose records begin after the window's first day
//! (no full window yet: a new member, or a new collective) is "new", not judged.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub months: u32,
    pub min_committees: u32,
    pub min_reflection: u32,
    pub min_minutes_per_month: i64,
    pub warn_minutes_total: i64,
    pub max_absence: Duration,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            months: 2,
            min_committees: 2,
            min_reflection: 2,
            min_minutes_per_month: 10 * 60,
            warn_minutes_total: 20 * 60,
            max_absence: Duration::weeks(4),
        }
    }
}

/// The evaluated period: the `months` full calendar months before `today`'s month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Start of the rolling window that ends today (the warning on hours).
    pub rolling_from: NaiveDate,
}

impl Window {
    pub fn before(today: NaiveDate, months: u32) -> Window {
        let this_month = today.with_day(1).unwrap_or(today);
        let to = this_month.pred_opt().unwrap_or(this_month);
        let from = this_month
            .checked_sub_months(chrono::Months::new(months))
            .unwrap_or(this_month);
        let rolling_from = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(from) + Duration::days(1);
        Window { from, to, rolling_from }
    }

    /// The months of the window, as their first days.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut m = self.from;
        while m <= self.to {
            out.push(m);
            m = match m.checked_add_months(chrono::Months::new(1)) {
                Some(next) => next,
                None => break,
            };
        }
        out
    }
}

/// What the records say about one member.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Meetings attended in the window: (committee, day). Production and reflection
    /// meetings count as the committees of those names.
    pub attended: Vec<(String, NaiveDate)>,
    /// Reflection meetings held in the window (whoever came).
    pub reflection_held: Vec<NaiveDate>,
    /// Minutes of work (meeting time excluded) per month of the window, by first day.
    pub minutes_by_month: Vec<(NaiveDate, i64)>,
    /// Minutes of work (meeting time excluded) over the rolling window ending today.
    pub recent_minutes: i64,
    /// The member's last punch or attendance, if any.
    pub last_activity: Option<NaiveDate>,
    /// Justified absences, inclusive ranges.
    pub justified: Vec<(NaiveDate, NaiveDate)>,
    /// The first day on record for the member (a punch or a meeting attended; with none
    /// of their own, the collective's first); `None`: nothing on record at all.
    pub since: Option<NaiveDate>,
}

impl Facts {
    fn excused(&self, d: NaiveDate) -> bool {
        self.justified.iter().any(|(a, b)| *a <= d && d <= *b)
    }

    /// The share of `from..=to` covered by justified absences, 0.0 to 1.0.
    fn excused_share(&self, from: NaiveDate, to: NaiveDate) -> f64 {
        let days = (to - from).num_days() + 1;
        if days <= 0 {
            return 0.0;
        }
        let excused = from
            .iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| self.excused(*d))
            .count();
        excused as f64 / days as f64
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Too new to be judged: their records do not cover the whole window.
    New,
    Ok,
    AtRisk,
    NotMeeting,
}

/// One member's evaluation: the status and the figures behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub status: Status,
    pub committees: BTreeSet<String>,
    pub committees_needed: u32,
    pub reflection: u32,
    pub reflection_needed: u32,
    /// (month, minutes worked, minutes needed).
    pub months: Vec<(NaiveDate, i64, i64)>,
    pub total_minutes: i64,
    /// Minutes over the rolling window, and the warning threshold for it.
    pub recent_minutes: i64,
    pub warn_below: i64,
    /// Days since the last activity, not counting justified absence; set when over the limit.
    pub absent_days: Option<i64>,
}

pub fn evaluate(rules: &Rules, window: Window, today: NaiveDate, facts: &Facts) -> Evaluation {
    let share = facts.excused_share(window.from, window.to);
    let scaled = |n: f64| (n * (1.0 - share)).ceil().max(0.0);

    let committees: BTreeSet<String> = facts
        .attended
        .iter()
        .filter(|(_, d)| *d >= window.from && *d <= window.to)
        .map(|(c, _)| c.clone())
        .collect();
    let committees_needed = scaled(f64::from(rules.min_committees)) as u32;

    let reflection = facts
        .attended
        .iter()
        .filter(|(c, d)| c == "reflection" && *d >= window.from && *d <= window.to)
        .count() as u32;
    let excused_reflections = facts.reflection_held.iter().filter(|d| facts.excused(**d)).count() as u32;
    let reflection_needed = rules.min_reflection.saturating_sub(excused_reflections);

    let mut months = Vec::new();
    let mut total = 0;
    for first in window.months() {
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        let worked = facts
            .minutes_by_month
            .iter()
            .filter(|(m, _)| *m == first)
            .map(|(_, v)| *v)
            .sum::<i64>();
        let needed = (rules.min_minutes_per_month as f64 * (1.0 - facts.excused_share(first, last))).ceil() as i64;
        total += worked;
        months.push((first, worked, needed));
    }
    let recent_share = facts.excused_share(window.rolling_from, today);
    let warn_below = (rules.warn_minutes_total as f64 * (1.0 - recent_share)).ceil() as i64;

    // Days without activity up to today, justified absence not counted.
    let since = facts.last_activity.map_or(window.from, |d| d + Duration::days(1));
    let idle = since
        .iter_days()
        .take_while(|d| *d <= today)
        .filter(|d| !facts.excused(*d))
        .count() as i64;
    let absent_days = (idle > rules.max_absence.num_days()).then_some(idle);

    let fails = (committees.len() as u32) < committees_needed
        || reflection < reflection_needed
        || months.iter().any(|(_, worked, needed)| worked < needed);
    let warned = facts.recent_minutes < warn_below || absent_days.is_some();
    let new = facts.since.is_none_or(|first| first > window.from);
    let status = if new {
        Status::New
    } else if fails {
        Status::NotMeeting
    } else if warned {
        Status::AtRisk
    } else {
        Status::Ok
    };
    Evaluation {
        status,
        committees,
        committees_needed,
        reflection,
        reflection_needed,
        months,
        total_minutes: total,
        recent_minutes: facts.recent_minutes,
        warn_below,
        absent_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A member who meets every rule over September and October 2026.
    fn good() -> Facts {
        Facts {
            attended: vec![
                ("production".into(), d("2026-09-08")),
                ("reflection".into(), d("2026-09-01")),
                ("reflection".into(), d("2026-10-06")),
                ("finance".into(), d("2026-10-15")),
            ],
            reflection_held: vec![d("2026-09-01"), d("2026-10-06")],
            minutes_by_month: vec![(d("2026-09-01"), 12 * 60), (d("2026-10-01"), 11 * 60)],
            recent_minutes: 21 * 60,
            last_activity: Some(d("2026-10-30")),
            justified: vec![],
            since: Some(d("2026-03-02")),
        }
    }

    fn eval(f: &Facts) -> Evaluation {
        let today = d("2026-11-03");
        evaluate(&Rules::default(), Window::before(today, 2), today, f)
    }

    #[test]
    fn the_window_is_the_full_months_before() {
        assert_eq!(
            Window::before(d("2026-11-03"), 2),
            Window {
                from: d("2026-09-01"),
                to: d("2026-10-31"),
                rolling_from: d("2026-09-04")
            }
        );
        assert_eq!(Window::before(d("2026-01-15"), 2).from, d("2025-11-01"));
        assert_eq!(
            Window::before(d("2026-11-03"), 2).months(),
            vec![d("2026-09-01"), d("2026-10-01")]
        );
    }

    #[test]
    fn meeting_every_rule_is_ok() {
        let e = eval(&good());
        assert_eq!(e.status, Status::Ok, "{e:?}");
        assert_eq!(e.committees.len(), 3);
        assert_eq!(e.total_minutes, 23 * 60);
    }

    #[test]
    fn each_rule_fails_on_its_own() {
        let mut f = good();
        f.attended.retain(|(c, _)| c == "reflection");
        assert_eq!(eval(&f).status, Status::NotMeeting, "one committee only");

        let mut f = good();
        f.attended
            .retain(|(c, day)| c != "reflection" || *day != d("2026-10-06"));
        assert_eq!(eval(&f).status, Status::NotMeeting, "one reflection meeting");

        let mut f = good();
        f.minutes_by_month[1].1 = 9 * 60 + 59;
        assert_eq!(eval(&f).status, Status::NotMeeting, "under 10 h in October");
    }

    #[test]
    fn warnings_make_a_member_at_risk() {
        let mut f = good();
        f.recent_minutes = 20 * 60;
        assert_eq!(eval(&f).status, Status::Ok, "20 h exactly is not under 20 h");
        f.recent_minutes = 20 * 60 - 1;
        assert_eq!(eval(&f).status, Status::AtRisk);
        let mut f = good();
        f.last_activity = Some(d("2026-10-05"));
        let e = eval(&f);
        assert_eq!(e.status, Status::AtRisk);
        assert_eq!(e.absent_days, Some(29));
    }

    #[test]
    fn a_justified_absence_lowers_what_is_asked() {
        // On leave all of October: one reflection meeting and October's hours excused.
        let mut f = good();
        f.attended = vec![
            ("reflection".into(), d("2026-09-01")),
            ("production".into(), d("2026-09-08")),
        ];
        f.minutes_by_month = vec![(d("2026-09-01"), 10 * 60)];
        f.recent_minutes = 10 * 60;
        f.last_activity = Some(d("2026-09-30"));
        f.justified = vec![(d("2026-10-01"), d("2026-11-02"))];
        let e = eval(&f);
        assert_eq!(e.status, Status::Ok, "{e:?}");
        assert_eq!(e.reflection_needed, 1);
        assert_eq!(e.months[1].2, 0);
        // Without the leave, the same record fails.
        f.justified.clear();
        assert_eq!(eval(&f).status, Status::NotMeeting);
    }

    #[test]
    fn a_member_without_a_full_window_on_record_is_new_not_judged() {
        // Records from 2 September: September is not whole, nothing else counts yet.
        let mut f = good();
        f.since = Some(d("2026-09-02"));
        f.minutes_by_month[0].1 = 0;
        assert_eq!(eval(&f).status, Status::New);
        f.since = None;
        assert_eq!(eval(&f).status, Status::New, "nothing on record");
        // From the window's first day: judged.
        f.since = Some(d("2026-09-01"));
        assert_eq!(eval(&f).status, Status::NotMeeting);
    }
}
