//! The scheduler's cost against the number of pending events, run with
//! `cargo bench --bench next_due`.
//!
//! For 100, 10,000 and 100,000 pending events (reminders one-off and weekly, for 200
//! members and the room, plus one open proposal per hundred), on a real SQLite file:
//!
//! 1. placing every pending event at start (once per process);
//! 2. `Core::next_due` — what the live scheduler asks after each command that may move
//!    the schedule;
//! 3. `Core::tick` with nothing due — the wake-up after such a command;
//! 4. one `!remind` through the core (parse, placement past holidays and leave, insert,
//!    commit with `synchronous = FULL`, reply), followed by the scheduler's tick and
//!    `next_due`, as in `konbit run`.
//!
//! Figures are medians over many calls; `KONBIT_BENCH_RUNS` (3) runs of everything, and
//! the median of the runs' medians is printed last. The databases live under `target/`
//! on the real disk (fsync is real).

use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc, Weekday};
use konbit::app::{Core, Effect, Incoming, Speaker};
use konbit::config::Config;
use konbit::domain::proposal::next_event;
use konbit::store::{NewProposal, NewReminder, Store, Target};

const SIZES: [usize; 3] = [100, 10_000, 100_000];
const MEMBERS: usize = 200;

fn median(mut xs: Vec<StdDuration>) -> StdDuration {
    xs.sort();
    xs[xs.len() / 2]
}

fn us(d: StdDuration) -> f64 {
    d.as_secs_f64() * 1e6
}

struct Figures {
    place: StdDuration,
    next_due: StdDuration,
    idle_tick: StdDuration,
    remind: StdDuration,
    /// CPU time per `!remind` (+ tick + next_due), all threads: steadier than wall-clock
    /// time, which the fsync of each commit dominates on a shared disk.
    remind_cpu: StdDuration,
}

/// CPU time of this process so far (all its threads), from /proc.
fn cpu() -> StdDuration {
    let mut ns = 0u64;
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for t in tasks.flatten() {
            let stat = std::fs::read_to_string(t.path().join("schedstat")).unwrap_or_default();
            ns += stat.split_whitespace().next().and_then(|f| f.parse().ok()).unwrap_or(0);
        }
    }
    StdDuration::from_nanos(ns)
}

