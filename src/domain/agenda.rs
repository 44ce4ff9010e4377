//! The agenda prepared ahead of a meeting (issue 31): the kinds of item a meeting takes
//! (information, brainstorming, decision), their time boxes, and what a decision item must
//! say — a proposal number (`#12`) or a sentence of what is to be decided.

use super::proposal::ProposalId;
use crate::i18n::Lang;
use crate::t;

/// What an agenda item asks of the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgendaKind {
    /// Something to know; no discussion expected.
    Info,
    /// Ideas wanted; nothing decided.
    Brainstorm,
    /// Something to decide.
    Decision,
}

impl AgendaKind {
    pub const ALL: [AgendaKind; 3] = [AgendaKind::Info, AgendaKind::Brainstorm, AgendaKind::Decision];

    /// As stored, and the stem of its catalog id (`agenda-kind-<stem>`).
    pub fn as_str(self) -> &'static str {
        match self {
            AgendaKind::Info => "info",
            AgendaKind::Brainstorm => "brainstorm",
            AgendaKind::Decision => "decision",
        }
    }

    pub fn parse(s: &str) -> Option<AgendaKind> {
        AgendaKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The longest time box an item may have, in minutes (a whole meeting's worth).
pub const MAX_TIME_BOX: u32 = 240;

/// Fewest words of a decision item that names no proposal: "decide budget" is not enough
/// to know what is to be decided, "buy a second laser cutter" is.
pub const DECISION_MIN_WORDS: usize = 3;

/// The proposal a title names (`#12`, `p12`), if any word of it is one.
pub fn proposal_named(title: &str) -> Option<ProposalId> {
    title
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', '.', ':', ';', '?', '!']))
        .filter(|w| w.starts_with('#'))
        .find_map(ProposalId::parse)
}

/// Whether a decision item says what is to be decided: it names a proposal, or it is a
/// sentence of at least [`DECISION_MIN_WORDS`] words.
pub fn says_what_to_decide(title: &str) -> bool {
    proposal_named(title).is_some() || title.split_whitespace().count() >= DECISION_MIN_WORDS
}

/// An item as agendas list it — in chat, reminders, minutes and the calendar feed:
/// "3. Title — decision, 15 minutes (alice)".
pub fn line(lang: Lang, n: i64, title: &str, kind: AgendaKind, minutes: u32, author: &str) -> String {
    t!(lang, "agenda-item", "n" => n, "title" => title.to_owned(), "kind" => kind_name(lang, kind),
        "timebox" => timebox(lang, minutes), "author" => author.to_owned())
}

/// An item's kind as agendas show it.
pub fn kind_name(lang: Lang, kind: AgendaKind) -> String {
    t!(lang, &format!("agenda-kind-{}", kind.as_str()))
}

/// A time box as agendas show it: "15 minutes", "1 hour 30 minutes".
pub fn timebox(lang: Lang, minutes: u32) -> String {
    let (h, m) = (i64::from(minutes / 60), i64::from(minutes % 60));
    match (h, m) {
        (0, m) => t!(lang, "unit-minutes", "n" => m),
        (h, 0) => t!(lang, "unit-hours", "n" => h),
        (h, m) => format!(
            "{} {}",
            t!(lang, "unit-hours", "n" => h),
            t!(lang, "unit-minutes", "n" => m)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_names_a_proposal_or_says_what() {
        assert!(says_what_to_decide("#12"));
        assert!(says_what_to_decide("adopt #12?"));
        assert!(says_what_to_decide("buy a second laser cutter"));
        assert!(!says_what_to_decide("budget"));
        assert!(!says_what_to_decide("the budget"));
        assert_eq!(proposal_named("about #7, finally"), Some(ProposalId(7)));
        assert_eq!(proposal_named("room 12"), None);
        assert_eq!(
            line(Lang::Fr, 3, "Foire", AgendaKind::Brainstorm, 80, "ana"),
            "3. Foire — remue-méninges, 1 heure 20 minutes (ana)"
        );
        for k in AgendaKind::ALL {
            assert_eq!(AgendaKind::parse(k.as_str()), Some(k));
        }
    }
}
