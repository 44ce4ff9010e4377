//! Punched hours in the core: `!punch`, timers, `!project`, `!hours`.
//!
//! Individual figures are personal: confirmations and personal reports go by private
//! message (unless the collective's config says otherwise), and nobody sees another
//! member's hours unless the collective allows it. Project totals are collective.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::format::{echoed, series, span, when};
use super::report::project_label;
use super::{Core, CoreResult, Effect, Incoming, Message, Recipient};
use crate::command::PunchCmd;
use crate::domain::duration::{WorkDuration, hours_text};
use crate::domain::punch::{DayError, Period, Timer, TimerStop};
use crate::i18n::Lang;
use crate::message::{Mention, Said, Text};
use crate::store::{DayFull, NewPunch, ProjectRow, ReportFilter, Totals};
use crate::{t, tm};

impl Core {
    /// The known projects, from memory once read: every `!punch` checks its project.
    pub(super) async fn projects(&self) -> CoreResult<std::sync::Arc<Vec<ProjectRow>>> {
        if let Some(list) = super::lock(&self.projects).as_ref() {
            return Ok(list.clone());
        }
        let list = std::sync::Arc::new(self.store.projects().await?);
        *super::lock(&self.projects) = Some(list.clone());
        Ok(list)
    }

    /// Forgets the cached projects (after one is added or the configuration synced).
    pub(super) fn forget_projects(&self) {
        *super::lock(&self.projects) = None;
    }

    /// A personal answer: privately when the collective keeps reports private.
    pub(super) fn personal(&self, msg: &Incoming, text: impl Into<Message>) -> Effect {
        if self.config().privacy.private_reports {
            Effect::Private {
                to: self.recipient(msg),
                message: text.into(),
            }
        } else {
            self.reply(msg, text)
        }
    }

