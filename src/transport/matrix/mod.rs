//! The Matrix transport (`konbit run` with `[matrix]`): one account on one homeserver,
//! several rooms, encrypted or not, private conversations in direct rooms.
//!
//! - **Session** ([`session`]): the first start logs in and saves the session under
//!   `matrix.state_dir`; a restart is the same device and still decrypts.
//! - **Reading** ([`sync`]): every message, its gaps read back with `/messages` (a sync
//!   gives only a room's last events), in order; where reading stopped is saved once what
//!   was read is handled. On the very first start the rooms' backlog is skipped, and so
//!   is what was said in a room before the bot joined it. On a restart the first sync
//!   delivers what was said while the bot was down; those commands are handled in the
//!   order they were sent, at the time they were sent, and only then does the hub's
//!   scheduler resolve deadlines (a veto sent before a deadline while the bot was down
//!   still defers the proposal). An edit of a command is answered, not run.
//! - **Once.** Every message is claimed by its event id in the database before it is
//!   handled: a sync replayed after an interruption, or from a stale sync token, never
//!   records a punch or a veto twice.
//! - **Identity.** A speaker is the member whose `matrix_id` is the sender; invites are
//!   accepted from members (and for configured rooms), declined from anyone else.
//!   Presence follows room membership.
//! - **Rooms** ([`rooms`]): a room's kind comes from its membership — a room with one
//!   person besides the bot is a private conversation, any other is a group room — and
//!   a private message goes only to a direct room with its recipient alone.
//! - **Sending** ([`outgoing`]): answers and announcements wait in the durable outbox and
//!   a fair queue (one person's flood does not delay the others); failed sends are
//!   retried (rate limits waited out as the homeserver asks), never dropped, with a
//!   transaction id kept across restarts (never shown twice). Messages
//!   are `m.notice`s, replies mention the speaker, reports are HTML tables ([`render`]).
//! - **Log.** One line when connected and logged in, one when the connection to the
//!   homeserver is lost and one when it is back.

mod outgoing;
mod render;
mod rooms;
mod session;
mod sync;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use matrix_sdk::ruma::events::room::member::{MembershipState, OriginalSyncRoomMemberEvent, StrippedRoomMemberEvent};
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId, UserId};
use matrix_sdk::{Client, Room, RoomState};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use self::outgoing::Outbound;
use self::rooms::{Kind, SharedRooms};
use self::session::{Failure, open_session};
use super::{Backoff, Hub, Network, Taker, sleep_until};
use crate::app::{Effect, Incoming, Speaker};
use crate::config::MatrixSettings;
use crate::i18n::Lang;
use crate::t;

/// Event ids are remembered this long: no sync replays anything older.
const REMEMBER_EVENTS: chrono::Duration = chrono::Duration::days(30);
/// How long before reading the outbox again after it could not be read.
const OUTBOX_RETRY: StdDuration = StdDuration::from_secs(5);
/// What the sync task hands the loop and the loop has not taken yet, at most: a batch
/// of messages taken together (512) and more. Beyond, the sync task waits (its event
/// handlers, then its next sync), and what was said waits on the homeserver, not in
/// memory: reading resumes from the last position handled. The loop never waits for
/// the sync task, so the wait cannot close a circle (the sending task, which a send may
/// make wait for a sync, takes what the loop hands it without waiting: `outgoing.rs`).
const INBOUND_WAITING: usize = 1024;

/// A text message someone sent in a room the bot is in.
struct Said {
    room: Room,
    event_id: String,
    sender: OwnedUserId,
    body: String,
    /// The homeserver's timestamp.
    at: DateTime<Utc>,
    /// An edit of an earlier message (`body` is its new text): not run.
    edit: bool,
}

/// What the sync handlers hand to the transport's loop.
enum Inbound {
    Message(Said),
    Invite {
        room: Room,
        inviter: OwnedUserId,
    },
    Membership {
        room_id: OwnedRoomId,
        user: OwnedUserId,
        joined: bool,
    },
    /// Everything the sync up to this token brought was handed over before this.
    Synced(String),
}

