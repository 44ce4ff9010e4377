//! What konbit has to say on Matrix, on its way out: a fair queue and the task that
//! sends from it.
//!
//! - Nothing lost: every answer and announcement is written to the durable outbox before
//!   it is queued (taken by this connection), and deleted once the homeserver accepted
//!   it. A send that fails is tried again, not dropped: when rate-limited
//!   (`M_LIMIT_EXCEEDED`) after the `retry_after_ms` the homeserver asks for; when the
//!   homeserver is unreachable or failing (5xx), with exponential backoff, as long as it
//!   takes. Each message keeps its transaction id across attempts and restarts (made of
//!   its outbox entry's id and the instant it was written), so a retry of a send the
//!   homeserver did take — before a failure, or before konbit was killed — is recognised
//!   by the homeserver and not shown twice. What was not sent when konbit stopped
//!   is sent after the restart (a repeat beats a loss). Only a refusal (the bot is not
//!   in that room any more, no such user) drops a message, with an error in the log; a
//!   message for a configured room the bot has not joined yet waits in the outbox for
//!   the invitation.
//! - Why the durable outbox, not only a queue in memory: a Matrix command is claimed once
//!   by its event id before it is handled, so after a restart it is never handled again —
//!   an answer kept only in memory would be lost with the process. Writing it costs one
//!   insert per batch of commands (one transaction) and one delete per message sent.
//! - Fairness: one queue per *flow* (the person an answer or private message is for, the
//!   room of an announcement), in the fair queue IRC sends from too
//!   ([`crate::transport::fair`]) — first come, first served while nobody floods;
//!   someone who floods the bot pushes back only their own answers: anyone else's waits
//!   for at most a couple of messages of each other flow.
//! - Order: one message at a time, so a room sees the bot's messages in the order they
//!   were decided.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration as StdDuration, SystemTime};

use matrix_sdk::Client;
use matrix_sdk::config::RequestConfig;
use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
use matrix_sdk::ruma::{OwnedTransactionId, TransactionId};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::render;
use super::rooms::{self, SharedRooms};
use crate::app::Effect;
use crate::transport::fair::FairQueue;
use crate::transport::{Backoff, Hub};
/// Attempts at a message that fails for a reason that is neither the network nor the
/// homeserver (a local encryption or store error, say) before it is given up, logged:
/// such a failure would otherwise hold up everything queued behind it.
const MAX_ODD_ATTEMPTS: u32 = 8;
/// The wait when the homeserver rate-limits without saying for how long.
const DEFAULT_RETRY_AFTER: StdDuration = StdDuration::from_secs(1);

/// One message waiting to be sent.
#[derive(Debug)]
pub(super) struct Item {
    pub effect: Effect,
    /// The durable outbox entry it delivers.
    pub outbox: Option<i64>,
    /// The transaction id of every attempt at it (set before the first).
    txn: Option<OwnedTransactionId>,
    attempts: u32,
}

impl Item {
    pub(super) fn new(effect: Effect, outbox: Option<i64>) -> Item {
        Item {
            effect,
            outbox,
            txn: None,
            attempts: 0,
        }
    }

    /// The flow a message belongs to: whom it is for.
    fn flow(&self) -> String {
        match &self.effect {
            Effect::Reply { to, .. } => format!("to:{}", to.to_lowercase()),
            Effect::Private { to, .. } => format!("to:{}", to.name().to_lowercase()),
            Effect::Announce { room, .. } => format!("room:{}", room.name),
            Effect::Mail(_) => "mail".to_owned(),
        }
    }
}

/// Messages handed to the sending task and not yet in its fair queue, at most: the
/// answers to a batch of commands (512) and more. The task takes them into its queue at
/// once, even while a send waits, so the loop waits here only for the task to run —
/// never for the homeserver: a send may wait for a key query that only a sync
/// completes, and the sync waits for the loop (`INBOUND_WAITING`). What the queue holds
/// is what was decided and not yet sent, each message an outbox entry on disk too.
const OUTBOUND_WAITING: usize = 1024;

/// Hands messages to the sending task.
#[derive(Clone)]
pub(super) struct Outbound {
    tx: mpsc::Sender<Item>,
}

impl Outbound {
    /// Waits while the sending task has not taken what it was handed before.
    pub(super) async fn send(&self, effect: Effect, outbox: Option<i64>) {
        if self.tx.send(Item::new(effect, outbox)).await.is_err() {
            tracing::error!("the Matrix sending task is gone; a message waits in the outbox for a restart");
        }
    }
}

/// What became of one attempt.
enum Outcome {
    Sent,
    /// Rate-limited: try again after this long.
    Wait(StdDuration),
    /// Failed for now; `network`: the homeserver could not be reached or is failing.
    Retry {
        network: bool,
        why: String,
    },
    /// Refused for good.
    Drop(String),
    /// Its configured room is not joined yet: it waits in the outbox.
    Later(String),
}

