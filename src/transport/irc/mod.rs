//! The IRC transport (`konbit run`): one connection to one network, several channels,
//! private messages both ways, presence from JOIN/PART/QUIT/NAMES.
//!
//! Identity comes from services accounts ([`protocol`]): konbit asks for the IRCv3
//! `account-tag`, `extended-join`, `account-notify` and `server-time` capabilities, logs
//! into its own account with SASL PLAIN (never going on as a guest: a refused password
//! stops `konbit run`, SASL not offered is retried with backoff), and maps a speaker to a
//! member by the account the server vouches for. Identity governs delivery too: a
//! member's private message goes only to a nick logged into their account; while they
//! are not online it waits in the durable outbox and is delivered when their account is
//! seen again (JOIN, account-notify, WHOX, a tagged message).
//!
//! Reliability ([`queue`], [`deliver`]): replies wait in a fair queue (per person, so one person's
//! flood does not delay the others) that survives reconnections; protocol lines go out
//! ahead of them; announcements come from the durable outbox. The connection is
//! re-established with exponential backoff and jitter. Lines are split on UTF-8
//! boundaries under the 512-byte limit ([`wire`]).

mod connect;
mod deliver;
mod protocol;
mod queue;
mod replay;
mod wire;

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration as StdDuration;

use irc::proto::Message;
use tokio::sync::mpsc;
use tokio::time::Instant;

pub use connect::{NotTls, tls_handshake};
pub use replay::{Replayed, replay};
pub use wire::split_line;

use self::connect::{connect, tls_connector};
use self::deliver::queued;
use self::protocol::{People, handle_line, send};
use self::queue::{Item, Outgoing};
use super::{Backoff, Hub, Network, Room, sleep_until};
use crate::app::{Core, Effect};
use crate::config::IrcSettings;
use crate::i18n::Lang;
use crate::t;

/// The capabilities konbit asks for when the server offers them.
const WANTED_CAPS: [&str; 5] = [
    "account-tag",
    "extended-join",
    "account-notify",
    "server-time",
    "message-tags",
];

/// A channel's room in the core: the channel name, as the collective writes it.
fn room_key(channel: &str) -> Room {
    Room::new(Network::Irc, channel)
}

/// How long connecting (DNS, TCP, TLS) may take.
const CONNECT_TIMEOUT: StdDuration = StdDuration::from_secs(20);
/// Silence after which a keep-alive PING is sent, and how long its answer may take.
const IDLE_PING: StdDuration = StdDuration::from_secs(90);
const PING_TIMEOUT: StdDuration = StdDuration::from_secs(60);
/// Lines read and not yet taken by the main loop, at most: beyond, the reader stops
/// reading and the server's lines wait in the socket (back-pressure, not memory). Enough
/// for a burst of commands to be taken as one batch (512 at a time).
const EVENTS_WAITING: usize = 4096;
/// Replies handed to the writer and not yet confirmed written, at most.
const MAX_IN_FLIGHT: usize = 64;
/// Lines the writer's channel holds: the replies in flight and the protocol lines one
/// batch of the server's lines usually calls for (PONGs, WHOs). Beyond, the main loop
/// waits for the writer, which waits only for the socket (never for the main loop: it
/// says what it wrote without waiting, see `connect.rs`), so the wait cannot close a
/// circle; the server's lines meanwhile wait in the reader's channel, then the socket.
const WRITER_WAITING: usize = 2 * MAX_IN_FLIGHT + 128;
/// How long the writer may take no line at all before the connection counts as dead (a
/// server that stopped reading what konbit sends).
const WRITER_STUCK: StdDuration = PING_TIMEOUT;
/// How long, and how many, members' private messages are remembered after they were
/// written, in case the server answers that their nick is gone (`401`, which comes back
/// within a round trip): then the message waits for the member again. Bounded, so that
/// memory does not grow with the rate of private answers.
const REMEMBER_SENT: StdDuration = StdDuration::from_secs(10);
const REMEMBER_AT_MOST: usize = 512;

