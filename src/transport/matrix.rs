//! The Matrix transport (`konbit run` with `[matrix]`): one account on one homeserver,
//! several rooms, encrypted or not, private conversations in direct rooms.
//!
//! - **Session.** The first start logs in (password or access token, from the
//!   environment or a file) and saves the session under `matrix.state_dir`, beside the
//!   SDK's SQLite store of rooms, sync token and encryption keys: a restart is the same
//!   device and still decrypts.
//! - **Catching up.** On the very first start the rooms' backlog is skipped, and so is
//!   what was said in a room before the bot joined it. On a restart the first sync
//!   delivers what was said while the bot was down; those
//!   commands are handled in the order they were sent, at the time they were sent, and
//!   only then does the hub's scheduler resolve deadlines (a veto sent before a deadline
//!   while the bot was down still defers the proposal).
//! - **Once.** Every message is claimed by its event id in the database before it is
//!   handled: a sync replayed after an interruption, or from a stale sync token, never
//!   records a punch or a veto twice.
//! - **Identity.** A speaker is the member whose `matrix_id` is the sender; invites are
//!   accepted from members (and for configured rooms), declined from anyone else.
//!   Presence follows room membership.
//! - **Replies** carry a plain body and, where it helps, formatted HTML: the speaker as a
//!   mention pill, tables for reports, lists for summaries ([`html`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::encryption::EncryptionSettings;
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::events::room::member::{MembershipState, OriginalSyncRoomMemberEvent, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation, RoomMessageEventContent,
};
use matrix_sdk::ruma::{OwnedRoomId, OwnedRoomOrAliasId, OwnedUserId, UserId};
use matrix_sdk::{Client, Room, RoomMemberships, RoomState, SessionMeta, SessionTokens};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::{Backoff, Hub, Network, network_of, sleep_until};
use crate::app::{Effect, Incoming, Speaker};
use crate::config::{MatrixLogin, MatrixSettings};
use crate::i18n::Lang;
use crate::t;

/// How long one long-poll sync waits for news.
const SYNC_TIMEOUT: StdDuration = StdDuration::from_secs(30);
/// Event ids are remembered this long: no sync replays anything older.
const REMEMBER_EVENTS: chrono::Duration = chrono::Duration::days(30);

/// A text message someone sent in a room the bot is in.
struct Said {
    room: Room,
    event_id: String,
    sender: OwnedUserId,
    body: String,
    /// The homeserver's timestamp.
    at: DateTime<Utc>,
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
}

/// The rooms the bot serves, by id, with the name the collective uses for each.
#[derive(Default)]
struct Rooms {
    /// Room id → the room as configured (an id or an alias).
    keys: HashMap<OwnedRoomId, String>,
    /// The room a member last wrote to the bot privately in.
    private: HashMap<OwnedUserId, OwnedRoomId>,
}

