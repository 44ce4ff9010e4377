//! Messages that arrived together (a burst on IRC, a Matrix sync, a catch-up after a
//! restart) are decided as one batch, inside one turn (`turn.rs`): each network event is
//! claimed once, runs of `!punch` and of `!remind` are recorded with one statement each,
//! everything else in order, after what fell due before it was said. The batch says
//! whether the scheduler should look again.

use std::borrow::Cow;

use super::{Core, Effect, Incoming};
use crate::command::PunchCmd;
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
        let mut effects = Vec::new();
        let mut run: Vec<(Cow<'_, Incoming>, Lang, NewPunch)> = Vec::new();
        // `!remind` are recorded in runs too (see `reminders.rs`).
        let mut reminds: Vec<(Cow<'_, Incoming>, Lang, NewReminder)> = Vec::new();
        let mut reschedule = false;
        for msg in msgs {
            if !self.first_time(msg).await {
                continue;
            }
            let arrival = self.arrived(msg);
            reschedule |= arrival.may_change_schedule();
            let lang = self.lang_of(&arrival.msg.speaker);
            if let (Some(Ok(crate::command::Command::Remind { target, when, text })), Some(who)) =
                (arrival.parsed.clone(), arrival.msg.speaker.member.clone())
            {
                let msg = arrival.msg;
                self.flush_punches(&mut run, &mut effects).await;
                if let Some(room) = &msg.room {
                    self.joined(room, &msg.speaker.handle);
                }
                match self.remind_entry(&msg, lang, &who, target, when, text).await {
                    Ok(Ok(new)) => {
                        // A new reminder may be the next thing due.
                        self.forget_due();
                        reminds.push((msg, lang, new));
                    }
                    Ok(Err(answer)) => {
                        self.flush_reminds(&mut reminds, &mut effects).await;
                        effects.push(answer);
                    }
                    Err(e) => {
                        tracing::error!(error = %e, text = %msg.text, "command failed");
                        self.flush_reminds(&mut reminds, &mut effects).await;
                        effects.push(self.reply(&msg, t!(lang, "storage-error")));
                    }
                }
                continue;
            }
            self.flush_reminds(&mut reminds, &mut effects).await;
            let punch = match (&arrival.parsed, &arrival.msg.speaker.member) {
                (Some(Ok(crate::command::Command::Punch(add @ PunchCmd::Add { .. }))), Some(who)) => {
                    match self.punch_entry(&arrival.msg, lang, who, add.clone()).await {
                        Ok(Ok(entry)) => Some(entry),
                        Ok(Err(answer)) => {
                            self.flush_punches(&mut run, &mut effects).await;
                            effects.push(answer);
                            continue;
                        }
                        Err(e) => {
                            // Answered here: handing it on would run it a second time.
                            tracing::error!(error = %e, text = %arrival.msg.text, "command failed");
                            self.flush_punches(&mut run, &mut effects).await;
                            effects.push(self.reply(&arrival.msg, t!(lang, "storage-error")));
                            continue;
                        }
                    }
                }
                _ => None,
            };
            match punch {
                Some(entry) => {
                    if let Some(room) = &arrival.msg.room {
                        self.joined(room, &arrival.msg.speaker.handle);
                    }
                    run.push((arrival.msg, lang, entry))
                }
                None => {
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
                tracing::info!(event = %event, "ignored a network event already handled");
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
