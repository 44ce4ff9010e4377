//! Validation: the raw values read from the file into a typed [`Config`], collecting every
//! problem with its key path instead of stopping at the first, in the order of the
//! sections. One submodule per group of sections; the checks they share (a number in a
//! range, one word of a list, a time zone…) are in [`check`].

mod calendar;
mod check;
mod mail;
mod networks;
mod people;
mod privacy;
mod rules;
mod schedules;
mod web;

use std::path::Path;
use std::time::Duration;

use check::{language, not_blank, time_zone};

use super::raw::RawConfig;
use super::{Collective, Config, Problem};
use crate::i18n::Lang;

impl RawConfig {
    /// Turns raw values into a [`Config`], collecting every problem.
    pub fn validate(self, base_dir: &Path) -> Result<Config, Vec<Problem>> {
        let mut p = Vec::new();

        let tz = time_zone("collective.timezone", &self.collective.timezone, &mut p);
        let lang = language("collective.language", &self.collective.language, &mut p).unwrap_or(Lang::En);
        not_blank("collective.name", &self.collective.name, &mut p);
        let (database, postgres) = storage(&self.storage, base_dir, &mut p);
        let lease = lease(&self.storage, &mut p);
        not_blank("console.room", &self.console.room, &mut p);

        let calendar = calendar::calendar(&self.calendar, tz, &mut p);
        let meetings = calendar::meetings(&self.meetings, base_dir, &mut p);
        let standup = rules::standup(&self.standup, &mut p);
        let membership = rules::membership(&self.membership, &mut p);
        let schedules = schedules::schedules(&self, &meetings, &mut p);
        let irc = networks::irc(&self.irc, base_dir, &mut p);
        let matrix = networks::matrix(&self.matrix, base_dir, &database, &mut p);
        let web = web::web(&self.web, base_dir, &mut p);
        let proposals = rules::proposals(&self.proposals, &mut p);
        let projects = people::projects(&self.projects, &mut p);
        let punch = rules::punch(&self.punch, &mut p);
        let mut members = people::members(&self.members, &mut p);
        for (m, (email, pref)) in members.iter_mut().zip(mail::member_mail(&self.members, &mut p)) {
            m.email = email;
            m.mail = pref;
        }
        let mail = mail::mail(&self.mail, self.collective.name.trim(), base_dir, &mut p);
        let privacy = privacy::privacy(&self.privacy, &mut p);

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
            postgres,
            lease,
            console_room: self.console.room.trim().to_owned(),
            calendar,
            meetings,
            proposals,
            privacy,
            punch,
            standup,
            membership,
            schedules,
            irc,
            matrix,
            mail,
            web,
            projects,
            members,
        })
    }
}

/// `[storage]`: the SQLite file, or a PostgreSQL URL instead (not both).
fn storage(
    raw: &super::raw::RawStorage,
    base_dir: &Path,
    p: &mut Vec<Problem>,
) -> (std::path::PathBuf, Option<String>) {
    use super::ProblemKind;
    let file = raw.database.as_deref().unwrap_or("konbit.db");
    not_blank("storage.database", file, p);
    let database = base_dir.join(file);
    let Some(url) = raw.url.as_deref().map(str::trim) else {
        return (database, None);
    };
    if raw.database.is_some() {
        p.push(Problem::new(
            "storage.url",
            ProblemKind::BothStorages("storage.database".into()),
        ));
    }
    let scheme_ok = url.starts_with("postgres://") || url.starts_with("postgresql://");
    let servers = super::postgres_servers(url);
    if !scheme_ok
        || servers
            .iter()
            .any(|server| server.parse::<sqlx::postgres::PgConnectOptions>().is_err())
    {
        p.push(Problem::new(
            "storage.url",
            ProblemKind::BadPostgresUrl(super::redact_url(url)),
        ));
    }
    // No file on PostgreSQL but the single-instance lock (`konbit.db.lock`): in the working
    // directory (a unit's state directory, `konbit@NAME`'s own), never beside the
    // configuration file (/etc/konbit, which the packaged service cannot write and every
    // instance shares).
    (std::path::PathBuf::from("konbit.db"), Some(url.to_owned()))
}

