//! Reading the replies: [`watch`] keeps an IMAP folder under watch, hands each message not
//! yet handled to the core (oldest first), and marks what was handled on the server, so that
//! mail waits safely in the mailbox while konbit is down and is never handled twice.
//!
//! What "handled" means on the server: the keyword [`DONE_KEYWORD`] plus `\Seen`, or a move
//! to the configured done folder. A server that refuses new keywords gets `\Seen` alone, and
//! then unseen messages are the ones waiting.

use std::collections::HashSet;
use std::future::Future;
use std::time::Duration;

use anyhow::Context;
use async_imap::extensions::idle::IdleResponse;
use async_imap::types::Flag;
use futures_util::TryStreamExt;
use tokio::sync::{oneshot, watch as watch_channel};

use super::connect::{Session, login, quoted, step, tls_for};
use super::endpoint::{ImapEndpoint, Security};
use super::inbound::head_counts_at;
use crate::transport::Backoff;

/// The keyword konbit sets on a message it handled.
pub const DONE_KEYWORD: &str = "$KonbitDone";

/// A message larger than this is not read whole: only its header is handed over.
pub const MAX_MESSAGE_BYTES: u32 = 10 * 1024 * 1024;

/// IDLE is ended and issued again at least this often (RFC 2177: before 29 minutes).
const IDLE_RENEW: Duration = Duration::from_secs(25 * 60);

/// One message from the watched folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// Its IMAP UID in the folder.
    pub uid: u32,
    /// The whole message as stored (RFC 5322), read without marking it `\Seen`.
    pub raw: Vec<u8>,
    /// When the server received it (IMAP INTERNALDATE), when it says.
    pub received: Option<chrono::DateTime<chrono::Utc>>,
    /// Over [`MAX_MESSAGE_BYTES`]: `raw` holds only its header, enough to tell its sender
    /// (a member's reply with an attachment) that it was not read.
    pub too_large: bool,
}

/// What the handler made of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// Handled: mark it so and never offer it again, also after a restart.
    Done,
    /// Not handled this time (the database was busy…): offer it again at the next pass.
    Retry,
}

/// How handled messages are told apart in this folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marking {
    /// [`DONE_KEYWORD`] + `\Seen`.
    Keyword,
    /// `\Seen` only: the server refuses new keywords.
    SeenOnly,
}

impl Marking {
    /// The messages still waiting.
    fn search(self) -> &'static str {
        match self {
            Marking::Keyword => "UNKEYWORD $KonbitDone UNDELETED",
            Marking::SeenOnly => "UNSEEN UNDELETED",
        }
    }

    fn flags(self) -> &'static str {
        match self {
            Marking::Keyword => "+FLAGS.SILENT ($KonbitDone \\Seen)",
            Marking::SeenOnly => "+FLAGS.SILENT (\\Seen)",
        }
    }
}

/// What one connection knows about the server and the folder.
struct Folder<'a> {
    endpoint: &'a ImapEndpoint,
    marking: Marking,
    idle: bool,
    can_move: bool,
    /// `UID EXPUNGE` removes just the copied message (without MOVE).
    uidplus: bool,
}

