//! Which Matrix rooms the bot is in, and what kind each is.
//!
//! A room's kind is decided by its membership, not by whether it is configured: a room
//! listed in `matrix.rooms` is the collective's (a group room); any other room whose
//! active members (joined or invited) other than the bot are exactly one person is a
//! private conversation with that person; any other room is a group room known by its
//! id. A command said in a group room is a room command (answered there, its private
//! parts in a direct room).
//!
//! A private message goes only to a direct room with its recipient alone — checked
//! against the membership when it is sent, so a room someone else was invited to since
//! is never used again. It is the room where they last wrote to the bot privately, else
//! a direct room they share with the bot (encrypted first), else a new one the bot opens
//! (`is_direct`, encrypted).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use matrix_sdk::ruma::{OwnedRoomId, OwnedRoomOrAliasId, OwnedUserId, UserId};
use matrix_sdk::{Client, Room, RoomMemberships, RoomState};

use super::super::Hub;
use crate::app::Recipient;
use crate::config::{Config, MatrixSettings};

/// The rooms the bot serves, with the name the collective uses for each.
#[derive(Default)]
pub(super) struct Rooms {
    /// Room id → the room as configured (an id or an alias), or its id for a group room
    /// the bot was invited to.
    pub keys: HashMap<OwnedRoomId, String>,
    /// The rooms of `matrix.rooms`, once joined.
    pub configured: HashMap<OwnedRoomId, String>,
    /// The direct room where each person last wrote privately, or was last written to.
    pub direct: HashMap<OwnedUserId, OwnedRoomId>,
}

/// Shared by the loop that reads and the task that sends; never held across an await.
pub(super) type SharedRooms = Arc<Mutex<Rooms>>;

fn lock(rooms: &SharedRooms) -> std::sync::MutexGuard<'_, Rooms> {
    rooms.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a room is to the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A room of several people, by the name the core knows it by.
    Group(String),
    /// A private conversation with this person.
    Direct(OwnedUserId),
}

/// The room's active members (joined or invited) other than the bot; `None` when they
/// cannot be listed.
async fn others(room: &Room) -> Option<Vec<OwnedUserId>> {
    let own = room.client().user_id().map(ToOwned::to_owned);
    match room.members(RoomMemberships::ACTIVE).await {
        Ok(members) => Some(
            members
                .iter()
                .map(|m| m.user_id().to_owned())
                .filter(|u| Some(u) != own.as_ref())
                .collect(),
        ),
        Err(e) => {
            tracing::warn!(room = %room.room_id(), error = %e, "cannot list the room's members");
            None
        }
    }
}

/// What `room` is, by its membership; a room whose members cannot be listed counts as a
/// group room (nothing private is written there).
pub(super) async fn kind_of(rooms: &SharedRooms, room: &Room) -> Kind {
    if let Some(key) = lock(rooms).configured.get(room.room_id()) {
        return Kind::Group(key.clone());
    }
    match others(room).await {
        Some(people) if people.len() == 1 => Kind::Direct(people[0].clone()),
        _ => Kind::Group(room.room_id().to_string()),
    }
}

/// Whether `room` is joined, not configured, and shared with `user` alone.
async fn direct_with(rooms: &SharedRooms, room: &Room, user: &UserId) -> bool {
    room.state() == RoomState::Joined
        && !lock(rooms).configured.contains_key(room.room_id())
        && others(room)
            .await
            .is_some_and(|people| people.len() == 1 && people[0] == user)
}

/// The room to write to `user` privately (see the module's doc); opens one if needed.
pub(super) async fn direct_room(client: &Client, rooms: &SharedRooms, user: &UserId) -> matrix_sdk::Result<Room> {
    let remembered = lock(rooms).direct.get(user).cloned();
    if let Some(room) = remembered.and_then(|id| client.get_room(&id))
        && direct_with(rooms, &room, user).await
    {
        return Ok(room);
    }
    let marked: Vec<Room> = client.get_dm_rooms(user).collect();
    let rest = client
        .joined_rooms()
        .into_iter()
        .filter(|r| !marked.iter().any(|m| m.room_id() == r.room_id()));
    let mut found: Option<Room> = None;
    for room in marked.iter().cloned().chain(rest) {
        if !direct_with(rooms, &room, user).await {
            continue;
        }
        let encrypted = room.encryption_state().is_encrypted();
        if encrypted || found.is_none() {
            found = Some(room);
        }
        if encrypted {
            break;
        }
    }
    let room = match found {
        Some(room) => room,
        None => {
            let room = client.create_dm(user).await?;
            tracing::info!(user = %user, room = %room.room_id(), "opened a direct room");
            room
        }
    };
    lock(rooms).direct.insert(user.to_owned(), room.room_id().to_owned());
    Ok(room)
}

/// Remembers that `user` wrote to the bot privately in `room`.
pub(super) fn wrote_privately(rooms: &SharedRooms, user: &UserId, room: &Room) {
    lock(rooms).direct.insert(user.to_owned(), room.room_id().to_owned());
}