/// Runs the Matrix transport until the process is stopped. `caught_up` is signalled
/// once the commands sent while the bot was down have been handled.
pub async fn run(hub: Arc<Hub>, settings: MatrixSettings, caught_up: oneshot::Sender<()>) -> anyhow::Result<()> {
    // Startup failures are for whoever runs konbit: in their language.
    let lang = Lang::from_env().unwrap_or(hub.core.config().collective.lang);
    let mut backoff = Backoff::with_max(sync::MAX_RETRY);
    let (client, restored) = loop {
        match open_session(&settings, lang).await {
            Ok(opened) => break opened,
            Err(Failure::Fatal(e)) => return Err(e),
            Err(Failure::Retry(e)) => {
                let wait = backoff.next();
                tracing::warn!(error = %format!("{e:#}"), retry_in = ?wait, "cannot reach the Matrix homeserver");
                tokio::time::sleep(wait).await;
            }
        }
    };
    let me = client
        .user_id()
        .map(ToOwned::to_owned)
        .ok_or_else(|| anyhow::Error::msg(t!(lang, "matrix-no-session")))?;
    let (tx, mut inbound) = mpsc::channel(INBOUND_WAITING);
    let mut position = sync::Position::load(&client, &settings.state_dir).await;
    if restored {
        // Handlers first: the first sync carries what was said while the bot was down,
        // its gaps read back (sync.rs).
        add_handlers(&client, &me, tx.clone());
        tracing::debug!(since = position.since, "reading what was said while konbit was down");
    } else {
        // A first start skips the backlog: the first sync runs before any handler.
        client.encryption().wait_for_e2ee_initialization_tasks().await;
        let mut lost = false;
        let response = sync::sync(&client, None, false, &mut backoff, &mut lost).await;
        position.save(response.next_batch);
        add_handlers(&client, &me, tx.clone());
    }
    // The sync runs in its own task from now on: its handlers wait for room in the
    // channel, which this loop empties; and sending a reply may wait for a key query that
    // only a sync completes.
    let sync = tokio::spawn(keep_syncing(client.clone(), me.clone(), tx, position.since.clone()));
    let _stop_sync = AbortOnDrop(sync);
    // What the first sync brought after downtime, handled below before any deadline.
    let mut backlog = Vec::new();
    let mut synced = None;
    if restored {
        while let Some(event) = inbound.recv().await {
            match event {
                Inbound::Synced(token) => {
                    synced = Some(token);
                    break;
                }
                other => backlog.push(other),
            }
        }
    }
    let cutoff = Utc::now() - REMEMBER_EVENTS;
    if let Err(e) = hub.core.store().forget_events_before(cutoff).await {
        tracing::warn!(error = %e, "cannot forget old Matrix event ids");
    }
    let rooms = SharedRooms::default();
    rooms::join_configured(&hub, &client, &settings, &rooms).await;
    rooms::update_muted(&hub, &client, &rooms).await;
    let collective = hub.core.config().collective.name.clone();
    let device = client.device_id().map(ToString::to_string).unwrap_or_default();
    let joined: Vec<String> = settings
        .rooms
        .iter()
        .filter(|key| rooms::room_for(&client, &rooms, key).is_some())
        .cloned()
        .collect();
    tracing::info!(collective = %collective, network = "Matrix", homeserver = %settings.homeserver, user = %me, device = %device, restored, rooms = %joined.join(","), "connected to Matrix and logged in");
    let (out, sender) = outgoing::spawn(hub.clone(), client.clone(), rooms.clone(), settings.rooms.clone());
    let _stop_sender = AbortOnDrop(sender);
    let matrix = Matrix {
        hub: hub.clone(),
        settings,
        client: client.clone(),
        rooms,
        out,
    };
    // Invites that came while the bot was down or before its first sync.
    for room in client.invited_rooms() {
        if let Ok(details) = room.invite_details().await
            && let Some(inviter) = details.inviter
        {
            matrix.answer_invite(&room, inviter.user_id()).await;
        }
    }
    // What a previous run decided and did not send goes first, before anything newer.
    matrix.flush_outbox().await;
    // What the first sync brought, in the order it was said, before any deadline.
    backlog.sort_by_key(|e| match e {
        Inbound::Message(said) => Some(said.at),
        _ => None,
    });
    let mut said = Vec::new();
    for event in backlog {
        match event {
            Inbound::Message(s) => said.push(s),
            other => {
                matrix.on_event(other).await;
            }
        }
    }
    if !said.is_empty() {
        tracing::info!(
            count = said.len(),
            "handling the Matrix commands sent while konbit was down"
        );
        matrix.handle(said).await;
    }
    if let Some(token) = synced {
        position.save(token);
    }
    let _ = caught_up.send(());
    let mut outbox_changes = hub.outbox_changes();
    let mut flush_at: Option<Instant> = Some(Instant::now());
    loop {
        tokio::select! {
            Some(event) = inbound.recv() => {
                // Power levels as the sync that brought these left them.
                rooms::update_muted(&matrix.hub, &matrix.client, &matrix.rooms).await;
                // Messages that arrived together are handled together (one commit for a
                // run of punches); other events in between keep their place.
                let mut said = Vec::new();
                let mut next = Some(event);
                while let Some(event) = next.take() {
                    match event {
                        Inbound::Message(s) => said.push(s),
                        Inbound::Synced(token) => {
                            // Everything that sync brought is handled: a restart reads on
                            // from here.
                            matrix.handle(std::mem::take(&mut said)).await;
                            position.save(token);
                        }
                        other => {
                            matrix.handle(std::mem::take(&mut said)).await;
                            if matrix.on_event(other).await {
                                flush_at = Some(Instant::now());
                            }
                        }
                    }
                    if said.len() < 512 {
                        next = inbound.try_recv().ok();
                    }
                }
                matrix.handle(said).await;
            }
            Ok(()) = outbox_changes.changed() => flush_at = Some(Instant::now()),
            () = sleep_until(flush_at) => {
                flush_at = if matrix.flush_outbox().await {
                    None
                } else {
                    Some(Instant::now() + OUTBOX_RETRY)
                };
            }
        }
    }
}

