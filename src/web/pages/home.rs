//! `/`: the open proposals (as `!proposals` says them) with how to veto, the next
//! meetings and the address of the collective's calendar feed, the teams drawn for the
//! meetings ahead (`roles.rs`), the latest decisions.

use maud::html;

use super::super::calendar;
use super::super::ctx::{Ctx, Page};
use super::super::layout;
use super::{full_address, next_meetings, respond, when};
use crate::app::format::state;
use crate::command::Verb;
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
