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

/// Who a private message is for: an address on one network, decided once by the core
/// from the roster and where the command came from (`Core::address_of`), and written with
/// the effect. Identity governs delivery: a member's message goes only to a connection
/// identified as that member (their services account, their Matrix id), never to
/// whoever holds a nick; it waits while they are offline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "legacy::AnyRecipient")]
pub enum Recipient {
    /// Someone on IRC.
    Irc(IrcTo),
    /// A Matrix user, by id: a member's `matrix_id`, or whoever spoke with that id.
    Matrix(String),
    /// A name on the console.
    Console(String),
    /// A member by roster name, as earlier versions of konbit wrote it in the outbox: the
    /// core resolves it to an address when it reads the entry back (`Core::pending`); no
    /// transport ever receives one.
    Member(String),
}

/// Who a message on IRC is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IrcTo {
    /// A member (`name`, for logs and for waiting): only a nick logged into `account`
    /// gets it, or, when the roster lets this member be known by nick alone, `nick` while
    /// it is online and logged into no account. It waits in the outbox while neither is.
    Member {
        name: String,
        account: Option<String>,
        nick: Option<String>,
    },
    /// Whoever holds this nick now: someone not identified as a member.
    Nick(String),
}

impl Recipient {
    /// The name or handle, for display and queueing.
    pub fn name(&self) -> &str {
        match self {
            Recipient::Irc(IrcTo::Member { name, .. })
            | Recipient::Irc(IrcTo::Nick(name))
            | Recipient::Matrix(name)
            | Recipient::Console(name)
            | Recipient::Member(name) => name,
        }
    }

