//! The calendar feeds read back by a real RFC 5545 parser (the `icalendar` crate), on a
//! real SQLite file filled through the console: meetings across both DST changes of
//! America/Montreal, the generated VTIMEZONE evaluated as a client without a zone
//! database (Outlook) would, stable UIDs, proposals as they change, hostile text, and a
//! member's reminders.

use crate::support;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use konbit::config::Config;
use konbit::store::Store;
use support::{Bot, script};

/// A property: name, parameters (key, value), unescaped value.
type Prop = (String, Vec<(String, String)>, String);

/// An owned component of a parsed calendar.
#[derive(Debug, Clone)]
struct Comp {
    name: String,
    props: Vec<Prop>,
    subs: Vec<Comp>,
}

impl Comp {
    fn get(&self, name: &str) -> Option<&str> {
        self.props.iter().find(|p| p.0 == name).map(|p| p.2.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.props
            .iter()
            .filter(|p| p.0 == name)
            .map(|p| p.2.as_str())
            .collect()
    }

    fn param(&self, name: &str, key: &str) -> Option<&str> {
        let p = self.props.iter().find(|p| p.0 == name)?;
        p.1.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

fn owned(c: &icalendar::parser::Component<'_>) -> Comp {
    Comp {
        name: c.name.as_str().to_owned(),
        props: c
            .properties
            .iter()
            .map(|p| {
                let params = p
                    .params
                    .iter()
                    .map(|x| {
                        let v = x.val.as_ref().map(|v| v.as_str().to_owned()).unwrap_or_default();
                        (x.key.as_str().to_owned(), v)
                    })
                    .collect();
                (
                    p.name.as_str().to_owned(),
                    params,
                    p.val.clone().unescape_text().as_str().to_owned(),
                )
            })
            .collect(),
        subs: c.components.iter().map(owned).collect(),
    }
}

/// The calendar as a parser reads it (properties of VCALENDAR, then its components),
/// after checking the lines themselves: CRLF, at most 75 octets each.
fn parse(text: &str) -> Comp {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "a bare newline: {line:?}");
    }
    let unfolded = icalendar::parser::unfold(text);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}\n{text}"));
    Comp {
        name: "VCALENDAR".into(),
        props: owned(&icalendar::parser::Component {
            name: "VCALENDAR".into(),
            properties: cal.properties.clone(),
            components: Vec::new(),
        })
        .props,
        subs: cal.components.iter().map(owned).collect(),
    }
}

fn events(cal: &Comp) -> Vec<&Comp> {
    cal.subs.iter().filter(|c| c.name == "VEVENT").collect()
}

fn event<'a>(cal: &'a Comp, uid: &str) -> &'a Comp {
    events(cal)
        .into_iter()
        .find(|e| e.get("UID") == Some(uid))
        .unwrap_or_else(|| {
            panic!(
                "no event {uid}: {:?}",
                events(cal).iter().map(|e| e.get("UID")).collect::<Vec<_>>()
            )
        })
}

/// A VTIMEZONE as a client without a zone database reads it: observances with their
/// onsets (DTSTART, yearly RRULE by month and nth/last weekday, RDATE).
struct Zone {
    /// (onset in UTC, offset after it in seconds)
    onsets: Vec<(DateTime<Utc>, i32)>,
}

fn offset(s: &str) -> i32 {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let h: i32 = s[1..3].parse().unwrap();
    let m: i32 = s[3..5].parse().unwrap();
    sign * (h * 3600 + m * 60)
}

