//! Delivery on IRC: where each effect goes (its flow and destination), the fair queue
//! turned into lines as the pacing allows, what the writer confirmed, and a member's
//! private message that must wait in the durable outbox until they are online.

use tokio::time::Instant;

use super::protocol::member_nick;
use super::queue::{Dest, InFlight, Item};
use super::wire::{privmsg, privmsg_pieces};
use super::{Irc, MAX_IN_FLIGHT, REMEMBER_AT_MOST, REMEMBER_SENT};
use crate::app::{Effect, IrcTo, Recipient};
use crate::transport::Network;

/// How long an entry delivered may wait for a commit to take it out of the outbox (see
/// `Store::outbox_delivered_soon`): a crash meanwhile sends it again after the restart.
const DELIVERED_WITHIN: std::time::Duration = std::time::Duration::from_millis(2);

/// Where a message waits and which flow it belongs to, for an effect addressed to IRC.
/// The text is IRC's form of the message: its plain lines, emphasis in bold. `None` for
/// anything addressed elsewhere, which IRC never carries (logged: it was misrouted).
pub(super) fn queued(effect: Effect) -> Option<(String, Dest, String)> {
    Some(match effect {
        Effect::Reply { room, to, message } => (
            format!("nick:{}", to.to_lowercase()),
            Dest::Room {
                room: room.name,
                prefix: format!("{to}: "),
            },
            irc_text(&message),
        ),
        Effect::Announce { room, message } => (
            format!("room:{}", room.name.to_lowercase()),
            Dest::Room {
                room: room.name,
                prefix: String::new(),
            },
            irc_text(&message),
        ),
        Effect::Private {
            to: Recipient::Irc(IrcTo::Member { name, account, nick }),
            message,
        } => (
            format!("member:{}", name.to_lowercase()),
            Dest::Member { name, account, nick },
            irc_text(&message),
        ),
        Effect::Private {
            to: Recipient::Irc(IrcTo::Nick(handle)),
            message,
        } => (
            format!("nick:{}", handle.to_lowercase()),
            Dest::Nick(handle),
            irc_text(&message),
        ),
        other => {
            tracing::error!(effect = ?other, "a message for another network reached the IRC transport; it is not sent on IRC");
            return None;
        }
    })
}

/// A message as IRC shows it: one line per line, emphasis between `^B` marks.
fn irc_text(message: &crate::message::Message) -> String {
    crate::message::plain::render_bold(message, "\x02")
}

/// What became of the head of a flow when it was offered its turn.
pub(super) enum Turn {
    Sent,
    /// Cannot go yet (its channel is not joined).
    NotReady,
    /// Taken out of the queue (waits durably for its member, or could not be sent).
    SetAside,
}

impl Irc {
    /// The writer wrote every line up to `seq`.
    pub(super) async fn written(&mut self, seq: u64) {
        let now = Instant::now();
        let mut done = Vec::new();
        for f in self.out.written(seq) {
            done.extend(f.piece.outbox);
            if let Some(whole) = f.whole
                && matches!(whole.dest, Dest::Member { .. })
            {
                self.recent.push_back((now, f.sent_to.to_lowercase(), whole));
            }
        }
        // Deleted with the next unit's commit, which under load follows within a command
        // (one round trip fewer each time), or at the latest [`DELIVERED_WITHIN`] later.
        if !done.is_empty() {
            if let Err(e) = self.core.store().outbox_delivered_soon(&done).await {
                tracing::error!(error = %e, entries = done.len(), "cannot mark outbox entries as delivered; they may be sent again after a restart");
            }
            self.flush_at.get_or_insert(now + DELIVERED_WITHIN);
        }
        while self.recent.len() > REMEMBER_AT_MOST
            || self
                .recent
                .front()
                .is_some_and(|(t, _, _)| now.duration_since(*t) > REMEMBER_SENT)
        {
            self.recent.pop_front();
        }
    }

    /// The entries delivered that no commit took along are taken out of the outbox now.
    pub(super) async fn flush_delivered(&mut self) {
        self.flush_at = None;
        if let Err(e) = self.core.store().outbox_flush_delivered().await {
            tracing::error!(error = %e, "cannot mark outbox entries as delivered; they may be sent again after a restart");
        }
    }

    /// The server says `nick` does not exist: what was sent to it did not arrive. A
    /// member's message waits for them again; an answer to someone gone is logged.
    pub(super) async fn nick_gone(&mut self, nick: &str) {
        let key = nick.to_lowercase();
        let (lost, kept): (Vec<_>, Vec<_>) = self.recent.drain(..).partition(|(_, n, _)| *n == key);
        self.recent = kept.into();
        if lost.is_empty() {
            tracing::warn!(
                nick,
                "a message to this nick was not delivered: it went away (not a member: nothing to wait for)"
            );
        }
        for (_, _, item) in lost {
            if let Dest::Member { name, .. } = &item.dest {
                tracing::warn!(member = %name, nick, "the member's nick went away before the message arrived; it waits for them");
                self.wait_durably(item).await;
            }
        }
    }

