//! `konbit feed`: the collective calendar feed's own address, `BASE_URL/feed/TOKEN/calendar.ics`,
//! which calendar applications subscribe to without the access cookie of a private view
//! (docs/web.md, "Access"). `show` prints it, `new` replaces it (the old address stops
//! working at once: a subscribed calendar gets a 404), `revoke` ends it until the next
//! `new`. Safe while `konbit run` or `konbit web` serves the same database: the pages show
//! the new address on their next load.

use chrono::Utc;

use super::Outcome;
use crate::config::Config;
use crate::i18n::Lang;
use crate::store::Store;
use crate::t;

/// What to do with the address.
#[derive(Debug, Clone, Copy, Default, clap::Subcommand)]
pub enum Action {
    /// Print the address (the default).
    #[default]
    Show,
    /// Replace it by a new one; the old one stops working.
    New,
    /// End it: no address opens the feed without the access key until `konbit feed new`.
    Revoke,
}

/// Runs `action` on the configured database; messages in `lang`.
pub fn run(config: &Config, action: Action, lang: Lang) -> Outcome {
    let Some(web) = &config.web else {
        return Outcome::refused(t!(lang, "web-not-configured-run"));
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return Outcome::failed(t!(lang, "feed-failed", "detail" => e.to_string())),
    };
    let base = web.base_url.clone();
    runtime.block_on(async {
        let store = match Store::open_configured(config).await {
            Ok(s) => s,
            Err(e) => return Outcome::failed(t!(lang, "feed-failed", "detail" => e.to_string())),
        };
        let address = |token: &str| format!("{base}/feed/{token}/calendar.ics");
        let done = match action {
            Action::Show => store.feed_token().await.map(|token| match token {
                Some(t) => t!(lang, "feed-address", "url" => address(&t)),
                None => t!(lang, "feed-none"),
            }),
            Action::New => store
                .renew_feed_token(Utc::now())
                .await
                .map(|t| t!(lang, "feed-renewed", "url" => address(&t))),
            Action::Revoke => store.revoke_feed_token(Utc::now()).await.map(|ended| {
                if ended {
                    t!(lang, "feed-revoked")
                } else {
                    t!(lang, "feed-none")
                }
            }),
        };
        store.close().await;
        match done {
            Ok(text) => Outcome::done(text),
            Err(e) => Outcome::failed(t!(lang, "feed-failed", "detail" => e.to_string())),
        }
    })
}
