//! The live stand-up round (README, "Commands": `!standup`): who is up, passes, skips, `!later`, late joins,
//! updates sent beforehand, and the grouped summary. Pure: every step takes `now` and
//! returns what happened as [`Event`]s for the core to announce. The round is plain data
//! (serde) so the store can keep it across a restart.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Word;

/// What a line of an update is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tag {
    Help,
    Availability,
    Announce,
    Priorities,
    General,
}

impl Tag {
    /// Splits a leading tag off a line: `priorities: …`, `help: …`, `availability: …`,
    /// `announce: …` and the French `priorités:`, `aide:`, `dispo:`, `annonce:` (any case,
    /// accents optional; the words are in the locale table, `src/i18n/table.rs`). An untagged line is [`Tag::General`].
    pub fn split(line: &str) -> (Tag, &str) {
        let line = line.trim();
        if let Some((head, rest)) = line.split_once(':') {
            let head = head.trim();
            let tags = [
                (Word::TagPriorities, Tag::Priorities),
                (Word::TagHelp, Tag::Help),
                (Word::TagAvailability, Tag::Availability),
                (Word::TagAnnounce, Tag::Announce),
            ];
            let tag = tags.iter().find(|(word, _)| word.matches(head)).map(|(_, tag)| *tag);
            if let Some(tag) = tag {
                return (tag, rest.trim());
            }
        }
        (Tag::General, line)
    }
}

/// How a participant's turn ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Spoke,
    /// Present, no update.
    Passed,
    /// Marked absent with `!skip`.
    Skipped,
    /// Not there; their update sent beforehand was read.
    Read,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub member: String,
    pub outcome: Option<Outcome>,
    pub lines: Vec<(Tag, String)>,
    /// Joined with `!standup join` after the start.
    pub late: bool,
    /// Present in the room (not only an update sent beforehand).
    pub present: bool,
}

/// A round in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// Everyone in the round, in the order they were (or will be) called.
    pub turns: Vec<Turn>,
    /// Indexes into `turns` still to be called, in order.
    pub queue: Vec<usize>,
    pub current: Option<usize>,
    pub turn_started_at: Option<DateTime<Utc>>,
    pub nudged: bool,
    pub started_at: DateTime<Utc>,
}

/// What a step of the round produced, for the core to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `member`'s turn; `next` is up after them.
    Turn {
        member: String,
        next: Option<String>,
        beforehand: usize,
    },
    /// `member` is not here: their update sent beforehand is read into the round.
    Read { member: String, lines: Vec<(Tag, String)> },
    /// Everyone had their turn.
    Finished,
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Only the person whose turn it is can do that; names them.
    NotYourTurn(Option<String>),
    NotInRound(String),
    AlreadyHadTurn,
    AlreadyInRound,
    NobodyElseLeft,
}

impl Round {
    /// Starts a round: `present` in the order they are to be called, then the absent
    /// people who sent an update beforehand (`beforehand`, by member).
    pub fn start(
        present: &[String],
        mut beforehand: BTreeMap<String, Vec<(Tag, String)>>,
        now: DateTime<Utc>,
    ) -> (Round, Vec<Event>) {
        let mut turns: Vec<Turn> = present
            .iter()
            .map(|m| Turn {
                member: m.clone(),
                outcome: None,
                lines: beforehand.remove(m).unwrap_or_default(),
                late: false,
                present: true,
            })
            .collect();
        turns.extend(beforehand.into_iter().map(|(member, lines)| Turn {
            member,
            outcome: None,
            lines,
            late: false,
            present: false,
        }));
        let mut round = Round {
            queue: (0..turns.len()).collect(),
            turns,
            current: None,
            turn_started_at: None,
            nudged: false,
            started_at: now,
        };
        let events = round.advance(now);
        (round, events)
    }

    pub fn current_member(&self) -> Option<&str> {
        self.current.map(|i| self.turns[i].member.as_str())
    }

    pub fn is_finished(&self) -> bool {
        self.current.is_none() && self.queue.is_empty()
    }

