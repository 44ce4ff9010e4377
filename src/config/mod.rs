//! Configuration: TOML → typed [`Config`].
//!
//! Loading happens in two steps so that `konbit check-config` can report *every* problem
//! with its key path: serde reads the file into plain "raw" structs (strings where a value
//! needs checking), then [`RawConfig::validate`] turns them into typed values and
//! collects each problem instead of stopping at the first. Unknown keys are problems too
//! (a misspelt key silently ignored is how a holiday goes missing).
//!
//! Files: `raw.rs` the file's shape and its defaults, `read.rs` the TOML reading,
//! `validate/` the checks (one file per group of sections, the shared ones in
//! `validate/check.rs`), `matrix_id.rs` the syntax of Matrix ids. This module holds the
//! validated types and the problems; it uses the domain and the message catalogs, and
//! nothing of the commands, the core, the store or the transports.

pub mod mail;
mod matrix_id;
mod raw;
mod read;
mod redact;
pub mod retention;
mod roles;
mod validate;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::domain::calendar::{Calendar, Recurrence};
use crate::domain::proposal::Money;
use crate::i18n::Lang;
use crate::t;

pub use mail::{MailPref, MailSettings};
pub use raw::RawConfig;
pub use redact::redact_url;
pub use retention::{Kept, Retention};
pub use roles::Roles;

/// Active/standby on PostgreSQL (docs/storage.md): the active `konbit run` holds a lease
/// for `lease`, renewed every `renew`; a standby takes over once it expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub lease: std::time::Duration,
    pub renew: std::time::Duration,
}

impl Default for Lease {
    fn default() -> Lease {
        Lease {
            lease: std::time::Duration::from_secs(6),
            renew: std::time::Duration::from_secs(2),
        }
    }
}

/// The whole, validated configuration of one konbit process.
#[derive(Debug, Clone)]
pub struct Config {
    pub collective: Collective,
    /// SQLite database file (with `postgres`, where the SQLite file would be: the place
    /// the Matrix state and the single-instance lock are kept beside).
    pub database: PathBuf,
    /// A PostgreSQL database (`[storage] url`) instead of the SQLite file.
    pub postgres: Option<String>,
    /// Active/standby on PostgreSQL (`[storage] lease`, `renew`).
    pub lease: Lease,
    /// The console transport's room name, as printed in `[ROOM]`.
    pub console_room: String,
    pub calendar: Calendar,
    pub meetings: Meetings,
    pub proposals: ProposalRules,
    pub privacy: Privacy,
    pub punch: PunchRules,
    pub standup: StandupRules,
    pub membership: crate::domain::membership::Rules,
    pub schedules: Schedules,
    /// The IRC network, if any (`konbit run`).
    pub irc: Option<IrcSettings>,
    /// The Matrix homeserver, if any (`konbit run`).
    pub matrix: Option<MatrixSettings>,
    /// Proposals by e-mail, if configured.
    pub mail: Option<MailSettings>,
    /// The web view, if any (`konbit web`, and `konbit run` beside the networks).
    pub web: Option<WebSettings>,
    pub projects: Vec<Project>,
    /// The roster. Empty: everybody who speaks is treated as a member (console default).
    pub members: Vec<Member>,
}

#[derive(Debug, Clone)]
pub struct Collective {
    pub name: String,
    pub tz: Tz,
    pub lang: Lang,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Meetings {
    pub production: Option<Recurrence>,
    pub reflection: Option<Recurrence>,
    pub committees: Vec<Committee>,
    /// Where minutes are written.
    pub minutes_dir: PathBuf,
    /// Where they are published, if anywhere (the file name is appended).
    pub minutes_url: Option<String>,
    /// The default time box of each kind of agenda item, in minutes.
    pub time_boxes: TimeBoxes,
    /// The share of worked hours the collective aims to spend in meetings, compared with
    /// the actual share in the digest and on `/hours`.
    pub target_share: Option<crate::domain::share::Share>,
    /// `[meetings.roles]`: the rotating facilitation team.
    pub roles: Roles,
}

/// `[meetings.time_boxes]`: minutes given to an agenda item of each kind when
/// `!agenda add` names none (README, "Meetings").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBoxes {
    pub info: u32,
    pub brainstorm: u32,
    pub decision: u32,
}

