//! The reminders people set with `!remind`, and their delivery.
//!
//! Each reminder keeps, beside its current occurrence, the instant that occurrence is
//! delivered: moved to the next working day (one-off) or skipped (recurring) when it falls
//! on a holiday or on the target's leave, in the target's time zone. That instant is
//! placed when the reminder is set, when it fires (the next occurrence), when its target
//! declares leave, and once at start (holidays come from the configuration) — never at a
//! lookup: the scheduler finds the next one through an index, and a tick reads only the
//! reminders that are due.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::format::{time_of_day, when};
use super::{Core, CoreResult, Effect, Incoming, LATE_AFTER, Message, Recipient};
use crate::command::RemindTarget;
use crate::domain::schedule::{OnHoliday, RemindWhen, WhenError, delivery, first_due, next_weekly};
use crate::i18n::Lang;
use crate::message::{Mention, Said, Span, Stamp, Text};
use crate::store::{Absence, NewReminder, Placed, Reminder, Target};
use crate::{t, tm};

/// Due reminders read per query in a tick.
const BATCH: u32 = 500;

impl Core {
    /// The first occurrence from `occurrence` on that is delivered, and when: a one-off
    /// reminder moves past holidays and `leave` (the target's) to the next working day, a
    /// recurring one skips such occurrences. `None`: never delivered.
    pub(super) fn place(
        &self,
        every: Option<(Weekday, NaiveTime)>,
        tz: Tz,
        target: &Target,
        mut occurrence: DateTime<Utc>,
        leave: &[Absence],
    ) -> Option<Placed> {
        let cal = &self.config().calendar;
        let policy = if every.is_some() {
            OnHoliday::Skip
        } else {
            OnHoliday::NextWorkingDay
        };
        let member = match target {
            Target::Member(m) => Some(m.as_str()),
            Target::Room(_) => None,
        };
        let blocked = |d: NaiveDate| {
            cal.is_holiday(d) || member.is_some_and(|m| leave.iter().any(|a| a.member == m && a.from <= d && d <= a.to))
        };
        for _ in 0..1_000 {
            if let Some(deliver_at) = delivery(cal, tz, occurrence, policy, blocked) {
                return Some(Placed { occurrence, deliver_at });
            }
            let (wd, time) = every?;
            occurrence = next_weekly(wd, time, occurrence, tz);
        }
        None
    }

    fn place_again(&self, r: &Reminder, leave: &[Absence]) -> Option<Placed> {
        self.place(r.every, r.tz, &r.target, r.next_due?, leave)
    }

    /// The target's leave that can matter from `from` on (a room has none).
    async fn leave_from(&self, target: &Target, from: DateTime<Utc>) -> CoreResult<Vec<Absence>> {
        match target {
            Target::Member(m) => {
                let (from, to) = leave_window(self.local_day_of(from));
                self.store.absences(from, to, Some(m)).await
            }
            Target::Room(_) => Ok(Vec::new()),
        }
    }

