//! The read-only web view (feature `web`): the collective's open proposals, decision
//! register, minutes, hours, membership and attendance as server-rendered pages (no
//! JavaScript, no external assets) and as JSON, in English and French; and each member's
//! own page behind a private link the bot sends on `!web`.
//!
//! Files: `server.rs` the router, the shared state and serving (`konbit web` alone, or
//! beside `konbit run`); `ctx.rs` what every request carries (language, clock, query) and
//! the error pages; `access.rs` the collective's access key; `cache.rs` the page cache;
//! `layout.rs` the page frame and its CSS; `pages/` one file per page; `api.rs` the JSON;
//! `svg.rs` the charts; `markdown.rs` the minutes, sanitized; `download.rs` a member's
//! archive of their own data (`!mydata`). docs/web.md describes the
//! routes and the access model.

// Handlers return `Result<_, Response>`: the error is the error page itself, built once
// per request at most; boxing it would buy nothing.
#![allow(clippy::result_large_err)]

mod access;
mod api;
mod cache;
mod calendar;
mod ctx;
mod download;
mod layout;
pub mod markdown;
mod pages;
mod server;
pub mod svg;
pub mod svg_line;

pub use server::{Web, read_key as server_key, router, run_alone, serve};