/// Runs the Matrix transport until the process is stopped. `caught_up` is signalled
/// once the commands sent while the bot was down have been handled.
pub async fn run(hub: Arc<Hub>, settings: MatrixSettings, caught_up: oneshot::Sender<()>) -> anyhow::Result<()> {
    // Startup failures are for whoever runs konbit: in their language.
    let lang = Lang::from_env().unwrap_or(hub.core.config().collective.lang);
    let mut backoff = Backoff::new();
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
    tracing::info!(user = %me, device = ?client.device_id(), restored, "logged into Matrix");
    let (tx, mut inbound) = mpsc::unbounded_channel();
    if restored {
        // Handlers first: the first sync carries what was said while the bot was down.
        add_handlers(&client, &me, tx);
        catch_up(&client, &mut backoff).await;
    } else {
        // A first start skips the backlog: the first sync runs before any handler.
        client.encryption().wait_for_e2ee_initialization_tasks().await;
        catch_up(&client, &mut backoff).await;
        add_handlers(&client, &me, tx);
    }
    let cutoff = Utc::now() - REMEMBER_EVENTS;
    if let Err(e) = hub.core.store().forget_events_before(cutoff).await {
        tracing::warn!(error = %e, "cannot forget old Matrix event ids");
    }
    let mut rooms = Rooms::default();
    join_configured(&hub, &client, &settings, &mut rooms).await;
    // Invites that came while the bot was down or before its first sync.
    for room in client.invited_rooms() {
        if let Ok(details) = room.invite_details().await
            && let Some(inviter) = details.inviter
        {
            answer_invite(&hub, &settings, &mut rooms, &room, inviter.user_id()).await;
        }
    }
    // What the first sync brought, in the order it was said, before any deadline.
    let mut backlog = Vec::new();
    while let Ok(event) = inbound.try_recv() {
        backlog.push(event);
    }
    backlog.sort_by_key(|e| match e {
        Inbound::Message(said) => Some(said.at),
        _ => None,
    });
    let mut messages = Vec::new();
    for event in backlog {
        match event {
            Inbound::Message(said) => messages.extend(incoming(&hub, &mut rooms, said).await),
            other => on_event(&hub, &settings, &client, &mut rooms, other).await,
        }
    }
    if !messages.is_empty() {
        tracing::info!(
            count = messages.len(),
            "handling the Matrix commands sent while konbit was down"
        );
        for effect in hub.handle(&messages).await {
            send_effect(&hub, &client, &rooms, &effect).await;
        }
    }
    let _ = caught_up.send(());
    // The sync runs in its own task: sending a reply may wait for a key query that
    // only a sync completes.
    let sync_client = client.clone();
    let sync = tokio::spawn(async move {
        let mut backoff = Backoff::new();
        loop {
            match sync_client
                .sync_once(SyncSettings::default().timeout(SYNC_TIMEOUT))
                .await
            {
                Ok(_) => backoff.reset(),
                Err(e) => {
                    let wait = backoff.next();
                    tracing::warn!(error = %e, retry_in = ?wait, "Matrix sync failed");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    });
    let _stop_sync = AbortOnDrop(sync);
    let mut outbox_changes = hub.outbox_changes();
    let mut retry_outbox: Option<Instant> = Some(Instant::now());
    loop {
        tokio::select! {
            Some(event) = inbound.recv() => on_event(&hub, &settings, &client, &mut rooms, event).await,
            Ok(()) = outbox_changes.changed() => retry_outbox = Some(Instant::now()),
            () = sleep_until(retry_outbox) => {
                retry_outbox = if flush_outbox(&hub, &client, &rooms).await {
                    None
                } else {
                    Some(Instant::now() + backoff.next())
                };
            }
        }
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Why opening the session failed: worth retrying (the network) or not (credentials).
enum Failure {
    Retry(anyhow::Error),
    Fatal(anyhow::Error),
}

fn fatal(text: String) -> Failure {
    Failure::Fatal(anyhow::Error::msg(text))
}

/// A problem with a file or directory of the bot's state.
fn state_error(lang: Lang, path: &Path, e: impl std::fmt::Display) -> Failure {
    fatal(t!(lang, "matrix-state-error", "path" => path.display().to_string(), "detail" => e.to_string()))
}

/// The client, and whether its session was restored (`false`: a first login).
async fn open_session(settings: &MatrixSettings, lang: Lang) -> Result<(Client, bool), Failure> {
    let dir = &settings.state_dir;
    let session_file = dir.join("session.json");
    let saved = match std::fs::read_to_string(&session_file) {
        Ok(text) => Some(serde_json::from_str::<MatrixSession>(&text).map_err(|e| {
            fatal(t!(lang, "matrix-session-unreadable",
                "file" => session_file.display().to_string(), "detail" => e.to_string(),
                "dir" => dir.display().to_string()))
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(state_error(lang, &session_file, e)),
    };
    let store = dir.join("store");
    if saved.is_none() {
        // A new login is a new device: keys kept for an older one would not match it.
        let _ = std::fs::remove_dir_all(&store);
    }
    create_private_dir(dir).map_err(|e| state_error(lang, dir, e))?;
    let client = Client::builder()
        .homeserver_url(&settings.homeserver)
        .sqlite_store(&store, None)
        .with_encryption_settings(EncryptionSettings {
            auto_enable_cross_signing: true,
            ..Default::default()
        })
        .build()
        .await
        .map_err(|e| fatal(t!(lang, "matrix-client-failed", "detail" => e.to_string())))?;
    if let Some(session) = saved {
        if !session.meta.user_id.as_str().eq_ignore_ascii_case(&settings.user) {
            return Err(fatal(t!(lang, "matrix-other-account",
                "dir" => dir.display().to_string(), "saved" => session.meta.user_id.to_string(),
                "user" => settings.user.clone())));
        }
        client
            .restore_session(session)
            .await
            .map_err(|e| fatal(t!(lang, "matrix-restore-failed", "detail" => e.to_string())))?;
        return Ok((client, true));
    }
    let session = match &settings.login {
        MatrixLogin::Password(secret) => {
            let password = secret.read().map_err(|e| {
                fatal(
                    t!(lang, "matrix-password-unreadable", "where" => format!("{secret:?}"), "detail" => e.to_string()),
                )
            })?;
            let auth = client.matrix_auth();
            auth.login_username(&settings.user, &password)
                .initial_device_display_name(&settings.device_name)
                .send()
                .await
                .map_err(|e| login_failure(lang, e.to_string(), e.as_client_api_error().is_some()))?;
            auth.session().ok_or_else(|| fatal(t!(lang, "matrix-no-session")))?
        }
        MatrixLogin::AccessToken(secret) => {
            let token = secret.read().map_err(|e| {
                fatal(t!(lang, "matrix-token-unreadable", "where" => format!("{secret:?}"), "detail" => e.to_string()))
            })?;
            let meta = whoami(&settings.homeserver, &token, lang).await?;
            let session = MatrixSession {
                meta,
                tokens: SessionTokens {
                    access_token: token,
                    refresh_token: None,
                },
            };
            client
                .restore_session(session.clone())
                .await
                .map_err(|e| fatal(t!(lang, "matrix-token-refused", "detail" => e.to_string())))?;
            session
        }
    };
    save_session(&session_file, &session).map_err(|e| state_error(lang, &session_file, e))?;
    Ok((client, false))
}

/// A refusal by the homeserver (wrong password) is final; anything else is retried.
fn login_failure(lang: Lang, detail: String, refused: bool) -> Failure {
    let e = anyhow::Error::msg(t!(lang, "matrix-login-failed", "detail" => detail));
    if refused { Failure::Fatal(e) } else { Failure::Retry(e) }
}

/// Who an access token belongs to, and its device.
async fn whoami(homeserver: &str, token: &str, lang: Lang) -> Result<SessionMeta, Failure> {
    let url = format!("{homeserver}/_matrix/client/v3/account/whoami");
    let response = matrix_sdk::reqwest::Client::new()
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| Failure::Retry(anyhow::anyhow!("cannot reach {url}: {e}")))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| Failure::Retry(anyhow::anyhow!("cannot read the answer of {url}: {e}")))?;
    if !status.is_success() {
        return Err(login_failure(
            lang,
            t!(lang, "matrix-token-refused", "detail" => status.to_string()),
            status.is_client_error(),
        ));
    }
    #[derive(serde::Deserialize)]
    struct WhoAmI {
        user_id: matrix_sdk::ruma::OwnedUserId,
        device_id: Option<matrix_sdk::ruma::OwnedDeviceId>,
    }
    let who: WhoAmI = serde_json::from_str(&text)
        .map_err(|e| fatal(t!(lang, "matrix-unexpected-answer", "url" => url.clone(), "detail" => e.to_string())))?;
    let device_id = who.device_id.ok_or_else(|| fatal(t!(lang, "matrix-token-no-device")))?;
    Ok(SessionMeta {
        user_id: who.user_id,
        device_id,
    })
}

/// The session holds the access token: only the bot's user may read it.
fn save_session(path: &Path, session: &MatrixSession) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let json = serde_json::to_string(session).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(json.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Syncs at once, without long-polling, until the homeserver answers.
async fn catch_up(client: &Client, backoff: &mut Backoff) {
    loop {
        match client
            .sync_once(SyncSettings::default().timeout(StdDuration::ZERO))
            .await
        {
            Ok(_) => {
                backoff.reset();
                return;
            }
            Err(e) => {
                let wait = backoff.next();
                tracing::warn!(error = %e, retry_in = ?wait, "Matrix sync failed");
                tokio::time::sleep(wait).await;
            }
        }
    }
}

fn add_handlers(client: &Client, me: &UserId, tx: mpsc::UnboundedSender<Inbound>) {
    let own = me.to_owned();
    let messages = tx.clone();
    client.add_event_handler(move |ev: OriginalSyncRoomMessageEvent, room: Room| {
        let tx = messages.clone();
        let own = own.clone();
        async move {
            if ev.sender == own {
                return;
            }
            // An edit does not run a command again.
            if matches!(ev.content.relates_to, Some(Relation::Replacement(_))) {
                return;
            }
            // Said before the bot joined the room (its history, delivered with the join):
            // not for the bot. Both instants are the homeserver's.
            if let Ok(Some(member)) = room.get_member_no_sync(&own).await
                && member
                    .event()
                    .origin_server_ts()
                    .is_some_and(|joined| ev.origin_server_ts < joined)
            {
                return;
            }
            let body = match &ev.content.msgtype {
                MessageType::Text(text) => strip_reply_fallback(&text.body),
                // Notices are what bots send: never answered, so two bots never loop.
                _ => return,
            };
            let millis = i64::try_from(u64::from(ev.origin_server_ts.get())).unwrap_or(i64::MAX);
            let at = DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or_else(Utc::now);
            let _ = tx.send(Inbound::Message(Said {
                room,
                event_id: ev.event_id.to_string(),
                sender: ev.sender,
                body,
                at,
            }));
        }
    });
    let own = me.to_owned();
    let invites = tx.clone();
    client.add_event_handler(move |ev: StrippedRoomMemberEvent, room: Room| {
        let tx = invites.clone();
        let own = own.clone();
        async move {
            if ev.state_key == own && ev.content.membership == MembershipState::Invite {
                let _ = tx.send(Inbound::Invite {
                    room,
                    inviter: ev.sender,
                });
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
            let _ = tx.send(Inbound::Membership {
                room_id: room.room_id().to_owned(),
                user: ev.state_key,
                joined,
            });
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

/// Joins the configured rooms and learns who is in each.
async fn join_configured(hub: &Hub, client: &Client, settings: &MatrixSettings, rooms: &mut Rooms) {
    for key in &settings.rooms {
        let Ok(id) = OwnedRoomOrAliasId::try_from(key.as_str()) else {
            tracing::error!(room = %key, "not a Matrix room id or alias");
            continue;
        };
        let known = OwnedRoomId::try_from(key.as_str())
            .ok()
            .and_then(|id| client.get_room(&id))
            .filter(|r| r.state() == RoomState::Joined);
        let room = match known {
            Some(room) => room,
            None => match client.join_room_by_id_or_alias(&id, &[]).await {
                Ok(room) => room,
                Err(e) => {
                    tracing::warn!(room = %key, error = %e, "cannot join the Matrix room; waiting for an invite");
                    continue;
                }
            },
        };
        rooms.keys.insert(room.room_id().to_owned(), key.clone());
        refresh_presence(hub, &room, key).await;
    }
}

async fn refresh_presence(hub: &Hub, room: &Room, key: &str) {
    match room.members(RoomMemberships::JOIN).await {
        Ok(members) => {
            for m in members {
                if Some(m.user_id()) != room.client().user_id() {
                    hub.core.joined(key, &presence_name(hub, m.user_id()));
                }
            }
        }
        Err(e) => tracing::warn!(room = %key, error = %e, "cannot list the room's members"),
    }
}

/// The name presence is kept under: the member's name when known, else the user id.
fn presence_name(hub: &Hub, user: &UserId) -> String {
    hub.core
        .config()
        .member_by_matrix_id(user.as_str())
        .map_or_else(|| user.to_string(), |m| m.name.clone())
}

/// Joins a room a member invited the bot to, or one of its configured rooms; declines
/// anyone else's invite.
async fn answer_invite(hub: &Hub, settings: &MatrixSettings, rooms: &mut Rooms, room: &Room, inviter: &UserId) {
    let config = hub.core.config();
    // The room as the configuration names it, if it does (by id or by its alias).
    let key = settings
        .rooms
        .iter()
        .find(|r| *r == room.room_id().as_str() || room.canonical_alias().is_some_and(|a| a.as_str() == *r))
        .cloned();
    let from_member = config.members.is_empty() || config.member_by_matrix_id(inviter.as_str()).is_some();
    if key.is_some() || from_member {
        match room.join().await {
            Ok(()) => {
                tracing::info!(room = %room.room_id(), inviter = %inviter, "joined on invitation");
                if let Some(key) = key {
                    rooms.keys.insert(room.room_id().to_owned(), key.clone());
                    refresh_presence(hub, room, &key).await;
                }
            }
            Err(e) => tracing::warn!(room = %room.room_id(), error = %e, "cannot accept an invitation"),
        }
    } else {
        tracing::info!(room = %room.room_id(), inviter = %inviter, "declined an invitation from a non-member");
        if let Err(e) = room.leave().await {
            tracing::warn!(room = %room.room_id(), error = %e, "cannot decline an invitation");
        }
    }
}

async fn on_event(hub: &Hub, settings: &MatrixSettings, client: &Client, rooms: &mut Rooms, event: Inbound) {
    match event {
        Inbound::Message(said) => {
            if let Some(msg) = incoming(hub, rooms, said).await {
                for effect in hub.handle(std::slice::from_ref(&msg)).await {
                    send_effect(hub, client, rooms, &effect).await;
                }
            }
        }
        Inbound::Invite { room, inviter } => answer_invite(hub, settings, rooms, &room, &inviter).await,
        Inbound::Membership { room_id, user, joined } => {
            if client.user_id() == Some(&user) {
                return;
            }
            if let Some(key) = rooms.keys.get(&room_id) {
                let name = presence_name(hub, &user);
                if joined {
                    hub.core.joined(key, &name);
                } else {
                    hub.core.parted(key, &name);
                }
            }
        }
    }
}

/// A message for the core, once: `None` for one already handled (a replayed sync) or
/// from a room the bot does not serve.
async fn incoming(hub: &Hub, rooms: &mut Rooms, said: Said) -> Option<Incoming> {
    let Said {
        room,
        event_id,
        sender,
        body: text,
        at,
    } = said;
    let (room, event_id, sender): (&Room, &str, &UserId) = (&room, &event_id, &sender);
    // The homeserver's clock, not ours; a message cannot count in the future.
    let at = at.min(Utc::now());
    if room.state() != RoomState::Joined {
        return None;
    }
    let key = match rooms.keys.get(room.room_id()) {
        Some(key) => Some(key.clone()),
        // A room of its own with one member: a private conversation.
        None if room.joined_members_count() <= 2 => None,
        None => Some(room.room_id().to_string()),
    };
    match hub.core.store().claim_event(event_id, Utc::now()).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::info!(event = %event_id, "ignored a Matrix event already handled");
            return None;
        }
        Err(e) => {
            // Not knowing whether it was handled, handling it could count it twice.
            tracing::error!(event = %event_id, error = %e, "cannot record a Matrix event; ignoring it");
            return None;
        }
    }
    if key.is_none() {
        rooms.private.insert(sender.to_owned(), room.room_id().to_owned());
    } else if !rooms.keys.contains_key(room.room_id()) {
        rooms.keys.insert(room.room_id().to_owned(), room.room_id().to_string());
    }
    let config = hub.core.config();
    let speaker = match config.member_by_matrix_id(sender.as_str()) {
        Some(m) => Speaker {
            handle: m.name.clone(),
            member: Some(m.name.clone()),
        },
        None => Speaker {
            handle: sender.to_string(),
            member: config.members.is_empty().then(|| sender.to_string()),
        },
    };
    Some(Incoming {
        room: key,
        speaker,
        text,
        at,
    })
}

/// The Matrix user a reply or private message is for: a member's id, or a user id.
fn user_for(hub: &Hub, to: &str) -> Option<OwnedUserId> {
    let id = match hub.core.config().member_named(to) {
        Some(m) => m.matrix_id.clone()?,
        None => to.to_owned(),
    };
    OwnedUserId::try_from(id).ok()
}

/// Sends one effect; `false` when it could not be sent (kept for a retry by the outbox).
async fn send_effect(hub: &Hub, client: &Client, rooms: &Rooms, effect: &Effect) -> bool {
    let (room, content) = match effect {
        Effect::Reply { room, to, text } => {
            let Some(target) = room_for(client, rooms, room) else {
                tracing::warn!(room = %room, "no such Matrix room to answer in");
                return false;
            };
            let content = match user_for(hub, to) {
                Some(user) => {
                    let plain = format!("{to}: {text}");
                    let pill = format!(
                        "<a href=\"https://matrix.to/#/{}\">{}</a>: ",
                        escape(user.as_str()),
                        escape(to)
                    );
                    let body = html(text).unwrap_or_else(|| escape_lines(text));
                    RoomMessageEventContent::text_html(plain, format!("{pill}{body}"))
                        .add_mentions(Mentions::with_user_ids([user]))
                }
                None => message(&format!("{to}: {text}")),
            };
            (target, content)
        }
        Effect::Announce { room, text } => {
            let Some(target) = room_for(client, rooms, room) else {
                tracing::warn!(room = %room, "no such Matrix room to announce in");
                return false;
            };
            (target, message(text))
        }
        Effect::Private { to, text } => {
            let Some(user) = user_for(hub, to.name()) else {
                tracing::warn!(to = %to, "no Matrix id to write to privately");
                return false;
            };
            let Some(target) = private_room(client, rooms, &user).await else {
                return false;
            };
            (target, message(text))
        }
    };
    match room.send(content).await {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(room = %room.room_id(), error = %e, "cannot send a Matrix message");
            false
        }
    }
}

/// A plain body, with formatted HTML when the text has a structure worth showing.
fn message(text: &str) -> RoomMessageEventContent {
    match html(text) {
        Some(h) => RoomMessageEventContent::text_html(text, h),
        None => RoomMessageEventContent::text_plain(text),
    }
}

fn room_for(client: &Client, rooms: &Rooms, key: &str) -> Option<Room> {
    let id = rooms
        .keys
        .iter()
        .find(|(_, k)| k.as_str() == key)
        .map(|(id, _)| id.clone())
        .or_else(|| OwnedRoomId::try_from(key).ok())?;
    client.get_room(&id).filter(|r| r.state() == RoomState::Joined)
}

/// The room to write to `user` privately: where they last wrote privately, an existing
/// direct room, or a new (encrypted) one.
async fn private_room(client: &Client, rooms: &Rooms, user: &UserId) -> Option<Room> {
    if let Some(room) = rooms
        .private
        .get(user)
        .and_then(|id| client.get_room(id))
        .filter(|r| r.state() == RoomState::Joined)
    {
        return Some(room);
    }
    if let Some(room) = client.get_dm_room(user) {
        return Some(room);
    }
    match client.create_dm(user).await {
        Ok(room) => Some(room),
        Err(e) => {
            tracing::warn!(user = %user, error = %e, "cannot open a private Matrix room");
            None
        }
    }
}

/// Delivers the outbox entries that are Matrix's; `false` if one must be tried again.
async fn flush_outbox(hub: &Hub, client: &Client, rooms: &Rooms) -> bool {
    let pending = match hub.core.store().outbox_pending().await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the outbox");
            return false;
        }
    };
    let mut all = true;
    for (id, effect) in pending {
        if network_of(hub.core.config(), &effect) != Network::Matrix {
            continue;
        }
        if !send_effect(hub, client, rooms, &effect).await {
            all = false;
            continue;
        }
        if let Err(e) = hub.core.store().outbox_done(id).await {
            tracing::error!(error = %e, "cannot mark an outbox entry as delivered");
        }
    }
    all
}

/// Formatted HTML for a text with structure: runs of two or more `label: value` lines
/// become a table (reports), runs of `- item` lines and numbered records (`#3 …`) a list
/// (summaries, proposals), the rest paragraphs. `None` for a text with neither, which reads best as it is.
pub fn html(text: &str) -> Option<String> {
    enum Block<'a> {
        Lines(Vec<&'a str>),
        Table(Vec<(&'a str, &'a str)>),
        List(Vec<&'a str>),
    }
    let lines: Vec<&str> = text.lines().collect();
    fn row(l: &str) -> Option<(&str, &str)> {
        let (label, value) = l.split_once(": ")?;
        let label_ok = !label.is_empty()
            && label.chars().count() <= 40
            && !label.starts_with(['-', '•', ' '])
            && !label.ends_with(['.', '!', '?', ','])
            && label.split_whitespace().count() <= 5;
        (label_ok && !value.trim().is_empty()).then_some((label.trim(), value.trim()))
    }
    fn item(l: &str) -> Option<&str> {
        // `- item`, or an enumeration of numbered records (`#3 alice: …`).
        let numbered = l
            .strip_prefix('#')
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        l.strip_prefix("- ")
            .or_else(|| l.strip_prefix("• "))
            .or(numbered.then_some(l))
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let run = lines[i..]
            .iter()
            .take_while(|l| row(l).is_some() && item(l).is_none())
            .count();
        if run >= 2 {
            blocks.push(Block::Table(lines[i..i + run].iter().filter_map(|l| row(l)).collect()));
            i += run;
            continue;
        }
        let run = lines[i..].iter().take_while(|l| item(l).is_some()).count();
        if run >= 1 {
            blocks.push(Block::List(lines[i..i + run].iter().filter_map(|l| item(l)).collect()));
            i += run;
            continue;
        }
        match blocks.last_mut() {
            Some(Block::Lines(ls)) => ls.push(lines[i]),
            _ => blocks.push(Block::Lines(vec![lines[i]])),
        }
        i += 1;
    }
    if blocks.iter().all(|b| matches!(b, Block::Lines(_))) {
        return None;
    }
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Lines(ls) => {
                out.push_str("<p>");
                out.push_str(&ls.iter().map(|l| escape(l)).collect::<Vec<_>>().join("<br>"));
                out.push_str("</p>");
            }
            Block::Table(rows) => {
                out.push_str("<table>");
                for (label, value) in rows {
                    out.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td></tr>",
                        escape(label),
                        escape(value)
                    ));
                }
                out.push_str("</table>");
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for it in items {
                    out.push_str(&format!("<li>{}</li>", escape(it)));
                }
                out.push_str("</ul>");
            }
        }
    }
    Some(out)
}

fn escape_lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_become_tables_and_summaries_lists() {
        let report = "Your hours, November 2026:\nwebdev: 3h paid\ncoop: 1h30 volunteer\nTotal: 4h30";
        let h = html(report).expect("a table");
        assert_eq!(
            h,
            "<p>Your hours, November 2026:</p><table><tr><td>webdev</td><td>3h paid</td></tr>\
             <tr><td>coop</td><td>1h30 volunteer</td></tr><tr><td>Total</td><td>4h30</td></tr></table>"
        );
        let list = "Open proposals:\n- #1 buy a <kettle>\n- #2 paint";
        assert_eq!(
            html(list).expect("a list"),
            "<p>Open proposals:</p><ul><li>#1 buy a &lt;kettle&gt;</li><li>#2 paint</li></ul>"
        );
        let proposals = "Proposals:\n#1 alice: a kettle — adopted on Tue\n#2 bob: paint — deferred";
        assert_eq!(
            html(proposals).expect("a list"),
            "<p>Proposals:</p><ul><li>#1 alice: a kettle — adopted on Tue</li><li>#2 bob: paint — deferred</li></ul>"
        );
        // Prose stays plain, even with a colon in it.
        assert_eq!(html("Proposal #1 by alice: buy a kettle. Adopted on Tue."), None);
        assert_eq!(html("Recorded: 2h on webdev."), None);
    }

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
