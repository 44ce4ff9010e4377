//! Proposal commands and proposal events: the core side of
//! [`crate::domain::proposal`].

use chrono::{DateTime, Duration, Utc};

use super::format::{meeting as meeting_name, money, span, state, when};
use super::{Core, CoreResult, Effect, Incoming, Message, Network, Recipient};
use crate::domain::calendar::MeetingKind;
use crate::domain::proposal::{Money, Proposal, ProposalId, Refusal, State, Veto, next_event};
use crate::i18n::Lang;
use crate::message::{Mention, Said, Stamp, Text};
use crate::store::NewProposal;
use crate::{t, tm};

use super::LATE_AFTER;

impl Core {
    /// `!proposals`: the open and deferred proposals.
    pub(super) async fn proposals(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        Ok(vec![self.reply(msg, self.proposals_list(lang, msg.at).await?)])
    }

    /// `!proposal N`: one proposal in full.
    pub(super) async fn proposal(&self, msg: &Incoming, lang: Lang, id: ProposalId) -> CoreResult<Vec<Effect>> {
        let text = match self.store.proposal(id).await? {
            Some(p) => self.detail(lang, &p, msg.at),
            None => Message::new().line(tm!(lang, "proposal-not-found", "id" => id.0)),
        };
        Ok(vec![self.reply(msg, text)])
    }

    /// `!veto N reason`.
    pub(super) async fn veto(
        &self,
        msg: &Incoming,
        lang: Lang,
        id: ProposalId,
        reason: String,
    ) -> CoreResult<Vec<Effect>> {
        let who = self.acting(msg);
        let now = msg.at;
        let Some(mut p) = self.store.proposal(id).await? else {
            return Ok(vec![self.reply(msg, t!(lang, "proposal-not-found", "id" => id.0))]);
        };
        if let Err(r) = p.veto(&who, &reason, now) {
            return Ok(vec![self.reply(msg, refusal(lang, &p, r))]);
        }
        let veto = Veto {
            vetoer: who.clone(),
            reason: reason.clone(),
            at: now,
            lifted_at: None,
        };
        let meeting = p.deciding_meeting(now, self.next_meeting(now));
        if !self.store.add_veto(id, &veto, meeting).await? {
            return Ok(vec![
                self.reply(msg, t!(lang, "proposal-deadline-passed", "id" => id.0)),
            ]);
        }
        let mut effects = self
            .publish(msg, &p, |l| match meeting {
                Some((kind, at)) => tm!(l, "proposal-vetoed", "id" => id.0, "meeting" => meeting_name(l, Some(kind)),
                "date" => self.stamp(l, at, now), "vetoer" => Mention(who.clone()), "reason" => Said(reason.clone())),
                None => tm!(l, "proposal-vetoed-unscheduled", "id" => id.0, "vetoer" => Mention(who.clone()),
                "reason" => Said(reason.clone())),
            })
            .await?;
        if p.proposer != who {
            let l = self.config().lang_for(&p.proposer);
            let private = match meeting {
                Some((kind, at)) => tm!(l, "proposal-vetoed-private", "id" => id.0, "vetoer" => Mention(who.clone()),
                    "reason" => Said(reason), "meeting" => meeting_name(l, Some(kind)), "date" => self.stamp(l, at, now)),
                None => tm!(l, "proposal-vetoed-private-unscheduled", "id" => id.0, "vetoer" => Mention(who.clone()),
                    "reason" => Said(reason)),
            };
            effects.push(Effect::Private {
                to: Recipient::Member(p.proposer.clone()),
                message: private.into(),
            });
        }
        Ok(effects)
    }