/// Watches the folder until `shutdown` turns true: handles every message not yet marked done
/// (oldest first), then waits with IDLE (issued again every 25 minutes; when the server lacks
/// IDLE, it polls every `endpoint.poll`, and it also looks every `endpoint.poll` as a safety
/// net), reconnecting with backoff after errors (logged, never a panic).
///
/// `Done` → the message is marked handled ([`DONE_KEYWORD`] + `\Seen`, or moved to
/// `done_folder` when set; `\Seen` alone if the server refuses keywords) and never offered
/// again, also after a restart; `Retry` → offered again at the next pass. A message is
/// offered again too when the connection broke before its marking was confirmed: handling
/// must be idempotent (the core counts a reply once by its Message-ID).
///
/// `caught_up` fires once, after the first complete pass over what was waiting at start
/// (so never while the server cannot be reached). Returns `Ok` when `shutdown` turned true
/// (or its sender is gone); `Err` only for an endpoint that can never work (a host that
/// cannot be a TLS server name).
pub async fn watch<F, Fut>(
    endpoint: ImapEndpoint,
    mut handle: F,
    mut caught_up: Option<oneshot::Sender<()>>,
    mut shutdown: watch_channel::Receiver<bool>,
) -> anyhow::Result<()>
where
    F: FnMut(Fetched) -> Fut,
    Fut: Future<Output = Disposition>,
{
    if endpoint.security != Security::None {
        tls_for(&endpoint.host)?;
    }
    let mut backoff = Backoff::new();
    loop {
        if *shutdown.borrow() {
            return Ok(());
        }
        let run = serve(&endpoint, &mut handle, &mut caught_up, &mut shutdown, &mut backoff);
        match run.await {
            Ok(()) => return Ok(()),
            Err(e) => {
                let wait = backoff.next();
                tracing::warn!(
                    server = %format!("{}:{}", endpoint.host, endpoint.port),
                    folder = %endpoint.folder,
                    error = %format!("{e:#}"),
                    retry_in_ms = wait.as_millis() as u64,
                    "the mailbox of replies cannot be read; connecting again"
                );
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = stopped(&mut shutdown) => return Ok(()),
                }
            }
        }
    }
}

