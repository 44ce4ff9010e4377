//! Everything that happens by itself: configured schedules (stand-ups, meeting
//! announcements, digests, messages), reminders before meetings, membership nudges and
//! reminders for running timers; the reminders people set are in `reminders.rs`.
//!
//! One durable scheduler: each kind keeps its next due event in the database with the
//! instant it is delivered, in an index; the core reports the earliest (`Core::next_due`)
//! and the driver sleeps until then. Moving an event on is a compare-and-set *before* its
//! effect, so an event fires at most once; after downtime each missed event fires once,
//! marked late, or is dropped when older than `scheduler.stale_after`. Nobody is pinged on
//! a holiday or during their declared leave: one-off reminders move to the next working
//! day, recurring ones skip that day.

use chrono::{DateTime, Duration, Utc};

use super::format::{span, when};
use super::{Core, CoreResult, Effect, LATE_AFTER, Message, Recipient};
use crate::config::{Config, Schedule, ScheduleAction};
use crate::domain::calendar::Recurrence;
use crate::domain::membership::Status;
use crate::domain::proposal::State;
use crate::domain::schedule::{OnHoliday, delivery};
use crate::i18n::Lang;
use crate::message::{Stamp, Text};
use crate::store::Placed;
use crate::{t, tm};

/// What a job does when it fires.
enum Job<'a> {
    Configured(&'a Schedule),
    MeetingReminder {
        committee: String,
    },
    /// The meeting's facilitation team is drawn (`roles.rs`).
    RolesDraw {
        committee: String,
    },
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

impl Scheduled<'_> {
    fn is_draw(&self) -> bool {
        matches!(self.job, Job::RolesDraw { .. })
    }
}

impl Core {
    /// What `config` schedules (the configuration read once by the caller).
    fn jobs(config: &Config) -> Vec<Scheduled<'_>> {
        let s = &config.schedules;
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
        let m = &config.meetings;
        let meetings = [
            ("production", m.production.as_ref()),
            ("reflection", m.reflection.as_ref()),
        ]
        .into_iter()
        .chain(m.committees.iter().map(|c| (c.name.as_str(), c.schedule.as_ref())));
        for (committee, recurrence) in meetings {
            let Some(recurrence) = recurrence else { continue };
            let roles = m.roles_of(committee);
            if !roles.is_empty() && !config.members.is_empty() {
                let lead = m.roles.draw_before;
                jobs.push(Scheduled {
                    name: format!("roles-draw:{committee}"),
                    spec: format!("{recurrence:?} -{}m {roles:?}", lead.num_minutes()),
                    recurrence,
                    lead,
                    // Drawn whatever the day (`delivered_at`).
                    policy: OnHoliday::Skip,
                    meeting: true,
                    job: Job::RolesDraw {
                        committee: committee.to_owned(),
                    },
                });
            }
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
        let cal = &self.config().calendar;
        if job.meeting {
            job.recurrence.next_after(cal, t)
        } else {
            job.recurrence.next_any(cal, t)
        }
    }

    fn delivered_at(&self, job: &Scheduled<'_>, occurrence: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let cal = &self.config().calendar;
        let at = occurrence.checked_sub_signed(job.lead)?;
        // A team is drawn even on a holiday: the meeting it is for takes place.
        if job.is_draw() {
            return Some(at);
        }
        delivery(cal, self.config().collective.tz, at, job.policy, |d| cal.is_holiday(d))
    }

    /// The first occurrence from `occurrence` on that is delivered (skipped or moved past
    /// holidays), and when.
    fn place_job(&self, job: &Scheduled<'_>, mut occurrence: DateTime<Utc>) -> Option<Placed> {
        for _ in 0..1_000 {
            if let Some(deliver_at) = self.delivered_at(job, occurrence) {
                return Some(Placed { occurrence, deliver_at });
            }
            occurrence = self.occurrence_after(job, occurrence)?;
        }
        None
    }

