//! Benchmarks for punched hours, run with `cargo bench --bench hours`.
//!
//! 1. The monthly collective report (`!hours all YYYY-MM`) through the core, on a database
//!    of 1,000,000 entries (20 members, 30 projects, five years: about 16,700 entries a
//!    month), and the store's query alone.
//! 2. One `!punch` through the core (parse, project check, the 24-hour day check, insert,
//!    commit with `synchronous = FULL`, reply formatted), against a bare SQLite `INSERT`
//!    in autocommit mode (one statement, one commit) with the same durability on the same
//!    database, measured alternately in the same run. (The
//!    generated history packs more than 24 hours into a member's day, so the punches go
//!    to members of their own.)
//!
//! Set `KONBIT_BENCH_ENTRIES` for a smaller database while trying things out
//! (`KONBIT_BENCH_QUICK=1`: 100,000). Figures are medians; the database lives under
//! `target/` on the real disk (fsync is real). The commit, the machine and each goal (met
//! or not) are printed with them.

mod common;

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use konbit::app::{Core, Incoming, Speaker};
use konbit::config::Config;
use konbit::store::{NewPunch, Store};
use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

const MEMBERS: usize = 20;
const PROJECTS: usize = 30;

fn median(mut xs: Vec<StdDuration>) -> StdDuration {
    xs.sort();
    xs[xs.len() / 2]
}

fn pct(xs: &[StdDuration], p: f64) -> StdDuration {
    let mut v = xs.to_vec();
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: StdDuration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let entries = common::env_or_quick("KONBIT_BENCH_ENTRIES", 1_000_000, 100_000);
    let dir = tempfile::Builder::new()
        .prefix("konbit-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("bench dir");
    common::print_conditions(dir.path());
    let mut toml = String::from("[storage]\ndatabase = \"bench.db\"\n");
    for p in 0..PROJECTS {
        toml.push_str(&format!("[[projects]]\nname = \"project{p}\"\n"));
    }
    let config = Config::parse(&toml, dir.path()).expect("config");
    let db_path = config.database.clone();
    let store = Store::open(&db_path).await.expect("store");

    // The history: five years, deterministic.
    let first = NaiveDate::from_ymd_opt(2022, 1, 1).expect("date");
    let now = Utc.with_ymd_and_hms(2026, 12, 20, 15, 0, 0).single().expect("now");
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let started = Instant::now();
    let mut batch = Vec::with_capacity(50_000);
    for i in 0..entries {
        batch.push(NewPunch {
            member: format!("m{}", next() as usize % MEMBERS),
            project: format!("project{}", next() as usize % PROJECTS),
            day: first + Duration::days((next() % 1826) as i64),
            minutes: 15 + (next() % 465) as u32,
            volunteer: next() % 100 < 15,
            note: None,
            from_timer: false,
            created_at: now,
        });
        if batch.len() == 50_000 || i + 1 == entries {
            store.insert_punches_unchecked(&batch).await.expect("load");
            batch.clear();
        }
    }
    println!("loaded {entries} entries in {:.1} s", started.elapsed().as_secs_f64());

    let core = Core::new(
        Arc::new(config),
        store.clone(),
        konbit::effect::Room::new(konbit::effect::Network::Console, "#office"),
    );
    core.prepare(now).await.expect("prepare");
    let say = |who: String, text: String| Incoming {
        room: Some(konbit::effect::Room::new(konbit::effect::Network::Console, "#office")),
        speaker: Speaker {
            network: konbit::effect::Network::Console,
            handle: who.clone(),
            member: Some(who),
        },
        text,
        at: now,
        event: None,
    };

    // 1. The monthly collective report.
    let report = say("m1".into(), "!hours all 2026-10".into());
    for _ in 0..5 {
        core.handle(&report).await;
    }
    let mut through_core = Vec::new();
    let mut query_only = Vec::new();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 10, 1).expect("d"),
        NaiveDate::from_ymd_opt(2026, 10, 31).expect("d"),
    );
    for _ in 0..101 {
        let t = Instant::now();
        let effects = core.handle(&report).await;
        through_core.push(t.elapsed());
        assert!(!effects.is_empty());
        let t = Instant::now();
        let rows = store
            .totals_by_project(from, to, Default::default())
            .await
            .expect("query");
        query_only.push(t.elapsed());
        assert_eq!(rows.len(), PROJECTS);
    }
    println!(
        "monthly collective report (!hours all 2026-10) through the core: median {}, p90 {} (101 runs)",
        ms(median(through_core.clone())),
        ms(pct(&through_core, 0.9))
    );
    println!("  the store's query alone: median {}", ms(median(query_only)));
    let report_ms = median(through_core).as_secs_f64() * 1000.0;

    // 2. One !punch through the core against a bare insert + commit, alternately.
    let mut bare = SqliteConnectOptions::from_str("sqlite:")
        .expect("options")
        .filename(&db_path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(StdDuration::from_secs(5))
        .connect()
        .await
        .expect("bare connection");
    let (mut punch, mut insert) = (Vec::new(), Vec::new());
    for i in 0..400usize {
        let day = 1 + i % 20;
        // Members of their own: the generated history is denser than 24 hours a day.
        let msg = say(
            format!("bench{}", i % MEMBERS),
            format!("!punch 10m project{} 2026-11-{day:02} bench", i % PROJECTS),
        );
        let t = Instant::now();
        let effects = core.handle(&msg).await;
        punch.push(t.elapsed());
        assert!(
            matches!(&effects[..], [konbit::app::Effect::Private { message, .. }] if message.plain().starts_with("Recorded")),
            "{effects:?}"
        );

        // One INSERT in autocommit mode: the least SQLite does to store a row durably.
        let t = Instant::now();
        sqlx::query(
            "INSERT INTO punches (member, project, day, minutes, volunteer, note, source, created_at)
             VALUES (?, ?, ?, ?, 0, 'bench', 'punch', ?)",
        )
        .bind(format!("bare{}", i % MEMBERS))
        .bind(format!("project{}", i % PROJECTS))
        .bind(format!("2026-11-{day:02}"))
        .bind(10i64)
        .bind(now.timestamp_millis())
        .execute(&mut bare)
        .await
        .expect("insert");
        insert.push(t.elapsed());
    }
    let (p, b) = (median(punch.clone()), median(insert.clone()));
    println!(
        "one !punch through the core (parse + checks + insert + commit): median {}, p90 {}",
        ms(p),
        ms(pct(&punch, 0.9))
    );
    println!(
        "bare SQLite insert + commit, same durability:           median {}, p90 {}",
        ms(b),
        ms(pct(&insert, 0.9))
    );
    let ratio = p.as_secs_f64() / b.as_secs_f64();
    println!("ratio (median): {ratio:.2}x");
    use common::Bound::AtMost;
    common::goal("monthly report", report_ms, AtMost, 20.0, "ms", "absolute");
    common::goal(
        "!punch / bare insert",
        ratio,
        AtMost,
        1.5,
        "×",
        "the floor measured beside it",
    );
    common::print_load_at_end();
}