    /// The network it is on; `None` for an earlier version's entry not resolved yet.
    pub fn network(&self) -> Option<Network> {
        match self {
            Recipient::Irc(_) => Some(Network::Irc),
            Recipient::Matrix(_) => Some(Network::Matrix),
            Recipient::Console(_) => Some(Network::Console),
            Recipient::Member(_) => None,
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

    /// The network that carries it; `None` for an earlier version's private message to a
    /// member, not resolved yet.
    pub fn network(&self) -> Option<Network> {
        match self {
            Effect::Reply { room, .. } | Effect::Announce { room, .. } => Some(room.network),
            Effect::Private { to, .. } => to.network(),
            Effect::Mail(_) => Some(Network::Mail),
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

/// What handling a batch of messages (or a tick) produced: the effects, in order, as
/// committed to the durable outbox in the same transaction as the changes they announce;
/// which of them the caller delivers itself; and whether a due instant may have moved (a
/// proposal, a reminder, a timer…) so the scheduler looks again. The core says so;
/// transports never parse commands to find out.
#[derive(Debug, Default)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    /// The effects the caller takes to deliver itself (its own network's): their index in
    /// `effects` and their outbox entry, `None` when they could not be kept in it (the
    /// database failed: said once, from memory, as a last resort).
    pub taken: Vec<(usize, Option<i64>)>,
    /// How many were left in the outbox for the other networks.
    pub queued: usize,
    pub reschedule: bool,
}

impl Outcome {
    /// The effects the caller delivers, with their outbox entries.
    pub fn into_taken(self) -> Vec<(Option<i64>, Effect)> {
        let mut effects: Vec<Option<Effect>> = self.effects.into_iter().map(Some).collect();
        self.taken
            .into_iter()
            .filter_map(|(i, id)| effects.get_mut(i).and_then(Option::take).map(|e| (id, e)))
            .collect()
    }
}

/// Which of a turn's effects the caller delivers itself; the rest wait in the outbox for
/// their network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taker {
    /// None: every effect waits in the outbox (the scheduler, tests).
    Nobody,
    /// The effects for this network (the transport the commands came from).
    Network(Network),
    /// All of them (the console, which shows everything).
    Everyone,
}

impl Taker {
    pub fn takes(self, effect: &Effect) -> bool {
        match self {
            Taker::Nobody => false,
            Taker::Everyone => true,
            Taker::Network(n) => effect.network() == Some(n),
        }
    }
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
        Irc(IrcTo),
        Matrix(String),
        Console(String),
        /// Earlier versions: a member by roster name, resolved when read.
        Member(String),
        /// Earlier versions: someone not a member, at a handle on a network.
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

    impl AnyRecipient {
        /// An earlier version's answer to someone who wrote by e-mail: the member it is
        /// for.
        fn by_mail(&self) -> Option<&str> {
            match self {
                AnyRecipient::Typed(TypedRecipient::Handle(AnyHandle::Typed {
                    network: Network::Mail,
                    handle,
                })) => Some(handle),
                _ => None,
            }
        }
    }

    /// An earlier version's handle on `network`, as an address there.
    fn handle_on(network: Network, handle: String) -> Recipient {
        match network {
            Network::Irc => Recipient::Irc(IrcTo::Nick(handle)),
            Network::Matrix => Recipient::Matrix(handle),
            Network::Console => Recipient::Console(handle),
            // Made into a mail by `AnyEffect`; a member otherwise.
            Network::Mail => Recipient::Member(handle),
        }
    }

    impl From<AnyRecipient> for Recipient {
        fn from(r: AnyRecipient) -> Recipient {
            match r {
                AnyRecipient::Legacy(n) | AnyRecipient::Typed(TypedRecipient::Member(n)) => Recipient::Member(n),
                AnyRecipient::Typed(TypedRecipient::Irc(to)) => Recipient::Irc(to),
                AnyRecipient::Typed(TypedRecipient::Matrix(id)) => Recipient::Matrix(id),
                AnyRecipient::Typed(TypedRecipient::Console(name)) => Recipient::Console(name),
                AnyRecipient::Typed(TypedRecipient::Handle(AnyHandle::Typed { network, handle })) => {
                    handle_on(network, handle)
                }
                AnyRecipient::Typed(TypedRecipient::Handle(AnyHandle::Legacy(handle))) => {
                    let network = if handle.starts_with('@') && handle.contains(':') {
                        Network::Matrix
                    } else {
                        Network::Irc
                    };
                    handle_on(network, handle)
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
                AnyEffect::Private { to, body } => match to.by_mail() {
                    // The collective's name is its subject (`Mail::subject` empty).
                    Some(member) => Effect::Mail(Mail {
                        to: MailTo::Member(member.to_owned()),
                        proposal: None,
                        subject: String::new(),
                        message: body.message(),
                    }),
                    None => Effect::Private {
                        to: to.into(),
                        message: body.message(),
                    },
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
        assert!(matches!(old, Effect::Private { to: Recipient::Matrix(ref id), .. } if id == "@eve:example.org"));
        let old: Effect = serde_json::from_str(
            r#"{"Private":{"to":{"Handle":{"network":"Irc","handle":"eve"}},"message":{"blocks":[]}}}"#,
        )
        .expect("typed handle");
        assert_eq!(old.network(), Some(Network::Irc));
        let old: Effect =
            serde_json::from_str(r#"{"Private":{"to":{"Handle":{"network":"Mail","handle":"bob"}},"text":"ok"}}"#)
                .expect("mail handle");
        assert!(matches!(old, Effect::Mail(Mail { to: MailTo::Member(ref m), .. }) if m == "bob"));
        let old: Effect = serde_json::from_str(r#"{"Reply":{"room":"!abc:example.org","to":"bob","text":"ok"}}"#)
            .expect("legacy reply");
        assert_eq!(old.room().map(|r| r.network), Some(Network::Matrix));
    }

    #[test]
    fn effects_round_trip_through_the_outbox_encoding() {
        let e = Effect::Private {
            to: Recipient::Irc(IrcTo::Member {
                name: "alice".into(),
                account: Some("alice".into()),
                nick: None,
            }),
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
