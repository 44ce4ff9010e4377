//! The membership check (`!membership` and the scheduled nudges): each member's status
//! against the collective's rules (committees, reflection meetings, monthly hours,
//! recent work, leave), in the room; the figures privately to each member.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::format::{series, span};
use super::{Core, CoreResult, Effect, Incoming, Message, Recipient};
use crate::config::ProjectKind;
use crate::domain::duration::hours_text;
use crate::domain::membership::{Evaluation, Facts, Status, Window, evaluate};
use crate::i18n::Lang;
use crate::message::{Mention, Text};
use crate::store::Absence;
use crate::{t, tm};

impl Core {
    /// The room sees each member's status; each member gets the figures privately.
    pub(super) async fn membership(&self, msg: &Incoming) -> CoreResult<Vec<Effect>> {
        let (window, evaluations, absences) = self.membership_evaluations(msg.at).await?;
        let l = self.config().collective.lang;
        let today = self.local_day(msg.at);
        let mut room_parts = Vec::new();
        let mut effects = Vec::new();
        for (member, e) in evaluations {
            let mine: Vec<&Absence> = absences.iter().filter(|a| a.member == member).collect();
            // Justified absences lower what is asked: the room sees that they did.
            let key = if mine.is_empty() {
                "membership-status"
            } else {
                "membership-status-excused"
            };
            room_parts.push(tm!(l, key, "member" => Mention(member.clone()), "status" => status_text(l, e.status)));
            // Nobody is pinged during their leave.
            if !mine.iter().any(|a| a.from <= today && today <= a.to) {
                let details = self.membership_details(self.config().lang_for(&member), window, &e);
                effects.push(Effect::Private {
                    to: Recipient::Member(member),
                    message: details,
                });
            }
        }
        let head = t!(l, "membership-header", "period" => self.days_text(l, window.from, window.to));
        let room = self.room_of(msg);
        let text = if room_parts.is_empty() {
            Message::new().line(head).line(t!(l, "membership-nobody"))
        } else {
            Message::new()
                .line(head)
                .line(series(l, "separator-groups", room_parts))
        };
        effects.insert(0, self.announce(&room, text));
        Ok(effects)
    }

    /// Each member's evaluation (`membership_details` says its figures), and the justified
    /// absences of the period up to today.
    pub(super) async fn membership_evaluations(
        &self,
        now: DateTime<Utc>,
    ) -> CoreResult<(Window, Vec<(String, Evaluation)>, Vec<Absence>)> {
        let today = self.local_day(now);
        let rules = &self.config().membership;
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
        let meeting_time: Vec<String> = self
            .projects()
            .await?
            .iter()
            .filter(|p| p.kind == ProjectKind::Meeting)
            .map(|p| p.name.clone())
            .collect();
        // Each member's first and last day on record (punches, meetings attended).
        let mut days: BTreeMap<String, (NaiveDate, NaiveDate)> = BTreeMap::new();
        let mut on_record = |member: String, first: NaiveDate, last: NaiveDate| {
            let span = days.entry(member).or_insert((first, last));
            *span = (span.0.min(first), span.1.max(last));
        };
        for (member, first, last) in self.store.punch_spans().await? {
            on_record(member, first, last);
        }
        for (member, first, last) in self.store.presence_spans().await? {
            on_record(member, self.local_day(first), self.local_day(last));
        }
        let collective_since = days.values().map(|(first, _)| *first).min();
        let members = if self.config().members.is_empty() {
            days.keys().cloned().collect()
        } else {
            self.known_members().await?
        };
        let absences = self.store.absences(window.from, today, None).await?;
        // Work (meeting time excluded) per member and month, from the kept month totals;
        // the rolling window's days outside whole months from the members' own entries:
        // everyone's, in one statement.
        let (whole, edges) = whole_months(window.rolling_from, today);
        let first = whole.first().map_or(window.from, |m| (*m).min(window.from));
        let last = whole.last().map_or(window.to, |m| (*m).max(window.to));
        let (months, edge_minutes) = self
            .store
            .member_work((first, last), &members, &edges, &meeting_time)
            .await?;
        let by_month: BTreeMap<(String, NaiveDate), i64> = months
            .into_iter()
            .map(|(member, month, minutes)| ((member, month), minutes))
            .collect();
        let edge_minutes: BTreeMap<String, i64> = edge_minutes.into_iter().collect();
        let mut out = Vec::new();
        for member in members {
            let month_of = |first: NaiveDate| by_month.get(&(member.clone(), first)).copied().unwrap_or(0);
            let minutes_by_month = window.months().into_iter().map(|m| (m, month_of(m))).collect();
            let recent: i64 =
                whole.iter().map(|m| month_of(*m)).sum::<i64>() + edge_minutes.get(&member).copied().unwrap_or(0);
            let on_record = days.get(&member).copied();
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
                last_activity: on_record.map(|(_, last)| last),
                justified: absences
                    .iter()
                    .filter(|a| a.member == member)
                    .map(|a| (a.from, a.to))
                    .collect(),
                since: on_record.map(|(first, _)| first).or(collective_since),
            };
            out.push((member, evaluate(rules, window, today, &facts)));
        }
        Ok((window, out, absences))
    }

    pub(super) fn membership_details(&self, lang: Lang, window: Window, e: &Evaluation) -> Message {
        let mut lines = vec![
            t!(lang, "membership-yours", "period" => self.days_text(lang, window.from, window.to), "status" => status_text(lang, e.status)),
        ];
        let committees: Vec<Text> = e
            .committees
            .iter()
            .map(|c| Text::from(self.meeting_title(lang, c)))
            .collect();
        lines.push(t!(lang, "membership-committees", "count" => e.committees.len() as i64, "needed" => i64::from(e.committees_needed),
            "list" => series(lang, "separator-list", committees).plain()));
        lines.push(t!(lang, "membership-reflection", "count" => i64::from(e.reflection), "needed" => i64::from(e.reflection_needed)));
        let months: Vec<Text> = e
            .months
            .iter()
            .map(|(m, worked, needed)| {
                tm!(lang, "membership-month", "month" => m.format_localized("%B", lang.chrono_locale()).to_string(),
                    "worked" => hours_text(*worked), "needed" => hours_text(*needed))
            })
            .collect();
        lines.push(t!(lang, "membership-hours", "months" => series(lang, "separator-list", months).plain()));
        lines.push(
            t!(lang, "membership-recent", "worked" => hours_text(e.recent_minutes), "warn" => hours_text(e.warn_below)),
        );
        if let Some(days) = e.absent_days {
            lines.push(t!(lang, "membership-absent", "span" => span(lang, Duration::days(days))));
        }
        lines.into_iter().fold(Message::new(), Message::line)
    }
}

