//! Proposal commands and proposal events (SPEC §3): the core side of
//! [`crate::domain::proposal`].

use chrono::{DateTime, Duration, Utc};

use super::format::{meeting, money, span, state, when};
use super::{Core, CoreResult, Effect, Incoming};
use crate::command::Command;
use crate::config::MeetingKind;
use crate::domain::proposal::{Money, Proposal, Refusal, State, Veto};
use crate::i18n::Lang;
use crate::store::NewProposal;
use crate::t;

/// An event handled later than this after it fell due is announced as late.
const LATE_AFTER: Duration = Duration::minutes(1);

impl Core {
    pub(super) async fn proposal_command(&self, msg: &Incoming, lang: Lang, cmd: Command) -> CoreResult<Vec<Effect>> {
        let who = msg.speaker.member.clone().unwrap_or_else(|| msg.speaker.handle.clone());
        let now = msg.at;
        match cmd {
            Command::Propose { budget, text } => self.propose(msg, &who, budget, text).await,
            Command::Proposals => Ok(vec![self.reply(msg, self.list(lang, now).await?)]),
            Command::Proposal { id } => {
                let text = match self.store.proposal(id).await? {
                    Some(p) => self.detail(lang, &p, now),
                    None => t!(lang, "proposal-not-found", "id" => id.0),
                };
                Ok(vec![self.reply(msg, text)])
            }
            Command::Veto { id, reason } => {
                let Some(mut p) = self.store.proposal(id).await? else {
                    return Ok(vec![self.reply(msg, t!(lang, "proposal-not-found", "id" => id.0))]);
                };
                if let Err(r) = p.veto(&who, &reason, now) {
                    return Ok(vec![self.reply(msg, refusal(lang, &p, r))]);
                }
                let veto = p.vetoes.last().cloned().unwrap_or(Veto {
                    vetoer: who.clone(),
                    reason: reason.clone(),
                    at: now,
                    lifted_at: None,
                });
                self.store.add_veto(id, &veto, p.state).await?;
                let next = self.config.meetings.next_deciding(&self.config.calendar, now);
                let room_lang = self.config.collective.lang;
                let announce = match next {
                    Some((kind, at)) => {
                        t!(room_lang, "proposal-vetoed", "id" => id.0, "meeting" => meeting(room_lang, Some(kind)),
                        "date" => self.when(room_lang, at, now), "vetoer" => who.clone(), "reason" => reason.clone())
                    }
                    None => {
                        t!(room_lang, "proposal-vetoed-unscheduled", "id" => id.0, "vetoer" => who.clone(), "reason" => reason.clone())
                    }
                };
                let mut effects = self.announce_for(msg, &p, announce);
                if p.proposer != who {
                    let plang = self.config.lang_for(&p.proposer);
                    let private = match next {
                        Some((kind, at)) => {
                            t!(plang, "proposal-vetoed-private", "id" => id.0, "vetoer" => who.clone(), "reason" => reason,
                            "meeting" => meeting(plang, Some(kind)), "date" => self.when(plang, at, now))
                        }
                        None => {
                            t!(plang, "proposal-vetoed-private-unscheduled", "id" => id.0, "vetoer" => who.clone(), "reason" => reason)
                        }
                    };
                    effects.push(Effect::Private {
                        to: p.proposer.clone(),
                        text: private,
                    });
                }
                Ok(effects)
            }
            Command::Unveto { id } => {
                let Some(mut p) = self.store.proposal(id).await? else {
                    return Ok(vec![self.reply(msg, t!(lang, "proposal-not-found", "id" => id.0))]);
                };
                let reopened = match p.unveto(&who, now) {
                    Ok(r) => r,
                    Err(r) => return Ok(vec![self.reply(msg, refusal(lang, &p, r))]),
                };
                self.store.lift_veto(id, &who, now, p.state).await?;
                if reopened {
                    // Reminders whose moment passed while it was deferred are skipped:
                    // this announcement gives the deadline already.
                    for offset in &self.config.proposals.reminders {
                        if p.deadline - *offset <= now {
                            self.store.mark_reminder_sent(id, *offset, now).await?;
                        }
                    }
                }
                let room_lang = self.config.collective.lang;
                let text = if reopened {
                    t!(room_lang, "proposal-unvetoed-open", "id" => id.0, "who" => who, "deadline" => self.when(room_lang, p.deadline, now))
                } else {
                    let remaining = p.standing_vetoes().count() as i64;
                    t!(room_lang, "proposal-unvetoed-still-deferred", "id" => id.0, "who" => who, "remaining" => remaining)
                };
                Ok(self.announce_for(msg, &p, text))
            }
            Command::Withdraw { id } => {
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
                let room_lang = self.config.collective.lang;
                Ok(self.announce_for(msg, &p, t!(room_lang, "proposal-withdrawn", "id" => id.0, "who" => who)))
            }
            Command::Help { .. } | Command::Unknown { .. } => Ok(Vec::new()),
        }
    }

