//! The page cache: a collective page (its HTML, JSON or calendar) is rendered once and
//! served again as long as nothing was written to the database since and for at most
//! [`FRESH`], so that many readers of the same pages cost one rendering a second, not one
//! each. Whether the database changed is asked on every request (SQLite's `PRAGMA
//! data_version` on a connection of its own, PostgreSQL's current snapshot; the bot's
//! commits, in this process or another, change them, see `store::Changes`), so a page never shows
//! less than what the database held when the request came in; what depends on the clock
//! alone (the time left before a deadline) is at most [`FRESH`] old (under a fixed clock,
//! `konbit web --clock`, pages age only with the database). A reload of the configuration
//! (`konbit run`, SIGHUP) renders them again. Kept: successful GET answers, after the
//! access check, by address and language, at most [`PAGES`] of them and [`BYTES`] in all.
//! Never kept: a member's own page, error pages, an answer over [`LARGEST`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use axum::extract::FromRequestParts;

use super::ctx::{Ctx, error_page, negotiate, parse_query};
use super::pages;
use super::server::Web;
use crate::config::Config;
use crate::store::{Changes, READ_WAIT};
use crate::t;

/// The longest a kept page is served when the database did not change.
pub const FRESH: Duration = Duration::from_secs(1);
/// The most pages kept: beyond, the stale ones go, then all of them.
const PAGES: usize = 64;
/// The most bytes kept in all (answers that vary only by an ignored parameter cannot
/// make the cache grow past it).
const BYTES: usize = 16 << 20;
/// The largest answer kept.
const LARGEST: usize = 4 << 20;

/// The pages kept and the connection that says whether they are still true.
pub struct Cache {
    changes: Changes,
    pages: Mutex<Pages>,
    /// False under a fixed clock (`konbit web --clock`): a page ages only with the database.
    ages: bool,
}

/// The pages kept, and how many bytes their bodies hold.
#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Kept>,
    bytes: usize,
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
            pages: Mutex::new(Pages::default()),
            ages,
        }
    }

    /// The page kept under `key` if it is still true at `version` with `config`, and fresh
    /// at `now`.
    fn get(&self, key: &str, version: i64, config: &Arc<Config>, now: Instant) -> Option<Response> {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        let kept = pages.by_key.get(key)?;
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
        if let Some(k) = pages.by_key.get(&key) {
            if k.version > page.version || (k.version == page.version && k.at > page.at) {
                return;
            }
            let gone = k.body.len();
            pages.bytes -= gone;
            pages.by_key.remove(&key);
        }
        if pages.by_key.len() >= PAGES || pages.bytes + page.body.len() > BYTES {
            let ages = self.ages;
            pages.by_key.retain(|_, k| {
                k.version == page.version
                    && Arc::ptr_eq(&k.config, &page.config)
                    && !(ages && page.at.duration_since(k.at) >= FRESH)
            });
            pages.bytes = pages.by_key.values().map(|k| k.body.len()).sum();
            if pages.by_key.len() >= PAGES || pages.bytes + page.body.len() > BYTES {
                pages.by_key.clear();
                pages.bytes = 0;
            }
        }
        pages.bytes += page.body.len();
        pages.by_key.insert(key, page);
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
    // A bad parameter is answered without the database (which may be busy).
    let (mut parts, body) = request.into_parts();
    if let Ok(ctx) = Ctx::from_request_parts(&mut parts, &web).await
        && let Err(refused) = pages::checked(&ctx)
    {
        return refused;
    }
    let request = Request::from_parts(parts, body);
    // However many readers wait, each gives up after READ_WAIT: a database held locked
    // by another process gets the "try again" page, not a wait in line.
    let version = match tokio::time::timeout(READ_WAIT, cache.changes.version()).await {
        Ok(Ok(v)) => v,
        failed => {
            let e = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => "timed out".to_owned(),
            };
            tracing::warn!(error = %e, %path, "web cache: cannot read the database's version");
            return error_page(
                lang,
                StatusCode::SERVICE_UNAVAILABLE,
                &t!(lang, "web-failed"),
                &t!(lang, "storage-error-read"),
            );
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(config: &Arc<Config>, version: i64, bytes: usize) -> Kept {
        Kept {
            version,
            config: config.clone(),
            at: Instant::now(),
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
        }
    }

    async fn cache(dir: &tempfile::TempDir) -> Cache {
        let store = crate::store::testing::open(&dir.path().join("konbit.db"))
            .await
            .expect("store");
        Cache::new(store.changes().await.expect("changes"), true)
    }

    #[tokio::test]
    async fn many_addresses_never_grow_the_cache_past_its_bounds() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = cache(&dir).await;
        let config = Arc::new(Config::builtin());
        // Addresses that differ only by an ignored parameter, each a large answer.
        for i in 0..500 {
            cache.put(format!("en /api/decisions?n={i}"), page(&config, 1, 1 << 20));
            let pages = cache.pages.lock().expect("lock");
            assert!(pages.by_key.len() <= PAGES, "{} pages kept", pages.by_key.len());
            assert!(pages.bytes <= BYTES, "{} bytes kept", pages.bytes);
            assert_eq!(pages.bytes, pages.by_key.values().map(|k| k.body.len()).sum::<usize>());
        }
        // Small pages: up to the count.
        for i in 0..500 {
            cache.put(format!("fr /decisions?page={i}"), page(&config, 1, 1000));
        }
        assert!(cache.pages.lock().expect("lock").by_key.len() <= PAGES);
    }

    #[tokio::test]
    async fn a_page_is_served_again_only_while_the_database_and_configuration_are_the_same() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = cache(&dir).await;
        let config = Arc::new(Config::builtin());
        cache.put("en /".to_owned(), page(&config, 7, 10));
        let now = Instant::now();
        assert!(cache.get("en /", 7, &config, now).is_some());
        assert!(cache.get("fr /", 7, &config, now).is_none(), "another language");
        assert!(cache.get("en /", 8, &config, now).is_none(), "the database changed");
        let reloaded = Arc::new(Config::builtin());
        assert!(
            cache.get("en /", 7, &reloaded, now).is_none(),
            "the configuration was reloaded"
        );
        assert!(cache.get("en /", 7, &config, now + FRESH).is_none(), "older than FRESH");
        // An older rendering never replaces a newer one.
        cache.put("en /".to_owned(), page(&config, 6, 20));
        assert_eq!(
            cache.get("en /", 7, &config, now).map(|r| r.status()),
            Some(StatusCode::OK)
        );
    }
}
