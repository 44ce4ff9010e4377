//! The proposal state machine (README, "Commands": `!propose`, `!veto`, `!unveto`,
//! `!withdraw`): open → adopted | deferred | withdrawn, and
//! deferred → open again when the last veto is lifted before the deadline.
//!
//! Pure: every transition takes the acting member and `now`, checks the rules and says
//! what changed; the store persists it and the core turns it into messages.

use chrono::{DateTime, Duration, Utc};
use std::fmt;

use super::calendar::MeetingKind;

/// A proposal's short id as members type it (`#12` or `12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProposalId(pub i64);

impl fmt::Display for ProposalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl ProposalId {
    /// Parses `12`, `#12`, `p12` or `P12`.
    pub fn parse(s: &str) -> Option<Self> {
        let digits = s.strip_prefix('#').or_else(|| s.strip_prefix(['p', 'P'])).unwrap_or(s);
        // At most 15 digits: ids stay exact wherever they are shown as numbers.
        if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<i64>().ok().filter(|n| *n > 0).map(ProposalId)
    }
}

/// An amount of money in cents; the collective's currency is implied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub i64);

/// Why an amount at the start of a proposal was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadAmount;

impl Money {
    /// Reads an amount at the start of `text` and returns it with the rest of the text:
    /// `300$`, `$300`, `300 $`, `1 000 $`, `1,000$`, `$1,234.50`, `45,50 $`. A start that
    /// has a `$` in its first word(s) but is no amount (`$abc`, `12345678901234$`) is an
    /// error, never silently part of the text: an amount must not slip past the cap.
    /// `Ok(None)`: the text does not start with an amount.
    pub fn parse_leading(text: &str) -> Result<Option<(Money, &str)>, BadAmount> {
        static AMOUNT: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
            let number = |n: u8| {
                format!(r"(?P<int{n}>\d{{1,3}}(?:[ \u{{a0}}\u{{202f}},]\d{{3}})+|\d+)(?:[.,](?P<frac{n}>\d{{1,2}}))?")
            };
            let (before, after) = (number(1), number(2));
            regex::Regex::new(&format!(r"^(?:\$\s?{before}|{after}\s?\$)(?:\s+|$)")).ok()
        });
        let text = text.trim_start();
        let first = text.split_whitespace().next().unwrap_or("");
        let second = text.split_whitespace().nth(1).unwrap_or("");
        let captures = AMOUNT.as_ref().and_then(|re| re.captures(text));
        let Some(c) = captures else {
            return if first.contains('$') || second.starts_with('$') {
                Err(BadAmount)
            } else {
                Ok(None)
            };
        };
        let group = |name: &str| {
            c.name(&format!("{name}1"))
                .or_else(|| c.name(&format!("{name}2")))
                .map(|m| m.as_str())
        };
        let digits: String = group("int")
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if digits.len() > 10 {
            return Err(BadAmount);
        }
        let whole: i64 = digits.parse().map_err(|_| BadAmount)?;
        let cents: i64 = match group("frac") {
            None => 0,
            Some(f) if f.len() == 1 => f.parse::<i64>().map_err(|_| BadAmount)? * 10,
            Some(f) => f.parse().map_err(|_| BadAmount)?,
        };
        let rest = &text[c.get(0).map_or(0, |m| m.end())..];
        Ok(Some((Money(whole * 100 + cents), rest)))
    }

    pub fn whole(self) -> i64 {
        self.0 / 100
    }

    pub fn cents(self) -> i64 {
        self.0 % 100
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Open,
    Deferred,
    Adopted,
    Rejected,
    Withdrawn,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Deferred => "deferred",
            State::Adopted => "adopted",
            State::Rejected => "rejected",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "open" => State::Open,
            "deferred" => State::Deferred,
            "adopted" => State::Adopted,
            "rejected" => State::Rejected,
            "withdrawn" => State::Withdrawn,
            _ => return None,
        })
    }

    pub fn is_closed(self) -> bool {
        matches!(self, State::Adopted | State::Rejected | State::Withdrawn)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Veto {
    pub vetoer: String,
    pub reason: String,
    pub at: DateTime<Utc>,
    pub lifted_at: Option<DateTime<Utc>>,
}

impl Veto {
    pub fn standing(&self) -> bool {
        self.lifted_at.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub id: ProposalId,
    pub room: String,
    pub proposer: String,
    pub text: String,
    pub budget: Option<Money>,
    /// Above the budget cap: it goes to a meeting whatever happens to vetoes.
    pub over_budget: bool,
    pub created_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub state: State,
    /// The meeting it was sent to when it was last deferred (a veto or the budget cap).
    pub deferred_to: Option<(MeetingKind, DateTime<Utc>)>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome_note: Option<String>,
    pub vetoes: Vec<Veto>,
}

/// Why a member's action on a proposal is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Already adopted, rejected or withdrawn.
    Closed(State),
    /// The deadline passed (the adoption is being announced).
    DeadlinePassed,
    AlreadyVetoedByYou,
    OwnProposal,
    NoVetoOfYours,
    NotProposer,
}

impl Proposal {
    pub fn standing_vetoes(&self) -> impl Iterator<Item = &Veto> {
        self.vetoes.iter().filter(|v| v.standing())
    }

    /// Open and past its deadline with no standing veto: to be adopted now.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.state == State::Open && now >= self.deadline
    }

    /// A member objects. The proposer cannot veto their own proposal (they withdraw it);
    /// a second veto on a deferred proposal is recorded too: every objection is explicit.
    pub fn veto(&mut self, who: &str, reason: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.check_active(now)?;
        if self.proposer == who {
            return Err(Refusal::OwnProposal);
        }
        if self.standing_vetoes().any(|v| v.vetoer == who) {
            return Err(Refusal::AlreadyVetoedByYou);
        }
        self.vetoes.push(Veto {
            vetoer: who.to_owned(),
            reason: reason.to_owned(),
            at: now,
            lifted_at: None,
        });
        self.state = State::Deferred;
        Ok(())
    }

    /// The vetoer lifts their veto before the deadline. Returns whether the proposal is
    /// open again (no veto left and not over budget), with its original deadline.
    pub fn unveto(&mut self, who: &str, now: DateTime<Utc>) -> Result<bool, Refusal> {
        if self.state.is_closed() {
            return Err(Refusal::Closed(self.state));
        }
        let Some(veto) = self.vetoes.iter_mut().find(|v| v.standing() && v.vetoer == who) else {
            return Err(Refusal::NoVetoOfYours);
        };
        if now >= self.deadline {
            return Err(Refusal::DeadlinePassed);
        }
        veto.lifted_at = Some(now);
        let reopened = self.standing_vetoes().next().is_none() && !self.over_budget;
        if reopened {
            self.state = State::Open;
        }
        Ok(reopened)
    }

    pub fn withdraw(&mut self, who: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.check_active(now)?;
        if self.proposer != who {
            return Err(Refusal::NotProposer);
        }
        self.state = State::Withdrawn;
        self.closed_at = Some(now);
        Ok(())
    }

    /// Adoption at the deadline: only an open proposal whose deadline has come.
    pub fn adopt(&mut self, now: DateTime<Utc>) -> bool {
        if !self.is_due(now) {
            return false;
        }
        self.state = State::Adopted;
        self.closed_at = Some(self.deadline);
        true
    }

    fn check_active(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.state.is_closed() {
            return Err(Refusal::Closed(self.state));
        }
        if self.state == State::Open && now >= self.deadline {
            return Err(Refusal::DeadlinePassed);
        }
        Ok(())
    }

    /// The reminders (offsets before the deadline) that are due at `now` and not yet
    /// sent. A reminder whose moment came before the proposal existed is never due, and
    /// none is due once the deadline itself has come: the adoption says it all.
    pub fn due_reminders(&self, offsets: &[Duration], sent: &[Duration], now: DateTime<Utc>) -> Vec<Duration> {
        if self.state != State::Open || now >= self.deadline {
            return Vec::new();
        }
        offsets
            .iter()
            .copied()
            .filter(|o| !sent.contains(o))
            .filter(|o| {
                self.deadline
                    .checked_sub_signed(*o)
                    .is_some_and(|at| at > self.created_at && at <= now)
            })
            .collect()
    }

    /// The meeting that is to decide it: the one it was sent to while that is still
    /// ahead, else the next one (`next`, computed from the schedule by the caller).
    pub fn deciding_meeting(
        &self,
        now: DateTime<Utc>,
        next: Option<(MeetingKind, DateTime<Utc>)>,
    ) -> Option<(MeetingKind, DateTime<Utc>)> {
        match self.deferred_to {
            Some((kind, at)) if at > now => Some((kind, at)),
            _ => next,
        }
    }

    /// The next moment something happens to this proposal by itself: a reminder not yet
    /// sent, or the deadline. `None` unless it is open.
    pub fn next_event(&self, offsets: &[Duration], sent: &[Duration]) -> Option<DateTime<Utc>> {
        if self.state != State::Open {
            return None;
        }
        Some(next_event(offsets, sent, self.created_at, self.deadline))
    }
}

