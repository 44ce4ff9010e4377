//! Live stand-up rounds in the core: the round itself is
//! [`crate::domain::standup::Round`], kept in the database between messages, so a
//! restart in the middle of a round loses nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::format::{names, series, when};
use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::command::StandupCmd;
use crate::domain::standup::{Event, Refusal, Round, Summary, Tag, rotated_order};
use crate::i18n::Lang;
use crate::message::{Mention, Said, Stamp, Text};
use crate::store::FinishedRound;
use crate::{t, tm};

/// The committee a stand-up's attendance counts for when no meeting is open: the
/// stand-up opens the weekly production meeting.
const STANDUP_COMMITTEE: &str = "production";

/// How long an update sent beforehand waits for a round.
const UPDATES_KEPT: chrono::Duration = chrono::Duration::days(7);

/// A move in a running stand-up round.
pub(super) enum RoundMove {
    Next,
    Pass,
    Later,
    Skip(String),
}

impl Core {
    /// A roster name for a presence handle (or the handle itself without a roster).
    pub(super) fn member_for_handle(&self, handle: &str) -> Option<String> {
        if self.config().members.is_empty() {
            Some(handle.to_owned())
        } else {
            self.config().member_named(handle).map(|m| m.name.clone())
        }
    }

    /// Whether `name` designates nobody konbit knows in `room`: neither a roster member
    /// nor someone present there. `Some`: the note to give, with the closest member's
    /// name when it looks like a typo.
    pub(super) fn stranger_note(&self, lang: Lang, room: &str, name: &str) -> Option<Text> {
        let here = self.present(room).iter().any(|h| h.eq_ignore_ascii_case(name));
        if here || self.config().member_named(name).is_some() {
            return None;
        }
        let config = self.config();
        let closest = config
            .members
            .iter()
            .map(|m| {
                (
                    strsim::damerau_levenshtein(&name.to_lowercase(), &m.name.to_lowercase()),
                    &m.name,
                )
            })
            .min_by_key(|(d, _)| *d)
            .filter(|(d, _)| *d <= 2);
        Some(match closest {
            Some((_, m)) => {
                tm!(lang, "action-stranger-suggest", "who" => Said(name.to_owned()), "suggestion" => m.clone())
            }
            None => tm!(lang, "action-stranger", "who" => Said(name.to_owned())),
        })
    }

    pub(super) async fn standup_command(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        cmd: StandupCmd,
    ) -> CoreResult<Vec<Effect>> {
        let room = self.room_of(msg);
        let now = msg.at;
        let running = self.store.running_standup(&room).await?;
        match (cmd, running) {
            (StandupCmd::Start, Some((_, round))) => {
                let current = round.current_member().unwrap_or_default().to_owned();
                Ok(vec![self.reply(msg, t!(lang, "standup-already", "member" => current))])
            }
            (StandupCmd::Start, None) => Ok(match self.start_round(&room, now).await? {
                Ok(effects) => effects,
                Err(why) => vec![self.reply(msg, t!(lang, why))],
            }),
            (StandupCmd::Last, _) => {
                let text = match self.store.last_standup(&room).await? {
                    Some((at, summary)) => {
                        let at = Stamp(at, when(lang, self.config().collective.tz, at, now));
                        Message::new()
                            .line(tm!(lang, "standup-last", "date" => at))
                            .then(summary_text(lang, &summary))
                    }
                    None => Message::new().line(tm!(lang, "standup-none-yet")),
                };
                Ok(vec![self.reply(msg, text)])
            }
            (_, None) => Ok(vec![self.reply(msg, t!(lang, "standup-not-running"))]),
            (StandupCmd::Join, Some((id, mut round))) => {
                match round.join(who, now) {
                    Ok(events) => {
                        let mut effects = vec![Effect::Announce {
                        room: self.room_named(&room),
                        message: tm!(self.config().collective.lang, "standup-joined", "member" => Mention(who.to_owned())).into(),
                    }];
                        effects.extend(self.after_step(&room, id, &round, events, now).await?);
                        Ok(effects)
                    }
                    Err(r) => Ok(vec![self.reply(msg, refusal(lang, r))]),
                }
            }
            (StandupCmd::End, Some((id, round))) => self.finish_round(&room, id, &round, now).await,
        }
    }

