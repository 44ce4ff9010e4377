//! Meetings in the core, MeetBot-style: `!meeting start` (with the deferred proposals on
//! the agenda), `!here`, `!topic`, `!agreed`, `!action`, `!decide`, `!meeting end`. The
//! minutes are in `minutes.rs`, absences and attendance in `attendance.rs`, the
//! membership check in `membership.rs`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::domain::proposal::{ProposalId, State};
use crate::i18n::Lang;
use crate::message::{Mention, Said, Span, Text};
use crate::store::{Item, ItemKind, Meeting};
use crate::{t, tm};

impl Core {
    /// The committee a name designates: production, reflection (English or French), or
    /// one of the configured committees.
    pub(super) fn committee_named(&self, name: &str) -> Option<String> {
        let n = name.trim().to_lowercase();
        match n.as_str() {
            w if crate::i18n::Word::Production.matches(w) => Some("production".into()),
            w if crate::i18n::Word::Reflection.matches(w) => Some("reflection".into()),
            _ => self
                .config()
                .meetings
                .committees
                .iter()
                .find(|c| c.name == n)
                .map(|c| c.name.clone()),
        }
    }

    pub(super) fn committees_list(&self, lang: Lang) -> String {
        let mut names = vec!["production".to_owned(), "reflection".to_owned()];
        names.extend(self.config().meetings.committees.iter().map(|c| c.name.clone()));
        super::format::list(lang, &names)
    }

    /// "the production meeting", "the finance committee meeting".
    pub(super) fn meeting_title(&self, lang: Lang, committee: &str) -> String {
        match committee {
            "production" => t!(lang, "meeting-production"),
            "reflection" => t!(lang, "meeting-reflection"),
            other => t!(lang, "meeting-committee", "name" => other.to_owned()),
        }
    }

