//! Reading the file: TOML text into [`RawConfig`]. A syntax or type error is one problem
//! (serde stops there), with its line and column or its key path; every unknown key is one
//! more (a misspelt key silently ignored is how a holiday goes missing).

use super::raw::RawConfig;
use super::{Problem, ProblemKind};

impl RawConfig {
    /// Reads TOML; a syntax or type error is one problem (serde stops there), and every
    /// unknown key is one more.
    pub fn parse(text: &str) -> Result<RawConfig, Vec<Problem>> {
        let de = toml::Deserializer::parse(text).map_err(|e| vec![syntax_problem(&e, text)])?;
        let mut unknown = Vec::new();
        let mut record = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
        let ignored = serde_ignored::Deserializer::new(de, &mut record);
        let raw: Result<RawConfig, _> = serde_path_to_error::deserialize(ignored);
        let mut problems: Vec<Problem> = unknown
            .into_iter()
            .map(|p| Problem::new(p, ProblemKind::UnknownKey))
            .collect();
        match raw {
            Ok(raw) if problems.is_empty() => Ok(raw),
            Ok(_) => Err(problems),
            Err(e) => {
                let path = e.path().to_string();
                let detail = e.into_inner().message().to_owned();
                problems.insert(
                    0,
                    Problem::new(
                        if path == "." { String::new() } else { path },
                        ProblemKind::WrongType(detail),
                    ),
                );
                Err(problems)
            }
        }
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
    fn syntax_errors_give_line_and_column() {
        let got = problems("[collective]\nname = \"unterminated\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].path.starts_with("2:"), "{:?}", got[0]);
        assert!(matches!(got[0].kind, Syntax(_)));
    }
}
