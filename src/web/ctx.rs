//! What every request carries: the reader's language (`?lang=`, else Accept-Language,
//! else the collective's), the present, the query; the guard every request passes (size
//! limits, security headers); and the error pages, in the reader's language.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::layout;
use super::server::Web;
use crate::config::Config;
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::t;

/// The longest query string accepted.
const MAX_QUERY: usize = 1024;
/// The longest path accepted.
const MAX_PATH: usize = 512;

/// The request as a page sees it.
pub struct Ctx {
    pub web: Arc<Web>,
    /// The configuration in force when the request came in (a reload of `konbit run`
    /// applies from the next request).
    pub config: Arc<Config>,
    pub lang: Lang,
    /// The language was asked for with `?lang=`: links keep it.
    pub explicit: bool,
    pub now: DateTime<Utc>,
    pub path: String,
    pub query: Vec<(String, String)>,
}

impl Ctx {
    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A link to `path` (which may carry its own query) that keeps an asked-for language.
    pub fn href(&self, path: &str) -> String {
        if !self.explicit {
            return path.to_owned();
        }
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}lang={}", self.lang.code())
    }

    /// A catalog sentence in the reader's language.
    pub fn t(&self, id: &str) -> String {
        crate::i18n::lookup(self.lang, id, None)
    }

    /// A 400 page: `what` says what was wrong with the request.
    pub fn bad_request(&self, what: String) -> Response {
        error_page(
            self.lang,
            StatusCode::BAD_REQUEST,
            &t!(self.lang, "web-bad-request"),
            &what,
        )
    }

    /// The 404 page.
    pub fn not_found(&self) -> Response {
        error_page(
            self.lang,
            StatusCode::NOT_FOUND,
            &t!(self.lang, "web-not-found"),
            &t!(self.lang, "web-not-found-detail"),
        )
    }

    /// A storage error: logged, and a 500 page that says to try again.
    pub fn failed(&self, e: StoreError) -> Response {
        tracing::error!(error = %e, path = %self.path, "web page failed");
        error_page(
            self.lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            &t!(self.lang, "web-failed"),
            &t!(self.lang, "storage-error-read"),
        )
    }
}

/// What a page handler returns: the page, or an error page.
pub type Page = Result<Response, Response>;

impl FromRequestParts<Arc<Web>> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, web: &Arc<Web>) -> Result<Self, Self::Rejection> {
        let query = parse_query(parts.uri.query());
        let (lang, explicit) = match negotiate(&query, &parts.headers, web.config().collective.lang) {
            Ok(l) => l,
            Err(asked) => {
                let lang = web.config().collective.lang;
                return Err(error_page(
                    lang,
                    StatusCode::BAD_REQUEST,
                    &t!(lang, "web-bad-request"),
                    &t!(lang, "web-bad-lang", "value" => asked),
                ));
            }
        };
        Ok(Ctx {
            config: web.config(),
            web: web.clone(),
            lang,
            explicit,
            now: web.now(),
            path: parts.uri.path().to_owned(),
            query,
        })
    }
}

/// The query's pairs, decoded.
pub fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    let Some(q) = query else { return Vec::new() };
    let uri: axum::http::Uri = match format!("/?{q}").parse() {
        Ok(u) => u,
        Err(_) => return Vec::new(),
    };
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map(|axum::extract::Query(v)| v)
        .unwrap_or_default()
}

/// The reader's language and whether it was asked for; `Err(value)` for a `?lang=` that
/// is not one of ours.
pub fn negotiate(query: &[(String, String)], headers: &HeaderMap, default: Lang) -> Result<(Lang, bool), String> {
    if let Some((_, asked)) = query.iter().find(|(k, _)| k == "lang") {
        return Lang::parse(asked)
            .map(|l| (l, true))
            .ok_or_else(|| asked.chars().take(20).collect());
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Ok((accept_language(accept).unwrap_or(default), false))
}

/// The best of our languages in an Accept-Language header (`fr-CA,fr;q=0.9,en;q=0.8`).
pub fn accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',').take(20) {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Lang::parse(primary)
            && q > 0.0
            && best.is_none_or(|(b, _)| q > b)
        {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// Every request: refused when its path or query is too long; answered with headers that
/// keep secrets in addresses out of other sites' logs and forbid scripts.
pub async fn guard(request: Request, next: Next) -> Response {
    let api = request.uri().path() == "/api" || request.uri().path().starts_with("/api/");
    let too_long = request.uri().path().len() > MAX_PATH || request.uri().query().is_some_and(|q| q.len() > MAX_QUERY);
    let mut response = if too_long {
        let lang = negotiate(&[], request.headers(), Lang::En).map_or(Lang::En, |(l, _)| l);
        error_page(
            lang,
            StatusCode::URI_TOO_LONG,
            &t!(lang, "web-bad-request"),
            &t!(lang, "web-too-long"),
        )
    } else {
        next.run(request).await
    };
    // The JSON's errors are JSON, whatever refused the request (the access check, the
    // router, a bad parameter, the length).
    if api && let Some(ErrorText(detail)) = response.extensions().get::<ErrorText>().cloned() {
        let status = response.status();
        response = (
            status,
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(serde_json::json!({ "error": detail })),
        )
            .into_response();
    }
    let headers = response.headers_mut();
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"),
    );
    response
}

/// Any other address.
pub async fn not_found(ctx: Result<Ctx, Response>) -> Response {
    match ctx {
        Ok(ctx) => ctx.not_found(),
        Err(r) => r,
    }
}

/// What an error page says was wrong: the JSON's `{"error": …}` under `/api/`.
#[derive(Debug, Clone)]
pub struct ErrorText(pub String);

/// An error page: the status, a title and what to do.
pub fn error_page(lang: Lang, status: StatusCode, title: &str, detail: &str) -> Response {
    let body = layout::bare(lang, title, detail);
    let mut response = (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::response::Html(body.into_string()),
    )
        .into_response();
    response.extensions_mut().insert(ErrorText(detail.to_owned()));
    response
}