    /// `!unveto N`.
    pub(super) async fn unveto(&self, msg: &Incoming, lang: Lang, id: ProposalId) -> CoreResult<Vec<Effect>> {
        let who = self.acting(msg);
        let now = msg.at;
        let Some(mut p) = self.store.proposal(id).await? else {
            return Ok(vec![self.reply(msg, t!(lang, "proposal-not-found", "id" => id.0))]);
        };
        let reopened = match p.unveto(&who, now) {
            Ok(r) => r,
            Err(r) => return Ok(vec![self.reply(msg, refusal(lang, &p, r))]),
        };
        // Reminders whose moment passed while it was deferred are skipped: the
        // announcement below gives the deadline already.
        let skip: Vec<Duration> = if reopened {
            self.config()
                .proposals
                .reminders
                .iter()
                .copied()
                .filter(|o| p.deadline - *o <= now)
                .collect()
        } else {
            Vec::new()
        };
        // Reopened, its next event is the nearest reminder still ahead or the
        // deadline (those already past are in `skip`).
        let next_event = p.next_event(&self.config().proposals.reminders, &skip);
        if !self.store.lift_veto(id, &who, now, p.state, &skip, next_event).await? {
            return Ok(vec![
                self.reply(msg, t!(lang, "proposal-deadline-passed", "id" => id.0)),
            ]);
        }
        let remaining = p.standing_vetoes().count() as i64;
        self.publish(msg, &p, |l| {
            if reopened {
                tm!(l, "proposal-unvetoed-open", "id" => id.0, "who" => Mention(who.clone()),
                    "deadline" => self.stamp(l, p.deadline, now))
            } else {
                tm!(l, "proposal-unvetoed-still-deferred", "id" => id.0, "who" => Mention(who.clone()), "remaining" => remaining)
            }
        })
        .await
    }

    /// `!withdraw N`.
    pub(super) async fn withdraw(&self, msg: &Incoming, lang: Lang, id: ProposalId) -> CoreResult<Vec<Effect>> {
        let who = self.acting(msg);
        let now = msg.at;
        let Some(mut p) = self.store.proposal(id).await? else {
            return Ok(vec![self.reply(msg, t!(lang, "proposal-not-found", "id" => id.0))]);
        };
        if let Err(r) = p.withdraw(&who, now) {
            return Ok(vec![self.reply(msg, refusal(lang, &p, r))]);
        }
        if !self.store.withdraw(id, now).await? {
            return Ok(vec![self.reply(
                msg,
                t!(lang, "proposal-closed", "id" => id.0, "state" => state(lang, p.state)),
            )]);
        }
        self.publish(
            msg,
            &p,
            |l| tm!(l, "proposal-withdrawn", "id" => id.0, "who" => Mention(who.clone())),
        )
        .await
    }

    pub(super) async fn propose(
        &self,
        msg: &Incoming,
        who: &str,
        budget: Option<Money>,
        text: String,
    ) -> CoreResult<Vec<Effect>> {
        let now = msg.at;
        let cap = self.config().proposals.budget_cap;
        let over_budget = matches!((budget, cap), (Some(b), Some(c)) if b > c);
        let deadline = self
            .config()
            .calendar
            .add_business_hours(now, self.config().proposals.delay_hours);
        let new = NewProposal {
            room: self.room_of(msg),
            proposer: who.to_owned(),
            text,
            budget,
            over_budget,
            created_at: now,
            deadline,
            deferred_to: if over_budget { self.next_meeting(now) } else { None },
            next_event: (!over_budget).then(|| next_event(&self.config().proposals.reminders, &[], now, deadline)),
        };
        let p = self.store.insert_proposal(&new).await?;
        let (id, proposer, text) = (p.id.0, p.proposer.clone(), p.text.clone());
        let (by, words) = (|| Mention(proposer.clone()), || Said(text.clone()));
        let said = |l: Lang| match (budget, cap, p.deferred_to) {
            (Some(amount), Some(cap), Some((kind, at))) if over_budget => tm!(l, "proposal-over-budget", "id" => id,
                "proposer" => by(), "text" => words(), "amount" => money(l, amount), "cap" => money(l, cap),
                "meeting" => meeting_name(l, Some(kind)), "date" => self.stamp(l, at, now)),
            (Some(amount), Some(cap), None) if over_budget => tm!(l, "proposal-over-budget-unscheduled", "id" => id,
                "proposer" => by(), "text" => words(), "amount" => money(l, amount), "cap" => money(l, cap)),
            (Some(amount), _, _) => tm!(l, "proposal-created-budget", "id" => id, "proposer" => by(),
                "text" => words(), "amount" => money(l, amount), "deadline" => self.stamp(l, p.deadline, now)),
            (None, _, _) => tm!(l, "proposal-created", "id" => id, "proposer" => by(), "text" => words(),
                "deadline" => self.stamp(l, p.deadline, now)),
        };
        let mut effects = self.announce_for(msg, &p, &said);
        // The proposer gets their copy by mail too: its reply address is how they
        // withdraw it by mail.
        effects.extend(self.mail_about(&p, None, &said).await?);
        Ok(effects)
    }