/// Remembers a group room the bot was not configured for, by its id.
pub(super) fn seen_group(rooms: &SharedRooms, room: &Room) {
    lock(rooms)
        .keys
        .entry(room.room_id().to_owned())
        .or_insert_with(|| room.room_id().to_string());
}

/// The room the core calls `key`, if the bot is in it.
pub(super) fn room_for(client: &Client, rooms: &SharedRooms, key: &str) -> Option<Room> {
    let id = lock(rooms)
        .keys
        .iter()
        .find(|(_, k)| k.as_str() == key)
        .map(|(id, _)| id.clone())
        .or_else(|| OwnedRoomId::try_from(key).ok())?;
    client.get_room(&id).filter(|r| r.state() == RoomState::Joined)
}

/// The room key of a room id, if the bot serves it.
pub(super) fn key_of(rooms: &SharedRooms, id: &OwnedRoomId) -> Option<String> {
    lock(rooms).keys.get(id).cloned()
}

/// The Matrix account a private message is for: the address the core gave it (a
/// member's `matrix_id`, or the user id a non-member spoke with). `None` for anything not
/// addressed to Matrix.
pub(super) fn user_of(to: &Recipient) -> Option<OwnedUserId> {
    match to {
        Recipient::Matrix(id) => OwnedUserId::try_from(id.as_str()).ok(),
        _ => None,
    }
}

/// The core's name for a Matrix room known by `key` (its configured alias or its id).
pub(super) fn room_of(key: &str) -> crate::effect::Room {
    crate::effect::Room::new(crate::effect::Network::Matrix, key)
}

/// Tells the core in which of its rooms the bot may not post (the room's power levels
/// forbid it), so that a reminder or an announcement is never accepted for one of them.
pub(super) async fn update_muted(hub: &Hub, client: &Client, rooms: &SharedRooms) {
    use matrix_sdk::ruma::events::MessageLikeEventType;
    let Some(me) = client.user_id().map(ToOwned::to_owned) else {
        return;
    };
    let served: Vec<(OwnedRoomId, String)> = lock(rooms).keys.iter().map(|(id, k)| (id.clone(), k.clone())).collect();
    for (id, key) in served {
        let Some(room) = client.get_room(&id).filter(|r| r.state() == RoomState::Joined) else {
            continue;
        };
        let encrypted = room.latest_encryption_state().await.is_ok_and(|s| s.is_encrypted());
        let kind = if encrypted {
            MessageLikeEventType::RoomEncrypted
        } else {
            MessageLikeEventType::RoomMessage
        };
        let can = room.power_levels_or_default().await.user_can_send_message(&me, kind);
        hub.core.set_muted(room_of(&key), !can);
    }
}

/// The account a reply in a room mentions: the member's, or the speaker's user id.
pub(super) fn user_for(config: &Config, to: &str) -> Option<OwnedUserId> {
    let id = match config.member_named(to) {
        Some(m) => m.matrix_id.clone()?,
        None => to.to_owned(),
    };
    OwnedUserId::try_from(id).ok()
}

/// Joins the configured rooms and learns who is in each.
pub(super) async fn join_configured(hub: &Hub, client: &Client, settings: &MatrixSettings, rooms: &SharedRooms) {
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
        configure(rooms, &room, key);
        refresh_presence(hub, &room, key).await;
    }
}

fn configure(rooms: &SharedRooms, room: &Room, key: &str) {
    let mut r = lock(rooms);
    r.keys.insert(room.room_id().to_owned(), key.to_owned());
    r.configured.insert(room.room_id().to_owned(), key.to_owned());
}

async fn refresh_presence(hub: &Hub, room: &Room, key: &str) {
    match room.members(RoomMemberships::JOIN).await {
        Ok(members) => {
            for m in members {
                if Some(m.user_id()) != room.client().user_id() {
                    hub.core.joined(&room_of(key), &presence_name(hub, m.user_id()));
                }
            }
        }
        Err(e) => tracing::warn!(room = %key, error = %e, "cannot list the room's members"),
    }
}

/// The name presence is kept under: the member's name when known, else the user id.
pub(super) fn presence_name(hub: &Hub, user: &UserId) -> String {
    hub.core
        .config()
        .member_by_matrix_id(user.as_str())
        .map_or_else(|| user.to_string(), |m| m.name.clone())
}

/// Joins a room a member invited the bot to, or one of its configured rooms; declines
/// anyone else's invite. `true` when a configured room was joined (what waited for it
/// may go now).
pub(super) async fn answer_invite(
    hub: &Hub,
    settings: &MatrixSettings,
    rooms: &SharedRooms,
    room: &Room,
    inviter: &UserId,
) -> bool {
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
                    configure(rooms, room, &key);
                    refresh_presence(hub, room, &key).await;
                    return true;
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
    false
}