fn naive(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn weekday(s: &str) -> Weekday {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        .iter()
        .position(|d| *d == s)
        .and_then(|i| Weekday::try_from(i as u8).ok())
        .unwrap_or_else(|| panic!("weekday {s}"))
}

impl Zone {
    fn read(cal: &Comp, tzid: &str) -> Zone {
        let vtz = cal
            .subs
            .iter()
            .find(|c| c.name == "VTIMEZONE" && c.get("TZID") == Some(tzid))
            .unwrap_or_else(|| panic!("no VTIMEZONE {tzid}"));
        let mut onsets = Vec::new();
        for o in &vtz.subs {
            assert!(o.name == "STANDARD" || o.name == "DAYLIGHT", "{}", o.name);
            let from = offset(o.get("TZOFFSETFROM").unwrap());
            let to = offset(o.get("TZOFFSETTO").unwrap());
            let start = naive(o.get("DTSTART").unwrap());
            let mut locals = vec![start];
            locals.extend(o.all("RDATE").into_iter().map(naive));
            if let Some(rule) = o.get("RRULE") {
                let part = |k: &str| {
                    rule.split(';')
                        .find_map(|p| p.strip_prefix(&format!("{k}=")))
                        .unwrap_or_else(|| panic!("{k} in {rule}"))
                };
                assert_eq!(part("FREQ"), "YEARLY");
                let month: u32 = part("BYMONTH").parse().unwrap();
                let by_day = part("BYDAY");
                let (n, wd) = by_day.split_at(by_day.len() - 2);
                let (n, wd): (i32, Weekday) = (n.parse().unwrap(), weekday(wd));
                for year in start.year()..=2035 {
                    let date = if n > 0 {
                        NaiveDate::from_weekday_of_month_opt(year, month, wd, n as u8).unwrap()
                    } else {
                        let mut d = NaiveDate::from_ymd_opt(year, month, 1).unwrap() + chrono::Months::new(1);
                        loop {
                            d = d.pred_opt().unwrap();
                            if d.weekday() == wd {
                                break d;
                            }
                        }
                    };
                    let at = date.and_time(start.time());
                    if at > start {
                        locals.push(at);
                    }
                }
            }
            for l in locals {
                onsets.push((Utc.from_utc_datetime(&(l - Duration::seconds(i64::from(from)))), to));
            }
        }
        onsets.sort();
        Zone { onsets }
    }

    fn offset_at(&self, at: DateTime<Utc>) -> i32 {
        self.onsets
            .iter()
            .rev()
            .find(|(onset, _)| *onset <= at)
            .map(|(_, to)| *to)
            .unwrap_or_else(|| panic!("no observance at {at}"))
    }

    /// The instant of a local time, the first one when it happens twice (RFC 5545).
    fn resolve(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut offsets: Vec<i32> = self.onsets.iter().map(|(_, to)| *to).collect();
        offsets.dedup();
        offsets
            .into_iter()
            .map(|off| Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(off)))))
            .filter(|utc| self.offset_at(*utc) == offset_of(*utc, local))
            .min()
            .unwrap_or_else(|| panic!("{local} does not exist"))
    }
}

fn offset_of(utc: DateTime<Utc>, local: NaiveDateTime) -> i32 {
    (local - utc.naive_utc()).num_seconds() as i32
}

