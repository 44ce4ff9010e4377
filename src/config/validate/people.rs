//! `[[members]]` (the roster: names, languages, time zones, IRC and Matrix identities) and
//! `[[projects]]` (what hours are punched to).

use std::collections::HashSet;

use super::check::{language, problem, time_zone};
use crate::config::matrix_id::is_user_id;
use crate::config::raw::{RawMember, RawProject};
use crate::config::{Member, Problem, ProblemKind, Project, ProjectKind};
use crate::domain::project::{NameError, parse_name};

pub(super) fn projects(raw: &[RawProject], p: &mut Vec<Problem>) -> Vec<Project> {
    let mut names = HashSet::new();
    let mut projects = Vec::new();
    for (i, project) in raw.iter().enumerate() {
        let path = format!("projects[{i}]");
        let name = project.name.trim().to_lowercase();
        // The same rule as the commands' (`!punch 2h NAME`), so every project can be typed.
        match parse_name(&name) {
            Err(NameError::TooLong) => problem(
                p,
                format!("{path}.name"),
                ProblemKind::ProjectNameTooLong(project.name.clone()),
            ),
            Err(NameError::Invalid) => problem(
                p,
                format!("{path}.name"),
                ProblemKind::BadProjectName(project.name.clone()),
            ),
            Ok(_) if !names.insert(name.clone()) => {
                problem(p, format!("{path}.name"), ProblemKind::Duplicate(project.name.clone()))
            }
            Ok(_) => {}
        }
        let kind = match project.kind.as_deref() {
            None => ProjectKind::Work,
            Some(k) => ProjectKind::parse(k).unwrap_or_else(|| {
                problem(p, format!("{path}.kind"), ProblemKind::BadProjectKind(k.to_owned()));
                ProjectKind::Work
            }),
        };
        projects.push(Project { name, kind });
    }
    projects
}

pub(super) fn members(raw: &[RawMember], p: &mut Vec<Problem>) -> Vec<Member> {
    // Names and every handle must be unique, case-insensitively: `name:alice`,
    // `irc_account:al`…
    let mut seen: HashSet<String> = HashSet::new();
    let mut members = Vec::new();
    for (i, m) in raw.iter().enumerate() {
        let path = format!("members[{i}]");
        let name = m.name.trim();
        // A name is one word; `:` and `>` would read as addressing in a chat line.
        if name.is_empty() || name.contains(char::is_whitespace) || name.contains([':', '>']) {
            problem(p, format!("{path}.name"), ProblemKind::Empty);
        } else if !seen.insert(format!("name:{}", name.to_lowercase())) {
            problem(p, format!("{path}.name"), ProblemKind::Duplicate(name.to_owned()));
        }
        let lang = m
            .language
            .as_ref()
            .and_then(|l| language(&format!("{path}.language"), l, p));
        let tz = m
            .timezone
            .as_ref()
            .map(|z| time_zone(&format!("{path}.timezone"), z, p));
        for (key, handle) in [
            ("irc_account", &m.irc_account),
            ("irc_nick", &m.irc_nick),
            ("matrix_id", &m.matrix_id),
        ] {
            if let Some(h) = handle {
                if h.trim().is_empty() {
                    problem(p, format!("{path}.{key}"), ProblemKind::Empty);
                } else if !seen.insert(format!("{key}:{}", h.trim().to_lowercase())) {
                    problem(p, format!("{path}.{key}"), ProblemKind::Duplicate(h.clone()));
                }
            }
        }
        if let Some(id) = &m.matrix_id
            && !id.trim().is_empty()
            && !is_user_id(id.trim())
        {
            problem(p, format!("{path}.matrix_id"), ProblemKind::BadMatrixId(id.clone()));
        }
        let clean = |h: &Option<String>| h.as_ref().map(|s| s.trim().to_owned());
        members.push(Member {
            name: name.to_owned(),
            lang,
            tz,
            irc_account: clean(&m.irc_account),
            irc_nick: clean(&m.irc_nick),
            matrix_id: clean(&m.matrix_id),
            email: None,
            mail: Default::default(),
        });
    }
    members
}
