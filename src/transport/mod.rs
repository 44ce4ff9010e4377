//! Transports carry messages between people and the core: they turn what arrives into
//! [`crate::app::Incoming`] and perform the core's [`crate::app::Effect`]s.
//!
//! `konbit run` serves every configured network from one process ([`run`]): one core,
//! one store, one scheduler. Everything the core decides to say is committed to the
//! durable outbox with the change it announces; each network delivers the entries
//! addressed to it (rooms and recipients carry their network, decided by the core), so
//! an announcement for a Matrix room never waits for IRC and the other way round. A
//! transport delivers the answers to what was said on it at once (it takes them in the
//! same transaction) and marks each entry once it was sent.

pub mod console;
#[cfg(any(feature = "irc", feature = "matrix"))]
mod fair;
#[cfg(feature = "irc")]
pub mod irc;
#[cfg(feature = "mail")]
pub mod mail;
#[cfg(feature = "matrix")]
pub mod matrix;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use tokio::sync::{Notify, oneshot, watch};

use crate::app::{Core, Incoming, Outcome};
use crate::config::Config;
pub use crate::effect::{Effect, IrcTo, Network, Recipient, Room, Taker};
use crate::scheduler;

/// What the transports of one process share.
pub struct Hub {
    pub core: Arc<Core>,
    /// Bumped whenever announcements were queued in the outbox: each network then
    /// delivers its own entries.
    outbox: watch::Sender<u64>,
    /// Poked after a command that may move the next due event.
    reschedule: Notify,
    /// Set when the process is asked to stop (SIGTERM, Ctrl-C).
    shutdown: watch::Sender<bool>,
}

impl Hub {
    pub fn new(core: Arc<Core>) -> Hub {
        Hub {
            core,
            outbox: watch::Sender::new(0),
            reschedule: Notify::new(),
            shutdown: watch::Sender::new(false),
        }
    }

    /// Changes to `true` when the process is asked to stop.
    pub fn shutdown(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Wakes when announcements were queued.
    pub fn outbox_changes(&self) -> watch::Receiver<u64> {
        self.outbox.subscribe()
    }

    /// Handles a batch of messages said on `network`: the answers for that network are
    /// the caller's to deliver (with their outbox entries); the others' networks are
    /// told; the scheduler looks again when the core says a due event may have moved.
    pub async fn handle(&self, batch: &[Incoming], network: Network) -> Vec<(Option<i64>, Effect)> {
        let outcome = self.core.handle_batch(batch, Taker::Network(network)).await;
        self.settle(outcome)
    }

    /// The one way a network takes what waits for it in the outbox: the entries
    /// addressed to `network` that `ready` says can go now (IRC: not a private message
    /// for a member who is not online), marked taken in one statement, so that none is
    /// offered twice; the network marks each delivered (or releases it to wait again).
    /// `None` when the outbox cannot be read or marked (logged): try again later.
    pub async fn take_pending(
        &self,
        network: Network,
        mut ready: impl FnMut(&Effect) -> bool,
    ) -> Option<Vec<(i64, Effect)>> {
        let pending = match self.core.pending(network).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, ?network, "cannot read the outbox");
                return None;
            }
        };
        let taken: Vec<(i64, Effect)> = pending.into_iter().filter(|(_, e)| ready(e)).collect();
        let ids: Vec<i64> = taken.iter().map(|(id, _)| *id).collect();
        if let Err(e) = self.core.store().outbox_sending(&ids).await {
            tracing::error!(error = %e, ?network, "cannot mark outbox entries as taken; they stay for the next try");
            return None;
        }
        if !taken.is_empty() {
            tracing::debug!(entries = taken.len(), ?network, "outbox entries taken for delivery");
        }
        Some(taken)
    }

    /// After a turn: the networks hear of what waits for them, the scheduler of a due
    /// event that may have moved; what the caller takes is returned.
    pub fn settle(&self, outcome: Outcome) -> Vec<(Option<i64>, Effect)> {
        if outcome.reschedule {
            self.reschedule.notify_one();
        }
        if outcome.queued > 0 {
            self.outbox.send_modify(|n| *n = n.wrapping_add(1));
        }
        outcome.into_taken()
    }
}

/// The networks `config` uses that this build of konbit cannot serve (built without its
/// cargo feature).
pub fn missing_networks(config: &Config) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if config.irc.is_some() && !cfg!(feature = "irc") {
        missing.push("irc");
    }
    if config.matrix.is_some() && !cfg!(feature = "matrix") {
        missing.push("matrix");
    }
    if config.mail.is_some() && !cfg!(feature = "mail") {
        missing.push("mail");
    }
    missing
}

/// The rooms the configured networks serve.
pub fn served_rooms(config: &Config) -> Vec<Room> {
    let mut rooms: Vec<Room> = Vec::new();
    if let Some(irc) = &config.irc {
        rooms.extend(irc.channels.iter().map(|c| Room::new(Network::Irc, c.clone())));
    }
    if let Some(matrix) = &config.matrix {
        rooms.extend(matrix.rooms.iter().map(|r| Room::new(Network::Matrix, r.clone())));
    }
    rooms
}