fn main() {
    let runs: usize = std::env::var("KONBIT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut all: Vec<Vec<Figures>> = SIZES.iter().map(|_| Vec::new()).collect();
    for run in 1..=runs {
        for (i, &n) in SIZES.iter().enumerate() {
            let f = runtime.block_on(one(n));
            println!(
                "run {run}, {n:>7} pending: placing at start {:.1} ms | next_due {:.1} µs | idle tick {:.1} µs | \
                 !remind + tick + next_due {:.1} µs ({:.1} µs CPU)",
                f.place.as_secs_f64() * 1e3,
                us(f.next_due),
                us(f.idle_tick),
                us(f.remind),
                us(f.remind_cpu)
            );
            all[i].push(f);
        }
    }
    println!("median of {runs} runs:");
    let mut base = None;
    for (i, &n) in SIZES.iter().enumerate() {
        let m = |get: fn(&Figures) -> StdDuration| median(all[i].iter().map(get).collect());
        let (next_due, tick, remind) = (m(|f| f.next_due), m(|f| f.idle_tick), m(|f| f.remind_cpu));
        let (b_next, b_tick, b_remind) = *base.get_or_insert((next_due, tick, remind));
        println!(
            "  {n:>7} pending: next_due {:.1} µs ({:.2}×) | idle tick {:.1} µs ({:.2}×) | !remind + tick + next_due \
             {:.1} µs CPU ({:.2}×), {:.1} µs wall | placing at start {:.1} ms",
            us(next_due),
            next_due.as_secs_f64() / b_next.as_secs_f64(),
            us(tick),
            tick.as_secs_f64() / b_tick.as_secs_f64(),
            us(remind),
            remind.as_secs_f64() / b_remind.as_secs_f64(),
            us(m(|f| f.remind)),
            m(|f| f.place).as_secs_f64() * 1e3
        );
    }
}

/// A deterministic stream of numbers.
fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

async fn one(n: usize) -> Figures {
    let dir = tempfile::Builder::new()
        .prefix("konbit-next-due")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("bench dir");
    let mut toml = String::from("[storage]\ndatabase = \"bench.db\"\n[punch]\nremind_after = \"\"\n");
    for m in 0..MEMBERS {
        toml.push_str(&format!("[[members]]\nname = \"m{m}\"\n"));
    }
    let config = Config::parse(&toml, dir.path()).expect("config");
    let tz = config.collective.tz;
    let offsets = config.proposals.reminders.clone();
    let store = Store::open(&config.database).await.expect("store");
    let now: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 11, 2, 15, 0, 0).single().expect("now");

    // The pending events, as `!remind` would have recorded them (placed again at start).
    let mut next = xorshift(0x2545_F491_4F6C_DD1D ^ n as u64);
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..n {
        let member = format!("m{}", next() as usize % MEMBERS);
        let due = now + Duration::minutes(60 + (next() % (300 * 24 * 60)) as i64);
        let weekly = i % 3 == 0;
        let every = weekly.then(|| {
            let wd = Weekday::try_from((next() % 7) as u8).expect("weekday");
            (
                wd,
                NaiveTime::from_hms_opt(8 + (next() % 9) as u32, 0, 0).expect("time"),
            )
        });
        batch.push(NewReminder {
            owner: member.clone(),
            target: if i % 10 == 0 {
                Target::Room("#office".into())
            } else {
                Target::Member(member)
            },
            text: format!("pending reminder {i}"),
            tz,
            every,
            due,
            deliver_at: Some(due),
            created_at: now,
        });
        if batch.len() == 10_000 || i + 1 == n {
            store.add_reminders(&batch).await.expect("load");
            batch.clear();
        }
    }
    for i in 0..n / 100 {
        let created_at = now - Duration::minutes((i % 600) as i64);
        let deadline = created_at + Duration::hours(48);
        store
            .insert_proposal(&NewProposal {
                room: "#office".into(),
                proposer: format!("m{}", i % MEMBERS),
                text: format!("open proposal {i}"),
                budget: None,
                over_budget: false,
                created_at,
                deadline,
                deferred_to: None,
                next_event: Some(next_event(&offsets, &[], created_at, deadline)),
            })
            .await
            .expect("proposal");
    }

    let core = Arc::new(Core::new(
        Arc::new(config),
        store,
        konbit::effect::Room::new(konbit::effect::Network::Console, "#office"),
    ));
    let t = Instant::now();
    core.next_due(now).await.expect("placed");
    let place = t.elapsed();

    let mut next_due = Vec::new();
    for _ in 0..2001 {
        let t = Instant::now();
        let due = core.next_due(now).await.expect("next due");
        next_due.push(t.elapsed());
        assert!(due.is_some_and(|d| d > now));
    }
    let mut idle_tick = Vec::new();
    for _ in 0..2001 {
        let t = Instant::now();
        let effects = core.tick(now).await;
        idle_tick.push(t.elapsed());
        assert!(effects.is_empty());
    }
    let mut remind = Vec::new();
    let started = cpu();
    let count: u32 = 1001;
    for i in 0..count {
        let who = format!("m{}", i as usize % MEMBERS);
        let msg = Incoming {
            room: None,
            speaker: Speaker {
                network: konbit::effect::Network::Console,
                handle: who.clone(),
                member: Some(who),
            },
            text: format!("!remind me in 2h bench {i}"),
            at: now,
            event: None,
        };
        let t = Instant::now();
        let effects = core.handle(&msg).await;
        core.tick(now).await;
        core.next_due(now).await.expect("next due");
        remind.push(t.elapsed());
        assert!(
            matches!(&effects[..], [Effect::Private { message, .. }] if message.plain().ends_with(&format!("bench {i}"))),
            "{effects:?}"
        );
    }
    Figures {
        place,
        next_due: median(next_due),
        idle_tick: median(idle_tick),
        remind: median(remind),
        remind_cpu: (cpu() - started) / count,
    }
}
