//! How instants, spans of time and amounts read in each language.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::config::MeetingKind;
use crate::domain::proposal::{Money, State};
use crate::i18n::{Lang, locale};
use crate::message::{Said, Span, Text};
use crate::{t, tm};

/// An instant in the collective's time zone: `Tue Nov 24, 15:00 EST` or
/// `mar 24 nov, 15 h 00 HNE`; the year is added when it is not the current one. The
/// patterns and zone names are the locale table's.
pub fn when(lang: Lang, tz: Tz, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let entry = locale(lang);
    let local = at.with_timezone(&tz);
    let pattern = if local.year() == now.with_timezone(&tz).year() {
        entry.dates.instant
    } else {
        entry.dates.instant_with_year
    };
    let text = local.format_localized(pattern, entry.chrono).to_string();
    let zone = local.format("%Z").to_string();
    let zone = entry
        .zones
        .iter()
        .find(|(chrono_name, _)| *chrono_name == zone)
        .map_or(zone.as_str(), |(_, name)| name);
    format!("{text} {zone}")
}

/// A day: `Wed Nov 18` / `mer 18 nov`, with the year when it is not `today`'s.
pub fn day(lang: Lang, day: NaiveDate, today: NaiveDate) -> String {
    let entry = locale(lang);
    let pattern = if day.year() == today.year() {
        entry.dates.day
    } else {
        entry.dates.day_with_year
    };
    day.format_localized(pattern, entry.chrono).to_string()
}

/// A day with its year: `Wed Nov 18 2026` / `mer 18 nov 2026`.
pub fn day_with_year(lang: Lang, day: NaiveDate) -> String {
    let entry = locale(lang);
    day.format_localized(entry.dates.day_with_year, entry.chrono)
        .to_string()
}

/// A time of day: `09:00` / `9 h 00`.
pub fn time_of_day(lang: Lang, time: NaiveTime) -> String {
    time.format(locale(lang).dates.time).to_string()
}

/// A day in a record's title (the minutes' heading): `2026-11-18`.
pub fn record_day(lang: Lang, day: NaiveDate) -> String {
    let entry = locale(lang);
    day.format_localized(entry.dates.record_day, entry.chrono).to_string()
}

/// The month `day` is in: `November 2026` / `novembre 2026`.
pub fn month_year(lang: Lang, day: NaiveDate) -> String {
    let entry = locale(lang);
    day.format_localized(entry.dates.month_year, entry.chrono).to_string()
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
    parts.join(&t!(lang, "separator-units"))
}

/// `$1,200` / `$45.50` in English, `1 200 $` / `45,50 $` in French (the locale table's
/// [`MoneyStyle`](crate::i18n::MoneyStyle)).
pub fn money(lang: Lang, m: Money) -> String {
    let style = &locale(lang).money;
    let (whole, cents) = (m.whole(), m.cents());
    let digits = whole.to_string();
    let mut number = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            number.push_str(style.group);
        }
        number.push(c);
    }
    if cents != 0 {
        number.push_str(&format!("{}{cents:02}", style.decimal));
    }
    format!("{}{number}{}", style.before, style.after)
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

/// Items one after the other, between the catalog's `separator` (`separator-list`: `a,
/// b`; `separator-clauses`: `a; b`; `separator-groups`: `a · b`); the catalog's
/// `nobody` (a dash) when there are none.
pub fn series(lang: Lang, separator: &str, items: Vec<Text>) -> Text {
    if items.is_empty() {
        return tm!(lang, "nobody");
    }
    let sep = t!(lang, separator);
    let mut out = Text::default();
    for (i, item) in items.into_iter().enumerate() {
        out = if i == 0 { item } else { out.joined(&sep, item) };
    }
    out
}

/// Words one after the other (`webdev, design`), between the catalog's list separator.
pub fn list(lang: Lang, items: &[impl AsRef<str>]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    items.join(&t!(lang, "separator-list"))
}

/// Members named one after the other (`alice, bob`), each a mention.
pub fn names(lang: Lang, names: &[String]) -> Text {
    let items = names.iter().map(|n| Text(vec![Span::Member(n.clone())])).collect();
    series(lang, "separator-list", items)
}

/// What someone typed, echoed back in an answer ("unknown project X"): cut to
/// [`ECHO_CHARS`] characters with an ellipsis, so an answer never repeats a whole
/// pasted page.
pub fn echo(text: &str) -> String {
    if text.chars().count() <= ECHO_CHARS {
        return text.to_owned();
    }
    text.chars().take(ECHO_CHARS - 1).chain(std::iter::once('…')).collect()
}

/// [`echo`] as words of theirs in a sentence: set apart from the bot's where the medium
/// can (`<bdi>` in HTML).
pub fn echoed(text: &str) -> Said {
    Said(echo(text))
}

/// The longest echo of someone's words in an answer.
pub const ECHO_CHARS: usize = 40;

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
        assert_eq!(when(Lang::Fr, Montreal, summer, at), "mar 6 jui 2027, 9 h 05 HAE");
    }

    #[test]
    fn days_and_months_read_naturally_in_both_languages() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(day(Lang::En, d("2026-11-18"), d("2026-11-30")), "Wed Nov 18");
        assert_eq!(day(Lang::Fr, d("2026-11-18"), d("2026-11-30")), "mer 18 nov");
        assert_eq!(day(Lang::En, d("2027-01-04"), d("2026-11-30")), "Mon Jan 4 2027");
        assert_eq!(day_with_year(Lang::Fr, d("2026-11-18")), "mer 18 nov 2026");
        assert_eq!(month_year(Lang::En, d("2026-11-18")), "November 2026");
        assert_eq!(month_year(Lang::Fr, d("2026-11-18")), "novembre 2026");
        assert_eq!(record_day(Lang::Fr, d("2026-11-18")), "2026-11-18");
    }

    #[test]
    fn times_of_day_read_the_french_way_in_french() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert_eq!(time_of_day(Lang::En, nine), "09:00");
        assert_eq!(time_of_day(Lang::Fr, nine), "9 h 00");
        assert_eq!(
            time_of_day(Lang::Fr, NaiveTime::from_hms_opt(13, 5, 0).unwrap()),
            "13 h 05"
        );
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
