//! The rotating facilitation team on the web view (issue 31; README, "Meetings"): the
//! teams drawn for the meetings ahead on `/`, the rotation — who served which role at
//! which meeting — on `/attendance`. A team reads as a sentence ("facilitator: ana,
//! note-taker: ben"), so it wraps at a phone's width instead of needing a wide table.

use chrono::Duration;
use maud::{Markup, html};

use super::super::ctx::Ctx;
use super::when;
use crate::domain::roles::role_name;
use crate::store::Draw;

/// Past teams `/attendance` lists.
pub const ROTATION: u32 = 12;

/// The teams drawn for the meetings ahead (and one under way), soonest first; nothing
/// when they cannot be read (the page shows the rest).
pub async fn ahead(ctx: &Ctx) -> Vec<Draw> {
    match ctx.web.store().draws_from(ctx.now - Duration::hours(12)).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "the teams ahead could not be read");
            Vec::new()
        }
    }
}

/// The latest teams of meetings scheduled before now, latest first.
pub async fn rotation(ctx: &Ctx) -> Vec<Draw> {
    match ctx
        .web
        .store()
        .draws_before(ctx.now - Duration::hours(12), ROTATION)
        .await
    {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "the rotation could not be read");
            Vec::new()
        }
    }
}

/// "facilitator: ana, note-taker: ben, timekeeper: —".
fn holders(ctx: &Ctx, d: &Draw) -> Markup {
    html! {
        @for (i, h) in d.holders.iter().enumerate() {
            @if i > 0 { ", " }
            (role_name(ctx.lang, &h.role)) (ctx.t("web-role-colon"))
            @match &h.member {
                Some(m) => bdi { (m) },
                None => span.muted { (ctx.t("web-role-nobody")) },
            }
        }
    }
}

/// The section of `/` on the teams ahead.
pub fn teams_section(ctx: &Ctx, teams: &[Draw]) -> Markup {
    html! {
        section aria-labelledby="team" {
            h2 id="team" { (ctx.t("web-team")) }
            @if teams.is_empty() {
                p { (ctx.t("web-no-team")) }
            } @else {
                ul {
                    @for d in teams {
                        li {
                            (ctx.web.core.meeting_name(ctx.lang, &d.committee)) " — "
                            time datetime=(d.occurrence.to_rfc3339()) { (when(ctx, d.occurrence)) } ": "
                            (holders(ctx, d))
                            " " span.muted { (ctx.t("web-team-seed")) " " code { (d.seed) } }
                        }
                    }
                }
            }
        }
    }
}

/// The section of `/attendance` on the rotation.
pub fn rotation_section(ctx: &Ctx, past: &[Draw]) -> Markup {
    html! {
        section aria-labelledby="rotation" {
            h2 id="rotation" { (ctx.t("web-rotation")) }
            @if past.is_empty() {
                p { (ctx.t("web-no-rotation")) }
            } @else {
                ul {
                    @for d in past {
                        li {
                            time datetime=(d.occurrence.to_rfc3339()) { (when(ctx, d.occurrence)) } " — "
                            (ctx.web.core.meeting_name(ctx.lang, &d.committee)) ": "
                            (holders(ctx, d))
                        }
                    }
                }
            }
        }
    }
}
