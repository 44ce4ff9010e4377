//! The locale table's shape: everything about a language that is not a sentence.
//!
//! Sentences live in the Fluent catalogs (`locales/<code>/konbit.ftl`); a [`Locale`]
//! holds the rest, for one [`Lang`]: the command names people type, the words the
//! parsers accept (weekdays, `tomorrow`, `every`, `volunteer`…), and how dates, time
//! zones and amounts are written. The entries themselves are in `table.rs`.
//!
//! Parsing accepts the words of every language at once (someone may write `!punch 2h
//! webdev hier` in an English room); formatting uses the reader's language only.

use chrono::Weekday;

use super::Lang;
use super::Verb;

/// One language's data. Every list of accepted words is lowercase.
pub struct Locale {
    pub lang: Lang,
    /// The language code: the catalog folder's name, and what `language = "…"` says in
    /// the configuration.
    pub code: &'static str,
    /// The Fluent catalog (`locales/<code>/konbit.ftl`, embedded at build time).
    pub catalog: &'static str,
    /// chrono's locale, for the day and month names in [`DatePatterns`].
    pub chrono: chrono::Locale,
    /// A command's names: the first is the one shown (help, usage hints, "did you
    /// mean"), all are accepted. An exhaustive `match`, so no verb is left unnamed.
    pub commands: fn(Verb) -> &'static [&'static str],
    /// The words the parsers accept for each [`Word`]; may be empty.
    pub words: fn(Word) -> &'static [&'static str],
    /// Weekdays from Monday: every accepted form (full name, abbreviation). A plural `s`
    /// is also accepted where a recurrence is written (`chaque mardis`).
    pub weekdays: [&'static [&'static str]; 7],
    pub dates: DatePatterns,
    /// Time-zone abbreviations as the language writes them (`EST` → `HNE`); a zone not
    /// listed is shown as chrono names it.
    pub zones: &'static [(&'static str, &'static str)],
    pub money: MoneyStyle,
}

/// chrono `format_localized` patterns.
pub struct DatePatterns {
    /// An instant this year: `Tue Nov 24, 15:00`.
    pub instant: &'static str,
    /// An instant another year: `Tue Nov 24 2027, 15:00`.
    pub instant_with_year: &'static str,
    /// A day this year: `Tue Nov 24`.
    pub day: &'static str,
    /// A day another year, or a day that always shows its year: `Tue Nov 24 2027`.
    pub day_with_year: &'static str,
    /// A month: `November 2026`.
    pub month_year: &'static str,
    /// A time of day: `09:00` / `9 h 00`.
    pub time: &'static str,
    /// A day in a record's title (the minutes' heading): `2026-11-18`.
    pub record_day: &'static str,
}

/// How an amount of the collective's currency is written.
pub struct MoneyStyle {
    /// Between groups of three digits.
    pub group: &'static str,
    /// Before the cents.
    pub decimal: &'static str,
    /// Written before the number (`$`), or empty.
    pub before: &'static str,
    /// Written after the number (` $`), or empty.
    pub after: &'static str,
}

/// Words the parsers recognize, whatever the language they are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Word {
    /// A day: `today`.
    Today,
    Tomorrow,
    Yesterday,
    /// `!remind me in 2h`.
    In,
    /// `!remind me every tuesday 10:00`.
    Every,
    /// A schedule's `weekly tuesday 10:00`.
    Weekly,
    /// A schedule's `monthly first tuesday 13:00`.
    Monthly,
    First,
    Second,
    Third,
    Fourth,
    Fifth,
    /// The last weekday of a month, and `!standup last`.
    Last,
    /// `!remind me …`.
    Me,
    /// `!hours me`: one's own hours.
    Mine,
    /// `!hours all`: the collective's.
    All,
    Week,
    Month,
    /// `!standup start`, `!meeting start`.
    Start,
    /// `!standup end`, `!meeting end`.
    End,
    /// `!standup join`.
    Join,
    /// `!decide 3 adopted`.
    Adopted,
    Rejected,
    /// `!punch … volunteer`.
    Volunteer,
    /// `!punch in`, `!punch out`, and the other `!punch` subcommands.
    PunchIn,
    PunchOut,
    PunchStatus,
    PunchUndo,
    PunchEdit,
    PunchDelete,
    /// A unit written apart from its number: `2 hours` (read as `2h`).
    HourUnit,
    /// `90 min` (read as `90min`).
    MinuteUnit,
    /// `!project add`.
    Add,
    /// The two kinds of meeting, as a committee name: `!meeting start reflection`.
    Production,
    Reflection,
    /// Stand-up tags, before a colon: `priorities: …`.
    TagPriorities,
    TagHelp,
    TagAvailability,
    TagAnnounce,
    /// `!mail all|digest|none`.
    MailAll,
    MailDigest,
    MailNone,
    /// `!web revoke` (the web view).
    Revoke,
    /// `!agenda remove 3`.
    Remove,
    /// `!item next`: the meeting takes up its next agenda item.
    Next,
    /// The kinds of agenda item: `!agenda add … info|brainstorm|decision`.
    KindInfo,
    KindBrainstorm,
    KindDecision,
    /// `!roles pass <role>`: a role handed back.
    HandBack,
}

