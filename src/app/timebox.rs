//! Time boxes during a meeting (issue 31; README, "Meetings"): `!item next` (`!point
//! suivant`) leaves the agenda item the meeting is on and takes up the next one, `!item`
//! says which one it is on and for how long. The room is told when the item's time box
//! is nearly over (`domain::agenda::warning_before`: two minutes before its end, a fifth
//! of a short box) and when it is over — each once: the instants are stored with the
//! item and indexed like every pending event (`store/timebox.rs`, `store/due.rs`), cleared
//! in the same transaction as the announcement that says them, and cleared when the item
//! is left (by `!item next` or `!meeting end`), so nothing is said again after a restart
//! nor for an item already left. The minutes show the time each item took against its
//! box (`minutes.rs`).
//!
//! Who moves the meeting on: any member, like every meeting command (there are no meeting
//! roles to check yet).

use chrono::{DateTime, Utc};

use super::agenda::agenda_text;
use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::domain::agenda::{time_box_ends, timebox, took_minutes};
use crate::i18n::Lang;
use crate::message::Said;
use crate::store::{AgendaItem, Meeting, TimeBoxEnds};
use crate::{t, tm};

impl Core {
    /// `!item`: the item the meeting is on, how long it has been on it; else what comes.
    pub(super) async fn item_show(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        let meeting = match self.require_meeting(msg, lang).await? {
            Ok(m) => m,
            Err(e) => return Ok(vec![e]),
        };
        let text = match self.store.current_agenda_item(meeting.id).await? {
            Some(item) => {
                let took = took_minutes(item.began_at.unwrap_or(msg.at), msg.at);
                tm!(lang, "item-current", "line" => agenda_text(lang, &item), "took" => took,
                    "timebox" => i64::from(item.minutes))
            }
            None => self.nothing_under_way(lang, &meeting).await?,
        };
        Ok(vec![self.reply(msg, text)])
    }

    /// What to say when the meeting is on no item: the next one to take up, or that
    /// there is none.
    async fn nothing_under_way(&self, lang: Lang, meeting: &Meeting) -> CoreResult<crate::message::Text> {
        Ok(match self.store.next_agenda_item(meeting.id).await? {
            Some(next) => tm!(lang, "item-none-yet", "line" => agenda_text(lang, &next)),
            None if self.store.meeting_agenda(meeting.id).await?.is_empty() => tm!(lang, "item-no-agenda"),
            None => tm!(lang, "item-all-done"),
        })
    }

    /// `!item next`: leaves the item the meeting is on (saying how long it took against
    /// its box) and takes up the next, whose time box starts now.
    pub(super) async fn item_next(&self, msg: &Incoming, lang: Lang, who: &str) -> CoreResult<Vec<Effect>> {
        let meeting = match self.require_meeting(msg, lang).await? {
            Ok(m) => m,
            Err(e) => return Ok(vec![e]),
        };
        let left = self.store.leave_agenda_item(meeting.id, msg.at).await?;
        let next = self.store.next_agenda_item(meeting.id).await?;
        if left.is_none() && next.is_none() {
            return Ok(vec![self.reply(msg, self.nothing_under_way(lang, &meeting).await?)]);
        }
        let l = self.config().collective.lang;
        let mut text = Message::new();
        if let Some(left) = &left {
            text = text.line(left_line(l, left));
        }
        match next {
            Some(next) => {
                let (warn_at, over_at) = time_box_ends(msg.at, next.minutes);
                if !self
                    .store
                    .take_up_agenda_item(next.id, msg.at, TimeBoxEnds { warn_at, over_at })
                    .await?
                {
                    return Ok(vec![self.reply(msg, t!(lang, "storage-error"))]);
                }
                let after = self.store.meeting_agenda(meeting.id).await?;
                let after = after.iter().filter(|i| i.began_at.is_none() && i.id != next.id).count();
                text = text.line(tm!(l, "item-taken-up", "line" => agenda_text(l, &next),
                    "who" => crate::message::Mention(who.to_owned()), "after" => after as i64));
            }
            None => text = text.line(t!(l, "item-last-done")),
        }
        Ok(vec![self.announce(&meeting.room, text)])
    }

    /// At `!meeting end`: the item the meeting is on is left then (the minutes count its
    /// time to the end), and nothing more is said of its time box.
    pub(super) async fn leave_item_at_end(&self, meeting: i64, at: DateTime<Utc>) -> CoreResult<()> {
        self.store.leave_agenda_item(meeting, at).await?;
        Ok(())
    }

    /// The time boxes that fell due: each item's "nearly over", then its "over", said once.
    pub(super) async fn timebox_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        for due in self.store.time_boxes_due(now).await? {
            if !self.store.time_box_said(due.item.id, due.over).await? {
                continue;
            }
            let l = self.config().collective.lang;
            let item = &due.item;
            let title = Said(item.title.clone());
            let text = if due.over {
                tm!(l, "item-over", "n" => item.id, "title" => title, "timebox" => timebox(l, item.minutes))
            } else {
                let left = crate::domain::agenda::warning_before(item.minutes).unwrap_or(1);
                tm!(l, "item-nearly-over", "n" => item.id, "title" => title, "left" => i64::from(left))
            };
            effects.push(self.announce(&due.room, text));
        }
        Ok(())
    }
}

/// "Item 1 (Quarterly figures) took 7 min / 5 min."
fn left_line(lang: Lang, item: &AgendaItem) -> crate::message::Text {
    let took = match (item.began_at, item.ended_at) {
        (Some(b), Some(e)) => took_minutes(b, e),
        _ => 0,
    };
    tm!(lang, "item-left", "n" => item.id, "title" => Said(item.title.clone()), "took" => took,
        "timebox" => i64::from(item.minutes))
}

/// At `!meeting start`, under the agenda: how to take up its first item (nothing when
/// the meeting has no items).
pub(super) fn how_to_start(lang: Lang, items: &[AgendaItem]) -> Message {
    match items.first() {
        Some(first) => Message::new().line(t!(lang, "item-how", "n" => first.id)),
        None => Message::new(),
    }
}