    /// At start: each configured job's next occurrence (a new or changed job starts from
    /// now) placed past holidays where the scheduler looks; jobs no longer configured are
    /// set aside.
    pub(super) async fn place_schedules(&self, now: DateTime<Utc>) -> CoreResult<()> {
        let states = self.store.schedule_states().await?;
        let config = self.config();
        let jobs = Core::jobs(&config);
        for s in &states {
            if s.deliver_at.is_some() && !jobs.iter().any(|j| j.name == s.name && j.spec == s.spec) {
                self.store.place_schedule(&s.name, s.next_due, None).await?;
            }
        }
        for job in &jobs {
            let current = states.iter().find(|s| s.name == job.name && s.spec == job.spec);
            let occurrence = match current {
                Some(s) => s.next_due,
                None => {
                    // A new draw job starts with the next meeting even when it is nearer
                    // than `draw_before`: that team is drawn at once.
                    let lead = if job.is_draw() { Duration::zero() } else { job.lead };
                    let Some(first) = now.checked_add_signed(lead).and_then(|t| self.occurrence_after(job, t)) else {
                        continue;
                    };
                    self.store.reset_schedule(&job.name, &job.spec, first).await?;
                    first
                }
            };
            let placed = self.place_job(job, occurrence);
            let stored = current.and_then(|s| {
                s.deliver_at.map(|deliver_at| Placed {
                    occurrence: s.next_due,
                    deliver_at,
                })
            });
            if current.is_none() || placed != stored {
                self.store.place_schedule(&job.name, occurrence, placed).await?;
            }
        }
        Ok(())
    }

