//! One turn of the core, committed whole: what a batch of messages or a tick decided, the
//! network events it consumed and every message announcing it are written in one SQLite
//! transaction (a unit of work, `store/unit.rs`), into the durable outbox. Transports
//! deliver from the outbox and mark what they delivered; a crash at any instant loses no
//! announcement of a committed change, and announces nothing that was not committed.
//!
//! Where a private message goes is decided here, once, as a typed address
//! ([`Recipient`]): from the roster, and from the network a command came from (a member
//! who just spoke on a network is answered there). Transports only read the address.

use chrono::{DateTime, Utc};

use super::{Core, Effect, Incoming, Message, Outcome};
use crate::command::Command;
use crate::effect::{IrcTo, Mail, Network, Recipient, Taker};
use crate::store::StoreError;
use crate::t;

impl Core {
    /// Handles messages that arrived together, as one unit: each is read once (a network
    /// event id already handled is skipped), what fell due before it was said fires
    /// first, and the answers and announcements are committed with the records they
    /// confirm. `taker`: whose effects the caller delivers itself (see [`Taker`]).
    pub async fn handle_batch(&self, msgs: &[Incoming], taker: Taker) -> Outcome {
        let fallback = || self.storage_error_answers(msgs);
        // Boxed: deciding any command is a large state machine (every command's handler),
        // moved several times on its way into the unit of work; on the heap it is moved
        // as a pointer (copying it cost more than the rest of a `!punch`).
        self.turn_of(
            taker,
            fallback,
            Box::pin(async {
                let (effects, reschedule) = self.decide_many(msgs).await;
                Ok((effects, reschedule))
            }),
        )
        .await
    }

    /// A member's command by e-mail (`mail_reply`: the command its reply stands for, built
    /// there, never a chat line to parse again), decided in one turn like any other;
    /// the answers meant for its sender become mails (`to_mail`) before they are
    /// committed. Every effect waits in the outbox.
    pub(super) async fn handle_by_mail(
        &self,
        msg: &Incoming,
        command: Command,
        to_mail: impl Fn(Message) -> Effect,
    ) -> Outcome {
        let sender = msg.speaker.member.clone();
        let fallback = || self.storage_error_answers(std::slice::from_ref(msg));
        // Boxed, as in `handle_batch`.
        self.turn_of(
            Taker::Nobody,
            fallback,
            Box::pin(async {
                let (mut effects, reschedule) = self.decide(vec![(msg, Some(command))]).await;
                for effect in &mut effects {
                    if let Effect::Private {
                        to: Recipient::Member(m),
                        message,
                    } = effect
                        && sender.as_ref() == Some(m)
                    {
                        *effect = to_mail(std::mem::take(message));
                    }
                }
                Ok((effects, reschedule))
            }),
        )
        .await
    }

    /// [`Core::handle_batch`] with every effect left in the outbox for the networks.
    pub async fn handle_many(&self, msgs: &[Incoming]) -> Outcome {
        self.handle_batch(msgs, Taker::Nobody).await
    }

    /// Handles one message (its effects are in the outbox for the networks too).
    pub async fn handle(&self, msg: &Incoming) -> Vec<Effect> {
        self.handle_batch(std::slice::from_ref(msg), Taker::Nobody)
            .await
            .effects
    }

    /// Fires everything due at or before `now`, in order, as one unit: reminders, then
    /// adoptions. Only what is due is read: a wake-up with nothing due costs one indexed
    /// lookup. The announcements wait in the outbox for the networks.
    pub async fn tick(&self, now: DateTime<Utc>) -> Vec<Effect> {
        self.tick_for(now, Taker::Nobody).await.effects
    }

    /// [`Core::tick`], with the effects `taker` delivers itself.
    pub async fn tick_for(&self, now: DateTime<Utc>, taker: Taker) -> Outcome {
        // Boxed, as in `handle_batch`.
        self.turn_of(
            taker,
            Vec::new,
            Box::pin(async { Ok((self.fire_due(now).await, false)) }),
        )
        .await
    }

    /// Edited messages (Matrix): each claimed once, and answered that edits are not read.
    pub async fn handle_edits(&self, msgs: &[Incoming], taker: Taker) -> Outcome {
        self.turn_of(taker, Vec::new, async {
            let mut effects = Vec::new();
            for msg in msgs {
                if self.first_time(msg).await {
                    effects.extend(self.edited(msg));
                }
            }
            Ok((effects, false))
        })
        .await
    }

