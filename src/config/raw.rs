//! The configuration file as serde reads it, and its validation into [`Config`].

use std::collections::HashSet;
use std::path::Path;

use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;
use serde::Deserialize;

use super::{
    Collective, Committee, Config, IrcSettings, MatrixLogin, MatrixSettings, Meetings, Member, Privacy, Problem,
    ProblemKind, Project, ProjectKind, ProposalRules, PunchRules, Schedule, ScheduleAction, Schedules, Secret,
    StandupRules, date_from_str, weekday_from_str,
};
use crate::domain::calendar::{Calendar, Recurrence, quebec_statutory_holidays};
use crate::domain::membership::Rules as MembershipRules;
use crate::domain::project::{NameError, parse_name};
use crate::domain::proposal::Money;
use crate::domain::schedule::OnHoliday;
use crate::i18n::Lang;

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

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawStorage {
    pub database: String,
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

impl Default for RawStorage {
    fn default() -> Self {
        RawStorage {
            database: "konbit.db".into(),
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
                })
                .to_vec(),
            minutes_dir: "minutes".into(),
            minutes_url: String::new(),
            reminders_before: Vec::new(),
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
        }
    }
}

/// Years for which computed holidays are generated: far beyond any deadline konbit sets.
const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl RawConfig {
    /// Reads TOML; a syntax or type error is one problem (serde stops there), and every
    /// unknown key is one more.
    pub fn parse(text: &str) -> Result<RawConfig, Vec<Problem>> {
        let de = toml::Deserializer::parse(text).map_err(|e| vec![syntax_problem(&e, text)])?;
        let mut unknown = Vec::new();
        let mut record = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
        let ignored = serde_ignored::Deserializer::new(de, &mut record);
        let raw: Result<RawConfig, _> = serde_path_to_error::deserialize(ignored);
        let mut problems: Vec<Problem> = unknown
            .into_iter()
            .map(|p| Problem::new(p, ProblemKind::UnknownKey))
            .collect();
        match raw {
            Ok(raw) if problems.is_empty() => Ok(raw),
            Ok(_) => Err(problems),
            Err(e) => {
                let path = e.path().to_string();
                let detail = e.into_inner().message().to_owned();
                problems.insert(
                    0,
                    Problem::new(
                        if path == "." { String::new() } else { path },
                        ProblemKind::WrongType(detail),
                    ),
                );
                Err(problems)
            }
        }
    }

    /// Turns raw values into a [`Config`], collecting every problem.
    pub fn validate(self, base_dir: &Path) -> Result<Config, Vec<Problem>> {
        let mut p = Vec::new();

        let tz = parse_tz(&self.collective.timezone, "collective.timezone", &mut p);
        let lang = Lang::parse(&self.collective.language).unwrap_or_else(|| {
            p.push(Problem::new(
                "collective.language",
                ProblemKind::UnknownLanguage(self.collective.language.clone()),
            ));
            Lang::En
        });
        if self.collective.name.trim().is_empty() {
            p.push(Problem::new("collective.name", ProblemKind::Empty));
        }

        if self.storage.database.trim().is_empty() {
            p.push(Problem::new("storage.database", ProblemKind::Empty));
        }
        let database = base_dir.join(&self.storage.database);
        if self.console.room.trim().is_empty() {
            p.push(Problem::new("console.room", ProblemKind::Empty));
        }

        let calendar = self.validate_calendar(tz, &mut p);
        let meetings = self.validate_meetings(base_dir, &mut p);
        let standup = self.validate_standup(&mut p);
        let membership = self.validate_membership(&mut p);
        let schedules = self.validate_schedules(&meetings, &mut p);
        let irc = self.validate_irc(base_dir, &mut p);
        let matrix = self.validate_matrix(base_dir, &database, &mut p);
        let proposals = self.validate_proposals(&mut p);
        let projects = self.validate_projects(&mut p);
        let punch = self.validate_punch(&mut p);
        let members = self.validate_members(&mut p);

        if !p.is_empty() {
            return Err(p);
        }
        Ok(Config {
            collective: Collective {
                name: self.collective.name.trim().to_owned(),
                tz,
                lang,
            },
            database,
            console_room: self.console.room.trim().to_owned(),
            calendar,
            meetings,
            proposals,
            privacy: Privacy {
                share_individual_hours: self.privacy.share_individual_hours,
                private_reports: self.privacy.private_reports,
            },
            punch,
            standup,
            membership,
            schedules,
            irc,
            matrix,
            projects,
            members,
        })
    }

    fn validate_calendar(&self, tz: Tz, p: &mut Vec<Problem>) -> Calendar {
        let mut days = Vec::new();
        for (i, d) in self.calendar.working_days.iter().enumerate() {
            match weekday_from_str(d) {
                Some(w) => days.push(w),
                None => p.push(Problem::new(
                    format!("calendar.working_days[{i}]"),
                    ProblemKind::UnknownWeekday(d.clone()),
                )),
            }
        }
        if self.calendar.working_days.is_empty() {
            p.push(Problem::new("calendar.working_days", ProblemKind::NoWorkingDays));
        }
        let mut holidays = Vec::new();
        let mut seen = HashSet::new();
        for (i, h) in self.calendar.holidays.iter().enumerate() {
            match date_from_str(&h.date) {
                Some(d) if !seen.insert(d) => p.push(Problem::new(
                    format!("calendar.holidays[{i}].date"),
                    ProblemKind::Duplicate(h.date.clone()),
                )),
                Some(d) => holidays.push(d),
                None => p.push(Problem::new(
                    format!("calendar.holidays[{i}].date"),
                    ProblemKind::BadDate(h.date.clone()),
                )),
            }
        }
        if self.calendar.quebec_holidays {
            holidays.extend(HOLIDAY_YEARS.flat_map(quebec_statutory_holidays));
        }
        Calendar::new(tz, &days, holidays)
    }

    fn validate_meetings(&self, base_dir: &Path, p: &mut Vec<Problem>) -> Meetings {
        let production = self
            .meetings
            .production
            .as_ref()
            .and_then(|r| recurrence(&r.weekday, &r.time, r.nth, "meetings.production", p));
        let reflection = self
            .meetings
            .reflection
            .as_ref()
            .and_then(|r| recurrence(&r.weekday, &r.time, r.nth, "meetings.reflection", p));
        let mut names = HashSet::new();
        let mut committees = Vec::new();
        for (i, c) in self.meetings.committees.iter().enumerate() {
            let path = format!("meetings.committees[{i}]");
            let name = c.name.trim().to_lowercase();
            if name.is_empty() || name.contains(char::is_whitespace) {
                p.push(Problem::new(format!("{path}.name"), ProblemKind::Empty));
            } else if !names.insert(name.clone()) || name == "production" || name == "reflection" {
                p.push(Problem::new(
                    format!("{path}.name"),
                    ProblemKind::Duplicate(c.name.clone()),
                ));
            }
            let schedule = match (&c.weekday, &c.time) {
                (Some(w), Some(t)) => recurrence(w, t, c.nth, &path, p),
                (None, None) => None,
                (Some(_), None) => {
                    p.push(Problem::new(
                        format!("{path}.time"),
                        ProblemKind::Required("weekday".into()),
                    ));
                    None
                }
                (None, Some(_)) => {
                    p.push(Problem::new(
                        format!("{path}.weekday"),
                        ProblemKind::Required("time".into()),
                    ));
                    None
                }
            };
            committees.push(Committee { name, schedule });
        }
        if self.meetings.minutes_dir.trim().is_empty() {
            p.push(Problem::new("meetings.minutes_dir", ProblemKind::Empty));
        }
        let url = self.meetings.minutes_url.trim();
        Meetings {
            production,
            reflection,
            committees,
            minutes_dir: base_dir.join(self.meetings.minutes_dir.trim()),
            minutes_url: (!url.is_empty()).then(|| url.to_owned()),
        }
    }

    fn validate_standup(&self, p: &mut Vec<Problem>) -> StandupRules {
        let minutes = self.standup.time_box_minutes;
        if !(0..=120).contains(&minutes) {
            p.push(Problem::new(
                "standup.time_box_minutes",
                ProblemKind::OutOfRange {
                    value: minutes,
                    min: 0,
                    max: 120,
                },
            ));
        }
        let shuffle = match self.standup.order.trim() {
            "rotate" => false,
            "shuffle" => true,
            other => {
                p.push(Problem::new(
                    "standup.order",
                    ProblemKind::OneOf {
                        value: other.to_owned(),
                        allowed: "rotate, shuffle".into(),
                    },
                ));
                false
            }
        };
        StandupRules {
            time_box: (minutes > 0).then(|| Duration::minutes(minutes.clamp(0, 120))),
            shuffle,
        }
    }

    fn validate_schedules(&self, meetings: &Meetings, p: &mut Vec<Problem>) -> Schedules {
        let stale_after = match parse_offset(&self.scheduler.stale_after) {
            Some(d) if d >= Duration::minutes(1) => d,
            _ => {
                p.push(Problem::new(
                    "scheduler.stale_after",
                    ProblemKind::BadDuration(self.scheduler.stale_after.clone()),
                ));
                Duration::hours(12)
            }
        };
        let mut meeting_reminders = Vec::new();
        for (i, r) in self.meetings.reminders_before.iter().enumerate() {
            let path = format!("meetings.reminders_before[{i}]");
            match parse_offset(r) {
                Some(d) if meeting_reminders.contains(&d) => {
                    p.push(Problem::new(path, ProblemKind::Duplicate(r.clone())))
                }
                Some(d) if d.num_seconds() % 60 == 0 => meeting_reminders.push(d),
                _ => p.push(Problem::new(path, ProblemKind::BadDuration(r.clone()))),
            }
        }
        let nudge = match self.membership.nudge.trim() {
            "" => None,
            when => {
                let r = crate::domain::schedule::parse_when(when);
                if r.is_none() {
                    p.push(Problem::new(
                        "membership.nudge",
                        ProblemKind::BadSchedule(when.to_owned()),
                    ));
                }
                r.map(|r| (when.to_owned(), r))
            }
        };
        let mut names = HashSet::new();
        let mut jobs = Vec::new();
        for (i, raw) in self.schedules.iter().enumerate() {
            let path = format!("schedules[{i}]");
            let name = raw.name.trim().to_owned();
            if name.is_empty() || name.contains(char::is_whitespace) {
                p.push(Problem::new(format!("{path}.name"), ProblemKind::Empty));
            } else if !names.insert(name.clone()) {
                p.push(Problem::new(
                    format!("{path}.name"),
                    ProblemKind::Duplicate(name.clone()),
                ));
            }
            let when = crate::domain::schedule::parse_when(&raw.when);
            if when.is_none() {
                p.push(Problem::new(
                    format!("{path}.when"),
                    ProblemKind::BadSchedule(raw.when.clone()),
                ));
            }
            let action = match raw.action.trim() {
                "standup" => Some(ScheduleAction::Standup),
                "digest" => Some(ScheduleAction::Digest),
                "announce" => match raw.meeting.as_deref().map(str::trim) {
                    Some(m)
                        if m == "production"
                            || m == "reflection"
                            || meetings.committees.iter().any(|c| c.name == m) =>
                    {
                        Some(ScheduleAction::Announce {
                            committee: m.to_owned(),
                        })
                    }
                    Some(m) => {
                        p.push(Problem::new(
                            format!("{path}.meeting"),
                            ProblemKind::OneOf {
                                value: m.to_owned(),
                                allowed: "production, reflection, a committee".into(),
                            },
                        ));
                        None
                    }
                    None => {
                        p.push(Problem::new(
                            format!("{path}.meeting"),
                            ProblemKind::Required("action = \"announce\"".into()),
                        ));
                        None
                    }
                },
                "message" => match raw.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) => Some(ScheduleAction::Message { text: t.to_owned() }),
                    None => {
                        p.push(Problem::new(
                            format!("{path}.text"),
                            ProblemKind::Required("action = \"message\"".into()),
                        ));
                        None
                    }
                },
                other => {
                    p.push(Problem::new(
                        format!("{path}.action"),
                        ProblemKind::OneOf {
                            value: other.to_owned(),
                            allowed: "standup, digest, announce, message".into(),
                        },
                    ));
                    None
                }
            };
            let on_holiday = match raw.on_holiday.as_deref().map(str::trim) {
                None | Some("skip") => OnHoliday::Skip,
                Some("next-working-day") => OnHoliday::NextWorkingDay,
                Some(other) => {
                    p.push(Problem::new(
                        format!("{path}.on_holiday"),
                        ProblemKind::OneOf {
                            value: other.to_owned(),
                            allowed: "skip, next-working-day".into(),
                        },
                    ));
                    OnHoliday::Skip
                }
            };
            if let (Some(when), Some(action)) = (when, action) {
                jobs.push(Schedule {
                    name,
                    spec: format!("{} | {} | {:?}", raw.when.trim(), raw.action.trim(), on_holiday),
                    when,
                    action,
                    room: raw.room.as_ref().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()),
                    on_holiday,
                });
            }
        }
        Schedules {
            stale_after,
            meeting_reminders,
            membership_nudge: nudge,
            jobs,
        }
    }

    fn validate_irc(&self, base_dir: &Path, p: &mut Vec<Problem>) -> Option<IrcSettings> {
        let raw = &self.irc;
        if raw.server.trim().is_empty() {
            return None;
        }
        if !(1..=65535).contains(&raw.port) {
            p.push(Problem::new(
                "irc.port",
                ProblemKind::OutOfRange {
                    value: raw.port,
                    min: 1,
                    max: 65535,
                },
            ));
        }
        let nick_ok = |n: &str| !n.is_empty() && n.len() <= 30 && !n.contains([' ', ',', '*', '?', '!', '@', '#', ':']);
        if !nick_ok(raw.nick.trim()) {
            p.push(Problem::new("irc.nick", ProblemKind::Empty));
        }
        let mut channels = Vec::new();
        for (i, c) in raw.channels.iter().enumerate() {
            let c = c.trim();
            if !c.starts_with('#') || c.len() < 2 || c.contains([' ', ',', '\u{7}']) {
                p.push(Problem::new(
                    format!("irc.channels[{i}]"),
                    ProblemKind::BadChannel(c.to_owned()),
                ));
            } else {
                channels.push(c.to_owned());
            }
        }
        if raw.channels.is_empty() {
            p.push(Problem::new("irc.channels", ProblemKind::Empty));
        }
        if !(1..=10_000).contains(&raw.burst) {
            p.push(Problem::new(
                "irc.burst",
                ProblemKind::OutOfRange {
                    value: raw.burst,
                    min: 1,
                    max: 10_000,
                },
            ));
        }
        if !(raw.lines_per_second > 0.0 && raw.lines_per_second <= 1_000_000.0) {
            p.push(Problem::new(
                "irc.lines_per_second",
                ProblemKind::OutOfRange {
                    value: raw.lines_per_second as i64,
                    min: 1,
                    max: 1_000_000,
                },
            ));
        }
        let account = raw.sasl_account.trim();
        let password = if account.is_empty() {
            None
        } else if !raw.password_file.trim().is_empty() {
            Some(Secret::File(base_dir.join(raw.password_file.trim())))
        } else {
            Some(Secret::Env(raw.password_env.trim().to_owned()))
        };
        Some(IrcSettings {
            server: raw.server.trim().to_owned(),
            port: raw.port.clamp(1, 65535) as u16,
            tls: raw.tls,
            tls_ca_file: (!raw.tls_ca_file.trim().is_empty()).then(|| base_dir.join(raw.tls_ca_file.trim())),
            nick: raw.nick.trim().to_owned(),
            channels,
            sasl: password.map(|pw| (account.to_owned(), pw)),
            allow_nick_only: raw.allow_nick_only,
            burst: raw.burst.clamp(1, 10_000) as u32,
            lines_per_second: raw.lines_per_second.clamp(0.001, 1_000_000.0),
        })
    }

    fn validate_matrix(&self, base_dir: &Path, database: &Path, p: &mut Vec<Problem>) -> Option<MatrixSettings> {
        let raw = &self.matrix;
        let homeserver = raw.homeserver.trim();
        if homeserver.is_empty() {
            return None;
        }
        let scheme_ok = ["http://", "https://"]
            .iter()
            .any(|s| homeserver.len() > s.len() && homeserver.starts_with(s));
        if !scheme_ok || homeserver.contains(char::is_whitespace) {
            p.push(Problem::new(
                "matrix.homeserver",
                ProblemKind::BadUrl(homeserver.to_owned()),
            ));
        }
        let user = raw.user.trim();
        if !super::matrix_id::is_user_id(user) {
            p.push(Problem::new("matrix.user", ProblemKind::BadMatrixId(user.to_owned())));
        }
        let mut rooms = Vec::new();
        for (i, r) in raw.rooms.iter().enumerate() {
            let r = r.trim();
            if super::matrix_id::is_room_id_or_alias(r) {
                rooms.push(r.to_owned());
            } else {
                p.push(Problem::new(
                    format!("matrix.rooms[{i}]"),
                    ProblemKind::BadRoom(r.to_owned()),
                ));
            }
        }
        if raw.rooms.is_empty() {
            p.push(Problem::new("matrix.rooms", ProblemKind::Empty));
        }
        let token = if !raw.access_token_file.trim().is_empty() {
            Some(Secret::File(base_dir.join(raw.access_token_file.trim())))
        } else if !raw.access_token_env.trim().is_empty() {
            Some(Secret::Env(raw.access_token_env.trim().to_owned()))
        } else {
            None
        };
        let login = match token {
            Some(t) => MatrixLogin::AccessToken(t),
            None if !raw.password_file.trim().is_empty() => {
                MatrixLogin::Password(Secret::File(base_dir.join(raw.password_file.trim())))
            }
            None => MatrixLogin::Password(Secret::Env(raw.password_env.trim().to_owned())),
        };
        let state_dir = if raw.state_dir.trim().is_empty() {
            database.with_extension("matrix")
        } else {
            base_dir.join(raw.state_dir.trim())
        };
        if raw.device_name.trim().is_empty() {
            p.push(Problem::new("matrix.device_name", ProblemKind::Empty));
        }
        Some(MatrixSettings {
            homeserver: homeserver.trim_end_matches('/').to_owned(),
            user: user.to_owned(),
            login,
            rooms,
            state_dir,
            device_name: raw.device_name.trim().to_owned(),
        })
    }

    fn validate_membership(&self, p: &mut Vec<Problem>) -> MembershipRules {
        let m = &self.membership;
        let mut field = |key: &str, value: i64, min: i64, max: i64| {
            if !(min..=max).contains(&value) {
                p.push(Problem::new(
                    format!("membership.{key}"),
                    ProblemKind::OutOfRange { value, min, max },
                ));
            }
            value.clamp(min, max)
        };
        MembershipRules {
            months: field("months", m.months, 1, 12) as u32,
            min_committees: field("min_committees", m.min_committees, 0, 50) as u32,
            min_reflection: field("min_reflection_meetings", m.min_reflection_meetings, 0, 50) as u32,
            min_minutes_per_month: field("min_hours_per_month", m.min_hours_per_month, 0, 744) * 60,
            warn_minutes_total: field("warn_below_hours", m.warn_below_hours, 0, 10_000) * 60,
            max_absence: Duration::weeks(field("max_absence_weeks", m.max_absence_weeks, 1, 52)),
        }
    }

    fn validate_proposals(&self, p: &mut Vec<Problem>) -> ProposalRules {
        let delay = self.proposals.delay_business_hours;
        let max_delay = 24 * 365;
        if !(1..=max_delay).contains(&delay) {
            p.push(Problem::new(
                "proposals.delay_business_hours",
                ProblemKind::OutOfRange {
                    value: delay,
                    min: 1,
                    max: max_delay,
                },
            ));
        }
        let mut reminders = Vec::new();
        for (i, r) in self.proposals.reminders_before.iter().enumerate() {
            let path = format!("proposals.reminders_before[{i}]");
            match parse_offset(r) {
                // Reminders are kept per whole minute.
                Some(d) if d.num_seconds() % 60 != 0 => p.push(Problem::new(path, ProblemKind::BadDuration(r.clone()))),
                Some(d) if reminders.contains(&d) => p.push(Problem::new(path, ProblemKind::Duplicate(r.clone()))),
                Some(d) => reminders.push(d),
                None => p.push(Problem::new(path, ProblemKind::BadDuration(r.clone()))),
            }
        }
        reminders.sort_by(|a, b| b.cmp(a));
        let cap = self.proposals.budget_cap;
        let max_cap = 1_000_000_000;
        let budget_cap = if !(0..=max_cap).contains(&cap) {
            p.push(Problem::new(
                "proposals.budget_cap",
                ProblemKind::OutOfRange {
                    value: cap,
                    min: 0,
                    max: max_cap,
                },
            ));
            None
        } else if cap == 0 {
            None
        } else {
            Some(Money(cap * 100))
        };
        ProposalRules {
            delay_hours: delay.clamp(1, max_delay) as u32,
            reminders,
            budget_cap,
        }
    }

    fn validate_punch(&self, p: &mut Vec<Problem>) -> PunchRules {
        let mut span = |key: &str, value: &str, default: i64| match parse_offset(value) {
            Some(d) if d.num_seconds() % 60 == 0 && d <= Duration::days(7) => d,
            _ => {
                p.push(Problem::new(
                    format!("punch.{key}"),
                    ProblemKind::BadDuration(value.to_owned()),
                ));
                Duration::minutes(default)
            }
        };
        let remind_after = match self.punch.remind_after.trim() {
            "" => None,
            value => Some(span("remind_after", value, 8 * 60)),
        };
        let timer_limit = span("timer_limit", &self.punch.timer_limit, 12 * 60);
        let undo_window = span("undo_window", &self.punch.undo_window, 30);
        let back = self.punch.max_days_back;
        if !(0..=3660).contains(&back) {
            p.push(Problem::new(
                "punch.max_days_back",
                ProblemKind::OutOfRange {
                    value: back,
                    min: 0,
                    max: 3660,
                },
            ));
        }
        PunchRules {
            timer_limit,
            undo_window,
            remind_after,
            max_days_back: back.clamp(0, 3660) as u32,
        }
    }

    fn validate_projects(&self, p: &mut Vec<Problem>) -> Vec<Project> {
        let mut names = HashSet::new();
        let mut projects = Vec::new();
        for (i, raw) in self.projects.iter().enumerate() {
            let name = raw.name.trim().to_lowercase();
            // The same rule as the commands' (`!punch 2h NAME`), so every project can be typed.
            if parse_name(&name) == Err(NameError::TooLong) {
                p.push(Problem::new(
                    format!("projects[{i}].name"),
                    ProblemKind::ProjectNameTooLong(raw.name.clone()),
                ));
            } else if parse_name(&name).is_err() {
                p.push(Problem::new(
                    format!("projects[{i}].name"),
                    ProblemKind::BadProjectName(raw.name.clone()),
                ));
            } else if !names.insert(name.clone()) {
                p.push(Problem::new(
                    format!("projects[{i}].name"),
                    ProblemKind::Duplicate(raw.name.clone()),
                ));
            }
            let kind = match raw.kind.as_deref().map(|k| (k, ProjectKind::parse(k))) {
                None => ProjectKind::Work,
                Some((_, Some(kind))) => kind,
                Some((other, None)) => {
                    p.push(Problem::new(
                        format!("projects[{i}].kind"),
                        ProblemKind::BadProjectKind(other.to_owned()),
                    ));
                    ProjectKind::Work
                }
            };
            projects.push(Project { name, kind });
        }
        projects
    }

    fn validate_members(&self, p: &mut Vec<Problem>) -> Vec<Member> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut members = Vec::new();
        for (i, m) in self.members.iter().enumerate() {
            let path = format!("members[{i}]");
            let name = m.name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) || name.contains([':', '>']) {
                p.push(Problem::new(format!("{path}.name"), ProblemKind::Empty));
            } else if !seen.insert(format!("name:{}", name.to_lowercase())) {
                p.push(Problem::new(
                    format!("{path}.name"),
                    ProblemKind::Duplicate(name.to_owned()),
                ));
            }
            let lang = m.language.as_ref().and_then(|l| {
                let parsed = Lang::parse(l);
                if parsed.is_none() {
                    p.push(Problem::new(
                        format!("{path}.language"),
                        ProblemKind::UnknownLanguage(l.clone()),
                    ));
                }
                parsed
            });
            let tz = m.timezone.as_ref().map(|z| parse_tz(z, &format!("{path}.timezone"), p));
            for (key, handle) in [
                ("irc_account", &m.irc_account),
                ("irc_nick", &m.irc_nick),
                ("matrix_id", &m.matrix_id),
            ] {
                if let Some(h) = handle {
                    if h.trim().is_empty() {
                        p.push(Problem::new(format!("{path}.{key}"), ProblemKind::Empty));
                    } else if !seen.insert(format!("{key}:{}", h.trim().to_lowercase())) {
                        p.push(Problem::new(format!("{path}.{key}"), ProblemKind::Duplicate(h.clone())));
                    }
                }
            }
            if let Some(id) = &m.matrix_id
                && !id.trim().is_empty()
                && !super::matrix_id::is_user_id(id.trim())
            {
                p.push(Problem::new(
                    format!("{path}.matrix_id"),
                    ProblemKind::BadMatrixId(id.clone()),
                ));
            }
            let clean = |h: &Option<String>| h.as_ref().map(|s| s.trim().to_owned());
            members.push(Member {
                name: name.to_owned(),
                lang,
                tz,
                irc_account: clean(&m.irc_account),
                irc_nick: clean(&m.irc_nick),
                matrix_id: clean(&m.matrix_id),
            });
        }
        members
    }
}

