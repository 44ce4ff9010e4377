//! The core: `handle(Incoming) → Vec<Effect>` for what people say, `tick(now)` for what
//! falls due. It decides; transports carry messages in and perform the effects out, and
//! the store keeps the record. Every reply confirming a write is produced after the
//! store's commit returned.

mod agenda;
mod attendance;
mod batch;
mod cost;
mod due;
pub mod format;
mod hours;
mod input;
mod mail;
mod meetings;
mod membership;
mod minutes;
mod privacy;
mod proposals;
mod reload;
mod reminders;
mod report;
mod roles;
mod schedule;
mod standup;
mod timebox;
mod turn;
mod web;

use standup::RoundMove;

/// An event handled more than this after it fell due says it is late.
const LATE_AFTER: chrono::Duration = chrono::Duration::minutes(1);

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};

use crate::command::{Command, UsageError, VERBS, Verb};
use crate::config::Config;
use crate::i18n::Lang;
use crate::message::Text;
use crate::store::{ItemKind, Store, StoreError};
use crate::{t, tm};

pub use crate::effect::{Effect, IrcTo, Network, Outcome, Recipient, Room, Taker};
pub use crate::message::Message;
#[cfg(feature = "mail")]
pub use mail::MailReply;
#[cfg(feature = "mail")]
pub(crate) use mail::{ReplyLine, command_of};
pub use privacy::DATA_LINK_DAYS;
pub use web::{secret_hash, status_text};

/// Who is speaking, as the transport identified them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The network they spoke on.
    pub network: Network,
    /// How the transport addresses them (nick, Matrix id, console name).
    pub handle: String,
    /// Their roster name when they are a member; `None` for a non-member.
    pub member: Option<String>,
}

/// Something a person said, in a room or privately to the bot.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// `None`: a private message.
    pub room: Option<Room>,
    pub speaker: Speaker,
    pub text: String,
    /// When it was said (the network's timestamp when it gives one).
    pub at: DateTime<Utc>,
    /// The network's id for it (a Matrix event id), when the network may hand it over
    /// again: it is claimed in the same transaction as what it does, and handled once.
    pub event: Option<String>,
}

/// The data behind one of the core's locks, even when a thread panicked while holding it:
/// each is a cache or a set changed by single operations (an insert, a removal, a value
/// replaced whole), which a panic cannot leave half done — refusing it would only turn
/// one panic into wrong answers for ever (no rooms, no presence, a muted room posted in).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The bot's core for one collective.
pub struct Core {
    /// The configuration in force; replaced whole on a reload (`reload`), shared with
    /// the readers made from this core (`reader`).
    config: Arc<std::sync::RwLock<Arc<Config>>>,
    store: Store,
    /// Where proposals made in private are announced: the collective's main room.
    home_room: Room,
    /// Who is in each room, as transports report joins, parts and speakers.
    presence: Mutex<HashMap<Room, BTreeSet<String>>>,
    /// The rooms konbit can post in (reminders and announcements may name only these, or
    /// the room a command was said in).
    rooms: Mutex<Vec<Room>>,
    /// Served rooms where the network does not let konbit post (Matrix power levels).
    muted: Mutex<std::collections::HashSet<Room>>,
    /// The known projects, read once (see `hours.rs`); shared with the readers.
    projects: Arc<Mutex<Option<Arc<Vec<crate::store::ProjectRow>>>>>,
    /// One batch of messages or one tick at a time, whichever network it comes from:
    /// each decision sees the previous one's records.
    turn: tokio::sync::Mutex<()>,
    /// The next due instant as last read, until something may have moved it (`input.rs`).
    due: Mutex<Option<Option<DateTime<Utc>>>>,
    /// Every pending event was placed again from the configuration (see `due.rs`).
    placed: AtomicBool,
}

impl Core {
    pub fn new(config: Arc<Config>, store: Store, home_room: Room) -> Core {
        Core {
            config: Arc::new(std::sync::RwLock::new(config)),
            store,
            rooms: Mutex::new(vec![home_room.clone()]),
            muted: Mutex::new(std::collections::HashSet::new()),
            home_room,
            presence: Mutex::new(HashMap::new()),
            projects: Arc::new(Mutex::new(None)),
            turn: tokio::sync::Mutex::new(()),
            due: Mutex::new(None),
            placed: AtomicBool::new(false),
        }
    }

