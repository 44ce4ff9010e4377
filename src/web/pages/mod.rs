//! One file per page; what several pages share (reading the year asked for, the
//! collective's next meetings, instants in the collective's zone) is here.

pub mod attendance;
pub mod decisions;
pub mod home;
pub mod hours;
pub mod member;
pub mod membership;
pub mod minutes;
pub mod roles;

use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use maud::Markup;

use super::ctx::Ctx;
use crate::t;

/// The parameters of the request, checked as its page will (a 400 or 404 page for one
/// that is wrong), without reading the database.
pub fn checked(ctx: &Ctx) -> Result<(), Response> {
    let path = ctx.path.strip_prefix("/api").unwrap_or(&ctx.path);
    match path {
        "/decisions" => decisions::asked(ctx).map(drop),
        "/hours" => year_param(ctx).map(drop),
        _ => match path.strip_prefix("/minutes/") {
            Some(id) if id.parse::<i64>().is_err() => Err(ctx.not_found()),
            _ => Ok(()),
        },
    }
}

/// The first and last years a filter accepts.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A page as a response, never cached by shared caches.
pub fn respond(markup: Markup) -> Response {
    (
        [(axum::http::header::CACHE_CONTROL, "private, no-cache")],
        axum::response::Html(markup.into_string()),
    )
        .into_response()
}

/// An instant as the bot says it, in the collective's zone.
pub fn when(ctx: &Ctx, at: DateTime<Utc>) -> String {
    crate::app::format::when(ctx.lang, ctx.config.collective.tz, at, ctx.now)
}

/// `path` as the address people open (`base_url` in front), to copy into an application.
pub fn full_address(ctx: &Ctx, path: &str) -> String {
    ctx.config
        .web
        .as_ref()
        .map_or_else(|| path.to_owned(), |w| format!("{}{path}", w.base_url))
}

/// Today in the collective's zone.
pub fn today(ctx: &Ctx) -> NaiveDate {
    ctx.now.with_timezone(&ctx.config.collective.tz).date_naive()
}

/// The `year` parameter: absent → `None`; a year in [`YEARS`] → it; else a 400 page.
pub fn year_param(ctx: &Ctx) -> Result<Option<i32>, Response> {
    match ctx.param("year").map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => match v.parse::<i32>() {
            Ok(y) if YEARS.contains(&y) => Ok(Some(y)),
            _ => Err(ctx.bad_request(t!(ctx.lang, "web-bad-year", "value" => clip(v),
                "min" => i64::from(*YEARS.start()), "max" => i64::from(*YEARS.end())))),
        },
    }
}

/// The instants a year begins and ends, in the collective's zone.
pub fn year_bounds(ctx: &Ctx, year: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |y: i32| {
        let day = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN);
        ctx.config.calendar.resolve_local(day.and_time(NaiveTime::MIN))
    };
    (start(year), start(year + 1))
}

/// A value from the address, shortened for an error message.
pub fn clip(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// The collective's next scheduled meetings (production, reflection, committees with a
/// schedule), soonest first: (name, instant).
pub fn next_meetings(ctx: &Ctx, limit: usize) -> Vec<(String, DateTime<Utc>)> {
    let config = &ctx.config;
    let calendar = &config.calendar;
    let mut out: Vec<(String, DateTime<Utc>)> = Vec::new();
    let mut add = |committee: &str, r: Option<&crate::domain::calendar::Recurrence>| {
        if let Some(at) = r.and_then(|r| r.next_after(calendar, ctx.now)) {
            out.push((ctx.web.core.meeting_name(ctx.lang, committee), at));
        }
    };
    add("production", config.meetings.production.as_ref());
    add("reflection", config.meetings.reflection.as_ref());
    for c in &config.meetings.committees {
        add(&c.name, c.schedule.as_ref());
    }
    out.sort_by_key(|(_, at)| *at);
    out.truncate(limit);
    out
}

/// The months of `year` as `YYYY-MM`, and the month's name for each.
pub fn months_of(ctx: &Ctx, year: i32) -> Vec<(String, String)> {
    (1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
        .map(|d| {
            (
                format!("{:04}-{:02}", d.year(), d.month()),
                crate::app::format::month_year(ctx.lang, d),
            )
        })
        .collect()
}