/// What the reader and writer tasks tell the main loop.
enum Event {
    Line(u64, Box<Message>),
    Closed(u64, String),
    /// The writer wrote every line up to this sequence number.
    Written(u64, u64),
}

/// How a connection's protocol ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Protocol {
    /// Not usable as it is (SASL not offered, aborted): reconnect with backoff.
    Retry(String),
    /// The services refused the bot's password: no point trying again.
    Refused,
}

/// A live connection: where to send lines, and what the main loop knows of it.
struct Link {
    generation: u64,
    tx: mpsc::Sender<(Option<u64>, String)>,
    /// Lines for the writer while its channel is full, in order; handed over (waiting for
    /// room) after each event: at most what one batch of the server's lines called for.
    backlog: VecDeque<(Option<u64>, String)>,
    /// The nick the server knows us by.
    nick: String,
    caps: Vec<String>,
    registered: bool,
    /// SASL login succeeded, and the account the server says we are logged into.
    identified: bool,
    account: Option<String>,
    joined: Vec<String>,
    people: People,
    /// Capabilities offered so far (`CAP LS` may come in several lines).
    offered: Vec<String>,
    /// When the server last sent anything, and whether a keep-alive PING is out.
    last_heard: Instant,
    ping_sent: Option<Instant>,
    /// Protocol lines sent since last counted (they use up the pacing's tokens).
    protocol_lines: u32,
    /// Nicks the server said do not exist (`401`), since last looked at.
    no_such_nick: Vec<String>,
    /// Registered under another nick, ours held by a lingering connection (a konbit that
    /// was frozen, active/standby): NickServ was asked to end it, ours is taken back.
    regaining: bool,
    end: Option<Protocol>,
    /// The reader and writer tasks, stopped with the link.
    tasks: Vec<tokio::task::JoinHandle<()>>,
    /// The last line the writer wrote, as it says at once (the `Written` event that
    /// also says it waits behind every line read before it: under a flood, thousands).
    written: Arc<AtomicU64>,
    /// The last one the main loop has taken into account.
    acked: u64,
}

impl Link {
    /// The last line written, if the main loop has not taken it into account yet.
    fn take_written(&mut self) -> Option<u64> {
        let seq = self.written.load(Ordering::Acquire);
        (seq > self.acked).then(|| {
            self.acked = seq;
            seq
        })
    }

