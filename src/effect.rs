//! What the core asks the transports to do ([`Effect`]), where to ([`Room`],
//! [`Recipient`]: typed addresses that carry their network, so routing is a `match`), and
//! what one batch of commands produced ([`Outcome`]). The core builds these, the store
//! keeps them in the durable outbox, the transports perform them; none of them imports
//! another for it.

use serde::{Deserialize, Serialize};

use crate::message::Message;

/// A network konbit serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Network {
    Console,
    Irc,
    Matrix,
    /// E-mail: a member's mailbox (`[mail]`).
    Mail,
}

/// A room on a network: an IRC channel, a Matrix room (id or alias), the console's room.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Room {
    pub network: Network,
    pub name: String,
}

impl Room {
    pub fn new(network: Network, name: impl Into<String>) -> Room {
        Room {
            network,
            name: name.into(),
        }
    }

    /// Whether this is the room called `name` (IRC channel names ignore ASCII case; a
    /// Matrix room with the alias `#office:example.org` is also `#office`).
    pub fn is_named(&self, name: &str) -> bool {
        match self.network {
            Network::Irc => self.name.eq_ignore_ascii_case(name),
            Network::Matrix => {
                self.name == name
                    || (name.starts_with('#')
                        && !name.contains(':')
                        && self.name.starts_with('#')
                        && self.name.split_once(':').is_some_and(|(local, _)| local == name))
            }
            Network::Console | Network::Mail => self.name == name,
        }
    }
}

impl std::fmt::Display for Room {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// Who a private message is for. Identity governs delivery: a member's message goes only
/// to a connection identified as that member (their services account, their Matrix id),
/// never to whoever holds a nick; it waits while they are offline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "legacy::AnyRecipient")]
pub enum Recipient {
    /// A member, by roster name; the roster says on which network they are reached.
    Member(String),
    /// Someone not identified as a member, at the handle they spoke with on `network`
    /// (a nick, a Matrix id, a console name): the answer goes back there.
    Handle { network: Network, handle: String },
}

impl Recipient {
    /// The name or handle, for display and queueing.
    pub fn name(&self) -> &str {
        match self {
            Recipient::Member(n) | Recipient::Handle { handle: n, .. } => n,
        }
    }
}

impl std::fmt::Display for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What the core asks a transport to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "legacy::AnyEffect")]
pub enum Effect {
    /// An answer in a room, addressed to the person who spoke (by their handle).
    Reply { room: Room, to: String, message: Message },
    /// A message to everyone in a room.
    Announce { room: Room, message: Message },
    /// A private message to one person.
    Private { to: Recipient, message: Message },
    /// An e-mail: to a member's address, or the collective's list.
    Mail(Mail),
}

/// An e-mail the core asks for. The mail transport gives it its headers: the thread of
/// its proposal (so a mail client shows one proposal's mails together), and for a
/// member's copy about a proposal, a reply address only that member can act with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: MailTo,
    /// The proposal it is about (its thread), if any.
    pub proposal: Option<i64>,
    pub subject: String,
    pub message: Message,
}

/// Who an e-mail is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MailTo {
    /// A member, by roster name: their `email`, in their language.
    Member(String),
    /// The collective's list (`list_address`): a read-only copy.
    List,
}

impl Effect {
    pub fn message(&self) -> &Message {
        match self {
            Effect::Reply { message, .. } | Effect::Announce { message, .. } | Effect::Private { message, .. } => {
                message
            }
            Effect::Mail(mail) => &mail.message,
        }
    }

    /// The room it goes to, for a reply or an announcement.
    pub fn room(&self) -> Option<&Room> {
        match self {
            Effect::Reply { room, .. } | Effect::Announce { room, .. } => Some(room),
            Effect::Private { .. } | Effect::Mail(_) => None,
        }
    }
}

/// What handling a batch of messages produced: the effects, and whether a due instant
/// may have moved (a proposal, a reminder, a timer…) so the scheduler looks again. The
/// core says so; transports never parse commands to find out.
#[derive(Debug, Default)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub reschedule: bool,
}

/// Outbox entries written by earlier versions: a room or recipient as a plain string
/// and the text already rendered. Their network is read from the name's form once, when
/// they are read back (`!id:server` and `#alias:server` are Matrix rooms, `@user:server`
/// a Matrix user); everything new carries its network.
mod legacy {
    use super::*;

    #[derive(Deserialize)]
    #[serde(untagged)]
    pub(super) enum AnyRoom {
        Typed(Room),
        Legacy(String),
    }

