//! The same data as JSON (`/api/…`), under the same rules as the pages: the collective's
//! behind the access check, a member's own only by its secret, nobody's own hours in the
//! collective's figures unless the collective shares them. Errors are `{"error": …}`
//! with the page's status.

use axum::Json;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::ctx::Ctx;
use super::pages::{attendance as att, decisions as dec, hours as hrs, member as mem, membership as ms};
use crate::domain::proposal::State;
use crate::store::RegisterEntry;

type Answer = Result<Response, Response>;

/// A JSON body, or the error page, which the guard answers as `{"error": …}` with its
/// status (`super::ctx::guard`).
fn json<T: Serialize>(value: Result<T, Response>) -> Answer {
    value.map(|v| ([(header::CACHE_CONTROL, "private, no-cache")], Json(v)).into_response())
}

#[derive(Serialize)]
struct Veto {
    vetoer: String,
    reason: String,
    at: chrono::DateTime<chrono::Utc>,
    lifted_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Serialize)]
struct Proposal {
    id: i64,
    proposer: String,
    text: String,
    budget_cents: Option<i64>,
    status: &'static str,
    created_at: chrono::DateTime<chrono::Utc>,
    deadline: chrono::DateTime<chrono::Utc>,
    closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// `meeting` or `deadline` once decided.
    decided_by: Option<&'static str>,
    note: Option<String>,
    minutes: Option<String>,
    vetoes: Vec<Veto>,
}

fn proposal(e: RegisterEntry) -> Proposal {
    Proposal {
        id: e.id.0,
        proposer: e.proposer,
        text: e.text,
        budget_cents: e.budget.map(|m| m.0),
        status: e.state.as_str(),
        created_at: e.created_at,
        deadline: e.deadline,
        closed_at: e.closed_at,
        decided_by: e.by_meeting.map(|m| if m { "meeting" } else { "deadline" }),
        note: e.note,
        minutes: e.meeting.map(|m| format!("/api/minutes/{m}")),
        vetoes: e
            .vetoes
            .into_iter()
            .map(|v| Veto {
                vetoer: v.vetoer,
                reason: v.reason,
                at: v.at,
                lifted_at: v.lifted_at,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Page<T> {
    total: i64,
    page: u32,
    per_page: u32,
    items: Vec<T>,
}

/// `/api/proposals`: the open and deferred proposals, with their deadlines.
pub async fn proposals(ctx: Ctx) -> Answer {
    let mut out = Vec::new();
    for state in [State::Open, State::Deferred] {
        let filter = crate::store::RegisterFilter {
            state: Some(state),
            ..Default::default()
        };
        match ctx.web.store().register(filter, 1000, 0).await {
            Ok((entries, _)) => out.extend(entries.into_iter().map(proposal)),
            Err(e) => return json::<()>(Err(ctx.failed(e))),
        }
    }
    out.sort_by_key(|p| p.id);
    json(Ok(out))
}

/// `/api/decisions?status=&year=&page=`: the register, as the page filters it.
pub async fn decisions(ctx: Ctx) -> Answer {
    let result = async {
        let a = dec::asked(&ctx)?;
        let (entries, total) = ctx
            .web
            .store()
            .register(a.filter, dec::PER_PAGE, (a.page - 1) * dec::PER_PAGE)
            .await
            .map_err(|e| ctx.failed(e))?;
        Ok(Page {
            total,
            page: a.page,
            per_page: dec::PER_PAGE,
            items: entries.into_iter().map(proposal).collect(),
        })
    }
    .await;
    json(result)
}

#[derive(Serialize)]
struct Meeting {
    id: i64,
    committee: String,
    started_at: chrono::DateTime<chrono::Utc>,
    ended_at: Option<chrono::DateTime<chrono::Utc>>,
    minutes: Option<String>,
}

/// `/api/minutes`: the meetings, newest first.
pub async fn minutes(ctx: Ctx) -> Answer {
    let result = ctx
        .web
        .store()
        .meeting_list(super::pages::minutes::LISTED)
        .await
        .map_err(|e| ctx.failed(e))
        .map(|list| {
            list.into_iter()
                .map(|m| Meeting {
                    minutes: m.has_minutes.then(|| format!("/api/minutes/{}", m.id)),
                    id: m.id,
                    committee: m.committee,
                    started_at: m.started_at,
                    ended_at: m.ended_at,
                })
                .collect::<Vec<_>>()
        });
    json(result)
}

/// `/api/minutes/ID`: one meeting's minutes, as written (Markdown) and as safe HTML.
pub async fn minutes_one(ctx: Ctx, Path(id): Path<String>) -> Answer {
    let result = async {
        let id = id.parse::<i64>().map_err(|_| ctx.not_found())?;
        let (m, text) = ctx
            .web
            .store()
            .meeting_minutes(id)
            .await
            .map_err(|e| ctx.failed(e))?
            .ok_or_else(|| ctx.not_found())?;
        Ok(serde_json::json!({
            "id": m.id,
            "committee": m.committee,
            "started_at": m.started_at,
            "ended_at": m.ended_at,
            "html": text.as_deref().map(super::markdown::render),
            "markdown": text,
        }))
    }
    .await;
    json(result)
}

/// `/api/hours?year=`: the collective's totals by month and project.
pub async fn hours(ctx: Ctx) -> Answer {
    json(hrs::hours(&ctx).await)
}

/// `/api/membership`: the rules and each member's status.
pub async fn membership(ctx: Ctx) -> Answer {
    json(ms::membership(&ctx).await)
}

/// `/api/attendance`: the members × meetings grid.
pub async fn attendance(ctx: Ctx) -> Answer {
    json(att::attendance(&ctx).await)
}

/// `/api/me/SECRET`: a member's own figures.
pub async fn member(ctx: Ctx, Path(secret): Path<String>) -> Answer {
    json(mem::own(&ctx, &secret).await).map(|mut r| {
        r.headers_mut()
            .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
        r
    })
}