    /// What happened to `p`, for everyone: the announcement, and the mails to the members
    /// who get proposals by e-mail (not to whoever did it).
    async fn publish(
        &self,
        msg: &Incoming,
        p: &Proposal,
        text: impl Fn(Lang) -> Text + Sync,
    ) -> CoreResult<Vec<Effect>> {
        let mut effects = self.announce_for(msg, p, &text);
        effects.extend(self.mail_about(p, msg.speaker.member.as_deref(), &text).await?);
        Ok(effects)
    }

    /// The announcement in the proposal's room, in the collective's language (saying so
    /// when it was done by e-mail); when the command came from elsewhere (a private
    /// message, a mail), the sender gets it too, in theirs — by mail, with what they can
    /// do next by replying (after a veto: how to lift it).
    fn announce_for(&self, msg: &Incoming, p: &Proposal, text: &impl Fn(Lang) -> Text) -> Vec<Effect> {
        let l = self.config().collective.lang;
        let room_text = match msg.speaker.network {
            Network::Mail => tm!(l, "announced-by-mail", "text" => text(l)),
            _ => text(l),
        };
        let mut effects = vec![Effect::Announce {
            room: self.room_named(&p.room),
            message: room_text.into(),
        }];
        if msg.room.as_ref().map(|r| r.name.as_str()) != Some(p.room.as_str()) {
            let lang = self.lang_of(&msg.speaker);
            let answer = match (&msg.speaker.network, &msg.speaker.member) {
                (Network::Mail, Some(who)) => Message::new()
                    .line(text(lang))
                    .line(super::mail::how_to_reply(lang, p, who)),
                _ => Message::new().line(text(lang)),
            };
            effects.push(self.reply(msg, answer));
        }
        effects
    }

    fn next_meeting(&self, now: DateTime<Utc>) -> Option<(MeetingKind, DateTime<Utc>)> {
        self.config().meetings.next_deciding(&self.config().calendar, now)
    }

    fn when(&self, lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        when(lang, self.config().collective.tz, at, now)
    }

