//! Report correctness on a generated history of 100,000 entries: what `!hours` says, read
//! back from its text, equals sums computed here from the generated entries.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use konbit::app::{Core, Effect, Incoming, Speaker};
use konbit::config::Config;
use konbit::store::{NewPunch, Store};

const MEMBERS: [&str; 12] = [
    "alice", "bob", "carole", "dan", "emilie", "farid", "gaelle", "hugo", "ines", "jo", "kim", "lea",
];
const PROJECTS: [&str; 8] = [
    "webdev",
    "hosting",
    "civicrm",
    "drupal",
    "sysadmin",
    "accounting",
    "meetings",
    "sales",
];

/// splitmix64: a small, well-known generator, so the history is the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn config(dir: &Path) -> Config {
    let mut toml = String::new();
    for p in PROJECTS {
        let kind = match p {
            "sysadmin" | "accounting" => "care",
            "meetings" => "meeting",
            _ => "work",
        };
        toml.push_str(&format!("[[projects]]\nname = \"{p}\"\nkind = \"{kind}\"\n"));
    }
    for m in MEMBERS {
        toml.push_str(&format!("[[members]]\nname = \"{m}\"\n"));
    }
    toml.push_str("[storage]\ndatabase = \"report.db\"\n");
    Config::parse(&toml, dir).expect("config")
}

/// Reads "name: 12h30 paid, 1h05 volunteer" back into (name, paid, volunteer) minutes.
fn parse_line(line: &str) -> Option<(String, i64, i64)> {
    let (name, amounts) = line.split_once(": ")?;
    let name = name.split(" (").next()?.to_owned();
    let (mut paid, mut volunteer) = (0, 0);
    for part in amounts.split(", ") {
        let (hours, kind) = part.split_once(' ')?;
        let (h, m) = hours.split_once('h')?;
        let minutes = h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?;
        match kind {
            "paid" => paid = minutes,
            "volunteer" => volunteer = minutes,
            _ => return None,
        }
    }
    Some((name, paid, volunteer))
}

fn text_of(effects: &[Effect]) -> String {
    effects
        .iter()
        .map(|e| e.message().plain())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "current_thread")]
async fn reports_over_100_000_entries_match_independent_sums() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let store = Store::open(&config.database).await.unwrap();
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let now = Utc.with_ymd_and_hms(2027, 1, 15, 15, 0, 0).unwrap();
    let mut rng = Rng(20_261_121);
    let entries: Vec<NewPunch> = (0..100_000)
        .map(|_| NewPunch {
            member: MEMBERS[rng.below(12) as usize].to_owned(),
            project: PROJECTS[rng.below(8) as usize].to_owned(),
            day: first + Duration::days(rng.below(730) as i64),
            minutes: 1 + rng.below(480) as u32,
            volunteer: rng.below(100) < 15,
            note: None,
            from_timer: false,
            created_at: now,
        })
        .collect();
    store.insert_punches_unchecked(&entries).await.unwrap();
    // Some entries are removed afterwards: they must not count. Ids follow insertion.
    let mut deleted = std::collections::HashSet::new();
    for _ in 0..1_000 {
        let id = 1 + rng.below(100_000) as i64;
        let e = &entries[(id - 1) as usize];
        if store.delete_punch(id, &e.member, now).await.unwrap() {
            deleted.insert(id);
        }
    }
    assert!(deleted.len() > 900);

    let core = Core::new(
        Arc::new(config),
        store,
        konbit::effect::Room::new(konbit::effect::Network::Console, "#office"),
    );
    core.prepare(now).await.unwrap();
    let ask = |who: &str, text: &str| Incoming {
        room: Some(konbit::effect::Room::new(konbit::effect::Network::Console, "#office")),
        speaker: Speaker {
            network: konbit::effect::Network::Console,
            handle: who.into(),
            member: Some(who.into()),
        },
        text: text.into(),
        at: now,
        event: None,
    };

    for (month, member) in [
        ("2025-03", None),
        ("2025-11", Some("carole")),
        ("2026-02", None),
        ("2026-10", Some("kim")),
    ] {
        let (y, m) = month.split_once('-').unwrap();
        let (y, m): (i32, u32) = (y.parse().unwrap(), m.parse().unwrap());
        let mut want: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            let counted = !deleted.contains(&(i as i64 + 1));
            if counted && e.day.year() == y && e.day.month() == m && member.is_none_or(|who| who == e.member) {
                let slot = want.entry(e.project.clone()).or_default();
                if e.volunteer {
                    slot.1 += i64::from(e.minutes)
                } else {
                    slot.0 += i64::from(e.minutes)
                }
            }
        }
        let command = match member {
            None => format!("!hours all {month}"),
            Some(_) => format!("!hours {month}"),
        };
        let effects = core.handle(&ask(member.unwrap_or("alice"), &command)).await;
        if member.is_some() {
            assert!(
                effects.iter().all(|e| matches!(e, Effect::Private { .. })),
                "personal reports are private"
            );
        }
        let text = text_of(&effects);
        let mut got: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        let mut total = None;
        for line in text.lines().skip(1) {
            if let Some((name, paid, volunteer)) = parse_line(line) {
                match name.as_str() {
                    "Total" => total = Some((paid, volunteer)),
                    "Care and maintenance work" => {}
                    _ => {
                        got.insert(name, (paid, volunteer));
                    }
                }
            }
        }
        assert_eq!(got, want, "{command}\n{text}");
        let sum = want.values().fold((0, 0), |a, v| (a.0 + v.0, a.1 + v.1));
        assert_eq!(total, Some(sum), "{command}");
    }
}
