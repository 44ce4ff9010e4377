//! Message catalogs (Fluent, English and French) and the lookup helper.
//!
//! Every user-visible string goes through [`t!`]: the catalogs live in
//! `src/i18n/locales/{en,fr}/konbit.ftl` and are embedded at compile time. A missing
//! message is logged and shown as its id rather than panicking; a test checks that both
//! catalogs hold the same ids and that every id the code uses exists.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use fluent_bundle::FluentValue;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::langid;

const EN_FTL: &str = include_str!("locales/en/konbit.ftl");
const FR_FTL: &str = include_str!("locales/fr/konbit.ftl");

fn bundle(lang: unic_langid::LanguageIdentifier, source: &'static str) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Unicode isolation marks around arguments would reach IRC clients as garbage.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, errors)| {
        tracing::error!(?errors, "syntax errors in a message catalog");
        partial
    });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(?errors, "duplicate messages in a catalog");
    }
    bundle
}

static EN: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| bundle(langid!("en"), EN_FTL));
static FR: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| bundle(langid!("fr"), FR_FTL));

/// A language konbit speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// `en`, `fr`, and regional forms such as `fr-CA` or `fr_CA.UTF-8`.
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.split(['-', '_', '.']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
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
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }

    /// chrono's locale for day and month names.
    pub fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::En => chrono::Locale::en_CA,
            Lang::Fr => chrono::Locale::fr_CA,
        }
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
    use std::collections::BTreeSet;

    fn ids(lang: &str) -> BTreeSet<String> {
        let path = format!("{}/src/i18n/locales/{lang}/konbit.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_catalogs_parse_without_errors() {
        for (lang, source) in [("en", EN_FTL), ("fr", FR_FTL)] {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("{lang}: {errors:?}");
            }
        }
    }

    #[test]
    fn english_and_french_catalogs_hold_the_same_messages() {
        let en = ids("en");
        let fr = ids("fr");
        assert!(en.len() > 50, "catalog looks empty");
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_fr.is_empty(),
            "only in en: {only_en:?}; only in fr: {only_fr:?}"
        );
    }

    /// Each message's variables, by id: a translation that forgets or invents one is a bug.
    fn variables(lang: &str) -> std::collections::BTreeMap<String, BTreeSet<String>> {
        let path = format!("{}/src/i18n/locales/{lang}/konbit.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let var = regex::Regex::new(r"\$([a-z][a-z0-9_-]*)").unwrap();
        let mut out = std::collections::BTreeMap::new();
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                current = line.split_once(" =").map(|(id, _)| id.trim().to_owned());
            } else if line.starts_with('#') || line.trim().is_empty() {
                current = None;
            }
            if let Some(id) = &current {
                let set: &mut BTreeSet<String> = out.entry(id.clone()).or_default();
                set.extend(var.captures_iter(line).map(|c| c[1].to_owned()));
            }
        }
        out
    }

    #[test]
    fn translations_use_the_same_variables() {
        let (en, fr) = (variables("en"), variables("fr"));
        let differ: Vec<_> = en
            .iter()
            .filter(|(id, vars)| fr.get(*id) != Some(vars))
            .map(|(id, _)| id)
            .collect();
        assert!(differ.is_empty(), "variables differ in: {differ:?}");
    }

    #[test]
    fn every_usage_hint_exists_in_both_languages() {
        for hint in crate::command::HINTS {
            for lang in Lang::ALL {
                assert!(has_message(lang, hint), "{hint} missing in {lang:?}");
            }
        }
    }

    #[test]
    fn every_message_the_code_names_exists_in_both_languages() {
        let re = regex::Regex::new(r#"(?:^|[^A-Za-z0-9_])t!\(\s*[^,()]+(?:\([^)]*\))?,\s*"([a-z0-9-]+)""#).unwrap();
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(p) = stack.pop() {
            for entry in std::fs::read_dir(&p).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let src = std::fs::read_to_string(&path).unwrap();
                    let code = src
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    for cap in re.captures_iter(&code) {
                        seen += 1;
                        for lang in Lang::ALL {
                            if !has_message(lang, &cap[1]) {
                                missing.push(format!("{} ({}) in {}", &cap[1], lang.code(), path.display()));
                            }
                        }
                    }
                }
            }
        }
        assert!(seen > 30, "the scan found only {seen} uses");
        assert!(missing.is_empty(), "missing: {missing:#?}");
    }

    #[test]
    fn arguments_are_inserted_without_isolation_marks() {
        let s = t!(Lang::En, "unknown-command", "name" => "frobnicate");
        assert!(s.contains("!frobnicate"), "{s}");
        assert!(!s.contains('\u{2068}'));
    }

    #[test]
    fn locale_names_parse() {
        assert_eq!(Lang::parse("fr_CA.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }

    /// Every message, with every argument at 1: no "1 hours", "1 jours"… anywhere.
    #[test]
    fn a_count_of_one_is_singular_in_every_message() {
        let var = regex::Regex::new(r"\$([a-z_]+)").unwrap();
        let plural_after_one = regex::Regex::new(r"(?:^|[^0-9,.#])1 (?:business )?([a-zàâçéèêëîïôûùüœ]+s)\b").unwrap();
        // Words ending in s after a count that are no plural noun ("1 is", "1 unless").
        let not_plural = [
            "is", "was", "has", "as", "unless", "says", "needs", "joins", "business", "sans", "plus", "dans", "sous",
            "vers", "chez", "depuis", "alors", "mais", "après", "dès", "pas", "requis",
        ];
        // Their argument is a duration text (`1h30`), never a bare count.
        let durations = ["hours-paid", "hours-volunteer"];
        for (lang, source) in [(Lang::En, EN_FTL), (Lang::Fr, FR_FTL)] {
            let mut bad = Vec::new();
            let mut messages: Vec<(String, String)> = Vec::new();
            for line in source.lines() {
                match line.split_once(" =") {
                    Some((id, rest)) if line.starts_with(|c: char| c.is_ascii_lowercase()) => {
                        messages.push((id.trim().to_owned(), rest.to_owned()))
                    }
                    _ => {
                        if let Some(last) = messages.last_mut() {
                            last.1.push('\n');
                            last.1.push_str(line);
                        }
                    }
                }
            }
            for (id, body) in messages.into_iter().filter(|(id, _)| !durations.contains(&id.as_str())) {
                let mut args = Args::new();
                for c in var.captures_iter(&body) {
                    args.insert(Cow::Owned(c[1].to_owned()), FluentValue::from(1));
                }
                let text = lookup(lang, &id, Some(&args));
                let plural = plural_after_one
                    .captures_iter(&text)
                    .any(|c| !not_plural.contains(&&c[1]));
                if plural {
                    bad.push(format!("{id}: {text}"));
                }
            }
            assert!(bad.is_empty(), "{lang:?}:\n{}", bad.join("\n"));
        }
    }
}
