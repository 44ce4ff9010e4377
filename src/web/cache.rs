//! The page cache: a collective page (its HTML, JSON or calendar) is rendered once and
//! served again as long as nothing was written to the database since and for at most
//! [`FRESH`], so that many readers of the same pages cost one rendering a second, not one
//! each. Whether the database changed is asked of SQLite on every request (a connection
//! of its own, `PRAGMA data_version`: the bot's commits, in this process or another,
//! change it), so a page never shows less than what the database held when the request
//! came in; what depends on the clock alone (the time left before a deadline) is at most
//! [`FRESH`] old (under a fixed clock, `konbit web --clock`, pages age only with the
//! database). A reload of the configuration (`konbit run`, SIGHUP) renders them again. Kept: successful GET answers, after the access check, by address and
//! language. Never kept: a member's own page, error pages, answers over [`LARGEST`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::ctx::{error_page, negotiate, parse_query};
use super::server::Web;
use crate::config::Config;
use crate::store::Changes;
use crate::t;

/// The longest a kept page is served when the database did not change.
pub const FRESH: Duration = Duration::from_secs(1);
/// The most pages kept: beyond, the stale ones go, then all of them.
const PAGES: usize = 64;
/// The largest answer kept.
const LARGEST: usize = 4 << 20;

/// The pages kept and the connection that says whether they are still true.
pub struct Cache {
    changes: Changes,
    pages: Mutex<HashMap<String, Kept>>,
    /// False under a fixed clock (`konbit web --clock`): a page ages only with the database.
    ages: bool,
}

struct Kept {
    /// The database's version before the page was rendered: the page shows at least that.
    version: i64,
    /// The configuration it was rendered with: a reload renders it again.
    config: Arc<Config>,
    at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Cache {
    /// `ages`: whether the clock moves (pages older than [`FRESH`] are rendered again).
    pub fn new(changes: Changes, ages: bool) -> Cache {
        Cache {
            changes,
            pages: Mutex::new(HashMap::new()),
            ages,
        }
    }

    /// The page kept under `key` if it is still true at `version` with `config`, and fresh
    /// at `now`.
    fn get(&self, key: &str, version: i64, config: &Arc<Config>, now: Instant) -> Option<Response> {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        let kept = pages.get(key)?;
        if kept.version != version
            || !Arc::ptr_eq(&kept.config, config)
            || (self.ages && now.duration_since(kept.at) >= FRESH)
        {
            return None;
        }
        let mut response = Response::new(Body::from(kept.body.clone()));
        *response.status_mut() = kept.status;
        *response.headers_mut() = kept.headers.clone();
        Some(response)
    }

    /// Keeps a page unless a newer one is already kept under `key`.
    fn put(&self, key: String, page: Kept) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if pages
            .get(&key)
            .is_some_and(|k| k.version > page.version || (k.version == page.version && k.at > page.at))
        {
            return;
        }
        if pages.len() >= PAGES && !pages.contains_key(&key) {
            let ages = self.ages;
            pages.retain(|_, k| {
                k.version == page.version
                    && Arc::ptr_eq(&k.config, &page.config)
                    && !(ages && page.at.duration_since(k.at) >= FRESH)
            });
            if pages.len() >= PAGES {
                pages.clear();
            }
        }
        pages.insert(key, page);
    }
}

/// The collective's routes, after the access check: a kept page when it is still true,
/// else the handler's, kept for the next reader.
pub async fn pages(State(web): State<Arc<Web>>, request: Request, next: Next) -> Response {
    let Some(cache) = &web.cache else {
        return next.run(request).await;
    };
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let query = parse_query(request.uri().query());
    let config = web.config();
    let Ok((lang, _)) = negotiate(&query, request.headers(), config.collective.lang) else {
        return next.run(request).await;
    };
    let key = format!("{} {}", lang.code(), request.uri());
    let path = request.uri().path().to_owned();
    let version = match cache.changes.version().await {
        Ok(v) => v,
        Err(e) => {
            // Not knowing whether the database changed: render, keep nothing.
            tracing::warn!(error = %e, "web cache: cannot read the database's version");
            return next.run(request).await;
        }
    };
    let now = Instant::now();
    if let Some(kept) = cache.get(&key, version, &config, now) {
        return kept;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, %path, "web page body failed");
            return error_page(
                lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                &t!(lang, "web-failed"),
                &t!(lang, "storage-error-read"),
            );
        }
    };
    if body.len() <= LARGEST {
        cache.put(
            key,
            Kept {
                version,
                config,
                at: now,
                status: parts.status,
                headers: parts.headers.clone(),
                body: body.clone(),
            },
        );
    }
    Response::from_parts(parts, Body::from(body))
}