/// The next event of an open proposal created at `created_at`: its earliest reminder not
/// yet `sent` (one due before the proposal existed is never sent), or its deadline.
pub fn next_event(
    offsets: &[Duration],
    sent: &[Duration],
    created_at: DateTime<Utc>,
    deadline: DateTime<Utc>,
) -> DateTime<Utc> {
    offsets
        .iter()
        .filter(|o| !sent.contains(o))
        .filter_map(|o| deadline.checked_sub_signed(*o))
        .filter(|at| *at > created_at)
        .fold(deadline, DateTime::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(h)
    }

    fn proposal() -> Proposal {
        Proposal {
            id: ProposalId(1),
            room: "#office".into(),
            proposer: "alice".into(),
            text: "buy a kettle".into(),
            budget: None,
            over_budget: false,
            created_at: t(0),
            deadline: t(48),
            state: State::Open,
            deferred_to: None,
            closed_at: None,
            outcome_note: None,
            vetoes: vec![],
        }
    }

    #[test]
    fn ids_parse_in_every_documented_form() {
        for s in ["12", "#12", "p12", "P12"] {
            assert_eq!(ProposalId::parse(s), Some(ProposalId(12)), "{s}");
        }
        for s in [
            "",
            "#",
            "0",
            "-1",
            "12a",
            "#p12",
            "9999999999999999",
            "99999999999999999999",
        ] {
            assert_eq!(ProposalId::parse(s), None, "{s}");
        }
    }

    #[test]
    fn money_forms() {
        fn amount(s: &str) -> Result<Option<(i64, &str)>, BadAmount> {
            Money::parse_leading(s).map(|o| o.map(|(m, rest)| (m.0, rest)))
        }
        assert_eq!(amount("300$ a b"), Ok(Some((30000, "a b"))));
        assert_eq!(amount("$300 x"), Ok(Some((30000, "x"))));
        assert_eq!(amount("300 $ x"), Ok(Some((30000, "x"))));
        assert_eq!(amount("1 000 $ un serveur"), Ok(Some((100000, "un serveur"))));
        assert_eq!(amount("1,000$ x"), Ok(Some((100000, "x"))));
        assert_eq!(amount("$1,234.50 x"), Ok(Some((123450, "x"))));
        assert_eq!(amount("300,5$ x"), Ok(Some((30050, "x"))));
        assert_eq!(amount("45,50 $"), Ok(Some((4550, ""))));
        assert_eq!(amount("12.34$"), Ok(Some((1234, ""))));
        assert_eq!(amount("3 kettles"), Ok(None));
        assert_eq!(amount("300 chairs for $5 each"), Ok(None));
        for s in [
            "$abc x",
            "3.456$ x",
            "-5$ x",
            "99999999999$ x",
            "$300$ x",
            "12 $$ x",
            "$ 1,2,3 x",
        ] {
            assert_eq!(amount(s), Err(BadAmount), "{s}");
        }
    }

    #[test]
    fn veto_defers_and_unveto_restores_the_original_deadline() {
        let mut p = proposal();
        p.veto("bob", "too expensive", t(10)).unwrap();
        assert_eq!(p.state, State::Deferred);
        assert!(!p.is_due(t(50)));
        assert_eq!(p.unveto("bob", t(20)), Ok(true));
        assert_eq!(p.state, State::Open);
        assert_eq!(p.deadline, t(48));
        assert!(!p.is_due(t(47)));
        assert!(p.is_due(t(48)));
    }

    #[test]
    fn two_vetoes_need_two_unvetoes() {
        let mut p = proposal();
        p.veto("bob", "no", t(1)).unwrap();
        p.veto("carol", "no", t(2)).unwrap();
        assert_eq!(p.veto("bob", "again", t(3)), Err(Refusal::AlreadyVetoedByYou));
        assert_eq!(p.unveto("bob", t(4)), Ok(false));
        assert_eq!(p.state, State::Deferred);
        assert_eq!(p.unveto("bob", t(4)), Err(Refusal::NoVetoOfYours));
        assert_eq!(p.unveto("carol", t(5)), Ok(true));
    }

    #[test]
    fn unveto_after_the_deadline_is_refused() {
        let mut p = proposal();
        p.veto("bob", "no", t(1)).unwrap();
        assert_eq!(p.unveto("bob", t(48)), Err(Refusal::DeadlinePassed));
        assert_eq!(p.state, State::Deferred);
    }

    #[test]
    fn over_budget_stays_deferred_after_unveto() {
        let mut p = proposal();
        p.over_budget = true;
        p.state = State::Deferred;
        p.veto("bob", "no", t(1)).unwrap();
        assert_eq!(p.unveto("bob", t(2)), Ok(false));
        assert_eq!(p.state, State::Deferred);
    }

    #[test]
    fn proposer_cannot_veto_and_only_proposer_withdraws() {
        let mut p = proposal();
        assert_eq!(p.veto("alice", "hm", t(1)), Err(Refusal::OwnProposal));
        assert_eq!(p.withdraw("bob", t(1)), Err(Refusal::NotProposer));
        p.withdraw("alice", t(1)).unwrap();
        assert_eq!(p.veto("bob", "x", t(2)), Err(Refusal::Closed(State::Withdrawn)));
        assert!(!p.adopt(t(100)));
    }

    #[test]
    fn adoption_happens_once_and_not_early() {
        let mut p = proposal();
        assert!(!p.adopt(t(48) - Duration::minutes(1)));
        assert!(p.adopt(t(48)));
        assert!(!p.adopt(t(49)));
        assert_eq!(p.veto("bob", "late", t(49)), Err(Refusal::Closed(State::Adopted)));
    }

    #[test]
    fn reminders_are_due_once_and_never_before_creation() {
        let p = proposal();
        let offs = [Duration::hours(24), Duration::hours(2), Duration::hours(60)];
        assert!(p.due_reminders(&offs, &[], t(23)).is_empty());
        assert_eq!(p.due_reminders(&offs, &[], t(24)), vec![Duration::hours(24)]);
        assert!(p.due_reminders(&offs, &[Duration::hours(24)], t(30)).is_empty());
        assert_eq!(
            p.due_reminders(&offs, &[Duration::hours(24)], t(46)),
            vec![Duration::hours(2)]
        );
        assert!(p.due_reminders(&offs, &[], t(48)).is_empty());
        assert_eq!(p.next_event(&offs, &[]), Some(t(24)));
        assert_eq!(p.next_event(&offs, &offs[..2]), Some(t(48)));
    }
}