impl TimeBoxes {
    pub fn of(&self, kind: crate::domain::agenda::AgendaKind) -> u32 {
        use crate::domain::agenda::AgendaKind;
        match kind {
            AgendaKind::Info => self.info,
            AgendaKind::Brainstorm => self.brainstorm,
            AgendaKind::Decision => self.decision,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Committee {
    pub name: String,
    pub schedule: Option<Recurrence>,
    /// Its own roles (`None`: `[meetings.roles] committees`).
    pub roles: Option<Vec<String>>,
}

pub use crate::domain::calendar::MeetingKind;

impl Meetings {
    /// The next production or reflection meeting strictly after `after`: where a vetoed
    /// proposal is decided (README, "Commands", `!veto`). On a tie the reflection meeting wins: it is the larger
    /// one. `None` when neither is scheduled.
    pub fn next_deciding(
        &self,
        calendar: &Calendar,
        after: chrono::DateTime<chrono::Utc>,
    ) -> Option<(MeetingKind, chrono::DateTime<chrono::Utc>)> {
        let reflection = self
            .reflection
            .as_ref()
            .and_then(|r| r.next_after(calendar, after))
            .map(|t| (MeetingKind::Reflection, t));
        let production = self
            .production
            .as_ref()
            .and_then(|r| r.next_after(calendar, after))
            .map(|t| (MeetingKind::Production, t));
        match (reflection, production) {
            (Some(r), Some(p)) => Some(if r.1 <= p.1 { r } else { p }),
            (r, p) => r.or(p),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProposalRules {
    /// Business hours between a proposal and its adoption.
    pub delay_hours: u32,
    /// Reminders before the deadline, in real time.
    pub reminders: Vec<Duration>,
    /// Above this amount a proposal goes to a meeting. `None`: no cap.
    pub budget_cap: Option<Money>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Privacy {
    /// Whether members may see each other's individual hours (`!hours NAME`).
    pub share_individual_hours: bool,
    /// Personal reports go by private message.
    pub private_reports: bool,
    /// How many years an erased member's hours are kept, pseudonymised, before they are
    /// deleted (docs/privacy.md).
    pub keep_hours_years: u32,
    /// How long each kind of personal data is kept (the daily retention run).
    pub retention: Retention,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PunchRules {
    /// A timer running longer than this is flagged to its owner, not recorded.
    pub timer_limit: Duration,
    /// How long after punching `!punch undo` still works.
    pub undo_window: Duration,
    /// A timer running this long gets its owner a private reminder.
    pub remind_after: Option<Duration>,
    /// How many days back hours may be punched.
    pub max_days_back: u32,
}

/// Where a secret is read from; secrets are never written in the configuration itself.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    Env(String),
    File(PathBuf),
}

impl std::fmt::Debug for Secret {
    // Names where the secret is, never the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Secret::Env(v) => write!(f, "env {v}"),
            Secret::File(p) => write!(f, "file {}", p.display()),
        }
    }
}

impl Secret {
    /// Reads the secret (trailing newline removed).
    pub fn read(&self) -> std::io::Result<String> {
        match self {
            Secret::Env(v) => std::env::var(v).map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("environment variable {v} is not set"),
                )
            }),
            Secret::File(p) => std::fs::read_to_string(credential(p).as_deref().unwrap_or(p))
                .map(|s| s.trim_end_matches(['\n', '\r']).to_owned()),
        }
    }
}

impl IrcSettings {
    /// `host:port`, as the log names the server.
    pub fn address(&self) -> String {
        format!("{}:{}", self.server, self.port)
    }
}

/// A password file passed by systemd as a credential: under a unit with
/// `LoadCredential=NAME:/etc/konbit/NAME`, the file `NAME` of `$CREDENTIALS_DIRECTORY`,
/// readable by the service's dynamic user, stands for `/etc/konbit/NAME`, readable by root
/// only (which `check-config --connect`, run by root, reads directly).
fn credential(path: &Path) -> Option<PathBuf> {
    let dir = std::env::var_os("CREDENTIALS_DIRECTORY").filter(|d| !d.is_empty())?;
    let inside = Path::new(&dir).join(path.file_name()?);
    inside.is_file().then_some(inside)
}

/// `[irc]`: the network `konbit run` connects to.
#[derive(Debug, Clone, PartialEq)]
pub struct IrcSettings {
    pub server: String,
    pub port: u16,
    pub tls: bool,
    /// An extra certificate to trust (PEM), besides the usual public authorities.
    pub tls_ca_file: Option<PathBuf>,
    pub nick: String,
    pub channels: Vec<String>,
    /// The bot's services account and where its password is.
    pub sasl: Option<(String, Secret)>,
    pub allow_nick_only: bool,
    pub burst: u32,
    pub lines_per_second: f64,
}

/// `[matrix]`: the homeserver `konbit run` connects to.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixSettings {
    /// `https://matrix.example.org`, without a trailing slash.
    pub homeserver: String,
    /// The bot's user id, `@konbit:example.org`.
    pub user: String,
    pub login: MatrixLogin,
    /// Room ids or aliases, as written in the configuration.
    pub rooms: Vec<String>,
    /// Session, device and encryption keys (kept across restarts).
    pub state_dir: PathBuf,
    pub device_name: String,
}

/// `[web]`: the read-only web view.
#[derive(Debug, Clone, PartialEq)]
pub struct WebSettings {
    pub listen: std::net::SocketAddr,
    /// `https://konbit.example.org`, without a trailing slash: the links the bot sends.
    pub base_url: String,
    /// The collective pages are open to anyone with the address.
    pub public: bool,
    /// Where the collective's access key is (read at start); `None` when public.
    pub key: Option<Secret>,
}

/// How the bot logs into its Matrix account the first time (later starts reuse the session).
#[derive(Debug, Clone, PartialEq)]
pub enum MatrixLogin {
    Password(Secret),
    AccessToken(Secret),
}

/// Everything that happens by itself at set times (README, "Schedules and reminders").
#[derive(Debug, Clone)]
pub struct Schedules {
    /// An event missed by more than this while the bot was down is dropped.
    pub stale_after: Duration,
    /// Reminders before each scheduled meeting.
    pub meeting_reminders: Vec<Duration>,
    /// When members at risk for the membership rules get a private nudge (spec, when).
    pub membership_nudge: Option<(String, crate::domain::calendar::Recurrence)>,
    pub jobs: Vec<Schedule>,
}

impl Schedules {
    /// Whether a digest of open proposals is scheduled (it is also mailed to the members
    /// who chose `!mail digest`).
    pub fn has_digest(&self) -> bool {
        self.jobs.iter().any(|j| j.action == ScheduleAction::Digest)
    }
}

/// A schedule from the configuration.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub name: String,
    /// The configured text: a change restarts the schedule from now.
    pub spec: String,
    pub when: crate::domain::calendar::Recurrence,
    pub action: ScheduleAction,
    /// Where; `None`: the main room.
    pub room: Option<String>,
    pub on_holiday: crate::domain::schedule::OnHoliday,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleAction {
    /// Start a stand-up round.
    Standup,
    /// Post the open and deferred proposals (nothing when there are none).
    Digest,
    /// Say a meeting is starting.
    Announce { committee: String },
    /// Post a message.
    Message { text: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct StandupRules {
    /// How long a turn runs before a gentle nudge; `None`: no time box.
    pub time_box: Option<Duration>,
    /// Shuffle the order instead of rotating it.
    pub shuffle: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectKind {
    /// Ordinary work.
    Work,
    /// Meeting time: excluded from the membership hours.
    Meeting,
    /// Care and maintenance work (sysadmin, accounting…): shown as such in reports.
    Care,
}

impl ProjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectKind::Work => "work",
            ProjectKind::Meeting => "meeting",
            ProjectKind::Care => "care",
        }
    }

    pub fn parse(s: &str) -> Option<ProjectKind> {
        match s.trim() {
            "work" => Some(ProjectKind::Work),
            "meeting" => Some(ProjectKind::Meeting),
            "care" => Some(ProjectKind::Care),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: String,
    pub kind: ProjectKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub lang: Option<Lang>,
    pub tz: Option<Tz>,
    pub irc_account: Option<String>,
    pub irc_nick: Option<String>,
    pub matrix_id: Option<String>,
    /// Where proposals are mailed, with `[mail]`.
    pub email: Option<String>,
    /// What they get by e-mail until they choose otherwise with `!mail`.
    pub mail: MailPref,
}

/// One thing wrong with a configuration file, at a key path such as `members[1].language`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    Unreadable(String),
    Syntax(String),
    WrongType(String),
    UnknownKey,
    UnknownTimeZone(String),
    UnknownLanguage(String),
    UnknownWeekday(String),
    BadTime(String),
    BadDate(String),
    BadDuration(String),
    BadAmount(String),
    BadProjectKind(String),
    BadProjectName(String),
    /// A project name longer than the commands accept.
    ProjectNameTooLong(String),
    /// A role name longer than 40 characters (`[meetings.roles]`).
    RoleNameTooLong(String),
    BadNth(i64),
    NoWorkingDays,
    Empty,
    Duplicate(String),
    /// Needed because another key is there (named).
    Required(String),
    /// Not one of the allowed values (listed).
    OneOf {
        value: String,
        allowed: String,
    },
    BadSchedule(String),
    BadChannel(String),
    BadRoom(String),
    BadMatrixId(String),
    BadUrl(String),
    /// Not a PostgreSQL address (`postgres://…`); the value shown without its password.
    BadPostgresUrl(String),
    /// Both storages given (the other key named).
    BothStorages(String),
    /// `storage.lease` or `storage.renew` not a span konbit can hold (the value).
    BadLease(String),
    /// Not a mail address konbit can send to.
    BadEmail(String),
    /// `security = "none"` to a host that is not a loopback address (named).
    PlainTextOffLoopback(String),
    /// Not an `IP:port` to listen on.
    BadListen(String),
    OutOfRange {
        value: i64,
        min: i64,
        max: i64,
    },
    /// Not a retention period: a number of days (`90d`) or `""`.
    BadRetention(String),
    /// Not a share of hours: a percentage above 0 and at most 100 (`"15%"`).
    BadShare(String),
}

impl Problem {
    pub fn new(path: impl Into<String>, kind: ProblemKind) -> Self {
        Problem {
            path: path.into(),
            kind,
        }
    }

    /// The problem as one line in `lang`: `path: what is wrong`.
    pub fn render(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let what = match &self.kind {
            Unreadable(e) => t!(lang, "config-unreadable", "detail" => e.clone()),
            Syntax(e) => t!(lang, "config-syntax", "detail" => e.clone()),
            WrongType(e) => t!(lang, "config-wrong-type", "detail" => e.clone()),
            UnknownKey => t!(lang, "config-unknown-key"),
            UnknownTimeZone(v) => t!(lang, "config-unknown-tz", "value" => v.clone()),
            UnknownLanguage(v) => t!(lang, "config-unknown-language", "value" => v.clone()),
            UnknownWeekday(v) => t!(lang, "config-unknown-weekday", "value" => v.clone()),
            BadTime(v) => t!(lang, "config-bad-time", "value" => v.clone()),
            BadDate(v) => t!(lang, "config-bad-date", "value" => v.clone()),
            BadDuration(v) => t!(lang, "config-bad-duration", "value" => v.clone()),
            BadShare(v) => t!(lang, "config-bad-share", "value" => v.clone()),
            BadAmount(v) => t!(lang, "config-bad-amount", "value" => v.clone()),
            BadProjectKind(v) => t!(lang, "config-bad-project-kind", "value" => v.clone()),
            BadProjectName(v) => t!(lang, "config-bad-project-name", "value" => v.clone()),
            ProjectNameTooLong(v) => t!(lang, "config-project-name-too-long", "value" => v.clone(),
                "max" => crate::domain::project::MAX_CHARS as i64),
            RoleNameTooLong(v) => t!(lang, "config-role-name-too-long", "value" => v.clone()),
            BadNth(v) => t!(lang, "config-bad-nth", "value" => *v),
            NoWorkingDays => t!(lang, "config-no-working-days"),
            Empty => t!(lang, "config-empty"),
            Duplicate(v) => t!(lang, "config-duplicate", "value" => v.clone()),
            Required(other) => t!(lang, "config-required", "other" => other.clone()),
            BadSchedule(v) => t!(lang, "config-bad-schedule", "value" => v.clone()),
            BadChannel(v) => t!(lang, "config-bad-channel", "value" => v.clone()),
            BadRoom(v) => t!(lang, "config-bad-room", "value" => v.clone()),
            BadMatrixId(v) => t!(lang, "config-bad-matrix-id", "value" => v.clone()),
            BadUrl(v) => t!(lang, "config-bad-url", "value" => v.clone()),
            BadPostgresUrl(v) => t!(lang, "config-bad-postgres-url", "value" => v.clone()),
            BothStorages(other) => t!(lang, "config-both-storages", "other" => other.clone()),
            BadLease(v) => t!(lang, "config-bad-lease", "value" => v.clone()),
            BadEmail(v) => t!(lang, "config-bad-email", "value" => v.clone()),
            PlainTextOffLoopback(v) => t!(lang, "config-plain-text-off-loopback", "host" => v.clone()),
            BadListen(v) => t!(lang, "config-bad-listen", "value" => v.clone()),
            OneOf { value, allowed } => {
                t!(lang, "config-one-of", "value" => value.clone(), "allowed" => allowed.clone())
            }
            OutOfRange { value, min, max } => {
                t!(lang, "config-out-of-range", "value" => *value, "min" => *min, "max" => *max)
            }
            BadRetention(v) => t!(lang, "config-bad-retention", "value" => v.clone(),
                "max" => retention::MAX_DAYS),
        };
        if self.path.is_empty() {
            what
        } else {
            format!("{}: {what}", self.path)
        }
    }
}

impl Config {
    /// The built-in default (README, "Configuration"): console, `konbit.db` in the working directory,
    /// English, America/Montreal, Monday–Friday with Québec's statutory holidays, the
    /// production meeting on Tuesdays at 10:00 and the reflection meeting on the first
    /// Tuesday of the month at 13:00, no roster.
    pub fn builtin() -> Config {
        match RawConfig::default().validate(Path::new(".")) {
            Ok(c) => c,
            // The default is covered by a unit test; this arm exists so no path panics.
            Err(problems) => unreachable!("built-in config is invalid: {problems:?}"),
        }
    }

    /// Parses and validates a configuration text; relative paths are resolved against
    /// `base_dir` (the directory of the file).
    pub fn parse(text: &str, base_dir: &Path) -> Result<Config, Vec<Problem>> {
        let read::Read {
            raw,
            mut problems,
            placing,
        } = RawConfig::read(text)?;
        // What could be read is checked too: every problem of the file at once.
        match raw.validate(base_dir) {
            Ok(config) if problems.is_empty() => Ok(config),
            Ok(_) => Err(problems),
            Err(more) => {
                problems.extend(more.into_iter().filter_map(|p| placing.place(p)));
                Err(problems)
            }
        }
    }

    /// Loads `path`, or the built-in default when `path` is `None`.
    pub fn load(path: Option<&Path>) -> Result<Config, Vec<Problem>> {
        let Some(path) = path else {
            return Ok(Config::builtin());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Problem::new(
                path.display().to_string(),
                ProblemKind::Unreadable(e.to_string()),
            )]
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Config::parse(&text, base)
    }

    /// The member with this Matrix user id.
    pub fn member_by_matrix_id(&self, user_id: &str) -> Option<&Member> {
        self.members.iter().find(|m| {
            m.matrix_id
                .as_deref()
                .is_some_and(|id| id.eq_ignore_ascii_case(user_id))
        })
    }

    /// The roster entry for a console/chat name, case-insensitively.
    pub fn member_named(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name.eq_ignore_ascii_case(name))
    }

    /// The language to address `name` in: their own if set, else the collective's.
    pub fn lang_for(&self, name: &str) -> Lang {
        self.member_named(name)
            .and_then(|m| m.lang)
            .unwrap_or(self.collective.lang)
    }
}

pub(crate) fn weekday_from_str(s: &str) -> Option<Weekday> {
    crate::domain::calendar::parse_weekday(s)
}

pub(crate) fn date_from_str(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The servers of a PostgreSQL URL, each as a URL of its own: libpq's list of hosts
/// (`postgres://user:pw@db1:5432,db2:5432/konbit`: a primary and its replicas, tried in
/// order) becomes one URL per host, with the same user, database and parameters. A URL
/// with one host is itself.
pub fn postgres_servers(url: &str) -> Vec<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return vec![url.to_owned()];
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let (user, hosts) = match authority.rsplit_once('@') {
        Some((user, hosts)) => (format!("{user}@"), hosts),
        None => (String::new(), authority),
    };
    hosts
        .split(',')
        .map(|host| format!("{scheme}://{user}{}{tail}", host.trim()))
        .collect()
}