    fn find(&self, member: &str) -> Option<usize> {
        self.turns.iter().position(|t| t.member.eq_ignore_ascii_case(member))
    }

    /// Calls the next person; people who are not there but sent an update are read out
    /// and passed over at once.
    fn advance(&mut self, now: DateTime<Utc>) -> Vec<Event> {
        let mut events = Vec::new();
        self.current = None;
        while !self.queue.is_empty() {
            let i = self.queue.remove(0);
            if self.turns[i].present {
                self.current = Some(i);
                self.turn_started_at = Some(now);
                self.nudged = false;
                let next = self.queue.first().map(|j| self.turns[*j].member.clone());
                events.push(Event::Turn {
                    member: self.turns[i].member.clone(),
                    next,
                    beforehand: self.turns[i].lines.len(),
                });
                return events;
            }
            self.turns[i].outcome = Some(Outcome::Read);
            events.push(Event::Read {
                member: self.turns[i].member.clone(),
                lines: self.turns[i].lines.clone(),
            });
        }
        self.turn_started_at = None;
        events.push(Event::Finished);
        events
    }

    fn require_current(&self, who: &str) -> Result<usize, Refusal> {
        match self.current {
            Some(i) if self.turns[i].member.eq_ignore_ascii_case(who) => Ok(i),
            _ => Err(Refusal::NotYourTurn(self.current_member().map(str::to_owned))),
        }
    }

    /// A line said in the room: kept if it is from the person whose turn it is. A tagged
    /// line (`help: …`, `priorities: …`) said out of turn is kept for its speaker: with
    /// their turn still to come, it waits there; after it (or when they were not in the
    /// round), it counts as said. Untagged lines out of turn are chatter.
    pub fn say(&mut self, who: &str, line: &str) -> bool {
        if line.trim().is_empty() {
            return false;
        }
        let (tag, text) = Tag::split(line);
        let line = (tag, text.to_owned());
        match self.current {
            Some(i) if self.turns[i].member.eq_ignore_ascii_case(who) => self.turns[i].lines.push(line),
            _ if tag == Tag::General || text.is_empty() => return false,
            _ => match self.find(who) {
                Some(i) => {
                    let turn = &mut self.turns[i];
                    turn.lines.push(line);
                    if matches!(turn.outcome, Some(Outcome::Passed | Outcome::Skipped)) {
                        // Said it after all, and is here.
                        turn.outcome = Some(Outcome::Spoke);
                        turn.present = true;
                    }
                }
                None => self.turns.push(Turn {
                    member: who.to_owned(),
                    outcome: Some(Outcome::Spoke),
                    lines: vec![line],
                    late: true,
                    present: true,
                }),
            },
        }
        true
    }