/// Starts the task that sends what is queued.
pub(super) fn spawn(
    hub: Arc<Hub>,
    client: Client,
    rooms: SharedRooms,
    configured: Vec<String>,
) -> (Outbound, tokio::task::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(OUTBOUND_WAITING);
    let sender = Sender {
        hub,
        client,
        rooms,
        configured,
    };
    (Outbound { tx }, tokio::spawn(sender.run(rx)))
}

struct Sender {
    hub: Arc<Hub>,
    client: Client,
    rooms: SharedRooms,
    /// The rooms of `matrix.rooms`, as configured.
    configured: Vec<String>,
}

impl Sender {
    async fn run(self, mut rx: mpsc::Receiver<Item>) {
        let mut queue = FairQueue::<Item>::default();
        let mut backoff = Backoff::with_max(super::sync::MAX_RETRY);
        let mut paused: Option<Instant> = None;
        let mut failing = false;
        let mut told_waiting: HashSet<i64> = HashSet::new();
        loop {
            while let Ok(item) = rx.try_recv() {
                queue.push(item.flow(), item);
            }
            if let Some(until) = paused {
                tokio::select! {
                    () = tokio::time::sleep_until(until) => paused = None,
                    item = rx.recv() => match item {
                        Some(item) => queue.push(item.flow(), item),
                        None => return,
                    },
                }
                continue;
            }
            let Some((flow, mut item)) = queue.pop() else {
                match rx.recv().await {
                    Some(item) => queue.push(item.flow(), item),
                    None => return,
                }
                continue;
            };
            if item.txn.is_none() {
                item.txn = Some(self.transaction_id(item.outbox).await);
            }
            // While the send waits, what the loop hands over is still taken (see
            // OUTBOUND_WAITING).
            let outcome = {
                let delivery = self.deliver(&item);
                tokio::pin!(delivery);
                loop {
                    tokio::select! {
                        outcome = &mut delivery => break outcome,
                        Some(next) = rx.recv() => queue.push(next.flow(), next),
                    }
                }
            };
            match outcome {
                Outcome::Sent => {
                    backoff.reset();
                    if failing {
                        failing = false;
                        tracing::info!(waiting = queue.len(), "Matrix: sending again");
                    }
                    self.done(item.outbox).await;
                }
                Outcome::Wait(wait) => {
                    tracing::debug!(retry_in = ?wait, waiting = queue.len() + 1, "Matrix: rate-limited by the homeserver");
                    queue.push_front(flow, item);
                    paused = Some(Instant::now() + wait);
                }
                Outcome::Retry { network, why } => {
                    item.attempts += 1;
                    if !network && item.attempts >= MAX_ODD_ATTEMPTS {
                        tracing::error!(error = %why, effect = ?item.effect, attempts = item.attempts, "Matrix: a message could not be sent; giving up");
                        self.done(item.outbox).await;
                        continue;
                    }
                    let wait = backoff.next();
                    if failing {
                        tracing::debug!(error = %why, retry_in = ?wait, "Matrix: still cannot send");
                    } else {
                        failing = true;
                        tracing::warn!(error = %why, retry_in = ?wait, waiting = queue.len() + 1, "Matrix: cannot send; what is queued will be sent again");
                    }
                    queue.push_front(flow, item);
                    paused = Some(Instant::now() + wait);
                }
                Outcome::Drop(why) => {
                    tracing::error!(reason = %why, effect = ?item.effect, "Matrix: a message was refused; not delivered");
                    self.done(item.outbox).await;
                }
                Outcome::Later(room) => {
                    let store = self.hub.core.store();
                    let kept = match item.outbox {
                        Some(id) => store.outbox_release(id).await.map(|()| id),
                        None => store.outbox_push(&item.effect).await,
                    };
                    match kept {
                        Ok(id) => {
                            if told_waiting.insert(id) {
                                tracing::warn!(room = %room, "Matrix: not in this room yet; the message waits for an invitation");
                            }
                        }
                        Err(e) => tracing::error!(error = %e, "cannot keep a message for later; it is lost"),
                    }
                }
            }
        }
    }