    /// Runs the jobs due at `now`, each occurrence once (compare-and-set before the
    /// effect); one missed for longer than `scheduler.stale_after` is dropped.
    pub(super) async fn schedule_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let stale = self.config().schedules.stale_after;
        let config = self.config();
        let jobs = Core::jobs(&config);
        for state in self.store.due_schedules(now).await? {
            let (Some(job), Some(mut at)) = (jobs.iter().find(|j| j.name == state.name), state.deliver_at) else {
                continue;
            };
            let mut occurrence = state.next_due;
            for _ in 0..10_000 {
                if at > now {
                    break;
                }
                let next = self
                    .occurrence_after(job, occurrence)
                    .and_then(|o| self.place_job(job, o));
                if !self.store.place_schedule(&job.name, occurrence, next).await? {
                    break;
                }
                // A team is drawn however late, as long as its meeting is ahead.
                if now - at > stale && !(job.is_draw() && occurrence > now) {
                    tracing::warn!(job = job.name, due = %at, "dropped: missed while the bot was down");
                } else {
                    let late = (now - at > LATE_AFTER).then_some(at);
                    effects.extend(self.run_job(job, occurrence, late, now).await?);
                }
                match next {
                    Some(p) => (occurrence, at) = (p.occurrence, p.deliver_at),
                    None => break,
                }
            }
        }
        Ok(())
    }

    pub(super) fn late_prefixed(
        &self,
        lang: Lang,
        late: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        text: impl Into<Text>,
    ) -> Text {
        match late {
            Some(due) => {
                let at = Stamp(due, when(lang, self.config().collective.tz, due, now));
                tm!(lang, "late-prefix", "due" => at, "text" => text.into())
            }
            None => text.into(),
        }
    }

    async fn run_job(
        &self,
        job: &Scheduled<'_>,
        occurrence: DateTime<Utc>,
        late: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<Effect>> {
        let l = self.config().collective.lang;
        let tz = self.config().collective.tz;
        match &job.job {
            Job::Configured(s) => {
                let room = s.room.clone().unwrap_or_else(|| self.home_room.name.clone());
                let text = match &s.action {
                    ScheduleAction::Standup => {
                        return Ok(match self.start_round(&room, now).await? {
                            Ok(effects) => effects,
                            Err("standup-nobody") => vec![self.announce(&room, t!(l, "standup-scheduled-nobody"))],
                            Err(_) => Vec::new(),
                        });
                    }
                    ScheduleAction::Digest => {
                        let active = self.store.proposals_in(&[State::Open, State::Deferred]).await?;
                        // What meetings cost (`cost.rs`) makes a digest even with no proposal.
                        let cost = self.meeting_cost_digest(l, now).await?;
                        if active.is_empty() && cost.is_empty() {
                            return Ok(Vec::new());
                        }
                        let list = self.proposals_list(l, now).await?.then(cost);
                        let mut effects = vec![
                            self.announce(
                                &room,
                                Message::new()
                                    .line(self.late_prefixed(l, late, now, t!(l, "digest-header")))
                                    .then(list),
                            ),
                        ];
                        // The members who chose the digest by e-mail get it there too.
                        effects.extend(self.mail_digests(now).await?);
                        return Ok(effects);
                    }
                    ScheduleAction::Announce { committee } => tm!(l, "meeting-now",
                        "meeting" => self.meeting_title(l, committee), "date" => Stamp(occurrence, when(l, tz, occurrence, now)),
                        "committee" => committee.clone()),
                    ScheduleAction::Message { text } => tm!(l, "schedule-message", "text" => text.clone()),
                };
                Ok(vec![self.announce(&room, self.late_prefixed(l, late, now, text))])
            }
            Job::MeetingReminder { committee } => {
                let text = tm!(l, "meeting-reminder", "meeting" => self.meeting_title(l, committee),
                    "date" => Stamp(occurrence, when(l, tz, occurrence, now)), "left" => span(l, occurrence - now));
                // With the agenda as it stands (`agenda.rs`), in the room and by e-mail.
                let agenda = self.agenda_body(l, committee).await?;
                // And the team drawn for it (`roles.rs`).
                let agenda = agenda.then(self.team_part(l, committee, occurrence).await?);
                let mut effects = vec![Effect::Announce {
                    room: self.home_room.clone(),
                    message: Message::from(text).then(agenda),
                }];
                effects.extend(self.mail_meeting_reminder(committee, occurrence, now).await?);
                Ok(effects)
            }
            Job::RolesDraw { committee } => self.draw_team(committee, occurrence, now).await,
            Job::MembershipNudge => self.membership_nudges(now).await,
        }
    }

    /// Private nudges to members at risk or not meeting the membership rules, except those
    /// on leave today (a new member, not judged yet, is not nudged either).
    async fn membership_nudges(&self, now: DateTime<Utc>) -> CoreResult<Vec<Effect>> {
        let on_leave = self.on_leave_today(now).await?;
        let mut effects = Vec::new();
        let (window, evaluations, _) = self.membership_evaluations(now).await?;
        for (member, evaluation) in evaluations {
            if matches!(evaluation.status, Status::Ok | Status::New) || on_leave.iter().any(|m| m == &member) {
                continue;
            }
            let lang = self.config().lang_for(&member);
            let details = self.membership_details(lang, window, &evaluation);
            effects.push(Effect::Private {
                to: Recipient::Member(member),
                message: Message::new().line(t!(lang, "membership-nudge")).then(details),
            });
        }
        Ok(effects)
    }

    pub(super) async fn timer_reminders_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let Some(by) = self
            .config()
            .punch
            .remind_after
            .and_then(|after| now.checked_sub_signed(after))
        else {
            return Ok(());
        };
        for timer in self.store.unreminded_timers(by).await? {
            if self.store.mark_timer_reminded(&timer, now).await? {
                let lang = self.config().lang_for(&timer.member);
                let since = Stamp(
                    timer.started_at,
                    when(lang, self.config().collective.tz, timer.started_at, now),
                );
                let text = tm!(lang, "timer-still-running", "project" => timer.project.clone(), "since" => since,
                    "elapsed" => span(lang, now - timer.started_at));
                effects.push(Effect::Private {
                    to: Recipient::Member(timer.member.clone()),
                    message: text.into(),
                });
            }
        }
        Ok(())
    }
}