/// An event's start as a zone-less client computes it from the feed alone.
fn start_utc(cal: &Comp, e: &Comp) -> DateTime<Utc> {
    let value = e.get("DTSTART").unwrap();
    match e.param("DTSTART", "TZID") {
        Some(tzid) => Zone::read(cal, tzid).resolve(naive(value)),
        None => Utc.from_utc_datetime(&naive(value.trim_end_matches('Z'))),
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn feed(config: &Config, member: Option<&str>, now: DateTime<Utc>) -> String {
    let store = Store::open_configured(config).await.expect("open the bot's database");
    let text = match member {
        Some(m) => konbit::calendar::member_feed(&store, config, m, now).await,
        None => konbit::calendar::collective_feed(&store, config, now).await,
    }
    .expect("feed");
    store.close().await;
    text
}

fn config_of(bot: &Bot) -> Config {
    Config::load(Some(&bot.dir().join("konbit.toml"))).expect("config")
}

const ROSTER: &str = r#"
[collective]
name = "Coop Le Grenier"
timezone = "America/Montreal"
language = "en"

[[members]]
name = "alice"

[[members]]
name = "bob"
language = "fr"
timezone = "Europe/Paris"

[[members]]
name = "carol"
"#;

#[tokio::test(flavor = "current_thread")]
async fn meetings_keep_their_wall_clock_time_across_both_dst_changes() {
    let bot = Bot::with_config(ROSTER);
    let config = config_of(&bot);
    let now = at("2026-10-15T12:00:00Z");
    let text = feed(&config, None, now).await;
    let cal = parse(&text);
    assert_eq!(cal.get("X-WR-CALNAME"), Some("Coop Le Grenier: meetings and deadlines"));
    // Production meetings are Tuesdays at 10:00 in Montreal: EDT (UTC−4) until the first
    // Sunday of November, EST (UTC−5) until the second Sunday of March, EDT again after.
    for (day, utc) in [
        ("2026-10-27", "2026-10-27T14:00:00Z"),
        ("2026-11-03", "2026-11-03T15:00:00Z"),
        ("2027-03-09", "2027-03-09T15:00:00Z"),
        ("2027-03-16", "2027-03-16T14:00:00Z"),
    ] {
        let e = event(&cal, &format!("meeting-production-{day}@coop-le-grenier"));
        assert_eq!(e.param("DTSTART", "TZID"), Some("America/Montreal"));
        assert_eq!(
            e.get("DTSTART"),
            Some(format!("{}T100000", day.replace('-', "")).as_str())
        );
        assert_eq!(start_utc(&cal, e), at(utc), "{day}");
        // The same instant in the IANA database.
        assert_eq!(
            chrono_tz::America::Montreal
                .from_local_datetime(&naive(e.get("DTSTART").unwrap()))
                .unwrap(),
            at(utc)
        );
        assert_eq!(e.get("SUMMARY"), Some("Production meeting"));
        assert_eq!(e.get("STATUS"), Some("CONFIRMED"));
        assert_eq!(e.get("DTSTAMP"), Some("20261015T120000Z"));
    }
    // The reflection meeting is the first Tuesday of the month at 13:00.
    let e = event(&cal, "meeting-reflection-2026-12-01@coop-le-grenier");
    assert_eq!(start_utc(&cal, e), at("2026-12-01T18:00:00Z"));
    // The zone itself: the offsets Outlook gets, and the changes where they happen.
    let zone = Zone::read(&cal, "America/Montreal");
    assert_eq!(zone.offset_at(at("2026-11-01T05:59:59Z")), -4 * 3600);
    assert_eq!(zone.offset_at(at("2026-11-01T06:00:00Z")), -5 * 3600);
    assert_eq!(zone.offset_at(at("2027-03-14T06:59:59Z")), -5 * 3600);
    assert_eq!(zone.offset_at(at("2027-03-14T07:00:00Z")), -4 * 3600);
    assert_eq!(zone.offset_at(at("2026-07-20T12:00:00Z")), -4 * 3600);
}

#[tokio::test(flavor = "current_thread")]
async fn a_meeting_on_a_holiday_is_cancelled_and_uids_stay_the_same_across_requests() {
    let toml = format!(
        "{ROSTER}\n[calendar]\nquebec_holidays = true\nholidays = [{{ date = \"2026-12-08\", name = \"retreat\" }}]\n"
    );
    let bot = Bot::with_config(&toml);
    let config = config_of(&bot);
    let first = parse(&feed(&config, None, at("2026-11-20T20:00:00Z")).await);
    let e = event(&first, "meeting-production-2026-12-08@coop-le-grenier");
    assert_eq!(e.get("STATUS"), Some("CANCELLED"));
    assert_eq!(e.get("SEQUENCE"), Some("1"));
    assert_eq!(e.get("DESCRIPTION"), Some("Cancelled: it falls on a holiday."));
    assert_eq!(
        event(&first, "meeting-production-2026-12-01@coop-le-grenier").get("STATUS"),
        Some("CONFIRMED")
    );
    // A day later, from a new connection to the database: the same events keep their UIDs.
    let second = parse(&feed(&config, None, at("2026-11-21T20:00:00Z")).await);
    let uids = |c: &Comp, from: &str, to: &str| -> Vec<String> {
        let mut v: Vec<String> = events(c)
            .iter()
            .filter(|e| (from..to).contains(&e.get("DTSTART").unwrap()))
            .map(|e| e.get("UID").unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let a = uids(&first, "20261201", "20270601");
    assert!(a.len() > 20, "{a:?}");
    assert_eq!(a, uids(&second, "20261201", "20270601"));
    let mut all = uids(&first, "0", "9");
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n, "a UID twice");
}

/// Friday 2026-11-20 15:00 in Montreal (EST): deadlines are Tuesday 2026-11-24 15:00.
const FRIDAY: &str = "2026-11-20T15:00:00-05:00";

#[tokio::test(flavor = "current_thread")]
async fn deadlines_vetoes_and_withdrawals_show_as_the_proposals_change() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose buy a kettle for the office",
            "alice: !propose repaint the office",
            "alice: !propose rent a van",
            "/at 2026-11-23T09:00",
            "bob: !veto 2 compare quotes first",
            "alice: !withdraw 3",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.has("Proposal #3 was withdrawn"), "{}", out.stdout);
    let config = config_of(&bot);
    let now = at("2026-11-23T15:00:00Z");
    let cal = parse(&feed(&config, None, now).await);

    let kettle = event(&cal, "proposal-1-deadline@coop-le-grenier");
    assert_eq!(
        kettle.get("SUMMARY"),
        Some("Deadline of proposal #1: buy a kettle for the office")
    );
    assert_eq!(kettle.get("DTSTART"), Some("20261124T150000"));
    assert_eq!(start_utc(&cal, kettle), at("2026-11-24T20:00:00Z"));
    assert_eq!(kettle.get("STATUS"), Some("CONFIRMED"));
    assert_eq!(kettle.get("SEQUENCE"), Some("0"));
    assert_eq!(kettle.get("TRANSP"), Some("TRANSPARENT"));
    let d = kettle.get("DESCRIPTION").unwrap();
    assert!(d.contains("Proposal #1 by alice: buy a kettle for the office"), "{d}");
    assert!(d.contains("Status: open"), "{d}");
    assert!(d.contains("!veto 1"), "{d}");

    // The veto: the deadline no longer decides, the production meeting does.
    let paint = event(&cal, "proposal-2-deadline@coop-le-grenier");
    assert_eq!(paint.get("STATUS"), Some("CANCELLED"));
    assert_eq!(paint.get("SEQUENCE"), Some("1"));
    assert_eq!(paint.get("LAST-MODIFIED"), Some("20261123T140000Z"));
    let meeting = event(&cal, "proposal-2-meeting@coop-le-grenier");
    assert_eq!(meeting.get("STATUS"), Some("CONFIRMED"));
    assert_eq!(
        meeting.get("SUMMARY"),
        Some("Proposal #2 at the production meeting: repaint the office")
    );
    assert_eq!(start_utc(&cal, meeting), at("2026-11-24T15:00:00Z"));
    assert!(
        meeting
            .get("DESCRIPTION")
            .unwrap()
            .contains("Veto by bob: compare quotes first")
    );

    // Withdrawn: cancelled.
    let van = event(&cal, "proposal-3-deadline@coop-le-grenier");
    assert_eq!(van.get("STATUS"), Some("CANCELLED"));
    assert!(van.get("DESCRIPTION").unwrap().contains("Status: withdrawn"));

    // Bob lifts his veto before the deadline: the deadline is back, with a new sequence,
    // and the meeting item is cancelled.
    let out = bot.console("2026-11-23T10:00:00-05:00", &script(&["bob: !unveto 2"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let cal = parse(&feed(&config, None, at("2026-11-23T16:00:00Z")).await);
    let paint = event(&cal, "proposal-2-deadline@coop-le-grenier");
    assert_eq!(paint.get("STATUS"), Some("CONFIRMED"));
    assert_eq!(paint.get("SEQUENCE"), Some("2"));
    assert_eq!(
        event(&cal, "proposal-2-meeting@coop-le-grenier").get("STATUS"),
        Some("CANCELLED")
    );
}

/// The instant the feed gives an event, read back as a client would.
fn starts_at(cal: &Comp, uid: &str) -> DateTime<Utc> {
    start_utc(cal, event(cal, uid))
}

#[tokio::test(flavor = "current_thread")]
async fn a_deferred_proposal_moves_in_the_feed_to_the_meeting_the_bot_names_then_to_the_one_that_decided_it() {
    let bot = Bot::with_config(ROSTER);
    // Vetoed on Monday: sent to the production meeting of Tuesday 24 November, 10:00,
    // which passes without deciding it; on Wednesday the bot names the next one.
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose repaint the office",
            "/at 2026-11-23T09:00",
            "bob: !veto 1 compare quotes first",
            "/at 2026-11-25T09:00",
            "carol: !proposals",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.has("for the production meeting (Tue Dec 1, 10:00 EST)"),
        "{}",
        out.stdout
    );
    let config = config_of(&bot);
    let uid = "proposal-1-meeting@coop-le-grenier";
    let before = parse(&feed(&config, None, at("2026-11-24T12:00:00Z")).await);
    assert_eq!(starts_at(&before, uid), at("2026-11-24T15:00:00Z"));
    assert_eq!(event(&before, uid).get("SEQUENCE"), Some("1"));
    // The feed says what the bot says: the next meeting, as a change a client applies.
    let after = parse(&feed(&config, None, at("2026-11-25T14:00:00Z")).await);
    let e = event(&after, uid);
    assert_eq!(starts_at(&after, uid), at("2026-12-01T15:00:00Z"));
    assert_eq!(e.get("STATUS"), Some("CONFIRMED"));
    assert_eq!(e.get("SEQUENCE"), Some("2"));
    assert_eq!(e.get("LAST-MODIFIED"), Some("20261124T150000Z"));
    assert_eq!(
        e.get("SUMMARY"),
        Some("Proposal #1 at the production meeting: repaint the office")
    );
    // That meeting decides it: the item stays at that meeting, not at the first one.
    let out = bot.console(
        "2026-12-01T10:00:00-05:00",
        &script(&[
            "alice: !meeting start production",
            "/wait 20m",
            "alice: !decide 1 adopted with the cheaper quote",
            "alice: !meeting end",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let decided = parse(&feed(&config, None, at("2026-12-02T12:00:00Z")).await);
    let e = event(&decided, uid);
    assert_eq!(starts_at(&decided, uid), at("2026-12-01T15:00:00Z"));
    assert_eq!(e.get("STATUS"), Some("CONFIRMED"));
    assert!(e.get("DESCRIPTION").unwrap().contains("Status: adopted"), "{e:?}");
    let sequence: u32 = e.get("SEQUENCE").unwrap().parse().unwrap();
    assert!(sequence > 2, "the decision is a change: {e:?}");
    assert_eq!(
        event(&decided, "proposal-1-deadline@coop-le-grenier").get("STATUS"),
        Some("CANCELLED")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_proposal_text_is_escaped_and_folded_and_reads_back_whole() {
    let bot = Bot::with_config(ROSTER);
    let config = config_of(&bot);
    let hostile = format!(
        "Achat; café, «thé» \\ 🙂\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:forged\r{}",
        "ééé long texte 🙂 ".repeat(40)
    );
    let store = Store::open_configured(&config).await.unwrap();
    let created = at("2026-11-20T20:00:00Z");
    store
        .insert_proposal(&konbit::store::NewProposal {
            room: "#office".into(),
            proposer: "alice".into(),
            text: hostile.clone(),
            budget: None,
            over_budget: false,
            created_at: created,
            deadline: at("2026-11-24T20:00:00Z"),
            deferred_to: None,
            next_event: Some(at("2026-11-24T20:00:00Z")),
        })
        .await
        .unwrap();
    store.close().await;
    let text = feed(&config, None, at("2026-11-21T12:00:00Z")).await;
    assert!(!text.contains("\r\nUID:forged"), "the text broke out of its property");
    let cal = parse(&text);
    assert!(events(&cal).iter().all(|e| e.get("UID") != Some("forged")));
    let e = event(&cal, "proposal-1-deadline@coop-le-grenier");
    let d = e.get("DESCRIPTION").unwrap();
    let expected = hostile.replace("\r\n", "\n").replace('\r', "\n");
    assert!(d.contains(&format!("Proposal #1 by alice: {expected}")), "{d}");
    // The title is the first line, cut.
    assert_eq!(
        e.get("SUMMARY"),
        Some("Deadline of proposal #1: Achat; café, «thé» \\ 🙂…")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_members_feed_has_their_reminders_in_their_zone_and_language_and_nobody_elses() {
    let bot = Bot::with_config(&format!("{ROSTER}\n[calendar]\nquebec_holidays = true\n"));
    let out = bot.console(
        "2026-10-01T09:00:00-04:00",
        &script(&[
            "bob: !remind me every monday 9:00 arroser les plantes",
            "alice: !remind bob 2026-10-20 14:00 rendre la clé",
            "alice: !remind me tomorrow 9:00 call the bank",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let config = config_of(&bot);
    let now = at("2026-10-02T12:00:00Z");
    let cal = parse(&feed(&config, Some("bob"), now).await);
    assert_eq!(cal.get("X-WR-CALNAME"), Some("Coop Le Grenier : calendrier de bob"));
    let reminders: Vec<&Comp> = events(&cal)
        .into_iter()
        .filter(|e| e.get("UID").unwrap().starts_with("reminder-"))
        .collect();
    assert_eq!(reminders.len(), 2, "{reminders:?}");
    let weekly = reminders.iter().find(|e| e.get("RRULE").is_some()).unwrap();
    assert_eq!(weekly.get("RRULE"), Some("FREQ=WEEKLY;BYDAY=MO"));
    assert_eq!(weekly.get("SUMMARY"), Some("Rappel : arroser les plantes"));
    // Bob's zone is Paris: 9:00 there, a VTIMEZONE for it beside Montreal's.
    assert_eq!(weekly.param("DTSTART", "TZID"), Some("Europe/Paris"));
    assert_eq!(weekly.get("DTSTART"), Some("20261005T090000"));
    assert_eq!(start_utc(&cal, weekly), at("2026-10-05T07:00:00Z"));
    // Thanksgiving (Monday 2026-10-12) is a holiday: that occurrence is left out.
    assert!(weekly.all("EXDATE").contains(&"20261012T090000"), "{weekly:?}");
    let key = reminders.iter().find(|e| e.get("RRULE").is_none()).unwrap();
    assert_eq!(key.get("SUMMARY"), Some("Rappel : rendre la clé"));
    assert!(key.get("DESCRIPTION").unwrap().contains("Programmé par alice."));
    // The collective's feed and alice's own hold none of bob's reminders.
    let collective = feed(&config, None, now).await;
    assert!(
        !collective.contains("arroser") && !collective.contains("rendre"),
        "{collective}"
    );
    let alice = feed(&config, Some("alice"), now).await;
    assert!(!alice.contains("arroser"), "{alice}");
    assert!(
        alice.contains("rendre la clé") && alice.contains("call the bank"),
        "{alice}"
    );
    // Summer time in Paris changes on the last Sunday of March and October.
    let paris = Zone::read(&cal, "Europe/Paris");
    assert_eq!(paris.offset_at(at("2026-10-25T00:59:59Z")), 2 * 3600);
    assert_eq!(paris.offset_at(at("2026-10-25T01:00:00Z")), 3600);
    assert_eq!(paris.offset_at(at("2027-03-28T01:00:00Z")), 2 * 3600);
}

#[tokio::test(flavor = "current_thread")]
async fn a_french_collective_gets_its_feed_in_french() {
    let bot = Bot::with_config(&ROSTER.replace("language = \"en\"", "language = \"fr\""));
    let out = bot.console(FRIDAY, &script(&["alice: !propose acheter une bouilloire"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let config = config_of(&bot);
    let cal = parse(&feed(&config, None, at("2026-11-21T12:00:00Z")).await);
    assert_eq!(cal.get("X-WR-CALNAME"), Some("Coop Le Grenier : réunions et échéances"));
    assert_eq!(
        event(&cal, "meeting-production-2026-11-24@coop-le-grenier").get("SUMMARY"),
        Some("Réunion de production")
    );
    let e = event(&cal, "proposal-1-deadline@coop-le-grenier");
    assert_eq!(
        e.get("SUMMARY"),
        Some("Échéance de la proposition #1 : acheter une bouilloire")
    );
    assert!(e.get("DESCRIPTION").unwrap().contains("Statut : ouverte"));
}

#[tokio::test(flavor = "current_thread")]
async fn the_next_meeting_carries_its_agenda_in_its_description() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        "2026-11-20T10:00:00-05:00",
        &script(&[
            "alice: !agenda add Quarterly figures",
            "carol: !agenda add Buy a second laser cutter decision 20m",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let config = config_of(&bot);
    let cal = parse(&feed(&config, None, at("2026-11-20T20:00:00Z")).await);
    assert_eq!(
        event(&cal, "meeting-production-2026-11-24@coop-le-grenier").get("DESCRIPTION"),
        Some(
            "Agenda of the production meeting:\n\
             1. Quarterly figures — information, 5 minutes (alice)\n\
             2. Buy a second laser cutter — decision, 20 minutes (carol)"
        )
    );
    // The items wait for the next meeting only.
    assert_eq!(
        event(&cal, "meeting-production-2026-12-01@coop-le-grenier").get("DESCRIPTION"),
        None
    );
}
