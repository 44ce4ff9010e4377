//! Reading the file: TOML text into [`RawConfig`], with every problem of the file at once.
//!
//! A syntax error is one problem (the rest of the text cannot be read). Otherwise each
//! section is read on its own, and each entry of an array of tables (`[[members]]`,
//! `[[projects]]`, `[[schedules]]`) too: a missing field or a wrong type stops serde in
//! that section or entry only, and every unknown key anywhere is one more problem (a
//! misspelt key silently ignored is how a holiday goes missing). What could be read is
//! then checked as a whole (validate), the problems under a part that could not be read
//! left out. Every key path has one style: `members[1].irc_account`.

use serde::de::DeserializeOwned;

use super::raw::RawConfig;
use super::{Problem, ProblemKind};

/// The arrays of tables read entry by entry.
const ARRAYS: [&str; 3] = ["members", "projects", "schedules"];

/// What reading found: the parts that could be read, and the problems of the others.
pub struct Read {
    /// The file, but the sections and entries that could not be read.
    pub raw: RawConfig,
    /// The problems found reading it, in the file's order of sections.
    pub problems: Vec<Problem>,
    /// Where a problem found later in what was read is in the file.
    pub placing: Placing,
}

/// The parts of the file left out of [`Read::raw`], to place the problems found in it.
pub struct Placing {
    /// Key paths of the parts left out (`calendar`, `members[1]`).
    left_out: Vec<String>,
    /// For each array with entries left out: the original index of each entry kept.
    kept: Vec<(&'static str, Vec<usize>)>,
}

impl Placing {
    /// A problem validation found in what was read, at its key path in the file; none if
    /// it is under a part left out (it would only repeat, or guess at, that part's own).
    pub fn place(&self, mut problem: Problem) -> Option<Problem> {
        for (array, kept) in &self.kept {
            let Some(rest) = problem.path.strip_prefix(array).and_then(|r| r.strip_prefix('[')) else {
                continue;
            };
            let Some((index, after)) = rest.split_once(']') else {
                continue;
            };
            if let Some(original) = index.parse::<usize>().ok().and_then(|i| kept.get(i)) {
                problem.path = format!("{array}[{original}]{after}");
            }
        }
        let under = |part: &String| {
            problem.path == *part
                || problem.path.starts_with(&format!("{part}."))
                || problem.path.starts_with(&format!("{part}["))
        };
        (!self.left_out.iter().any(under)).then_some(problem)
    }
}

impl RawConfig {
    /// Reads TOML: a syntax error is the only problem then; otherwise every section and
    /// array entry is read, and each problem found is kept (see [`Read`]).
    pub fn read(text: &str) -> Result<Read, Vec<Problem>> {
        let table: toml::Table = toml::from_str(text).map_err(|e| vec![syntax_problem(&e, text)])?;
        let mut problems = Vec::new();
        let mut left_out = Vec::new();
        let mut kept = Vec::new();
        let mut good = toml::Table::new();
        for (key, value) in table {
            if !KNOWN.contains(&key.as_str()) {
                problems.push(Problem::new(key, ProblemKind::UnknownKey));
                continue;
            }
            if let Some(array) = ARRAYS.iter().find(|a| **a == key)
                && let toml::Value::Array(entries) = value
            {
                let mut kept_here = Vec::new();
                let mut good_entries = Vec::new();
                let count = entries.len();
                for (i, entry) in entries.into_iter().enumerate() {
                    let at = format!("{key}[{i}]");
                    if read_part(&entry, &at, array, &mut problems) {
                        kept_here.push(i);
                        good_entries.push(entry);
                    } else {
                        left_out.push(at);
                    }
                }
                if kept_here.len() < count {
                    kept.push((*array, kept_here));
                }
                good.insert(key, toml::Value::Array(good_entries));
                continue;
            }
            if read_part(&toml::Value::Table(one(&key, value.clone())), "", &key, &mut problems) {
                good.insert(key, value);
            } else {
                left_out.push(key);
            }
        }
        // What is left parses by construction; were it not to, its problems are reported.
        let raw = match deserialize::<RawConfig>(toml::Value::Table(good)) {
            Ok((raw, _)) => raw,
            Err(problem) => {
                problems.push(problem);
                return Err(problems);
            }
        };
        Ok(Read {
            raw,
            problems,
            placing: Placing { left_out, kept },
        })
    }
}

/// The top-level keys [`RawConfig`] has.
const KNOWN: [&str; 18] = [
    "collective",
    "storage",
    "console",
    "calendar",
    "meetings",
    "proposals",
    "privacy",
    "punch",
    "standup",
    "membership",
    "scheduler",
    "schedules",
    "irc",
    "matrix",
    "mail",
    "web",
    "projects",
    "members",
];

fn one(key: &str, value: toml::Value) -> toml::Table {
    let mut t = toml::Table::new();
    t.insert(key.to_owned(), value);
    t
}

/// Reads one part of the file (a section wrapped in a table of its own, or an array's
/// entry at `at`) as `RawConfig` would; its problems go to `problems`. Whether it could be
/// read (unknown keys alone do not stop it).
fn read_part(value: &toml::Value, at: &str, array: &str, problems: &mut Vec<Problem>) -> bool {
    let result = match array {
        "members" if !at.is_empty() => deserialize::<super::raw::RawMember>(value.clone()).map(|(_, u)| u),
        "projects" if !at.is_empty() => deserialize::<super::raw::RawProject>(value.clone()).map(|(_, u)| u),
        "schedules" if !at.is_empty() => deserialize::<super::raw::RawSchedule>(value.clone()).map(|(_, u)| u),
        _ => deserialize::<RawConfig>(value.clone()).map(|(_, u)| u),
    };
    let join = |path: String| match (at.is_empty(), path.is_empty()) {
        (true, _) => path,
        (false, true) => at.to_owned(),
        (false, false) if path.starts_with('[') => format!("{at}{path}"),
        (false, false) => format!("{at}.{path}"),
    };
    match result {
        Ok(unknown) => {
            problems.extend(
                unknown
                    .into_iter()
                    .map(|p| Problem::new(join(p), ProblemKind::UnknownKey)),
            );
            true
        }
        Err(mut problem) => {
            problem.path = join(problem.path);
            problems.push(problem);
            false
        }
    }
}

/// Deserializes `value`: the value and the paths of its unknown keys, or the problem that
/// stopped it.
fn deserialize<T: DeserializeOwned>(value: toml::Value) -> Result<(T, Vec<String>), Problem> {
    let mut unknown = Vec::new();
    let mut record = |path: serde_ignored::Path<'_>| unknown.push(key_path(&path));
    let ignored = serde_ignored::Deserializer::new(value, &mut record);
    match serde_path_to_error::deserialize::<_, T>(ignored) {
        Ok(v) => Ok((v, unknown)),
        Err(e) => {
            let path = e.path().to_string();
            let detail = e.into_inner().message().to_owned();
            Err(Problem::new(
                if path == "." { String::new() } else { path },
                ProblemKind::WrongType(detail),
            ))
        }
    }
}

/// serde_ignored's path in the style of the rest: `members[2].irc_acount`, not
/// `members.2.irc_acount`.
fn key_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path::*;
    match path {
        Root => String::new(),
        Seq { parent, index } => format!("{}[{index}]", key_path(parent)),
        Map { parent, key } => {
            let before = key_path(parent);
            if before.is_empty() {
                key.clone()
            } else {
                format!("{before}.{key}")
            }
        }
        Some { parent } | NewtypeStruct { parent } | NewtypeVariant { parent } => key_path(parent),
    }
}

