//! The hours reports (`!hours`): one's own, the collective's by project, a project's,
//! a member's (when the collective shares individual figures). A report is a table in
//! the message model: each row keeps its catalog sentence for plain media and its cells
//! for media that draw tables.

use chrono::{Datelike, NaiveDate};

use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::command::{PeriodSpec, Subject};
use crate::config::ProjectKind;
use crate::domain::duration::hours_text;
use crate::domain::punch::Period;
use crate::domain::share::MonthShare;
use crate::i18n::Lang;
use crate::message::{Row, Span, Text};
use crate::store::{ReportFilter, Totals};
use crate::{t, tm};

impl Core {
    pub(super) async fn hours_report(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: Option<&str>,
        period: PeriodSpec,
        subject: Subject,
    ) -> CoreResult<Vec<Effect>> {
        let today = self.today_for(who.unwrap_or(""), msg.at);
        let period_spec = period;
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
        let share = self.config().privacy.share_individual_hours;
        let subject = match subject {
            Subject::Named(name) if who.is_some_and(|w| w.eq_ignore_ascii_case(&name)) => Subject::Mine,
            other => other,
        };
        match subject {
            Subject::Mine => {
                let Some(me) = who else {
                    return Ok(vec![self.reply(msg, t!(lang, "hours-not-member"))]);
                };
                let rows = self.member_totals(period, me).await?;
                let head = t!(lang, "hours-mine-header", "period" => period_text.clone());
                Ok(vec![
                    self.personal(msg, report(lang, head, &period_text, &rows, &kind_of)),
                ])
            }
            Subject::All => {
                let head = t!(lang, "hours-all-header", "period" => period_text.clone());
                let (text, rows) = self
                    .collective_report(lang, head, period, &period_text, None, &kind_of)
                    .await?;
                // A month's report says what share of it went to meetings (`cost.rs`).
                let month = match period_spec {
                    PeriodSpec::Week => None,
                    PeriodSpec::Month | PeriodSpec::Explicit(_) => Some(period.from),
                };
                let share = month.and_then(|first| {
                    let s = meeting_share(first, &rows, &kind_of);
                    let so_far = first <= today && today <= period.to;
                    super::cost::share_line(lang, &s, first, so_far, self.config().meetings.target_share)
                });
                let text = match share {
                    Some(line) => text.line(line),
                    None => text,
                };
                Ok(vec![self.reply(msg, text)])
            }
            Subject::Named(name) => {
                if projects.iter().any(|p| p.name == name) {
                    let head =
                        t!(lang, "hours-project-header", "project" => name.clone(), "period" => period_text.clone());
                    let (text, _) = self
                        .collective_report(lang, head, period, &period_text, Some(&name), &kind_of)
                        .await?;
                    return Ok(vec![self.reply(msg, text)]);
                }
                let member = self.config().member_named(&name).map(|m| m.name.clone()).or_else(|| {
                    // Without a roster, anybody who punched is a member.
                    self.config().members.is_empty().then(|| name.clone())
                });
                match member {
                    Some(_) if !share => Ok(vec![self.reply(msg, t!(lang, "hours-private"))]),
                    Some(m) => {
                        let rows = self.member_totals(period, &m).await?;
                        let head =
                            t!(lang, "hours-member-header", "name" => m.clone(), "period" => period_text.clone());
                        Ok(vec![
                            self.personal(msg, report(lang, head, &period_text, &rows, &kind_of)),
                        ])
                    }
                    None => Ok(vec![self.reply(
                        msg,
                        tm!(lang, "hours-unknown-subject", "name" => super::format::echoed(&name)),
                    )]),
                }
            }
        }
    }

    /// One member's totals by project over `period`.
    async fn member_totals(&self, period: Period, member: &str) -> CoreResult<Vec<(String, Totals)>> {
        let filter = ReportFilter {
            member: Some(member),
            project: None,
        };
        self.store.totals_by_project(period.from, period.to, filter).await
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
    ) -> CoreResult<(Message, Vec<(String, Totals)>)> {
        let filter = ReportFilter { member: None, project };
        let rows = self.store.totals_by_project(period.from, period.to, filter).await?;
        let mut message = report(lang, head, period_text, &rows, kind_of);
        if self.config().privacy.share_individual_hours && !rows.is_empty() {
            let people = self.store.totals_by_member(period.from, period.to, project).await?;
            message = message.then(members_report(lang, t!(lang, "hours-by-member"), &people));
        }
        Ok((message, rows))
    }
}

/// The month starting on `first`, from a report's totals by project: its meeting
/// projects' minutes and all minutes.
fn meeting_share(first: NaiveDate, rows: &[(String, Totals)], kind_of: &dyn Fn(&str) -> ProjectKind) -> MonthShare {
    let minutes = |t: &Totals| t.paid + t.volunteer;
    MonthShare {
        month: first.format("%Y-%m").to_string(),
        meeting_minutes: rows
            .iter()
            .filter(|(name, _)| kind_of(name) == ProjectKind::Meeting)
            .map(|(_, t)| minutes(t))
            .sum(),
        total_minutes: rows.iter().map(|(_, t)| minutes(t)).sum(),
    }
}

fn month_text(lang: Lang, day: NaiveDate) -> String {
    let first = day.with_day(1).unwrap_or(day);
    super::format::month_year(lang, first)
}

pub(super) fn project_label(lang: Lang, name: &str, kind: ProjectKind) -> String {
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
    super::format::list(lang, &parts)
}

/// A report: the header, a table with a row per project (its catalog sentence and its
/// cells), the total, and the care work made visible.
fn report(
    lang: Lang,
    head: String,
    period: &str,
    rows: &[(String, Totals)],
    kind_of: &(dyn Fn(&str) -> ProjectKind + Sync),
) -> Message {
    let message = Message::new().line(head);
    if rows.is_empty() {
        return message.line(t!(lang, "hours-none", "period" => period.to_owned()));
    }
    let mut table = Vec::with_capacity(rows.len() + 2);
    let (mut total, mut care) = (Totals::default(), Totals::default());
    for (name, t) in rows {
        let kind = kind_of(name);
        if kind == ProjectKind::Care {
            care.add(*t);
        }
        total.add(*t);
        table.push(row(lang, Text::from(project_label(lang, name, kind)), *t));
    }
    table.push(summary(lang, "hours-total", "hours-total-label", total));
    if care.paid + care.volunteer > 0 && care != total {
        table.push(summary(lang, "hours-care", "hours-care-label", care));
    }
    message.table(table)
}

/// Each member's share: the same table, a row per member (mentioned by name).
fn members_report(lang: Lang, head: String, rows: &[(String, Totals)]) -> Message {
    let table = rows
        .iter()
        .map(|(name, t)| row(lang, Text(vec![Span::Member(name.clone())]), *t))
        .collect();
    Message::new().line(head).table(table)
}

/// `webdev: 3h paid`, and its two cells.
fn row(lang: Lang, label: Text, t: Totals) -> Row {
    let amounts = amounts(lang, t);
    Row {
        line: tm!(lang, "hours-line", "name" => label.clone(), "amounts" => amounts.clone()),
        cells: vec![label, Text::from(amounts)],
        total: false,
    }
}

/// The total (or the care work) row: `Total: 4h30`.
fn summary(lang: Lang, sentence: &str, label: &str, t: Totals) -> Row {
    let amounts = amounts(lang, t);
    Row {
        line: tm!(lang, sentence, "amounts" => amounts.clone()),
        cells: vec![Text::from(t!(lang, label)), Text::from(amounts)],
        total: true,
    }
}
