//! The module rules of docs/architecture.md ("Who may use whom"), checked on every test
//! run: each `crate::<module>` named by code under `src/<module>/` (or `src/<module>.rs`)
//! must be one its layer may use. konbit stays one crate (docs/architecture.md says why);
//! this test is what a workspace's crate dependencies would check.
//!
//! Read: `use crate::x…`, `crate::x::…` paths, `use crate::{x, y}`, and the catalog macros
//! (`t!` belongs to `i18n`, `tm!` to `message`). Not read: comments, and a file's test
//! module (from its `#[cfg(test)]` line on) or a `*tests.rs` file — tests may build
//! fixtures from any layer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each layer and the layers it may use. A module not listed here is a test failure: a
/// new one gets its rule.
const RULES: &[(&str, &[&str])] = &[
    ("i18n", &[]),
    ("domain", &["i18n"]),
    ("command", &["domain", "i18n"]),
    ("config", &["domain", "i18n"]),
    ("message", &["i18n"]),
    ("effect", &["message", "i18n"]),
    ("store", &["domain", "config", "effect"]),
    ("export", &["store"]),
    ("calendar", &["domain", "config", "store", "i18n"]),
    (
        "app",
        &["command", "domain", "config", "store", "effect", "message", "i18n"],
    ),
    ("scheduler", &["app", "store"]),
    ("lease", &["config", "store"]),
    (
        "transport",
        &[
            "app",
            "scheduler",
            "effect",
            "message",
            "config",
            "domain",
            "i18n",
            "lease",
        ],
    ),
    ("privacy", &["config", "domain", "i18n", "store"]),
    (
        "web",
        &[
            "app", "calendar", "command", "config", "domain", "i18n", "message", "store", "privacy",
        ],
    ),
    ("ops", &["config", "i18n", "store", "transport", "privacy"]),
    ("cli", &["ops", "export", "i18n"]),
];

/// Modules outside the rules: the crate's roots and the fuzzing harness (test support).
const UNRULED: &[&str] = &["lib", "main", "fuzzing", "module_rules"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top module a file under `src/` belongs to.
fn layer_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("under src/");
    let first = rel.components().next().expect("a path").as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The text that counts: comments and the test module left out.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = match line.find("//") {
            // A `//` inside a string ("http://…") keeps the line up to the quote's end
            // well enough: paths are never in strings.
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every module of ours the code names.
fn uses_of(code: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let ident = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        // `$crate::` inside a macro is the macro's own module: not a use.
        let dollar = at > 0 && rest.as_bytes()[at - 1] == b'$';
        let after = &rest[at + "crate::".len()..];
        if !dollar {
            if let Some(group) = after.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name = ident(item.trim());
                    if !name.is_empty() {
                        used.insert(name);
                    }
                }
            } else {
                let name = ident(after);
                if !name.is_empty() {
                    used.insert(name);
                }
            }
        }
        rest = after;
    }
    // The catalog macros, by the module that defines them.
    used.into_iter()
        .map(|m| match m.as_str() {
            "t" => "i18n".to_owned(),
            "tm" => "message".to_owned(),
            _ => m,
        })
        .collect()
}

#[test]
fn every_module_uses_only_the_layers_its_rule_allows() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    assert!(files.len() > 50, "the sources were found: {}", files.len());
    let mut broken = Vec::new();
    for file in files {
        let layer = layer_of(&file);
        if UNRULED.contains(&layer.as_str()) {
            continue;
        }
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with("tests.rs") {
            continue;
        }
        let Some((_, allowed)) = RULES.iter().find(|(l, _)| *l == layer) else {
            broken.push(format!("{}: module `{layer}` has no rule in RULES", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("a readable source");
        for used in uses_of(&code_of(&text)) {
            if used != layer && !allowed.contains(&used.as_str()) {
                broken.push(format!("{}: `{layer}` uses `{used}`", file.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "module rules broken (docs/architecture.md):\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_reader_sees_every_way_a_module_is_named() {
    let code = "use crate::store::Store;\nlet x = crate::domain::f();\nuse crate::{t, tm};\n$crate::app::x";
    let used: Vec<String> = uses_of(code).into_iter().collect();
    assert_eq!(used, ["domain", "i18n", "message", "store"]);
    let code = code_of("use crate::a; // crate::b\n#[cfg(test)]\nuse crate::c;");
    assert_eq!(uses_of(&code).into_iter().collect::<Vec<_>>(), ["a"]);
}

#[test]
fn the_rules_in_the_doc_are_the_rules_checked() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
        .expect("docs/architecture.md");
    for (layer, allowed) in RULES {
        let line = format!("- `{layer}` may use: {}", list(allowed));
        assert!(doc.contains(&line), "docs/architecture.md lacks the line:\n{line}");
    }
}

/// `a`, `b` — or "nothing of ours".
fn list(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        return "nothing of ours".to_owned();
    }
    allowed.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
}