    /// Effects decided outside a command, committed to the outbox like any other.
    pub async fn queue(&self, effects: Vec<Effect>, taker: Taker) -> Outcome {
        if effects.is_empty() {
            return Outcome::default();
        }
        self.turn_of(taker, Vec::new, async { Ok((effects, false)) }).await
    }

    /// The outbox entries waiting for `network`, oldest first; an earlier version's
    /// private message to a member is given its address now.
    pub async fn pending(&self, network: Network) -> Result<Vec<(i64, Effect)>, StoreError> {
        let pending = self.store.outbox_pending().await?;
        Ok(pending
            .into_iter()
            .map(|(id, effect)| (id, self.resolved(effect)))
            .filter(|(_, effect)| effect.network() == Some(network))
            .collect())
    }

    /// Runs `work` in the turn and in one unit of work, and commits its effects to the
    /// outbox with it. When the unit cannot be committed, nothing it did is kept, its
    /// caches are dropped, and `fallback` says so to whoever is waiting for an answer
    /// (from memory: the database is what failed).
    async fn turn_of(
        &self,
        taker: Taker,
        fallback: impl FnOnce() -> Vec<Effect>,
        work: impl Future<Output = Result<(Vec<Effect>, bool), StoreError>>,
    ) -> Outcome {
        let _turn = self.turn.lock().await;
        let result = self
            .store
            .unit_with_outbox(async {
                let (effects, reschedule) = work.await?;
                let (effects, taken) = self.addressed(effects, taker);
                Ok((reschedule, effects, taken))
            })
            .await;
        match result {
            Ok((reschedule, effects, taken, ids)) => committed(effects, &taken, &ids, reschedule),
            Err(e) => {
                tracing::error!(error = %e, "a turn could not be committed: nothing of it was kept");
                self.forget_all();
                let effects = fallback();
                let taken = effects
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| taker.takes(e))
                    .map(|(i, _)| (i, None))
                    .collect();
                Outcome {
                    effects,
                    taken,
                    queued: 0,
                    reschedule: true,
                }
            }
        }
    }

    /// A turn's effects, each with its address, and which of them `taker` takes.
    fn addressed(&self, effects: Vec<Effect>, taker: Taker) -> (Vec<Effect>, Vec<bool>) {
        let effects: Vec<Effect> = effects.into_iter().map(|e| self.resolved(e)).collect();
        let taken: Vec<bool> = effects.iter().map(|e| taker.takes(e)).collect();
        for (effect, taken) in effects.iter().zip(&taken) {
            if !taken && !self.deliverable(effect) {
                tracing::error!(
                    ?effect,
                    "no network serves this room or person; the message is kept in the outbox but cannot be delivered"
                );
            }
        }
        (effects, taken)
    }

    /// `effect` with its address decided: a private message to a member by name goes to
    /// their default network ([`Core::address_of`] with no origin).
    fn resolved(&self, effect: Effect) -> Effect {
        match effect {
            Effect::Private {
                to: Recipient::Member(name),
                message,
            } => Effect::Private {
                to: self.address_of(&name, None),
                message,
            },
            Effect::Mail(Mail {
                to,
                proposal,
                subject,
                message,
            }) if subject.is_empty() => Effect::Mail(Mail {
                to,
                proposal,
                subject: self.config().collective.name.clone(),
                message,
            }),
            other => other,
        }
    }

    /// Where a private message to member `name` goes. `origin`: the network a command of
    /// theirs just came from, where they are answered; else Matrix when the roster gives
    /// them a Matrix id there (end-to-end encrypted), else IRC by their services account.
    /// With no roster, a member is known by the handle they spoke with.
    pub fn address_of(&self, name: &str, origin: Option<Network>) -> Recipient {
        let config = self.config();
        let roster = !config.members.is_empty();
        let member = config.member_named(name);
        let irc = || {
            Recipient::Irc(IrcTo::Member {
                name: member.map_or(name, |m| m.name.as_str()).to_owned(),
                account: if roster {
                    member.and_then(|m| m.irc_account.clone())
                } else {
                    Some(name.to_owned())
                },
                nick: if roster {
                    config
                        .irc
                        .as_ref()
                        .filter(|irc| irc.allow_nick_only)
                        .and(member.and_then(|m| m.irc_nick.clone()))
                } else {
                    Some(name.to_owned())
                },
            })
        };
        let matrix_id = if roster {
            member.and_then(|m| m.matrix_id.clone())
        } else {
            // A Matrix user id (`@user:server`) cannot be an IRC nick.
            (name.starts_with('@') && name.contains(':')).then(|| name.to_owned())
        };
        match origin {
            Some(Network::Irc) if config.irc.is_some() => return irc(),
            Some(Network::Matrix) if config.matrix.is_some() => {
                if let Some(id) = matrix_id {
                    return Recipient::Matrix(id);
                }
            }
            Some(Network::Console) => return Recipient::Console(name.to_owned()),
            _ => {}
        }
        match (&config.irc, &config.matrix, matrix_id) {
            (_, Some(_), Some(id)) => Recipient::Matrix(id),
            (Some(_), _, _) => irc(),
            _ => Recipient::Console(name.to_owned()),
        }
    }

    /// Where a private answer to the speaker goes: the member when identified as one, on
    /// the network they spoke on; else the handle they spoke with (an answer meant for an
    /// impostor never reaches the member whose nick they hold). A member who wrote by
    /// e-mail is answered by e-mail (`mail_reply` makes it a mail in its thread).
    pub(super) fn recipient(&self, msg: &Incoming) -> Recipient {
        let network = msg.speaker.network;
        let roster = !self.config().members.is_empty();
        match (&msg.speaker.member, network) {
            (Some(m), Network::Mail) => Recipient::Member(m.clone()),
            // With no roster, nobody's identity is vouched for: the nick that spoke.
            (Some(_), Network::Irc) if !roster => Recipient::Irc(IrcTo::Nick(msg.speaker.handle.clone())),
            (Some(m), _) => self.address_of(m, Some(network)),
            (None, Network::Irc) => Recipient::Irc(IrcTo::Nick(msg.speaker.handle.clone())),
            (None, Network::Matrix) => Recipient::Matrix(msg.speaker.handle.clone()),
            (None, Network::Console | Network::Mail) => Recipient::Console(msg.speaker.handle.clone()),
        }
    }

    /// Whether a network of this configuration can carry `effect`: its room is one of the
    /// configured channels, or a Matrix room (configured, or one the bot was invited to),
    /// and its recipient's network is configured.
    pub fn deliverable(&self, effect: &Effect) -> bool {
        let config = self.config();
        match (effect.network(), effect.room()) {
            (None, _) => true,
            (Some(Network::Irc), Some(room)) => config
                .irc
                .as_ref()
                .is_some_and(|irc| irc.channels.iter().any(|c| room.is_named(c))),
            (Some(Network::Irc), None) => config.irc.is_some(),
            (Some(Network::Matrix), _) => config.matrix.is_some(),
            (Some(Network::Mail), _) => config.mail.is_some(),
            (Some(Network::Console), _) => false,
        }
    }

    /// After a unit was rolled back: what the core keeps in memory about the database
    /// may describe writes that are gone.
    fn forget_all(&self) {
        self.forget_due();
        self.forget_projects();
        self.placed.store(false, std::sync::atomic::Ordering::Release);
    }

    /// The answer to each command of a batch whose turn could not be committed.
    fn storage_error_answers(&self, msgs: &[Incoming]) -> Vec<Effect> {
        msgs.iter()
            .filter(|m| crate::command::parse(&m.text).is_some())
            .map(|m| self.reply(m, t!(self.lang_of(&m.speaker), "storage-error")))
            .collect()
    }
}

