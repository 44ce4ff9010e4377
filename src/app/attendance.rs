//! Justified absences (`!absent`) and attendance at meetings (`!attendance`): who came
//! to which meeting, with leave shown as such, and who held which role of the
//! facilitation team.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};

use super::format::{series, when};
use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::command::{AbsentDay, PeriodSpec};
use crate::domain::punch::Period;
use crate::i18n::Lang;
use crate::message::{Mention, Said, Stamp, Text};
use crate::store::Absence;
use crate::{t, tm};

impl Core {
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
            message: tm!(lang, "absent-noted", "days" => days, "reason" => Said(reason)).into(),
        }])
    }

    pub(super) fn days_text(&self, lang: Lang, from: NaiveDate, to: NaiveDate) -> String {
        let fmt = |d: NaiveDate| super::format::day_with_year(lang, d);
        if from == to {
            fmt(from)
        } else {
            t!(lang, "days-range", "from" => fmt(from), "to" => fmt(to))
        }
    }

    /// The members to report on: the roster, or everyone the records know.
    pub(super) async fn known_members(&self) -> CoreResult<Vec<String>> {
        if !self.config().members.is_empty() {
            return Ok(self.config().members.iter().map(|m| m.name.clone()).collect());
        }
        let mut all: BTreeSet<String> = self.store.punch_spans().await?.into_iter().map(|(m, _, _)| m).collect();
        all.extend(self.store.presence_spans().await?.into_iter().map(|(m, _, _)| m));
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
        let held_text: Vec<Text> = by_committee
            .iter()
            .map(
                |(c, n)| tm!(lang, "attendance-meeting-count", "meeting" => self.meeting_title(lang, c), "count" => *n),
            )
            .collect();
        let head = Message::new().line(
            tm!(lang, "attendance-header", "period" => period_text, "count" => held.len() as i64,
            "meetings" => series(lang, "separator-list", held_text)),
        );
        // A line per member; for one member, the meetings they came to.
        let mut rows = Vec::new();
        let mut details = Message::new();
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
            let mut line = tm!(lang, "attendance-line", "member" => Mention(m.clone()), "present" => mine.len() as i64, "held" => held.len() as i64);
            let leave: Vec<Text> = absences
                .iter()
                .filter(|a| a.member == m)
                .map(|a| Text::from(self.days_text(lang, a.from, a.to)))
                .collect();
            if !leave.is_empty() {
                let days = series(lang, "separator-list", leave);
                line = line.joined(
                    &t!(lang, "separator-sentences"),
                    tm!(lang, "attendance-justified", "days" => days),
                );
            }
            if name.is_some() {
                for p in &mine {
                    let at = Stamp(p.at, when(lang, self.config().collective.tz, p.at, msg.at));
                    details = details.line(
                        tm!(lang, "attendance-item", "meeting" => self.meeting_title(lang, &p.committee),
                        "date" => at),
                    );
                }
            }
            rows.push(line);
        }
        // Who held which role of the facilitation team at the period's meetings (`roles.rs`).
        let teams = self.teams_between(lang, from, to, msg.at).await?;
        Ok(vec![self.reply(msg, head.list(rows).then(details).then(teams))])
    }
}