    /// The rooms the transports serve (by default only the main room).
    pub fn set_rooms(&self, rooms: Vec<Room>) {
        *lock(&self.rooms) = rooms;
    }

    /// The rooms konbit can post in.
    pub fn rooms(&self) -> Vec<Room> {
        self.served_rooms().into_iter().filter(|r| self.can_post(r)).collect()
    }

    /// The rooms the transports serve, whether konbit may post in them or not.
    pub fn served_rooms(&self) -> Vec<Room> {
        lock(&self.rooms).clone()
    }

    /// Whether the network lets konbit post in `room`, as its transport last saw.
    pub fn can_post(&self, room: &Room) -> bool {
        !lock(&self.muted).contains(room)
    }

    /// The transport saw that konbit may (`false`) or may not (`true`) post in `room`.
    pub fn set_muted(&self, room: Room, muted: bool) {
        let changed = {
            let mut m = lock(&self.muted);
            if muted { m.insert(room.clone()) } else { m.remove(&room) }
        };
        if changed {
            tracing::info!(room = %room, muted, "whether konbit may post in a room changed");
        }
    }

    /// The room called `name` (as the store records rooms): one konbit serves, or one
    /// someone spoke in. A name no network serves any more (a room removed from the
    /// configuration) stays on the main room's network, where delivery reports it.
    pub fn room_named(&self, name: &str) -> Room {
        let served = lock(&self.rooms).iter().find(|r| r.is_named(name)).cloned();
        let seen = || lock(&self.presence).keys().find(|r| r.is_named(name)).cloned();
        served.or_else(seen).unwrap_or_else(|| {
            tracing::warn!(room = name, "no network serves this room");
            Room::new(self.home_room.network, name)
        })
    }

    /// `handle` entered `room`.
    pub fn joined(&self, room: &Room, handle: &str) {
        lock(&self.presence)
            .entry(room.clone())
            .or_default()
            .insert(handle.to_owned());
    }

    /// `handle` left `room`.
    pub fn parted(&self, room: &Room, handle: &str) {
        if let Some(set) = lock(&self.presence).get_mut(room) {
            set.remove(handle);
        }
    }