impl Word {
    pub const ALL: &'static [Word] = &[
        Word::Today,
        Word::Tomorrow,
        Word::Yesterday,
        Word::In,
        Word::Every,
        Word::Weekly,
        Word::Monthly,
        Word::First,
        Word::Second,
        Word::Third,
        Word::Fourth,
        Word::Fifth,
        Word::Last,
        Word::Me,
        Word::Mine,
        Word::All,
        Word::Week,
        Word::Month,
        Word::Start,
        Word::End,
        Word::Join,
        Word::Adopted,
        Word::Rejected,
        Word::Volunteer,
        Word::PunchIn,
        Word::PunchOut,
        Word::PunchStatus,
        Word::PunchUndo,
        Word::PunchEdit,
        Word::PunchDelete,
        Word::HourUnit,
        Word::MinuteUnit,
        Word::Add,
        Word::Production,
        Word::Reflection,
        Word::TagPriorities,
        Word::TagHelp,
        Word::TagAvailability,
        Word::TagAnnounce,
        Word::MailAll,
        Word::MailDigest,
        Word::MailNone,
        Word::Revoke,
        Word::Remove,
        Word::Next,
        Word::KindInfo,
        Word::KindBrainstorm,
        Word::KindDecision,
        Word::HandBack,
    ];

    /// Whether `text` (any case, surrounding spaces ignored) is this word in any language.
    pub fn matches(self, text: &str) -> bool {
        let text = text.trim().to_lowercase();
        Lang::ALL
            .into_iter()
            .any(|lang| (locale(lang).words)(self).contains(&text.as_str()))
    }
}

/// The table entry of a language.
pub fn locale(lang: Lang) -> &'static Locale {
    match lang {
        Lang::En => &super::table::EN,
        Lang::Fr => &super::table::FR,
    }
}

/// A weekday written in any language, short or long: `tue`, `tuesday`, `mar`, `mardi`.
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let text = text.trim().to_lowercase();
    Lang::ALL.into_iter().find_map(|lang| {
        locale(lang)
            .weekdays
            .iter()
            .position(|names| names.contains(&text.as_str()))
            .and_then(|i| Weekday::try_from(i as u8).ok())
    })
}

/// A weekday's full name in `lang`: `Tuesday`, `mardi`.
pub fn weekday_name(lang: Lang, weekday: Weekday) -> String {
    // Any date with that weekday, formatted in the language.
    let monday = chrono::NaiveDate::from_isoywd_opt(2026, 1, Weekday::Mon).unwrap_or_default();
    let day = monday + chrono::Duration::days(i64::from(weekday.num_days_from_monday()));
    day.format_localized("%A", locale(lang).chrono).to_string()
}

/// A command's name as shown in `lang` (without `!`).
pub fn command_name(lang: Lang, verb: Verb) -> &'static str {
    (locale(lang).commands)(verb).first().copied().unwrap_or(verb.spec().id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_its_own_language() {
        for lang in Lang::ALL {
            assert_eq!(locale(lang).lang, lang);
            assert_eq!(Lang::parse(locale(lang).code), Some(lang));
        }
    }

    #[test]
    fn every_word_is_known_in_english_and_stored_lowercase() {
        for &word in Word::ALL {
            assert!(!(locale(Lang::En).words)(word).is_empty(), "{word:?}");
            for lang in Lang::ALL {
                for w in (locale(lang).words)(word) {
                    assert_eq!(*w, w.to_lowercase(), "{word:?} in {}", lang.code());
                    assert!(word.matches(&w.to_uppercase()), "{w}");
                }
            }
        }
    }

    #[test]
    fn weekdays_read_and_show_in_every_language() {
        assert_eq!(parse_weekday("Mardi"), Some(Weekday::Tue));
        assert_eq!(parse_weekday("sun"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("dim"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("someday"), None);
        assert_eq!(weekday_name(Lang::En, Weekday::Tue), "Tuesday");
        assert_eq!(weekday_name(Lang::Fr, Weekday::Tue), "mardi");
        for lang in Lang::ALL {
            for (i, names) in locale(lang).weekdays.iter().enumerate() {
                let wd = Weekday::try_from(i as u8).unwrap();
                // The name shown is one the parser accepts.
                assert_eq!(parse_weekday(&weekday_name(lang, wd)), Some(wd), "{}", lang.code());
                assert!(!names.is_empty());
            }
        }
    }
}
