//! Punched hours in the core (SPEC §4): `!punch`, timers, `!project`, `!hours`.
//!
//! Individual figures are personal: confirmations and personal reports go by private
//! message (unless the collective's config says otherwise), and nobody sees another
//! member's hours unless the collective allows it. Project totals are collective.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::format::{span, when};
use super::{Core, CoreResult, Effect, Incoming, Recipient};
use crate::command::{PeriodSpec, PunchCmd, Subject};
use crate::config::ProjectKind;
use crate::domain::duration::{WorkDuration, hours_text};
use crate::domain::punch::{DayError, Period, Timer, TimerStop};
use crate::i18n::Lang;
use crate::store::{DayFull, NewPunch, NewReminder, ProjectRow, ReportFilter, Totals};
use crate::t;

impl Core {
    /// The known projects, from memory once read: every `!punch` checks its project.
    pub(super) async fn projects(&self) -> CoreResult<std::sync::Arc<Vec<ProjectRow>>> {
        if let Ok(cache) = self.projects.lock()
            && let Some(list) = cache.as_ref()
        {
            return Ok(list.clone());
        }
        let list = std::sync::Arc::new(self.store.projects().await?);
        if let Ok(mut cache) = self.projects.lock() {
            *cache = Some(list.clone());
        }
        Ok(list)
    }

    /// Forgets the cached projects (after one is added or the configuration synced).
    pub(super) fn forget_projects(&self) {
        if let Ok(mut cache) = self.projects.lock() {
            *cache = None;
        }
    }

    /// A personal answer: privately when the collective keeps reports private.
    fn personal(&self, msg: &Incoming, text: String) -> Effect {
        if self.config.privacy.private_reports {
            Effect::Private {
                to: self.recipient(msg),
                text,
            }
        } else {
            self.reply(msg, text)
        }
    }

