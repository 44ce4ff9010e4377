//! The rotating facilitation team (issue 31; README, "Meetings"): some days before each
//! scheduled meeting (`[meetings.roles] draw_before`) the scheduler (`schedule.rs`) draws
//! who holds each of its roles among the members expected there — on the roster, not on
//! leave or justly absent that day, not newcomers — and announces it, in the same turn
//! (one transaction: the draw and its announcement are both kept, or neither). The draw
//! itself is `domain/roles.rs`; each meeting is drawn once (`role_draws` is unique per
//! meeting), so a restart never draws twice.
//!
//! `!roles` shows the team of the next meeting, its seed and the rotation; `!roles pass
//! <role>` hands one's role back and the bot draws someone else for it, announcing it.
//! `!meeting start` posts the team and takes it (`meetings.rs`), the minutes list it
//! (`minutes.rs`), and the web view shows it (`/`, `/attendance`).

use chrono::{DateTime, Duration, Utc};

use super::format::{series, when};
use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::command::RolesCmd;
use crate::domain::roles::{Candidate, draw, role_name, role_named, seed_for, seed_text};
use crate::i18n::Lang;
use crate::message::{Mention, Stamp, Text};
use crate::store::Draw;
use crate::{t, tm};

/// A meeting started this long before or after its scheduled instant takes its team.
const TAKE_WITHIN: Duration = Duration::hours(12);

/// Past teams `!roles` lists in the rotation.
const ROTATION: u32 = 6;

impl Core {
    pub(super) async fn roles_command(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        cmd: RolesCmd,
    ) -> CoreResult<Vec<Effect>> {
        match cmd {
            RolesCmd::Show { committee } => self.roles_show(msg, lang, committee).await,
            RolesCmd::Pass { role } => self.roles_pass(msg, lang, who, &role).await,
        }
    }

    /// "facilitator: alice, note-taker: bob, timekeeper: nobody left to draw".
    pub(super) fn team_text(&self, lang: Lang, draw: &Draw) -> Text {
        let lines = draw
            .holders
            .iter()
            .map(|h| match &h.member {
                Some(m) => {
                    tm!(lang, "roles-holder", "role" => role_name(lang, &h.role), "member" => Mention(m.clone()))
                }
                None => tm!(lang, "roles-holder-nobody", "role" => role_name(lang, &h.role)),
            })
            .collect();
        series(lang, "separator-list", lines)
    }

    /// The members who can be drawn for the meeting of `committee` at `occurrence`, with
    /// what they served: on the roster, not absent that day, not among `excluded`, and —
    /// once the collective has held that many meetings — having attended
    /// `newcomer_meetings` of them.
    async fn candidates(
        &self,
        committee: &str,
        occurrence: DateTime<Utc>,
        excluded: &[String],
    ) -> CoreResult<Vec<Candidate>> {
        let config = self.config();
        let day = self.local_day(occurrence);
        let absent: Vec<String> = self
            .store
            .absences(day, day, None)
            .await?
            .into_iter()
            .map(|a| a.member)
            .collect();
        let (held, attended) = self.store.attended_counts().await?;
        let needed = config.meetings.roles.newcomer_meetings;
        let mut served = self.store.served(committee, occurrence).await?;
        let same = |a: &String, b: &str| a.eq_ignore_ascii_case(b);
        Ok(config
            .members
            .iter()
            .map(|m| &m.name)
            .filter(|m| !absent.iter().any(|a| same(a, m)) && !excluded.iter().any(|e| same(e, m)))
            .filter(|m| held < needed || attended.get(*m).copied().unwrap_or(0) >= needed)
            .map(|m| {
                served.remove(m).unwrap_or_else(|| Candidate {
                    name: m.clone(),
                    ..Default::default()
                })
            })
            .collect())
    }

    /// "The team: facilitator: ana, …" (nothing without a team).
    fn team_line(&self, lang: Lang, team: Option<&Draw>) -> Message {
        team.map_or_else(Message::new, |d| {
            Message::new().line(tm!(lang, "meeting-team", "team" => self.team_text(lang, d)))
        })
    }

