//! `/hours`: the collective's hours for a year, by month and by project, paid and
//! volunteer apart, care and maintenance work shown as such; each chart (SVG drawn here)
//! with the table of its figures. Only collective totals: nobody's own figures, unless
//! the collective shares them (`share_individual_hours`), and then only by member and
//! year. Read from the monthly totals the database keeps, never from the entries. Months
//! are listed from the first one with hours ever recorded to this one: before the
//! collective's first punch there is nothing to show, not a row of zeros. The share of each
//! month's hours that went to meetings (issue 31) is a line over the months, against the
//! collective's target when it has one, with its table.

use std::collections::HashMap;

use axum::response::Response;
use chrono::Datelike;
use maud::{Markup, PreEscaped, html};
use serde::Serialize;

use super::super::ctx::{Ctx, Page};
use super::super::layout;
use super::super::svg::{BarChart, Series};
use super::super::svg_line::LineChart;
use super::{YEARS, months_of, respond, today, year_param};
use crate::config::ProjectKind;
use crate::domain::duration::hours_text;
use crate::domain::share::Share;
use crate::i18n::Lang;
use crate::t;

/// One line of figures (a month or a project), in minutes.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// `2026-11` for a month, the project's name for a project.
    pub key: String,
    pub label: String,
    /// `work`, `meeting` or `care` for a project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub paid_minutes: i64,
    pub volunteer_minutes: i64,
}

/// One month's hours in meeting projects against all of them (paid and volunteer alike),
/// in minutes, and the share (tenths of a percent; `None`: no hours).
#[derive(Debug, Clone, Serialize)]
pub struct MeetingShare {
    pub key: String,
    pub label: String,
    pub meeting_minutes: i64,
    pub total_minutes: i64,
    pub share_tenths: Option<u32>,
}

/// A year of the collective's hours.
#[derive(Debug, Clone, Serialize)]
pub struct Hours {
    pub year: i32,
    pub by_month: Vec<Line>,
    pub by_project: Vec<Line>,
    pub care_minutes: i64,
    pub total_minutes: i64,
    /// The share of each month's hours (those of `by_month`) that went to meetings.
    pub meetings: Vec<MeetingShare>,
    /// `meetings.target_share`, in tenths of a percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_share_tenths: Option<u32>,
    /// Each member's year, only when the collective shares individual hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_member: Option<Vec<Line>>,
}

