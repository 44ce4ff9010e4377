//! Reading Matrix: every message said in the bot's rooms, in order, however the
//! homeserver cut its syncs.
//!
//! A sync gives each room at most a few events (Synapse: 10 by default); when more were
//! said since the last sync its timeline is *limited*: the rest is a gap before it. A gap
//! comes after downtime, and in a burst while the bot runs. Each gap is read back with
//! `/messages`, from the sync's `prev_batch` to the token of the previous sync, decrypted
//! like the sync's own events, and handed over before them: the commands in it are
//! handled in order, at the time they were said. Only messages older than
//! [`OLDEST_READ`] are left unread (their event ids may be forgotten: handling them
//! could count them twice), with a log line saying how many and why.
//!
//! Where the bot stopped reading is kept beside the session (`sync-token` under
//! `matrix.state_dir`), written only once what a sync brought has been handled: after
//! a crash in the middle, the next start reads from there again, and the messages
//! already handled are recognised by their event ids (`claim_event`).

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use matrix_sdk::config::SyncSettings;
use matrix_sdk::deserialized_responses::TimelineEvent;
use matrix_sdk::ruma::api::Direction;
use matrix_sdk::ruma::api::client::message::get_message_events;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::message::{MessageType, OriginalSyncRoomMessageEvent, Relation};
use matrix_sdk::ruma::events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent, SyncMessageLikeEvent};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{MilliSecondsSinceUnixEpoch, UInt, UserId};
use matrix_sdk::sync::SyncResponse;
use matrix_sdk::{Client, Room};
use tokio::sync::mpsc;

use super::{Inbound, Said};
use crate::transport::Backoff;

/// How long one long-poll sync waits for news.
const SYNC_TIMEOUT: StdDuration = StdDuration::from_secs(30);
/// Messages older than this are not read back after a gap: event ids are remembered
/// this long (`REMEMBER_EVENTS` in the transport), so nothing older can be known as
/// handled or not.
pub(super) const OLDEST_READ: chrono::Duration = chrono::Duration::days(30);
/// Events asked for per `/messages` request.
const PAGE: u32 = 100;
/// The longest wait between two attempts to reach the homeserver: once it is back, the
/// bot is back within seconds.
pub(super) const MAX_RETRY: StdDuration = StdDuration::from_secs(10);
/// The file under `matrix.state_dir` that says where reading stopped.
const TOKEN_FILE: &str = "sync-token";

/// Where reading stopped, kept on disk.
pub(super) struct Position {
    file: PathBuf,
    /// The token the next sync starts from; `None` before the first sync.
    pub since: Option<String>,
}