/// Exponential backoff with jitter, 1 s doubling to a minute.
#[cfg(any(feature = "irc", feature = "matrix", feature = "mail"))]
pub(crate) struct Backoff {
    attempt: u32,
    seed: u64,
    /// The longest wait, in milliseconds.
    max_ms: u64,
}

#[cfg(any(feature = "irc", feature = "matrix", feature = "mail"))]
impl Backoff {
    /// Seeded by the process id: two bots restarted together do not retry in step.
    pub(crate) fn new() -> Backoff {
        Backoff {
            attempt: 0,
            seed: u64::from(std::process::id()) | 1,
            max_ms: 60_000,
        }
    }

    /// Waits of at most `max` (jitter included): for a server that must be found again
    /// within seconds of coming back.
    #[cfg(feature = "matrix")]
    pub(crate) fn with_max(max: StdDuration) -> Backoff {
        let max_ms = u64::try_from(max.as_millis()).unwrap_or(u64::MAX).max(1_000);
        Backoff {
            max_ms: max_ms * 5 / 6,
            ..Backoff::new()
        }
    }

    pub(crate) fn next(&mut self) -> StdDuration {
        self.attempt = (self.attempt + 1).min(7);
        let base = (1000u64 << (self.attempt - 1)).min(self.max_ms);
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        // ±20 % jitter so that many bots do not come back in step.
        let jitter = (self.seed % (base * 2 / 5 + 1)) as i64 - (base / 5) as i64;
        StdDuration::from_millis((base as i64 + jitter).max(200) as u64)
    }

    pub(crate) fn reset(&mut self) {
        self.attempt = 0;
    }
}

/// Sleeps until `at`; forever when there is nothing to wait for.
#[cfg(any(feature = "irc", feature = "matrix", feature = "mail"))]
pub(crate) async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// How long the scheduler waits for Matrix and the mailbox to hand over the commands
/// sent while the bot was down before it resolves deadlines anyway (a server that is
/// down must not hold up the other networks' announcements forever).
const CATCH_UP_WAIT: StdDuration = StdDuration::from_secs(120);

/// The open proposals whose deadline has passed (`#3, #5`, or `none`): what resolving
/// deadlines now decides without the commands a network has not handed over yet.
async fn passed_deadlines(core: &Core) -> String {
    let now = chrono::Utc::now();
    match core.store().proposals_in(&[crate::domain::proposal::State::Open]).await {
        Ok(open) => {
            let ids: Vec<String> = open
                .iter()
                .filter(|(p, _)| p.deadline <= now)
                .map(|(p, _)| format!("#{}", p.id.0))
                .collect();
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            }
        }
        Err(e) => format!("unknown ({e})"),
    }
}