/// The year asked for (this year by default) and its figures.
pub async fn hours(ctx: &Ctx) -> Result<Hours, Response> {
    let year = year_param(ctx)?.unwrap_or_else(|| today(ctx).year());
    let store = ctx.web.store();
    let months = months_of(ctx, year);
    let (first, last) = (months[0].0.clone(), months[months.len() - 1].0.clone());
    let (totals, first_ever) = store.month_totals(&first, &last).await.map_err(|e| ctx.failed(e))?;
    // One pass over the totals (hundreds of lines a year), by month and by project.
    let mut by_month: Vec<Line> = months
        .iter()
        .map(|(code, name)| Line {
            key: code.clone(),
            label: name.clone(),
            kind: None,
            paid_minutes: 0,
            volunteer_minutes: 0,
        })
        .collect();
    let month_at: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, (code, _))| (code.as_str(), i))
        .collect();
    let mut meeting_minutes = vec![0_i64; by_month.len()];
    let mut by_project: Vec<Line> = Vec::new();
    let mut project_at: HashMap<&str, usize> = HashMap::new();
    for t in &totals {
        let add = |line: &mut Line| {
            if t.volunteer {
                line.volunteer_minutes += t.minutes;
            } else {
                line.paid_minutes += t.minutes;
            }
        };
        if let Some(&i) = month_at.get(t.month.as_str()) {
            add(&mut by_month[i]);
            if t.kind == ProjectKind::Meeting {
                meeting_minutes[i] += t.minutes;
            }
        }
        let i = *project_at.entry(t.project.as_str()).or_insert_with(|| {
            by_project.push(Line {
                key: t.project.clone(),
                label: t.project.clone(),
                kind: Some(t.kind.as_str()),
                paid_minutes: 0,
                volunteer_minutes: 0,
            });
            by_project.len() - 1
        });
        add(&mut by_project[i]);
    }
    // The year so far: months still to come are not shown as zeros (nor a future year's),
    // nor the months before the first hours ever recorded.
    let this_month = today(ctx).format("%Y-%m").to_string();
    let worked = |l: &Line| l.paid_minutes + l.volunteer_minutes > 0;
    let shown =
        |l: &Line| worked(l) || (l.key <= this_month && first_ever.as_ref().is_some_and(|first| l.key >= *first));
    // What meetings cost (`app/cost.rs`), month by month, from the same totals.
    let meetings = by_month
        .iter()
        .zip(&meeting_minutes)
        .filter(|(l, _)| shown(l))
        .map(|(l, &meeting_minutes)| {
            let total_minutes = l.paid_minutes + l.volunteer_minutes;
            MeetingShare {
                key: l.key.clone(),
                label: l.label.clone(),
                meeting_minutes,
                total_minutes,
                share_tenths: Share::of(meeting_minutes, total_minutes).map(|s| s.0),
            }
        })
        .collect();
    by_month.retain(|l| worked(l) || (l.key <= this_month && first_ever.as_ref().is_some_and(|first| l.key >= *first)));
    by_project.sort_by_key(|l| std::cmp::Reverse(l.paid_minutes + l.volunteer_minutes));
    let sum = |lines: &[Line]| lines.iter().map(|l| l.paid_minutes + l.volunteer_minutes).sum::<i64>();
    let care: Vec<Line> = by_project.iter().filter(|l| l.kind == Some("care")).cloned().collect();
    let by_member = if ctx.config.privacy.share_individual_hours {
        let (from, to) = (
            chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
            chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        );
        let rows = store
            .totals_by_member(from, to, None)
            .await
            .map_err(|e| ctx.failed(e))?;
        Some(
            rows.into_iter()
                .map(|(member, t)| Line {
                    key: member.clone(),
                    label: member,
                    kind: None,
                    paid_minutes: t.paid,
                    volunteer_minutes: t.volunteer,
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(Hours {
        year,
        care_minutes: sum(&care),
        total_minutes: sum(&by_project),
        by_month,
        by_project,
        meetings,
        target_share_tenths: ctx.config.meetings.target_share.map(|s| s.0),
        by_member,
    })
}

pub async fn page(ctx: Ctx) -> Page {
    let h = hours(&ctx).await?;
    let lang = ctx.lang;
    let project_label = |l: &Line| match l.kind {
        Some("care") => t!(lang, "web-care-project", "project" => l.label.clone()),
        Some("meeting") => t!(lang, "web-meeting-project", "project" => l.label.clone()),
        _ => l.label.clone(),
    };
    let body = html! {
        nav aria-label=(ctx.t("web-filter-year")) {
            // Only to years the page accepts.
            @if YEARS.contains(&(h.year - 1)) {
                a href=(ctx.href(&format!("/hours?year={}", h.year - 1))) rel="prev" { (h.year - 1) } " · "
            }
            strong { (h.year) }
            @if YEARS.contains(&(h.year + 1)) {
                " · " a href=(ctx.href(&format!("/hours?year={}", h.year + 1))) rel="next" { (h.year + 1) }
            }
        }
        p { (t!(lang, "web-hours-summary", "total" => hours_text(h.total_minutes), "care" => hours_text(h.care_minutes))) }
        p.muted { (ctx.t("web-hours-privacy")) }
        section aria-labelledby="by-month" {
            h2 id="by-month" { (ctx.t("web-hours-by-month")) }
            @if h.by_month.is_empty() { p { (ctx.t("web-hours-none")) } }
            @else { (chart(&ctx, "month", &ctx.t("web-hours-by-month"), &h.by_month, |l| l.label.clone())) }
        }
        section aria-labelledby="by-project" {
            h2 id="by-project" { (ctx.t("web-hours-by-project")) }
            @if h.by_project.is_empty() { p { (ctx.t("web-hours-none")) } }
            @else { (chart(&ctx, "project", &ctx.t("web-hours-by-project"), &h.by_project, project_label)) }
        }
        @if !h.meetings.is_empty() {
            section aria-labelledby="meetings" {
                h2 id="meetings" { (ctx.t("web-hours-meetings")) }
                (meetings(&ctx, &h))
            }
        }
        @if let Some(members) = &h.by_member {
            section aria-labelledby="by-member" {
                h2 id="by-member" { (ctx.t("web-hours-by-member")) }
                (table(&ctx, &ctx.t("web-hours-by-member"), members, &|l: &Line| l.label.clone()))
            }
        }
    };
    Ok(respond(layout::page(
        &ctx,
        &t!(lang, "web-title-hours", "year" => i64::from(h.year)),
        body,
    )))
}

/// A chart and the table of its figures.
fn chart(ctx: &Ctx, id: &str, title: &str, lines: &[Line], label: impl Fn(&Line) -> String) -> Markup {
    let svg = BarChart {
        title: title.to_owned(),
        id: format!("chart-{id}"),
        labels: lines.iter().map(&label).collect(),
        series: vec![
            Series {
                name: ctx.t("web-paid"),
                colour: "#2f6db5",
                values: lines.iter().map(|l| l.paid_minutes).collect(),
            },
            Series {
                name: ctx.t("web-volunteer"),
                colour: "#e08a1e",
                values: lines.iter().map(|l| l.volunteer_minutes).collect(),
            },
        ],
        format: hours_text,
    }
    .render();
    html! {
        figure.scroll {
            (PreEscaped(svg))
            figcaption.muted { (ctx.t("web-chart-caption")) }
        }
        (table(ctx, title, lines, &label))
    }
}

fn table(ctx: &Ctx, caption: &str, lines: &[Line], label: &dyn Fn(&Line) -> String) -> Markup {
    html! {
        div.scroll { table {
            caption { (caption) }
            thead { tr {
                th scope="col" { (ctx.t("web-col-what")) }
                th scope="col" class="n" { (ctx.t("web-paid")) }
                th scope="col" class="n" { (ctx.t("web-volunteer")) }
                th scope="col" class="n" { (ctx.t("web-total")) }
            } }
            tbody { @for l in lines { tr {
                th scope="row" { (label(l)) }
                td.n { (hours_text(l.paid_minutes)) }
                td.n { (hours_text(l.volunteer_minutes)) }
                td.n { (hours_text(l.paid_minutes + l.volunteer_minutes)) }
            } } }
        } }
    }
}

/// The share of each month's hours that went to meetings: a line over the months, the
/// target dashed, and the table of the same figures.
fn meetings(ctx: &Ctx, h: &Hours) -> Markup {
    let lang = ctx.lang;
    let text = |tenths: u32| Share(tenths).text(lang);
    let target = h.target_share_tenths.map(text);
    let svg = LineChart {
        title: ctx.t("web-hours-meetings"),
        id: "chart-meetings".into(),
        labels: h.meetings.iter().map(|m| short_month(lang, &m.key)).collect(),
        values: h.meetings.iter().map(|m| m.share_tenths).collect(),
        target: h
            .target_share_tenths
            .zip(target.clone())
            .map(|(t, shown)| (t, t!(lang, "web-target-label", "target" => shown))),
        format: match lang {
            Lang::Fr => |v| Share(v).text(Lang::Fr),
            _ => |v| Share(v).text(Lang::En),
        },
    }
    .render();
    html! {
        @if let Some(target) = &target {
            p { (t!(lang, "web-hours-meetings-target", "target" => target.clone())) }
        }
        figure {
            (PreEscaped(svg))
            figcaption.muted { (ctx.t("web-hours-meetings-caption")) }
        }
        div.scroll { table {
            caption { (ctx.t("web-hours-meetings")) }
            thead { tr {
                th scope="col" { (ctx.t("web-col-month")) }
                th scope="col" class="n" { (ctx.t("web-col-meetings")) }
                th scope="col" class="n" { (ctx.t("web-col-all-hours")) }
                th scope="col" class="n" { (ctx.t("web-col-share")) }
            } }
            tbody { @for m in &h.meetings { tr {
                th scope="row" { (m.label) }
                td.n { (hours_text(m.meeting_minutes)) }
                td.n { (hours_text(m.total_minutes)) }
                td.n { (m.share_tenths.map_or_else(|| "—".to_owned(), text)) }
            } } }
        } }
    }
}

/// A month's abbreviation (`Nov`, `nov.`) from its code (`2026-11`).
fn short_month(lang: Lang, code: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{code}-01"), "%Y-%m-%d")
        .map(|d| d.format_localized("%b", crate::i18n::locale(lang).chrono).to_string())
        .unwrap_or_else(|_| code.to_owned())
}