/// Resolves once `shutdown` is true or its sender is gone.
async fn stopped(shutdown: &mut watch_channel::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

fn is_stopping(shutdown: &watch_channel::Receiver<bool>) -> bool {
    *shutdown.borrow() || shutdown.has_changed().is_err()
}

/// One connection: log in, select, then passes and waits until shutdown (`Ok`) or an error.
async fn serve<F, Fut>(
    endpoint: &ImapEndpoint,
    handle: &mut F,
    caught_up: &mut Option<oneshot::Sender<()>>,
    shutdown: &mut watch_channel::Receiver<bool>,
    backoff: &mut Backoff,
) -> anyhow::Result<()>
where
    F: FnMut(Fetched) -> Fut,
    Fut: Future<Output = Disposition>,
{
    let mut session = login(endpoint).await?;
    let capabilities = step("CAPABILITY", session.capabilities()).await?;
    let idle = capabilities.has_str("IDLE");
    let can_move = capabilities.has_str("MOVE");
    let uidplus = capabilities.has_str("UIDPLUS");
    if !idle {
        tracing::info!(
            poll_s = endpoint.poll.as_secs(),
            "the IMAP server does not offer IDLE: replies are looked for at each poll"
        );
    }
    if let Some(done) = &endpoint.done_folder {
        // Made when missing; an error here usually means it exists already.
        if let Err(e) = step("CREATE", session.create(done)).await {
            tracing::debug!(folder = %done, error = %format!("{e:#}"), "done folder not created");
        }
    }
    let mailbox = step("SELECT", session.select(&endpoint.folder))
        .await
        .with_context(|| format!("folder {:?}", endpoint.folder))?;
    let keywords = mailbox
        .permanent_flags
        .iter()
        .any(|f| matches!(f, Flag::MayCreate) || matches!(f, Flag::Custom(k) if k == DONE_KEYWORD));
    if !keywords {
        tracing::warn!(
            folder = %endpoint.folder,
            "the IMAP server refuses new keywords: handled replies are only marked as read, so an unread reply is one konbit has not handled"
        );
    }
    let folder = Folder {
        endpoint,
        marking: if keywords { Marking::Keyword } else { Marking::SeenOnly },
        idle,
        can_move,
        uidplus,
    };
    backoff.reset();
    loop {
        if !pass(&mut session, &folder, handle, shutdown).await? {
            break;
        }
        if let Some(tx) = caught_up.take() {
            let _ = tx.send(());
        }
        let woken = if folder.idle {
            let (back, stop) = idle_wait(session, endpoint.poll, shutdown).await?;
            session = back;
            !stop
        } else {
            tokio::select! {
                () = tokio::time::sleep(endpoint.poll) => true,
                () = stopped(shutdown) => false,
            }
        };
        if !woken {
            break;
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), session.logout()).await;
    Ok(())
}

/// Offers every waiting message once, oldest first, and looks again until nothing new came
/// in meanwhile (a message that arrives during a pass is not announced again by IDLE).
/// `false` when shutdown was asked for in the middle.
async fn pass<F, Fut>(
    session: &mut Session,
    folder: &Folder<'_>,
    handle: &mut F,
    shutdown: &watch_channel::Receiver<bool>,
) -> anyhow::Result<bool>
where
    F: FnMut(Fetched) -> Fut,
    Fut: Future<Output = Disposition>,
{
    let mut offered: HashSet<u32> = HashSet::new();
    loop {
        let waiting = step("UID SEARCH", session.uid_search(folder.marking.search())).await?;
        let mut new: Vec<u32> = waiting.into_iter().filter(|uid| !offered.contains(uid)).collect();
        if new.is_empty() {
            return Ok(true);
        }
        new.sort_unstable();
        let new = in_time_order(session, folder, new).await?;
        for uid in new {
            if is_stopping(shutdown) {
                return Ok(false);
            }
            offered.insert(uid);
            let Some(message) = fetch(session, uid).await? else {
                continue;
            };
            if handle(message).await == Disposition::Done {
                mark_done(session, folder, uid).await?;
            }
        }
    }
}

/// `uids` in the order their replies count (their `Date` within the transit allowance
/// before INTERNALDATE, see [`counts_at`](super::inbound::counts_at)), then by UID: every
/// waiting reply's time is read before any is acted on, so that a reply sent before a
/// deadline is never handled after one sent after it (which would resolve the deadline
/// first).
async fn in_time_order(session: &mut Session, folder: &Folder<'_>, uids: Vec<u32>) -> anyhow::Result<Vec<u32>> {
    if uids.len() < 2 {
        return Ok(uids);
    }
    let set = uids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let heads: Vec<_> = step("UID FETCH", async {
        session
            .uid_fetch(&set, "(UID INTERNALDATE BODY.PEEK[HEADER])")
            .await?
            .try_collect()
            .await
    })
    .await?;
    let now = chrono::Utc::now();
    let allowance = folder.endpoint.transit_allowance;
    let mut keyed: Vec<(chrono::DateTime<chrono::Utc>, u32)> = uids
        .into_iter()
        .map(|uid| {
            let head = heads.iter().find(|f| f.uid == Some(uid));
            let received = head
                .and_then(|f| f.internal_date())
                .map(|d| d.with_timezone(&chrono::Utc));
            let at = head
                .and_then(|f| f.header())
                .map_or(received.unwrap_or(now), |h| head_counts_at(h, received, allowance, now));
            (at, uid)
        })
        .collect();
    keyed.sort_unstable();
    Ok(keyed.into_iter().map(|(_, uid)| uid).collect())
}

/// Reads one message without marking it `\Seen`; `None` when it is gone. Of a message too
/// large, only its header (with a warning).
async fn fetch(session: &mut Session, uid: u32) -> anyhow::Result<Option<Fetched>> {
    let set = uid.to_string();
    let meta: Vec<_> = step("UID FETCH", async {
        session
            .uid_fetch(&set, "(UID RFC822.SIZE INTERNALDATE)")
            .await?
            .try_collect()
            .await
    })
    .await?;
    let Some(meta) = meta.into_iter().find(|f| f.uid == Some(uid)) else {
        return Ok(None);
    };
    let received = meta.internal_date().map(|d| d.with_timezone(&chrono::Utc));
    if let Some(size) = meta.size.filter(|size| *size > MAX_MESSAGE_BYTES) {
        tracing::warn!(
            uid,
            size,
            limit = MAX_MESSAGE_BYTES,
            "a message in the mailbox of replies is too large to be read: only its header is handed over"
        );
        let head: Vec<_> = step("UID FETCH", async {
            session
                .uid_fetch(&set, "(UID BODY.PEEK[HEADER])")
                .await?
                .try_collect()
                .await
        })
        .await?;
        let raw = head
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.header())
            .map(<[u8]>::to_vec);
        return Ok(raw.map(|raw| Fetched {
            uid,
            raw,
            received,
            too_large: true,
        }));
    }
    let body: Vec<_> = step("UID FETCH", async {
        session.uid_fetch(&set, "(UID BODY.PEEK[])").await?.try_collect().await
    })
    .await?;
    let raw = body
        .iter()
        .find(|f| f.uid == Some(uid))
        .and_then(|f| f.body())
        .map(<[u8]>::to_vec);
    Ok(raw.map(|raw| Fetched {
        uid,
        raw,
        received,
        too_large: false,
    }))
}

