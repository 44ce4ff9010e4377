//! The fair queue both chat networks send from (IRC's [`super::irc`] queue and Matrix's
//! sending task): what konbit has to say, one queue per *flow* — the person an answer is
//! for, the member a private message is for, the room of an announcement — served by
//! start-time fair queueing.
//!
//! - Each message gets a virtual start time: the later of "now" (the start time of the
//!   message being sent) and the end of its flow's previous message, less a small credit
//!   ([`FLOW_CREDIT`]) so that messages decided together (an announcement and its private
//!   notices) keep their order. Messages go out in that order, ties by arrival.
//! - While nobody floods, that is first come, first served. Someone who floods the bot
//!   pushes back only their own messages: anyone else's waits for at most a couple of
//!   messages of each other flow, not for the flood.
//! - A flow's messages keep their order; nothing is dropped (what is queued comes out,
//!   once). A message begun (IRC sends one line at a time) or put back at the head of its
//!   flow (its connection died, its send failed) goes before anything else.
//!
//! Memory: a flow is forgotten, finish time and all, once nothing of it waits; the queue
//! holds what waits and nothing more. A flow that comes back starts again at "now", like
//! anyone: being ahead only matters against someone waiting.

use std::collections::{HashMap, VecDeque};

/// How many messages a flow may have ahead of the others before it counts as flooding.
pub(crate) const FLOW_CREDIT: u64 = 2;

/// One message waiting, with its place in the order.
#[derive(Debug)]
struct Waiting<T> {
    item: T,
    /// Virtual start time.
    tag: u64,
    /// Arrival order.
    seq: u64,
    /// Being sent, or put back: it goes before anything that has not begun.
    begun: bool,
}

/// Start-time fair queueing over flows named by strings.
#[derive(Debug)]
pub(crate) struct FairQueue<T> {
    flows: HashMap<String, VecDeque<Waiting<T>>>,
    /// The virtual finish time of each flow's last queued message.
    finish: HashMap<String, u64>,
    /// The virtual start time of the message being sent, and arrivals so far.
    vtime: u64,
    arrivals: u64,
}

impl<T> Default for FairQueue<T> {
    fn default() -> Self {
        FairQueue {
            flows: HashMap::new(),
            finish: HashMap::new(),
            vtime: 0,
            arrivals: 0,
        }
    }
}