    impl From<AnyRoom> for Room {
        fn from(r: AnyRoom) -> Room {
            match r {
                AnyRoom::Typed(r) => r,
                AnyRoom::Legacy(name) => {
                    let network = if name.starts_with('!') || name.contains(':') {
                        Network::Matrix
                    } else {
                        Network::Irc
                    };
                    Room { network, name }
                }
            }
        }
    }

    #[derive(Deserialize)]
    pub(super) enum TypedRecipient {
        Member(String),
        Handle(AnyHandle),
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    pub(super) enum AnyHandle {
        Typed { network: Network, handle: String },
        Legacy(String),
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    pub(super) enum AnyRecipient {
        /// Before recipients were typed, a plain name: always a member.
        Legacy(String),
        Typed(TypedRecipient),
    }

    impl From<AnyRecipient> for Recipient {
        fn from(r: AnyRecipient) -> Recipient {
            match r {
                AnyRecipient::Legacy(n) | AnyRecipient::Typed(TypedRecipient::Member(n)) => Recipient::Member(n),
                AnyRecipient::Typed(TypedRecipient::Handle(AnyHandle::Typed { network, handle })) => {
                    Recipient::Handle { network, handle }
                }
                AnyRecipient::Typed(TypedRecipient::Handle(AnyHandle::Legacy(handle))) => {
                    let network = if handle.starts_with('@') && handle.contains(':') {
                        Network::Matrix
                    } else {
                        Network::Irc
                    };
                    Recipient::Handle { network, handle }
                }
            }
        }
    }

    /// A message, or the rendered text of an old entry.
    #[derive(Deserialize)]
    pub(super) struct Body {
        message: Option<Message>,
        text: Option<String>,
    }

    impl Body {
        fn message(self) -> Message {
            match (self.message, self.text) {
                (Some(m), _) => m,
                (None, Some(t)) => Message::from(t),
                (None, None) => Message::new(),
            }
        }
    }

    #[derive(Deserialize)]
    pub(super) enum AnyEffect {
        Reply {
            room: AnyRoom,
            to: String,
            #[serde(flatten)]
            body: Body,
        },
        Announce {
            room: AnyRoom,
            #[serde(flatten)]
            body: Body,
        },
        Private {
            to: AnyRecipient,
            #[serde(flatten)]
            body: Body,
        },
        Mail(Mail),
    }

    impl From<AnyEffect> for Effect {
        fn from(e: AnyEffect) -> Effect {
            match e {
                AnyEffect::Reply { room, to, body } => Effect::Reply {
                    room: room.into(),
                    to,
                    message: body.message(),
                },
                AnyEffect::Announce { room, body } => Effect::Announce {
                    room: room.into(),
                    message: body.message(),
                },
                AnyEffect::Private { to, body } => Effect::Private {
                    to: to.into(),
                    message: body.message(),
                },
                AnyEffect::Mail(mail) => Effect::Mail(mail),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbox_entries_of_earlier_versions_are_still_delivered() {
        let old: Effect = serde_json::from_str(r##"{"Announce":{"room":"#office","text":"Proposal #1 adopted."}}"##)
            .expect("legacy announce");
        assert_eq!(
            old,
            Effect::Announce {
                room: Room::new(Network::Irc, "#office"),
                message: Message::from("Proposal #1 adopted.")
            }
        );
        let old: Effect = serde_json::from_str(r#"{"Private":{"to":"alice","text":"Reminder"}}"#).expect("legacy");
        assert!(matches!(old, Effect::Private { to: Recipient::Member(ref n), .. } if n == "alice"));
        let old: Effect =
            serde_json::from_str(r#"{"Private":{"to":{"Handle":"@eve:example.org"},"text":"x"}}"#).expect("legacy");
        assert!(matches!(
            old,
            Effect::Private {
                to: Recipient::Handle {
                    network: Network::Matrix,
                    ..
                },
                ..
            }
        ));
        let old: Effect = serde_json::from_str(r#"{"Reply":{"room":"!abc:example.org","to":"bob","text":"ok"}}"#)
            .expect("legacy reply");
        assert_eq!(old.room().map(|r| r.network), Some(Network::Matrix));
    }

    #[test]
    fn effects_round_trip_through_the_outbox_encoding() {
        let e = Effect::Private {
            to: Recipient::Handle {
                network: Network::Irc,
                handle: "eve".into(),
            },
            message: Message::from("a\nb"),
        };
        let json = serde_json::to_string(&e).expect("encode");
        assert_eq!(serde_json::from_str::<Effect>(&json).expect("decode"), e);
        let e = Effect::Reply {
            room: Room::new(Network::Matrix, "#office:example.org"),
            to: "alice".into(),
            message: Message::from("ok"),
        };
        let json = serde_json::to_string(&e).expect("encode");
        assert_eq!(serde_json::from_str::<Effect>(&json).expect("decode"), e);
    }
}