    /// Hands a line to the writer (`seq`: a reply's, to be confirmed), after those
    /// waiting for room in its channel.
    fn write(&mut self, seq: Option<u64>, line: String) {
        // Checked where it matters (the fuzzer's replay runs with debug assertions): a
        // line break would let what follows it reach the server as a line of its own.
        debug_assert!(!line.contains(['\r', '\n', '\0']), "{line:?}");
        if !self.backlog.is_empty() {
            self.backlog.push_back((seq, line));
            return;
        }
        match self.tx.try_send((seq, line)) {
            Err(mpsc::error::TrySendError::Full(line)) => self.backlog.push_back(line),
            // Closed: the writer stopped; its connection's end is on its way to the main
            // loop, and replies in flight are put back then.
            Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }

    /// Waits until the writer took every line handed to it; `false` when it took none
    /// for [`WRITER_STUCK`] (the socket is not drained: the connection is dead).
    async fn drain(&mut self) -> bool {
        while let Some(line) = self.backlog.pop_front() {
            match tokio::time::timeout(WRITER_STUCK, self.tx.send(line)).await {
                Ok(Ok(())) => {}
                // The writer stopped: its connection's end is on its way.
                Ok(Err(_)) => self.backlog.clear(),
                Err(_) => return false,
            }
        }
        true
    }

    /// A connection just opened: not registered yet, nothing known of anyone.
    fn new(
        generation: u64,
        tx: mpsc::Sender<(Option<u64>, String)>,
        nick: &str,
        tasks: Vec<tokio::task::JoinHandle<()>>,
    ) -> Link {
        Link {
            generation,
            tx,
            backlog: VecDeque::new(),
            nick: nick.to_owned(),
            caps: Vec::new(),
            registered: false,
            identified: false,
            account: None,
            joined: Vec::new(),
            people: People::default(),
            offered: Vec::new(),
            last_heard: Instant::now(),
            ping_sent: None,
            protocol_lines: 0,
            no_such_nick: Vec::new(),
            regaining: false,
            end: None,
            tasks,
            written: Arc::default(),
            acked: 0,
        }
    }

    fn ready(&self) -> bool {
        self.registered && !self.joined.is_empty()
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// The transport's state, kept across connections.
struct Irc {
    hub: Arc<Hub>,
    core: Arc<Core>,
    settings: IrcSettings,
    password: Option<String>,
    lang: Lang,
    link: Option<Link>,
    out: Outgoing,
    /// Private messages written lately: (when, to which nick, the message).
    recent: VecDeque<(Instant, String, Item)>,
    /// Members with private messages waiting in the outbox until they are online.
    waiting: HashSet<String>,
    backoff: Backoff,
    reconnect_at: Option<Instant>,
    /// The outbox must be looked at again (a member came online, we joined).
    flush_needed: bool,
    /// When the entries delivered go out of the outbox unless a commit took them first.
    flush_at: Option<Instant>,
    was_connected: bool,
}

/// Runs the IRC transport until the process is stopped.
pub async fn run(hub: Arc<Hub>, settings: IrcSettings) -> anyhow::Result<()> {
    let core = hub.core.clone();
    let mut outbox_changes = hub.outbox_changes();
    let mut shutdown = hub.shutdown();
    // Startup failures are for whoever runs konbit: in their language.
    let lang = Lang::from_env().unwrap_or(core.config().collective.lang);
    let tls = if settings.tls {
        Some(tls_connector(&settings, lang)?)
    } else {
        None
    };
    let password = match &settings.sasl {
        Some((_, secret)) => Some(secret.read().map_err(|e| {
            anyhow::Error::msg(
                t!(lang, "irc-password-unreadable", "where" => format!("{secret:?}"), "detail" => e.to_string()),
            )
        })?),
        None => None,
    };
    if settings.allow_nick_only {
        tracing::warn!(
            "irc.allow_nick_only is on: members without a services account are identified by nick alone, which anyone can take"
        );
    }
    let (events_tx, mut events) = mpsc::channel::<Event>(EVENTS_WAITING);
    let mut irc = Irc::new(hub, settings, password, lang);
    irc.reconnect_at = Some(Instant::now());
    let mut generation = 0u64;
    loop {
        let send_at = irc.link.as_ref().filter(|l| l.registered).and(irc.out.wake_at());
        tokio::select! {
            Some(event) = events.recv() => {
                if let Some(other) = irc.take(event, &mut events).await {
                    irc.event(other).await;
                }
            }
            Ok(()) = outbox_changes.changed() => irc.flush_needed = true,
            Ok(()) = shutdown.changed() => {
                irc.quit().await;
                return Ok(());
            }
            () = keepalive_at(irc.link.as_ref()) => irc.keepalive().await,
            () = sleep_until(send_at) => {}
            () = sleep_until(irc.flush_at) => irc.flush_delivered().await,
            () = sleep_until(irc.reconnect_at) => {
                generation += 1;
                let attempt = tokio::time::timeout(
                    CONNECT_TIMEOUT,
                    connect(&irc.settings, tls.as_ref(), generation, events_tx.clone()),
                );
                match attempt.await.unwrap_or_else(|_| Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer"))) {
                    Ok(l) => {
                        tracing::debug!(server = %irc.settings.server, port = irc.settings.port, "connected to the IRC server, registering");
                        // The backoff starts again only once registered: a server that
                        // accepts and drops is not hammered.
                        irc.link = Some(l);
                        irc.reconnect_at = None;
                    }
                    Err(e) => {
                        let wait = irc.backoff.next();
                        tracing::warn!(server = %irc.settings.address(), error = %e, retry_in = ?wait, "cannot connect to IRC");
                        irc.reconnect_at = Some(Instant::now() + wait);
                    }
                }
            }
        }
        irc.after_event().await?;
    }
}

impl Irc {
    /// The transport's state before any connection.
    fn new(hub: Arc<Hub>, settings: IrcSettings, password: Option<String>, lang: Lang) -> Irc {
        Irc {
            out: Outgoing::new(settings.burst, settings.lines_per_second),
            core: hub.core.clone(),
            hub,
            settings,
            password,
            lang,
            link: None,
            recent: VecDeque::new(),
            waiting: HashSet::new(),
            backoff: Backoff::new(),
            reconnect_at: None,
            flush_needed: false,
            flush_at: None,
            was_connected: false,
        }
    }

    fn live(&self, generation: u64) -> bool {
        self.link.as_ref().is_some_and(|l| l.generation == generation)
    }

    /// An event from the reader or writer: a line of the live connection is taken with
    /// every line already waiting behind it — commands that arrived together are handled
    /// together (one commit for a run of punches). Returns the event to handle next: one
    /// that is not a line, or that came behind the lines.
    async fn take(&mut self, event: Event, events: &mut mpsc::Receiver<Event>) -> Option<Event> {
        let Event::Line(g, msg) = event else {
            return Some(event);
        };
        if !self.live(g) {
            return None;
        }
        let mut lines = vec![*msg];
        let mut deferred = None;
        while lines.len() < 512 {
            match events.try_recv() {
                Ok(Event::Line(g2, m2)) if g2 == g => lines.push(*m2),
                Ok(other) => {
                    deferred = Some(other);
                    break;
                }
                Err(_) => break,
            }
        }
        self.lines(lines).await;
        deferred
    }

    /// The reader's lines: protocol handling, then the commands among them as one batch.
    async fn lines(&mut self, lines: Vec<Message>) {
        let Some(l) = self.link.as_mut() else { return };
        l.last_heard = Instant::now();
        l.ping_sent = None;
        if l.registered {
            self.backoff.reset();
        }
        let was_ready = l.ready();
        let channels = l.joined.len();
        let mut batch = Vec::new();
        for m in lines {
            if let Some(incoming) = handle_line(&self.core, &self.settings, self.password.as_deref(), l, m).await {
                batch.push(incoming);
            }
        }
        if l.joined.len() != channels {
            // Messages for a channel just joined may go now.
            self.out.stalled = false;
        }
        if !was_ready && l.ready() {
            self.flush_needed = true;
            self.announce_connected();
        }
        if !batch.is_empty() {
            let taken = self.hub.handle(&batch, Network::Irc).await;
            self.carry(taken);
        }
    }

    async fn event(&mut self, event: Event) {
        match event {
            Event::Closed(g, why) if self.live(g) => self.lost(&why),
            Event::Written(g, seq) if self.live(g) => self.written(seq).await,
            // A dead connection's lines were put back in the queue when it died.
            _ => {}
        }
    }

    /// The answers to commands said on IRC that are IRC's, into the queue; the core
    /// already committed them to the outbox (their entries, marked when written).
    fn carry(&mut self, taken: Vec<(Option<i64>, Effect)>) {
        for (id, effect) in taken {
            if let Some((flow, dest, text)) = queued(effect) {
                self.out.push(flow, Item::new(dest, text, id));
            }
        }
    }

    /// Work that follows any event: protocol outcomes, waiting members, the queue.
    async fn after_event(&mut self) -> anyhow::Result<()> {
        // Lines written since: their room in flight is free again, whatever is queued in
        // front of the writer's own `Written` event.
        if let Some(seq) = self.link.as_mut().and_then(Link::take_written) {
            self.written(seq).await;
        }
        let Some(l) = self.link.as_mut() else { return Ok(()) };
        for _ in 0..std::mem::take(&mut l.protocol_lines) {
            self.out.spend_protocol();
        }
        match l.end.take() {
            Some(Protocol::Refused) => {
                let account = self.settings.sasl.as_ref().map(|(a, _)| a.clone()).unwrap_or_default();
                let text =
                    t!(self.lang, "irc-sasl-refused", "account" => account, "server" => self.settings.server.clone());
                tracing::error!("{text}");
                return Err(anyhow::Error::msg(text));
            }
            Some(Protocol::Retry(why)) => {
                let wait = self.backoff.next();
                tracing::error!(server = %self.settings.address(), reason = %why, retry_in = ?wait, "IRC: cannot log into the bot's account; reconnecting");
                self.link = None;
                let requeued = self.out.requeue_in_flight();
                tracing::debug!(requeued, "lines put back in the queue");
                self.reconnect_at = Some(Instant::now() + wait);
                return Ok(());
            }
            None => {}
        }
        let gone = std::mem::take(&mut l.no_such_nick);
        let arrived = std::mem::take(&mut l.people.arrived);
        for nick in gone {
            self.nick_gone(&nick).await;
        }
        for account in arrived {
            if let Some(member) = self.member_of_account(&account)
                && self.waiting.remove(&member)
            {
                self.flush_needed = true;
            }
            self.out.stalled = false;
        }
        if self.flush_needed && self.link.as_ref().is_some_and(Link::ready) {
            self.flush_needed = false;
            self.flush_outbox().await;
        }
        self.pump().await;
        if let Some(l) = self.link.as_mut()
            && !l.drain().await
        {
            self.lost("the server has taken nothing konbit sent for a minute");
        }
        Ok(())
    }

    fn member_of_account(&self, account: &str) -> Option<String> {
        let config = self.core.config();
        if config.members.is_empty() {
            return Some(account.to_owned());
        }
        config
            .members
            .iter()
            .find(|m| {
                m.irc_account
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(account))
            })
            .map(|m| m.name.clone())
    }

    fn announce_connected(&mut self) {
        let Some(l) = self.link.as_ref() else { return };
        let collective = &self.core.config().collective.name;
        let account = l.account.as_deref().unwrap_or("-");
        let channels = l.joined.join(",");
        if self.was_connected {
            tracing::info!(collective = %collective, network = "IRC", server = %self.settings.server, nick = %l.nick, account, channels = %channels, "reconnected to IRC and identified");
        } else {
            tracing::info!(collective = %collective, network = "IRC", server = %self.settings.server, nick = %l.nick, account, channels = %channels, "connected to IRC and identified");
        }
        self.was_connected = true;
    }

    /// konbit is stopping: QUIT, and say what could not be sent.
    async fn quit(&mut self) {
        if let Some(l) = self.link.as_mut() {
            send(l, "QUIT :konbit is stopping".into());
            // Let the writer hand the QUIT to the socket.
            let _ = tokio::time::timeout(StdDuration::from_millis(300), async {
                l.drain().await;
                tokio::time::sleep(StdDuration::from_millis(300)).await;
            })
            .await;
            if let Some(seq) = l.take_written() {
                self.written(seq).await;
            }
        }
        self.flush_delivered().await;
        let unsent = self.out.len() + self.out.in_flight.len();
        if unsent > 0 {
            tracing::warn!(
                unsent,
                "stopping with replies not sent on IRC (announcements and private messages stay in the outbox for the next start)"
            );
        }
        self.link = None;
    }

    /// The live connection closed: what was handed to it unwritten goes out again later.
    fn lost(&mut self, why: &str) {
        self.link = None;
        let requeued = self.out.requeue_in_flight();
        let waiting = self.out.len();
        tracing::warn!(server = %self.settings.address(), reason = %why, waiting, requeued, "disconnected from IRC; what it had to say waits for the reconnection");
        self.reconnect_at = Some(Instant::now() + self.backoff.next());
    }

    async fn keepalive(&mut self) {
        let Some(l) = self.link.as_mut() else { return };
        if l.ping_sent.is_some() {
            self.lost("no answer to a keep-alive PING");
        } else {
            l.ping_sent = Some(Instant::now());
            send(l, "PING :konbit".into());
        }
    }
}

async fn keepalive_at(link: Option<&Link>) {
    match link {
        Some(l) => match l.ping_sent {
            Some(sent) => tokio::time::sleep_until(sent + PING_TIMEOUT).await,
            None => tokio::time::sleep_until(l.last_heard + IDLE_PING).await,
        },
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests;