    /// `!next` / `!done`: the speaker ends their turn (with no line it counts as a pass).
    pub fn next(&mut self, who: &str, now: DateTime<Utc>) -> Result<Vec<Event>, Refusal> {
        let i = self.require_current(who)?;
        self.turns[i].outcome = Some(if self.turns[i].lines.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Spoke
        });
        Ok(self.advance(now))
    }

    /// `!pass`: present, no update.
    pub fn pass(&mut self, who: &str, now: DateTime<Utc>) -> Result<Vec<Event>, Refusal> {
        let i = self.require_current(who)?;
        self.turns[i].outcome = Some(Outcome::Passed);
        self.turns[i].lines.clear();
        Ok(self.advance(now))
    }

    /// `!skip NAME`: anyone marks someone not yet done as absent.
    pub fn skip(&mut self, name: &str, now: DateTime<Utc>) -> Result<Vec<Event>, Refusal> {
        let i = self.find(name).ok_or_else(|| Refusal::NotInRound(name.to_owned()))?;
        if self.turns[i].outcome.is_some() {
            return Err(Refusal::AlreadyHadTurn);
        }
        self.turns[i].outcome = Some(Outcome::Skipped);
        self.turns[i].lines.clear();
        if self.current == Some(i) {
            return Ok(self.advance(now));
        }
        self.queue.retain(|j| *j != i);
        Ok(Vec::new())
    }

    /// `!later`: moves oneself to the end of the queue.
    pub fn later(&mut self, who: &str, now: DateTime<Utc>) -> Result<Vec<Event>, Refusal> {
        let i = self.find(who).ok_or_else(|| Refusal::NotInRound(who.to_owned()))?;
        if self.turns[i].outcome.is_some() {
            return Err(Refusal::AlreadyHadTurn);
        }
        if self.current == Some(i) {
            if self.queue.is_empty() {
                return Err(Refusal::NobodyElseLeft);
            }
            self.queue.push(i);
            return Ok(self.advance(now));
        }
        self.queue.retain(|j| *j != i);
        self.queue.push(i);
        Ok(Vec::new())
    }

    /// `!standup join`: a late arrival takes a turn at the end.
    pub fn join(&mut self, who: &str, now: DateTime<Utc>) -> Result<Vec<Event>, Refusal> {
        if let Some(i) = self.find(who) {
            if self.turns[i].outcome == Some(Outcome::Skipped) {
                // Skipped as absent, then arrived: back in the queue.
                self.turns[i].outcome = None;
                self.turns[i].present = true;
                self.turns[i].late = true;
                self.queue.push(i);
            } else if self.turns[i].outcome.is_some() {
                return Err(Refusal::AlreadyHadTurn);
            } else if !self.turns[i].present {
                self.turns[i].present = true;
                self.turns[i].late = true;
                return Ok(Vec::new());
            } else {
                return Err(Refusal::AlreadyInRound);
            }
        } else {
            self.turns.push(Turn {
                member: who.to_owned(),
                outcome: None,
                lines: Vec::new(),
                late: true,
                present: true,
            });
            self.queue.push(self.turns.len() - 1);
        }
        if self.current.is_none() {
            return Ok(self.advance(now));
        }
        Ok(Vec::new())
    }

    /// The moment the current speaker gets a gentle nudge, if a time box is set.
    pub fn nudge_due(&self, time_box: Option<Duration>) -> Option<DateTime<Utc>> {
        match (time_box, self.turn_started_at, self.current) {
            (Some(b), Some(t), Some(_)) if !self.nudged => Some(t + b),
            _ => None,
        }
    }

    /// Ends the round now (`!standup end`): the current speaker's turn counts as it
    /// stands, updates sent beforehand by people not yet called are read, and the others
    /// still waiting stay "not called" (they were there, so they count as present).
    pub fn end(&mut self) {
        if let Some(i) = self.current.take() {
            self.turns[i].outcome = Some(if self.turns[i].lines.is_empty() {
                Outcome::Passed
            } else {
                Outcome::Spoke
            });
        }
        for i in std::mem::take(&mut self.queue) {
            if !self.turns[i].present {
                self.turns[i].outcome = Some(Outcome::Read);
            }
        }
        self.turn_started_at = None;
    }

    /// Whether the stored round is consistent (indexes in range): a round read back from
    /// the database is checked before use.
    pub fn is_consistent(&self) -> bool {
        let n = self.turns.len();
        self.queue.iter().all(|i| *i < n) && self.current.is_none_or(|i| i < n)
    }

    /// The summary, grouped (help requests first).
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for t in &self.turns {
            match t.outcome {
                Some(Outcome::Spoke) => s.spoke.push(t.member.clone()),
                Some(Outcome::Read) => s.read.push(t.member.clone()),
                Some(Outcome::Passed) => s.passed.push(t.member.clone()),
                Some(Outcome::Skipped) => s.absent.push(t.member.clone()),
                None => s.not_called.push(t.member.clone()),
            }
            if matches!(t.outcome, Some(Outcome::Spoke | Outcome::Read)) {
                for (tag, text) in &t.lines {
                    s.lines.entry(*tag).or_default().push((t.member.clone(), text.clone()));
                }
            }
        }
        s
    }
}