    async fn propose(&self, msg: &Incoming, who: &str, budget: Option<Money>, text: String) -> CoreResult<Vec<Effect>> {
        let now = msg.at;
        let cap = self.config.proposals.budget_cap;
        let over_budget = matches!((budget, cap), (Some(b), Some(c)) if b > c);
        let new = NewProposal {
            room: msg.room.clone().unwrap_or_else(|| self.home_room.clone()),
            proposer: who.to_owned(),
            text,
            budget,
            over_budget,
            created_at: now,
            deadline: self
                .config
                .calendar
                .add_business_hours(now, self.config.proposals.delay_hours),
        };
        let p = self.store.insert_proposal(&new).await?;
        let lang = self.config.collective.lang;
        let (id, proposer, text) = (p.id.0, p.proposer.clone(), p.text.clone());
        let announce = match (budget, cap) {
            (Some(amount), Some(cap)) if over_budget => {
                match self.config.meetings.next_deciding(&self.config.calendar, now) {
                    Some((kind, at)) => {
                        t!(lang, "proposal-over-budget", "id" => id, "proposer" => proposer, "text" => text,
                        "amount" => money(lang, amount), "cap" => money(lang, cap), "meeting" => meeting(lang, Some(kind)),
                        "date" => self.when(lang, at, now))
                    }
                    None => {
                        t!(lang, "proposal-over-budget-unscheduled", "id" => id, "proposer" => proposer, "text" => text,
                        "amount" => money(lang, amount), "cap" => money(lang, cap))
                    }
                }
            }
            (Some(amount), _) => {
                t!(lang, "proposal-created-budget", "id" => id, "proposer" => proposer, "text" => text,
                "amount" => money(lang, amount), "deadline" => self.when(lang, p.deadline, now))
            }
            (None, _) => t!(lang, "proposal-created", "id" => id, "proposer" => proposer, "text" => text,
                "deadline" => self.when(lang, p.deadline, now)),
        };
        Ok(self.announce_for(msg, &p, announce))
    }

    /// The announcement in the proposal's room; when the command came from elsewhere
    /// (a private message), the sender gets it too, in their language's words.
    fn announce_for(&self, msg: &Incoming, p: &Proposal, text: String) -> Vec<Effect> {
        let mut effects = vec![Effect::Announce {
            room: p.room.clone(),
            text: text.clone(),
        }];
        if msg.room.as_deref() != Some(p.room.as_str()) {
            effects.push(self.reply(msg, text));
        }
        effects
    }

    fn when(&self, lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        when(lang, self.config.collective.tz, at, now)
    }

    fn next_meeting_name(&self, lang: Lang, now: DateTime<Utc>) -> String {
        match self.config.meetings.next_deciding(&self.config.calendar, now) {
            Some((kind, at)) => format!("{} ({})", meeting(lang, Some(kind)), self.when(lang, at, now)),
            None => meeting(lang, None::<MeetingKind>),
        }
    }

    async fn list(&self, lang: Lang, now: DateTime<Utc>) -> CoreResult<String> {
        let active = self.store.proposals_in(&[State::Open, State::Deferred]).await?;
        if active.is_empty() {
            return Ok(t!(lang, "proposals-none"));
        }
        let mut lines = vec![t!(lang, "proposals-header")];
        for (p, _) in &active {
            lines.push(match p.state {
                State::Open => t!(lang, "proposals-open-line", "id" => p.id.0, "proposer" => p.proposer.clone(), "text" => p.text.clone(),
                    "deadline" => self.when(lang, p.deadline, now), "left" => span(lang, p.deadline - now)),
                _ => t!(lang, "proposals-deferred-line", "id" => p.id.0, "proposer" => p.proposer.clone(), "text" => p.text.clone(),
                    "vetoes" => p.standing_vetoes().count() as i64, "meeting" => self.next_meeting_name(lang, now)),
            });
        }
        Ok(lines.join("\n"))
    }

