//! Messages that arrived together (a burst on IRC, a Matrix sync, a catch-up after a
//! restart) are handled as one batch: runs of `!punch` and of `!remind` are recorded in
//! one transaction each, everything else in order, after what fell due before it was
//! said. The batch's outcome says whether the scheduler should look again.

use std::borrow::Cow;

use super::{Core, Effect, Incoming, Outcome};
use crate::command::PunchCmd;
use crate::i18n::Lang;
use crate::store::{NewPunch, NewReminder};
use crate::t;

impl Core {
    /// Handles messages that arrived together. Runs of `!punch <duration> …` from
    /// members are recorded in one transaction — one commit for many punches — and each
    /// confirmation is sent after that commit; everything else goes through `handle`, in
    /// order, after what fell due before it was sent (see `input.rs`).
    pub async fn handle_many(&self, msgs: &[Incoming]) -> Outcome {
        let _turn = self.turn.lock().await;
        let mut effects = Vec::new();
        let mut run: Vec<(Cow<'_, Incoming>, Lang, NewPunch)> = Vec::new();
        // `!remind` are recorded in runs too (see `reminders.rs`).
        let mut reminds: Vec<(Cow<'_, Incoming>, Lang, NewReminder)> = Vec::new();
        let mut reschedule = false;
        for msg in msgs {
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
                            tracing::error!(error = %e, "command failed");
                            None
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
        Outcome { effects, reschedule }
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