    fn local_day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.config().collective.tz).date_naive()
    }

    /// `member` declared leave: their reminders move (one-off) or skip (recurring) past it.
    pub(super) async fn leave_declared(&self, member: &str) -> CoreResult<()> {
        let reminders = self.store.reminders_for(member).await?;
        let Some(earliest) = reminders.iter().filter_map(|r| r.next_due).min() else {
            return Ok(());
        };
        let leave = self.leave_from(&Target::Member(member.to_owned()), earliest).await?;
        let moves = self.moves(&reminders, |_| &leave);
        self.store.place_reminders(&moves).await?;
        Ok(())
    }

    /// At start: every active reminder placed again (the holidays may have changed, and
    /// rows from older versions have no delivery instant yet); only those that move are
    /// written.
    pub(super) async fn place_reminders(&self, now: DateTime<Utc>) -> CoreResult<()> {
        let reminders = self.store.active_reminders().await?;
        let Some(earliest) = reminders.iter().filter_map(|r| r.next_due).min() else {
            return Ok(());
        };
        let (from, _) = leave_window(self.local_day_of(earliest));
        let (_, to) = leave_window(self.local_day_of(now));
        let mut leave: HashMap<String, Vec<Absence>> = HashMap::new();
        for a in self.store.absences(from, to, None).await? {
            leave.entry(a.member.clone()).or_default().push(a);
        }
        let none = Vec::new();
        let moves = self.moves(&reminders, |r| match &r.target {
            Target::Member(m) => leave.get(m).unwrap_or(&none),
            Target::Room(_) => &none,
        });
        for chunk in moves.chunks(1_000) {
            self.store.place_reminders(chunk).await?;
        }
        if !moves.is_empty() {
            tracing::info!(moved = moves.len(), "reminders placed again");
        }
        Ok(())
    }

    /// The reminders whose placement differs from the stored one, with their new one.
    fn moves<'a>(
        &self,
        reminders: &[Reminder],
        leave: impl Fn(&Reminder) -> &'a [Absence],
    ) -> Vec<(i64, DateTime<Utc>, Option<Placed>)> {
        reminders
            .iter()
            .filter_map(|r| {
                let from = r.next_due?;
                let placed = self.place_again(r, leave(r));
                let stored = r.deliver_at.map(|deliver_at| Placed {
                    occurrence: from,
                    deliver_at,
                });
                (placed != stored).then_some((r.id, from, placed))
            })
            .collect()
    }

    /// Delivers the reminders due at `now`, each occurrence once (compare-and-set before
    /// the effect); a recurring one moves to its next occurrence placed past holidays and
    /// leave; one missed for longer than `scheduler.stale_after` is dropped. A reminder
    /// for a member is checked against their leave first (in case moving it when the
    /// leave was declared failed).
    pub(super) async fn reminders_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let mut leave: HashMap<String, Vec<Absence>> = HashMap::new();
        for _ in 0..1_000 {
            let due = self.store.due_reminders(now, BATCH).await?;
            let mut moved = false;
            for r in &due {
                let key = match &r.target {
                    Target::Member(m) => m.clone(),
                    Target::Room(_) => String::new(),
                };
                if !leave.contains_key(&key) {
                    let from = r.next_due.unwrap_or(now);
                    leave.insert(key.clone(), self.leave_from(&r.target, from).await?);
                }
                moved |= self.deliver(r, &leave[&key], now, effects).await?;
            }
            if due.len() < BATCH as usize || !moved {
                break;
            }
        }
        Ok(())
    }

    /// Delivers the occurrences of `r` due at `now`; `true` if it moved.
    async fn deliver(
        &self,
        r: &Reminder,
        leave: &[Absence],
        now: DateTime<Utc>,
        effects: &mut Vec<Effect>,
    ) -> CoreResult<bool> {
        let Some(occurrence) = r.next_due else {
            return Ok(false);
        };
        let stored = r.deliver_at.map(|deliver_at| Placed { occurrence, deliver_at });
        let mut current = self.place(r.every, r.tz, &r.target, occurrence, leave);
        let mut moved = current != stored;
        if moved && !self.store.place_reminder(r.id, occurrence, current).await? {
            return Ok(false);
        }
        let stale = self.config().schedules.stale_after;
        for _ in 0..1_000 {
            let Some(p) = current.filter(|p| p.deliver_at <= now) else {
                break;
            };
            let next = r.every.and_then(|(wd, time)| {
                self.place(
                    r.every,
                    r.tz,
                    &r.target,
                    next_weekly(wd, time, p.occurrence, r.tz),
                    leave,
                )
            });
            if !self.store.place_reminder(r.id, p.occurrence, next).await? {
                break;
            }
            moved = true;
            let at = p.deliver_at;
            if now - at > stale {
                tracing::warn!(reminder = r.id, due = %at, "dropped: missed while the bot was down");
            } else {
                effects.push(self.reminder_effect(r, (now - at > LATE_AFTER).then_some(at), now));
            }
            current = next;
        }
        Ok(moved)
    }

    fn reminder_effect(&self, r: &Reminder, late: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Effect {
        let (owner, text) = (|| Mention(r.owner.clone()), || Said(r.text.clone()));
        match &r.target {
            Target::Member(m) => {
                let lang = self.config().lang_for(m);
                let text = if &r.owner == m {
                    tm!(lang, "reminder-self", "text" => text())
                } else {
                    tm!(lang, "reminder-from", "owner" => owner(), "text" => text())
                };
                Effect::Private {
                    to: Recipient::Member(m.clone()),
                    message: self.late_prefixed(lang, late, now, text).into(),
                }
            }
            Target::Room(room) if !self.can_post(&self.room_named(room)) => {
                // The room's settings changed since: the one who asked is told, privately.
                let lang = self.config().lang_for(&r.owner);
                let text = tm!(lang, "reminder-room-muted", "room" => room.clone(), "text" => text());
                Effect::Private {
                    to: Recipient::Member(r.owner.clone()),
                    message: self.late_prefixed(lang, late, now, text).into(),
                }
            }
            Target::Room(room) => {
                let l = self.config().collective.lang;
                let text = tm!(l, "reminder-from", "owner" => owner(), "text" => text());
                Effect::Announce {
                    room: self.room_named(room),
                    message: self.late_prefixed(l, late, now, text).into(),
                }
            }
        }
    }

    pub(super) async fn remind(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        target: RemindTarget,
        when_: RemindWhen,
        text: String,
    ) -> CoreResult<Vec<Effect>> {
        let new = match self.remind_entry(msg, lang, who, target, when_, text).await? {
            Ok(new) => new,
            Err(answer) => return Ok(vec![answer]),
        };
        let id = self.store.add_reminder(&new).await?;
        Ok(vec![self.remind_answer(msg, lang, &new, id)])
    }

    /// A `!remind` checked and placed, ready to be recorded; or the answer refusing it.
    pub(super) async fn remind_entry(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        target: RemindTarget,
        when_: RemindWhen,
        text: String,
    ) -> CoreResult<Result<NewReminder, Effect>> {
        let target = match target {
            RemindTarget::Me => Target::Member(who.to_owned()),
            RemindTarget::Room(room) => {
                // Only a room konbit can post in: a reminder for any other would never
                // be delivered.
                let served = self.served_rooms();
                // `#here` (`#ici`): the room the command is said in.
                let here = matches!(room.to_lowercase().as_str(), "#here" | "#ici");
                let found = match (&msg.room, here) {
                    (Some(said_in), true) => Some(said_in),
                    _ => served.iter().chain(msg.room.as_ref()).find(|r| r.is_named(&room)),
                };
                let postable = || {
                    let names: Vec<String> = self.rooms().iter().map(|r| r.name.clone()).collect();
                    super::format::list(lang, &names)
                };
                let room = match found {
                    Some(r) if self.can_post(r) => r.name.clone(),
                    Some(r) => {
                        return Ok(Err(self.reply(
                            msg,
                            t!(lang, "remind-muted-room", "room" => r.name.clone(), "rooms" => postable()),
                        )));
                    }
                    None => {
                        return Ok(Err(self.reply(
                            msg,
                            tm!(lang, "remind-unknown-room", "room" => super::format::echoed(&room), "rooms" => postable()),
                        )));
                    }
                };
                Target::Room(room)
            }
            RemindTarget::Member(name) => match self.member_for_handle(&name) {
                Some(m) => Target::Member(m),
                None => {
                    return Ok(Err(self.reply(
                        msg,
                        tm!(lang, "remind-unknown-member", "name" => super::format::echoed(&name)),
                    )));
                }
            },
        };
        let tz = match &target {
            Target::Member(m) => self
                .config()
                .member_named(m)
                .and_then(|x| x.tz)
                .unwrap_or(self.config().collective.tz),
            Target::Room(_) => self.config().collective.tz,
        };
        let due = match first_due(when_, msg.at, tz) {
            Ok(d) => d,
            Err(WhenError::Past) => return Ok(Err(self.reply(msg, t!(lang, "remind-past")))),
            Err(WhenError::TooFar) => return Ok(Err(self.reply(msg, t!(lang, "remind-too-far")))),
        };
        let every = match when_ {
            RemindWhen::Every(wd, time) => Some((wd, time)),
            _ => None,
        };
        // Placed now, past holidays and the target's leave: the scheduler reads the
        // delivery instant from an index and never walks the reminders.
        let leave = self.leave_from(&target, due).await?;
        let placed = self.place(every, tz, &target, due, &leave);
        // A recurring one starts at its first occurrence that is not skipped.
        let due = match (every, placed) {
            (Some(_), Some(p)) => p.occurrence,
            _ => due,
        };
        Ok(Ok(NewReminder {
            owner: who.to_owned(),
            target,
            text,
            tz,
            every,
            due,
            deliver_at: placed.map(|p| p.deliver_at),
            created_at: msg.at,
        }))
    }

    /// The confirmation of reminder `id`, recorded; it echoes the text.
    fn remind_answer(&self, msg: &Incoming, lang: Lang, new: &NewReminder, id: i64) -> Effect {
        let whom = whom(lang, &new.target, &new.owner);
        let at = Stamp(new.due, when(lang, new.tz, new.due, msg.at));
        let text = Said(new.text.clone());
        let answer = match new.every {
            Some((wd, time)) => {
                tm!(lang, "remind-set-every", "id" => id, "whom" => whom, "weekday" => weekday_name(lang, wd),
                "time" => time_of_day(lang, time), "next" => at, "text" => text)
            }
            None => tm!(lang, "remind-set", "id" => id, "whom" => whom, "when" => at, "text" => text),
        };
        Effect::Private {
            to: self.recipient(msg),
            message: answer.into(),
        }
    }

    /// Records a run of `!remind` that arrived together in one transaction (one commit,
    /// one fsync, however many), then confirms each.
    pub(super) async fn flush_reminds(
        &self,
        run: &mut Vec<(std::borrow::Cow<'_, Incoming>, Lang, NewReminder)>,
        effects: &mut Vec<Effect>,
    ) {
        if run.is_empty() {
            return;
        }
        let news: Vec<NewReminder> = run.iter().map(|(_, _, n)| n.clone()).collect();
        match self.store.add_reminders(&news).await {
            Ok(ids) => {
                for ((msg, lang, new), id) in run.iter().zip(ids) {
                    effects.push(self.remind_answer(msg, *lang, new, id));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "reminders could not be recorded");
                for (msg, lang, _) in run.iter() {
                    effects.push(self.reply(msg, t!(*lang, "storage-error")));
                }
            }
        }
        run.clear();
    }

    pub(super) async fn reminders_list(&self, msg: &Incoming, lang: Lang, who: &str) -> CoreResult<Vec<Effect>> {
        let mine = self.store.reminders_of(who).await?;
        let message = if mine.is_empty() {
            Message::new().line(tm!(lang, "reminders-none"))
        } else {
            let mut lines = Vec::new();
            for r in mine {
                let target = whom(lang, &r.target, who);
                let next = match r.next_due {
                    Some(d) => Text(vec![Span::Instant {
                        at: d,
                        text: when(lang, r.tz, d, msg.at),
                    }]),
                    None => Text::default(),
                };
                let text = Said(r.text.clone());
                lines.push(match r.every {
                    Some((wd, time)) => tm!(lang, "reminders-line-every", "id" => r.id, "whom" => target, "weekday" => weekday_name(lang, wd),
                        "time" => time_of_day(lang, time), "next" => next, "text" => text),
                    None => tm!(lang, "reminders-line", "id" => r.id, "whom" => target, "when" => next, "text" => text),
                });
            }
            Message::new().line(tm!(lang, "reminders-header")).list(lines)
        };
        Ok(vec![Effect::Private {
            to: self.recipient(msg),
            message,
        }])
    }

    pub(super) async fn unremind(&self, msg: &Incoming, lang: Lang, who: &str, id: i64) -> CoreResult<Vec<Effect>> {
        let text = match self.store.reminder(id).await? {
            Some(r) if r.owner == who || r.target == Target::Member(who.to_owned()) => {
                if self.store.cancel_reminder(id, msg.at).await? {
                    tm!(lang, "unremind-done", "id" => id, "text" => Said(r.text))
                } else {
                    tm!(lang, "unremind-none", "id" => id)
                }
            }
            _ => tm!(lang, "unremind-none", "id" => id),
        };
        Ok(vec![Effect::Private {
            to: self.recipient(msg),
            message: text.into(),
        }])
    }
}

/// The days of leave that can matter to an occurrence on `day`: from two days before
/// (time zones) to three years after (how far a one-off reminder may move).
fn leave_window(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    (day - Duration::days(2), day + Duration::days(3 * 366))
}

/// Whom a reminder is for, as its owner reads it: "you", a member (named), a room.
fn whom(lang: Lang, target: &Target, owner: &str) -> Text {
    match target {
        Target::Member(m) if m == owner => tm!(lang, "remind-you"),
        Target::Member(m) => Text(vec![Span::Member(m.clone())]),
        Target::Room(r) => Text::from(r.as_str()),
    }
}

fn weekday_name(lang: Lang, wd: chrono::Weekday) -> String {
    crate::i18n::weekday_name(lang, wd)
}