/// Where konbit's handling stopped, as saved under `state_dir`.
pub(super) fn saved_token(state_dir: &Path) -> Option<String> {
    std::fs::read_to_string(state_dir.join(TOKEN_FILE))
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

impl Position {
    /// The saved position under `state_dir`; else the session's own token (a state
    /// directory from before this file existed), else none.
    pub(super) async fn load(client: &Client, state_dir: &Path) -> Position {
        let file = state_dir.join(TOKEN_FILE);
        let saved = saved_token(state_dir);
        let since = match saved {
            Some(token) => Some(token),
            None => {
                use matrix_sdk::store::{StateStoreDataKey, StateStoreDataValue};
                match client.state_store().get_kv_data(StateStoreDataKey::SyncToken).await {
                    Ok(Some(StateStoreDataValue::SyncToken(token))) => Some(token),
                    _ => None,
                }
            }
        };
        Position { file, since }
    }

    /// Everything up to `token` was handled: the next start reads from there.
    pub(super) fn save(&mut self, token: String) {
        let tmp = self.file.with_extension("new");
        let written = std::fs::write(&tmp, &token).and_then(|()| std::fs::rename(&tmp, &self.file));
        if let Err(e) = written {
            // Not fatal: the next start reads from an older point, and what was already
            // handled is recognised by its event id.
            tracing::warn!(file = %self.file.display(), error = %e, "cannot save where Matrix reading stopped");
        }
        self.since = Some(token);
    }
}

/// One sync from `since` (at once when `wait` is false), retried until the homeserver
/// answers. `lost` says whether the connection is known to be lost; the log says once
/// when it is, and once when it is back.
pub(super) async fn sync(
    client: &Client,
    since: Option<&str>,
    wait: bool,
    backoff: &mut Backoff,
    lost: &mut bool,
) -> SyncResponse {
    loop {
        let mut settings = SyncSettings::default().timeout(if wait { SYNC_TIMEOUT } else { StdDuration::ZERO });
        if let Some(token) = since {
            settings = settings.token(token.to_owned());
        }
        match client.sync_once(settings).await {
            Ok(response) => {
                backoff.reset();
                if *lost {
                    *lost = false;
                    tracing::info!(network = "Matrix", user = ?client.user_id(), "reconnected to Matrix");
                }
                return response;
            }
            Err(e) => {
                let wait = backoff.next();
                if *lost {
                    tracing::debug!(error = %e, retry_in = ?wait, "Matrix sync failed again");
                } else {
                    *lost = true;
                    tracing::warn!(network = "Matrix", user = ?client.user_id(), error = %e, retry_in = ?wait, "lost the connection to Matrix; retrying");
                }
                tokio::time::sleep(wait).await;
            }
        }
    }
}

/// The messages a sync brought, each room's gap read back first, in the order they
/// were said in each room.
pub(super) async fn messages_of(
    client: &Client,
    me: &UserId,
    response: SyncResponse,
    since: Option<&str>,
    backoff: &mut Backoff,
) -> Vec<Said> {
    let mut said = Vec::new();
    for (room_id, update) in response.rooms.joined {
        let Some(room) = client.get_room(&room_id) else {
            continue;
        };
        let mut events = Vec::new();
        if update.timeline.limited
            && let (Some(from), Some(to)) = (update.timeline.prev_batch.as_deref(), since)
        {
            events = read_gap(&room, from, to, backoff).await;
        }
        events.extend(update.timeline.events);
        tracing::debug!(room = %room_id, since, limited = update.timeline.limited, events = events.len(), "a sync's events in a room");
        for event in &events {
            if let Some(s) = said_of(&room, me, event).await {
                said.push(s);
            }
        }
    }
    said
}

/// Hands a sync's messages to the transport's loop, then where reading may resume
/// once they are handled, waiting while the loop is behind. `false` when the loop is
/// gone.
pub(super) async fn hand_over(tx: &mpsc::Sender<Inbound>, said: Vec<Said>, next: String) -> bool {
    for s in said {
        if tx.send(Inbound::Message(s)).await.is_err() {
            return false;
        }
    }
    tx.send(Inbound::Synced(next)).await.is_ok()
}

/// The events of a gap, oldest first: read backwards from `from` (a sync's
/// `prev_batch`) to `to` (the previous sync's token), page by page, and decrypted; a
/// failed request is tried again until the homeserver answers (a gap is never given up
/// for a network failure). Stops at messages older than [`OLDEST_READ`], saying so.
async fn read_gap(room: &Room, from: &str, to: &str, backoff: &mut Backoff) -> Vec<TimelineEvent> {
    let oldest = Utc::now() - OLDEST_READ;
    let mut events = Vec::new();
    let mut from = from.to_owned();
    let mut pages = 0u32;
    'pages: loop {
        let mut request = get_message_events::v3::Request::new(room.room_id().to_owned(), Direction::Backward);
        request.from = Some(from.clone());
        request.to = Some(to.to_owned());
        request.limit = UInt::from(PAGE);
        // The request itself, not `Room::messages`: that one also works out push rules,
        // which a room just created does not have the state for yet.
        let page = match room.client().send(request).await {
            Ok(page) => page,
            Err(e) => {
                let wait = backoff.next();
                tracing::warn!(room = %room.room_id(), error = %e, retry_in = ?wait, "cannot read back the Matrix messages of a gap; retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
        };
        backoff.reset();
        pages += 1;
        let done = page.chunk.is_empty() || page.end.is_none() || page.end.as_deref() == Some(from.as_str());
        for raw in page.chunk {
            let raw: Raw<AnySyncTimelineEvent> = raw.cast_unchecked();
            let sent = raw
                .get_field::<MilliSecondsSinceUnixEpoch>("origin_server_ts")
                .ok()
                .flatten();
            if sent.and_then(|t| millis(t.get().into())).is_some_and(|at| at < oldest) {
                tracing::warn!(
                    room = %room.room_id(),
                    read = events.len(),
                    days = OLDEST_READ.num_days(),
                    "messages said while konbit was away more than 30 days ago are not read: \
                     konbit cannot know whether it handled them"
                );
                break 'pages;
            }
            events.push(decrypted(room, raw).await);
        }
        if done {
            break;
        }
        from = page.end.unwrap_or_default();
    }
    if !events.is_empty() {
        tracing::info!(room = %room.room_id(), events = events.len(), pages, "read back a gap in the Matrix timeline");
    }
    events.reverse();
    events
}

/// An event read back, decrypted when it is encrypted (a failure is kept as such).
async fn decrypted(room: &Room, raw: Raw<AnySyncTimelineEvent>) -> TimelineEvent {
    if let Ok(AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomEncrypted(
        SyncMessageLikeEvent::Original(_),
    ))) = raw.deserialize()
    {
        match room
            .decrypt_event(raw.cast_ref_unchecked::<OriginalSyncRoomEncryptedEvent>(), None)
            .await
        {
            Ok(event) => return event,
            Err(e) => tracing::debug!(room = %room.room_id(), error = %e, "cannot decrypt a Matrix event read back"),
        }
    }
    TimelineEvent::from_plaintext(raw)
}

fn millis(ms: u64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp_millis(i64::try_from(ms).ok()?)
}

/// A text message someone else said to the bot, or `None` for anything else: the bot's
/// own messages, notices (what bots send: never answered, so two bots never loop),
/// state, other event types, and what was said in a room before the bot joined it (its
/// history, delivered with the join). A message that cannot be decrypted is logged.
async fn said_of(room: &Room, me: &UserId, event: &TimelineEvent) -> Option<Said> {
    if event.kind.is_utd() {
        tracing::warn!(room = %room.room_id(), event = ?event.event_id(), sender = ?event.kind.sender(), "a Matrix message could not be decrypted; ignored");
        return None;
    }
    let parsed = match event.raw().deserialize() {
        Ok(parsed) => parsed,
        Err(e) => {
            tracing::debug!(room = %room.room_id(), event = ?event.event_id(), error = %e, "ignored a Matrix event that does not parse");
            return None;
        }
    };
    let AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(SyncMessageLikeEvent::Original(ev))) =
        parsed
    else {
        return None;
    };
    if ev.sender == me {
        return None;
    }
    // Said before the bot joined the room: not for the bot. Both instants are the
    // homeserver's.
    if let Ok(Some(member)) = room.get_member_no_sync(me).await
        && member
            .event()
            .origin_server_ts()
            .is_some_and(|joined| ev.origin_server_ts < joined)
    {
        return None;
    }
    let (body, edit) = text_of(&ev)?;
    let at = millis(ev.origin_server_ts.get().into()).unwrap_or_else(Utc::now);
    Some(Said {
        room: room.clone(),
        event_id: ev.event_id.to_string(),
        sender: ev.sender,
        body,
        at,
        edit,
    })
}