// IRC sends a message line by line (`flows_in_turn`, `head`, `begin`, `pop_head`),
// Matrix whole (`pop`): a build with one of them uses one half.
#[cfg_attr(not(all(feature = "irc", feature = "matrix")), allow(dead_code))]
impl<T> FairQueue<T> {
    /// Messages waiting.
    pub(crate) fn len(&self) -> usize {
        self.flows.values().map(VecDeque::len).sum()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// What waits in `flow`, in order.
    pub(crate) fn waiting(&self, flow: &str) -> impl Iterator<Item = &T> {
        self.flows.get(flow).into_iter().flatten().map(|w| &w.item)
    }

    /// Queues a message at the end of its flow.
    pub(crate) fn push(&mut self, flow: String, item: T) {
        let finish = self.finish.entry(flow.clone()).or_default();
        let tag = self.vtime.max(finish.saturating_sub(FLOW_CREDIT));
        *finish = (*finish).max(tag) + 1;
        self.arrivals += 1;
        self.flows.entry(flow).or_default().push_back(Waiting {
            item,
            tag,
            seq: self.arrivals,
            begun: false,
        });
    }

    /// Puts a message back at the head of its flow (it could not be sent): it goes first.
    pub(crate) fn push_front(&mut self, flow: String, item: T) {
        self.flows.entry(flow).or_default().push_front(Waiting {
            item,
            tag: 0,
            seq: 0,
            begun: true,
        });
    }

    /// The flows with something waiting, the one whose head goes first first: a message
    /// begun, then by virtual start time, then by arrival.
    pub(crate) fn flows_in_turn(&self) -> Vec<String> {
        let mut heads: Vec<(bool, u64, u64, &String)> = self
            .flows
            .iter()
            .filter_map(|(f, q)| q.front().map(|w| (!w.begun, w.tag, w.seq, f)))
            .collect();
        heads.sort_unstable();
        heads.into_iter().map(|(_, _, _, f)| f.clone()).collect()
    }

    /// The flow whose head goes next.
    fn next_flow(&self) -> Option<String> {
        self.flows
            .iter()
            .filter_map(|(f, q)| q.front().map(|w| (!w.begun, w.tag, w.seq, f)))
            .min()
            .map(|(_, _, _, f)| f.clone())
    }

    /// The head of a flow.
    pub(crate) fn head(&mut self, flow: &str) -> Option<&mut T> {
        self.flows.get_mut(flow)?.front_mut().map(|w| &mut w.item)
    }

    /// The head of a flow is being sent: virtual time moves to its start, and it goes on
    /// before anything else until it is popped.
    pub(crate) fn begin(&mut self, flow: &str) {
        if let Some(head) = self.flows.get_mut(flow).and_then(VecDeque::front_mut) {
            head.begun = true;
            self.vtime = self.vtime.max(head.tag);
        }
    }

    /// Removes the head of a flow (sent whole, or set aside).
    pub(crate) fn pop_head(&mut self, flow: &str) -> Option<T> {
        let queue = self.flows.get_mut(flow)?;
        let waiting = queue.pop_front();
        if queue.is_empty() {
            // Nothing of it waits: it is forgotten (memory grows with what waits, not with
            // everyone ever answered).
            self.flows.remove(flow);
            self.finish.remove(flow);
        }
        waiting.map(|w| w.item)
    }

    /// The message whose turn it is, out of the queue, with its flow.
    pub(crate) fn pop(&mut self) -> Option<(String, T)> {
        let flow = self.next_flow()?;
        self.begin(&flow);
        let item = self.pop_head(&flow)?;
        Some((flow, item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn drain(q: &mut FairQueue<String>) -> Vec<String> {
        std::iter::from_fn(|| q.pop()).map(|(_, m)| m).collect()
    }

    #[test]
    fn first_come_first_served_until_someone_floods() {
        let mut q = FairQueue::default();
        q.push("room:#office".into(), "announce".to_owned());
        q.push("member:alice".into(), "private".to_owned());
        for i in 0..100 {
            q.push("nick:mallory".into(), format!("answer {i}"));
        }
        assert_eq!(q.len(), 102);
        let first: Vec<String> = (0..4).filter_map(|_| q.pop()).map(|(_, m)| m).collect();
        assert_eq!(first, ["announce", "private", "answer 0", "answer 1"]);
        // Someone who speaks now is answered after at most a couple more of the flood.
        q.push("nick:alice".into(), "Recorded 2h".to_owned());
        let next: Vec<String> = (0..3).filter_map(|_| q.pop()).map(|(_, m)| m).collect();
        assert!(next.contains(&"Recorded 2h".to_owned()), "{next:?}");
        assert_eq!(q.len(), 96);
    }

    #[test]
    fn a_message_begun_or_put_back_goes_first_and_its_flows_order_holds() {
        let mut q = FairQueue::default();
        q.push("bob".into(), "one".to_owned());
        q.push("bob".into(), "two".to_owned());
        q.push("carole".into(), "three".to_owned());
        let (flow, first) = q.pop().expect("one");
        assert_eq!(first, "one");
        q.push_front(flow, first);
        assert_eq!(drain(&mut q), ["one", "two", "three"]);

        q.push("carole".into(), "four".to_owned());
        q.push("bob".into(), "five".to_owned());
        // bob's message is begun (its first line went): it goes on before carole's.
        q.begin("bob");
        assert_eq!(q.flows_in_turn(), ["bob", "carole"]);
    }

    #[test]
    fn everyone_ever_answered_is_forgotten_once_nothing_of_theirs_waits() {
        let mut q = FairQueue::default();
        for i in 0..1000 {
            for _ in 0..3 {
                q.push(format!("nick:{i}"), i);
            }
            for _ in 0..3 {
                assert_eq!(q.pop().map(|(_, i)| i), Some(i));
            }
        }
        assert!(q.is_empty());
        assert!(q.finish.is_empty(), "{} finish times kept", q.finish.len());
    }

    proptest! {
        /// Whatever arrives, between any flows, interleaved with sending — one flow
        /// flooding with every other message: everything comes out once, each flow in
        /// its own order, and a message for someone with nothing waiting (the member who
        /// just spoke) waits for at most FLOW_CREDIT + 1 messages of each other flow,
        /// however long the flood.
        #[test]
        fn nothing_dropped_order_kept_per_flow_and_nobody_waits_for_a_flood(
            steps in prop::collection::vec((1u8..6, any::<bool>(), any::<bool>()), 1..400)
        ) {
            let mut q = FairQueue::default();
            let mut pushed: HashMap<String, Vec<u32>> = HashMap::new();
            let mut popped: HashMap<String, Vec<u32>> = HashMap::new();
            // Messages for someone not behind, and how many went out before each.
            let mut newcomers: HashMap<u32, usize> = HashMap::new();
            let flows = 6;
            for (n, (flow, send, second)) in steps.into_iter().enumerate() {
                let n = u32::try_from(n).expect("small");
                // Flow 0 floods: it gets every other message.
                let flow = if n % 2 == 0 { "0".to_owned() } else { flow.to_string() };
                if q.waiting(&flow).next().is_none() {
                    newcomers.insert(n, 0);
                }
                q.push(flow.clone(), n);
                pushed.entry(flow).or_default().push(n);
                for _ in 0..(usize::from(send) + usize::from(send && second)) {
                    let Some((f, m)) = q.pop() else { break };
                    popped.entry(f).or_default().push(m);
                    for (waiting, before) in newcomers.iter_mut() {
                        if *waiting != m {
                            *before += 1;
                        }
                    }
                    if let Some(before) = newcomers.remove(&m) {
                        let most = usize::try_from(FLOW_CREDIT + 1).expect("small") * (flows - 1);
                        prop_assert!(before <= most, "message {m} waited for {before} others");
                    }
                }
            }
            prop_assert!(q.finish.len() <= q.flows.len());
            while let Some((f, m)) = q.pop() {
                popped.entry(f).or_default().push(m);
            }
            prop_assert_eq!(pushed, popped);
            prop_assert!(q.finish.is_empty());
        }
    }
}