/// A finished round, grouped for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub spoke: Vec<String>,
    pub read: Vec<String>,
    pub passed: Vec<String>,
    pub absent: Vec<String>,
    pub not_called: Vec<String>,
    /// By tag, in the order of [`Tag`] (help first), then in speaking order.
    pub lines: BTreeMap<Tag, Vec<(String, String)>>,
}

impl Summary {
    /// Who was there: spoke, passed, or was still waiting when the round ended.
    pub fn present(&self) -> Vec<String> {
        self.spoke
            .iter()
            .chain(&self.passed)
            .chain(&self.not_called)
            .cloned()
            .collect()
    }
}

/// The calling order: sorted names rotated by the number of earlier rounds, so that
/// everybody comes first in turn and nobody is always first or last.
pub fn rotated_order(mut members: Vec<String>, earlier_rounds: u64) -> Vec<String> {
    members.sort_by_key(|m| m.to_lowercase());
    members.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    if !members.is_empty() {
        let k = (earlier_rounds % members.len() as u64) as usize;
        members.rotate_left(k);
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(min)
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tags_in_both_languages() {
        assert_eq!(
            Tag::split("priorities: ship the release"),
            (Tag::Priorities, "ship the release")
        );
        assert_eq!(Tag::split("Aide : revue du code"), (Tag::Help, "revue du code"));
        assert_eq!(
            Tag::split("dispo: lundi seulement"),
            (Tag::Availability, "lundi seulement")
        );
        assert_eq!(Tag::split("ANNONCE: party"), (Tag::Announce, "party"));
        assert_eq!(Tag::split("note: not a tag"), (Tag::General, "note: not a tag"));
        assert_eq!(Tag::split("plain line"), (Tag::General, "plain line"));
    }

    #[test]
    fn a_round_of_four_with_pass_skip_later_and_a_late_join() {
        let (mut r, ev) = Round::start(&names(&["alice", "bob", "carole", "dan"]), BTreeMap::new(), t(0));
        assert_eq!(
            ev,
            vec![Event::Turn {
                member: "alice".into(),
                next: Some("bob".into()),
                beforehand: 0
            }]
        );
        assert!(r.say("alice", "priorities: release 2.0"));
        assert!(!r.say("bob", "I am not up yet"));
        assert_eq!(r.next("bob", t(1)), Err(Refusal::NotYourTurn(Some("alice".into()))));
        let ev = r.next("alice", t(2)).unwrap();
        assert_eq!(
            ev,
            vec![Event::Turn {
                member: "bob".into(),
                next: Some("carole".into()),
                beforehand: 0
            }]
        );
        // bob asks to go later; carole is up.
        let ev = r.later("bob", t(3)).unwrap();
        assert_eq!(
            ev,
            vec![Event::Turn {
                member: "carole".into(),
                next: Some("dan".into()),
                beforehand: 0
            }]
        );
        // dan is marked absent by someone else while carole speaks.
        assert_eq!(r.skip("dan", t(4)).unwrap(), vec![]);
        r.say("carole", "help: need a reviewer for the CiviCRM patch");
        let ev = r.pass("carole", t(5)).unwrap();
        assert_eq!(
            ev,
            vec![Event::Turn {
                member: "bob".into(),
                next: None,
                beforehand: 0
            }]
        );
        // emile arrives late.
        assert_eq!(r.join("emile", t(6)).unwrap(), vec![]);
        r.say("bob", "availability: off Friday");
        let ev = r.next("bob", t(7)).unwrap();
        assert_eq!(
            ev,
            vec![Event::Turn {
                member: "emile".into(),
                next: None,
                beforehand: 0
            }]
        );
        r.say("emile", "announce: new client signed");
        assert_eq!(r.next("emile", t(8)).unwrap(), vec![Event::Finished]);
        assert!(r.is_finished());
        let s = r.summary();
        assert_eq!(s.spoke, names(&["alice", "bob", "emile"]));
        assert_eq!(s.passed, names(&["carole"]));
        assert_eq!(s.absent, names(&["dan"]));
        // carole passed: her help line does not count.
        assert!(!s.lines.contains_key(&Tag::Help));
        assert_eq!(s.lines.keys().next(), Some(&Tag::Availability));
    }

    #[test]
    fn updates_sent_beforehand_are_read_for_people_not_there() {
        let mut before = BTreeMap::new();
        before.insert(
            "zoe".to_string(),
            vec![(Tag::Help, "need a hand with backups".to_string())],
        );
        before.insert("alice".to_string(), vec![(Tag::Priorities, "invoices".to_string())]);
        let (mut r, ev) = Round::start(&names(&["alice"]), before, t(0));
        assert_eq!(
            ev,
            vec![Event::Turn {
                member: "alice".into(),
                next: Some("zoe".into()),
                beforehand: 1
            }]
        );
        let ev = r.next("alice", t(1)).unwrap();
        assert_eq!(
            ev,
            vec![
                Event::Read {
                    member: "zoe".into(),
                    lines: vec![(Tag::Help, "need a hand with backups".into())]
                },
                Event::Finished
            ]
        );
        let s = r.summary();
        assert_eq!(s.spoke, names(&["alice"]));
        assert_eq!(s.read, names(&["zoe"]));
        assert_eq!(
            s.lines[&Tag::Help],
            vec![("zoe".to_string(), "need a hand with backups".to_string())]
        );
    }

    #[test]
    fn ending_early_keeps_the_speaker_and_reads_pending_updates() {
        let mut before = BTreeMap::new();
        before.insert("zoe".to_string(), vec![(Tag::Help, "backups".to_string())]);
        let (mut r, _) = Round::start(&names(&["alice", "bob"]), before, t(0));
        r.say("alice", "priorities: invoices");
        r.end();
        assert!(r.is_finished());
        let s = r.summary();
        assert_eq!(s.spoke, names(&["alice"]));
        assert_eq!(s.not_called, names(&["bob"]));
        assert_eq!(s.read, names(&["zoe"]));
        assert_eq!(s.present(), names(&["alice", "bob"]));
        assert_eq!(s.lines[&Tag::Help], vec![("zoe".to_string(), "backups".to_string())]);
    }

    #[test]
    fn refusals() {
        let (mut r, _) = Round::start(&names(&["alice", "bob"]), BTreeMap::new(), t(0));
        assert_eq!(r.skip("zed", t(1)), Err(Refusal::NotInRound("zed".into())));
        assert_eq!(r.join("alice", t(1)), Err(Refusal::AlreadyInRound));
        r.next("alice", t(1)).unwrap();
        assert_eq!(r.join("alice", t(1)), Err(Refusal::AlreadyHadTurn));
        assert_eq!(r.later("bob", t(2)), Err(Refusal::NobodyElseLeft));
        assert_eq!(r.skip("alice", t(2)), Err(Refusal::AlreadyHadTurn));
    }

    #[test]
    fn the_time_box_nudges_once_per_turn() {
        let (mut r, _) = Round::start(&names(&["alice", "bob"]), BTreeMap::new(), t(0));
        assert_eq!(r.nudge_due(None), None);
        assert_eq!(r.nudge_due(Some(Duration::minutes(3))), Some(t(3)));
        r.nudged = true;
        assert_eq!(r.nudge_due(Some(Duration::minutes(3))), None);
        r.next("alice", t(5)).unwrap();
        assert_eq!(r.nudge_due(Some(Duration::minutes(3))), Some(t(8)));
    }

    #[test]
    fn the_order_rotates_so_nobody_is_always_first() {
        let people = names(&["dan", "alice", "carole", "bob"]);
        let firsts: Vec<String> = (0..4).map(|k| rotated_order(people.clone(), k)[0].clone()).collect();
        assert_eq!(firsts, names(&["alice", "bob", "carole", "dan"]));
        assert_eq!(rotated_order(people, 5), names(&["bob", "carole", "dan", "alice"]));
    }
}