/// The text of a message, and whether it is an edit of an earlier one; `None` for a
/// message that is not text.
fn text_of(ev: &OriginalSyncRoomMessageEvent) -> Option<(String, bool)> {
    // An edit carries its new text in `m.new_content`; it is not run (it is answered).
    if let Some(Relation::Replacement(replacement)) = &ev.content.relates_to {
        let MessageType::Text(text) = &replacement.new_content.msgtype else {
            return None;
        };
        return Some((
            body_of(&text.body, text.formatted.as_ref().map(|f| f.body.as_str())),
            true,
        ));
    }
    match &ev.content.msgtype {
        MessageType::Text(text) => Some((
            super::strip_reply_fallback(&body_of(&text.body, text.formatted.as_ref().map(|f| f.body.as_str()))),
            false,
        )),
        _ => None,
    }
}

/// The plain body, or the text of the formatted body when the plain one is empty (some
/// clients send only HTML).
fn body_of(body: &str, formatted: Option<&str>) -> String {
    if !body.trim().is_empty() {
        return body.to_owned();
    }
    formatted.map(text_of_html).unwrap_or_default()
}

/// The text of a message's HTML: tags dropped (a line break or a paragraph ends a
/// line), entities decoded, a reply's quoted `<mx-reply>` left out.
pub(super) fn text_of_html(html: &str) -> String {
    let html = match (html.find("<mx-reply>"), html.find("</mx-reply>")) {
        (Some(start), Some(end)) if end > start => format!("{}{}", &html[..start], &html[end + "</mx-reply>".len()..]),
        _ => html.to_owned(),
    };
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // Not a tag: a lone `<`.
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        if matches!(name, "br" | "p" | "div" | "li" | "tr") && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    decode_entities(out.trim())
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_sent_only_as_html_is_read_as_its_text() {
        assert_eq!(text_of_html("<p>!punch <b>2h</b> webdev</p>"), "!punch 2h webdev");
        assert_eq!(text_of_html("!veto 1 too &amp; much &lt;3"), "!veto 1 too & much <3");
        assert_eq!(
            text_of_html("<mx-reply><blockquote>quoted</blockquote></mx-reply>!hours"),
            "!hours"
        );
        assert_eq!(text_of_html("a<br>b<br/>c"), "a\nb\nc");
        assert_eq!(text_of_html("1 < 2 &unknown; &#233;t&#xE9;"), "1 < 2 &unknown; été");
        assert_eq!(body_of("", Some("<em>!proposals</em>")), "!proposals");
        assert_eq!(body_of("!hours", Some("<em>ignored</em>")), "!hours");
    }
}