/// `storage.lease` (2 s to 10 min) and `storage.renew` (under half the lease).
fn lease(raw: &super::raw::RawStorage, p: &mut Vec<Problem>) -> super::Lease {
    use super::ProblemKind::BadLease;
    let default = super::Lease::default();
    let span = |v: &str| check::parse_offset(v.trim()).and_then(|d| d.to_std().ok());
    let lease = match raw.lease.as_deref() {
        None => default.lease,
        Some(v) => match span(v) {
            Some(d) if d >= Duration::from_secs(2) && d <= Duration::from_secs(600) => d,
            _ => {
                p.push(Problem::new("storage.lease", BadLease(v.to_owned())));
                default.lease
            }
        },
    };
    let renew = match raw.renew.as_deref() {
        None => lease / 3,
        Some(v) => match span(v) {
            Some(d) if !d.is_zero() && d * 2 < lease => d,
            _ => {
                p.push(Problem::new("storage.renew", BadLease(v.to_owned())));
                lease / 3
            }
        },
    };
    super::Lease { lease, renew }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use crate::config::ProblemKind::*;
    use crate::config::{Config, Problem, ProblemKind};
    use crate::i18n::Lang;
    use std::path::Path;

    fn problems(toml: &str) -> Vec<Problem> {
        Config::parse(toml, Path::new("/tmp")).err().unwrap_or_default()
    }

    fn paths_and_kinds(got: &[Problem]) -> Vec<(&str, &ProblemKind)> {
        got.iter().map(|p| (p.path.as_str(), &p.kind)).collect()
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
        let tb = c.meetings.time_boxes;
        assert_eq!((tb.info, tb.brainstorm, tb.decision), (5, 20, 15));
        assert!(
            c.calendar
                .is_holiday(chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
        );
    }

    #[test]
    fn agenda_time_boxes_are_read_and_checked() {
        let ok = Config::parse(
            "[meetings.time_boxes]\ninfo = \"10m\"\nbrainstorm = \"1h\"\n",
            Path::new("/tmp"),
        )
        .expect("valid");
        let tb = ok.meetings.time_boxes;
        assert_eq!((tb.info, tb.brainstorm, tb.decision), (10, 60, 15));
        let got = problems("[meetings.time_boxes]\ninfo = \"0m\"\ndecision = \"5h\"\n");
        assert_eq!(
            paths_and_kinds(&got),
            [
                ("meetings.time_boxes.info", &BadDuration("0m".into())),
                ("meetings.time_boxes.decision", &BadDuration("5h".into())),
            ]
        );
    }

    #[test]
    fn the_target_share_of_meetings_is_read_and_checked() {
        let ok = Config::parse("[meetings]\ntarget_share = \"12.5 %\"\n", Path::new("/tmp")).expect("valid");
        assert_eq!(ok.meetings.target_share, Some(crate::domain::share::Share(125)));
        assert_eq!(Config::builtin().meetings.target_share, None);
        for bad in ["15", "0%", "150%", "a lot"] {
            let got = problems(&format!("[meetings]\ntarget_share = \"{bad}\"\n"));
            assert_eq!(
                paths_and_kinds(&got),
                [("meetings.target_share", &BadShare(bad.into()))],
                "{bad}"
            );
        }
        let line = Problem::new("meetings.target_share", BadShare("15".into())).render(Lang::En);
        assert!(
            line.contains("a percentage above 0 and at most 100, with its sign, e.g. \"15%\""),
            "{line}"
        );
    }

    #[test]
    fn meeting_roles_are_off_without_their_section_and_checked_with_it() {
        let none = Config::parse("", Path::new("/tmp")).expect("valid");
        assert!(none.meetings.roles_of("production").is_empty());
        let on = Config::parse(
            "[meetings.roles]\ncommittees = [\"facilitator\"]\n[[meetings.committees]]\nname = \"finance\"\nroles = [\"Cook\", \"facilitator\"]\n",
            Path::new("/tmp"),
        )
        .expect("valid");
        let m = &on.meetings;
        assert_eq!(m.roles_of("production"), ["facilitator", "note-taker", "timekeeper"]);
        assert_eq!(m.roles_of("finance"), ["cook", "facilitator"]);
        assert_eq!(m.roles_of("hiring"), ["facilitator"]);
        assert_eq!(
            (m.roles.draw_before, m.roles.newcomer_meetings),
            (chrono::Duration::days(3), 2)
        );
        let got = problems(
            "[meetings.roles]\ndraw_before = \"2 months\"\nnewcomer_meetings = -1\nproduction = [\"facilitator\", \"animation\", \" \"]\n",
        );
        assert_eq!(
            paths_and_kinds(&got),
            [
                ("meetings.roles.draw_before", &BadDuration("2 months".into())),
                (
                    "meetings.roles.newcomer_meetings",
                    &OutOfRange {
                        value: -1,
                        min: 0,
                        max: 52
                    }
                ),
                ("meetings.roles.production[1]", &Duplicate("animation".into())),
                ("meetings.roles.production[2]", &Empty),
            ]
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
    fn shipped_example_config_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/konbit.example.toml");
        let c = crate::config::Config::load(Some(&path)).unwrap_or_else(|p| panic!("{p:?}"));
        for d in ["2026-06-24", "2027-03-26", "2027-10-11"] {
            assert!(c.calendar.is_holiday(d.parse().unwrap()), "{d}");
        }
        assert!(!c.members.is_empty());
    }

    #[test]
    fn committee_with_a_weekday_and_no_time_needs_both() {
        let got = problems(
            "[proposals]\nreminders_before = [\"1h30s\"]\n[[meetings.committees]]\nname = \"x\"\nweekday = \"mon\"\n",
        );
        assert_eq!(
            paths_and_kinds(&got),
            [
                ("meetings.committees[0].time", &Required("weekday".into())),
                ("proposals.reminders_before[0]", &BadDuration("1h30s".into()))
            ]
        );
    }

    /// One mistake in every other section: each is reported at its key path, in the
    /// order of the sections.
    #[test]
    fn a_postgres_url_may_list_a_primary_and_its_replicas() {
        let c = Config::parse(
            "[storage]\nurl = \"postgres://konbit:pw@127.0.0.1:5432,127.0.0.1:5433/konbit?sslmode=disable\"\n",
            Path::new("/tmp"),
        )
        .expect("valid");
        let servers = crate::config::postgres_servers(c.postgres.as_deref().expect("url"));
        assert_eq!(
            servers,
            [
                "postgres://konbit:pw@127.0.0.1:5432/konbit?sslmode=disable",
                "postgres://konbit:pw@127.0.0.1:5433/konbit?sslmode=disable"
            ]
        );
        let got = problems("[storage]\nurl = \"postgres://konbit:pw@db:5432,db:notaport/konbit\"\n");
        assert_eq!(
            paths_and_kinds(&got).first().map(|(p, _)| *p),
            Some("storage.url"),
            "{got:?}"
        );
    }

    #[test]
    fn a_postgres_url_is_used_instead_of_the_file_and_a_bad_one_or_both_are_refused() {
        let c = Config::parse(
            "[storage]\nurl = \"postgres://konbit:pw@127.0.0.1:5432/konbit\"\n",
            Path::new("/tmp"),
        )
        .expect("valid");
        assert_eq!(
            c.postgres.as_deref(),
            Some("postgres://konbit:pw@127.0.0.1:5432/konbit")
        );
        // The lock file in the working directory, not beside the file.
        assert_eq!(c.database, Path::new("konbit.db"));
        let got = problems("[storage]\nurl = \"mysql://konbit:secret@db/konbit\"\n");
        assert_eq!(
            paths_and_kinds(&got),
            vec![("storage.url", &BadPostgresUrl("mysql://konbit:***@db/konbit".into()))]
        );
        // The password never shows in the message.
        assert!(!got[0].render(Lang::En).contains("secret"));
        let got = problems("[storage]\ndatabase = \"k.db\"\nurl = \"postgres://db/konbit\"\n");
        assert_eq!(
            paths_and_kinds(&got),
            vec![("storage.url", &BothStorages("storage.database".into()))]
        );
        assert!(got[0].render(Lang::Fr).contains("storage.database"));
        // The web view reads PostgreSQL as it reads a file.
        let c = Config::parse(
            "[storage]\nurl = \"postgres://db/konbit\"\n[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://konbit.example.org\"\n",
            Path::new("/tmp"),
        )
        .expect("valid");
        assert!(c.web.is_some() && c.postgres.is_some());
    }

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
