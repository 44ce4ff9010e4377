//! The router, the state every handler shares, and serving: `konbit web` alone on a
//! read-only connection, or beside `konbit run` on the bot's own store. Each connection
//! has [`HEAD_TIMEOUT`] to send a request's head (the first, or the next on a kept
//! connection: idle connections close too), and at most [`MAX_CONNECTIONS`] are served
//! at once (more wait in the listen queue), so slow clients never use up the process's
//! file descriptors.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::middleware;
use axum::routing::get;
use chrono::{DateTime, Utc};

use super::cache::{self, Cache};
use super::{access, api, calendar, ctx, download, pages};
use crate::app::{Core, Network, Room};
use crate::config::Config;
use crate::i18n::Lang;
use crate::store::Store;
use crate::t;

/// What every handler reads: the store, a core for the configuration in force and for
/// the sentences and decisions the bot itself makes (the proposal list, membership
/// statuses), the collective's access key when the view is not public, a fixed clock for
/// tests, and the page cache when there is one.
pub struct Web {
    pub core: Core,
    pub(super) key: Option<String>,
    clock: Option<DateTime<Utc>>,
    pub(super) cache: Option<Cache>,
}

impl Web {
    /// `konbit web` alone: a core of its own on `store`, with `config` as read at start.
    /// `key`: the collective's access key (required when the view is not public).
    /// `clock`: answer as if it were always this instant (`konbit web --clock`).
    pub fn new(config: Arc<Config>, store: Store, key: Option<String>, clock: Option<DateTime<Utc>>) -> Web {
        let room = Room::new(Network::Console, config.console_room.clone());
        Web::with_core(Core::new(config, store, room), key, clock)
    }

    /// Beside `konbit run`: `core` is a reader of the bot's core (`Core::reader`), so the
    /// pages follow a reload of the configuration.
    pub fn with_core(core: Core, key: Option<String>, clock: Option<DateTime<Utc>>) -> Web {
        Web {
            core,
            key,
            clock,
            cache: None,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> Arc<Config> {
        self.core.config()
    }

    /// The store the pages read.
    pub fn store(&self) -> &Store {
        self.core.store()
    }

    /// With the page cache, on a connection of its own that says whether the database
    /// changed.
    pub async fn cached(mut self) -> Result<Web, crate::store::StoreError> {
        let changes = self.store().changes().await?;
        self.cache = Some(Cache::new(changes, self.clock.is_none()));
        Ok(self)
    }

    /// The present: the fixed clock when there is one.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.unwrap_or_else(Utc::now)
    }
}

/// Every route. The collective's pages and their JSON go through the access check; a
/// member's page is reached only by its secret, the collective's feed also by its token.
pub fn router(web: Arc<Web>) -> Router {
    let collective = Router::new()
        .route("/", get(pages::home::page))
        .route("/decisions", get(pages::decisions::page))
        .route("/minutes", get(pages::minutes::list))
        .route("/minutes/{id}", get(pages::minutes::one))
        .route("/hours", get(pages::hours::page))
        .route("/membership", get(pages::membership::page))
        .route("/attendance", get(pages::attendance::page))
        .route("/api/proposals", get(api::proposals))
        .route("/api/decisions", get(api::decisions))
        .route("/api/minutes", get(api::minutes))
        .route("/api/minutes/{id}", get(api::minutes_one))
        .route("/api/hours", get(api::hours))
        .route("/api/membership", get(api::membership))
        .route("/api/attendance", get(api::attendance))
        .route("/calendar.ics", get(calendar::collective))
        // Inner to the access check: a kept page is served only to who may read it.
        .route_layer(middleware::from_fn_with_state(web.clone(), cache::pages))
        .route_layer(middleware::from_fn_with_state(web.clone(), access::collective));
    let personal = Router::new()
        .route("/me/{secret}", get(pages::member::page))
        .route("/api/me/{secret}", get(api::member))
        .route("/me/{secret}/calendar.ics", get(calendar::member))
        .route("/me/{secret}/data.zip", get(download::member_data))
        .route("/feed/{token}/calendar.ics", get(calendar::by_token));
    collective
        .merge(personal)
        .fallback(ctx::not_found)
        .layer(middleware::from_fn(ctx::guard))
        .with_state(web)
}

/// Connections served at once (well under the 1,024 descriptors a process gets by default,
/// with room for the database and the bot's own connections).
pub const MAX_CONNECTIONS: usize = 256;

/// How long a client has to send a request's head, from the moment the server waits for
/// it: a slow or idle client is disconnected after this.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves the view on `listener` until `shutdown` completes; then the requests under way
/// finish (for at most 5 seconds).
pub async fn serve(
    web: Arc<Web>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(web);
    let permits = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            _ = &mut shutdown => break,
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors, or the peer gone before we took it: wait a little.
                    tracing::warn!(error = %e, "web view: cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        stream.set_nodelay(true).ok();
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT);
            let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                served = conn.as_mut() => {
                    if let Err(e) = served {
                        tracing::debug!(error = %e, "web view: connection ended");
                    }
                    return;
                }
                _ = stopping.changed() => conn.as_mut().graceful_shutdown(),
            }
            let _ = conn.await;
        });
    }
    let _ = stop.send(true);
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(Duration::from_secs(5), permits.acquire_many(all)).await;
    Ok(())
}

/// The collective's access key, read and checked at start when the view is not public.
pub fn read_key(config: &Config, lang: Lang) -> anyhow::Result<Option<String>> {
    let Some(web) = &config.web else { return Ok(None) };
    let Some(secret) = &web.key else { return Ok(None) };
    let key = secret.read().map_err(|e| {
        anyhow::anyhow!(t!(lang, "web-key-unreadable", "where" => format!("{secret:?}"), "detail" => e.to_string()))
    })?;
    let key = key.trim().to_owned();
    if key.chars().count() < 16 || !key.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c)) {
        anyhow::bail!(t!(lang, "web-key-weak", "where" => format!("{secret:?}")));
    }
    Ok(Some(key))
}

/// `konbit web`: the view alone, on a read-only connection to the bot's database, until
/// SIGTERM or Ctrl-C.
pub async fn run_alone(config: Config, clock: Option<DateTime<Utc>>, lang: Lang) -> anyhow::Result<()> {
    let Some(settings) = config.web.clone() else {
        anyhow::bail!(t!(lang, "web-not-configured-run"));
    };
    let key = read_key(&config, lang)?;
    let store = Store::open_configured_read_only(&config, 4).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await.map_err(|e| {
        anyhow::anyhow!(
            t!(lang, "web-cannot-listen", "address" => settings.listen.to_string(), "detail" => e.to_string())
        )
    })?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "web view listening");
    // The address actually bound (port 0 picks a free one): tests and scripts read it.
    println!(
        "{}",
        t!(lang, "web-listening", "address" => format!("http://{address}"))
    );
    let web = Arc::new(Web::new(Arc::new(config), store.clone(), key, clock).cached().await?);
    serve(web, listener, stopped()).await?;
    store.close().await;
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
