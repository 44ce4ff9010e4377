//! The configuration file's shape, as serde reads it: one plain struct per TOML section,
//! with the built-in defaults. Values that need checking are kept as strings or wide
//! integers here; [`super::validate`] turns them into typed values and reports each
//! problem with its key path.

use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RawConfig {
    pub collective: RawCollective,
    pub storage: RawStorage,
    pub console: RawConsole,
    pub calendar: RawCalendar,
    pub meetings: RawMeetings,
    pub proposals: RawProposals,
    pub privacy: RawPrivacy,
    pub punch: RawPunch,
    pub standup: RawStandup,
    pub membership: RawMembership,
    pub scheduler: RawScheduler,
    pub schedules: Vec<RawSchedule>,
    pub irc: RawIrc,
    pub matrix: RawMatrix,
    pub mail: RawMail,
    pub web: RawWeb,
    pub projects: Vec<RawProject>,
    pub members: Vec<RawMember>,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawCollective {
    pub name: String,
    pub timezone: String,
    pub language: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawStorage {
    /// The SQLite file; `None`: `konbit.db`, unless `url` is given.
    pub database: Option<String>,
    /// A PostgreSQL database (`postgres://…`) instead of the SQLite file.
    pub url: Option<String>,
    /// Active/standby on PostgreSQL: how long the active one's lease lasts, and how often
    /// it renews it.
    pub lease: Option<String>,
    pub renew: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawConsole {
    pub room: String,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawCalendar {
    pub working_days: Vec<String>,
    /// Adds Québec's statutory holidays, computed for every year.
    pub quebec_holidays: bool,
    pub holidays: Vec<RawHoliday>,
}

#[derive(Debug, Deserialize)]
pub struct RawHoliday {
    pub date: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Deserialize, Clone)]
pub struct RawRecurrence {
    pub weekday: String,
    pub time: String,
    /// Absent: every week. 1–5: that occurrence in the month; -1: the last one.
    pub nth: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawMeetings {
    pub production: Option<RawRecurrence>,
    pub reflection: Option<RawRecurrence>,
    pub committees: Vec<RawCommittee>,
    /// Where minutes are written (Markdown), relative to the configuration file.
    pub minutes_dir: String,
    /// Optional address under which the minutes are published (a wiki page prefix).
    pub minutes_url: String,
    /// Reminders before each scheduled meeting (`1d`, `1h`).
    pub reminders_before: Vec<String>,
    /// `[meetings.time_boxes]`: an agenda item's time box when `!agenda add` gives none.
    pub time_boxes: RawTimeBoxes,
    /// The share of worked hours the collective aims to spend in meetings (`"15%"`).
    pub target_share: Option<String>,
    /// `[meetings.roles]`: the rotating facilitation team; without the section, no team
    /// is drawn (unless a committee lists its own roles).
    pub roles: Option<RawRoles>,
}

/// `[meetings.roles]`: the roles drawn before each scheduled meeting, when, and who is
/// still too new to be drawn (README, "Meetings").
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawRoles {
    /// How long before each scheduled meeting its team is drawn (`3d`).
    pub draw_before: String,
    /// Meetings a member attends before they can be drawn.
    pub newcomer_meetings: i64,
    pub production: Vec<String>,
    pub reflection: Vec<String>,
    /// The roles of a committee's meetings, unless the committee lists its own.
    pub committees: Vec<String>,
}

impl Default for RawRoles {
    fn default() -> Self {
        let three = || ["facilitator", "note-taker", "timekeeper"].map(String::from).to_vec();
        RawRoles {
            draw_before: "3d".into(),
            newcomer_meetings: 2,
            production: three(),
            reflection: three(),
            committees: ["facilitator", "note-taker"].map(String::from).to_vec(),
        }
    }
}

/// `[meetings.time_boxes]`: the default time box of each kind of agenda item.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawTimeBoxes {
    pub info: String,
    pub brainstorm: String,
    pub decision: String,
}

impl Default for RawTimeBoxes {
    fn default() -> Self {
        RawTimeBoxes {
            info: "5m".into(),
            brainstorm: "20m".into(),
            decision: "15m".into(),
        }
    }
}

/// `[irc]`: the network `konbit run` connects to.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawIrc {
    pub server: String,
    pub port: i64,
    pub tls: bool,
    /// An extra certificate (PEM) to trust, for a network with its own authority.
    pub tls_ca_file: String,
    pub nick: String,
    pub channels: Vec<String>,
    /// The bot's services account, logged into with SASL PLAIN.
    pub sasl_account: String,
    /// Where the account's password is: an environment variable's name, or a file.
    pub password_env: String,
    pub password_file: String,
    /// Accept a member identified by nick alone (spoofable) when they have no account.
    pub allow_nick_only: bool,
    /// Outgoing lines: a burst of this many, then this many per second.
    pub burst: i64,
    pub lines_per_second: f64,
}

/// `[matrix]`: the homeserver `konbit run` connects to.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawMatrix {
    /// The homeserver's address, `https://matrix.example.org`.
    pub homeserver: String,
    /// The bot's user id, `@konbit:example.org`.
    pub user: String,
    /// Where the bot's password is: an environment variable's name, or a file…
    pub password_env: String,
    pub password_file: String,
    /// …or an access token instead of a password.
    pub access_token_env: String,
    pub access_token_file: String,
    /// Rooms to join and serve: ids (`!abc:example.org`) or aliases (`#office:example.org`).
    pub rooms: Vec<String>,
    /// Where the session, the device and its encryption keys are kept. Default: beside
    /// the database, `<database without extension>.matrix/`.
    pub state_dir: String,
    /// The name other clients show for the bot's device.
    pub device_name: String,
}

impl Default for RawMatrix {
    fn default() -> Self {
        RawMatrix {
            homeserver: String::new(),
            user: String::new(),
            password_env: "KONBIT_MATRIX_PASSWORD".into(),
            password_file: String::new(),
            access_token_env: String::new(),
            access_token_file: String::new(),
            rooms: Vec::new(),
            state_dir: String::new(),
            device_name: "konbit".into(),
        }
    }
}

impl Default for RawIrc {
    fn default() -> Self {
        RawIrc {
            server: String::new(),
            port: 6697,
            tls: true,
            tls_ca_file: String::new(),
            nick: "konbit".into(),
            channels: Vec::new(),
            sasl_account: String::new(),
            password_env: "KONBIT_IRC_PASSWORD".into(),
            password_file: String::new(),
            allow_nick_only: false,
            burst: 5,
            lines_per_second: 1.0,
        }
    }
}

/// `[web]`: the read-only web view (validated in `validate/web.rs`).
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawWeb {
    /// Where to listen, `127.0.0.1:8080`; empty: no web view.
    pub listen: String,
    /// The address people reach it at, for the links the bot sends.
    pub base_url: String,
    /// Anyone with the address reads the collective pages; false: only with the access link.
    pub public: bool,
    /// Where the collective's access key is (when not public): a variable's name, or a file.
    pub key_env: String,
    pub key_file: String,
}

impl Default for RawWeb {
    fn default() -> Self {
        RawWeb {
            listen: String::new(),
            base_url: String::new(),
            public: true,
            key_env: "KONBIT_WEB_KEY".into(),
            key_file: String::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawScheduler {
    /// An event missed by more than this (the bot was down) is dropped, not sent late.
    pub stale_after: String,
}

impl Default for RawScheduler {
    fn default() -> Self {
        RawScheduler {
            stale_after: "12h".into(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RawSchedule {
    pub name: String,
    /// `weekly tuesday 10:00`, `monthly first tuesday 13:00`, `cron 0 10 * * 2`.
    pub when: String,
    /// `standup`, `digest`, `announce` (a meeting) or `message`.
    pub action: String,
    /// For `announce`: which meeting.
    pub meeting: Option<String>,
    /// For `message`: what to say.
    pub text: Option<String>,
    /// Where; default: the main room.
    pub room: Option<String>,
    /// `skip` (default) or `next-working-day`.
    pub on_holiday: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawStandup {
    /// Minutes per person before a gentle nudge; 0: no time box.
    pub time_box_minutes: i64,
    /// "rotate" (default) or "shuffle".
    pub order: String,
}

impl Default for RawStandup {
    fn default() -> Self {
        RawStandup {
            time_box_minutes: 0,
            order: "rotate".into(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawMembership {
    pub months: i64,
    pub min_committees: i64,
    pub min_reflection_meetings: i64,
    pub min_hours_per_month: i64,
    pub warn_below_hours: i64,
    pub max_absence_weeks: i64,
    /// When members at risk get a private nudge, as a schedule (`weekly monday 09:00`);
    /// empty: never.
    pub nudge: String,
}

impl Default for RawMembership {
    fn default() -> Self {
        RawMembership {
            months: 2,
            min_committees: 2,
            min_reflection_meetings: 2,
            min_hours_per_month: 10,
            warn_below_hours: 20,
            max_absence_weeks: 4,
            nudge: String::new(),
        }
    }
}

#[derive(Debug, Deserialize, Clone)]
pub struct RawCommittee {
    pub name: String,
    pub weekday: Option<String>,
    pub time: Option<String>,
    pub nth: Option<i64>,
    /// This committee's roles (`[meetings.roles] committees` when absent).
    pub roles: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawProposals {
    pub delay_business_hours: i64,
    pub reminders_before: Vec<String>,
    /// In whole currency units; 0 means no cap.
    pub budget_cap: i64,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawPrivacy {
    pub share_individual_hours: bool,
    pub private_reports: bool,
    /// How many years an erased member's hours are kept (pseudonymised) before deletion.
    pub keep_hours_years: i64,
    /// `[privacy.retention]`: how long each kind of personal data is kept.
    pub retention: super::retention::RawRetention,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawPunch {
    /// A timer running longer than this is flagged, not recorded.
    pub timer_limit: String,
    /// How long after punching `!punch undo` still works.
    pub undo_window: String,
    /// A timer running this long gets its owner a private reminder ("" for none).
    pub remind_after: String,
    /// How many days back hours may be punched.
    pub max_days_back: i64,
}

impl Default for RawPunch {
    fn default() -> Self {
        RawPunch {
            timer_limit: "12h".into(),
            undo_window: "30m".into(),
            remind_after: "8h".into(),
            max_days_back: 92,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RawProject {
    pub name: String,
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RawMember {
    pub name: String,
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub irc_account: Option<String>,
    pub irc_nick: Option<String>,
    pub matrix_id: Option<String>,
    /// Where proposals are mailed (`[mail]`), and what the member gets by default
    /// (`all`, `digest`, `none`; they change it with `!mail`).
    pub email: Option<String>,
    pub mail: Option<String>,
}

/// `[mail]`: proposals by e-mail. Without `from`, mail is not used.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RawMail {
    pub from: String,
    pub from_name: String,
    pub reply_address: String,
    pub list_address: String,
    /// Where the key that signs reply addresses is: an environment variable, or a file.
    pub token_key_env: String,
    pub token_key_file: String,
    pub smtp: RawSmtp,
    pub imap: RawImap,
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawSmtp {
    pub host: String,
    pub port: i64,
    /// `starttls`, `tls` or `none` (loopback only).
    pub security: String,
    pub user: String,
    pub password_env: String,
    pub password_file: String,
}

impl Default for RawSmtp {
    fn default() -> Self {
        RawSmtp {
            host: String::new(),
            port: 587,
            security: "starttls".into(),
            user: String::new(),
            password_env: "KONBIT_SMTP_PASSWORD".into(),
            password_file: String::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawImap {
    pub host: String,
    pub port: i64,
    /// `tls`, `starttls` or `none` (loopback only).
    pub security: String,
    pub user: String,
    pub password_env: String,
    pub password_file: String,
    pub folder: String,
    pub done_folder: String,
    /// Besides IDLE, how often the folder is looked at (`5m`).
    pub poll: String,
    /// How long before the server received it a reply may count (its `Date`): `15m`.
    pub transit_allowance: String,
}

impl Default for RawImap {
    fn default() -> Self {
        RawImap {
            host: String::new(),
            port: 993,
            security: "tls".into(),
            user: String::new(),
            password_env: "KONBIT_IMAP_PASSWORD".into(),
            password_file: String::new(),
            folder: "INBOX".into(),
            done_folder: String::new(),
            poll: "5m".into(),
            transit_allowance: "15m".into(),
        }
    }
}

impl Default for RawCollective {
    fn default() -> Self {
        RawCollective {
            name: "konbit".into(),
            timezone: "America/Montreal".into(),
            language: "en".into(),
        }
    }
}

impl Default for RawConsole {
    fn default() -> Self {
        RawConsole { room: "#office".into() }
    }
}

impl Default for RawCalendar {
    fn default() -> Self {
        RawCalendar {
            working_days: ["mon", "tue", "wed", "thu", "fri"].map(String::from).to_vec(),
            quebec_holidays: true,
            holidays: Vec::new(),
        }
    }
}

impl Default for RawMeetings {
    fn default() -> Self {
        RawMeetings {
            production: Some(RawRecurrence {
                weekday: "tuesday".into(),
                time: "10:00".into(),
                nth: None,
            }),
            reflection: Some(RawRecurrence {
                weekday: "tuesday".into(),
                time: "13:00".into(),
                nth: Some(1),
            }),
            committees: ["hiring", "finance", "sysadmin", "communication", "community", "sales"]
                .map(|n| RawCommittee {
                    name: n.into(),
                    weekday: None,
                    time: None,
                    nth: None,
                    roles: None,
                })
                .to_vec(),
            minutes_dir: "minutes".into(),
            minutes_url: String::new(),
            reminders_before: Vec::new(),
            time_boxes: RawTimeBoxes::default(),
            target_share: None,
            roles: None,
        }
    }
}

impl Default for RawProposals {
    fn default() -> Self {
        RawProposals {
            delay_business_hours: 48,
            reminders_before: vec!["24h".into(), "2h".into()],
            budget_cap: 500,
        }
    }
}

impl Default for RawPrivacy {
    fn default() -> Self {
        RawPrivacy {
            share_individual_hours: false,
            private_reports: true,
            keep_hours_years: 6,
            retention: Default::default(),
        }
    }
}
