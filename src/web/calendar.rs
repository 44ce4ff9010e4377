//! The calendar routes: `/calendar.ics` (the collective's meetings, proposal deadlines and
//! the meetings proposals were deferred to) behind the same access check as the pages,
//! and `/me/SECRET/calendar.ics` (the same with the member's own reminders), reached only
//! by the member's secret. The feeds themselves are written by [`crate::calendar`].

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::access;
use super::ctx::{Ctx, Page};

pub async fn collective(ctx: Ctx) -> Page {
    match crate::calendar::collective_feed(ctx.web.store(), &ctx.config, ctx.now).await {
        Ok(feed) => Ok(ics(feed)),
        Err(e) => Err(ctx.failed(e)),
    }
}

pub async fn member(ctx: Ctx, Path(secret): Path<String>) -> Page {
    let member = access::member(&ctx, &secret).await?;
    match crate::calendar::member_feed(ctx.web.store(), &ctx.config, &member, ctx.now).await {
        Ok(feed) => Ok(ics(feed)),
        Err(e) => Err(ctx.failed(e)),
    }
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
