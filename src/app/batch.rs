//! Messages that arrived together (a burst on IRC, a Matrix sync, a catch-up after a
//! restart) are decided as one batch, inside one turn (`turn.rs`): each network event is
//! claimed once, runs of `!punch` and of `!remind` are recorded with one statement each,
//! everything else in order, after what fell due before it was said. The batch says
//! whether the scheduler should look again.

use std::borrow::Cow;

use super::{Core, Effect, Incoming};
use crate::command::{Batched, Command};
use crate::i18n::Lang;
use crate::store::{NewPunch, NewReminder};
use crate::t;

impl Core {
    /// Decides messages that arrived together (the caller holds the turn and runs a
    /// unit of work). A message whose network event was handled before (a replayed sync)
    /// is skipped. Runs of `!punch <duration> …` from members are recorded together;
    /// everything else is answered in order, after what fell due before it was sent (see
    /// `input.rs`). The effects, and whether a due instant may have moved.
    pub(super) async fn decide_many(&self, msgs: &[Incoming]) -> (Vec<Effect>, bool) {
        self.decide(msgs.iter().map(|msg| (msg, None)).collect()).await
    }

    /// [`Core::decide_many`] for messages some of which come with the command they stand
    /// for, read by their medium (a reply by mail): that one is not parsed from its text.
    pub(super) async fn decide(&self, msgs: Vec<(&Incoming, Option<Command>)>) -> (Vec<Effect>, bool) {
        let mut effects = Vec::new();
        let mut run: Vec<(Cow<'_, Incoming>, Lang, NewPunch)> = Vec::new();
        // `!remind` are recorded in runs too (see `reminders.rs`).
        let mut reminds: Vec<(Cow<'_, Incoming>, Lang, NewReminder)> = Vec::new();
        let mut reschedule = false;
        for (msg, given) in msgs {
            if !self.first_time(msg).await {
                continue;
            }
            let arrival = self.arrived(msg, given);
            reschedule |= arrival.may_change_schedule();
            let lang = self.lang_of(&arrival.msg.speaker);
            // Only a member's commands are recorded in runs (a non-member's is refused).
            let batched = match (&arrival.parsed, &arrival.msg.speaker.member) {
                (Some(Ok(command)), Some(who)) => command.batched().map(|b| (b, who.clone())),
                _ => None,
            };
            match batched {
                Some((Batched::Remind { target, when, text }, who)) => {
                    self.flush_punches(&mut run, &mut effects).await;
                    let msg = &arrival.msg;
                    if let Some(room) = &msg.room {
                        self.joined(room, &msg.speaker.handle);
                    }
                    let entry = self
                        .remind_entry(msg, lang, &who, target.clone(), *when, text.to_owned())
                        .await;
                    match entry {
                        Ok(Ok(new)) => {
                            // A new reminder may be the next thing due.
                            self.forget_due();
                            reminds.push((arrival.msg, lang, new));
                        }
                        Ok(Err(answer)) => {
                            self.flush_reminds(&mut reminds, &mut effects).await;
                            effects.push(answer);
                        }
                        Err(e) => {
                            tracing::error!(error = %e, text = %msg.text, "command failed");
                            self.flush_reminds(&mut reminds, &mut effects).await;
                            effects.push(self.reply(msg, t!(lang, "storage-error")));
                        }
                    }
                }
                Some((Batched::Punch(add), who)) => {
                    self.flush_reminds(&mut reminds, &mut effects).await;
                    match self.punch_entry(&arrival.msg, lang, &who, add.clone()).await {
                        Ok(Ok(entry)) => {
                            if let Some(room) = &arrival.msg.room {
                                self.joined(room, &arrival.msg.speaker.handle);
                            }
                            run.push((arrival.msg, lang, entry));
                        }
                        Ok(Err(answer)) => {
                            self.flush_punches(&mut run, &mut effects).await;
                            effects.push(answer);
                        }
                        Err(e) => {
                            // Answered here: handing it on would run it a second time.
                            tracing::error!(error = %e, text = %arrival.msg.text, "command failed");
                            self.flush_punches(&mut run, &mut effects).await;
                            effects.push(self.reply(&arrival.msg, t!(lang, "storage-error")));
                        }
                    }
                }
                None => {
                    self.flush_reminds(&mut reminds, &mut effects).await;
                    self.flush_punches(&mut run, &mut effects).await;
                    if arrival.parsed.is_some() {
                        self.catch_up(arrival.msg.at, &mut effects).await;
                    }
                    effects.extend(self.answer(&arrival).await);
                    if arrival.may_change_schedule() {
                        self.forget_due();
                    }
                }
            }
        }
        self.flush_punches(&mut run, &mut effects).await;
        self.flush_reminds(&mut reminds, &mut effects).await;
        (effects, reschedule)
    }

    /// Claims the message's network event, in the batch's unit: `false` for one handled
    /// before, or one that cannot be claimed (handling it could count it twice).
    pub(super) async fn first_time(&self, msg: &Incoming) -> bool {
        let Some(event) = &msg.event else { return true };
        match self.store.claim_event(event, msg.at).await {
            Ok(true) => true,
            Ok(false) => {
                let network = match msg.speaker.network {
                    crate::effect::Network::Matrix => "Matrix",
                    crate::effect::Network::Irc => "IRC",
                    crate::effect::Network::Mail => "mail",
                    crate::effect::Network::Console => "console",
                };
                tracing::info!(event = %event, "ignored a {network} event already handled");
                false
            }
            Err(e) => {
                tracing::error!(event = %event, error = %e, "cannot record a network event; ignoring it");
                false
            }
        }
    }

    async fn flush_punches(&self, run: &mut Vec<(Cow<'_, Incoming>, Lang, NewPunch)>, effects: &mut Vec<Effect>) {
        if run.is_empty() {
            return;
        }
        let entries: Vec<NewPunch> = run.iter().map(|(_, _, e)| e.clone()).collect();
        match self.store.insert_punch_group(&entries).await {
            Ok(results) => {
                for ((msg, lang, entry), result) in run.iter().zip(results) {
                    let text = match result {
                        Ok(id) => self.entries_text(*lang, &[id], std::slice::from_ref(entry), "punch-recorded"),
                        Err(full) => self.day_full_text(*lang, full, self.today_for(&entry.member, msg.at)),
                    };
                    effects.push(self.personal(msg, text));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "punches could not be recorded");
                for (msg, lang, _) in run.iter() {
                    effects.push(self.reply(msg, t!(*lang, "storage-error")));
                }
            }
        }
        run.clear();
    }
}
