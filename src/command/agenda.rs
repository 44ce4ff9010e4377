//! Arguments of `!agenda` (`!odj`): show the next meeting's agenda, add an item with its
//! kind and time box, remove one (usage: the catalogs' `usage-agenda`; README, "Meetings").
//!
//! `!agenda [meeting]`, `!agenda [meeting] add <title> [info|brainstorm|decision] [15m]`,
//! `!agenda remove <n>`. The kind and the time box are the title's last words, in either
//! order; a last word that is not a valid duration stays in the title (`budget 2027`).

use super::args::{row_id, split_word};
use super::{Command, MAX_TEXT_CHARS, UsageError, Verb, hint, usage};
use crate::domain::agenda::{AgendaKind, MAX_TIME_BOX, proposal_named, says_what_to_decide};
use crate::domain::duration::WorkDuration;
use crate::domain::proposal::ProposalId;
use crate::i18n::Word;

/// What `!agenda` asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaCmd {
    /// The agenda of the committee's next meeting (`None`: production).
    Show { committee: Option<String> },
    Add {
        committee: Option<String>,
        title: String,
        /// `None`: information.
        kind: Option<AgendaKind>,
        /// `None`: the kind's configured time box.
        minutes: Option<u32>,
        /// The proposal the title names (`#12`).
        proposal: Option<ProposalId>,
    },
    /// Removes the item numbered `id` (as `!agenda` shows it).
    Remove { id: i64 },
}

fn kind_word(w: &str) -> Option<AgendaKind> {
    if Word::KindInfo.matches(w) {
        Some(AgendaKind::Info)
    } else if Word::KindBrainstorm.matches(w) {
        Some(AgendaKind::Brainstorm)
    } else if Word::KindDecision.matches(w) {
        Some(AgendaKind::Decision)
    } else {
        None
    }
}

pub(super) fn agenda(args: &str) -> Result<Command, UsageError> {
    let verb = Verb::Agenda;
    let (first, rest) = split_word(args);
    let (committee, (sub, rest)) = if first.is_empty() || Word::Add.matches(first) || Word::Remove.matches(first) {
        (None, (first, rest))
    } else {
        (Some(first.to_lowercase()), split_word(rest))
    };
    let cmd = if sub.is_empty() {
        AgendaCmd::Show { committee }
    } else if Word::Add.matches(sub) {
        add(committee, rest)?
    } else if Word::Remove.matches(sub) {
        match split_word(rest) {
            ("", _) => return Err(hint(verb, "hint-agenda-number")),
            (n, "") => AgendaCmd::Remove {
                id: row_id(n).ok_or(hint(verb, "hint-agenda-number"))?,
            },
            _ => return Err(usage(verb)),
        }
    } else {
        return Err(usage(verb));
    };
    Ok(Command::Agenda(cmd))
}