    /// A member's message for when they are online again on IRC, in the outbox: its
    /// entry put back (it keeps its address: IRC); one that had none (the database was
    /// failing when it was decided) written now, to the same IRC address.
    pub(super) async fn wait_durably(&mut self, item: Item) {
        let Dest::Member { name, account, nick } = item.dest else {
            return;
        };
        let member = name.clone();
        let store = self.core.store();
        let result = match item.outbox {
            Some(id) => store.outbox_release(id).await,
            None => store
                .outbox_push(&Effect::Private {
                    to: Recipient::Irc(IrcTo::Member { name, account, nick }),
                    // Already in IRC's form, which reads the same when rendered again.
                    message: crate::message::Message::from(item.text),
                })
                .await
                .map(|_| ()),
        };
        match result {
            Ok(()) => tracing::info!(member = %member, "not online on IRC; a private message waits for them"),
            Err(e) => {
                tracing::error!(error = %e, member = %member, "cannot keep a private message for later; it is lost")
            }
        }
        self.waiting.insert(member);
    }

    /// Takes the outbox entries that are IRC's and can go now into the queue; a member's
    /// private message waits in the outbox while they are not online.
    pub(super) async fn flush_outbox(&mut self) {
        let (link, waiting) = (self.link.as_ref(), &mut self.waiting);
        let ready = |effect: &Effect| match effect {
            Effect::Private {
                to: Recipient::Irc(IrcTo::Member { name, account, nick }),
                ..
            } if link.is_some_and(|l| member_nick(l, account.as_deref(), nick.as_deref()).is_none()) => {
                if waiting.insert(name.clone()) {
                    tracing::info!(member = %name, "not online on IRC; a private message waits for them");
                }
                false
            }
            _ => true,
        };
        let Some(taken) = self.hub.take_pending(Network::Irc, ready).await else {
            return;
        };
        for (id, effect) in taken {
            if let Some((flow, dest, text)) = queued(effect) {
                self.out.push(flow, Item::new(dest, text, Some(id)));
            }
        }
    }

    /// Sends queued lines as far as the pacing allows, one line per flow in turn.
    pub(super) async fn pump(&mut self) {
        if !self.link.as_ref().is_some_and(|l| l.registered) {
            return;
        }
        loop {
            let flows = self.out.flows_in_turn();
            if flows.is_empty() {
                return;
            }
            let mut progressed = false;
            for flow in flows {
                if self.out.in_flight.len() >= MAX_IN_FLIGHT || !self.out.take_token() {
                    return;
                }
                match self.turn(&flow).await {
                    Turn::Sent => {
                        progressed = true;
                        break;
                    }
                    // Its channel is not joined yet: the next flow may go.
                    Turn::NotReady => self.out.return_token(),
                    Turn::SetAside => {
                        self.out.return_token();
                        progressed = true;
                        break;
                    }
                }
            }
            if !progressed {
                // Nothing can go until something changes (a join, an account seen).
                self.out.stalled = true;
                return;
            }
        }
    }

    /// Offers a flow its turn: the next line of the message at its head.
    async fn turn(&mut self, flow: &str) -> Turn {
        let Some(l) = self.link.as_ref() else {
            return Turn::NotReady;
        };
        let Some(item) = self.out.head(flow) else {
            return Turn::SetAside;
        };
        let to = match &item.dest {
            Dest::Room { room, .. } => {
                if !l.joined.iter().any(|c| c.eq_ignore_ascii_case(room)) {
                    return Turn::NotReady;
                }
                room.clone()
            }
            Dest::Nick(n) => n.clone(),
            Dest::Member { account, nick, .. } => match member_nick(l, account.as_deref(), nick.as_deref()) {
                Some(n) => n,
                None => {
                    if let Some(item) = self.out.pop_head(flow) {
                        self.wait_durably(item).await;
                    }
                    return Turn::SetAside;
                }
            },
        };
        let nick = l.nick.clone();
        let starting = item.pieces.is_none();
        let pieces = item.pieces.get_or_insert_with(|| {
            let (prefix, len) = match &item.dest {
                Dest::Room { prefix, .. } => (prefix.as_str(), to.len()),
                // Whichever nick a member has when each line goes.
                _ => ("", to.len().max(32)),
            };
            privmsg_pieces(&nick, len, prefix, &item.text).into()
        });
        let Some(piece) = pieces.pop_front() else {
            // No text fits in a line to this target (no real server has such names).
            tracing::warn!(target = %to, "no room left in an IRC line for this target; the message is dropped");
            if let Some(item) = self.out.pop_head(flow)
                && let Some(id) = item.outbox
                && let Err(e) = self.core.store().outbox_done(id).await
            {
                tracing::error!(error = %e, "cannot mark an outbox entry");
            }
            return Turn::SetAside;
        };
        let last = pieces.is_empty();
        let line = privmsg(&to, &piece);
        if starting {
            self.out.started(flow);
        }
        let whole = if last { self.out.pop_head(flow) } else { None };
        let (dest, outbox) = match &whole {
            Some(w) => (w.dest.clone(), w.outbox),
            None => (
                self.out
                    .head(flow)
                    .map(|i| i.dest.clone())
                    .unwrap_or(Dest::Nick(to.clone())),
                None,
            ),
        };
        let seq = self.out.next_seq();
        self.out.in_flight.push_back(InFlight {
            seq,
            flow: flow.to_owned(),
            piece: Item::piece(dest, piece, outbox),
            whole,
            sent_to: to,
        });
        if let Some(l) = self.link.as_mut() {
            l.write(Some(seq), line);
        }
        Turn::Sent
    }
}
