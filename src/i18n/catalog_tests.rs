//! The catalogs checked as Fluent, not as lines: each is parsed with `fluent-syntax`
//! (the parser `fluent-bundle` itself uses), and every language must hold the English
//! catalog's messages, attributes and variables; every id the code names must exist.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::{Args, Cow, FluentValue, Lang, has_message, locale, lookup};

/// What a catalog says about one message (or term, `-name`): its attributes, and the
/// variables its value and attributes use.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
}

fn parse(lang: Lang) -> BTreeMap<String, Shape> {
    let resource = fluent_syntax::parser::parse(locale(lang).catalog)
        .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", lang.code()));
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
            Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            Entry::Junk { content } => panic!("{}: junk in the catalog: {content}", lang.code()),
            Entry::Comment(_) | Entry::GroupComment(_) | Entry::ResourceComment(_) => continue,
        };
        let mut shape = Shape::default();
        for pattern in value.into_iter().chain(attributes.iter().map(|a| &a.value)) {
            pattern_variables(pattern, &mut shape.variables);
        }
        shape.attributes = attributes.iter().map(|a| a.id.name.to_owned()).collect();
        assert!(out.insert(id.clone(), shape).is_none(), "{id} twice in {}", lang.code());
    }
    out
}

fn pattern_variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { .. } => {}
            PatternElement::Placeable { expression } => expression_variables(expression, out),
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. }
        | InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            let named = arguments.named.iter().map(|n| &n.value);
            for argument in arguments.positional.iter().chain(named) {
                inline_variables(argument, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        InlineExpression::TermReference { arguments: None, .. }
        | InlineExpression::MessageReference { .. }
        | InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. } => {}
    }
}

#[test]
fn every_catalog_parses_without_errors() {
    for lang in Lang::ALL {
        assert!(parse(lang).len() > 50, "the {} catalog looks empty", lang.code());
        // And the runtime accepts it too.
        if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(locale(lang).catalog.to_owned()) {
            panic!("{}: {errors:?}", lang.code());
        }
    }
}

#[test]
fn every_language_holds_the_english_messages_with_the_same_variables() {
    let english = parse(Lang::En);
    for lang in Lang::ALL {
        let other = parse(lang);
        let only_en: Vec<_> = english.keys().filter(|id| !other.contains_key(*id)).collect();
        let only_other: Vec<_> = other.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(
            only_en.is_empty() && only_other.is_empty(),
            "only in en: {only_en:?}; only in {}: {only_other:?}",
            lang.code()
        );
        // A translation that forgets or invents a variable or an attribute is a bug.
        let differ: Vec<_> = english
            .iter()
            .filter(|(id, shape)| other.get(*id) != Some(shape))
            .map(|(id, shape)| format!("{id}: en {shape:?}, {} {:?}", lang.code(), other.get(id)))
            .collect();
        assert!(differ.is_empty(), "{}:\n{}", lang.code(), differ.join("\n"));
    }
}

#[test]
fn every_usage_hint_exists_in_every_language() {
    for hint in crate::command::HINTS {
        for lang in Lang::ALL {
            assert!(has_message(lang, hint), "{hint} missing in {lang:?}");
        }
    }
}

#[test]
fn every_command_has_its_usage_summary_and_example_in_every_language() {
    for spec in crate::command::VERBS {
        for stem in ["usage", "summary", "example"] {
            let id = format!("{stem}-{}", spec.id);
            for lang in Lang::ALL {
                assert!(has_message(lang, &id), "{id} missing in {lang:?}");
            }
        }
    }
}

#[test]
fn every_message_the_code_names_exists_in_every_language() {
    // `t!` (flat text) and `tm!` (a structured sentence) alike.
    let re = regex::Regex::new(r#"(?:^|[^A-Za-z0-9_])tm?!\(\s*[^,()]+(?:\([^)]*\))?,\s*"([a-z0-9-]+)""#).unwrap();
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

/// Every message, with every variable at 1: no "1 hours", "1 jours"… anywhere.
#[test]
fn a_count_of_one_is_singular_in_every_message() {
    let plural_after_one = regex::Regex::new(r"(?:^|[^0-9,.#])1 (?:business )?([a-zàâçéèêëîïôûùüœ]+s)\b").unwrap();
    // Words ending in s after a count that are no plural noun ("1 is", "1 unless").
    let not_plural = [
        "is", "was", "has", "does", "as", "unless", "says", "needs", "joins", "business", "sans", "plus", "dans",
        "sous", "vers", "chez", "depuis", "alors", "mais", "après", "dès", "pas", "requis",
    ];
    // Their arguments are duration and share texts (`1h30`, `15%`), never a bare count.
    let durations = [
        "hours-paid",
        "hours-volunteer",
        "meeting-share",
        "meeting-share-above",
        "meeting-share-within",
    ];
    for lang in Lang::ALL {
        let mut bad = Vec::new();
        for (id, shape) in parse(lang) {
            if id.starts_with('-') || durations.contains(&id.as_str()) {
                continue;
            }
            let mut args = Args::new();
            for v in shape.variables {
                args.insert(Cow::Owned(v), FluentValue::from(1));
            }
            let text = lookup(lang, &id, Some(&args));
            if plural_after_one
                .captures_iter(&text)
                .any(|c| !not_plural.contains(&&c[1]))
            {
                bad.push(format!("{id}: {text}"));
            }
        }
        assert!(bad.is_empty(), "{lang:?}:\n{}", bad.join("\n"));
    }
}
