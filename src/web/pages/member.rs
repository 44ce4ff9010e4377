//! `/me/SECRET`: a member's own page, reached only by the private link `!web` sent them:
//! their hours this year by month and project, their reminders, their running timer, and
//! the address of their personal calendar feed and of the collective's, and the download
//! of everything konbit holds about them (`/me/SECRET/data.zip`). Never cached,
//! never sent as a referrer.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use maud::html;
use serde::Serialize;

use super::super::ctx::{Ctx, Page};
use super::super::{access, calendar, layout};
use super::{full_address, months_of, today, when};
use crate::domain::duration::hours_text;
use crate::store::Target;
use crate::t;

#[derive(Debug, Clone, Serialize)]
pub struct OwnLine {
    pub month: String,
    pub project: String,
    pub paid_minutes: i64,
    pub volunteer_minutes: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnReminder {
    pub id: i64,
    pub text: String,
    pub next: Option<chrono::DateTime<chrono::Utc>>,
    pub weekly: bool,
    /// Someone else's reminder for this member, or one for a room.
    pub to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnTimer {
    pub project: String,
    pub volunteer: bool,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub running_minutes: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Own {
    pub member: String,
    pub year: i32,
    pub hours: Vec<OwnLine>,
    pub reminders: Vec<OwnReminder>,
    pub timer: Option<OwnTimer>,
}

/// The member's own figures; `Err` with the 404 page for an unknown or revoked secret.
pub async fn own(ctx: &Ctx, secret: &str) -> Result<Own, Response> {
    let member = access::member(ctx, secret).await?;
    let store = ctx.web.store();
    let fail = |e| ctx.failed(e);
    let year = today(ctx).year();
    let months = months_of(ctx, year);
    let rows = store
        .member_month_totals(&member, &months[0].0, &months[months.len() - 1].0)
        .await
        .map_err(fail)?;
    let mut hours: Vec<OwnLine> = Vec::new();
    for r in rows {
        let line = match hours.iter_mut().find(|l| l.month == r.month && l.project == r.project) {
            Some(l) => l,
            None => {
                hours.push(OwnLine {
                    month: r.month.clone(),
                    project: r.project.clone(),
                    paid_minutes: 0,
                    volunteer_minutes: 0,
                });
                hours.last_mut().expect("just pushed")
            }
        };
        if r.volunteer {
            line.volunteer_minutes += r.minutes;
        } else {
            line.paid_minutes += r.minutes;
        }
    }
    let reminders = store
        .reminders_of(&member)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|r| OwnReminder {
            id: r.id,
            text: r.text,
            next: r.deliver_at.or(r.next_due),
            weekly: r.every.is_some(),
            to: match r.target {
                Target::Member(m) => m,
                Target::Room(room) => room,
            },
        })
        .collect();
    let timer = store.timer(&member).await.map_err(fail)?.map(|t| OwnTimer {
        running_minutes: (ctx.now - t.started_at).num_minutes().max(0),
        project: t.project,
        volunteer: t.volunteer,
        started_at: t.started_at,
    });
    Ok(Own {
        member,
        year,
        hours,
        reminders,
        timer,
    })
}

pub async fn page(ctx: Ctx, Path(secret): Path<String>) -> Page {
    let own = own(&ctx, &secret).await?;
    let collective_feed = calendar::collective_address(&ctx).await?;
    let lang = ctx.lang;
    let month_name = |code: &str| {
        months_of(&ctx, own.year)
            .into_iter()
            .find(|(c, _)| c == code)
            .map_or(code.to_owned(), |(_, n)| n)
    };
    let feed = full_address(&ctx, &format!("/me/{secret}/calendar.ics"));
    let body = html! {
        p.muted { (ctx.t("web-own-private")) }
        section aria-labelledby="timer" {
            h2 id="timer" { (ctx.t("web-own-timer")) }
            @match &own.timer {
                Some(t) => p { (t!(lang, "web-own-timer-running", "project" => t.project.clone(),
                    "since" => when(&ctx, t.started_at), "running" => hours_text(t.running_minutes))) }
                None => p { (ctx.t("web-own-no-timer")) }
            }
        }
        section aria-labelledby="hours" {
            h2 id="hours" { (t!(lang, "web-own-hours", "year" => i64::from(own.year))) }
            @if own.hours.is_empty() { p { (ctx.t("web-hours-none")) } }
            @else {
                div.scroll { table {
                    thead { tr {
                        th scope="col" { (ctx.t("web-col-month")) }
                        th scope="col" { (ctx.t("web-col-project")) }
                        th scope="col" class="n" { (ctx.t("web-paid")) }
                        th scope="col" class="n" { (ctx.t("web-volunteer")) }
                    } }
                    tbody { @for l in &own.hours { tr {
                        th scope="row" { (month_name(&l.month)) }
                        td { (l.project) }
                        td.n { (hours_text(l.paid_minutes)) }
                        td.n { (hours_text(l.volunteer_minutes)) }
                    } } }
                } }
            }
        }
        section aria-labelledby="reminders" {
            h2 id="reminders" { (ctx.t("web-own-reminders")) }
            @if own.reminders.is_empty() { p { (ctx.t("web-own-no-reminders")) } }
            @else {
                ul { @for r in &own.reminders {
                    li {
                        "#" (r.id) " " bdi { (r.text) }
                        @if let Some(at) = r.next { " — " time datetime=(at.to_rfc3339()) { (when(&ctx, at)) } }
                        @if r.weekly { " " span.muted { (ctx.t("web-own-weekly")) } }
                    }
                } }
            }
        }
        section aria-labelledby="calendar" {
            h2 id="calendar" { (ctx.t("web-own-calendar")) }
            p { (ctx.t("web-own-calendar-how")) }
            p.feed { a href=(format!("/me/{secret}/calendar.ics")) { (feed) } }
            p.muted { (ctx.t("web-own-revoke")) }
            @if let Some(path) = &collective_feed {
                p { (ctx.t("web-own-collective-calendar")) }
                p.feed { a href=(path) { (full_address(&ctx, path)) } }
            }
        }
        section aria-labelledby="data" {
            h2 id="data" { (ctx.t("web-own-data")) }
            p { (ctx.t("web-own-data-how")) }
            p { a href=(format!("/me/{secret}/data.zip")) download { (ctx.t("web-own-data-link")) } }
        }
    };
    // French elides "de" before a vowel or a mute h: "Page d'alice", "Page de bob".
    let vowel = own
        .member
        .chars()
        .next()
        .and_then(|c| c.to_lowercase().next())
        .is_some_and(|c| "aeiouyhàâäéèêëîïôöùûüÿœæ".contains(c));
    let title = t!(lang, "web-title-own", "member" => own.member.clone(), "vowel" => if vowel { "yes" } else { "no" });
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        axum::response::Html(layout::page(&ctx, &title, body).into_string()),
    )
        .into_response())
}