    /// Who is in the room called `room` now, sorted.
    pub fn present(&self, room: &str) -> Vec<String> {
        lock(&self.presence)
            .iter()
            .find(|(r, _)| r.is_named(room))
            .map(|(_, s)| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The configuration in force (a reload replaces it; a holder keeps the one it read).
    pub fn config(&self) -> Arc<Config> {
        // Replaced whole, never changed in place: consistent even after a panic.
        self.config.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Identifies a console speaker: with no roster everybody is a member; with one,
    /// only the names it lists (case-insensitive), under their roster spelling.
    pub fn console_speaker(&self, name: &str) -> Speaker {
        let member = if self.config().members.is_empty() {
            Some(name.to_owned())
        } else {
            self.config().member_named(name).map(|m| m.name.clone())
        };
        Speaker {
            network: Network::Console,
            handle: name.to_owned(),
            member,
        }
    }

    /// Answers a message parsed once on arrival (`input.rs`).
    async fn answer(&self, arrival: &input::Arrival<'_>) -> Vec<Effect> {
        let msg = &*arrival.msg;
        if let Some(room) = &msg.room {
            // Anyone who speaks in a room is present in it.
            self.joined(room, &msg.speaker.handle);
        }
        let lang = self.lang_of(&msg.speaker);
        let cmd = match &arrival.parsed {
            None => return self.chatter(msg, lang).await,
            Some(Err(e)) => return vec![self.reply(msg, self.usage_text(lang, e))],
            Some(Ok(cmd)) => cmd.clone(),
        };
        if cmd.writes() && msg.speaker.member.is_none() {
            let name = cmd.verb().map_or("", |v| command_name(lang, v));
            return vec![self.reply(msg, t!(lang, "only-members", "command" => name))];
        }
        let writes = cmd.writes();
        let result = match cmd {
            Command::Help { topic } => Ok(vec![self.reply(msg, self.help(lang, topic.as_deref()))]),
            Command::Unknown { name } => Ok(vec![self.reply(msg, unknown_command(lang, &name))]),
            Command::Punch(p) => self.punch_command(msg, lang, &self.acting(msg), p).await,
            Command::ProjectAdd { name } => self.project_add(msg, lang, &self.acting(msg), name).await,
            Command::Projects => self.projects_list(msg, lang).await,
            Command::Hours { period, subject } => {
                self.hours_report(msg, lang, msg.speaker.member.as_deref(), period, subject)
                    .await
            }
            Command::Standup(sub) => self.standup_command(msg, lang, &self.acting(msg), sub).await,
            Command::Next => self.round_command(msg, lang, &self.acting(msg), RoundMove::Next).await,
            Command::Pass => self.round_command(msg, lang, &self.acting(msg), RoundMove::Pass).await,
            Command::Later => self.round_command(msg, lang, &self.acting(msg), RoundMove::Later).await,
            Command::Skip { name } => {
                self.round_command(msg, lang, &self.acting(msg), RoundMove::Skip(name))
                    .await
            }
            Command::Update { text } => self.standup_update(msg, lang, &self.acting(msg), &text).await,
            Command::MeetingStart { committee } => self.meeting_start(msg, lang, &self.acting(msg), &committee).await,
            Command::MeetingEnd => self.meeting_end(msg, lang).await,
            Command::Here => self.meeting_here(msg, lang, &self.acting(msg)).await,
            Command::Topic { text } => {
                self.meeting_item(msg, lang, &self.acting(msg), ItemKind::Topic, None, text)
                    .await
            }
            Command::Agreed { text } => {
                self.meeting_item(msg, lang, &self.acting(msg), ItemKind::Agreed, None, text)
                    .await
            }
            Command::Action { who, what } => {
                self.meeting_item(msg, lang, &self.acting(msg), ItemKind::Action, Some(who), what)
                    .await
            }
            Command::Decide { id, adopted, note } => {
                self.meeting_decide(msg, lang, &self.acting(msg), id, adopted, note)
                    .await
            }
            Command::Minutes => self.minutes_last(msg, lang).await,
            Command::Agenda(cmd) => self.agenda_command(msg, lang, &self.acting(msg), cmd).await,
            Command::Item { next: false } => self.item_show(msg, lang).await,
            Command::Item { next: true } => self.item_next(msg, lang, &self.acting(msg)).await,
            Command::Roles(cmd) => self.roles_command(msg, lang, &self.acting(msg), cmd).await,
            Command::Absent { from, to, reason } => self.absent(msg, lang, &self.acting(msg), from, to, reason).await,
            Command::Attendance { name, period } => self.attendance(msg, lang, name, period).await,
            Command::Membership => self.membership(msg).await,
            Command::Remind { target, when, text } => {
                self.remind(msg, lang, &self.acting(msg), target, when, text).await
            }
            // Someone's own reminders are read only by that member, never by their nick.
            Command::Reminders => match &msg.speaker.member {
                Some(me) => self.reminders_list(msg, lang, me).await,
                None => Ok(vec![self.reply(
                    msg,
                    t!(lang, "only-members", "command" => command_name(lang, Verb::Reminders)),
                )]),
            },
            Command::Unremind { id } => self.unremind(msg, lang, &self.acting(msg), id).await,
            Command::Mail { choice } => self.mail_command(msg, lang, &self.acting(msg), choice).await,
            Command::Web { revoke } => self.web_link(msg, lang, &self.acting(msg), revoke).await,
            Command::MyData => self.my_data(msg, lang, &self.acting(msg)).await,
            Command::Propose { budget, text } => self.propose(msg, &self.acting(msg), budget, text).await,
            Command::Veto { id, reason } => self.veto(msg, lang, id, reason).await,
            Command::Unveto { id } => self.unveto(msg, lang, id).await,
            Command::Withdraw { id } => self.withdraw(msg, lang, id).await,
            Command::Proposals => self.proposals(msg, lang).await,
            Command::Proposal { id } => self.proposal(msg, lang, id).await,
        };
        result.unwrap_or_else(|e| {
            tracing::error!(error = %e, text = %msg.text, "command failed");
            let text = if writes {
                t!(lang, "storage-error")
            } else {
                t!(lang, "storage-error-read")
            };
            vec![self.reply(msg, text)]
        })
    }

    /// `tick` for a caller that holds the turn.
    async fn fire_due(&self, now: DateTime<Utc>) -> Vec<Effect> {
        self.forget_due();
        let mut effects = Vec::new();
        if let Err(e) = self.place_all(now).await {
            tracing::error!(error = %e, "pending events could not be placed; will retry");
            return effects;
        }
        match self.earliest_due().await {
            Ok(Some(due)) if due <= now => {}
            Ok(_) => return effects,
            // Each step below logs what it cannot do.
            Err(e) => tracing::error!(error = %e, "cannot read pending events"),
        }
        if let Err(e) = self.proposal_tick(now, &mut effects).await {
            tracing::error!(error = %e, "due events could not all be processed; will retry");
        }
        if let Err(e) = self.hours_tick(now, &mut effects).await {
            tracing::error!(error = %e, "timers could not all be checked; will retry");
        }
        if let Err(e) = self.standup_tick(now, &mut effects).await {
            tracing::error!(error = %e, "stand-up time boxes could not all be checked; will retry");
        }
        if let Err(e) = self.timebox_tick(now, &mut effects).await {
            tracing::error!(error = %e, "meeting time boxes could not all be checked; will retry");
        }
        if let Err(e) = self.timer_reminders_tick(now, &mut effects).await {
            tracing::error!(error = %e, "timer reminders could not all be sent; will retry");
        }
        if let Err(e) = self.schedule_tick(now, &mut effects).await {
            tracing::error!(error = %e, "schedules could not all be run; will retry");
        }
        if let Err(e) = self.reminders_tick(now, &mut effects).await {
            tracing::error!(error = %e, "reminders could not all be sent; will retry");
        }
        if let Err(e) = self.retention_tick(now).await {
            tracing::error!(error = %e, "the retention run could not finish; will retry");
        }
        effects
    }

    /// What is not a command: in a room, maybe a line of a stand-up turn; privately, a
    /// tagged stand-up line for the next round, else a pointer to `!help` and `!update`.
    async fn chatter(&self, msg: &Incoming, lang: Lang) -> Vec<Effect> {
        let result = match &msg.room {
            Some(_) => self.standup_line(msg).await.map(|()| Vec::new()),
            None => self.private_line(msg, lang).await,
        };
        result.unwrap_or_else(|e| {
            tracing::error!(error = %e, "a chat line could not be processed");
            Vec::new()
        })
    }

    /// Prepares the store for this configuration (its projects) before the first tick.
    pub async fn prepare(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.store.sync_projects(&self.config().projects, now).await?;
        self.forget_projects();
        Ok(())
    }

    /// The name an action is recorded under: the roster name, else the handle.
    /// The members on recorded leave on the collective's local day of `now`.
    async fn on_leave_today(&self, now: DateTime<Utc>) -> CoreResult<Vec<String>> {
        let today = now.with_timezone(&self.config().collective.tz).date_naive();
        let absences = self.store.absences(today, today, None).await?;
        Ok(absences.into_iter().map(|a| a.member).collect())
    }

    /// The room a command acts on (its name, as the store records it): where it was
    /// said, or the main room for a private one.
    fn room_of(&self, msg: &Incoming) -> String {
        msg.room.as_ref().unwrap_or(&self.home_room).name.clone()
    }

    fn acting(&self, msg: &Incoming) -> String {
        msg.speaker.member.clone().unwrap_or_else(|| msg.speaker.handle.clone())
    }

    /// The next instant something falls due (`None`: nothing is pending), or the storage
    /// error that keeps it from being known — a caller retries, it does not wait forever.
    /// `now` lets new schedules start from the present (their first occurrence after it).
    pub async fn next_due(&self, now: DateTime<Utc>) -> CoreResult<Option<DateTime<Utc>>> {
        if !self.placed.load(std::sync::atomic::Ordering::Acquire) {
            let _turn = self.turn.lock().await;
            self.place_all(now).await?;
        }
        self.earliest_due().await
    }

    pub(super) fn lang_of(&self, speaker: &Speaker) -> Lang {
        self.config()
            .lang_for(speaker.member.as_deref().unwrap_or(&speaker.handle))
    }

    fn reply(&self, msg: &Incoming, message: impl Into<Message>) -> Effect {
        let message = message.into();
        match &msg.room {
            Some(room) => Effect::Reply {
                room: room.clone(),
                to: msg.speaker.handle.clone(),
                message,
            },
            None => Effect::Private {
                to: self.recipient(msg),
                message,
            },
        }
    }

    /// An announcement in the room called `room`.
    fn announce(&self, room: &str, message: impl Into<Message>) -> Effect {
        Effect::Announce {
            room: self.room_named(room),
            message: message.into(),
        }
    }

    fn usage_text(&self, lang: Lang, e: &UsageError) -> String {
        let usage = t!(lang, &format!("usage-{}", e.verb.spec().id));
        match e.hint {
            Some(hint) => t!(lang, "usage-line-hint", "hint" => t!(lang, hint), "usage" => usage),
            None => t!(lang, "usage-line", "usage" => usage),
        }
    }

    fn help(&self, lang: Lang, topic: Option<&str>) -> Text {
        let intro = || {
            let names: Vec<String> = VERBS
                .iter()
                .map(|s| format!("!{}", command_name(lang, s.verb)))
                .collect();
            tm!(lang, "help-intro", "commands" => format::list(lang, &names))
        };
        let Some(topic) = topic else { return intro() };
        let Some(verb) = Verb::lookup(topic) else {
            let names: Vec<String> = VERBS
                .iter()
                .map(|s| format!("!{}", command_name(lang, s.verb)))
                .collect();
            return tm!(lang, "help-no-such-command", "name" => format::echoed(topic), "commands" => format::list(lang, &names));
        };
        let id = verb.spec().id;
        tm!(lang, "help-detail",
            "usage" => t!(lang, &format!("usage-{id}")),
            "summary" => t!(lang, &format!("summary-{id}"), "hours" => i64::from(self.config().proposals.delay_hours)),
            "example" => t!(lang, &format!("example-{id}")))
    }
}

/// A command's name as shown in `lang`.
fn command_name(lang: Lang, verb: Verb) -> &'static str {
    crate::i18n::command_name(lang, verb)
}

/// "Unknown command", with the closest known name (in `lang`) when one is close enough.
fn unknown_command(lang: Lang, name: &str) -> Text {
    let shown = || format::echoed(name);
    // Longer words are no typo of a command name; this also bounds the work.
    let best = (name.chars().count() <= 32)
        .then(|| {
            VERBS
                .iter()
                .flat_map(|s| {
                    s.names()
                        .map(move |n| (strsim::damerau_levenshtein(name, n), n, s.verb))
                })
                .min_by_key(|(d, _, _)| *d)
                // One typo in a short name, two in a longer one.
                .filter(|(d, n, _)| *d <= if n.chars().count() <= 4 { 1 } else { 2 })
        })
        .flatten();
    match best {
        Some((_, _, verb)) => {
            tm!(lang, "unknown-command-suggest", "name" => shown(), "suggestion" => command_name(lang, verb))
        }
        None => tm!(lang, "unknown-command", "name" => shown()),
    }
}

/// Errors of the core's own steps; users see a short message, logs the cause.
pub type CoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_and_help_texts_exist_for_every_command_in_both_languages() {
        for lang in Lang::ALL {
            for s in VERBS {
                for stem in ["usage", "summary", "example"] {
                    let id = format!("{stem}-{}", s.id);
                    assert!(crate::i18n::has_message(lang, &id), "{id} missing in {lang:?}");
                }
                // The French usage line shows the French name.
                if lang == Lang::Fr {
                    let usage = t!(lang, &format!("usage-{}", s.id));
                    assert!(
                        usage.starts_with(&format!("!{}", command_name(lang, s.verb))),
                        "{usage}"
                    );
                }
            }
        }
    }

    #[test]
    fn unknown_commands_suggest_close_names() {
        let unknown_command = |lang, name: &str| unknown_command(lang, name).plain();
        assert!(unknown_command(Lang::En, "vetto").contains("!veto"));
        assert!(unknown_command(Lang::Fr, "proposr").contains("voulais-tu dire !proposer ?"));
        assert!(unknown_command(Lang::En, "proposr").contains("did you mean !propose?"));
        let long = unknown_command(Lang::En, &"a".repeat(100_000));
        assert!(long.starts_with("Unknown command !aaa") && long.len() < 120, "{long}");
        assert!(!unknown_command(Lang::En, "frobnicate").contains("did you mean"));
    }
}
