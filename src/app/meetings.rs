//! Meetings with minutes, attendance, justified absences and the membership check in the
//! core (SPEC §5), MeetBot-style: `!meeting start`, `!here`, `!topic`, `!agreed`,
//! `!action`, `!decide`, `!meeting end`, `!minutes`; `!absent`, `!attendance`,
//! `!membership`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::format::{span, when};
use super::{Core, CoreResult, Effect, Incoming, Recipient};
use crate::command::{AbsentDay, PeriodSpec};
use crate::config::ProjectKind;
use crate::domain::duration::hours_text;
use crate::domain::membership::{Evaluation, Facts, Status, Window, evaluate};
use crate::domain::proposal::{ProposalId, State};
use crate::domain::punch::Period;
use crate::i18n::Lang;
use crate::store::{Absence, Item, ItemKind, Meeting, ReportFilter};
use crate::t;

impl Core {
    /// The committee a name designates: production, reflection (English or French), or
    /// one of the configured committees.
    fn committee_named(&self, name: &str) -> Option<String> {
        let n = name.trim().to_lowercase();
        match n.as_str() {
            w if crate::i18n::Word::Production.matches(w) => Some("production".into()),
            w if crate::i18n::Word::Reflection.matches(w) => Some("reflection".into()),
            _ => self
                .config
                .meetings
                .committees
                .iter()
                .find(|c| c.name == n)
                .map(|c| c.name.clone()),
        }
    }

    fn committees_list(&self) -> String {
        let mut names = vec!["production".to_owned(), "reflection".to_owned()];
        names.extend(self.config.meetings.committees.iter().map(|c| c.name.clone()));
        names.join(", ")
    }

    /// "the production meeting", "the finance committee meeting".
    pub(super) fn meeting_title(&self, lang: Lang, committee: &str) -> String {
        match committee {
            "production" => t!(lang, "meeting-production"),
            "reflection" => t!(lang, "meeting-reflection"),
            other => t!(lang, "meeting-committee", "name" => other.to_owned()),
        }
    }

    fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.config.collective.tz).date_naive()
    }

    fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        self.config.calendar.resolve_local(day.and_time(NaiveTime::MIN))
    }

    pub(super) async fn meeting_start(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        committee: &str,
    ) -> CoreResult<Vec<Effect>> {
        let Some(committee) = self.committee_named(committee) else {
            let text = t!(lang, "meeting-unknown-committee", "name" => committee.to_owned(), "committees" => self.committees_list());
            return Ok(vec![self.reply(msg, text)]);
        };
        let room = self.room_of(msg);
        let Some(_) = self.store.start_meeting(&room, &committee, who, msg.at).await? else {
            let open = self
                .store
                .open_meeting(&room)
                .await?
                .map(|m| m.committee)
                .unwrap_or_default();
            return Ok(vec![self.reply(
                msg,
                t!(lang, "meeting-already-open", "meeting" => self.meeting_title(lang, &open)),
            )]);
        };
        let l = self.config.collective.lang;
        let mut text =
            t!(l, "meeting-started", "meeting" => self.meeting_title(l, &committee), "who" => who.to_owned());
        // Only production and reflection meetings decide deferred proposals (SPEC §3).
        let deferred = if decides(&committee) {
            self.store.proposals_in(&[State::Deferred]).await?
        } else {
            Vec::new()
        };
        if !decides(&committee) {
            // A committee meeting has no proposals on its agenda.
        } else if deferred.is_empty() {
            text.push('\n');
            text.push_str(&t!(l, "meeting-agenda-empty"));
        } else {
            text.push('\n');
            text.push_str(&t!(l, "meeting-agenda"));
            for (p, _) in &deferred {
                let vetoes: Vec<String> = p
                    .standing_vetoes()
                    .map(|v| t!(l, "meeting-agenda-veto", "vetoer" => v.vetoer.clone(), "reason" => v.reason.clone()))
                    .collect();
                let reason = if vetoes.is_empty() {
                    t!(l, "meeting-agenda-over-budget")
                } else {
                    vetoes.join("; ")
                };
                text.push('\n');
                text.push_str(
                    &t!(l, "meeting-agenda-item", "id" => p.id.0, "proposer" => p.proposer.clone(),
                    "text" => p.text.clone(), "reason" => reason),
                );
            }
        }
        Ok(vec![Effect::Announce { room, text }])
    }

    /// The open meeting of the message's room, or the answer to give when there is none.
    async fn require_meeting(&self, msg: &Incoming, lang: Lang) -> CoreResult<Result<Meeting, Effect>> {
        let room = self.room_of(msg);
        Ok(match self.store.open_meeting(&room).await? {
            Some(m) => Ok(m),
            None => Err(self.reply(msg, t!(lang, "meeting-none"))),
        })
    }

    pub(super) async fn meeting_here(&self, msg: &Incoming, lang: Lang, who: &str) -> CoreResult<Vec<Effect>> {
        let meeting = match self.require_meeting(msg, lang).await? {
            Ok(m) => m,
            Err(e) => return Ok(vec![e]),
        };
        let text = if self.store.mark_present(meeting.id, who, msg.at).await? {
            t!(lang, "meeting-here", "who" => who.to_owned())
        } else {
            t!(lang, "meeting-here-already", "who" => who.to_owned())
        };
        Ok(vec![self.reply(msg, text)])
    }

    /// `!topic`, `!agreed`, `!action`: recorded for the minutes and echoed to the room.
    pub(super) async fn meeting_item(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        kind: ItemKind,
        target: Option<String>,
        text: String,
    ) -> CoreResult<Vec<Effect>> {
        let meeting = match self.require_meeting(msg, lang).await? {
            Ok(m) => m,
            Err(e) => return Ok(vec![e]),
        };
        let target = target.map(|t| self.member_for_handle(&t).unwrap_or(t));
        let item = Item {
            kind,
            who: target.clone(),
            text: text.clone(),
            author: who.to_owned(),
            at: msg.at,
        };
        self.store.add_item(meeting.id, &item).await?;
        let l = self.config.collective.lang;
        let said = match kind {
            ItemKind::Topic => t!(l, "meeting-topic", "text" => text),
            ItemKind::Agreed => t!(l, "meeting-agreed", "text" => text),
            ItemKind::Action => t!(l, "meeting-action", "who" => target.clone().unwrap_or_default(), "text" => text),
            ItemKind::Decision => text,
        };
        // Recorded all the same (an action may be for someone outside the collective),
        // but the speaker learns that nobody here goes by that name.
        let note = match (kind, &target) {
            (ItemKind::Action, Some(name)) => self.stranger_note(lang, &meeting.room, name),
            _ => None,
        };
        let mut effects = vec![Effect::Announce {
            room: meeting.room,
            text: said,
        }];
        effects.extend(note.map(|text| self.reply(msg, text)));
        Ok(effects)
    }

    pub(super) async fn meeting_decide(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        id: ProposalId,
        adopted: bool,
        note: Option<String>,
    ) -> CoreResult<Vec<Effect>> {
        let meeting = match self.require_meeting(msg, lang).await? {
            Ok(m) => m,
            Err(e) => return Ok(vec![e]),
        };
        if !decides(&meeting.committee) {
            let text = t!(lang, "decide-not-here", "meeting" => self.meeting_title(lang, &meeting.committee));
            return Ok(vec![self.reply(msg, text)]);
        }
        let Some(p) = self.store.proposal(id).await? else {
            return Ok(vec![self.reply(msg, t!(lang, "proposal-not-found", "id" => id.0))]);
        };
        if p.state != State::Deferred {
            let text = match p.state {
                State::Open => t!(lang, "decide-still-open", "id" => id.0),
                s => t!(lang, "proposal-closed", "id" => id.0, "state" => super::format::state(lang, s)),
            };
            return Ok(vec![self.reply(msg, text)]);
        }
        let l = self.config.collective.lang;
        let outcome = super::format::state(l, if adopted { State::Adopted } else { State::Rejected });
        let line = match &note {
            Some(n) => {
                t!(l, "decision-line-note", "id" => id.0, "text" => p.text.clone(), "outcome" => outcome.clone(), "note" => n.clone())
            }
            None => t!(l, "decision-line", "id" => id.0, "text" => p.text.clone(), "outcome" => outcome.clone()),
        };
        let item = Item {
            kind: ItemKind::Decision,
            who: None,
            text: line.clone(),
            author: who.to_owned(),
            at: msg.at,
        };
        if !self
            .store
            .decide(meeting.id, id, adopted, note.as_deref(), &item)
            .await?
        {
            // Decided or withdrawn meanwhile: say what it is now.
            let now_state = self.store.proposal(id).await?.map_or(State::Withdrawn, |p| p.state);
            let text = t!(lang, "proposal-closed", "id" => id.0, "state" => super::format::state(lang, now_state));
            return Ok(vec![self.reply(msg, text)]);
        }
        let text = t!(l, "decided", "meeting" => self.meeting_title(l, &meeting.committee), "line" => line);
        let mut effects = vec![Effect::Announce {
            room: meeting.room.clone(),
            text,
        }];
        if p.room != meeting.room {
            effects.push(Effect::Announce {
                room: p.room.clone(),
                text: t!(l, "decided-elsewhere", "id" => id.0, "outcome" => outcome),
            });
        }
        Ok(effects)
    }

    pub(super) async fn meeting_end(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        let meeting = match self.require_meeting(msg, lang).await? {
            Ok(m) => m,
            Err(e) => return Ok(vec![e]),
        };
        let now = msg.at;
        let attendees = self.store.attendees(meeting.id).await?;
        let items = self.store.items(meeting.id).await?;
        let l = self.config.collective.lang;
        let markdown = self.minutes_markdown(l, &meeting, now, &attendees, &items);
        let file = format!(
            "{}-{}-{}.md",
            self.local_day(meeting.started_at).format("%Y-%m-%d"),
            meeting.committee,
            meeting.id
        );
        let dir = &self.config.meetings.minutes_dir;
        let written = write_minutes(dir, &file, &markdown);
        let path = dir.join(&file).display().to_string();
        if !self
            .store
            .end_meeting(meeting.id, now, written.is_ok().then_some(path.as_str()), &markdown)
            .await?
        {
            return Ok(vec![self.reply(msg, t!(lang, "meeting-none"))]);
        }
        let place = match (&self.config.meetings.minutes_url, &written) {
            (Some(url), Ok(())) => format!("{}/{file}", url.trim_end_matches('/')),
            (None, Ok(())) => path.clone(),
            (_, Err(e)) => {
                tracing::error!(error = %e, path, "cannot write the minutes file; they are kept in the database");
                t!(l, "minutes-in-database")
            }
        };
        let counts = count_items(&items);
        let text = t!(l, "meeting-ended", "meeting" => self.meeting_title(l, &meeting.committee), "present" => attendees.len() as i64,
            "where" => place, "topics" => counts.0, "decisions" => counts.1, "actions" => counts.2);
        Ok(vec![Effect::Announce {
            room: meeting.room,
            text,
        }])
    }

    fn minutes_markdown(
        &self,
        l: Lang,
        m: &Meeting,
        now: DateTime<Utc>,
        attendees: &[String],
        items: &[Item],
    ) -> String {
        let tz = self.config.collective.tz;
        let title = capitalize(&self.meeting_title(l, &m.committee));
        let mut md = format!("# {title} — {}\n\n", self.local_day(m.started_at).format("%Y-%m-%d"));
        md.push_str(
            &t!(l, "minutes-when", "start" => when(l, tz, m.started_at, now), "end" => when(l, tz, now, now),
            "room" => m.room.clone(), "by" => m.started_by.clone()),
        );
        md.push_str("\n\n");
        md.push_str(&format!(
            "## {}\n\n{}\n\n",
            t!(l, "minutes-present"),
            if attendees.is_empty() {
                "—".to_owned()
            } else {
                attendees.join(", ")
            }
        ));
        md.push_str(&format!("## {}\n\n", t!(l, "minutes-topics")));
        for item in items {
            match item.kind {
                ItemKind::Topic => md.push_str(&format!("\n### {}\n\n", item.text)),
                ItemKind::Agreed => {
                    md.push_str(&format!("- {}\n", t!(l, "meeting-agreed", "text" => item.text.clone())))
                }
                ItemKind::Action => md.push_str(&format!(
                    "- {}\n",
                    t!(l, "meeting-action", "who" => item.who.clone().unwrap_or_default(), "text" => item.text.clone())
                )),
                ItemKind::Decision => md.push_str(&format!("- {}\n", item.text)),
            }
        }
        if items.is_empty() {
            md.push_str("—\n");
        }
        let decisions: Vec<&Item> = items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Agreed | ItemKind::Decision))
            .collect();
        md.push_str(&format!("\n## {}\n\n", t!(l, "minutes-decisions")));
        if decisions.is_empty() {
            md.push_str("—\n");
        }
        for d in decisions {
            let line = match d.kind {
                ItemKind::Agreed => t!(l, "meeting-agreed", "text" => d.text.clone()),
                _ => d.text.clone(),
            };
            md.push_str(&format!("- {line}\n"));
        }
        let actions: Vec<&Item> = items.iter().filter(|i| i.kind == ItemKind::Action).collect();
        md.push_str(&format!("\n## {}\n\n", t!(l, "minutes-actions")));
        if actions.is_empty() {
            md.push_str("—\n");
        }
        for a in actions {
            md.push_str(&format!(
                "- {}\n",
                t!(l, "minutes-action", "who" => a.who.clone().unwrap_or_default(), "text" => a.text.clone())
            ));
        }
        md
    }

    pub(super) async fn minutes_last(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        let Some(m) = self.store.last_minutes().await? else {
            return Ok(vec![self.reply(msg, t!(lang, "minutes-none"))]);
        };
        let items = self.store.items(m.id).await?;
        let attendees = self.store.attendees(m.id).await?;
        let counts = count_items(&items);
        let place = match (&m.minutes_path, &self.config.meetings.minutes_url) {
            (Some(path), Some(url)) => {
                let file = Path::new(path)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("{}/{file}", url.trim_end_matches('/'))
            }
            (Some(path), None) => path.clone(),
            (None, _) => t!(lang, "minutes-in-database"),
        };
        let text = t!(lang, "minutes-last", "meeting" => self.meeting_title(lang, &m.committee),
            "date" => when(lang, self.config.collective.tz, m.started_at, msg.at), "where" => place,
            "present" => attendees.len() as i64, "topics" => counts.0, "decisions" => counts.1, "actions" => counts.2);
        Ok(vec![self.reply(msg, text)])
    }

    pub(super) async fn absent(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        from: AbsentDay,
        to: AbsentDay,
        reason: String,
    ) -> CoreResult<Vec<Effect>> {
        let today = self.local_day(msg.at);
        let (from, to) = (from.resolve(today), to.resolve(today));
        if from > to {
            return Ok(vec![self.reply(msg, t!(lang, "absent-bad-range"))]);
        }
        self.store
            .add_absence(
                &Absence {
                    member: who.to_owned(),
                    from,
                    to,
                    reason: reason.clone(),
                },
                msg.at,
            )
            .await?;
        // Their reminders move past the leave now, not at each lookup. Should that fail,
        // the leave is recorded all the same, and a reminder falling due is checked
        // against it before it goes out.
        if let Err(e) = self.leave_declared(who).await {
            tracing::error!(error = %e, member = who, "reminders could not be moved past a leave yet");
        }
        let days = self.days_text(lang, from, to);
        // The reason is personal: the confirmation goes privately.
        Ok(vec![Effect::Private {
            to: self.recipient(msg),
            text: t!(lang, "absent-noted", "days" => days, "reason" => reason),
        }])
    }

    fn days_text(&self, lang: Lang, from: NaiveDate, to: NaiveDate) -> String {
        let fmt = |d: NaiveDate| super::format::day_with_year(lang, d);
        if from == to {
            fmt(from)
        } else {
            t!(lang, "days-range", "from" => fmt(from), "to" => fmt(to))
        }
    }

    /// The members to report on: the roster, or everyone the records know.
    async fn known_members(&self) -> CoreResult<Vec<String>> {
        if !self.config.members.is_empty() {
            return Ok(self.config.members.iter().map(|m| m.name.clone()).collect());
        }
        let mut all: BTreeSet<String> = self
            .store
            .last_punch_days()
            .await?
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        all.extend(self.store.last_presences().await?.into_iter().map(|(m, _)| m));
        Ok(all.into_iter().collect())
    }

    pub(super) async fn attendance(
        &self,
        msg: &Incoming,
        lang: Lang,
        name: Option<String>,
        period: Option<PeriodSpec>,
    ) -> CoreResult<Vec<Effect>> {
        let today = self.local_day(msg.at);
        let period = match period.unwrap_or(PeriodSpec::Month) {
            PeriodSpec::Week => Period::week_of(today),
            PeriodSpec::Month => Period::month_of(today),
            PeriodSpec::Explicit(p) => p,
        };
        let (from, to) = (
            self.day_start(period.from),
            self.day_start(period.to + Duration::days(1)),
        );
        // A committee meeting is counted once a day, however often it was opened (a
        // stand-up and the production meeting it opens are one meeting).
        let held: BTreeSet<(String, NaiveDate)> = self
            .store
            .meetings_between(from, to)
            .await?
            .into_iter()
            .map(|(c, at)| (c, self.local_day(at)))
            .collect();
        let presences = self.store.presences(from, to).await?;
        let absences = self.store.absences(period.from, period.to, None).await?;
        let period_text = self.days_text(lang, period.from, period.to);
        let mut by_committee: BTreeMap<&str, i64> = BTreeMap::new();
        for (c, _) in &held {
            *by_committee.entry(c.as_str()).or_default() += 1;
        }
        let held_text: Vec<String> = by_committee
            .iter()
            .map(|(c, n)| t!(lang, "attendance-meeting-count", "meeting" => self.meeting_title(lang, c), "count" => *n))
            .collect();
        let mut lines = vec![
            t!(lang, "attendance-header", "period" => period_text, "count" => held.len() as i64,
            "meetings" => if held_text.is_empty() { "—".to_owned() } else { held_text.join(", ") }),
        ];
        let members = match &name {
            Some(n) => vec![self.member_for_handle(n).unwrap_or_else(|| n.clone())],
            None => self.known_members().await?,
        };
        for m in members {
            let mut days = BTreeSet::new();
            let mine: Vec<&crate::store::Presence> = presences
                .iter()
                .filter(|p| p.member == m && days.insert((p.committee.clone(), self.local_day(p.at))))
                .collect();
            let mut line = t!(lang, "attendance-line", "member" => m.clone(), "present" => mine.len() as i64, "held" => held.len() as i64);
            let leave: Vec<String> = absences
                .iter()
                .filter(|a| a.member == m)
                .map(|a| self.days_text(lang, a.from, a.to))
                .collect();
            if !leave.is_empty() {
                line.push(' ');
                line.push_str(&t!(lang, "attendance-justified", "days" => leave.join(", ")));
            }
            if name.is_some() {
                for p in &mine {
                    line.push('\n');
                    line.push_str(
                        &t!(lang, "attendance-item", "meeting" => self.meeting_title(lang, &p.committee),
                        "date" => when(lang, self.config.collective.tz, p.at, msg.at)),
                    );
                }
            }
            lines.push(line);
        }
        Ok(vec![self.reply(msg, lines.join("\n"))])
    }

    /// The room sees each member's status; each member gets the figures privately.
    pub(super) async fn membership(&self, msg: &Incoming) -> CoreResult<Vec<Effect>> {
        let (window, evaluations) = self.membership_evaluations(msg.at).await?;
        let l = self.config.collective.lang;
        let today = self.local_day(msg.at);
        let absences = self.store.absences(window.from, today, None).await?;
        let mut room_parts = Vec::new();
        let mut effects = Vec::new();
        for (member, e, details) in evaluations {
            let mine: Vec<&Absence> = absences.iter().filter(|a| a.member == member).collect();
            // Justified absences lower what is asked: the room sees that they did.
            let key = if mine.is_empty() {
                "membership-status"
            } else {
                "membership-status-excused"
            };
            room_parts.push(t!(l, key, "member" => member.clone(), "status" => status_text(l, e.status)));
            // Nobody is pinged during their leave.
            if !mine.iter().any(|a| a.from <= today && today <= a.to) {
                effects.push(Effect::Private {
                    to: Recipient::Member(member),
                    text: details,
                });
            }
        }
        let head = t!(l, "membership-header", "period" => self.days_text(l, window.from, window.to));
        let room = self.room_of(msg);
        let text = if room_parts.is_empty() {
            format!("{head}\n{}", t!(l, "membership-nobody"))
        } else {
            format!("{head}\n{}", room_parts.join(" · "))
        };
        effects.insert(0, Effect::Announce { room, text });
        Ok(effects)
    }

    /// Each member's evaluation, with the figures behind it in the member's language.
    pub(super) async fn membership_evaluations(
        &self,
        now: DateTime<Utc>,
    ) -> CoreResult<(Window, Vec<(String, Evaluation, String)>)> {
        let today = self.local_day(now);
        let rules = &self.config.membership;
        let window = Window::before(today, rules.months);
        let (from, to_excl) = (
            self.day_start(window.from),
            self.day_start(window.to + Duration::days(1)),
        );
        let presences = self
            .store
            .presences(from, self.day_start(today + Duration::days(1)))
            .await?;
        let held = self.store.meetings_between(from, to_excl).await?;
        let reflection_held: Vec<NaiveDate> = held
            .iter()
            .filter(|(c, _)| c == "reflection")
            .map(|(_, at)| self.local_day(*at))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let projects = self.projects().await?;
        let meeting_time = |p: &str| projects.iter().any(|x| x.name == p && x.kind == ProjectKind::Meeting);
        let last_punch: BTreeMap<String, NaiveDate> = self.store.last_punch_days().await?.into_iter().collect();
        let last_presence: BTreeMap<String, NaiveDate> = self
            .store
            .last_presences()
            .await?
            .into_iter()
            .map(|(m, at)| (m, self.local_day(at)))
            .collect();
        let absences = self.store.absences(window.from, today, None).await?;
        let mut out = Vec::new();
        for member in self.known_members().await? {
            let worked = |rows: Vec<(String, crate::store::Totals)>| {
                rows.iter()
                    .filter(|(p, _)| !meeting_time(p))
                    .map(|(_, t)| t.paid + t.volunteer)
                    .sum::<i64>()
            };
            let mut minutes_by_month = Vec::new();
            for first in window.months() {
                let p = Period::month_of(first);
                let rows = self
                    .store
                    .totals_by_project(
                        p.from,
                        p.to,
                        ReportFilter {
                            member: Some(&member),
                            project: None,
                        },
                    )
                    .await?;
                minutes_by_month.push((first, worked(rows)));
            }
            let recent = worked(
                self.store
                    .totals_by_project(
                        window.rolling_from,
                        today,
                        ReportFilter {
                            member: Some(&member),
                            project: None,
                        },
                    )
                    .await?,
            );
            let facts = Facts {
                // Once a day per committee, however often it was opened.
                attended: presences
                    .iter()
                    .filter(|p| p.member == member)
                    .map(|p| (p.committee.clone(), self.local_day(p.at)))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                reflection_held: reflection_held.clone(),
                minutes_by_month,
                recent_minutes: recent,
                last_activity: last_punch
                    .get(&member)
                    .copied()
                    .max(last_presence.get(&member).copied()),
                justified: absences
                    .iter()
                    .filter(|a| a.member == member)
                    .map(|a| (a.from, a.to))
                    .collect(),
            };
            let e = evaluate(rules, window, today, &facts);
            let details = self.membership_details(self.config.lang_for(&member), window, &e);
            out.push((member, e, details));
        }
        Ok((window, out))
    }

    fn membership_details(&self, lang: Lang, window: Window, e: &Evaluation) -> String {
        let mut lines = vec![
            t!(lang, "membership-yours", "period" => self.days_text(lang, window.from, window.to), "status" => status_text(lang, e.status)),
        ];
        let committees: Vec<String> = e.committees.iter().map(|c| self.meeting_title(lang, c)).collect();
        lines.push(t!(lang, "membership-committees", "count" => e.committees.len() as i64, "needed" => i64::from(e.committees_needed),
            "list" => if committees.is_empty() { "—".to_owned() } else { committees.join(", ") }));
        lines.push(t!(lang, "membership-reflection", "count" => i64::from(e.reflection), "needed" => i64::from(e.reflection_needed)));
        let months: Vec<String> = e
            .months
            .iter()
            .map(|(m, worked, needed)| {
                t!(lang, "membership-month", "month" => m.format_localized("%B", lang.chrono_locale()).to_string(),
                    "worked" => hours_text(*worked), "needed" => hours_text(*needed))
            })
            .collect();
        lines.push(t!(lang, "membership-hours", "months" => months.join(", ")));
        lines.push(
            t!(lang, "membership-recent", "worked" => hours_text(e.recent_minutes), "warn" => hours_text(e.warn_below)),
        );
        if let Some(days) = e.absent_days {
            lines.push(t!(lang, "membership-absent", "span" => span(lang, Duration::days(days))));
        }
        lines.join("\n")
    }
}

/// Whether a committee's meetings decide deferred proposals.
fn decides(committee: &str) -> bool {
    committee == "production" || committee == "reflection"
}

fn status_text(lang: Lang, s: Status) -> String {
    match s {
        Status::Ok => t!(lang, "membership-ok"),
        Status::AtRisk => t!(lang, "membership-at-risk"),
        Status::NotMeeting => t!(lang, "membership-not-meeting"),
    }
}

fn count_items(items: &[Item]) -> (i64, i64, i64) {
    let n = |k: ItemKind| items.iter().filter(|i| i.kind == k).count() as i64;
    (
        n(ItemKind::Topic),
        n(ItemKind::Agreed) + n(ItemKind::Decision),
        n(ItemKind::Action),
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn write_minutes(dir: &Path, file: &str, markdown: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // Written beside, then renamed: a crash never leaves half a file under the real name.
    let tmp = dir.join(format!(".{file}.tmp"));
    std::fs::write(&tmp, markdown)?;
    std::fs::rename(&tmp, dir.join(file))
}