    fn detail(&self, lang: Lang, p: &Proposal, now: DateTime<Utc>) -> String {
        let mut lines = vec![
            t!(lang, "proposal-detail-head", "id" => p.id.0, "proposer" => p.proposer.clone(),
            "created" => self.when(lang, p.created_at, now), "text" => p.text.clone()),
        ];
        if let Some(amount) = p.budget {
            let cap = self
                .config
                .proposals
                .budget_cap
                .map(|c| money(lang, c))
                .unwrap_or_default();
            lines.push(
                t!(lang, "proposal-detail-budget", "amount" => money(lang, amount), "cap" => cap,
                "over" => if p.over_budget { "yes" } else { "no" }),
            );
        }
        lines.push(match p.state {
            State::Open => t!(lang, "proposal-detail-open", "deadline" => self.when(lang, p.deadline, now), "left" => span(lang, p.deadline - now)),
            State::Deferred => t!(lang, "proposal-detail-deferred", "meeting" => self.next_meeting_name(lang, now),
                "deadline" => self.when(lang, p.deadline, now)),
            closed => t!(lang, "proposal-detail-closed", "state" => state(lang, closed),
                "when" => self.when(lang, p.closed_at.unwrap_or(p.deadline), now)),
        });
        if let Some(note) = &p.outcome_note {
            lines.push(t!(lang, "proposal-detail-note", "note" => note.clone()));
        }
        for v in &p.vetoes {
            lines.push(match v.lifted_at {
                None => t!(lang, "proposal-detail-veto", "vetoer" => v.vetoer.clone(), "when" => self.when(lang, v.at, now), "reason" => v.reason.clone()),
                Some(l) => t!(lang, "proposal-detail-veto-lifted", "vetoer" => v.vetoer.clone(), "when" => self.when(lang, v.at, now),
                    "lifted" => self.when(lang, l, now), "reason" => v.reason.clone()),
            });
        }
        lines.join("\n")
    }

    pub(super) async fn proposal_tick(&self, now: DateTime<Utc>) -> CoreResult<Vec<Effect>> {
        enum Due {
            Reminder(Duration),
            Deadline,
        }
        let offsets = &self.config.proposals.reminders;
        let open = self.store.proposals_in(&[State::Open]).await?;
        let mut due: Vec<(DateTime<Utc>, usize, Due)> = Vec::new();
        for (i, (p, sent)) in open.iter().enumerate() {
            for o in p.due_reminders(offsets, sent, now) {
                due.push((p.deadline - o, i, Due::Reminder(o)));
            }
            if p.is_due(now) {
                due.push((p.deadline, i, Due::Deadline));
            }
        }
        due.sort_by_key(|(at, i, _)| (*at, *i));
        let lang = self.config.collective.lang;
        let mut effects = Vec::new();
        for (at, i, what) in due {
            let p = &open[i].0;
            let (id, proposer, text) = (p.id.0, p.proposer.clone(), p.text.clone());
            match what {
                Due::Reminder(offset) => {
                    if self.store.mark_reminder_sent(p.id, offset, now).await? {
                        let text = t!(lang, "proposal-reminder", "id" => id, "proposer" => proposer, "text" => text,
                            "deadline" => self.when(lang, p.deadline, now), "left" => span(lang, p.deadline - now));
                        effects.push(Effect::Announce {
                            room: p.room.clone(),
                            text,
                        });
                    }
                }
                Due::Deadline => {
                    if self.store.adopt(p.id, p.deadline, now).await? {
                        let text = if now - at > LATE_AFTER {
                            t!(lang, "proposal-adopted-late", "id" => id, "proposer" => proposer, "text" => text,
                                "deadline" => self.when(lang, p.deadline, now))
                        } else {
                            t!(lang, "proposal-adopted", "id" => id, "proposer" => proposer, "text" => text)
                        };
                        tracing::info!(proposal = id, late = now - at > LATE_AFTER, "proposal adopted");
                        effects.push(Effect::Announce {
                            room: p.room.clone(),
                            text,
                        });
                    }
                }
            }
        }
        Ok(effects)
    }

    pub(super) async fn proposal_next_due(&self) -> CoreResult<Option<DateTime<Utc>>> {
        let offsets = &self.config.proposals.reminders;
        let open = self.store.proposals_in(&[State::Open]).await?;
        Ok(open.iter().filter_map(|(p, sent)| p.next_event(offsets, sent)).min())
    }
}

fn refusal(lang: Lang, p: &Proposal, r: Refusal) -> String {
    let id = p.id.0;
    match r {
        Refusal::Closed(s) => t!(lang, "proposal-closed", "id" => id, "state" => state(lang, s)),
        Refusal::DeadlinePassed => t!(lang, "proposal-deadline-passed", "id" => id),
        Refusal::AlreadyVetoedByYou => t!(lang, "proposal-already-vetoed", "id" => id),
        Refusal::OwnProposal => t!(lang, "proposal-own-veto", "id" => id),
        Refusal::NoVetoOfYours => t!(lang, "proposal-no-veto-of-yours", "id" => id),
        Refusal::NotProposer => t!(lang, "proposal-not-proposer", "id" => id, "proposer" => p.proposer.clone()),
    }
}
