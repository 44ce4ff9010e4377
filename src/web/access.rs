//! Who may read what. Public view: the collective's pages are open to anyone with the
//! address. Private view (`public = false`): only with the collective's access link,
//! `<base_url>/?key=KEY`; the key is compared in constant time, kept in an HttpOnly
//! cookie and taken out of the address by a redirect; the JSON also takes `?key=` on
//! each request. Without it: 403 and a page saying how to get in. A member's own page is
//! reached only by its secret (`/me/SECRET`, sent privately by `!web`); the database
//! keeps the secret's hash; an unknown or revoked secret is a 404 like any other address.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use subtle::ConstantTimeEq;

use super::ctx::{Ctx, error_page, negotiate, parse_query};
use super::server::Web;
use crate::t;

const COOKIE: &str = "konbit_key";

/// The collective's pages: open when public, else only with the key.
pub async fn collective(State(web): State<Arc<Web>>, request: Request, next: Next) -> Response {
    let Some(key) = &web.key else {
        return next.run(request).await;
    };
    let query = parse_query(request.uri().query());
    let matches = |given: &str| bool::from(given.as_bytes().ct_eq(key.as_bytes()));
    if let Some((_, given)) = query.iter().find(|(k, _)| k == "key") {
        if !matches(given) {
            return refused(&web, &request, &query);
        }
        if request.uri().path().starts_with("/api/") {
            return next.run(request).await;
        }
        // Into a cookie, and out of the address (history, screenshots, shared links).
        let rest: Vec<String> = query
            .iter()
            .filter(|(k, _)| k != "key")
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        let to = if rest.is_empty() {
            request.uri().path().to_owned()
        } else {
            format!("{}?{}", request.uri().path(), rest.join("&"))
        };
        let secure = if web
            .config()
            .web
            .as_ref()
            .is_some_and(|w| w.base_url.starts_with("https://"))
        {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!("{COOKIE}={key}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}");
        return ([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response();
    }
    let from_cookie = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(COOKIE).and_then(|c| c.strip_prefix('=')))
        .any(matches);
    if from_cookie {
        next.run(request).await
    } else {
        refused(&web, &request, &query)
    }
}

fn refused(web: &Web, request: &Request, query: &[(String, String)]) -> Response {
    let lang = negotiate(query, request.headers(), web.config().collective.lang)
        .map_or(web.config().collective.lang, |(l, _)| l);
    error_page(
        lang,
        StatusCode::FORBIDDEN,
        &t!(lang, "web-private"),
        &t!(lang, "web-private-detail"),
    )
}

/// The member whose live link `secret` is; `Err(404 page)` otherwise.
pub async fn member(ctx: &Ctx, secret: &str) -> Result<String, Response> {
    let Some(hash) = crate::app::secret_hash(secret) else {
        return Err(ctx.not_found());
    };
    match ctx.web.store().web_link_member(&hash).await {
        Ok(Some(m)) => Ok(m),
        Ok(None) => Err(ctx.not_found()),
        Err(e) => Err(ctx.failed(e)),
    }
}

/// Percent-encodes a query component.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
