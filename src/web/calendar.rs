//! The calendar routes: `/calendar.ics` (the collective's meetings, proposal deadlines and
//! the meetings proposals were deferred to) behind the same access check as the pages;
//! `/feed/TOKEN/calendar.ics`, the same feed at an address of its own that calendar
//! applications subscribe to without the access cookie (the token is drawn by konbit,
//! replaced or revoked by the operator: `konbit feed`); and `/me/SECRET/calendar.ics`
//! (the same with the member's own reminders), reached only by the member's secret. The
//! feeds themselves are written by [`crate::calendar`].

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::access;
use super::ctx::{Ctx, Page};

pub async fn collective(ctx: Ctx) -> Page {
    match crate::calendar::collective_feed(ctx.web.store(), &ctx.config, ctx.now).await {
        Ok(feed) => Ok(ics(feed)),
        Err(e) => Err(ctx.failed(e)),
    }
}

/// The collective's feed by its token: a 404 like any other address for a token that is
/// not the feed's (replaced, revoked, or never one).
pub async fn by_token(ctx: Ctx, Path(token): Path<String>) -> Page {
    let current = ctx.web.store().feed_token().await.map_err(|e| ctx.failed(e))?;
    let matches = current.is_some_and(|t| bool::from(t.as_bytes().ct_eq(token.as_bytes())));
    if !matches {
        return Err(ctx.not_found());
    }
    collective(ctx).await
}

pub async fn member(ctx: Ctx, Path(secret): Path<String>) -> Page {
    let member = access::member(&ctx, &secret).await?;
    match crate::calendar::member_feed(ctx.web.store(), &ctx.config, &member, ctx.now).await {
        Ok(feed) => Ok(ics(feed)),
        Err(e) => Err(ctx.failed(e)),
    }
}

/// The address (path) at which whoever reads the page can subscribe to the collective's
/// feed: `/calendar.ics` when the view is public, else the feed's own address while it
/// has a token; `None` when there is none.
pub async fn collective_address(ctx: &Ctx) -> Result<Option<String>, Response> {
    if ctx.web.key.is_none() {
        return Ok(Some("/calendar.ics".to_owned()));
    }
    let token = ctx.web.store().feed_token().await.map_err(|e| ctx.failed(e))?;
    Ok(token.map(|t| format!("/feed/{t}/calendar.ics")))
}

/// An iCalendar answer; calendars that poll it are asked to look again within the hour.
fn ics(feed: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=900"),
        ],
        feed,
    )
        .into_response()
}
