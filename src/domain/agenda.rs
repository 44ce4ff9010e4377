//! The agenda prepared ahead of a meeting (issue 31): the kinds of item a meeting takes
//! (information, brainstorming, decision), their time boxes, and what a decision item must
//! say — a proposal number (`#12`) or a sentence of what is to be decided; during the
//! meeting, when an item's time box is nearly over and how long it took (the instants
//! are given: the domain never reads the clock).

use chrono::{DateTime, Duration, Utc};

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

/// How many whole minutes before the end of its time box the room is told an item is
/// nearly over: two, but never more than a fifth of the box, and at least one — a
/// 15-minute item is warned at 13 minutes, a 5-minute one at 4; a 1-minute box is only
/// said to be over.
pub fn warning_before(minutes: u32) -> Option<u32> {
    (minutes >= 2).then(|| (minutes / 5).clamp(1, 2))
}

/// When the room is told that an item taken up at `began` with a box of `minutes` is
/// nearly over (`None`: never), and over.
pub fn time_box_ends(began: DateTime<Utc>, minutes: u32) -> (Option<DateTime<Utc>>, DateTime<Utc>) {
    let over = began + Duration::minutes(i64::from(minutes));
    let warn = warning_before(minutes).map(|left| over - Duration::minutes(i64::from(left)));
    (warn, over)
}

/// The whole minutes an item took, from when it was taken up to when it was left, to
/// the nearest minute.
pub fn took_minutes(began: DateTime<Utc>, ended: DateTime<Utc>) -> i64 {
    ((ended - began).num_seconds().max(0) + 30) / 60
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

    #[test]
    fn an_item_is_said_to_be_nearly_over_a_sensible_time_before_its_end() {
        // (box, minutes left when warned)
        for (minutes, left) in [
            (1, None),
            (2, Some(1)),
            (4, Some(1)),
            (5, Some(1)),
            (9, Some(1)),
            (10, Some(2)),
            (15, Some(2)),
            (240, Some(2)),
        ] {
            assert_eq!(warning_before(minutes), left, "{minutes}");
        }
        let began = DateTime::parse_from_rfc3339("2026-11-24T15:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let at = |m: i64| began + Duration::minutes(m);
        assert_eq!(time_box_ends(began, 15), (Some(at(13)), at(15)));
        assert_eq!(time_box_ends(began, 5), (Some(at(4)), at(5)));
        assert_eq!(time_box_ends(began, 1), (None, at(1)));
        assert_eq!(took_minutes(began, at(12) + Duration::seconds(29)), 12);
        assert_eq!(took_minutes(began, at(12) + Duration::seconds(30)), 13);
        assert_eq!(took_minutes(began, began), 0);
    }
}