    /// The scheduled draw for the meeting of `committee` at `occurrence`: recorded and
    /// announced, unless that meeting already has a team (or has no roles, or the
    /// collective no roster).
    pub(super) async fn draw_team(
        &self,
        committee: &str,
        occurrence: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<Effect>> {
        let config = self.config();
        let roles = config.meetings.roles_of(committee).to_vec();
        if roles.is_empty() || config.members.is_empty() {
            return Ok(Vec::new());
        }
        let candidates = self.candidates(committee, occurrence, &[]).await?;
        let seed = seed_for(committee, occurrence, 0);
        let team = draw(&roles, &candidates, seed);
        let Some(id) = self
            .store
            .record_draw(committee, occurrence, &seed_text(seed), &team, now)
            .await?
        else {
            return Ok(Vec::new());
        };
        let Some(drawn) = self
            .store
            .draws_from(occurrence)
            .await?
            .into_iter()
            .find(|d| d.id == id)
        else {
            return Ok(Vec::new());
        };
        let l = config.collective.lang;
        let text = tm!(l, "roles-drawn", "meeting" => self.dated_meeting(l, committee, occurrence, now),
            "team" => self.team_text(l, &drawn), "seed" => drawn.seed.clone());
        Ok(vec![Effect::Announce {
            room: self.home_room.clone(),
            message: text.into(),
        }])
    }

    /// "the production meeting (Tue Nov 24, 10:00 EST)".
    fn dated_meeting(&self, lang: Lang, committee: &str, at: DateTime<Utc>, now: DateTime<Utc>) -> Text {
        let date = Stamp(at, when(lang, self.config().collective.tz, at, now));
        tm!(lang, "meeting-with-date", "meeting" => self.meeting_title(lang, committee), "date" => date)
    }

    /// The team of the committee's next meeting (or of the one under way), if drawn.
    async fn next_team(&self, committee: &str, now: DateTime<Utc>) -> CoreResult<Option<Draw>> {
        Ok(self
            .store
            .draws_from(now - TAKE_WITHIN)
            .await?
            .into_iter()
            .find(|d| d.committee == committee))
    }

    async fn roles_show(&self, msg: &Incoming, lang: Lang, committee: Option<String>) -> CoreResult<Vec<Effect>> {
        let committee = match self.agenda_committee(msg, lang, committee) {
            Ok(c) => c,
            Err(e) => return Ok(vec![e]),
        };
        let now = msg.at;
        let tz = self.config().collective.tz;
        let mut message = Message::new();
        match self.next_team(&committee, now).await? {
            Some(d) => {
                message = message
                    .line(
                        tm!(lang, "roles-heading", "meeting" => self.dated_meeting(lang, &committee, d.occurrence, now),
                        "team" => self.team_text(lang, &d)),
                    )
                    .line(
                        tm!(lang, "roles-seed", "date" => Stamp(d.drawn_at, when(lang, tz, d.drawn_at, now)),
                        "seed" => d.seed.clone()),
                    );
            }
            None if self.config().meetings.roles_of(&committee).is_empty() => {
                message =
                    message.line(t!(lang, "roles-none-configured", "meeting" => self.meeting_title(lang, &committee)));
            }
            None => {
                let lead = self.config().meetings.roles.draw_before;
                let text = match self.next_meeting_of(&committee, now) {
                    Some(at) => {
                        let on = (at - lead).max(now);
                        tm!(lang, "roles-none-yet", "meeting" => self.dated_meeting(lang, &committee, at, now),
                            "date" => Stamp(on, when(lang, tz, on, now)))
                    }
                    None => tm!(lang, "roles-none-unscheduled", "meeting" => self.meeting_title(lang, &committee)),
                };
                message = message.line(text);
            }
        }
        let past: Vec<Draw> = self
            .store
            .draws_before(now - TAKE_WITHIN, 50)
            .await?
            .into_iter()
            .filter(|d| d.committee == committee)
            .take(ROTATION as usize)
            .collect();
        if past.is_empty() {
            message = message.line(t!(lang, "roles-rotation-empty"));
        } else {
            let lines = past
                .iter()
                .map(|d| {
                    let day = super::format::day_with_year(lang, self.local_day(d.occurrence));
                    tm!(lang, "roles-rotation-line", "date" => day, "team" => self.team_text(lang, d))
                })
                .collect();
            message = message.line(t!(lang, "roles-rotation")).list(lines);
        }
        Ok(vec![self.reply(msg, message)])
    }

    async fn roles_pass(&self, msg: &Incoming, lang: Lang, who: &str, said: &str) -> CoreResult<Vec<Effect>> {
        let now = msg.at;
        let config = self.config();
        let upcoming: Vec<Draw> = self.store.draws_from(now).await?;
        let mut every_role: Vec<String> = Vec::new();
        for c in std::iter::once("production".to_owned())
            .chain(std::iter::once("reflection".to_owned()))
            .chain(config.meetings.committees.iter().map(|c| c.name.clone()))
        {
            for r in config.meetings.roles_of(&c) {
                if !every_role.contains(r) {
                    every_role.push(r.clone());
                }
            }
        }
        let names =
            |roles: &[String]| super::format::list(lang, &roles.iter().map(|r| role_name(lang, r)).collect::<Vec<_>>());
        let Some(role) = role_named(&every_role, said).cloned() else {
            let text =
                tm!(lang, "roles-unknown-role", "role" => super::format::echoed(said), "roles" => names(&every_role));
            return Ok(vec![self.reply(msg, text)]);
        };
        if upcoming.is_empty() {
            return Ok(vec![self.reply(msg, t!(lang, "roles-pass-none-drawn"))]);
        }
        let mine = |h: &crate::store::Holder| h.member.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(who));
        let Some((d, holder)) = upcoming
            .iter()
            .find_map(|d| d.holders.iter().find(|h| h.role == role && mine(h)).map(|h| (d, h)))
        else {
            let held: Vec<String> = upcoming
                .iter()
                .flat_map(|d| d.holders.iter().filter(|h| mine(h)).map(|h| h.role.clone()))
                .collect();
            let text = if held.is_empty() {
                t!(lang, "roles-pass-not-on-team")
            } else {
                t!(lang, "roles-pass-not-yours", "role" => role_name(lang, &role), "roles" => names(&held))
            };
            return Ok(vec![self.reply(msg, text)]);
        };
        if !self.store.pass_role(holder.id, now).await? {
            return Ok(vec![self.reply(msg, t!(lang, "roles-pass-not-on-team"))]);
        }
        // Nobody already on the team, nor anyone who handed this role back.
        let mut excluded: Vec<String> = d.holders.iter().filter_map(|h| h.member.clone()).collect();
        let passers = self.store.passers(d.id, &role).await?;
        excluded.extend(passers.iter().cloned());
        let candidates = self.candidates(&d.committee, d.occurrence, &excluded).await?;
        let seed = seed_for(
            &d.committee,
            d.occurrence,
            u32::try_from(passers.len()).unwrap_or(u32::MAX),
        );
        let (_, taker) = draw(std::slice::from_ref(&role), &candidates, seed)
            .into_iter()
            .next()
            .unwrap_or((role.clone(), None));
        let position = d.holders.iter().position(|h| h.id == holder.id).map_or(0, |p| p as i64);
        self.store
            .add_holder(d.id, &role, position, taker.as_deref(), &seed_text(seed), now)
            .await?;
        let l = config.collective.lang;
        let meeting = self.dated_meeting(l, &d.committee, d.occurrence, now);
        let text = match taker {
            Some(m) => tm!(l, "roles-passed", "who" => Mention(who.to_owned()), "role" => role_name(l, &role),
                "meeting" => meeting, "member" => Mention(m), "seed" => seed_text(seed)),
            None => tm!(l, "roles-passed-nobody", "who" => Mention(who.to_owned()), "role" => role_name(l, &role),
                "meeting" => meeting),
        };
        Ok(vec![Effect::Announce {
            room: self.home_room.clone(),
            message: text.into(),
        }])
    }