/// `<title> [kind] [time box]`.
fn add(committee: Option<String>, args: &str) -> Result<AgendaCmd, UsageError> {
    let verb = Verb::Agenda;
    let mut words: Vec<&str> = args.split_whitespace().collect();
    let (mut kind, mut minutes) = (None, None);
    for _ in 0..2 {
        let Some(&last) = words.last() else { break };
        if kind.is_none()
            && let Some(k) = kind_word(last)
        {
            kind = Some(k);
        } else if minutes.is_none() && WorkDuration::looks_like(last) {
            match WorkDuration::parse(last) {
                Ok(d) if d.minutes() <= MAX_TIME_BOX => minutes = Some(d.minutes()),
                Ok(_) => return Err(hint(verb, "hint-time-box-too-long")),
                // Not a duration (`2027`): part of the title.
                Err(_) => break,
            }
        } else {
            break;
        }
        words.pop();
    }
    let title = words.join(" ");
    if title.is_empty() && kind == Some(AgendaKind::Decision) {
        return Err(hint(verb, "hint-decision-what"));
    }
    if title.is_empty() {
        return Err(hint(verb, "hint-missing-text"));
    }
    if title.chars().count() > MAX_TEXT_CHARS {
        return Err(hint(verb, "hint-too-long"));
    }
    if kind == Some(AgendaKind::Decision) && !says_what_to_decide(&title) {
        return Err(hint(verb, "hint-decision-what"));
    }
    Ok(AgendaCmd::Add {
        committee,
        proposal: proposal_named(&title),
        title,
        kind,
        minutes,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse::tests::{err, ok};
    use super::*;

    fn add(title: &str, kind: Option<AgendaKind>, minutes: Option<u32>) -> Command {
        Command::Agenda(AgendaCmd::Add {
            committee: None,
            title: title.into(),
            kind,
            minutes,
            proposal: proposal_named(title),
        })
    }

    #[test]
    fn agenda_shows() {
        assert_eq!(ok("!agenda"), Command::Agenda(AgendaCmd::Show { committee: None }));
        assert_eq!(
            ok("!odj Finance"),
            Command::Agenda(AgendaCmd::Show {
                committee: Some("finance".into())
            })
        );
        assert_eq!(
            ok("!ordre-du-jour"),
            Command::Agenda(AgendaCmd::Show { committee: None })
        );
        assert_eq!(err("!agenda finance dance"), usage(Verb::Agenda));
    }

    #[test]
    fn agenda_adds_with_kind_and_time_box_in_either_order() {
        assert_eq!(ok("!agenda add New printer"), add("New printer", None, None));
        assert_eq!(
            ok("!agenda add Ideas for the fair brainstorm 30m"),
            add("Ideas for the fair", Some(AgendaKind::Brainstorm), Some(30))
        );
        assert_eq!(
            ok("!agenda add Ideas for the fair 1h brainstorm"),
            add("Ideas for the fair", Some(AgendaKind::Brainstorm), Some(60))
        );
        assert_eq!(
            ok("!agenda add #12 decision"),
            add("#12", Some(AgendaKind::Decision), None)
        );
        assert_eq!(ok("!agenda add Budget 2027"), add("Budget 2027", None, None));
        assert_eq!(
            ok("!odj ajouter Idées pour la foire remue-méninges 25m"),
            add("Idées pour la foire", Some(AgendaKind::Brainstorm), Some(25))
        );
        assert_eq!(
            ok("!odj ajouter Acheter une découpeuse laser decision"),
            add("Acheter une découpeuse laser", Some(AgendaKind::Decision), None)
        );
        assert_eq!(
            ok("!odj ajouter Nouvelles du salon remue-meninges"),
            add("Nouvelles du salon", Some(AgendaKind::Brainstorm), None)
        );
        assert_eq!(
            ok("!agenda finance add Quarterly figures info 10m"),
            Command::Agenda(AgendaCmd::Add {
                committee: Some("finance".into()),
                title: "Quarterly figures".into(),
                kind: Some(AgendaKind::Info),
                minutes: Some(10),
                proposal: None,
            })
        );
        assert_eq!(
            ok("!agenda add Info session 2027"),
            add("Info session 2027", None, None)
        );
    }

    #[test]
    fn agenda_refusals() {
        let h = |id| hint(Verb::Agenda, id);
        assert_eq!(err("!agenda add"), h("hint-missing-text"));
        assert_eq!(err("!agenda add 10m info"), h("hint-missing-text"));
        assert_eq!(err("!agenda add decision"), h("hint-decision-what"));
        assert_eq!(err("!agenda add budget decision"), h("hint-decision-what"));
        assert_eq!(err("!odj ajouter le budget décision"), h("hint-decision-what"));
        assert_eq!(err("!agenda add Retreat 5h"), h("hint-time-box-too-long"));
        assert_eq!(err("!agenda remove"), h("hint-agenda-number"));
        assert_eq!(err("!agenda remove x"), h("hint-agenda-number"));
        assert_eq!(err("!agenda remove 3 4"), usage(Verb::Agenda));
        assert_eq!(ok("!odj retirer 3"), Command::Agenda(AgendaCmd::Remove { id: 3 }));
        assert_eq!(ok("!agenda remove #3"), Command::Agenda(AgendaCmd::Remove { id: 3 }));
    }
}
