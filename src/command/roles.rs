//! Arguments of `!roles` (`!rôles`, `!équipe`): the team drawn for the next meeting and
//! the rotation, or a role handed back (usage: the catalogs' `usage-roles`; README,
//! "Meetings").
//!
//! `!roles [meeting]`, `!roles pass <role>` (the role in any language, several words
//! allowed: `!rôles passer gardien·ne du temps`).

use super::args::split_word;
use super::{Command, UsageError, Verb, hint, usage};
use crate::i18n::Word;

/// What `!roles` asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RolesCmd {
    /// The team of the committee's next meeting and its rotation (`None`: production).
    Show { committee: Option<String> },
    /// Hands back the role named (as said; the core finds which).
    Pass { role: String },
}

/// Longest role name accepted, in characters.
const MAX_ROLE_CHARS: usize = 60;

pub(super) fn roles(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Roles;
    let (first, rest) = split_word(args);
    let cmd = if first.is_empty() {
        RolesCmd::Show { committee: None }
    } else if Word::HandBack.matches(first) {
        let role = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        if role.is_empty() {
            return Err(hint(verb, "hint-roles-role"));
        }
        if role.chars().count() > MAX_ROLE_CHARS {
            return Err(hint(verb, "hint-too-long"));
        }
        RolesCmd::Pass { role }
    } else if rest.is_empty() {
        RolesCmd::Show {
            committee: Some(first.to_lowercase()),
        }
    } else {
        return Err(usage(verb));
    };
    Ok(Command::Roles(cmd))
}

#[cfg(test)]
mod tests {
    use super::super::parse::tests::{err, ok};
    use super::*;

    #[test]
    fn roles_show_and_pass_in_both_languages() {
        assert_eq!(ok("!roles"), Command::Roles(RolesCmd::Show { committee: None }));
        assert_eq!(ok("!équipe"), Command::Roles(RolesCmd::Show { committee: None }));
        assert_eq!(
            ok("!rôles Finance"),
            Command::Roles(RolesCmd::Show {
                committee: Some("finance".into())
            })
        );
        assert_eq!(
            ok("!roles pass timekeeper"),
            Command::Roles(RolesCmd::Pass {
                role: "timekeeper".into()
            })
        );
        assert_eq!(
            ok("!rôles passer gardien·ne  du temps"),
            Command::Roles(RolesCmd::Pass {
                role: "gardien·ne du temps".into()
            })
        );
        assert_eq!(err("!roles pass"), hint(Verb::Roles, "hint-roles-role"));
        assert_eq!(err("!roles finance now"), usage(Verb::Roles));
    }
}