    /// The teams of the meetings scheduled between `from` and `to`, as `!attendance`
    /// lists them (nothing when there were none).
    pub(super) async fn teams_between(
        &self,
        lang: Lang,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> CoreResult<Message> {
        let teams: Vec<Text> = self
            .store
            .draws_from(from)
            .await?
            .into_iter()
            .filter(|d| d.occurrence < to)
            .map(|d| {
                tm!(lang, "roles-period-line", "meeting" => self.dated_meeting(lang, &d.committee, d.occurrence, now),
                    "team" => self.team_text(lang, &d))
            })
            .collect();
        if teams.is_empty() {
            return Ok(Message::new());
        }
        Ok(Message::new().line(t!(lang, "roles-period")).list(teams))
    }

    /// The team drawn for the meeting of `committee` at `occurrence`, as reminders
    /// carry it (nothing before the draw).
    pub(super) async fn team_part(
        &self,
        lang: Lang,
        committee: &str,
        occurrence: DateTime<Utc>,
    ) -> CoreResult<Message> {
        let team = self
            .store
            .draws_from(occurrence)
            .await?
            .into_iter()
            .find(|d| d.committee == committee && d.occurrence == occurrence);
        Ok(self.team_line(lang, team.as_ref()))
    }

    /// At `!meeting start`: the team drawn for this meeting, which it takes; the line to
    /// post (nothing when no team was drawn).
    pub(super) async fn take_team(
        &self,
        lang: Lang,
        committee: &str,
        meeting: i64,
        at: DateTime<Utc>,
    ) -> CoreResult<Message> {
        let team = self
            .store
            .take_team(committee, meeting, at - TAKE_WITHIN, at + TAKE_WITHIN, at)
            .await?;
        Ok(self.team_line(lang, team.as_ref()))
    }

    /// The minutes' section on the team (Markdown), empty when the meeting had none.
    pub(super) async fn minutes_team(&self, lang: Lang, meeting: i64) -> CoreResult<String> {
        let Some(d) = self.store.meeting_team(meeting).await? else {
            return Ok(String::new());
        };
        let mut md = format!("## {}\n\n", t!(lang, "minutes-team"));
        for h in &d.holders {
            let who = h
                .member
                .as_deref()
                .map_or_else(|| t!(lang, "nobody"), super::minutes::text);
            let role = super::minutes::text(&role_name(lang, &h.role));
            md.push_str(&format!(
                "- {}\n",
                t!(lang, "roles-holder", "role" => role, "member" => who)
            ));
        }
        md.push_str(&format!(
            "\n{}\n\n",
            t!(lang, "minutes-team-seed", "seed" => d.seed.clone())
        ));
        Ok(md)
    }
}
