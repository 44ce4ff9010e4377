//! `/membership`: the rules, and each member's status only (new, ok, at risk, not meeting
//! the rules), as `!membership` decides it; never the figures behind a status.

use axum::response::Response;
use maud::html;
use serde::Serialize;

use super::super::ctx::{Ctx, Page};
use super::super::layout;
use super::respond;
use crate::app::format::day_with_year;
use crate::app::status_text;
use crate::domain::duration::hours_text;
use crate::domain::membership::Status;
use crate::t;

/// One member's status.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub member: String,
    /// `new` (not judged yet: no full period on record), `ok`, `at-risk` or `not-meeting`.
    pub status: &'static str,
    pub label: String,
    /// Justified absences lowered what was asked.
    pub excused: bool,
}

/// The period checked and the statuses; the rules as sentences.
#[derive(Debug, Clone, Serialize)]
pub struct Membership {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub rules: Vec<String>,
    pub members: Vec<Standing>,
}

pub fn code(s: Status) -> &'static str {
    match s {
        Status::New => "new",
        Status::Ok => "ok",
        Status::AtRisk => "at-risk",
        Status::NotMeeting => "not-meeting",
    }
}

pub async fn membership(ctx: &Ctx) -> Result<Membership, Response> {
    let (window, statuses) = ctx
        .web
        .core
        .membership_statuses(ctx.now)
        .await
        .map_err(|e| ctx.failed(e))?;
    let r = &ctx.config.membership;
    let lang = ctx.lang;
    let rules = vec![
        t!(lang, "web-rule-committees", "count" => i64::from(r.min_committees), "months" => i64::from(r.months)),
        t!(lang, "web-rule-reflection", "count" => i64::from(r.min_reflection), "months" => i64::from(r.months)),
        t!(lang, "web-rule-hours", "hours" => hours_text(r.min_minutes_per_month)),
        t!(lang, "web-rule-warn", "hours" => hours_text(r.warn_minutes_total)),
        t!(lang, "web-rule-absence", "weeks" => r.max_absence.num_weeks()),
    ];
    Ok(Membership {
        from: window.from,
        to: window.to,
        rules,
        members: statuses
            .into_iter()
            .map(|(member, status, excused)| Standing {
                member,
                status: code(status),
                label: status_text(lang, status),
                excused,
            })
            .collect(),
    })
}

pub async fn page(ctx: Ctx) -> Page {
    let m = membership(&ctx).await?;
    let lang = ctx.lang;
    let body = html! {
        section aria-labelledby="rules" {
            h2 id="rules" { (ctx.t("web-rules")) }
            ul { @for r in &m.rules { li { (r) } } }
            p.muted { (t!(lang, "web-membership-period", "from" => day_with_year(lang, m.from), "to" => day_with_year(lang, m.to))) }
        }
        section aria-labelledby="statuses" {
            h2 id="statuses" { (ctx.t("web-statuses")) }
            @if m.members.is_empty() { p { (t!(lang, "membership-nobody")) } }
            @else {
                div.scroll { table {
                    thead { tr { th scope="col" { (ctx.t("web-col-member")) } th scope="col" { (ctx.t("web-col-status")) } } }
                    tbody { @for s in &m.members { tr {
                        th scope="row" { bdi { (s.member) } }
                        td {
                            span class=(format!("tag {}", s.status)) { (s.label) }
                            @if s.excused { " " span.muted { (ctx.t("web-excused")) } }
                        }
                    } } }
                } }
            }
            p.muted { (ctx.t("web-membership-privacy")) }
        }
    };
    Ok(respond(layout::page(&ctx, &ctx.t("web-title-membership"), body)))
}
