//! `/attendance`: members × the latest meetings (the latest first, in view before any
//! scrolling), present or not, justified absences
//! marked; then the rotation of the facilitation team (`roles.rs`).

use axum::response::Response;
use maud::html;
use serde::Serialize;

use super::super::ctx::{Ctx, Page};
use super::super::layout;
use super::{respond, when};

/// Meetings shown in the grid.
pub const MEETINGS: u32 = 12;

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub id: i64,
    pub committee: String,
    pub name: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attendance {
    pub meetings: Vec<Column>,
    /// Per member, one cell per meeting: `present`, `excused` or `absent`.
    pub members: Vec<(String, Vec<&'static str>)>,
}

pub async fn attendance(ctx: &Ctx) -> Result<Attendance, Response> {
    let store = ctx.web.store();
    let fail = |e| ctx.failed(e);
    // The latest first: what matters is in view before any scrolling.
    let meetings = store.meeting_list(MEETINGS).await.map_err(fail)?;
    let members = ctx.web.core.members().await.map_err(fail)?;
    let (Some(last), Some(first)) = (meetings.first(), meetings.last()) else {
        return Ok(Attendance {
            meetings: Vec::new(),
            members: members.into_iter().map(|m| (m, Vec::new())).collect(),
        });
    };
    let tz = ctx.config.collective.tz;
    let day = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&tz).date_naive();
    let presences = store
        .presences(first.started_at, last.started_at + chrono::Duration::milliseconds(1))
        .await
        .map_err(fail)?;
    let absences = store
        .absences(day(first.started_at), day(last.started_at), None)
        .await
        .map_err(fail)?;
    let rows = members
        .into_iter()
        .map(|member| {
            let cells = meetings
                .iter()
                .map(|m| {
                    if presences
                        .iter()
                        .any(|p| p.member == member && p.at == m.started_at && p.committee == m.committee)
                    {
                        "present"
                    } else if absences
                        .iter()
                        .any(|a| a.member == member && a.from <= day(m.started_at) && day(m.started_at) <= a.to)
                    {
                        "excused"
                    } else {
                        "absent"
                    }
                })
                .collect();
            (member, cells)
        })
        .collect();
    Ok(Attendance {
        meetings: meetings
            .iter()
            .map(|m| Column {
                id: m.id,
                committee: m.committee.clone(),
                name: ctx.web.core.meeting_name(ctx.lang, &m.committee),
                started_at: m.started_at,
            })
            .collect(),
        members: rows,
    })
}

pub async fn page(ctx: Ctx) -> Page {
    let a = attendance(&ctx).await?;
    let rotation = super::roles::rotation(&ctx).await;
    let cell = |c: &str| match c {
        "present" => ("present", ctx.t("web-present")),
        "excused" => ("excused", ctx.t("web-excused-absence")),
        _ => ("", ctx.t("web-absent")),
    };
    let body = html! {
        @if a.meetings.is_empty() { p { (ctx.t("web-no-minutes")) } }
        @else {
            p.muted { (ctx.t("web-attendance-legend")) }
            div.scroll { table {
                thead { tr {
                    th scope="col" { (ctx.t("web-col-member")) }
                    @for m in &a.meetings {
                        th scope="col" { (m.name) br; span.muted { (when(&ctx, m.started_at)) } }
                    }
                } }
                tbody { @for (member, cells) in &a.members { tr {
                    th scope="row" { bdi { (member) } }
                    @for c in cells {
                        @let (class, text) = cell(c);
                        td class=(class) { (text) }
                    }
                } } }
            } }
        }
        (super::roles::rotation_section(&ctx, &rotation))
    };
    Ok(respond(layout::page(&ctx, &ctx.t("web-title-attendance"), body)))
}
