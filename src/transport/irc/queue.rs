//! What konbit has to say on IRC, waiting for the socket: a fair queue that survives
//! reconnections.
//!
//! - Fairness: messages are queued per *flow* (the person a reply answers, the member a
//!   private message is for, the room of an announcement) in the fair queue Matrix sends
//!   from too ([`crate::transport::fair`]): someone who floods the bot pushes only their
//!   own messages back; a member's confirmation waits for a few messages of each other
//!   flow, not for the flood. Messages go out whole (a message's lines are never
//!   interleaved with another's). An answer identical to one still waiting for the same
//!   person is not queued twice (one copy says it all).
//! - Pacing: a token bucket (a burst, then a steady rate) keeps replies within the
//!   server's flood limits. Protocol lines (PONG, the keep-alive PING, CAP, AUTHENTICATE,
//!   JOIN, WHO) are written at once, ahead of every reply; they only use up tokens.
//! - Nothing lost: a line counts as said once the socket took it. Lines handed to a
//!   connection that died before writing them are put back at the head of their flow and
//!   sent after reconnecting, once.

use std::collections::VecDeque;
use std::time::Duration as StdDuration;

use tokio::time::Instant;

use crate::transport::fair::FairQueue;

/// Where a queued message goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Dest {
    /// A channel; a reply's first line starts with `prefix` (`nick: `).
    Room { room: String, prefix: String },
    /// A nick, as it spoke: someone not identified as a member.
    Nick(String),
    /// A member (the core's address): whichever nick is logged into their account when
    /// it is sent, or their nick when the roster lets them be known by nick alone.
    Member {
        name: String,
        account: Option<String>,
        nick: Option<String>,
    },
}

/// One message waiting, whole or in part.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub dest: Dest,
    /// The whole text, kept so that a member's message can wait durably for them.
    pub text: String,
    /// The pieces not yet written, once split for the line limit.
    pub pieces: Option<VecDeque<String>>,
    /// The durable outbox entry this message delivers.
    pub outbox: Option<i64>,
}

impl Item {
    pub(super) fn new(dest: Dest, text: String, outbox: Option<i64>) -> Item {
        Item {
            dest,
            text,
            pieces: None,
            outbox,
        }
    }

    /// One line's text of a message, already split for the line limit.
    pub(super) fn piece(dest: Dest, piece: String, outbox: Option<i64>) -> Item {
        Item {
            dest,
            text: piece.clone(),
            pieces: Some(VecDeque::from([piece])),
            outbox,
        }
    }
}

/// A line handed to the writer and not yet confirmed written.
#[derive(Debug)]
pub(super) struct InFlight {
    pub seq: u64,
    pub flow: String,
    /// The piece, as an item to put back if the connection dies before writing it.
    pub piece: Item,
    /// Set on a message's last line: the whole message, to remember where it went.
    pub whole: Option<Item>,
    /// The channel or nick it was sent to.
    pub sent_to: String,
}

/// The queue, the pacing and the lines in flight; kept across connections.
pub(super) struct Outgoing {
    queue: FairQueue<Item>,
    pub in_flight: VecDeque<InFlight>,
    next_seq: u64,
    tokens: f64,
    refilled: Instant,
    burst: f64,
    rate: f64,
    /// Nothing queued can be sent until something changes (a join, an account seen).
    pub stalled: bool,
}

impl Outgoing {
    pub(super) fn new(burst: u32, lines_per_second: f64) -> Outgoing {
        let burst = f64::from(burst.max(1));
        Outgoing {
            queue: FairQueue::default(),
            in_flight: VecDeque::new(),
            next_seq: 0,
            tokens: burst,
            refilled: Instant::now(),
            burst,
            rate: lines_per_second.max(0.01),
            stalled: false,
        }
    }

    /// Messages waiting (in flight not counted).
    pub(super) fn len(&self) -> usize {
        self.queue.len()
    }

    /// Queues a message at the end of its flow; an answer identical to one still waiting
    /// whole in that flow is not queued again.
    pub(super) fn push(&mut self, flow: String, item: Item) {
        let repeated = item.outbox.is_none()
            && self
                .queue
                .waiting(&flow)
                .any(|q| q.outbox.is_none() && q.pieces.is_none() && q.dest == item.dest && q.text == item.text);
        if !repeated {
            self.queue.push(flow, item);
            self.stalled = false;
        }
    }

    /// Puts a message back at the head of its flow (its connection died): it goes first.
    pub(super) fn push_front(&mut self, flow: String, item: Item) {
        self.queue.push_front(flow, item);
        self.stalled = false;
    }