    /// The member's "today": in their own time zone when they have one.
    fn today_for(&self, member: &str, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz_for(member)).date_naive()
    }

    /// The member's own time zone, or the collective's.
    pub(super) fn tz_for(&self, member: &str) -> chrono_tz::Tz {
        self.config
            .member_named(member)
            .and_then(|m| m.tz)
            .unwrap_or(self.config.collective.tz)
    }

    /// A day for confirmations: `Wed Nov 18`, with the year when it is not this one.
    fn day_text(&self, lang: Lang, day: NaiveDate, today: NaiveDate) -> String {
        super::format::day(lang, day, today)
    }

    /// Checks a project name against the known ones; the error is the answer to give.
    async fn known_project(&self, lang: Lang, name: &str) -> CoreResult<Result<ProjectRow, String>> {
        let projects = self.projects().await?;
        if let Some(p) = projects.iter().find(|p| p.name == name) {
            return Ok(Ok(p.clone()));
        }
        let closest = projects
            .iter()
            .map(|p| (strsim::damerau_levenshtein(name, &p.name), &p.name))
            .min_by_key(|(d, _)| *d)
            .filter(|(d, p)| *d <= 2 && *d < p.chars().count());
        Ok(Err(match closest {
            Some((_, suggestion)) => {
                t!(lang, "punch-unknown-project-suggest", "name" => name.to_owned(), "suggestion" => suggestion.clone())
            }
            None if projects.is_empty() => t!(lang, "punch-no-projects", "name" => name.to_owned()),
            None => {
                let list = projects.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
                t!(lang, "punch-unknown-project", "name" => name.to_owned(), "projects" => list)
            }
        }))
    }

    pub(super) async fn punch_command(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        cmd: PunchCmd,
    ) -> CoreResult<Vec<Effect>> {
        let now = msg.at;
        let today = self.today_for(who, now);
        let text = match cmd {
            add @ PunchCmd::Add { .. } => {
                let entry = match self.punch_entry(msg, lang, who, add).await? {
                    Ok(entry) => entry,
                    Err(answer) => return Ok(vec![answer]),
                };
                match self.store.insert_punch(&entry).await? {
                    Ok(id) => self.entries_text(lang, &[id], std::slice::from_ref(&entry), "punch-recorded"),
                    Err(full) => self.day_full_text(lang, full, today),
                }
            }
            PunchCmd::In {
                project,
                volunteer,
                note,
            } => {
                let project = match self.known_project(lang, &project).await? {
                    Ok(p) => p.name,
                    Err(answer) => return Ok(vec![self.reply(msg, answer)]),
                };
                let timer = Timer {
                    member: who.to_owned(),
                    project: project.clone(),
                    volunteer,
                    started_at: now,
                    note,
                };
                if self.store.start_timer(&timer).await? {
                    t!(lang, "timer-started", "project" => project, "time" => self.when_short(lang, now, now),
                        "limit" => span(lang, self.config.punch.timer_limit))
                } else {
                    match self.store.timer(who).await? {
                        Some(t) => {
                            t!(lang, "timer-already", "project" => t.project, "since" => self.when_short(lang, t.started_at, now))
                        }
                        None => t!(lang, "storage-error"),
                    }
                }
            }
            PunchCmd::Out { note } => {
                let Some(timer) = self.store.timer(who).await? else {
                    return Ok(vec![self.personal(msg, t!(lang, "timer-none"))]);
                };
                match timer.stop(now, self.config.punch.timer_limit, self.tz_for(who)) {
                    TimerStop::OverLimit { elapsed } => {
                        self.store.drop_timer(&timer).await?;
                        t!(lang, "timer-over-limit", "project" => timer.project.clone(), "elapsed" => span(lang, elapsed),
                            "limit" => span(lang, self.config.punch.timer_limit))
                    }
                    TimerStop::TooShort => {
                        self.store.drop_timer(&timer).await?;
                        t!(lang, "timer-too-short", "project" => timer.project.clone())
                    }
                    TimerStop::Record(parts) => {
                        let note = match (&timer.note, note) {
                            (Some(a), Some(b)) => Some(format!("{a} — {b}")),
                            (a, b) => a.clone().or(b),
                        };
                        let entries: Vec<NewPunch> = parts
                            .iter()
                            .map(|(day, minutes)| NewPunch {
                                member: who.to_owned(),
                                project: timer.project.clone(),
                                day: *day,
                                minutes: *minutes,
                                volunteer: timer.volunteer,
                                note: note.clone(),
                                from_timer: true,
                                created_at: now,
                            })
                            .collect();
                        match self.store.finish_timer(&timer, &entries).await? {
                            Some(Ok(ids)) => self.entries_text(lang, &ids, &entries, "timer-recorded"),
                            Some(Err(full)) => {
                                // The timer cannot be recorded as is; stopping it keeps it
                                // from blocking the next one.
                                self.store.drop_timer(&timer).await?;
                                format!(
                                    "{} {}",
                                    self.day_full_text(lang, full, today),
                                    t!(lang, "timer-dropped", "project" => timer.project.clone())
                                )
                            }
                            None => t!(lang, "timer-none"),
                        }
                    }
                }
            }
            PunchCmd::Status => {
                let week = Period::week_of(today);
                let sum = |rows: Vec<(String, Totals)>| rows.iter().map(|(_, t)| t.paid + t.volunteer).sum::<i64>();
                let mine = ReportFilter {
                    member: Some(who),
                    project: None,
                };
                let today_total = sum(self.store.totals_by_project(today, today, mine).await?);
                let week_total = sum(self.store.totals_by_project(week.from, week.to, mine).await?);
                let timer = match self.store.timer(who).await? {
                    Some(t) => t!(lang, "punch-status-timer", "project" => t.project.clone(),
                        "since" => self.when_short(lang, t.started_at, now), "elapsed" => span(lang, now - t.started_at)),
                    None => t!(lang, "punch-status-no-timer"),
                };
                let totals = t!(lang, "punch-status-totals", "today" => hours_text(today_total), "week" => hours_text(week_total));
                format!("{timer}\n{totals}")
            }
            PunchCmd::Undo => match self.store.last_punch(who).await? {
                None => t!(lang, "punch-undo-nothing"),
                Some(p) if now - p.created_at > self.config.punch.undo_window => {
                    t!(lang, "punch-undo-too-old", "id" => p.id, "window" => span(lang, self.config.punch.undo_window))
                }
                Some(p) => {
                    // A timer across midnight made several entries at once: undo them all.
                    let removed = if p.from_timer {
                        self.store.delete_timer_entries(who, p.created_at, now).await?
                    } else if self.store.delete_punch(p.id, who, now).await? {
                        vec![p]
                    } else {
                        Vec::new()
                    };
                    if removed.is_empty() {
                        t!(lang, "punch-undo-nothing")
                    } else {
                        removed
                            .iter()
                            .map(|p| {
                                t!(lang, "punch-removed", "id" => p.id, "duration" => minutes_text(p.minutes),
                                "project" => p.project.clone(), "day" => self.day_text(lang, p.day, today))
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    }
                }
            },
            PunchCmd::Edit { id, duration, project } => {
                let Some(old) = self.store.punch(id).await?.filter(|p| p.member == who) else {
                    return Ok(vec![self.personal(msg, t!(lang, "punch-not-yours", "id" => id))]);
                };
                let project = match project {
                    Some(name) => match self.known_project(lang, &name).await? {
                        Ok(p) => p.name,
                        Err(answer) => return Ok(vec![self.reply(msg, answer)]),
                    },
                    None => old.project.clone(),
                };
                match self.store.edit_punch(id, who, duration.minutes(), &project).await? {
                    None => t!(lang, "punch-not-yours", "id" => id),
                    Some(Err(full)) => self.day_full_text(lang, full, today),
                    Some(Ok(())) => {
                        t!(lang, "punch-edited", "id" => id, "duration" => minutes_text(duration.minutes()),
                        "project" => project, "day" => self.day_text(lang, old.day, today),
                        "old" => minutes_text(old.minutes), "old_project" => old.project)
                    }
                }
            }
            PunchCmd::Delete { id } => match self.store.punch(id).await? {
                Some(p) if p.member == who && self.store.delete_punch(id, who, now).await? => {
                    t!(lang, "punch-removed", "id" => p.id, "duration" => minutes_text(p.minutes),
                        "project" => p.project, "day" => self.day_text(lang, p.day, today))
                }
                // Someone else's entry and no entry read the same: others' hours stay private.
                _ => t!(lang, "punch-not-yours", "id" => id),
            },
        };
        Ok(vec![self.personal(msg, text)])
    }

    /// The entry a `!punch <duration> …` records, or the answer when it cannot be.
    async fn punch_entry(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        cmd: PunchCmd,
    ) -> CoreResult<Result<NewPunch, Effect>> {
        let PunchCmd::Add {
            duration,
            project,
            day,
            volunteer,
            note,
        } = cmd
        else {
            return Ok(Err(
                self.reply(msg, t!(lang, "usage-line", "usage" => t!(lang, "usage-punch")))
            ));
        };
        let today = self.today_for(who, msg.at);
        let project = match self.known_project(lang, &project).await? {
            Ok(p) => p.name,
            Err(answer) => return Ok(Err(self.reply(msg, answer))),
        };
        let day = match day.map_or(Ok(today), |d| d.resolve(today)) {
            Ok(d) if today - d > Duration::days(i64::from(self.config.punch.max_days_back)) => {
                let text = t!(lang, "punch-too-old", "day" => self.day_text(lang, d, today),
                    "days" => i64::from(self.config.punch.max_days_back));
                return Ok(Err(self.personal(msg, text)));
            }
            Ok(d) => d,
            Err(DayError::Future(shown)) => {
                let text = t!(lang, "punch-future-date", "day" => self.day_text(lang, shown, today));
                return Ok(Err(self.personal(msg, text)));
            }
        };
        Ok(Ok(NewPunch {
            member: who.to_owned(),
            project,
            day,
            minutes: duration.minutes(),
            volunteer,
            note,
            from_timer: false,
            created_at: msg.at,
        }))
    }

    /// Handles messages that arrived together. Runs of `!punch <duration> …` from
    /// members are recorded in one transaction — one commit for many punches — and each
    /// confirmation is sent after that commit; everything else goes through `handle`, in
    /// order, after what fell due before it was sent (see `input.rs`).
    pub async fn handle_many(&self, msgs: &[Incoming]) -> Vec<Effect> {
        let _turn = self.turn.lock().await;
        let mut effects = Vec::new();
        let mut run: Vec<(Cow<'_, Incoming>, Lang, NewPunch)> = Vec::new();
        // `!remind` are recorded in runs too (see `reminders.rs`).
        let mut reminds: Vec<(Cow<'_, Incoming>, Lang, NewReminder)> = Vec::new();
        for msg in msgs {
            let msg = self.arrived(msg);
            let lang = self.lang_of(&msg.speaker);
            let parsed = crate::command::parse(&msg.text);
            if let (Some(Ok(crate::command::Command::Remind { target, when, text })), Some(who)) =
                (parsed.clone(), msg.speaker.member.clone())
            {
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
            let punch = match (&parsed, &msg.speaker.member) {
                (Some(Ok(crate::command::Command::Punch(add @ PunchCmd::Add { .. }))), Some(who)) => {
                    match self.punch_entry(&msg, lang, who, add.clone()).await {
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
                    if let Some(room) = &msg.room {
                        self.joined(room, &msg.speaker.handle);
                    }
                    run.push((msg, lang, entry))
                }
                None => {
                    self.flush_punches(&mut run, &mut effects).await;
                    if parsed.is_some() {
                        self.catch_up(msg.at, &mut effects).await;
                    }
                    effects.extend(self.handle(&msg).await);
                    if parsed.is_some_and(|c| c.is_ok_and(|c| c.may_change_schedule())) {
                        self.forget_due();
                    }
                }
            }
        }
        self.flush_punches(&mut run, &mut effects).await;
        self.flush_reminds(&mut reminds, &mut effects).await;
        effects
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

    fn when_short(&self, lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        when(lang, self.config.collective.tz, at, now)
    }

    fn entries_text(&self, lang: Lang, ids: &[i64], entries: &[NewPunch], id: &str) -> String {
        let list: Vec<String> = ids
            .iter()
            .zip(entries)
            .map(|(id, e)| {
                let text = t!(lang, "punch-entry", "id" => *id, "duration" => minutes_text(e.minutes),
                    "project" => e.project.clone(), "day" => self.day_text(lang, e.day, self.today_for(&e.member, e.created_at)));
                let text = if e.volunteer {
                    t!(lang, "punch-entry-volunteer", "entry" => text)
                } else {
                    text
                };
                // The note as recorded, so that people can check it.
                match e.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    Some(note) => t!(lang, "punch-entry-note", "entry" => text, "note" => note.to_owned()),
                    None => text,
                }
            })
            .collect();
        t!(lang, id, "entries" => list.join("; "))
    }

    fn day_full_text(&self, lang: Lang, full: DayFull, today: NaiveDate) -> String {
        t!(lang, "punch-day-full", "day" => self.day_text(lang, full.day, today), "already" => hours_text(full.already))
    }

    pub(super) async fn project_add(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        name: String,
    ) -> CoreResult<Vec<Effect>> {
        let added = self.store.add_project(&name, who, msg.at).await?;
        self.forget_projects();
        if added {
            let room = self.room_of(msg);
            let l = self.config.collective.lang;
            let mut effects = vec![Effect::Announce {
                room: room.clone(),
                text: t!(l, "project-added", "name" => name.clone(), "who" => who.to_owned()),
            }];
            if msg.room.as_deref() != Some(room.as_str()) {
                effects.push(self.reply(msg, t!(lang, "project-added", "name" => name, "who" => who.to_owned())));
            }
            Ok(effects)
        } else {
            Ok(vec![self.reply(msg, t!(lang, "project-exists", "name" => name))])
        }
    }

    pub(super) async fn projects_list(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        let projects = self.projects().await?;
        let text = if projects.is_empty() {
            t!(lang, "projects-none")
        } else {
            let list: Vec<String> = projects.iter().map(|p| project_label(lang, &p.name, p.kind)).collect();
            t!(lang, "projects-list", "projects" => list.join(", "))
        };
        Ok(vec![self.reply(msg, text)])
    }

    pub(super) async fn hours_report(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: Option<&str>,
        period: PeriodSpec,
        subject: Subject,
    ) -> CoreResult<Vec<Effect>> {
        let today = self.today_for(who.unwrap_or(""), msg.at);
        let (period, period_text) = match period {
            PeriodSpec::Week => {
                let p = Period::week_of(today);
                (
                    p,
                    t!(lang, "period-week", "from" => self.day_text(lang, p.from, today), "to" => self.day_text(lang, p.to, today)),
                )
            }
            PeriodSpec::Month => (Period::month_of(today), month_text(lang, today)),
            PeriodSpec::Explicit(p) => (p, month_text(lang, p.from)),
        };
        let projects = self.projects().await?;
        let kind_of = |name: &str| {
            projects
                .iter()
                .find(|p| p.name == name)
                .map_or(ProjectKind::Work, |p| p.kind)
        };
        let share = self.config.privacy.share_individual_hours;
        let subject = match subject {
            Subject::Named(name) if who.is_some_and(|w| w.eq_ignore_ascii_case(&name)) => Subject::Mine,
            other => other,
        };
        match subject {
            Subject::Mine => {
                let Some(me) = who else {
                    return Ok(vec![self.reply(msg, t!(lang, "hours-not-member"))]);
                };
                let rows = self
                    .store
                    .totals_by_project(
                        period.from,
                        period.to,
                        ReportFilter {
                            member: Some(me),
                            project: None,
                        },
                    )
                    .await?;
                let head = t!(lang, "hours-mine-header", "period" => period_text.clone());
                Ok(vec![
                    self.personal(msg, report(lang, head, &period_text, &rows, &kind_of)),
                ])
            }
            Subject::All => {
                let head = t!(lang, "hours-all-header", "period" => period_text.clone());
                let text = self
                    .collective_report(lang, head, period, &period_text, None, &kind_of)
                    .await?;
                Ok(vec![self.reply(msg, text)])
            }
            Subject::Named(name) => {
                if projects.iter().any(|p| p.name == name) {
                    let head =
                        t!(lang, "hours-project-header", "project" => name.clone(), "period" => period_text.clone());
                    let text = self
                        .collective_report(lang, head, period, &period_text, Some(&name), &kind_of)
                        .await?;
                    return Ok(vec![self.reply(msg, text)]);
                }
                let member = self.config.member_named(&name).map(|m| m.name.clone()).or_else(|| {
                    // Without a roster, anybody who punched is a member.
                    self.config.members.is_empty().then(|| name.clone())
                });
                match member {
                    Some(_) if !share => Ok(vec![self.reply(msg, t!(lang, "hours-private"))]),
                    Some(m) => {
                        let rows = self
                            .store
                            .totals_by_project(
                                period.from,
                                period.to,
                                ReportFilter {
                                    member: Some(&m),
                                    project: None,
                                },
                            )
                            .await?;
                        let head =
                            t!(lang, "hours-member-header", "name" => m.clone(), "period" => period_text.clone());
                        Ok(vec![
                            self.personal(msg, report(lang, head, &period_text, &rows, &kind_of)),
                        ])
                    }
                    None => Ok(vec![self.reply(msg, t!(lang, "hours-unknown-subject", "name" => name))]),
                }
            }
        }
    }

    /// Project totals over `period` (all projects, or one), followed by each member's share
    /// when the collective's config makes individual figures public.
    async fn collective_report(
        &self,
        lang: Lang,
        head: String,
        period: Period,
        period_text: &str,
        project: Option<&str>,
        kind_of: &(dyn Fn(&str) -> ProjectKind + Sync),
    ) -> CoreResult<String> {
        let filter = ReportFilter { member: None, project };
        let rows = self.store.totals_by_project(period.from, period.to, filter).await?;
        let mut text = report(lang, head, period_text, &rows, kind_of);
        if self.config.privacy.share_individual_hours && !rows.is_empty() {
            let people = self.store.totals_by_member(period.from, period.to, project).await?;
            text.push('\n');
            text.push_str(&report(
                lang,
                t!(lang, "hours-by-member"),
                period_text,
                &people,
                &|_| ProjectKind::Work,
            ));
        }
        Ok(text)
    }

    /// Timers that ran past the limit: their owner is told, once, privately.
    pub(super) async fn hours_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let limit = self.config.punch.timer_limit;
        // Flagged as soon as it has run *more* than the limit.
        let Some(before) = now.checked_sub_signed(limit) else {
            return Ok(());
        };
        for timer in self.store.unflagged_timers(before).await? {
            if self.store.flag_timer(&timer, now).await? {
                let lang = self.config.lang_for(&timer.member);
                let text = t!(lang, "timer-flagged", "project" => timer.project.clone(),
                    "since" => self.when_short(lang, timer.started_at, now), "limit" => span(lang, limit));
                effects.push(Effect::Private {
                    to: Recipient::Member(timer.member.clone()),
                    text,
                });
            }
        }
        Ok(())
    }
}

fn minutes_text(minutes: u32) -> String {
    WorkDuration::from_minutes(i64::from(minutes)).map_or_else(|_| hours_text(i64::from(minutes)), |d| d.to_string())
}

fn month_text(lang: Lang, day: NaiveDate) -> String {
    let first = day.with_day(1).unwrap_or(day);
    super::format::month_year(lang, first)
}

fn project_label(lang: Lang, name: &str, kind: ProjectKind) -> String {
    match kind {
        ProjectKind::Work => name.to_owned(),
        ProjectKind::Meeting => t!(lang, "project-kind-meeting", "name" => name.to_owned()),
        ProjectKind::Care => t!(lang, "project-kind-care", "name" => name.to_owned()),
    }
}

fn amounts(lang: Lang, t: Totals) -> String {
    let mut parts = Vec::new();
    if t.paid > 0 || t.volunteer == 0 {
        parts.push(t!(lang, "hours-paid", "hours" => hours_text(t.paid)));
    }
    if t.volunteer > 0 {
        parts.push(t!(lang, "hours-volunteer", "hours" => hours_text(t.volunteer)));
    }
    parts.join(", ")
}

/// A report: header, one line per row, the total, and the care work made visible.
fn report(
    lang: Lang,
    head: String,
    period: &str,
    rows: &[(String, Totals)],
    kind_of: &(dyn Fn(&str) -> ProjectKind + Sync),
) -> String {
    if rows.is_empty() {
        return format!("{head}\n{}", t!(lang, "hours-none", "period" => period.to_owned()));
    }
    let mut lines = vec![head];
    let (mut total, mut care) = (Totals::default(), Totals::default());
    for (name, t) in rows {
        let kind = kind_of(name);
        if kind == ProjectKind::Care {
            care.add(*t);
        }
        total.add(*t);
        lines.push(t!(lang, "hours-line", "name" => project_label(lang, name, kind), "amounts" => amounts(lang, *t)));
    }
    lines.push(t!(lang, "hours-total", "amounts" => amounts(lang, total)));
    if care.paid + care.volunteer > 0 && care != total {
        lines.push(t!(lang, "hours-care", "amounts" => amounts(lang, care)));
    }
    lines.join("\n")
}
