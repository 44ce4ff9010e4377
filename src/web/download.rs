//! `/me/SECRET/data.zip`: everything konbit holds about a member, as the archive of
//! `konbit export member` (`crate::privacy`). Opened by the download link `!mydata` sends
//! (valid a few days) or by the member's page link (`!web`); any other secret is a 404
//! like any other address. Never cached.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::ctx::Ctx;

pub async fn member_data(ctx: Ctx, Path(secret): Path<String>) -> Response {
    let Some(hash) = crate::app::secret_hash(&secret) else {
        return ctx.not_found();
    };
    let store = ctx.web.store();
    let member = match store.data_link_member(&hash, ctx.now).await {
        Ok(Some(m)) => m,
        Ok(None) => match store.web_link_member(&hash).await {
            Ok(Some(m)) => m,
            Ok(None) => return ctx.not_found(),
            Err(e) => return ctx.failed(e),
        },
        Err(e) => return ctx.failed(e),
    };
    let archive = match crate::privacy::gather(store, &ctx.config, &member, ctx.now).await {
        Ok(a) => a,
        Err(e) => return ctx.failed(e),
    };
    let disposition = format!("attachment; filename=\"{}\"", archive.file_name());
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        archive.zip(ctx.lang),
    )
        .into_response()
}
