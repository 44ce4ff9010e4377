//! `/`: the open proposals (as `!proposals` says them) with how to veto, the next
//! meetings, the agenda prepared for the next one (its items, their kind and time box:
//! `!agenda add`) and the address of the collective's calendar feed, the latest decisions.
//! meetings and the address of the collective's calendar feed, the teams drawn for the
//! meetings ahead (`roles.rs`), the latest decisions.

use axum::response::Response;
use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::super::calendar;
use super::super::ctx::{Ctx, Page};
use super::super::layout;
use super::{full_address, next_meetings, respond, when};
use crate::app::format::state;
use crate::command::Verb;
use crate::domain::agenda::{kind_name, timebox};
use crate::i18n::command_name;
use crate::store::RegisterFilter;
use crate::t;

pub async fn page(ctx: Ctx) -> Page {
    let web = &ctx.web;
    let lang = ctx.lang;
    let open = web
        .core
        .open_proposals(lang, ctx.now)
        .await
        .map_err(|e| ctx.failed(e))?;
    let decided = RegisterFilter {
        decided: true,
        ..Default::default()
    };
    let (recent, _) = web.store().register(decided, 5, 0).await.map_err(|e| ctx.failed(e))?;
    let meetings = next_meetings(&ctx, 5);
    let agenda = next_agenda(&ctx).await?;
    let feed = calendar::collective_address(&ctx).await?;
    let teams = super::roles::ahead(&ctx).await;
    let body = html! {
        section aria-labelledby="open" {
            h2 id="open" { (ctx.t("web-open-proposals")) }
            (layout::message(&open))
            p.muted { (t!(lang, "web-how-to-veto", "veto" => command_name(lang, Verb::Veto),
                "unveto" => command_name(lang, Verb::Unveto))) }
        }
        section aria-labelledby="meetings" {
            h2 id="meetings" { (ctx.t("web-next-meetings")) }
            @if meetings.is_empty() {
                p { (ctx.t("web-no-meetings")) }
            } @else {
                ul {
                    @for (name, at) in &meetings {
                        li { (name) " — " time datetime=(at.to_rfc3339()) { (when(&ctx, *at)) } }
                    }
                }
            }
            (agenda)
            @if let Some(path) = &feed {
                p { (ctx.t("web-feed-how")) }
                p.feed { a href=(path) { (full_address(&ctx, path)) } }
            }
        }
        (super::roles::teams_section(&ctx, &teams))
        section aria-labelledby="recent" {
            h2 id="recent" { (ctx.t("web-recent-decisions")) }
            @if recent.is_empty() {
                p { (ctx.t("web-no-decisions")) }
            } @else {
                ul {
                    @for e in &recent {
                        li {
                            "#" (e.id.0) " " bdi { (e.text) } " — "
                            span class=(format!("tag {}", e.state.as_str())) { (state(lang, e.state)) }
                            @if let Some(at) = e.closed_at { " " time datetime=(at.to_rfc3339()) { (when(&ctx, at)) } }
                        }
                    }
                }
                p { a href=(ctx.href("/decisions")) { (ctx.t("web-whole-register")) } }
            }
        }
    };
    Ok(respond(layout::page(&ctx, &ctx.t("web-title-home"), body)))
}

/// The agenda of the next scheduled meeting: its items (each with its kind and time box)
/// and their total, or how to add one. Nothing when no meeting is scheduled.
async fn next_agenda(ctx: &Ctx) -> Result<Markup, Response> {
    let Some((committee, at)) = next_meeting(ctx) else {
        return Ok(html! {});
    };
    let items = ctx
        .web
        .store()
        .agenda_ahead(&committee)
        .await
        .map_err(|e| ctx.failed(e))?;
    let lang = ctx.lang;
    let meeting = t!(lang, "meeting-with-date", "meeting" => ctx.web.core.meeting_name(lang, &committee),
        "date" => when(ctx, at));
    let total: i64 = items.iter().map(|i| i64::from(i.minutes)).sum();
    let total = crate::app::format::span(lang, chrono::Duration::minutes(total));
    Ok(html! {
        h3 id="agenda" { (t!(lang, "web-agenda-heading", "meeting" => meeting)) }
        @if items.is_empty() {
            p { (t!(lang, "agenda-no-items")) }
        } @else {
            p { (t!(lang, "agenda-items", "total" => total)) }
            ol.agenda {
                @for i in &items {
                    li value=(i.id) {
                        bdi { (i.title) } " — " (kind_name(lang, i.kind)) ", " (timebox(lang, i.minutes))
                        " (" bdi { (i.author) } ")"
                    }
                }
            }
        }
    })
}

/// The committee whose scheduled meeting comes first, and when.
fn next_meeting(ctx: &Ctx) -> Option<(String, DateTime<Utc>)> {
    let config = &ctx.config;
    let m = &config.meetings;
    [
        ("production", m.production.as_ref()),
        ("reflection", m.reflection.as_ref()),
    ]
    .into_iter()
    .chain(m.committees.iter().map(|c| (c.name.as_str(), c.schedule.as_ref())))
    .filter_map(|(name, r)| Some((name.to_owned(), r?.next_after(&config.calendar, ctx.now)?)))
    .min_by_key(|(_, at)| *at)
}
