//! How instants, spans of time and amounts read in each language.

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;

use crate::config::MeetingKind;
use crate::domain::proposal::{Money, State};
use crate::i18n::Lang;
use crate::t;

/// An instant in the collective's time zone: `Tue Nov 24, 15:00 EST` or
/// `mar 24 nov, 15 h 00 HNE`; the year is added when it is not the current one.
pub fn when(lang: Lang, tz: Tz, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&tz);
    let same_year = local.year() == now.with_timezone(&tz).year();
    let pattern = match (lang, same_year) {
        (Lang::En, true) => "%a %b %-d, %H:%M",
        (Lang::En, false) => "%a %b %-d %Y, %H:%M",
        (Lang::Fr, true) => "%a %-d %b, %-H h %M",
        (Lang::Fr, false) => "%a %-d %b %Y, %-H h %M",
    };
    let text = local.format_localized(pattern, lang.chrono_locale()).to_string();
    let zone = local.format("%Z").to_string();
    let zone = match (lang, zone.as_str()) {
        (Lang::Fr, "EST") => "HNE".to_owned(),
        (Lang::Fr, "EDT") => "HAE".to_owned(),
        _ => zone,
    };
    format!("{text} {zone}")
}

/// A span of time, to the minute, in its two largest units: `1 day 3 hours`.
pub fn span(lang: Lang, d: Duration) -> String {
    let minutes = d.num_minutes().max(0);
    if minutes == 0 {
        return t!(lang, "less-than-a-minute");
    }
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(t!(lang, "unit-days", "n" => days));
    }
    if hours > 0 {
        parts.push(t!(lang, "unit-hours", "n" => hours));
    }
    if mins > 0 && days == 0 {
        parts.push(t!(lang, "unit-minutes", "n" => mins));
    }
    parts.truncate(2);
    parts.join(" ")
}

/// `$1,200` / `$45.50` in English, `1 200 $` / `45,50 $` in French.
pub fn money(lang: Lang, m: Money) -> String {
    let (whole, cents) = (m.whole(), m.cents());
    let digits = whole.to_string();
    let separator = match lang {
        Lang::En => ",",
        Lang::Fr => " ",
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(c);
    }
    match (lang, cents) {
        (Lang::En, 0) => format!("${grouped}"),
        (Lang::En, c) => format!("${grouped}.{c:02}"),
        (Lang::Fr, 0) => format!("{grouped} $"),
        (Lang::Fr, c) => format!("{grouped},{c:02} $"),
    }
}

pub fn meeting(lang: Lang, kind: Option<MeetingKind>) -> String {
    match kind {
        Some(MeetingKind::Production) => t!(lang, "meeting-production"),
        Some(MeetingKind::Reflection) => t!(lang, "meeting-reflection"),
        None => t!(lang, "meeting-unscheduled"),
    }
}

pub fn state(lang: Lang, s: State) -> String {
    match s {
        State::Open => t!(lang, "state-open"),
        State::Deferred => t!(lang, "state-deferred"),
        State::Adopted => t!(lang, "state-adopted"),
        State::Rejected => t!(lang, "state-rejected"),
        State::Withdrawn => t!(lang, "state-withdrawn"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::America::Montreal;

    #[test]
    fn instants_read_naturally_in_both_languages() {
        let at = Montreal
            .with_ymd_and_hms(2026, 11, 24, 15, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(when(Lang::En, Montreal, at, at), "Tue Nov 24, 15:00 EST");
        assert_eq!(when(Lang::Fr, Montreal, at, at), "mar 24 nov, 15 h 00 HNE");
        let summer = Montreal
            .with_ymd_and_hms(2027, 7, 6, 9, 5, 0)
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(when(Lang::En, Montreal, summer, at), "Tue Jul 6 2027, 09:05 EDT");
    }

    #[test]
    fn spans_keep_two_units() {
        assert_eq!(span(Lang::En, Duration::minutes(27 * 60 + 5)), "1 day 3 hours");
        assert_eq!(span(Lang::Fr, Duration::minutes(2 * 60 + 1)), "2 heures 1 minute");
        assert_eq!(span(Lang::En, Duration::seconds(30)), "less than a minute");
        assert_eq!(span(Lang::Fr, Duration::days(2)), "2 jours");
    }

    #[test]
    fn amounts() {
        assert_eq!(money(Lang::En, Money(12000)), "$120");
        assert_eq!(money(Lang::Fr, Money(4550)), "45,50 $");
        assert_eq!(money(Lang::En, Money(123456789)), "$1,234,567.89");
        assert_eq!(money(Lang::Fr, Money(100000)), "1 000 $");
    }
}
