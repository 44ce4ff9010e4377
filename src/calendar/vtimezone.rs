//! `VTIMEZONE` components generated from the IANA database (chrono-tz), so that clients
//! without that database (Outlook) place local times right.
//!
//! The zone's transitions are found by scanning its offsets (a day at a time, then to the
//! second) over the span the feed covers, starting a year before it so that the rule in
//! force at its start is included. Transitions of one kind (same offsets and name) become
//! one `STANDARD` or `DAYLIGHT` component: with a yearly `RRULE` when they all follow one
//! (the same weekday of the same month at the same local time, every year of the span),
//! else listed with `RDATE`s. A zone without transitions gets one fixed `STANDARD`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::ics::{Lines, naive_value, offset_at, offset_value, weekday_value};

/// What is in force at an instant: the total offset, whether it is daylight time, the name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    offset: i32,
    dst: bool,
    name: String,
}

fn observance(tz: Tz, at: DateTime<Utc>) -> Observance {
    let o = tz.offset_from_utc_datetime(&at.naive_utc());
    Observance {
        offset: offset_at(tz, at),
        dst: !o.dst_offset().is_zero(),
        name: o.abbreviation().unwrap_or("").to_owned(),
    }
}

/// One change of observance: at `at`, from `before` to `after`.
#[derive(Debug, Clone)]
struct Transition {
    at: DateTime<Utc>,
    before: Observance,
    after: Observance,
}

impl Transition {
    /// The onset as RFC 5545 writes it: the local time just before the change.
    fn onset(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.before.offset))
    }
}

/// The transitions of `tz` between `from` and `to`.
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut t = from;
    let mut current = observance(tz, t);
    while t < to {
        let next = t + Duration::days(1);
        let there = observance(tz, next);
        if there != current {
            // Zones change at most once a day: narrow it down to the second.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if observance(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let after = observance(tz, hi);
            found.push(Transition {
                at: hi,
                before: current,
                after: after.clone(),
            });
            current = after;
        }
        t = next;
    }
    found
}

/// The yearly rule the onsets all follow, as `RRULE` text, if there is one: same month,
/// weekday and local time, every year, the same nth (or last) weekday of the month, and
/// no occurrence missing up to `until`.
fn yearly_rule(onsets: &[NaiveDateTime], until: NaiveDateTime) -> Option<String> {
    let first = onsets.first()?;
    let (month, weekday, time) = (first.month(), first.weekday(), first.time());
    let last_of_month = |d: NaiveDate| (d + Duration::days(7)).month() != d.month();
    let nth = |d: NaiveDate| (d.day0() / 7 + 1) as u8;
    let same = onsets.iter().enumerate().all(|(i, o)| {
        o.month() == month && o.weekday() == weekday && o.time() == time && o.year() == first.year() + i as i32
    });
    if !same {
        return None;
    }
    let (by_day, next_date): (String, Option<NaiveDate>) = if onsets.iter().all(|o| last_of_month(o.date())) {
        let next_year = onsets.last()?.year() + 1;
        let mut d = NaiveDate::from_ymd_opt(next_year, month, 1)?.checked_add_months(chrono::Months::new(1))?;
        loop {
            d = d.pred_opt()?;
            if d.weekday() == weekday {
                break;
            }
        }
        (format!("-1{}", weekday_value(weekday)), Some(d))
    } else if onsets.iter().all(|o| nth(o.date()) == nth(first.date())) && nth(first.date()) <= 4 {
        let n = nth(first.date());
        let next_year = onsets.last()?.year() + 1;
        (
            format!("{n}{}", weekday_value(weekday)),
            NaiveDate::from_weekday_of_month_opt(next_year, month, weekday, n),
        )
    } else {
        return None;
    };
    // The rule must not invent a change the zone does not make within the span.
    if next_date?.and_time(time) <= until {
        return None;
    }
    Some(format!("FREQ=YEARLY;BYMONTH={month};BYDAY={by_day}"))
}

/// Writes the `VTIMEZONE` of `tz` for events between `from` and `to`.
pub(super) fn write(lines: &mut Lines, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    let scan_from = from - Duration::days(400);
    let scan_to = to + Duration::days(1);
    let all = transitions(tz, scan_from, scan_to);
    lines.raw("BEGIN", "VTIMEZONE");
    lines.raw("TZID", tz.name());
    lines.raw("X-LIC-LOCATION", tz.name());
    // What is in force before the first change found (all of it when there is none).
    if all.first().is_none_or(|t| t.at > from) {
        let o = observance(tz, scan_from);
        component(lines, &o, o.offset, "19700101T000000", None, &[]);
    }
    // Changes of one kind, in order of their first onset.
    let mut kinds: Vec<(Observance, i32, Vec<NaiveDateTime>)> = Vec::new();
    for t in &all {
        match kinds
            .iter_mut()
            .find(|(o, before, _)| *o == t.after && *before == t.before.offset)
        {
            Some((_, _, onsets)) => onsets.push(t.onset()),
            None => kinds.push((t.after.clone(), t.before.offset, vec![t.onset()])),
        }
    }
    let until = scan_to.naive_utc();
    for (after, before, onsets) in &kinds {
        let rule = yearly_rule(onsets, until);
        let rdates: &[NaiveDateTime] = if rule.is_some() { &[] } else { &onsets[1..] };
        component(lines, after, *before, &naive_value(onsets[0]), rule.as_deref(), rdates);
    }
    lines.raw("END", "VTIMEZONE");
}

fn component(lines: &mut Lines, o: &Observance, from: i32, start: &str, rule: Option<&str>, rdates: &[NaiveDateTime]) {
    let kind = if o.dst { "DAYLIGHT" } else { "STANDARD" };
    lines.raw("BEGIN", kind);
    lines.raw("DTSTART", start);
    if let Some(rule) = rule {
        lines.raw("RRULE", rule);
    }
    for d in rdates {
        lines.raw("RDATE", &naive_value(*d));
    }
    lines.raw("TZOFFSETFROM", &offset_value(from));
    lines.raw("TZOFFSETTO", &offset_value(o.offset));
    if !o.name.is_empty() {
        lines.text("TZNAME", &o.name);
    }
    lines.raw("END", kind);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tz: Tz, from: &str, to: &str) -> String {
        let mut lines = Lines::default();
        write(&mut lines, tz, from.parse().unwrap(), to.parse().unwrap());
        lines.finish()
    }

    #[test]
    fn montreal_has_its_two_yearly_rules() {
        let t = text(
            chrono_tz::America::Montreal,
            "2026-09-01T00:00:00Z",
            "2027-12-31T00:00:00Z",
        );
        assert!(
            t.contains(
                "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"
            ),
            "{t}"
        );
        assert!(
            t.contains(
                "BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\n"
            ),
            "{t}"
        );
        assert_eq!(t.matches("BEGIN:").count(), 3, "{t}");
    }

    #[test]
    fn europe_uses_the_last_sunday() {
        let t = text(chrono_tz::Europe::Paris, "2026-01-01T00:00:00Z", "2027-06-01T00:00:00Z");
        assert!(t.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"), "{t}");
        assert!(t.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"), "{t}");
        assert!(t.contains("TZOFFSETTO:+0200"), "{t}");
    }

    #[test]
    fn a_zone_without_changes_has_one_fixed_observance() {
        let t = text(
            chrono_tz::America::Regina,
            "2026-01-01T00:00:00Z",
            "2027-01-01T00:00:00Z",
        );
        assert!(
            t.contains("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0600\r\n"),
            "{t}"
        );
        assert!(!t.contains("DAYLIGHT"), "{t}");
    }
}