    /// Every line handed to a connection that died unwritten goes back to its flow's head.
    pub(super) fn requeue_in_flight(&mut self) -> usize {
        let lost: Vec<InFlight> = self.in_flight.drain(..).collect();
        let n = lost.len();
        for f in lost.into_iter().rev() {
            self.push_front(f.flow, f.piece);
        }
        n
    }

    /// The lines written up to `seq`, in order.
    pub(super) fn written(&mut self, seq: u64) -> Vec<InFlight> {
        let mut done = Vec::new();
        while self.in_flight.front().is_some_and(|f| f.seq <= seq) {
            done.extend(self.in_flight.pop_front());
        }
        done
    }

    fn refill(&mut self, now: Instant) {
        let earned = now.duration_since(self.refilled).as_secs_f64() * self.rate;
        self.tokens = (self.tokens + earned).min(self.burst);
        self.refilled = now;
    }

    /// A protocol line goes out now: it uses a token without waiting for one.
    pub(super) fn spend_protocol(&mut self) {
        self.refill(Instant::now());
        self.tokens = (self.tokens - 1.0).max(-self.burst);
    }

    /// When the next queued line may be sent; `None` when there is nothing to send.
    pub(super) fn wake_at(&self) -> Option<Instant> {
        // Lines in flight are confirmed by the writer, which wakes the loop.
        if self.queue.is_empty() || self.stalled || self.in_flight.len() >= super::MAX_IN_FLIGHT {
            return None;
        }
        let now = Instant::now();
        let tokens = (self.tokens + now.duration_since(self.refilled).as_secs_f64() * self.rate).min(self.burst);
        if tokens >= 1.0 {
            Some(now)
        } else {
            Some(now + StdDuration::from_secs_f64((1.0 - tokens) / self.rate))
        }
    }

    /// Whether a line may be sent now (takes its token if so).
    pub(super) fn take_token(&mut self) -> bool {
        self.refill(Instant::now());
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Gives back a token taken for a line that was not sent after all.
    pub(super) fn return_token(&mut self) {
        self.tokens = (self.tokens + 1.0).min(self.burst);
    }

    /// The flows with something waiting, the one whose head goes first first: a message
    /// already begun, then in the fair queue's order.
    pub(super) fn flows_in_turn(&self) -> Vec<String> {
        self.queue.flows_in_turn()
    }

    /// The head of a flow.
    pub(super) fn head(&mut self, flow: &str) -> Option<&mut Item> {
        self.queue.head(flow)
    }

    /// The head of a flow is being sent: it goes on before anything else.
    pub(super) fn started(&mut self, flow: &str) {
        self.queue.begin(flow);
    }

    /// Removes the head of a flow (sent whole, or set aside to wait durably).
    pub(super) fn pop_head(&mut self, flow: &str) -> Option<Item> {
        self.queue.pop_head(flow)
    }

    pub(super) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(to: &str, text: &str) -> Item {
        Item::new(
            Dest::Room {
                room: "#office".into(),
                prefix: format!("{to}: "),
            },
            text.into(),
            None,
        )
    }

    #[test]
    fn an_identical_answer_still_waiting_is_not_queued_twice() {
        let mut q = Outgoing::new(5, 1.0);
        for i in 0..100 {
            q.push("nick:mallory".into(), reply("mallory", &format!("answer {i}")));
        }
        q.push("nick:mallory".into(), reply("mallory", "answer 99"));
        assert_eq!(q.len(), 100);
        // Once it is being sent, the same answer said again is queued again.
        q.push("nick:alice".into(), reply("alice", "Recorded 2h"));
        q.head("nick:alice").expect("queued").pieces = Some(VecDeque::from(["Recorded 2h".to_owned()]));
        q.started("nick:alice");
        q.push("nick:alice".into(), reply("alice", "Recorded 2h"));
        assert_eq!(q.len(), 102);
        assert_eq!(q.flows_in_turn()[0], "nick:alice", "a message begun goes on first");
    }

    #[test]
    fn lines_of_a_dead_connection_come_back_first_in_order() {
        let mut q = Outgoing::new(5, 1.0);
        q.push("nick:bob".into(), reply("bob", "later"));
        for (seq, text) in [(1, "one"), (2, "two")] {
            q.in_flight.push_back(InFlight {
                seq,
                flow: "nick:alice".into(),
                piece: reply("alice", text),
                whole: None,
                sent_to: "#office".into(),
            });
        }
        assert_eq!(q.requeue_in_flight(), 2);
        assert_eq!(q.flows_in_turn()[0], "nick:alice");
        assert_eq!(q.pop_head("nick:alice").map(|i| i.text), Some("one".into()));
        assert_eq!(q.pop_head("nick:alice").map(|i| i.text), Some("two".into()));
    }
}
