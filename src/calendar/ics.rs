//! iCalendar text (RFC 5545) written by hand: content lines ended by CRLF, folded at 75
//! octets on UTF-8 character boundaries, TEXT values escaped (`\\`, `;`, `,`, newlines;
//! other control characters dropped), and the few value types the feeds use.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// The longest content line, in octets, before folding (RFC 5545, 3.1).
const MAX_OCTETS: usize = 75;

/// A calendar being written, one content line at a time.
#[derive(Debug, Default)]
pub(super) struct Lines {
    out: String,
}

impl Lines {
    /// A line whose value is already in iCalendar syntax (dates, numbers, enumerations).
    pub fn raw(&mut self, name: &str, value: &str) {
        let mut line = String::with_capacity(name.len() + 1 + value.len());
        line.push_str(name);
        line.push(':');
        line.push_str(value);
        fold_into(&line, &mut self.out);
    }

    /// A TEXT property: `value` is escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    /// An instant as a local date-time with its zone's `TZID`, or in UTC when that local
    /// time would be read as another instant (the hour repeated when DST ends).
    pub fn local(&mut self, name: &str, tz: Tz, at: DateTime<Utc>) {
        match local_value(tz, at) {
            Some(local) => self.raw(&format!("{name};TZID={}", tz.name()), &local),
            None => self.raw(name, &utc_value(at)),
        }
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// `20261124T150000Z`.
pub(super) fn utc_value(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `20261124T150000`.
pub(super) fn naive_value(local: NaiveDateTime) -> String {
    local.format("%Y%m%dT%H%M%S").to_string()
}

/// The local wall-clock time of `at` in `tz`, if a reader resolving it in `tz` finds
/// `at` again (RFC 5545 reads a repeated local time as its first occurrence).
pub(super) fn local_value(tz: Tz, at: DateTime<Utc>) -> Option<String> {
    let local = at.with_timezone(&tz).naive_local();
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t),
        LocalResult::Ambiguous(first, _) => Some(first),
        LocalResult::None => None,
    }
    .filter(|t| t.with_timezone(&Utc) == at)
    .map(|_| naive_value(local))
}

/// A UTC offset as iCalendar writes it: `-0500`, `+0530`, `+013045`.
pub(super) fn offset_value(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// The offset of `tz` at `at`, in seconds east of UTC.
pub(super) fn offset_at(tz: Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc()
}

/// `MO`, `TU`… as `BYDAY` writes a weekday.
pub(super) fn weekday_value(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines (`\r\n`, `\n`, `\r`
/// become `\n`); other control characters, which TEXT may not hold, are dropped.
pub(super) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded: at most 75 octets per physical line, a continuation starting
/// with one space, never inside a UTF-8 character; each physical line ends with CRLF.
fn fold_into(line: &str, out: &mut String) {
    let mut budget = MAX_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > budget {
            out.push_str("\r\n ");
            // The leading space counts in the next line's 75 octets.
            budget = MAX_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// A short version of `text` for a one-line title: its first line, at most `max`
/// characters, with an ellipsis when cut.
pub(super) fn headline(text: &str, max: usize) -> String {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    if first.chars().count() <= max && first.len() == text.trim().len() {
        return first.to_owned();
    }
    let cut: String = first.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Montreal;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(line, &mut out);
        out
    }

    #[test]
    fn escaping_keeps_hostile_text_one_value() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\r\nf\rg\u{7}h\tí"),
            "a\\,b\\;c\\\\d\\ne\\nf\\ngh í"
        );
    }

    #[test]
    fn folding_never_splits_a_character_and_keeps_lines_short() {
        let line = format!("SUMMARY:{}", "é🙂a".repeat(60));
        let out = folded(&line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets: {physical}", physical.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn a_short_line_is_not_folded() {
        assert_eq!(folded("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = format!("X:{}", "a".repeat(73));
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn offsets_and_local_times() {
        assert_eq!(offset_value(-5 * 3600), "-0500");
        assert_eq!(offset_value(5 * 3600 + 1800), "+0530");
        assert_eq!(offset_value(0), "+0000");
        // 2026-11-01 01:30 happens twice in Montreal: the second (EST) is written in UTC.
        let first = "2026-11-01T05:30:00Z".parse().unwrap();
        let second = "2026-11-01T06:30:00Z".parse().unwrap();
        assert_eq!(local_value(Montreal, first).as_deref(), Some("20261101T013000"));
        assert_eq!(local_value(Montreal, second), None);
    }

    #[test]
    fn headlines_are_cut_with_an_ellipsis() {
        assert_eq!(headline("buy a kettle", 80), "buy a kettle");
        assert_eq!(headline("first line\nsecond", 80), "first line…");
        assert_eq!(headline(&"é".repeat(100), 10), format!("{}…", "é".repeat(10)));
    }
}