fn syntax_problem(e: &toml::de::Error, text: &str) -> Problem {
    let location = e.span().map(|span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{line}:{column}")
    });
    Problem::new(
        location.unwrap_or_default(),
        ProblemKind::Syntax(e.message().to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::ProblemKind::*;
    use crate::config::{Config, Problem};

    fn problems(toml: &str) -> Vec<Problem> {
        Config::parse(toml, Path::new("/tmp")).err().unwrap_or_default()
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_problems() {
        let got = problems("[collective]\nnmae = \"x\"\n[proposals]\nbudget_capp = 3\n");
        let paths: Vec<_> = got.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["collective.nmae", "proposals.budget_capp"]);
        let got = problems("[proposals]\ndelay_business_hours = \"two days\"\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "proposals.delay_business_hours");
        assert!(matches!(got[0].kind, WrongType(_)));
    }

    #[test]
    fn every_problem_of_a_file_is_found_at_once_each_path_in_one_style() {
        let got = problems(
            "[collective]\ntimezone = \"Mars/Olympus\"\n\
             [proposals]\ndelay_business_hours = \"two days\"\n\
             [[members]]\nname = \"alice\"\nlanguage = \"klingon\"\n\
             [[members]]\nirc_account = \"bob\"\n\
             [[members]]\nname = \"carol\"\nirc_acount = \"carol\"\n\
             [[members]]\nname = \"dave\"\nlanguage = \"elvish\"\n",
        );
        let paths: Vec<_> = got.iter().map(|p| p.path.as_str()).collect();
        for want in [
            "collective.timezone",
            "proposals.delay_business_hours",
            "members[0].language",
            "members[1]",
            "members[2].irc_acount",
            // After the entry left out: its own index, not one less.
            "members[3].language",
        ] {
            assert!(paths.contains(&want), "{want}: {got:?}");
        }
        assert!(
            matches!(&got[paths.iter().position(|p| *p == "members[1]").unwrap()].kind,
            WrongType(m) if m.contains("name")),
            "{got:?}"
        );
        assert_eq!(got.len(), 6, "{got:?}");
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let got = problems("[collective]\nname = \"unterminated\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].path.starts_with("2:"), "{:?}", got[0]);
        assert!(matches!(got[0].kind, Syntax(_)));
    }
}