/// Syncs from `since` at once, then long-polls the homeserver for ever, each sync's
/// messages (its gaps read back) handed to the loop in order; says once when the
/// connection is lost and once when it is back.
async fn keep_syncing(client: Client, me: OwnedUserId, tx: mpsc::Sender<Inbound>, mut since: Option<String>) {
    let mut backoff = Backoff::with_max(sync::MAX_RETRY);
    let mut lost = false;
    let mut wait = false;
    loop {
        let response = sync::sync(&client, since.as_deref(), wait, &mut backoff, &mut lost).await;
        let next = response.next_batch.clone();
        let said = sync::messages_of(&client, &me, response, since.as_deref(), &mut backoff).await;
        if !sync::hand_over(&tx, said, next.clone()).await {
            return;
        }
        since = Some(next);
        wait = true;
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What the transport's loop works with.
struct Matrix {
    hub: Arc<Hub>,
    settings: MatrixSettings,
    client: Client,
    rooms: SharedRooms,
    out: Outbound,
}

impl Matrix {
    /// Joins or declines; `true` when a configured room was joined.
    async fn answer_invite(&self, room: &Room, inviter: &UserId) -> bool {
        rooms::answer_invite(&self.hub, &self.settings, &self.rooms, room, inviter).await
    }

    /// An event other than a message; `true` when the outbox should be looked at again.
    async fn on_event(&self, event: Inbound) -> bool {
        match event {
            Inbound::Message(said) => {
                self.handle(vec![said]).await;
                false
            }
            Inbound::Invite { room, inviter } => self.answer_invite(&room, &inviter).await,
            Inbound::Synced(_) => false,
            Inbound::Membership { room_id, user, joined } => {
                if self.client.user_id() == Some(&user) {
                    return false;
                }
                if let Some(key) = rooms::key_of(&self.rooms, &room_id) {
                    let name = rooms::presence_name(&self.hub, &user);
                    if joined {
                        self.hub.core.joined(&rooms::room_of(&key), &name);
                    } else {
                        self.hub.core.parted(&rooms::room_of(&key), &name);
                    }
                }
                false
            }
        }
    }

    /// Messages in the order they were said: handled as one batch, their effects carried.
    async fn handle(&self, said: Vec<Said>) {
        let mut batch = Vec::with_capacity(said.len());
        let mut edits = Vec::new();
        for s in said {
            let edit = s.edit;
            if let Some(msg) = self.incoming(s).await {
                if edit {
                    edits.push(msg);
                } else {
                    batch.push(msg);
                }
            }
        }
        if !edits.is_empty() {
            let outcome = self
                .hub
                .core
                .handle_edits(&edits, Taker::Network(Network::Matrix))
                .await;
            self.carry(self.hub.settle(outcome)).await;
        }
        if batch.is_empty() {
            return;
        }
        let taken = self.hub.handle(&batch, Network::Matrix).await;
        self.carry(taken).await;
    }

    /// The answers to commands said on Matrix that are Matrix's, to the sender; the core
    /// already committed them to the outbox (their entries, marked once sent).
    async fn carry(&self, taken: Vec<(Option<i64>, Effect)>) {
        for (id, effect) in taken {
            self.out.send(effect, id).await;
        }
    }

    /// Queues the outbox entries that are Matrix's; `false` if it must be read again.
    async fn flush_outbox(&self) -> bool {
        let Some(taken) = self.hub.take_pending(Network::Matrix, |_| true).await else {
            return false;
        };
        for (id, effect) in taken {
            self.out.send(effect, Some(id)).await;
        }
        true
    }

    /// A message for the core, once: `None` for one already handled (a replayed sync)
    /// or from a room the bot is not in.
    async fn incoming(&self, said: Said) -> Option<Incoming> {
        let Said {
            room,
            event_id,
            sender,
            body: text,
            at,
            edit: _,
        } = said;
        // The homeserver's clock, not ours; a message cannot count in the future.
        let at = at.min(Utc::now());
        if room.state() != RoomState::Joined {
            return None;
        }
        let kind = rooms::kind_of(&self.rooms, &room).await;
        let key = match kind {
            // Private only when the one other person in it is the speaker.
            Kind::Direct(user) if user == sender => {
                rooms::wrote_privately(&self.rooms, &sender, &room);
                None
            }
            Kind::Direct(_) => {
                rooms::seen_group(&self.rooms, &room);
                Some(room.room_id().to_string())
            }
            Kind::Group(key) => {
                rooms::seen_group(&self.rooms, &room);
                Some(key)
            }
        };
        let config = self.hub.core.config();
        let speaker = match config.member_by_matrix_id(sender.as_str()) {
            Some(m) => Speaker {
                network: Network::Matrix,
                handle: m.name.clone(),
                member: Some(m.name.clone()),
            },
            None => Speaker {
                network: Network::Matrix,
                handle: sender.to_string(),
                member: config.members.is_empty().then(|| sender.to_string()),
            },
        };
        Some(Incoming {
            room: key.as_deref().map(rooms::room_of),
            speaker,
            text,
            at,
            // Claimed by the core with what it does: a replayed sync counts it once.
            event: Some(event_id.to_string()),
        })
    }
}

/// Invitations and membership changes to the loop; a handler waits while the loop is
/// behind (and the sync that called it with it).
fn add_handlers(client: &Client, me: &UserId, tx: mpsc::Sender<Inbound>) {
    let own = me.to_owned();
    let invites = tx.clone();
    client.add_event_handler(move |ev: StrippedRoomMemberEvent, room: Room| {
        let tx = invites.clone();
        let own = own.clone();
        async move {
            if ev.state_key == own && ev.content.membership == MembershipState::Invite {
                let _ = tx
                    .send(Inbound::Invite {
                        room,
                        inviter: ev.sender,
                    })
                    .await;
            }
        }
    });
    client.add_event_handler(move |ev: OriginalSyncRoomMemberEvent, room: Room| {
        let tx = tx.clone();
        async move {
            let joined = match ev.content.membership {
                MembershipState::Join => true,
                MembershipState::Leave | MembershipState::Ban => false,
                _ => return,
            };
            let _ = tx
                .send(Inbound::Membership {
                    room_id: room.room_id().to_owned(),
                    user: ev.state_key,
                    joined,
                })
                .await;
        }
    });
}

/// A reply quotes what it answers in lines starting with `> `, then a blank line.
fn strip_reply_fallback(body: &str) -> String {
    if !body.starts_with("> ") {
        return body.to_owned();
    }
    let mut lines = body.lines().skip_while(|l| l.starts_with('>'));
    match lines.next() {
        Some("") | None => lines.collect::<Vec<_>>().join("\n"),
        Some(first) => std::iter::once(first).chain(lines).collect::<Vec<_>>().join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_fallbacks_are_not_part_of_the_command() {
        assert_eq!(
            strip_reply_fallback("> <@a:x> hello\n> there\n\n!punch 2h webdev"),
            "!punch 2h webdev"
        );
        assert_eq!(strip_reply_fallback("!hours"), "!hours");
        assert_eq!(strip_reply_fallback(">not a quote"), ">not a quote");
    }
}