    /// An instant in a sentence: `at` as it reads in the collective's zone.
    pub(super) fn stamp(&self, lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> Stamp {
        Stamp(at, self.when(lang, at, now))
    }

    /// "the production meeting (Tue Nov 24, 10:00 EST)" for a deferred proposal.
    fn deciding_meeting_name(&self, lang: Lang, p: &Proposal, now: DateTime<Utc>) -> String {
        match p.deciding_meeting(now, self.next_meeting(now)) {
            Some((kind, at)) => t!(lang, "meeting-with-date", "meeting" => meeting_name(lang, Some(kind)),
                "date" => self.when(lang, at, now)),
            None => meeting_name(lang, None),
        }
    }

    /// The open and deferred proposals, a list item each (`!proposals`, the digest).
    pub(super) async fn proposals_list(&self, lang: Lang, now: DateTime<Utc>) -> CoreResult<Message> {
        let active = self.store.proposals_in(&[State::Open, State::Deferred]).await?;
        if active.is_empty() {
            return Ok(Message::new().line(tm!(lang, "proposals-none")));
        }
        // A proposal with an amount says it, as when it was made ("alice (120,00 $): …").
        let items = active
            .iter()
            .map(|(p, _)| match (p.state, p.budget.map(|a| money(lang, a))) {
                (State::Open, None) => tm!(lang, "proposals-open-line", "id" => p.id.0, "proposer" => Mention(p.proposer.clone()), "text" => Said(p.text.clone()),
                    "deadline" => self.stamp(lang, p.deadline, now), "left" => span(lang, p.deadline - now)),
                (State::Open, Some(amount)) => tm!(lang, "proposals-open-line-budget", "id" => p.id.0, "proposer" => Mention(p.proposer.clone()), "text" => Said(p.text.clone()),
                    "amount" => amount, "deadline" => self.stamp(lang, p.deadline, now), "left" => span(lang, p.deadline - now)),
                (_, None) => tm!(lang, "proposals-deferred-line", "id" => p.id.0, "proposer" => Mention(p.proposer.clone()), "text" => Said(p.text.clone()),
                    "vetoes" => p.standing_vetoes().count() as i64, "meeting" => self.deciding_meeting_name(lang, p, now)),
                (_, Some(amount)) => tm!(lang, "proposals-deferred-line-budget", "id" => p.id.0, "proposer" => Mention(p.proposer.clone()), "text" => Said(p.text.clone()),
                    "amount" => amount, "vetoes" => p.standing_vetoes().count() as i64, "meeting" => self.deciding_meeting_name(lang, p, now)),
            })
            .collect();
        Ok(Message::new().line(tm!(lang, "proposals-header")).list(items))
    }

    /// `!proposal N`: a line each for what it says, its amount, its state, the meeting's
    /// note and each veto.
    fn detail(&self, lang: Lang, p: &Proposal, now: DateTime<Utc>) -> Message {
        let mut m = Message::new().line(
            tm!(lang, "proposal-detail-head", "id" => p.id.0, "proposer" => Mention(p.proposer.clone()),
            "created" => self.stamp(lang, p.created_at, now), "text" => Said(p.text.clone())),
        );
        if let Some(amount) = p.budget {
            let cap = self
                .config()
                .proposals
                .budget_cap
                .map(|c| money(lang, c))
                .unwrap_or_default();
            m = m.line(
                tm!(lang, "proposal-detail-budget", "amount" => money(lang, amount), "cap" => cap,
                "over" => if p.over_budget { "yes" } else { "no" }),
            );
        }
        m = m.line(match p.state {
            State::Open => tm!(lang, "proposal-detail-open", "deadline" => self.stamp(lang, p.deadline, now),
                "left" => span(lang, p.deadline - now)),
            State::Deferred => {
                tm!(lang, "proposal-detail-deferred", "meeting" => self.deciding_meeting_name(lang, p, now),
                "deadline" => self.stamp(lang, p.deadline, now))
            }
            closed => tm!(lang, "proposal-detail-closed", "state" => state(lang, closed),
                "when" => self.stamp(lang, p.closed_at.unwrap_or(p.deadline), now)),
        });
        if let Some(note) = &p.outcome_note {
            m = m.line(tm!(lang, "proposal-detail-note", "note" => Said(note.clone())));
        }
        for v in &p.vetoes {
            let (vetoer, reason, at) = (
                Mention(v.vetoer.clone()),
                Said(v.reason.clone()),
                self.stamp(lang, v.at, now),
            );
            m = m.line(match v.lifted_at {
                None => tm!(lang, "proposal-detail-veto", "vetoer" => vetoer, "when" => at, "reason" => reason),
                Some(l) => tm!(lang, "proposal-detail-veto-lifted", "vetoer" => vetoer, "when" => at,
                    "lifted" => self.stamp(lang, l, now), "reason" => reason),
            });
        }
        m
    }

    /// Fires what is due at `now`, oldest first. Of several reminders of one proposal due
    /// at once (after downtime), only the nearest to the deadline is sent; the others are
    /// marked as sent. On a storage error it stops and returns what it already announced,
    /// so nothing committed goes unsaid; the rest is retried at the next tick.
    pub(super) async fn proposal_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let offsets = &self.config().proposals.reminders;
        // Only the proposals with an event due, through the index of next events.
        let mut open = self.store.due_proposals(now).await?;
        let mut due: Vec<(DateTime<Utc>, usize, Due)> = Vec::new();
        for (i, (p, sent)) in open.iter().enumerate() {
            let mut reminders = p.due_reminders(offsets, sent, now);
            reminders.sort();
            if let Some((&nearest, older)) = reminders.split_first() {
                due.push((
                    p.deadline - nearest,
                    i,
                    Due::Reminder {
                        offset: nearest,
                        skipped: older.to_vec(),
                    },
                ));
            }
            if p.is_due(now) {
                due.push((p.deadline, i, Due::Deadline));
            }
        }
        due.sort_by_key(|(at, i, _)| (*at, *i));
        let result = self.proposal_events(now, &mut open, due, effects).await;
        // Each one's next event moves on (an adopted one has none), even after a storage
        // error: what was handled is not due again. One left behind by an interruption
        // is due at once, found to have nothing due, and moved then.
        let next: Vec<_> = open
            .iter()
            .map(|(p, sent)| (p.id, p.next_event(offsets, sent)))
            .collect();
        self.store.set_next_events(&next).await?;
        result
    }