/// Marks a message handled: moved to the done folder when there is one (and the move works),
/// else flagged.
async fn mark_done(session: &mut Session, folder: &Folder<'_>, uid: u32) -> anyhow::Result<()> {
    let set = uid.to_string();
    if let Some(done) = &folder.endpoint.done_folder {
        let moved = if folder.can_move {
            step("UID MOVE", session.uid_mv(&set, done)).await
        } else {
            // Copied, then flagged handled and deleted here (the search skips it), and
            // expunged when the server can expunge that one message alone.
            step("UID COPY", session.uid_copy(&set, quoted(done))).await
        };
        match moved {
            Ok(()) if folder.can_move => return Ok(()),
            Ok(()) => {
                let flags = format!("{} \\Deleted)", folder.marking.flags().trim_end_matches(')'));
                store(session, &set, &flags).await?;
                if folder.uidplus {
                    let _: Vec<_> = step("UID EXPUNGE", async {
                        session.uid_expunge(&set).await?.try_collect().await
                    })
                    .await?;
                }
                return Ok(());
            }
            Err(e) => tracing::warn!(
                uid,
                folder = %done,
                error = %format!("{e:#}"),
                "a handled reply could not be moved to the done folder; it is flagged instead"
            ),
        }
    }
    store(session, &set, folder.marking.flags()).await
}

async fn store(session: &mut Session, set: &str, flags: &str) -> anyhow::Result<()> {
    let _: Vec<_> = step("UID STORE", async {
        session.uid_store(set, flags).await?.try_collect().await
    })
    .await?;
    Ok(())
}

/// Waits in IDLE until the server reports a change, `poll` passes, or shutdown; gives the
/// session back, with `true` when shutdown was asked for.
async fn idle_wait(
    session: Session,
    poll: Duration,
    shutdown: &mut watch_channel::Receiver<bool>,
) -> anyhow::Result<(Session, bool)> {
    let mut idle = session.idle();
    step("IDLE", idle.init()).await?;
    let mut stopping = false;
    let response = {
        let (wait, interrupt) = idle.wait_with_timeout(IDLE_RENEW);
        tokio::pin!(wait);
        let mut interrupt = Some(interrupt);
        let deadline = tokio::time::sleep(poll.min(IDLE_RENEW));
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                response = &mut wait => break response,
                // Dropping the interrupt ends the wait (ManualInterrupt).
                () = &mut deadline, if interrupt.is_some() => interrupt = None,
                () = stopped(shutdown), if interrupt.is_some() => {
                    interrupt = None;
                    stopping = true;
                }
            }
        }
    };
    match response.context("IMAP IDLE")? {
        IdleResponse::NewData(data) => tracing::debug!(response = ?data.parsed(), "IDLE: the folder changed"),
        IdleResponse::Timeout | IdleResponse::ManualInterrupt => {}
    }
    let session = step("DONE", idle.done()).await?;
    Ok((session, stopping))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_finds_what_the_marking_does_not_cover() {
        for marking in [Marking::Keyword, Marking::SeenOnly] {
            let flags = marking.flags();
            let search = marking.search();
            if flags.contains(DONE_KEYWORD) {
                assert!(search.contains(&format!("UNKEYWORD {DONE_KEYWORD}")), "{search}");
            } else {
                assert!(search.contains("UNSEEN"), "{search}");
            }
            assert!(flags.starts_with("+FLAGS.SILENT (") && flags.ends_with(')'), "{flags}");
            assert!(flags.contains("\\Seen"), "{flags}");
        }
    }
}
