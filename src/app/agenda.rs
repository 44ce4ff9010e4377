//! The agenda prepared ahead of a meeting (issue 31; README, "Meetings"): `!agenda` shows
//! the next meeting's agenda — the deferred proposals first (production and reflection
//! meetings), then the items members added, each with its kind and time box; `!agenda add`
//! and `!agenda remove` change it until the meeting starts. The agenda goes out with the
//! meeting's reminders (`schedule.rs`), in the room and by e-mail, is posted at
//! `!meeting start` (`meetings.rs`), which gives the waiting items to that meeting, and
//! is in its minutes (`minutes.rs`).
//!
//! Who may remove an item: whoever added it; and, since nobody else could any more, any
//! member when its author is no longer on the roster.

use chrono::{DateTime, Duration, Utc};

use super::format::{span, when};
use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::command::AgendaCmd;
use crate::domain::agenda::AgendaKind;
use crate::domain::mail::MailPref;
use crate::domain::proposal::{ProposalId, State};
use crate::effect::{Mail, MailTo};
use crate::i18n::Lang;
use crate::message::{Mention, Said, Text};
use crate::store::{AgendaItem, NewAgendaItem};
use crate::{t, tm};

impl Core {
    pub(super) async fn agenda_command(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        cmd: AgendaCmd,
    ) -> CoreResult<Vec<Effect>> {
        match cmd {
            AgendaCmd::Show { committee } => self.agenda_show(msg, lang, committee).await,
            AgendaCmd::Add {
                committee,
                title,
                kind,
                minutes,
                proposal,
            } => {
                let kind = kind.unwrap_or(AgendaKind::Info);
                let minutes = minutes.unwrap_or_else(|| self.config().meetings.time_boxes.of(kind));
                self.agenda_add(msg, lang, who, committee, title, kind, minutes, proposal)
                    .await
            }
            AgendaCmd::Remove { id } => self.agenda_remove(msg, lang, who, id).await,
        }
    }

    /// The committee named, production when none is; the answer to give for an unknown one.
    pub(super) fn agenda_committee(&self, msg: &Incoming, lang: Lang, name: Option<String>) -> Result<String, Effect> {
        let Some(name) = name else {
            return Ok("production".into());
        };
        self.committee_named(&name).ok_or_else(|| {
            let text = tm!(lang, "meeting-unknown-committee", "name" => super::format::echoed(&name),
                "committees" => self.committees_list(lang));
            self.reply(msg, text)
        })
    }

    /// The next scheduled meeting of `committee` after `now`, if it has a schedule.
    pub(super) fn next_meeting_of(&self, committee: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let config = self.config();
        let m = &config.meetings;
        let recurrence = match committee {
            "production" => m.production.as_ref(),
            "reflection" => m.reflection.as_ref(),
            other => m
                .committees
                .iter()
                .find(|c| c.name == other)
                .and_then(|c| c.schedule.as_ref()),
        };
        recurrence.and_then(|r| r.next_after(&config.calendar, now))
    }

    /// "the production meeting (Tue Dec 8, 10:00 EST)", or without a date when it has no
    /// schedule.
    fn agenda_meeting(&self, lang: Lang, committee: &str, now: DateTime<Utc>) -> String {
        let title = self.meeting_title(lang, committee);
        match self.next_meeting_of(committee, now) {
            Some(at) => {
                t!(lang, "meeting-with-date", "meeting" => title, "date" => when(lang, self.config().collective.tz, at, now))
            }
            None => title,
        }
    }

    /// One item as the agenda lists it: "3. Title — decision, 15 minutes (alice)".
    pub(super) fn agenda_line(&self, lang: Lang, item: &AgendaItem) -> String {
        crate::domain::agenda::line(lang, item.id, &item.title, item.kind, item.minutes, &item.author)
    }

    /// The deferred proposals a production or reflection meeting decides, as
    /// `!meeting start` lists them (nothing for a committee meeting).
    pub(super) async fn deferred_part(&self, lang: Lang, committee: &str) -> CoreResult<Message> {
        if !super::meetings::decides(committee) {
            return Ok(Message::new());
        }
        let deferred = self.store.proposals_in(&[State::Deferred]).await?;
        if deferred.is_empty() {
            return Ok(Message::new().line(t!(lang, "meeting-agenda-empty")));
        }
        let items = deferred
            .iter()
            .map(|(p, _)| {
                let vetoes: Vec<Text> = p
                    .standing_vetoes()
                    .map(|v| tm!(lang, "meeting-agenda-veto", "vetoer" => Mention(v.vetoer.clone()), "reason" => Said(v.reason.clone())))
                    .collect();
                let reason = if vetoes.is_empty() {
                    tm!(lang, "meeting-agenda-over-budget")
                } else {
                    super::format::series(lang, "separator-clauses", vetoes)
                };
                tm!(lang, "meeting-agenda-item", "id" => p.id.0, "proposer" => Mention(p.proposer.clone()),
                    "text" => Said(p.text.clone()), "reason" => reason)
            })
            .collect();
        Ok(Message::new().line(t!(lang, "meeting-agenda")).list(items))
    }

    /// The items members added, with their total time; `empty` says what to say when
    /// there are none (`None`: nothing).
    pub(super) fn items_part(&self, lang: Lang, items: &[AgendaItem], empty: Option<String>) -> Message {
        if items.is_empty() {
            return empty.map_or_else(Message::new, |e| Message::new().line(e));
        }
        let total: i64 = items.iter().map(|i| i64::from(i.minutes)).sum();
        let lines: Vec<Text> = items.iter().map(|i| agenda_text(lang, i)).collect();
        Message::new()
            .line(t!(lang, "agenda-items", "total" => span(lang, Duration::minutes(total))))
            .list(lines)
    }