    /// Announces the `due` events of `open` proposals, in order, recording each (sent
    /// reminders in each one's list, adoption in its state).
    async fn proposal_events(
        &self,
        now: DateTime<Utc>,
        open: &mut [(Proposal, Vec<Duration>)],
        due: Vec<(DateTime<Utc>, usize, Due)>,
        effects: &mut Vec<Effect>,
    ) -> CoreResult<()> {
        let lang = self.config().collective.lang;
        for (at, i, what) in due {
            let (p, sent) = &mut open[i];
            let (id, proposer, text) = (p.id.0, p.proposer.clone(), p.text.clone());
            let (by, words) = (|| Mention(proposer.clone()), || Said(text.clone()));
            let late = now - at > LATE_AFTER;
            match what {
                Due::Reminder { offset, skipped } => {
                    for older in skipped {
                        self.store.mark_reminder_sent(p.id, older, now).await?;
                        sent.push(older);
                    }
                    let first = self.store.mark_reminder_sent(p.id, offset, now).await?;
                    sent.push(offset);
                    if first {
                        let (deadline, left) = (self.stamp(lang, p.deadline, now), span(lang, p.deadline - now));
                        let text = if late {
                            tm!(lang, "proposal-reminder-late", "id" => id, "proposer" => by(), "text" => words(),
                                "deadline" => deadline, "left" => left, "due" => self.stamp(lang, at, now))
                        } else {
                            tm!(lang, "proposal-reminder", "id" => id, "proposer" => by(), "text" => words(),
                                "deadline" => deadline, "left" => left)
                        };
                        effects.push(Effect::Announce {
                            room: self.room_named(&p.room),
                            message: text.into(),
                        });
                    }
                }
                Due::Deadline => {
                    let adopted = self.store.adopt(p.id, p.deadline, now).await?;
                    // Adopted now or closed before: open no longer, nothing more to come.
                    p.state = State::Adopted;
                    if adopted {
                        let said = |l: Lang| {
                            if late {
                                tm!(l, "proposal-adopted-late", "id" => id, "proposer" => by(), "text" => words(),
                                    "deadline" => self.stamp(l, p.deadline, now))
                            } else {
                                tm!(l, "proposal-adopted", "id" => id, "proposer" => by(), "text" => words())
                            }
                        };
                        tracing::info!(proposal = id, late, "proposal adopted");
                        effects.push(Effect::Announce {
                            room: self.room_named(&p.room),
                            message: said(lang).into(),
                        });
                        effects.extend(self.mail_about(p, None, &said).await?);
                    }
                }
            }
        }
        Ok(())
    }

    /// At start: every open proposal's next event, computed again from the configured
    /// reminders (they may have changed) and stored where the scheduler looks.
    pub(super) async fn place_proposals(&self) -> CoreResult<()> {
        let offsets = &self.config().proposals.reminders;
        let open = self.store.proposals_in(&[State::Open]).await?;
        let next: Vec<_> = open
            .iter()
            .map(|(p, sent)| (p.id, p.next_event(offsets, sent)))
            .collect();
        self.store.set_next_events(&next).await
    }
}

/// An event of a proposal that fell due.
enum Due {
    /// Its nearest reminder, and older ones missed meanwhile (marked sent, not announced).
    Reminder {
        offset: Duration,
        skipped: Vec<Duration>,
    },
    Deadline,
}

fn refusal(lang: Lang, p: &Proposal, r: Refusal) -> Text {
    let id = p.id.0;
    match r {
        Refusal::Closed(s) => tm!(lang, "proposal-closed", "id" => id, "state" => state(lang, s)),
        Refusal::DeadlinePassed => tm!(lang, "proposal-deadline-passed", "id" => id),
        Refusal::AlreadyVetoedByYou => tm!(lang, "proposal-already-vetoed", "id" => id),
        Refusal::OwnProposal => tm!(lang, "proposal-own-veto", "id" => id),
        Refusal::NoVetoOfYours => tm!(lang, "proposal-no-veto-of-yours", "id" => id),
        Refusal::NotProposer => {
            tm!(lang, "proposal-not-proposer", "id" => id, "proposer" => Mention(p.proposer.clone()))
        }
    }
}