    /// The member's "today": in their own time zone when they have one.
    pub(super) fn today_for(&self, member: &str, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz_for(member)).date_naive()
    }

    /// The member's own time zone, or the collective's.
    pub(super) fn tz_for(&self, member: &str) -> chrono_tz::Tz {
        self.config()
            .member_named(member)
            .and_then(|m| m.tz)
            .unwrap_or(self.config().collective.tz)
    }

    /// A day for confirmations: `Wed Nov 18`, with the year when it is not this one.
    pub(super) fn day_text(&self, lang: Lang, day: NaiveDate, today: NaiveDate) -> String {
        super::format::day(lang, day, today)
    }

    /// Checks a project name against the known ones; the error is the answer to give.
    async fn known_project(&self, lang: Lang, name: &str) -> CoreResult<Result<ProjectRow, Text>> {
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
                tm!(lang, "punch-unknown-project-suggest", "name" => echoed(name), "suggestion" => suggestion.clone())
            }
            None if projects.is_empty() => tm!(lang, "punch-no-projects", "name" => Said(name.to_owned())),
            None => {
                let list = super::format::list(lang, &projects.iter().map(|p| p.name.as_str()).collect::<Vec<_>>());
                tm!(lang, "punch-unknown-project", "name" => echoed(name), "projects" => list)
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
        let text: Message = match cmd {
            add @ PunchCmd::Add { .. } => {
                let entry = match self.punch_entry(msg, lang, who, add).await? {
                    Ok(entry) => entry,
                    Err(answer) => return Ok(vec![answer]),
                };
                match self.store.insert_punch(&entry).await? {
                    Ok(id) => self.entries_text(lang, &[id], std::slice::from_ref(&entry), "punch-recorded").into(),
                    Err(full) => self.day_full_text(lang, full, today).into(),
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
                        "limit" => span(lang, self.config().punch.timer_limit))
                    .into()
                } else {
                    match self.store.timer(who).await? {
                        Some(t) => {
                            t!(lang, "timer-already", "project" => t.project, "since" => self.when_short(lang, t.started_at, now))
                                .into()
                        }
                        None => t!(lang, "storage-error").into(),
                    }
                }
            }
            PunchCmd::Out { note } => {
                let Some(timer) = self.store.timer(who).await? else {
                    return Ok(vec![self.personal(msg, t!(lang, "timer-none"))]);
                };
                match timer.stop(now, self.config().punch.timer_limit, self.tz_for(who)) {
                    TimerStop::OverLimit { elapsed } => {
                        self.store.drop_timer(&timer).await?;
                        t!(lang, "timer-over-limit", "project" => timer.project.clone(), "elapsed" => span(lang, elapsed),
                            "limit" => span(lang, self.config().punch.timer_limit))
                        .into()
                    }
                    TimerStop::TooShort => {
                        self.store.drop_timer(&timer).await?;
                        t!(lang, "timer-too-short", "project" => timer.project.clone()).into()
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
                            Some(Ok(ids)) => self.entries_text(lang, &ids, &entries, "timer-recorded").into(),
                            Some(Err(full)) => {
                                // The timer cannot be recorded as is; stopping it keeps it
                                // from blocking the next one.
                                self.store.drop_timer(&timer).await?;
                                let dropped = t!(lang, "timer-dropped", "project" => timer.project.clone());
                                let full = self.day_full_text(lang, full, today);
                                full.joined(&t!(lang, "separator-sentences"), Text::from(dropped)).into()
                            }
                            None => t!(lang, "timer-none").into(),
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
                Message::new().line(timer).line(totals)
            }
            PunchCmd::Undo => match self.store.last_punch(who).await? {
                None => t!(lang, "punch-undo-nothing").into(),
                Some(p) if now - p.created_at > self.config().punch.undo_window => {
                    t!(lang, "punch-undo-too-old", "id" => p.id, "window" => span(lang, self.config().punch.undo_window))
                        .into()
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
                        t!(lang, "punch-undo-nothing").into()
                    } else {
                        removed.iter().fold(Message::new(), |m, p| {
                            m.line(t!(lang, "punch-removed", "id" => p.id, "duration" => minutes_text(p.minutes),
                                "project" => p.project.clone(), "day" => self.day_text(lang, p.day, today)))
                        })
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
                    None => t!(lang, "punch-not-yours", "id" => id).into(),
                    Some(Err(full)) => self.day_full_text(lang, full, today).into(),
                    Some(Ok(())) => {
                        t!(lang, "punch-edited", "id" => id, "duration" => minutes_text(duration.minutes()),
                        "project" => project, "day" => self.day_text(lang, old.day, today),
                        "old" => minutes_text(old.minutes), "old_project" => old.project)
                        .into()
                    }
                }
            }
            PunchCmd::Delete { id } => match self.store.punch(id).await? {
                Some(p) if p.member == who && self.store.delete_punch(id, who, now).await? => {
                    t!(lang, "punch-removed", "id" => p.id, "duration" => minutes_text(p.minutes),
                        "project" => p.project, "day" => self.day_text(lang, p.day, today))
                    .into()
                }
                // Someone else's entry and no entry read the same: others' hours stay private.
                _ => t!(lang, "punch-not-yours", "id" => id).into(),
            },
        };
        Ok(vec![self.personal(msg, text)])
    }

    /// The entry a `!punch <duration> …` records, or the answer when it cannot be.
    pub(super) async fn punch_entry(
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
            Ok(d) if today - d > Duration::days(i64::from(self.config().punch.max_days_back)) => {
                let text = t!(lang, "punch-too-old", "day" => self.day_text(lang, d, today),
                    "days" => i64::from(self.config().punch.max_days_back));
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

    fn when_short(&self, lang: Lang, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        when(lang, self.config().collective.tz, at, now)
    }

    pub(super) fn entries_text(&self, lang: Lang, ids: &[i64], entries: &[NewPunch], id: &str) -> Text {
        let list: Vec<Text> = ids
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
                    Some(note) => tm!(lang, "punch-entry-note", "entry" => text, "note" => Said(note.to_owned())),
                    None => Text::from(text),
                }
            })
            .collect();
        tm!(lang, id, "entries" => series(lang, "separator-clauses", list))
    }

    pub(super) fn day_full_text(&self, lang: Lang, full: DayFull, today: NaiveDate) -> Text {
        tm!(lang, "punch-day-full", "day" => self.day_text(lang, full.day, today), "already" => hours_text(full.already))
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
            let l = self.config().collective.lang;
            let said =
                |l: Lang| tm!(l, "project-added", "name" => Said(name.clone()), "who" => Mention(who.to_owned()));
            let mut effects = vec![Effect::Announce {
                room: self.room_named(&room),
                message: said(l).into(),
            }];
            if msg.room.as_ref().map(|r| r.name.as_str()) != Some(room.as_str()) {
                effects.push(self.reply(msg, said(lang)));
            }
            Ok(effects)
        } else {
            Ok(vec![self.reply(msg, tm!(lang, "project-exists", "name" => Said(name)))])
        }
    }

    pub(super) async fn projects_list(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        let projects = self.projects().await?;
        let text = if projects.is_empty() {
            t!(lang, "projects-none")
        } else {
            let list: Vec<String> = projects.iter().map(|p| project_label(lang, &p.name, p.kind)).collect();
            t!(lang, "projects-list", "projects" => super::format::list(lang, &list))
        };
        Ok(vec![self.reply(msg, text)])
    }

    /// Timers that ran past the limit: their owner is told, once, privately.
    pub(super) async fn hours_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let limit = self.config().punch.timer_limit;
        // Flagged as soon as it has run *more* than the limit.
        let Some(before) = now.checked_sub_signed(limit) else {
            return Ok(());
        };
        for timer in self.store.unflagged_timers(before).await? {
            if self.store.flag_timer(&timer, now).await? {
                let lang = self.config().lang_for(&timer.member);
                let text = t!(lang, "timer-flagged", "project" => timer.project.clone(),
                    "since" => self.when_short(lang, timer.started_at, now), "limit" => span(lang, limit));
                effects.push(Effect::Private {
                    to: Recipient::Member(timer.member.clone()),
                    message: text.into(),
                });
            }
        }
        Ok(())
    }
}

fn minutes_text(minutes: u32) -> String {
    WorkDuration::from_minutes(i64::from(minutes)).map_or_else(|_| hours_text(i64::from(minutes)), |d| d.to_string())
}
