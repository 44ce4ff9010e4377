//! Everything that happens by itself (SPEC §6): configured schedules (stand-ups, meeting
//! announcements, digests, messages), reminders before meetings, membership nudges,
//! reminders for running timers, and the reminders people set with `!remind`.
//!
//! One durable scheduler: each kind keeps its next due event in the database, the core
//! reports the earliest (`Core::next_due`) and the driver sleeps until then. Moving an
//! event on is a compare-and-set *before* its effect, so an event fires at most once;
//! after downtime each missed event fires once, marked late, or is dropped when older
//! than `scheduler.stale_after`. Nobody is pinged on a holiday or during their declared
//! leave: one-off reminders move to the next working day, recurring ones skip that day.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::format::{span, when};
use super::{Core, CoreResult, Effect, Incoming, LATE_AFTER, Recipient};
use crate::command::RemindTarget;
use crate::config::{Schedule, ScheduleAction};
use crate::domain::calendar::Recurrence;
use crate::domain::membership::Status;
use crate::domain::proposal::State;
use crate::domain::schedule::{OnHoliday, RemindWhen, WhenError, delivery, first_due, next_weekly};
use crate::i18n::Lang;
use crate::store::{Absence, NewReminder, Reminder, Target};
use crate::t;

/// What a job does when it fires.
enum Job<'a> {
    Configured(&'a Schedule),
    MeetingReminder { committee: String },
    MembershipNudge,
}

/// A recurring job with its durable name and the text its state is checked against.
struct Scheduled<'a> {
    name: String,
    spec: String,
    recurrence: &'a Recurrence,
    /// Fires this long before each occurrence.
    lead: Duration,
    policy: OnHoliday,
    /// Occurrences on holidays do not exist at all (meetings).
    meeting: bool,
    job: Job<'a>,
}