    /// Starts a round in `room`; `Err` carries the catalog id of why not.
    pub(super) async fn start_round(
        &self,
        room: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<Result<Vec<Effect>, &'static str>> {
        let on_leave = self.on_leave_today(now).await?;
        let is_on_leave = |m: &str| on_leave.iter().any(|l| l.eq_ignore_ascii_case(m));
        let mut present: Vec<String> = Vec::new();
        let mut skipped_leave: Vec<String> = Vec::new();
        for handle in self.present(room) {
            let Some(member) = self.member_for_handle(&handle) else {
                continue;
            };
            if is_on_leave(&member) {
                skipped_leave.push(member);
            } else if !present.contains(&member) {
                present.push(member);
            }
        }
        let mut beforehand: BTreeMap<String, Vec<(Tag, String)>> = BTreeMap::new();
        let mut used = Vec::new();
        // Updates sent beforehand are for the collective's main room, and for a week.
        let pending = if room == self.home_room.name {
            self.store.pending_updates(now - UPDATES_KEPT).await?
        } else {
            Vec::new()
        };
        for (id, member, line) in pending {
            let (tag, text) = Tag::split(&line);
            beforehand.entry(member).or_default().push((tag, text.to_owned()));
            used.push(id);
        }
        if present.is_empty() && beforehand.is_empty() {
            return Ok(Err("standup-nobody"));
        }
        let earlier = self.store.standup_count(room).await?;
        let order = if self.config().standup.shuffle {
            shuffled(present, earlier)
        } else {
            rotated_order(present, earlier)
        };
        let read_later: Vec<String> = beforehand.keys().filter(|m| !order.contains(m)).cloned().collect();
        let (round, events) = Round::start(&order, beforehand, now);
        let Some(id) = self.store.start_standup(room, &round, &used).await? else {
            return Ok(Err("standup-already-running"));
        };
        let l = self.config().collective.lang;
        let mut intro = tm!(l, "standup-started", "count" => order.len() as i64, "order" => names(l, &order));
        let sentences = t!(l, "separator-sentences");
        if !skipped_leave.is_empty() {
            intro = intro.joined(
                &sentences,
                tm!(l, "standup-on-leave", "names" => names(l, &skipped_leave)),
            );
        }
        if !read_later.is_empty() {
            intro = intro.joined(
                &sentences,
                tm!(l, "standup-updates-sent", "names" => names(l, &read_later)),
            );
        }
        let mut effects = vec![Effect::Announce {
            room: self.room_named(room),
            message: intro.into(),
        }];
        effects.extend(self.after_step(room, id, &round, events, now).await?);
        Ok(Ok(effects))
    }

