//! Property test of the scheduler (README, "Schedules and reminders"): for random schedules and random clock paths
//! (irregular wake-ups, restarts of the process), every occurrence fires exactly once,
//! checked against occurrences computed here from the rule alone.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::America::Montreal;
use konbit::app::{Core, Effect};
use konbit::config::Config;
use konbit::store::Store;
use proptest::prelude::*;

const DAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// The instant of a local time, written independently of the crate: a skipped time
/// moves to the first minute that exists, a repeated one is the later.
fn instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let mut local = date.and_time(time);
    loop {
        match Montreal.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(_, later) => return later.with_timezone(&Utc),
            LocalResult::None => local = (local + Duration::minutes(1)).with_second(0).unwrap(),
        }
    }
}

/// Occurrences of the rule in `(from, to]`.
fn occurrences(
    nth: Option<i8>,
    weekday: Weekday,
    time: NaiveTime,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let mut d = from.with_timezone(&Montreal).date_naive() - Duration::days(1);
    let last = to.with_timezone(&Montreal).date_naive() + Duration::days(1);
    let mut out = Vec::new();
    while d <= last {
        let in_month = match nth {
            None => true,
            Some(-1) => (d + Duration::days(7)).month() != d.month(),
            Some(n) => (d.day0() / 7) as i8 + 1 == n,
        };
        if d.weekday() == weekday && in_month {
            let t = instant(d, time);
            if t > from && t <= to {
                out.push(t);
            }
        }
        d += Duration::days(1);
    }
    out
}

async fn open(dir: &std::path::Path, when: &str) -> Core {
    let toml = format!(
        "[calendar]\nquebec_holidays = false\n[scheduler]\nstale_after = \"4000d\"\n[punch]\nremind_after = \"\"\n\
         [[schedules]]\nname = \"p\"\nwhen = \"{when}\"\naction = \"message\"\ntext = \"tick\"\n"
    );
    let config = Config::parse(&toml, dir).expect("config");
    let store = Store::open(&config.database).await.expect("store");
    Core::new(
        Arc::new(config),
        store,
        konbit::effect::Room::new(konbit::effect::Network::Console, "#office"),
    )
}

fn ticks(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Announce { message, .. } if message.plain().ends_with("tick")))
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_occurrence_fires_twice_and_none_is_skipped(
        day in 0usize..7,
        nth in prop_oneof![Just(None), (1i8..=4).prop_map(Some), Just(Some(-1i8))],
        hour in 0u32..24,
        minute in prop_oneof![Just(0u32), Just(30), Just(59)],
        start_offset in 0i64..(300 * 24 * 60),
        steps in proptest::collection::vec((1i64..(9 * 24 * 60), any::<bool>()), 1..30),
    ) {
        let (name, weekday) = DAYS[day];
        let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap();
        let when = match nth {
            None => format!("weekly {name} {}", time.format("%H:%M")),
            Some(n) => format!("monthly {n} {name} {}", time.format("%H:%M")),
        };
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(start_offset);
            let mut core = open(dir.path(), &when).await;
            core.prepare(start).await.unwrap();
            let mut fired = ticks(&core.tick(start).await);
            let mut t = start;
            let mut expected = 0;
            for (step, restart) in steps {
                let next = t + Duration::minutes(step);
                if restart {
                    core.store().close().await;
                    core = open(dir.path(), &when).await;
                    core.prepare(next).await.unwrap();
                }
                let now_fired = ticks(&core.tick(next).await);
                let due = occurrences(nth, weekday, time, t, next).len();
                prop_assert_eq!(now_fired, due, "{} between {} and {}", when, t, next);
                fired += now_fired;
                expected += due;
                t = next;
            }
            prop_assert_eq!(fired, expected);
            Ok(())
        })?;
    }
}
