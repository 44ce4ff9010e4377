//! `/decisions`: the decision register, newest first, a page of [`PER_PAGE`] at a time;
//! filters by status and year. Each proposal with its status, its vetoes and their
//! reasons (lifted ones marked), how it was decided, the meeting's note and a link to
//! that meeting's minutes.

use axum::response::Response;
use maud::html;

use super::super::ctx::{Ctx, Page};
use super::super::layout;
use super::{YEARS, clip, respond, today, when, year_bounds, year_param};
use crate::app::format::{money, state};
use crate::domain::proposal::State;
use crate::message::Said;
use crate::store::{RegisterEntry, RegisterFilter};
use crate::{t, tm};
use chrono::Datelike;

/// Proposals per page.
pub const PER_PAGE: u32 = 50;
/// The last page number accepted.
const MAX_PAGE: u32 = 100_000;

const STATES: [State; 5] = [
    State::Open,
    State::Deferred,
    State::Adopted,
    State::Rejected,
    State::Withdrawn,
];

/// The filters asked for: status, year, page; a 400 page for a value that is none.
pub struct Asked {
    pub filter: RegisterFilter,
    pub state: Option<State>,
    pub year: Option<i32>,
    pub page: u32,
}

pub fn asked(ctx: &Ctx) -> Result<Asked, Response> {
    let state = match ctx.param("status").map(str::trim) {
        None | Some("") | Some("all") => None,
        Some(v) => match STATES.iter().find(|s| s.as_str() == v) {
            Some(s) => Some(*s),
            None => {
                return Err(ctx.bad_request(t!(ctx.lang, "web-bad-status", "value" => clip(v),
                    "allowed" => STATES.map(State::as_str).join(", "))));
            }
        },
    };
    let year = year_param(ctx)?;
    let page = match ctx.param("page").map(str::trim) {
        None | Some("") => 1,
        Some(v) => match v.parse::<u32>() {
            Ok(p) if (1..=MAX_PAGE).contains(&p) => p,
            _ => {
                return Err(ctx.bad_request(t!(ctx.lang, "web-bad-page", "value" => clip(v),
                    "max" => i64::from(MAX_PAGE))));
            }
        },
    };
    Ok(Asked {
        filter: RegisterFilter {
            state,
            created: year.map(|y| year_bounds(ctx, y)),
            decided: false,
        },
        state,
        year,
        page,
    })
}

pub async fn page(ctx: Ctx) -> Page {
    let a = asked(&ctx)?;
    let (entries, total) = ctx
        .web
        .store()
        .register(a.filter, PER_PAGE, (a.page - 1) * PER_PAGE)
        .await
        .map_err(|e| ctx.failed(e))?;
    let lang = ctx.lang;
    let pages = ((total.max(0) as u32).div_ceil(PER_PAGE)).max(1);
    let link = |page: u32| {
        let mut q = vec![format!("page={page}")];
        if let Some(s) = a.state {
            q.push(format!("status={}", s.as_str()));
        }
        if let Some(y) = a.year {
            q.push(format!("year={y}"));
        }
        ctx.href(&format!("/decisions?{}", q.join("&")))
    };
    let this_year = today(&ctx).year();
    let columns = Columns {
        proposal: ctx.t("web-col-proposal"),
        status: ctx.t("web-col-status"),
        vetoes: ctx.t("web-col-vetoes"),
        decision: ctx.t("web-col-decision"),
    };
    let body = html! {
        form.filters method="get" action="/decisions" aria-label=(ctx.t("web-filters")) {
            label {
                (ctx.t("web-filter-status"))
                select name="status" {
                    option value="all" { (ctx.t("web-filter-all")) }
                    @for s in STATES {
                        option value=(s.as_str()) selected[a.state == Some(s)] { (state(lang, s)) }
                    }
                }
            }
            label {
                (ctx.t("web-filter-year"))
                input type="number" name="year" min=(YEARS.start()) max=(YEARS.end())
                    placeholder=(this_year) value=[a.year];
            }
            @if ctx.explicit { input type="hidden" name="lang" value=(lang.code()); }
            button type="submit" { (ctx.t("web-filter-apply")) }
        }
        p { (t!(lang, "web-register-count", "count" => total, "page" => i64::from(a.page), "pages" => i64::from(pages))) }
        @if entries.is_empty() {
            p { (ctx.t("web-register-empty")) }
        } @else {
            // On a phone each proposal is a card, each cell under its column's name.
            div.scroll {
                table.stack {
                    caption { (ctx.t("web-nav-decisions")) }
                    thead { tr {
                        th scope="col" { "#" }
                        th scope="col" { (columns.proposal) }
                        th scope="col" { (columns.status) }
                        th scope="col" { (columns.vetoes) }
                        th scope="col" { (columns.decision) }
                    } }
                    tbody {
                        @for e in &entries { (row(&ctx, e, &columns)) }
                    }
                }
            }
        }
        nav aria-label=(ctx.t("web-pages")) {
            @if a.page > 1 { a href=(link(a.page - 1)) rel="prev" { (ctx.t("web-newer")) } " " }
            @if a.page < pages { a href=(link(a.page + 1)) rel="next" { (ctx.t("web-older")) } }
        }
    };
    Ok(respond(layout::page(&ctx, &ctx.t("web-title-decisions"), body)))
}

/// The register's column names, read once a page (each cell is labelled with its own on
/// a phone).
struct Columns {
    proposal: String,
    status: String,
    vetoes: String,
    decision: String,
}

fn row(ctx: &Ctx, e: &RegisterEntry, columns: &Columns) -> maud::Markup {
    let lang = ctx.lang;
    html! {
        tr id=(format!("p{}", e.id.0)) {
            th scope="row" class="n" { (e.id.0) }
            td data-label=(columns.proposal) {
                bdi { (e.text) }
                br;
                span.muted {
                    (layout::text(&tm!(lang, "web-proposed-by", "proposer" => Said(e.proposer.clone()), "when" => when(ctx, e.created_at))))
                    @if let Some(b) = e.budget { " · " (money(lang, b)) }
                }
            }
            td data-label=(columns.status) {
                span class=(format!("tag {}", e.state.as_str())) { (state(lang, e.state)) }
                br;
                span.muted {
                    @match (e.state, e.closed_at) {
                        (State::Open, _) => { (t!(lang, "web-until", "when" => when(ctx, e.deadline))) }
                        (_, Some(at)) => { time datetime=(at.to_rfc3339()) { (when(ctx, at)) } }
                        _ => {}
                    }
                }
            }
            td data-label=(columns.vetoes) {
                @if e.vetoes.is_empty() { "—" } @else {
                    ul { @for v in &e.vetoes {
                        li {
                            @let said = layout::text(&tm!(ctx.lang, "web-veto-by", "who" => Said(v.vetoer.clone()), "reason" => Said(v.reason.clone())));
                            @if v.lifted_at.is_some() { s { (said) } " " (ctx.t("web-veto-lifted")) }
                            @else { (said) }
                        }
                    } }
                }
            }
            td data-label=(columns.decision) {
                @match e.by_meeting {
                    Some(true) => { (ctx.t("web-decided-by-meeting")) }
                    Some(false) => { (ctx.t("web-decided-at-deadline")) }
                    None => { "—" }
                }
                @if let Some(note) = &e.note { br; q { bdi { (note) } } }
                @if let Some(m) = e.meeting { br; a href=(ctx.href(&format!("/minutes/{m}"))) { (ctx.t("web-minutes-link")) } }
            }
        }
    }
}