    /// Announces what a step produced, and saves or finishes the round.
    async fn after_step(
        &self,
        room: &str,
        id: i64,
        round: &Round,
        events: Vec<Event>,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<Effect>> {
        let l = self.config().collective.lang;
        let mut effects = Vec::new();
        let mut finished = false;
        for e in events {
            match e {
                Event::Turn {
                    member,
                    next,
                    beforehand,
                } => {
                    // The member whose turn it is is mentioned (a pill that notifies them
                    // where the medium has one).
                    let mut text = match next {
                        Some(next) => tm!(l, "standup-turn-next", "member" => Mention(member), "next" => next),
                        None => tm!(l, "standup-turn-last", "member" => Mention(member)),
                    };
                    if beforehand > 0 {
                        let more = tm!(l, "standup-turn-beforehand", "count" => beforehand as i64);
                        text = text.joined(&t!(l, "separator-sentences"), more);
                    }
                    effects.push(self.announce(room, text));
                }
                Event::Read { member, lines } => {
                    let items = lines.iter().map(|(tag, line)| tagged(l, *tag, line)).collect();
                    let message = Message::new()
                        .line(tm!(l, "standup-read", "member" => Mention(member)))
                        .list(items);
                    effects.push(self.announce(room, message));
                }
                Event::Finished => finished = true,
            }
        }
        if finished {
            effects.extend(self.finish_round(room, id, round, now).await?);
        } else {
            self.store.save_standup(id, round).await?;
        }
        Ok(effects)
    }

    async fn finish_round(&self, room: &str, id: i64, round: &Round, now: DateTime<Utc>) -> CoreResult<Vec<Effect>> {
        let mut round = round.clone();
        round.end();
        let round = &round;
        let summary = round.summary();
        let present = summary.present();
        let finished = FinishedRound {
            id,
            room,
            round,
            summary: &summary,
            committee: STANDUP_COMMITTEE,
            present: &present,
            at: now,
        };
        if !self.store.finish_standup(&finished).await? {
            return Ok(Vec::new());
        }
        let l = self.config().collective.lang;
        Ok(vec![Effect::Announce {
            room: self.room_named(room),
            message: summary_text(l, &summary),
        }])
    }

    /// `!next`, `!pass`, `!skip NAME`, `!later`.
    pub(super) async fn round_command(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        cmd: RoundMove,
    ) -> CoreResult<Vec<Effect>> {
        let room = self.room_of(msg);
        let now = msg.at;
        let Some((id, mut round)) = self.store.running_standup(&room).await? else {
            return Ok(vec![self.reply(msg, t!(lang, "standup-not-running"))]);
        };
        let l = self.config().collective.lang;
        let (result, said) = match cmd {
            RoundMove::Next => (round.next(who, now), None),
            RoundMove::Pass => (round.pass(who, now), None),
            RoundMove::Later => (
                round.later(who, now),
                Some(tm!(l, "standup-later", "member" => Mention(who.to_owned()))),
            ),
            RoundMove::Skip(name) => {
                let name = self.member_for_handle(&name).unwrap_or(name);
                let said = tm!(l, "standup-skipped", "member" => Mention(name.clone()));
                (round.skip(&name, now), Some(said))
            }
        };
        match result {
            Ok(events) => {
                let mut effects: Vec<Effect> = said
                    .map(|text| Effect::Announce {
                        room: self.room_named(&room),
                        message: text.into(),
                    })
                    .into_iter()
                    .collect();
                effects.extend(self.after_step(&room, id, &round, events, now).await?);
                Ok(effects)
            }
            Err(r) => Ok(vec![self.reply(msg, refusal(lang, r))]),
        }
    }

    /// A line said in a room: part of the update if it is the speaker's turn.
    pub(super) async fn standup_line(&self, msg: &Incoming) -> CoreResult<()> {
        let (Some(room), Some(member)) = (&msg.room, &msg.speaker.member) else {
            return Ok(());
        };
        if let Some((id, mut round)) = self.store.running_standup(&room.name).await?
            && round.say(member, &msg.text)
        {
            self.store.save_standup(id, &round).await?;
        }
        Ok(())
    }

    /// A line said privately that is not a command: a tagged stand-up line from a member
    /// is an update for the next round, as with `!update`; anything else gets a pointer
    /// to `!help` (the bot only understands commands).
    pub(super) async fn private_line(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        let text = msg.text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        match (&msg.speaker.member, Tag::split(text)) {
            (Some(member), (tag, line)) if tag != Tag::General && !line.is_empty() => {
                self.standup_update(msg, lang, member, text).await
            }
            _ => Ok(vec![self.reply(msg, t!(lang, "private-hint"))]),
        }
    }

    /// An update sent privately before the round.
    pub(super) async fn standup_update(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        text: &str,
    ) -> CoreResult<Vec<Effect>> {
        self.store.add_update(who, text, msg.at).await?;
        let (tag, line) = Tag::split(text);
        Ok(vec![self.reply(
            msg,
            tm!(lang, "standup-update-noted", "line" => tagged(lang, tag, line)),
        )])
    }

    /// Gentle nudges for turns past the time box.
    pub(super) async fn standup_tick(&self, now: DateTime<Utc>, effects: &mut Vec<Effect>) -> CoreResult<()> {
        let time_box = self.config().standup.time_box;
        for (id, room, mut round) in self.store.running_standups().await? {
            if round.nudge_due(time_box).is_some_and(|at| at <= now) {
                round.nudged = true;
                self.store.save_standup(id, &round).await?;
                let minutes = time_box.map_or(0, |b| b.num_minutes());
                let member = round.current_member().unwrap_or_default().to_owned();
                let lang = self.config().lang_for(&member);
                let text = tm!(lang, "standup-nudge", "member" => Mention(member), "minutes" => minutes);
                effects.push(self.announce(&room, text));
            }
        }
        Ok(())
    }

    pub(super) async fn standup_next_due(&self) -> CoreResult<Option<DateTime<Utc>>> {
        let time_box = self.config().standup.time_box;
        if time_box.is_none() {
            return Ok(None);
        }
        Ok(self
            .store
            .running_standups()
            .await?
            .iter()
            .filter_map(|(_, _, r)| r.nudge_due(time_box))
            .min())
    }
}

/// A shuffled order, different for each round but reproducible from the round's number.
fn shuffled(mut members: Vec<String>, round: u64) -> Vec<String> {
    members.sort();
    let mut state = round.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for i in (1..members.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        members.swap(i, j);
    }
    members
}

fn tag_name(lang: Lang, tag: Tag) -> String {
    match tag {
        Tag::Help => t!(lang, "tag-help"),
        Tag::Availability => t!(lang, "tag-availability"),
        Tag::Announce => t!(lang, "tag-announce"),
        Tag::Priorities => t!(lang, "tag-priorities"),
        Tag::General => t!(lang, "tag-general"),
    }
}

/// A stand-up line under its tag, the member's words set apart.
fn tagged(lang: Lang, tag: Tag, line: &str) -> Text {
    tm!(lang, "standup-tagged-line", "tag" => tag_name(lang, tag), "line" => Said(line.to_owned()))
}

/// The short, grouped summary: who took part, then help requests first.
pub(super) fn summary_text(lang: Lang, s: &Summary) -> Message {
    let mut m = Message::new().line(tm!(lang, "standup-summary",
        "count" => s.present().len() as i64,
        "spoke" => names(lang, &s.spoke)));
    for (key, who) in [
        ("standup-summary-passed", &s.passed),
        ("standup-summary-read", &s.read),
        ("standup-summary-absent", &s.absent),
        ("standup-summary-not-called", &s.not_called),
    ] {
        if !who.is_empty() {
            m = m.line(tm!(lang, key, "names" => names(lang, who)));
        }
    }
    for (tag, entries) in &s.lines {
        let items: Vec<Text> = entries
            .iter()
            .map(|(who, text)| tm!(lang, "standup-summary-item", "who" => Mention(who.clone()), "text" => Said(text.clone())))
            .collect();
        let items = series(lang, "separator-groups", items);
        m = m.line(tm!(lang, "standup-summary-group", "tag" => tag_name(lang, *tag), "items" => items));
    }
    m
}

fn refusal(lang: Lang, r: Refusal) -> String {
    match r {
        Refusal::NotYourTurn(Some(current)) => t!(lang, "standup-not-your-turn", "member" => current),
        Refusal::NotYourTurn(None) => t!(lang, "standup-not-running"),
        Refusal::NotInRound(name) => t!(lang, "standup-not-in-round", "member" => name),
        Refusal::AlreadyHadTurn => t!(lang, "standup-already-had-turn"),
        Refusal::AlreadyInRound => t!(lang, "standup-already-in-round"),
        Refusal::NobodyElseLeft => t!(lang, "standup-nobody-else"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffles_differ_between_rounds_and_keep_everyone() {
        let people: Vec<String> = ["a", "b", "c", "d", "e"].iter().map(|s| s.to_string()).collect();
        let orders: std::collections::BTreeSet<Vec<String>> = (0..10).map(|k| shuffled(people.clone(), k)).collect();
        assert!(orders.len() > 3);
        for o in orders {
            let mut sorted = o.clone();
            sorted.sort();
            assert_eq!(sorted, people);
        }
    }
}
