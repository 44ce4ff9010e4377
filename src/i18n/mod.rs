//! Languages: the Fluent catalogs (sentences), the locale table (everything else a
//! language needs) and the lookup helpers.
//!
//! Every user-visible sentence goes through [`t!`]: the catalogs live in
//! `src/i18n/locales/<code>/konbit.ftl` and are embedded at compile time. A missing
//! message is logged and shown as its id rather than panicking. Command names, the words
//! the parsers accept (weekdays, `tomorrow`, `every`…) and how dates, time zones and
//! amounts are written are in the locale table (`table.rs`, one [`Locale`] per
//! language; its shape in `locale.rs`). Parsers accept the words of every language;
//! answers are in the reader's language.
//!
//! # How to add a language
//!
//! 1. Add a variant to the `langs!` list below ([`Lang`] and [`Lang::ALL`] both come
//!    from it).
//! 2. Copy `locales/en/` to `locales/<code>/` and translate `konbit.ftl`: every message,
//!    with the same ids, variables and attributes (the catalog tests compare each
//!    catalog with the English one).
//! 3. Add a `Locale` to `table.rs` (command names, accepted words, weekdays, date
//!    patterns, zone abbreviations, money style) and return it from [`locale`]; the
//!    compiler points at every `match` that needs the new variant.
//! 4. `cargo test --lib -- i18n:: command::` checks that the catalog holds the English
//!    messages with the same variables, that every command round-trips through its
//!    names in every language, and that no name belongs to two commands.

#[cfg(test)]
mod catalog_tests;
mod locale;
mod table;
mod verb;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use fluent_bundle::FluentValue;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
pub use locale::{DatePatterns, Locale, MoneyStyle, Word, command_name, locale, parse_weekday, weekday_name};
pub use verb::Verb;

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let entry = locale(lang);
    let id = entry.code.parse().unwrap_or_else(|e| {
        tracing::error!(?e, code = entry.code, "bad language code in the locale table");
        unic_langid::LanguageIdentifier::default()
    });
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around arguments would reach IRC clients as garbage.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(entry.catalog.to_owned()).unwrap_or_else(|(partial, errors)| {
        tracing::error!(?errors, "syntax errors in a message catalog");
        partial
    });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(?errors, "duplicate messages in a catalog");
    }
    bundle
}

/// One bundle per language, in [`Lang::ALL`] order.
static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> =
    LazyLock::new(|| Lang::ALL.into_iter().map(bundle).collect());

/// Declares [`Lang`] and [`Lang::ALL`] from one list, so that `ALL` cannot miss a language.
macro_rules! langs {
    ($($(#[$attr:meta])* $v:ident,)*) => {
        /// A language konbit speaks; its data is its [`locale`] entry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum Lang {
            $($(#[$attr])* $v,)*
        }

        impl Lang {
            /// Every language, in declaration order (`ALL[l as usize] == l`).
            pub const ALL: [Lang; [$(stringify!($v),)*].len()] = [$(Lang::$v,)*];
        }
    };
}

langs! {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// `en`, `fr`, and regional forms such as `fr-CA` or `fr_CA.UTF-8`.
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.split(['-', '_', '.']).next().unwrap_or("").to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn code(self) -> &'static str {
        locale(self).code
    }

    /// The operator's language for command-line output, from the usual locale variables.
    pub fn from_env() -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        // BUNDLES is built from ALL, which the macro lists in declaration order.
        &BUNDLES[self as usize]
    }

    /// chrono's locale for day and month names.
    pub fn chrono_locale(self) -> chrono::Locale {
        locale(self).chrono
    }
}

/// Named arguments for a message.
pub type Args = HashMap<Cow<'static, str>, FluentValue<'static>>;

/// Looks a message up. A missing id is logged and returned as is; a formatting problem
/// (a missing argument) is logged and the text is still given, with the gap marked.
pub fn lookup(lang: Lang, id: &str, args: Option<&Args>) -> String {
    let bundle = lang.bundle();
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::error!(id, lang = lang.code(), "message missing from the catalog");
        return id.to_owned();
    };
    let fluent_args = args.map(|a| a.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<FluentArgs>());
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
    if !errors.is_empty() {
        tracing::error!(id, lang = lang.code(), ?errors, "message could not be fully formatted");
    }
    text.into_owned()
}

/// Whether a message id exists in a language (used by the catalog tests and help).
pub fn has_message(lang: Lang, id: &str) -> bool {
    lang.bundle().has_message(id)
}

/// `t!(lang, "id")` or `t!(lang, "id", "arg" => value, …)`: the message in `lang`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:expr) => {
        $crate::i18n::lookup($lang, $id, None)
    };
    ($lang:expr, $id:expr, $($name:literal => $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.insert(::std::borrow::Cow::Borrowed($name), $crate::i18n::FluentValue::from($value)); )+
        $crate::i18n::lookup($lang, $id, Some(&args))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_inserted_without_isolation_marks() {
        let s = t!(Lang::En, "unknown-command", "name" => "frobnicate");
        assert!(s.contains("!frobnicate"), "{s}");
        assert!(!s.contains('\u{2068}'));
    }

    #[test]
    fn every_language_has_its_own_bundle() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(lang as usize, i);
            assert!(lang.bundle().has_message("less-than-a-minute"), "{}", lang.code());
        }
    }

    #[test]
    fn locale_names_parse() {
        assert_eq!(Lang::parse("fr_CA.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn each_language_answers_from_its_own_catalog() {
        assert_eq!(t!(Lang::En, "less-than-a-minute"), "less than a minute");
        assert_ne!(t!(Lang::Fr, "less-than-a-minute"), "less than a minute");
    }
}
