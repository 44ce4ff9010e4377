//! `/minutes`: the meetings, newest first; `/minutes/ID`: one meeting's minutes, rendered
//! from Markdown and sanitized.

use axum::extract::Path;
use maud::{PreEscaped, html};

use super::super::ctx::{Ctx, Page};
use super::super::{layout, markdown};
use super::{respond, when};
use crate::i18n::Lang;
use crate::t;

/// Meetings listed.
pub const LISTED: u32 = 200;

pub async fn list(ctx: Ctx) -> Page {
    let meetings = ctx.web.store().meeting_list(LISTED).await.map_err(|e| ctx.failed(e))?;
    let body = html! {
        @if meetings.is_empty() {
            p { (ctx.t("web-no-minutes")) }
        } @else {
            @let (started, minutes) = (ctx.t("web-col-started"), ctx.t("web-col-minutes"));
            // On a phone, each meeting is a card: every cell in view, under its column's name.
            div.scroll { table.stack {
                thead { tr {
                    th scope="col" { (ctx.t("web-col-meeting")) }
                    th scope="col" { (started) }
                    th scope="col" { (minutes) }
                } }
                tbody { @for m in &meetings { tr {
                    th scope="row" { (ctx.web.core.meeting_name(ctx.lang, &m.committee)) }
                    td data-label=(started) { time datetime=(m.started_at.to_rfc3339()) { (when(&ctx, m.started_at)) } }
                    td data-label=(minutes) {
                        @if m.has_minutes { a href=(ctx.href(&format!("/minutes/{}", m.id))) { (ctx.t("web-read-minutes")) } }
                        @else if m.ended_at.is_none() { (ctx.t("web-meeting-open")) }
                        @else { "—" }
                    }
                } } }
            } }
        }
    };
    Ok(respond(layout::page(&ctx, &ctx.t("web-title-minutes"), body)))
}

pub async fn one(ctx: Ctx, Path(id): Path<String>) -> Page {
    let Ok(id) = id.parse::<i64>() else {
        return Err(ctx.not_found());
    };
    let Some((m, text)) = ctx.web.store().meeting_minutes(id).await.map_err(|e| ctx.failed(e))? else {
        return Err(ctx.not_found());
    };
    let title = t!(ctx.lang, "web-title-meeting", "meeting" => ctx.web.core.meeting_name(ctx.lang, &m.committee),
        "when" => when(&ctx, m.started_at));
    let body = html! {
        @match &text {
            // Written once, in the collective's language: said so when the page is in another.
            Some(md) => {
                @let written = ctx.config.collective.lang;
                @if written != ctx.lang {
                    p.muted { (ctx.t(match written { Lang::En => "web-minutes-in-en", Lang::Fr => "web-minutes-in-fr" })) }
                }
                div.minutes lang=(written.code()) { (PreEscaped(markdown::render(md))) }
            }
            None => { p { (ctx.t("web-minutes-none")) } }
        }
        p { a href=(ctx.href("/minutes")) { (ctx.t("web-all-minutes")) } }
    };
    Ok(respond(layout::page(&ctx, &title, body)))
}