    /// The agenda of the committee's next meeting, without its heading: the deferred
    /// proposals, then the items members added.
    pub(super) async fn agenda_body(&self, lang: Lang, committee: &str) -> CoreResult<Message> {
        let items = self.store.agenda_ahead(committee).await?;
        let deferred = self.deferred_part(lang, committee).await?;
        Ok(deferred.then(self.items_part(lang, &items, Some(t!(lang, "agenda-no-items")))))
    }

    async fn agenda_show(&self, msg: &Incoming, lang: Lang, committee: Option<String>) -> CoreResult<Vec<Effect>> {
        let committee = match self.agenda_committee(msg, lang, committee) {
            Ok(c) => c,
            Err(e) => return Ok(vec![e]),
        };
        let heading = t!(lang, "agenda-heading", "meeting" => self.agenda_meeting(lang, &committee, msg.at));
        let body = self.agenda_body(lang, &committee).await?;
        Ok(vec![self.reply(msg, Message::new().line(heading).then(body))])
    }

    #[allow(clippy::too_many_arguments)]
    async fn agenda_add(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        committee: Option<String>,
        mut title: String,
        kind: AgendaKind,
        minutes: u32,
        proposal: Option<ProposalId>,
    ) -> CoreResult<Vec<Effect>> {
        let committee = match self.agenda_committee(msg, lang, committee) {
            Ok(c) => c,
            Err(e) => return Ok(vec![e]),
        };
        if let Some(id) = proposal {
            let Some(p) = self.store.proposal(id).await? else {
                return Ok(vec![self.reply(msg, t!(lang, "proposal-not-found", "id" => id.0))]);
            };
            // `#12` alone says which proposal; the agenda says what it is.
            if title.split_whitespace().count() == 1 {
                title = format!("#{}: {}", id.0, p.text);
            }
        }
        let id = self
            .store
            .add_agenda_item(&NewAgendaItem {
                committee: &committee,
                title: &title,
                kind,
                minutes,
                proposal,
                author: who,
                at: msg.at,
            })
            .await?;
        let item = AgendaItem {
            id,
            committee: committee.clone(),
            title,
            kind,
            minutes,
            proposal,
            author: who.to_owned(),
            added_at: msg.at,
            meeting: None,
            began_at: None,
            ended_at: None,
        };
        let text = tm!(lang, "agenda-added", "meeting" => self.agenda_meeting(lang, &committee, msg.at),
            "line" => agenda_text(lang, &item));
        Ok(vec![self.reply(msg, text)])
    }

    async fn agenda_remove(&self, msg: &Incoming, lang: Lang, who: &str, id: i64) -> CoreResult<Vec<Effect>> {
        let Some(item) = self.store.agenda_item_ahead(id).await? else {
            return Ok(vec![self.reply(msg, t!(lang, "agenda-remove-none", "n" => id))]);
        };
        let config = self.config();
        // An item whose author left the roster would stay forever: any member may remove it.
        let author_left = !config.members.is_empty() && config.member_named(&item.author).is_none();
        if !item.author.eq_ignore_ascii_case(who) && !author_left {
            let text = t!(lang, "agenda-remove-not-yours", "n" => id, "author" => item.author.clone());
            return Ok(vec![self.reply(msg, text)]);
        }
        if !self.store.remove_agenda_item(id).await? {
            return Ok(vec![self.reply(msg, t!(lang, "agenda-remove-none", "n" => id))]);
        }
        let text = t!(lang, "agenda-removed", "n" => id, "title" => item.title.clone(),
            "meeting" => self.meeting_title(lang, &item.committee));
        Ok(vec![self.reply(msg, text)])
    }

    /// A meeting's reminder by e-mail, with its agenda, to each member who gets mail
    /// (every proposal or the digest), in their language.
    pub(super) async fn mail_meeting_reminder(
        &self,
        committee: &str,
        occurrence: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<Effect>> {
        let config = self.config();
        if config.mail.is_none() {
            return Ok(Vec::new());
        }
        let mut members = self.members_who_chose(MailPref::All).await?;
        members.extend(self.members_who_chose(MailPref::Digest).await?);
        let tz = config.collective.tz;
        let mut effects = Vec::new();
        for m in members {
            let lang = m.lang.unwrap_or(config.collective.lang);
            let meeting = self.meeting_title(lang, committee);
            let date = when(lang, tz, occurrence, now);
            let reminder = t!(lang, "meeting-reminder", "meeting" => meeting.clone(), "date" => date.clone(),
                "left" => span(lang, occurrence - now));
            let body = self.agenda_body(lang, committee).await?;
            let body = body.then(self.team_part(lang, committee, occurrence).await?);
            effects.push(Effect::Mail(Mail {
                to: MailTo::Member(m.name.clone()),
                proposal: None,
                subject: t!(lang, "agenda-mail-subject", "collective" => config.collective.name.clone(),
                    "meeting" => t!(lang, "meeting-with-date", "meeting" => meeting, "date" => date)),
                message: Message::from(reminder).then(body),
            }));
        }
        Ok(effects)
    }
}

/// An item in a chat message: its title as the member typed it (isolated in HTML, so a
/// right-to-left title cannot reorder the line).
pub(super) fn agenda_text(lang: Lang, item: &AgendaItem) -> Text {
    use crate::domain::agenda::{kind_name, timebox};
    tm!(lang, "agenda-item", "n" => item.id, "title" => Said(item.title.clone()),
        "kind" => kind_name(lang, item.kind), "timebox" => timebox(lang, item.minutes), "author" => item.author.clone())
}