    /// The transaction id a message is sent with: for an outbox entry, made of the
    /// entry's id and the instant it was written, so the same after a restart: a message
    /// the homeserver took just before konbit was killed, sent again after the restart,
    /// is recognised by the homeserver and shown once. (Ids of delivered entries can be
    /// reused by later ones, never with the same instant.)
    async fn transaction_id(&self, outbox: Option<i64>) -> OwnedTransactionId {
        if let Some(id) = outbox {
            match self.hub.core.store().outbox_written_at(id).await {
                Ok(Some(at)) => return format!("konbit.{id}.{at}").into(),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read an outbox entry's time; its message may be shown twice after a crash")
                }
            }
        }
        TransactionId::new()
    }

    async fn done(&self, outbox: Option<i64>) {
        if let Some(id) = outbox
            && let Err(e) = self.hub.core.store().outbox_done(id).await
        {
            tracing::error!(error = %e, "cannot mark an outbox entry as delivered");
        }
    }

    /// Where a room message goes, or why it cannot go now.
    fn room(&self, key: &str) -> Result<matrix_sdk::Room, Outcome> {
        rooms::room_for(&self.client, &self.rooms, key).ok_or_else(|| {
            if self.configured.iter().any(|r| r == key) {
                Outcome::Later(key.to_owned())
            } else {
                Outcome::Drop(format!("the bot is not in the room {key}"))
            }
        })
    }

    async fn deliver(&self, item: &Item) -> Outcome {
        let config = &*self.hub.core.config();
        let (room, content) = match &item.effect {
            Effect::Reply { room, to, message } => match self.room(&room.name) {
                Ok(r) => (r, render::reply(config, to, rooms::user_for(config, to), message)),
                Err(o) => return o,
            },
            Effect::Announce { room, message } => match self.room(&room.name) {
                Ok(r) => (r, render::notice(config, message)),
                Err(o) => return o,
            },
            Effect::Private { to, message } => {
                let Some(user) = rooms::user_of(to) else {
                    return Outcome::Drop(format!("no Matrix account for {to}"));
                };
                match rooms::direct_room(&self.client, &self.rooms, &user).await {
                    Ok(r) => (r, render::notice(config, message)),
                    Err(e) => return classify(&e),
                }
            }
            Effect::Mail(_) => return Outcome::Drop("an e-mail is not sent on Matrix".into()),
        };
        // Active/standby: a konbit that lost its lease sends nothing (it waits in the
        // outbox for the one that took over).
        if !crate::lease::may_send() {
            return Outcome::Retry {
                network: false,
                why: "this konbit lost its lease".into(),
            };
        }
        let sent = room
            .send(content)
            .with_transaction_id(item.txn.clone().unwrap_or_else(TransactionId::new))
            .with_request_config(RequestConfig::default().disable_retry())
            .await;
        match sent {
            Ok(_) => Outcome::Sent,
            Err(e) => classify(&e),
        }
    }
}

/// Rate limits are waited out as asked; the network and the homeserver's own failures
/// are retried; a refusal is final.
fn classify(e: &matrix_sdk::Error) -> Outcome {
    if let Some(ErrorKind::LimitExceeded(limit)) = e.client_api_error_kind() {
        let wait = match &limit.retry_after {
            Some(RetryAfter::Delay(d)) => *d,
            Some(RetryAfter::DateTime(t)) => t.duration_since(SystemTime::now()).unwrap_or_default(),
            None => DEFAULT_RETRY_AFTER,
        };
        return Outcome::Wait(wait.max(StdDuration::from_millis(50)));
    }
    if let Some(api) = e.as_client_api_error() {
        let status = api.status_code;
        if status.as_u16() == 429 || status.is_server_error() {
            return Outcome::Retry {
                network: true,
                why: e.to_string(),
            };
        }
        return Outcome::Drop(e.to_string());
    }
    // The connection, a proxy's error page, a timeout: the homeserver is not there.
    let network = matches!(e, matrix_sdk::Error::Http(_) | matrix_sdk::Error::Timeout);
    Outcome::Retry {
        network,
        why: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Recipient;

    fn reply(to: &str, text: &str) -> Item {
        Item::new(
            Effect::Reply {
                room: crate::effect::Room::new(crate::effect::Network::Matrix, "!office:example.org"),
                to: to.into(),
                message: text.into(),
            },
            None,
        )
    }

    fn text(item: &Item) -> String {
        item.effect.message().plain()
    }

    /// Matrix's messages in the fair queue: one flow per person answered (whatever the
    /// case of their name), one per room announced in.
    #[test]
    fn a_flood_of_answers_to_one_person_does_not_hold_up_another_or_the_room() {
        let mut q = FairQueue::default();
        let mut push = |item: Item| q.push(item.flow(), item);
        push(Item::new(
            Effect::Announce {
                room: crate::effect::Room::new(crate::effect::Network::Matrix, "!office:example.org"),
                message: "announce".into(),
            },
            None,
        ));
        push(Item::new(
            Effect::Private {
                to: Recipient::Matrix("@alice:example.org".into()),
                message: "notice".into(),
            },
            None,
        ));
        for i in 0..50 {
            push(reply("@Mallory:example.org", &format!("answer {i}")));
            push(reply("@mallory:example.org", &format!("answer {i}")));
        }
        let order: Vec<String> = (0..4).filter_map(|_| q.pop()).map(|(_, i)| text(&i)).collect();
        assert_eq!(order, ["announce", "notice", "answer 0", "answer 0"]);
        q.push(
            reply("@bob:example.org", "Recorded").flow(),
            reply("@bob:example.org", "Recorded"),
        );
        let next: Vec<String> = (0..3).filter_map(|_| q.pop()).map(|(_, i)| text(&i)).collect();
        assert!(next.contains(&"Recorded".to_owned()), "{next:?}");
        assert_eq!(q.len(), 96);
    }
}