    pub(super) fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.config().collective.tz).date_naive()
    }

    pub(super) fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        self.config().calendar.resolve_local(day.and_time(NaiveTime::MIN))
    }

    pub(super) async fn meeting_start(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        committee: &str,
    ) -> CoreResult<Vec<Effect>> {
        let Some(committee) = self.committee_named(committee) else {
            let text = tm!(lang, "meeting-unknown-committee", "name" => super::format::echoed(committee),
                "committees" => self.committees_list(lang));
            return Ok(vec![self.reply(msg, text)]);
        };
        let room = self.room_of(msg);
        let Some(meeting_id) = self.store.start_meeting(&room, &committee, who, msg.at).await? else {
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
        let l = self.config().collective.lang;
        let text = Message::new().line(
            tm!(l, "meeting-started", "meeting" => self.meeting_title(l, &committee), "who" => Mention(who.to_owned())),
        );
        // Only production and reflection meetings decide deferred proposals (a committee
        // meeting has none on its agenda); then the items members added (`agenda.rs`),
        // which belong to this meeting from now on.
        let deferred = self.deferred_part(l, &committee).await?;
        let items = self.store.take_agenda(&committee, meeting_id).await?;
        // The team drawn for it (`roles.rs`), which it takes.
        let team = self.take_team(l, &committee, meeting_id, msg.at).await?;
        let text = text
            .then(deferred)
            .then(self.items_part(l, &items, None))
            .then(team)
            .then(super::timebox::how_to_start(l, &items));
        Ok(vec![self.announce(&room, text)])
    }

    /// The open meeting of the message's room, or the answer to give when there is none.
    pub(super) async fn require_meeting(&self, msg: &Incoming, lang: Lang) -> CoreResult<Result<Meeting, Effect>> {
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
        let l = self.config().collective.lang;
        let said = match kind {
            ItemKind::Topic => tm!(l, "meeting-topic", "text" => Said(text)),
            ItemKind::Agreed => tm!(l, "meeting-agreed", "text" => Said(text)),
            ItemKind::Action => {
                tm!(l, "meeting-action", "who" => Mention(target.clone().unwrap_or_default()), "text" => Said(text))
            }
            ItemKind::Decision => Text(vec![Span::Said(text)]),
        };
        // Recorded all the same (an action may be for someone outside the collective),
        // but the speaker learns that nobody here goes by that name.
        let note = match (kind, &target) {
            (ItemKind::Action, Some(name)) => self.stranger_note(lang, &meeting.room, name),
            _ => None,
        };
        let mut effects = vec![Effect::Announce {
            room: self.room_named(&meeting.room),
            message: said.into(),
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
        let l = self.config().collective.lang;
        let outcome = super::format::state(l, if adopted { State::Adopted } else { State::Rejected });
        // The decision as it reads, what was proposed and the note set apart.
        let line = |ml: Lang| {
            let outcome = super::format::state(ml, if adopted { State::Adopted } else { State::Rejected });
            let text = Said(p.text.clone());
            match &note {
                Some(n) => tm!(ml, "decision-line-note", "id" => id.0, "text" => text, "outcome" => outcome,
                    "note" => Said(n.clone())),
                None => tm!(ml, "decision-line", "id" => id.0, "text" => text, "outcome" => outcome),
            }
        };
        let item = Item {
            kind: ItemKind::Decision,
            who: None,
            text: line(l).plain(),
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
        let said =
            |ml: Lang| tm!(ml, "decided", "meeting" => self.meeting_title(ml, &meeting.committee), "line" => line(ml));
        let mut effects = vec![Effect::Announce {
            room: self.room_named(&meeting.room),
            message: said(l).into(),
        }];
        // Those who get proposals by e-mail learn the meeting's decision there.
        let mut decided = p.clone();
        decided.state = if adopted { State::Adopted } else { State::Rejected };
        effects.extend(self.mail_about(&decided, None, &said).await?);
        if p.room != meeting.room {
            effects.push(Effect::Announce {
                room: self.room_named(&p.room),
                message: t!(l, "decided-elsewhere", "id" => id.0, "outcome" => outcome).into(),
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
        // The item under way ends with the meeting (`timebox.rs`).
        self.leave_item_at_end(meeting.id, now).await?;
        let attendees = self.store.attendees(meeting.id).await?;
        let items = self.store.items(meeting.id).await?;
        let agenda = self.store.meeting_agenda(meeting.id).await?;
        let l = self.config().collective.lang;
        let team = self.minutes_team(l, meeting.id).await?;
        let markdown = self.minutes_markdown(l, &meeting, now, &attendees, &agenda, &items, &team);
        let file = format!(
            "{}-{}-{}.md",
            self.local_day(meeting.started_at).format("%Y-%m-%d"),
            meeting.committee,
            meeting.id
        );
        let written = self.write_minutes_file(&file, &markdown).await;
        let path = self.config().meetings.minutes_dir.join(&file).display().to_string();
        if !self
            .store
            .end_meeting(meeting.id, now, written.is_ok().then_some(path.as_str()), &markdown)
            .await?
        {
            return Ok(vec![self.reply(msg, t!(lang, "meeting-none"))]);
        }
        let place = match (&self.config().meetings.minutes_url, &written) {
            (Some(url), Ok(())) => {
                let url = format!("{}/{file}", url.trim_end_matches('/'));
                Text(vec![Span::Link { text: url.clone(), url }])
            }
            (None, Ok(())) => Text::from(path.clone()),
            (_, Err(e)) => {
                tracing::error!(error = %e, path, "cannot write the minutes file; they are kept in the database");
                Text::from(t!(l, "minutes-in-database"))
            }
        };
        let counts = super::minutes::count_items(&items);
        let text = tm!(l, "meeting-ended", "meeting" => self.meeting_title(l, &meeting.committee), "present" => attendees.len() as i64,
            "where" => place, "topics" => counts.0, "decisions" => counts.1, "actions" => counts.2);
        Ok(vec![Effect::Announce {
            room: self.room_named(&meeting.room),
            message: text.into(),
        }])
    }
}

/// Whether a committee's meetings decide deferred proposals.
pub(super) fn decides(committee: &str) -> bool {
    committee == "production" || committee == "reflection"
}