pub(super) fn status_text(lang: Lang, s: Status) -> String {
    match s {
        Status::New => t!(lang, "membership-new"),
        Status::Ok => t!(lang, "membership-ok"),
        Status::AtRisk => t!(lang, "membership-at-risk"),
        Status::NotMeeting => t!(lang, "membership-not-meeting"),
    }
}

/// `from..=to` as the whole calendar months inside it (their first days) and the days at
/// either end that are not in one.
fn whole_months(from: NaiveDate, to: NaiveDate) -> (Vec<NaiveDate>, Vec<(NaiveDate, NaiveDate)>) {
    let month_start = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next_month = |d: NaiveDate| month_start(d).checked_add_months(chrono::Months::new(1));
    let start = if from.day() == 1 { Some(from) } else { next_month(from) };
    let end = match to.succ_opt() {
        Some(after) if after.day() == 1 => Some(after),
        _ => Some(month_start(to)),
    };
    let (Some(start), Some(end)) = (start, end) else {
        return (Vec::new(), vec![(from, to)]);
    };
    if start >= end {
        return (Vec::new(), vec![(from, to)]);
    }
    let mut months = Vec::new();
    let mut m = start;
    while m < end {
        months.push(m);
        match next_month(m) {
            Some(n) => m = n,
            None => break,
        }
    }
    let mut edges = Vec::new();
    if from < start {
        edges.push((from, start - Duration::days(1)));
    }
    if end <= to {
        edges.push((end, to));
    }
    (months, edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_span_is_its_whole_months_and_the_days_at_either_end() {
        assert_eq!(
            whole_months(day("2026-09-11"), day("2026-11-10")),
            (
                vec![day("2026-10-01")],
                vec![
                    (day("2026-09-11"), day("2026-09-30")),
                    (day("2026-11-01"), day("2026-11-10"))
                ]
            )
        );
        assert_eq!(
            whole_months(day("2026-09-01"), day("2026-10-31")),
            (vec![day("2026-09-01"), day("2026-10-01")], vec![])
        );
        assert_eq!(
            whole_months(day("2026-09-02"), day("2026-09-30")),
            (vec![], vec![(day("2026-09-02"), day("2026-09-30"))])
        );
        assert_eq!(
            whole_months(day("2026-09-01"), day("2026-10-05")),
            (vec![day("2026-09-01")], vec![(day("2026-10-01"), day("2026-10-05"))])
        );
        // Every day of any span is counted once.
        let start = day("2024-01-01");
        for a in 0..120 {
            for len in 0..100 {
                let from = start + Duration::days(a);
                let to = from + Duration::days(len);
                let (months, edges) = whole_months(from, to);
                let mut days: i64 = edges.iter().map(|(f, t)| (*t - *f).num_days() + 1).sum();
                for m in &months {
                    let next = m.checked_add_months(chrono::Months::new(1)).unwrap();
                    assert!(*m >= from && next - Duration::days(1) <= to);
                    days += (next - *m).num_days();
                }
                assert_eq!(days, len + 1, "{from}..={to}");
            }
        }
    }
}