/// `konbit run`: serves every configured network until one fails for good. `config_file`:
/// where the configuration was read from, read again on each SIGHUP `hangups` caught,
/// those caught while konbit was starting included.
pub async fn run(core: Arc<Core>, config_file: Option<std::path::PathBuf>, mut hangups: Hangups) -> anyhow::Result<()> {
    #[cfg(unix)]
    if let Err(e) = &hangups.signal {
        tracing::warn!(error = %e, "cannot catch SIGHUP: a reload (systemctl reload) would stop konbit");
    }
    let config = core.config().clone();
    // The rooms reminders and announcements may name: what the networks serve.
    core.set_rooms(served_rooms(&config));
    let hub = Arc::new(Hub::new(core));
    // What a previous run handed to a connection without confirmation is sent again.
    if let Err(e) = hub.core.store().outbox_retry().await {
        tracing::error!(error = %e, "cannot requeue the outbox");
    }
    let mut tasks = tokio::task::JoinSet::new();
    // The networks that hand over, at start, what was sent while konbit was down.
    #[allow(unused_mut)]
    let mut caught_up: Vec<(&'static str, oneshot::Receiver<()>)> = Vec::new();
    #[cfg(feature = "matrix")]
    if let Some(settings) = config.matrix.clone() {
        let (tx, rx) = oneshot::channel();
        caught_up.push(("Matrix", rx));
        tasks.spawn(matrix::run(hub.clone(), settings, tx));
    }
    #[cfg(feature = "mail")]
    if let Some(settings) = config.mail.clone() {
        let (tx, rx) = oneshot::channel();
        caught_up.push(("mail", rx));
        tasks.spawn(mail::serve::run(hub.clone(), settings, tx));
    }
    #[cfg(feature = "irc")]
    if let Some(settings) = config.irc.clone() {
        tasks.spawn(irc::run(hub.clone(), settings));
    }
    let scheduler_hub = hub.clone();
    tasks.spawn(async move {
        // Commands sent on Matrix or by e-mail while the bot was down count before any
        // deadline.
        let deadline = tokio::time::Instant::now() + CATCH_UP_WAIT;
        for (network, rx) in caught_up {
            if tokio::time::timeout_at(deadline, rx).await.is_err() {
                let unread = passed_deadlines(&scheduler_hub.core).await;
                tracing::warn!(
                    network,
                    proposals = %unread,
                    "not caught up yet; resolving deadlines without waiting longer: these proposals are resolved without the commands that may wait there"
                );
            }
        }
        schedule(&scheduler_hub).await
    });
    loop {
        tokio::select! {
            done = tasks.join_next() => match done {
                Some(done) => done??,
                None => return Ok(()),
            },
            () = hangups.recv() => reload(&hub, config_file.as_deref()).await,
            signal = stop_signal() => {
                tracing::info!(signal, "stopping: saying goodbye on each network; what was not delivered stays in the outbox");
                hub.shutdown.send_replace(true);
                // IRC sends its QUIT and stops; the rest is stopped after a moment.
                let _ = tokio::time::timeout(StdDuration::from_secs(3), async {
                    while let Some(done) = tasks.join_next().await {
                        if let Ok(Err(e)) = done {
                            tracing::error!(error = %e, "a network stopped with an error");
                        }
                    }
                })
                .await;
                return Ok(());
            }
        }
    }
}

/// SIGHUP (`systemctl reload`, `kill -HUP`), caught from [`Hangups::listen`] on: `main`
/// calls it first thing, since SIGHUP's default action ends the process silently, and one
/// that arrives while konbit starts (a reload right after a start) waits for [`run`].
pub struct Hangups {
    #[cfg(unix)]
    signal: std::io::Result<tokio::signal::unix::Signal>,
}

impl Hangups {
    /// Catches SIGHUP from now on; called within a tokio runtime.
    pub fn listen() -> Hangups {
        Hangups {
            #[cfg(unix)]
            signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()),
        }
    }

    /// Waits for the next SIGHUP; never fires where there is none.
    async fn recv(&mut self) {
        #[cfg(unix)]
        if let Ok(hup) = &mut self.signal
            && hup.recv().await.is_some()
        {
            return;
        }
        std::future::pending::<()>().await
    }
}

/// Reads the configuration file again and puts it in force; a file with problems is
/// refused with each of them logged, and the configuration in force stays.
async fn reload(hub: &Hub, file: Option<&std::path::Path>) {
    let Some(file) = file else {
        tracing::warn!("SIGHUP: konbit runs on its built-in configuration; there is no file to read again");
        return;
    };
    let new = match Config::load(Some(file)) {
        Ok(c) => c,
        Err(problems) => {
            let lang = crate::i18n::Lang::En;
            let problems: Vec<String> = problems.iter().map(|p| p.render(lang)).collect();
            tracing::error!(
                file = %file.display(),
                problems = %problems.join("; "),
                "the configuration was not reloaded: the file has problems; the one in force stays"
            );
            return;
        }
    };
    match hub.core.reload(new, chrono::Utc::now()).await {
        Ok(restart) => {
            hub.reschedule.notify_one();
            if restart.is_empty() {
                tracing::info!(file = %file.display(), "configuration reloaded");
            } else {
                tracing::warn!(
                    file = %file.display(),
                    sections = %restart.join(", "),
                    "configuration reloaded; changes to these sections take effect at the next restart"
                );
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "the configuration was put in force but its projects could not be recorded; will retry at the next reload")
        }
    }
}

/// Waits for SIGTERM (a service manager stopping konbit) or Ctrl-C; names it.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = tokio::signal::ctrl_c() => "SIGINT",
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    "SIGINT"
}

/// Fires what falls due, queues it, and sleeps until the next due instant or a command
/// that may have moved it; after a storage error, it looks again shortly.
async fn schedule(hub: &Hub) -> anyhow::Result<()> {
    scheduler::run_live(&hub.core, &hub.reschedule, |outcome| {
        hub.settle(outcome);
    })
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(any(feature = "irc", feature = "matrix", feature = "mail"))]
    fn backoff_grows_with_jitter_and_caps() {
        let mut b = Backoff {
            seed: 42,
            ..Backoff::new()
        };
        let waits: Vec<u128> = (0..10).map(|_| b.next().as_millis()).collect();
        assert!(waits[0] >= 800 && waits[0] <= 1200, "{waits:?}");
        assert!(waits[3] >= 6400 && waits[3] <= 9600, "{waits:?}");
        assert!(waits.iter().all(|w| *w <= 72_000), "{waits:?}");
    }

    #[test]
    #[cfg(feature = "matrix")]
    fn a_homeserver_back_after_a_long_outage_is_tried_again_within_ten_seconds() {
        let mut b = Backoff::with_max(StdDuration::from_secs(10));
        let waits: Vec<u128> = (0..20).map(|_| b.next().as_millis()).collect();
        assert!(waits.iter().all(|w| *w <= 10_000), "{waits:?}");
        assert!(waits[10] >= 6_000, "{waits:?}");
    }
}