fn syntax_problem(e: &toml::de::Error, text: &str) -> Problem {
    let location = e.span().map(|span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{line}:{column}")
    });
    Problem::new(
        location.unwrap_or_default(),
        ProblemKind::Syntax(e.message().to_owned()),
    )
}

fn parse_tz(s: &str, path: &str, p: &mut Vec<Problem>) -> Tz {
    s.trim().parse::<Tz>().unwrap_or_else(|_| {
        p.push(Problem::new(path, ProblemKind::UnknownTimeZone(s.to_owned())));
        chrono_tz::America::Montreal
    })
}

fn recurrence(weekday: &str, time: &str, nth: Option<i64>, path: &str, p: &mut Vec<Problem>) -> Option<Recurrence> {
    let wd = weekday_from_str(weekday);
    if wd.is_none() {
        p.push(Problem::new(
            format!("{path}.weekday"),
            ProblemKind::UnknownWeekday(weekday.to_owned()),
        ));
    }
    let t = parse_time(time);
    if t.is_none() {
        p.push(Problem::new(
            format!("{path}.time"),
            ProblemKind::BadTime(time.to_owned()),
        ));
    }
    let nth = match nth {
        None => None,
        Some(n @ (1..=5 | -1)) => Some(n as i8),
        Some(n) => {
            p.push(Problem::new(format!("{path}.nth"), ProblemKind::BadNth(n)));
            return None;
        }
    };
    let (weekday, time) = (wd?, t?);
    Some(match nth {
        None => Recurrence::Weekly { weekday, time },
        Some(nth) => Recurrence::MonthlyNth { nth, weekday, time },
    })
}

pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    crate::domain::calendar::parse_time_of_day(s)
}

/// A reminder offset: `24h`, `90m`, `2d`, `1h30`.
fn parse_offset(s: &str) -> Option<Duration> {
    crate::domain::span::parse_span(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProblemKind::*;

    fn problems(toml: &str) -> Vec<Problem> {
        match crate::config::Config::parse(toml, Path::new("/tmp")) {
            Ok(_) => Vec::new(),
            Err(p) => p,
        }
    }

    #[test]
    fn builtin_default_is_valid_and_as_specified() {
        let c = crate::config::Config::builtin();
        assert_eq!(c.collective.tz, chrono_tz::America::Montreal);
        assert_eq!(c.collective.lang, Lang::En);
        assert_eq!(c.database, Path::new("./konbit.db"));
        assert_eq!(c.proposals.delay_hours, 48);
        assert_eq!(c.proposals.reminders, vec![Duration::hours(24), Duration::hours(2)]);
        assert!(c.members.is_empty());
        assert!(
            c.calendar
                .is_holiday(chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let got = problems(
            r#"
            [collective]
            timezone = "America/Montrea"
            language = "de"
            [calendar]
            working_days = ["mon", "fiday"]
            holidays = [{ date = "2026-02-30" }]
            [meetings.production]
            weekday = "tuesday"
            time = "25:00"
            [proposals]
            delay_business_hours = 0
            reminders_before = ["soon"]
            [[members]]
            name = "alice"
            irc_account = "al"
            [[members]]
            name = "Alice"
            irc_account = "AL"
            language = "es"
            "#,
        );
        let got: Vec<_> = got.iter().map(|p| (p.path.as_str(), &p.kind)).collect();
        let want = [
            ("collective.timezone", &UnknownTimeZone("America/Montrea".into())),
            ("collective.language", &UnknownLanguage("de".into())),
            ("calendar.working_days[1]", &UnknownWeekday("fiday".into())),
            ("calendar.holidays[0].date", &BadDate("2026-02-30".into())),
            ("meetings.production.time", &BadTime("25:00".into())),
            (
                "proposals.delay_business_hours",
                &OutOfRange {
                    value: 0,
                    min: 1,
                    max: 8760,
                },
            ),
            ("proposals.reminders_before[0]", &BadDuration("soon".into())),
            ("members[1].name", &Duplicate("Alice".into())),
            ("members[1].language", &UnknownLanguage("es".into())),
            ("members[1].irc_account", &Duplicate("AL".into())),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_problems() {
        let got = problems("[collective]\nnmae = \"x\"\n[proposals]\nbudget_capp = 3\n");
        let paths: Vec<_> = got.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["collective.nmae", "proposals.budget_capp"]);
        let got = problems("[proposals]\ndelay_business_hours = \"two days\"\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "proposals.delay_business_hours");
        assert!(matches!(got[0].kind, WrongType(_)));
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let got = problems("[collective]\nname = \"unterminated\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].path.starts_with("2:"), "{:?}", got[0]);
        assert!(matches!(got[0].kind, Syntax(_)));
    }

    #[test]
    fn shipped_example_config_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/konbit.example.toml");
        let c = crate::config::Config::load(Some(&path)).unwrap_or_else(|p| panic!("{p:?}"));
        for d in ["2026-06-24", "2027-03-26", "2027-10-11"] {
            assert!(c.calendar.is_holiday(d.parse().unwrap()), "{d}");
        }
        assert!(!c.members.is_empty());
    }

    #[test]
    fn offsets_and_times() {
        assert_eq!(parse_offset("24h"), Some(Duration::hours(24)));
        assert_eq!(parse_offset("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_offset("1h30"), Some(Duration::minutes(90)));
        assert_eq!(parse_offset("2d"), Some(Duration::days(2)));
        assert_eq!(parse_offset("15"), None);
        assert_eq!(parse_offset("0h"), None);
        let got = problems(
            "[proposals]\nreminders_before = [\"1h30s\"]\n[[meetings.committees]]\nname = \"x\"\nweekday = \"mon\"\n",
        );
        let got: Vec<_> = got.iter().map(|p| (p.path.as_str(), &p.kind)).collect();
        assert_eq!(
            got,
            [
                ("meetings.committees[0].time", &Required("weekday".into())),
                ("proposals.reminders_before[0]", &BadDuration("1h30s".into()))
            ]
        );
        assert_eq!(parse_time("13h"), NaiveTime::from_hms_opt(13, 0, 0));
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_time("9:5"), None);
    }

    fn paths_and_kinds(got: &[Problem]) -> Vec<(&str, &ProblemKind)> {
        got.iter().map(|p| (p.path.as_str(), &p.kind)).collect()
    }

    /// One mistake in every other section: each is reported at its key path, in the
    /// order of the sections.
    #[test]
    fn a_mistake_in_each_section_is_reported_at_its_path() {
        let got = problems(
            r##"
            [collective]
            name = " "
            [storage]
            database = ""
            [console]
            room = ""
            [calendar]
            working_days = []
            holidays = [{ date = "2026-01-05" }, { date = "2026-01-05" }]
            [meetings]
            minutes_dir = " "
            reminders_before = ["1h", "60m", "2x"]
            [meetings.reflection]
            weekday = "tue"
            time = "13:00"
            nth = 6
            [[meetings.committees]]
            name = "Production"
            [[meetings.committees]]
            name = "hiring"
            time = "10:00"
            [standup]
            time_box_minutes = 121
            order = "random"
            [membership]
            months = 0
            max_absence_weeks = 53
            nudge = "sometimes"
            [scheduler]
            stale_after = "30s"
            [[schedules]]
            name = "a b"
            when = "weekly funday 10:00"
            action = "announce"
            meeting = "lunch"
            on_holiday = "ignore"
            [[schedules]]
            name = "say"
            when = "weekly monday 10:00"
            action = "message"
            [[schedules]]
            name = "say"
            when = "weekly monday 10:00"
            action = "dance"
            [[schedules]]
            name = "tell"
            when = "weekly monday 10:00"
            action = "announce"
            [irc]
            server = "irc.example.org"
            port = 0
            nick = "kon bit"
            channels = ["office"]
            burst = 0
            lines_per_second = 0.0
            [matrix]
            homeserver = "matrix.example.org"
            user = "@konbit"
            rooms = ["!abc:example.org", "office", "#a b:ex ample.org"]
            device_name = " "
            [proposals]
            budget_cap = -1
            [punch]
            timer_limit = "8d"
            undo_window = "30s"
            remind_after = "x"
            max_days_back = 4000
            [[projects]]
            name = "a-very-long-project-name-for-the-new-client-website"
            [[projects]]
            name = "web/dev"
            kind = "fun"
            [[projects]]
            name = "Site"
            [[projects]]
            name = "site "
            [[members]]
            name = "al:ice"
            matrix_id = "alice:example.org"
            timezone = "Mars/Base"
            [[members]]
            name = "bob"
            irc_nick = " "
            "##,
        );
        let range = |value, min, max| OutOfRange { value, min, max };
        let one_of = |value: &str, allowed: &str| OneOf {
            value: value.into(),
            allowed: allowed.into(),
        };
        let want: Vec<(&str, ProblemKind)> = vec![
            ("collective.name", Empty),
            ("storage.database", Empty),
            ("console.room", Empty),
            ("calendar.working_days", NoWorkingDays),
            ("calendar.holidays[1].date", Duplicate("2026-01-05".into())),
            ("meetings.reflection.nth", BadNth(6)),
            ("meetings.committees[0].name", Duplicate("Production".into())),
            ("meetings.committees[1].weekday", Required("time".into())),
            ("meetings.minutes_dir", Empty),
            ("standup.time_box_minutes", range(121, 0, 120)),
            ("standup.order", one_of("random", "rotate, shuffle")),
            ("membership.months", range(0, 1, 12)),
            ("membership.max_absence_weeks", range(53, 1, 52)),
            ("scheduler.stale_after", BadDuration("30s".into())),
            ("meetings.reminders_before[1]", Duplicate("60m".into())),
            ("meetings.reminders_before[2]", BadDuration("2x".into())),
            ("membership.nudge", BadSchedule("sometimes".into())),
            ("schedules[0].name", Empty),
            ("schedules[0].when", BadSchedule("weekly funday 10:00".into())),
            (
                "schedules[0].meeting",
                one_of("lunch", "production, reflection, a committee"),
            ),
            ("schedules[0].on_holiday", one_of("ignore", "skip, next-working-day")),
            ("schedules[1].text", Required("action = \"message\"".into())),
            ("schedules[2].name", Duplicate("say".into())),
            (
                "schedules[2].action",
                one_of("dance", "standup, digest, announce, message"),
            ),
            ("schedules[3].meeting", Required("action = \"announce\"".into())),
            ("irc.port", range(0, 1, 65535)),
            ("irc.nick", Empty),
            ("irc.channels[0]", BadChannel("office".into())),
            ("irc.burst", range(0, 1, 10_000)),
            ("irc.lines_per_second", range(0, 1, 1_000_000)),
            ("matrix.homeserver", BadUrl("matrix.example.org".into())),
            ("matrix.user", BadMatrixId("@konbit".into())),
            ("matrix.rooms[1]", BadRoom("office".into())),
            ("matrix.rooms[2]", BadRoom("#a b:ex ample.org".into())),
            ("matrix.device_name", Empty),
            ("proposals.budget_cap", range(-1, 0, 1_000_000_000)),
            (
                "projects[0].name",
                ProjectNameTooLong("a-very-long-project-name-for-the-new-client-website".into()),
            ),
            ("projects[1].name", BadProjectName("web/dev".into())),
            ("projects[1].kind", BadProjectKind("fun".into())),
            ("projects[3].name", Duplicate("site ".into())),
            ("punch.remind_after", BadDuration("x".into())),
            ("punch.timer_limit", BadDuration("8d".into())),
            ("punch.undo_window", BadDuration("30s".into())),
            ("punch.max_days_back", range(4000, 0, 3660)),
            ("members[0].name", Empty),
            ("members[0].timezone", UnknownTimeZone("Mars/Base".into())),
            ("members[0].matrix_id", BadMatrixId("alice:example.org".into())),
            ("members[1].irc_nick", Empty),
        ];
        let want: Vec<_> = want.iter().map(|(path, kind)| (*path, kind)).collect();
        assert_eq!(paths_and_kinds(&got), want);
    }
}
