//! The command words: [`Verb`], one per command (declared in `i18n`, the bottom layer,
//! whose locale table names each one in every language), and its [`VerbSpec`] (catalog
//! stem, whether it writes).
//!
//! The names people type live in the locale table (`src/i18n/table.rs`), one list per
//! language; [`Verb::lookup`] accepts a name from any language. Every table here is an
//! exhaustive `match`, so a new `Verb` does not compile until it has its spec and its
//! names in every language.

pub use crate::i18n::Verb;
use crate::i18n::{Lang, locale};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbSpec {
    pub verb: Verb,
    /// Stem of its catalog ids (`usage-<id>`, `summary-<id>`, `example-<id>`).
    pub id: &'static str,
    /// Changes the record, or shows members' personal data: refused to non-members when
    /// a roster is configured.
    pub writes: bool,
}

impl VerbSpec {
    /// Every name the command is known by, in every language.
    pub fn names(&self) -> impl Iterator<Item = &'static &'static str> + use<> {
        let verb = self.verb;
        Lang::ALL
            .into_iter()
            .flat_map(move |lang| (locale(lang).commands)(verb).iter())
    }
}

/// Each verb's spec; exhaustive: no verb without one.
const fn spec_of(verb: Verb) -> VerbSpec {
    let (id, writes) = match verb {
        Verb::Help => ("help", false),
        Verb::Propose => ("propose", true),
        Verb::Veto => ("veto", true),
        Verb::Unveto => ("unveto", true),
        Verb::Withdraw => ("withdraw", true),
        Verb::Proposals => ("proposals", false),
        Verb::Proposal => ("proposal", false),
        Verb::Punch => ("punch", true),
        Verb::Project => ("project", true),
        Verb::Projects => ("projects", false),
        Verb::Hours => ("hours", false),
        Verb::Standup => ("standup", true),
        Verb::Next => ("next", true),
        Verb::Pass => ("pass", true),
        Verb::Skip => ("skip", true),
        Verb::Later => ("later", true),
        Verb::Meeting => ("meeting", true),
        Verb::Here => ("here", true),
        Verb::Topic => ("topic", true),
        Verb::Agreed => ("agreed", true),
        Verb::Action => ("action", true),
        Verb::Decide => ("decide", true),
        Verb::Agenda => ("agenda", true),
        // Moves the meeting on (`!item` alone only reads: `Command::writes`).
        Verb::Item => ("item", true),
        // Handing back a role writes; showing the team is for everyone (`Command::writes`).
        Verb::Roles => ("roles", true),
        Verb::Minutes => ("minutes", false),
        Verb::Absent => ("absent", true),
        // Attendance and membership show everyone's leave and status: members only.
        Verb::Attendance => ("attendance", true),
        Verb::Membership => ("membership", true),
        Verb::Update => ("update", true),
        Verb::Remind => ("remind", true),
        Verb::Reminders => ("reminders", false),
        Verb::Unremind => ("unremind", true),
        // A member's own address and choice: members only.
        Verb::Mail => ("mail", true),
        // A member's own private link: members only.
        Verb::Web => ("web", true),
        // What konbit holds about the member, and a link to all of it: members only.
        Verb::Mydata => ("mydata", true),
    };
    VerbSpec { verb, id, writes }
}

const fn all_specs() -> [VerbSpec; Verb::ALL.len()] {
    let mut out = [spec_of(Verb::Help); Verb::ALL.len()];
    let mut i = 0;
    while i < Verb::ALL.len() {
        out[i] = spec_of(Verb::ALL[i]);
        i += 1;
    }
    out
}

/// Every command's spec, in [`Verb::ALL`] order (the order help lists them in).
pub const VERBS: &[VerbSpec] = &all_specs();

impl Verb {
    pub fn spec(self) -> &'static VerbSpec {
        // `VERBS` is built from `ALL`, which the macro lists in declaration order.
        &VERBS[self as usize]
    }

    /// Finds a command by any of its names in any language, with or without `!`, any case.
    pub fn lookup(word: &str) -> Option<Verb> {
        let w = word.trim().trim_start_matches('!').to_lowercase();
        Verb::ALL.iter().copied().find(|v| v.spec().names().any(|n| *n == w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::command_name;

    #[test]
    fn every_verb_has_its_own_spec() {
        for (i, v) in Verb::ALL.iter().enumerate() {
            assert_eq!(*v as usize, i);
            assert_eq!(v.spec().verb, *v);
        }
        let ids: std::collections::HashSet<_> = VERBS.iter().map(|s| s.id).collect();
        assert_eq!(ids.len(), VERBS.len(), "two verbs share a catalog id");
    }

    #[test]
    fn every_verb_round_trips_through_its_names_in_every_language() {
        for &verb in Verb::ALL {
            for lang in Lang::ALL {
                let names = (locale(lang).commands)(verb);
                assert!(!names.is_empty(), "{verb:?} has no {} name", lang.code());
                assert_eq!(names[0], command_name(lang, verb));
                for name in names {
                    assert_eq!(Verb::lookup(name), Some(verb), "{name} ({})", lang.code());
                    assert_eq!(Verb::lookup(&format!("!{}", name.to_uppercase())), Some(verb));
                }
            }
            // The English name is the catalog stem: `usage-<id>` documents `!<id>`.
            assert_eq!(command_name(Lang::En, verb), verb.spec().id);
        }
    }

    #[test]
    fn no_name_belongs_to_two_commands() {
        let mut seen = std::collections::HashMap::new();
        for &verb in Verb::ALL {
            for name in verb.spec().names() {
                if let Some(other) = seen.insert(*name, verb) {
                    assert_eq!(other, verb, "!{name} is both {other:?} and {verb:?}");
                }
            }
        }
    }

    #[test]
    fn names_are_stored_lowercase() {
        for &verb in Verb::ALL {
            for name in verb.spec().names() {
                assert_eq!(*name, name.to_lowercase(), "{name}");
            }
        }
    }
}