/// The outcome of a committed turn: its effects were written to the outbox as entries
/// `ids`; those `taken` are the caller's to deliver.
fn committed(effects: Vec<Effect>, taken: &[bool], ids: &[i64], reschedule: bool) -> Outcome {
    let queued = taken.iter().filter(|t| !**t).count();
    let taken = ids
        .iter()
        .zip(taken)
        .enumerate()
        .filter(|(_, (_, t))| **t)
        .map(|(i, (id, _))| (i, Some(*id)))
        .collect();
    Outcome {
        effects,
        taken,
        queued,
        reschedule,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::effect::Room;

    async fn core_of(toml: &str) -> (tempfile::TempDir, Core) {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = Config::parse(toml, std::path::Path::new(".")).expect("valid");
        let store = crate::store::testing::open(&dir.path().join("k.db"))
            .await
            .expect("open");
        let core = Core::new(Arc::new(config), store, Room::new(Network::Irc, "#office"));
        (dir, core)
    }

    const BOTH: &str = r##"
[irc]
server = "irc.example.org"
channels = ["#office"]
[matrix]
homeserver = "https://matrix.example.org"
user = "@konbit:example.org"
rooms = ["#office:example.org", "!abc"]
[[members]]
name = "alice"
irc_account = "alice"
matrix_id = "@alice:example.org"
[[members]]
name = "bob"
irc_account = "bob-account"
"##;

    fn on_irc(name: &str, account: &str) -> Recipient {
        Recipient::Irc(IrcTo::Member {
            name: name.into(),
            account: Some(account.into()),
            nick: None,
        })
    }

    #[tokio::test]
    async fn a_member_is_answered_where_they_spoke_else_on_matrix_when_they_are_there() {
        let (_dir, core) = core_of(BOTH).await;
        assert_eq!(
            core.address_of("alice", None),
            Recipient::Matrix("@alice:example.org".into())
        );
        assert_eq!(core.address_of("alice", Some(Network::Irc)), on_irc("alice", "alice"));
        assert_eq!(core.address_of("bob", None), on_irc("bob", "bob-account"));
        // Bob has no Matrix id: a command of his said on Matrix cannot come from him.
        assert_eq!(
            core.address_of("bob", Some(Network::Matrix)),
            on_irc("bob", "bob-account")
        );
        let (_dir, matrix_only) =
            core_of("[matrix]\nhomeserver = \"https://m.example.org\"\nuser = \"@k:m\"\nrooms = [\"!a\"]\n").await;
        assert_eq!(
            matrix_only.address_of("@dave:m", None),
            Recipient::Matrix("@dave:m".into())
        );
    }

    #[tokio::test]
    async fn each_room_is_served_by_its_own_network() {
        let (_dir, core) = core_of(BOTH).await;
        let announce = |network, room: &str| Effect::Announce {
            room: Room::new(network, room),
            message: Message::new(),
        };
        assert!(core.deliverable(&announce(Network::Irc, "#OFFICE")));
        // A channel konbit is not in cannot be posted to; a Matrix room it was invited to can.
        assert!(!core.deliverable(&announce(Network::Irc, "#elsewhere")));
        assert!(core.deliverable(&announce(Network::Matrix, "!other:example.org")));
        assert!(!core.deliverable(&announce(Network::Console, "#office")));
    }

    #[tokio::test]
    async fn a_turn_commits_its_answers_and_gives_the_caller_its_own_network_s() {
        let (_dir, core) = core_of(BOTH).await;
        let said = Incoming {
            room: Some(Room::new(Network::Irc, "#office")),
            speaker: crate::app::Speaker {
                network: Network::Irc,
                handle: "alice_".into(),
                member: Some("alice".into()),
            },
            text: "!propose buy a kettle".into(),
            at: Utc::now(),
            event: None,
        };
        let outcome = core
            .handle_batch(std::slice::from_ref(&said), Taker::Network(Network::Irc))
            .await;
        assert!(!outcome.effects.is_empty());
        let taken = outcome.into_taken();
        assert!(
            taken
                .iter()
                .all(|(id, e)| id.is_some() && e.network() == Some(Network::Irc))
        );
        // What the caller took is not offered to anyone else; the rest waits for Matrix.
        let waiting = core.pending(Network::Irc).await.expect("pending");
        assert!(waiting.is_empty(), "{waiting:?}");
        let for_matrix = core.pending(Network::Matrix).await.expect("pending");
        assert!(
            for_matrix
                .iter()
                .all(|(id, _)| !taken.iter().any(|(t, _)| *t == Some(*id)))
        );
    }

    #[tokio::test]
    async fn a_network_event_handed_over_twice_is_handled_once() {
        let (_dir, core) = core_of(BOTH).await;
        let said = Incoming {
            room: Some(Room::new(Network::Matrix, "#office:example.org")),
            speaker: crate::app::Speaker {
                network: Network::Matrix,
                handle: "@alice:example.org".into(),
                member: Some("alice".into()),
            },
            text: "!propose buy a kettle".into(),
            at: Utc::now(),
            event: Some("$event1".into()),
        };
        let first = core.handle_many(&[said.clone(), said.clone()]).await;
        assert!(!first.effects.is_empty());
        let again = core.handle_many(std::slice::from_ref(&said)).await;
        assert!(again.effects.is_empty(), "{:?}", again.effects);
        let open = core
            .store()
            .proposals_in(&[crate::domain::proposal::State::Open])
            .await
            .expect("read");
        assert_eq!(open.len(), 1);
    }
}