impl Core {
    fn jobs(&self) -> Vec<Scheduled<'_>> {
        let s = &self.config.schedules;
        let mut jobs: Vec<Scheduled<'_>> = s
            .jobs
            .iter()
            .map(|j| Scheduled {
                name: format!("schedule:{}", j.name),
                spec: j.spec.clone(),
                recurrence: &j.when,
                lead: Duration::zero(),
                policy: j.on_holiday,
                meeting: false,
                job: Job::Configured(j),
            })
            .collect();
        let m = &self.config.meetings;
        let meetings = [
            ("production", m.production.as_ref()),
            ("reflection", m.reflection.as_ref()),
        ]
        .into_iter()
        .chain(m.committees.iter().map(|c| (c.name.as_str(), c.schedule.as_ref())));
        for (committee, recurrence) in meetings {
            let Some(recurrence) = recurrence else { continue };
            for lead in &s.meeting_reminders {
                jobs.push(Scheduled {
                    name: format!("meeting-reminder:{committee}:{}", lead.num_minutes()),
                    spec: format!("{recurrence:?} -{}m", lead.num_minutes()),
                    recurrence,
                    lead: *lead,
                    policy: OnHoliday::Skip,
                    meeting: true,
                    job: Job::MeetingReminder {
                        committee: committee.to_owned(),
                    },
                });
            }
        }
        if let Some((spec, recurrence)) = &s.membership_nudge {
            jobs.push(Scheduled {
                name: "membership-nudge".into(),
                spec: spec.clone(),
                recurrence,
                lead: Duration::zero(),
                policy: OnHoliday::NextWorkingDay,
                meeting: false,
                job: Job::MembershipNudge,
            });
        }
        jobs
    }

    fn occurrence_after(&self, job: &Scheduled<'_>, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let cal = &self.config.calendar;
        if job.meeting {
            job.recurrence.next_after(cal, t)
        } else {
            job.recurrence.next_any(cal, t)
        }
    }

    fn delivered_at(&self, job: &Scheduled<'_>, occurrence: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let cal = &self.config.calendar;
        let at = occurrence.checked_sub_signed(job.lead)?;
        delivery(cal, self.config.collective.tz, at, job.policy, |d| cal.is_holiday(d))
    }

    /// The job's next occurrence still to handle; a new or changed job starts from now.
    async fn job_state(&self, job: &Scheduled<'_>, now: DateTime<Utc>) -> CoreResult<Option<DateTime<Utc>>> {
        if let Some((spec, next)) = self.store.schedule_state(&job.name).await?
            && spec == job.spec
        {
            return Ok(Some(next));
        }
        let Some(first) = now
            .checked_add_signed(job.lead)
            .and_then(|t| self.occurrence_after(job, t))
        else {
            return Ok(None);
        };
        self.store.reset_schedule(&job.name, &job.spec, first).await?;
        Ok(Some(first))
    }

    pub(super) async fn schedule_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let stale = self.config.schedules.stale_after;
        for job in self.jobs() {
            let Some(mut occurrence) = self.job_state(&job, now).await? else {
                continue;
            };
            for _ in 0..10_000 {
                let Some(next) = self.occurrence_after(&job, occurrence) else {
                    break;
                };
                match self.delivered_at(&job, occurrence) {
                    None => {
                        self.store.advance_schedule(&job.name, occurrence, next).await?;
                        tracing::info!(job = job.name, %occurrence, "skipped: a holiday");
                    }
                    Some(at) if at > now => break,
                    Some(at) => {
                        if self.store.advance_schedule(&job.name, occurrence, next).await? {
                            if now - at > stale {
                                tracing::warn!(job = job.name, due = %at, "dropped: missed while the bot was down");
                            } else {
                                let late = (now - at > LATE_AFTER).then_some(at);
                                effects.extend(self.run_job(&job, occurrence, late, now).await?);
                            }
                        }
                    }
                }
                occurrence = next;
            }
        }
        Ok(())
    }

    pub(super) async fn schedule_next_due(&self, now: DateTime<Utc>) -> CoreResult<Option<DateTime<Utc>>> {
        let mut best: Option<DateTime<Utc>> = None;
        for job in self.jobs() {
            let Some(mut occurrence) = self.job_state(&job, now).await? else {
                continue;
            };
            for _ in 0..1_000 {
                if let Some(at) = self.delivered_at(&job, occurrence) {
                    best = best.into_iter().chain([at]).min();
                    break;
                }
                match self.occurrence_after(&job, occurrence) {
                    Some(next) => occurrence = next,
                    None => break,
                }
            }
        }
        Ok(best)
    }

    fn late_prefixed(&self, lang: Lang, late: Option<DateTime<Utc>>, now: DateTime<Utc>, text: String) -> String {
        match late {
            Some(due) => {
                t!(lang, "late-prefix", "due" => when(lang, self.config.collective.tz, due, now), "text" => text)
            }
            None => text,
        }
    }

    async fn run_job(
        &self,
        job: &Scheduled<'_>,
        occurrence: DateTime<Utc>,
        late: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<Effect>> {
        let l = self.config.collective.lang;
        let tz = self.config.collective.tz;
        match &job.job {
            Job::Configured(s) => {
                let room = s.room.clone().unwrap_or_else(|| self.home_room.clone());
                let text = match &s.action {
                    ScheduleAction::Standup => {
                        return Ok(match self.start_round(&room, now).await? {
                            Ok(effects) => effects,
                            Err("standup-nobody") => vec![Effect::Announce {
                                room,
                                text: t!(l, "standup-scheduled-nobody"),
                            }],
                            Err(_) => Vec::new(),
                        });
                    }
                    ScheduleAction::Digest => {
                        let active = self.store.proposals_in(&[State::Open, State::Deferred]).await?;
                        if active.is_empty() {
                            return Ok(Vec::new());
                        }
                        let list = self.proposals_list_text(l, now).await?;
                        format!("{}\n{list}", t!(l, "digest-header"))
                    }
                    ScheduleAction::Announce { committee } => t!(l, "meeting-now",
                        "meeting" => self.meeting_title(l, committee), "date" => when(l, tz, occurrence, now),
                        "committee" => committee.clone()),
                    ScheduleAction::Message { text } => t!(l, "schedule-message", "text" => text.clone()),
                };
                Ok(vec![Effect::Announce {
                    room,
                    text: self.late_prefixed(l, late, now, text),
                }])
            }
            Job::MeetingReminder { committee } => {
                let text = t!(l, "meeting-reminder", "meeting" => self.meeting_title(l, committee),
                    "date" => when(l, tz, occurrence, now), "left" => span(l, occurrence - now));
                Ok(vec![Effect::Announce {
                    room: self.home_room.clone(),
                    text,
                }])
            }
            Job::MembershipNudge => self.membership_nudges(now).await,
        }
    }

    /// Private nudges to members at risk or not meeting the membership rules, except those
    /// on leave today.
    async fn membership_nudges(&self, now: DateTime<Utc>) -> CoreResult<Vec<Effect>> {
        let on_leave = self.on_leave_today(now).await?;
        let mut effects = Vec::new();
        for (member, evaluation, details) in self.membership_evaluations(now).await?.1 {
            if evaluation.status == Status::Ok || on_leave.iter().any(|m| m == &member) {
                continue;
            }
            let lang = self.config.lang_for(&member);
            let text = format!("{}\n{details}", t!(lang, "membership-nudge"));
            effects.push(Effect::Private {
                to: Recipient::Member(member),
                text,
            });
        }
        Ok(effects)
    }

    pub(super) async fn timer_reminders_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let Some(after) = self.config.punch.remind_after else {
            return Ok(());
        };
        for timer in self.store.unreminded_timers().await? {
            if now - timer.started_at >= after && self.store.mark_timer_reminded(&timer, now).await? {
                let lang = self.config.lang_for(&timer.member);
                let text = t!(lang, "timer-still-running", "project" => timer.project.clone(),
                    "since" => when(lang, self.config.collective.tz, timer.started_at, now), "elapsed" => span(lang, now - timer.started_at));
                effects.push(Effect::Private {
                    to: Recipient::Member(timer.member.clone()),
                    text,
                });
            }
        }
        Ok(())
    }

    pub(super) async fn timer_reminders_next_due(&self) -> CoreResult<Option<DateTime<Utc>>> {
        let Some(after) = self.config.punch.remind_after else {
            return Ok(None);
        };
        Ok(self
            .store
            .unreminded_timers()
            .await?
            .iter()
            .map(|t| t.started_at + after)
            .min())
    }

    /// A reminder's delivery time for its current occurrence: moved past holidays and the
    /// target's leave (one-off), or `None` when that occurrence is skipped (recurring).
    fn reminder_delivery(&self, r: &Reminder, occurrence: DateTime<Utc>, leave: &[Absence]) -> Option<DateTime<Utc>> {
        let cal = &self.config.calendar;
        let policy = if r.every.is_some() {
            OnHoliday::Skip
        } else {
            OnHoliday::NextWorkingDay
        };
        let member = match &r.target {
            Target::Member(m) => Some(m.as_str()),
            Target::Room(_) => None,
        };
        let blocked = |d: NaiveDate| {
            cal.is_holiday(d) || member.is_some_and(|m| leave.iter().any(|a| a.member == m && a.from <= d && d <= a.to))
        };
        delivery(cal, r.tz, occurrence, policy, blocked)
    }

    async fn all_leave(&self, now: DateTime<Utc>) -> CoreResult<Vec<Absence>> {
        let today = now.with_timezone(&self.config.collective.tz).date_naive();
        self.store
            .absences(today - Duration::days(2), today + Duration::days(3 * 366), None)
            .await
    }

    pub(super) async fn reminders_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let reminders = self.store.active_reminders().await?;
        if reminders.is_empty() {
            return Ok(());
        }
        let leave = self.all_leave(now).await?;
        let stale = self.config.schedules.stale_after;
        for r in reminders {
            let Some(mut occurrence) = r.next_due else { continue };
            for _ in 0..1_000 {
                let next = r.every.map(|(wd, time)| next_weekly(wd, time, occurrence, r.tz));
                match self.reminder_delivery(&r, occurrence, &leave) {
                    None => {
                        self.store.advance_reminder(r.id, occurrence, next).await?;
                    }
                    Some(at) if at > now => break,
                    Some(at) => {
                        if self.store.advance_reminder(r.id, occurrence, next).await? {
                            if now - at > stale {
                                tracing::warn!(reminder = r.id, due = %at, "dropped: missed while the bot was down");
                            } else {
                                effects.push(self.reminder_effect(&r, (now - at > LATE_AFTER).then_some(at), now));
                            }
                        }
                    }
                }
                match next {
                    Some(n) => occurrence = n,
                    None => break,
                }
            }
        }
        Ok(())
    }

    pub(super) async fn reminders_next_due(&self, now: DateTime<Utc>) -> CoreResult<Option<DateTime<Utc>>> {
        let reminders = self.store.active_reminders().await?;
        if reminders.is_empty() {
            return Ok(None);
        }
        let leave = self.all_leave(now).await?;
        let mut best: Option<DateTime<Utc>> = None;
        for r in &reminders {
            let Some(mut occurrence) = r.next_due else { continue };
            for _ in 0..1_000 {
                if let Some(at) = self.reminder_delivery(r, occurrence, &leave) {
                    best = best.into_iter().chain([at]).min();
                    break;
                }
                match r.every {
                    Some((wd, time)) => occurrence = next_weekly(wd, time, occurrence, r.tz),
                    None => break,
                }
            }
        }
        Ok(best)
    }

    fn reminder_effect(&self, r: &Reminder, late: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Effect {
        match &r.target {
            Target::Member(m) => {
                let lang = self.config.lang_for(m);
                let text = if &r.owner == m {
                    t!(lang, "reminder-self", "text" => r.text.clone())
                } else {
                    t!(lang, "reminder-from", "owner" => r.owner.clone(), "text" => r.text.clone())
                };
                Effect::Private {
                    to: Recipient::Member(m.clone()),
                    text: self.late_prefixed(lang, late, now, text),
                }
            }
            Target::Room(room) => {
                let l = self.config.collective.lang;
                let text = t!(l, "reminder-from", "owner" => r.owner.clone(), "text" => r.text.clone());
                Effect::Announce {
                    room: room.clone(),
                    text: self.late_prefixed(l, late, now, text),
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
        let target = match target {
            RemindTarget::Me => Target::Member(who.to_owned()),
            RemindTarget::Room(room) => {
                // Only a room konbit can post in: a reminder for any other would never
                // be delivered.
                let rooms = self.rooms();
                let known = rooms
                    .iter()
                    .chain(msg.room.as_ref())
                    .find(|r| r.eq_ignore_ascii_case(&room))
                    .cloned();
                let Some(room) = known else {
                    return Ok(vec![self.reply(
                        msg,
                        t!(lang, "remind-unknown-room", "room" => room, "rooms" => rooms.join(", ")),
                    )]);
                };
                Target::Room(room)
            }
            RemindTarget::Member(name) => match self.member_for_handle(&name) {
                Some(m) => Target::Member(m),
                None => return Ok(vec![self.reply(msg, t!(lang, "remind-unknown-member", "name" => name))]),
            },
        };
        let tz = match &target {
            Target::Member(m) => self
                .config
                .member_named(m)
                .and_then(|x| x.tz)
                .unwrap_or(self.config.collective.tz),
            Target::Room(_) => self.config.collective.tz,
        };
        let due = match first_due(when_, msg.at, tz) {
            Ok(d) => d,
            Err(WhenError::Past) => return Ok(vec![self.reply(msg, t!(lang, "remind-past"))]),
            Err(WhenError::TooFar) => return Ok(vec![self.reply(msg, t!(lang, "remind-too-far"))]),
        };
        let every = match when_ {
            RemindWhen::Every(wd, time) => Some((wd, time)),
            _ => None,
        };
        let new = NewReminder {
            owner: who.to_owned(),
            target: target.clone(),
            text: text.clone(),
            tz,
            every,
            due,
            created_at: msg.at,
        };
        let id = self.store.add_reminder(&new).await?;
        let whom = match &target {
            Target::Member(m) if m == who => t!(lang, "remind-you"),
            Target::Member(m) => m.clone(),
            Target::Room(r) => r.clone(),
        };
        let at = when(lang, tz, due, msg.at);
        let answer = match every {
            Some((wd, time)) => {
                t!(lang, "remind-set-every", "id" => id, "whom" => whom, "weekday" => weekday_name(lang, wd),
                "time" => time.format("%H:%M").to_string(), "next" => at, "text" => text)
            }
            None => t!(lang, "remind-set", "id" => id, "whom" => whom, "when" => at, "text" => text),
        };
        Ok(vec![Effect::Private {
            to: self.recipient(msg),
            text: answer,
        }])
    }

    pub(super) async fn reminders_list(&self, msg: &Incoming, lang: Lang, who: &str) -> CoreResult<Vec<Effect>> {
        let mine = self.store.reminders_of(who).await?;
        let text = if mine.is_empty() {
            t!(lang, "reminders-none")
        } else {
            let mut lines = vec![t!(lang, "reminders-header")];
            for r in mine {
                let target = match &r.target {
                    Target::Member(m) if m == who => t!(lang, "remind-you"),
                    Target::Member(m) | Target::Room(m) => m.clone(),
                };
                let next = r.next_due.map(|d| when(lang, r.tz, d, msg.at)).unwrap_or_default();
                lines.push(match r.every {
                    Some((wd, time)) => t!(lang, "reminders-line-every", "id" => r.id, "whom" => target, "weekday" => weekday_name(lang, wd),
                        "time" => time.format("%H:%M").to_string(), "next" => next, "text" => r.text.clone()),
                    None => t!(lang, "reminders-line", "id" => r.id, "whom" => target, "when" => next, "text" => r.text.clone()),
                });
            }
            lines.join("\n")
        };
        Ok(vec![Effect::Private {
            to: self.recipient(msg),
            text,
        }])
    }

    pub(super) async fn unremind(&self, msg: &Incoming, lang: Lang, who: &str, id: i64) -> CoreResult<Vec<Effect>> {
        let text = match self.store.reminder(id).await? {
            Some(r) if r.owner == who || r.target == Target::Member(who.to_owned()) => {
                if self.store.cancel_reminder(id, msg.at).await? {
                    t!(lang, "unremind-done", "id" => id, "text" => r.text)
                } else {
                    t!(lang, "unremind-none", "id" => id)
                }
            }
            _ => t!(lang, "unremind-none", "id" => id),
        };
        Ok(vec![Effect::Private {
            to: self.recipient(msg),
            text,
        }])
    }
}

fn weekday_name(lang: Lang, wd: chrono::Weekday) -> String {
    // Any date with that weekday, formatted in the language.
    let monday = NaiveDate::from_isoywd_opt(2026, 1, chrono::Weekday::Mon).unwrap_or_default();
    let day = monday + Duration::days(i64::from(wd.num_days_from_monday()));
    debug_assert_eq!(day.weekday(), wd);
    day.format_localized("%A", lang.chrono_locale()).to_string()
}
