//! `!remind` under load with many events pending: K raw IRC clients send `!remind me in
//! 2h <unique text>` privately to a running `konbit run` through a real InspIRCd (on the
//! connect class whose flood limits are lifted for load tests), and time each command to
//! its confirmation, which echoes the text.
//!
//! Before the bot starts, its database is filled, through the store, with what a
//! collective accumulates (rows as the bot writes them; it places them all again at
//! start): 100 or 10,000 pending reminders (one-off and weekly, for 200 members and the
//! room), 1,000 open proposals, or 200 members with five weekly reminders each. Then, as in
//! `irc_load`: latency mode (one command outstanding at a time, the clients taking turns)
//! and throughput mode (64 outstanding in all). Figures: p50/p99 latency, confirmed
//! reminders per second, and the bot's CPU time per command read from /proc (steadier
//! than wall-clock time on a shared machine); the median of the runs is printed last.
//!
//! `cargo bench --bench irc_remind` — `KONBIT_LOAD_CLIENTS` (8), `KONBIT_LOAD_COMMANDS`
//! (250 per client and mode), `KONBIT_LOAD_RUNS` (3).

mod common;
#[path = "../tests/it/support/ircnet.rs"]
mod ircnet;

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::Instant;

use chrono::{Duration, NaiveTime, Utc, Weekday};
use common::{env_or, median, ms, percentile};
use ircnet::{Client, IrcNet};
use konbit::config::Config;
use konbit::domain::proposal::next_event;
use konbit::store::{NewProposal, NewReminder, Store, Target};

/// What is pending when the measurement starts.
#[derive(Clone, Copy)]
enum Pending {
    Reminders(usize),
    Proposals(usize),
    /// Members, each with five weekly reminders.
    WeeklyMembers(usize),
}

impl Pending {
    fn label(self) -> String {
        match self {
            Pending::Reminders(n) => format!("{n} pending reminders"),
            Pending::Proposals(n) => format!("{n} open proposals"),
            Pending::WeeklyMembers(n) => format!("{n} members × 5 weekly reminders"),
        }
    }
}

const SCENARIOS: [Pending; 4] = [
    Pending::Reminders(100),
    Pending::Reminders(10_000),
    Pending::Proposals(1_000),
    Pending::WeeklyMembers(200),
];

/// Members the pending reminders are for (beside the load clients).
const MEMBERS: usize = 200;

struct RunFigures {
    lat_p50: f64,
    lat_p99: f64,
    lat_cpu_us: f64,
    thr_per_s: f64,
    thr_p50: f64,
    thr_p99: f64,
    thr_cpu_us: f64,
    lost: usize,
}

fn main() {
    let clients = env_or("KONBIT_LOAD_CLIENTS", 8);
    let commands = env_or("KONBIT_LOAD_COMMANDS", 250);
    let runs = env_or("KONBIT_LOAD_RUNS", 3);
    if !ircnet::available() {
        return;
    }
    let net = IrcNet::start();
    let names: Vec<String> = (0..clients).map(|i| format!("c{i}")).collect();
    let mut registering = Vec::new();
    for name in names.iter().cloned().chain(["konbit".to_owned()]) {
        let port = net.port;
        registering.push(std::thread::spawn(move || {
            Client::register(port, &name, &format!("{name}-pw"))
        }));
    }
    for r in registering {
        r.join().expect("register");
    }
    let mut figures: Vec<Vec<RunFigures>> = SCENARIOS.iter().map(|_| Vec::new()).collect();
    for run in 1..=runs {
        for (s, &pending) in SCENARIOS.iter().enumerate() {
            let f = one_run(&net, &names, commands, pending, run);
            println!(
                "run {run}, {}: latency p50 {:.3} ms p99 {:.3} ms, bot CPU {:.0} µs/command | throughput {:.0} \
                 reminders/s (p50 {:.2} ms, p99 {:.2} ms), bot CPU {:.0} µs/command | lost {}",
                pending.label(),
                f.lat_p50,
                f.lat_p99,
                f.lat_cpu_us,
                f.thr_per_s,
                f.thr_p50,
                f.thr_p99,
                f.thr_cpu_us,
                f.lost
            );
            figures[s].push(f);
        }
    }
    println!("median of {runs} runs ({clients} clients × {commands} commands per mode):");
    for (s, &pending) in SCENARIOS.iter().enumerate() {
        let m = |get: fn(&RunFigures) -> f64| median(figures[s].iter().map(get).collect());
        println!(
            "  {}: latency p50 {:.3} ms, p99 {:.3} ms, bot CPU {:.0} µs/command; throughput {:.0} confirmed \
             reminders/s (p50 {:.2} ms, p99 {:.2} ms), bot CPU {:.0} µs/command; lost commands {}",
            pending.label(),
            m(|f| f.lat_p50),
            m(|f| f.lat_p99),
            m(|f| f.lat_cpu_us),
            m(|f| f.thr_per_s),
            m(|f| f.thr_p50),
            m(|f| f.thr_p99),
            m(|f| f.thr_cpu_us),
            figures[s].iter().map(|f| f.lost).sum::<usize>()
        );
    }
}

/// The bot's CPU time so far (user + system, all threads), in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces): state is field 3, utime 14.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    // Clock ticks of 1/100 s (USER_HZ on Linux).
    fields.iter().sum::<u64>() as f64 / 100.0
}

/// Fills the bot's database with what is pending, as the bot records it.
fn prepare(config_toml: &str, dir: &Path, pending: Pending) {
    let config = Config::parse(config_toml, dir).expect("config");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = Store::open(&config.database).await.expect("store");
        let now = Utc::now();
        let tz = config.collective.tz;
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut reminders = Vec::new();
        match pending {
            Pending::Reminders(n) => {
                for i in 0..n {
                    let member = format!("m{}", next() as usize % MEMBERS);
                    let due = now + Duration::minutes(60 + (next() % (300 * 24 * 60)) as i64);
                    let every = (i % 3 == 0).then(|| {
                        let wd = Weekday::try_from((next() % 7) as u8).expect("weekday");
                        (
                            wd,
                            NaiveTime::from_hms_opt(8 + (next() % 9) as u32, 0, 0).expect("time"),
                        )
                    });
                    reminders.push(NewReminder {
                        owner: member.clone(),
                        target: if i % 10 == 0 {
                            Target::Room("#load".into())
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
                }
            }
            Pending::WeeklyMembers(n) => {
                for m in 0..n {
                    for k in 0..5u8 {
                        let wd = Weekday::try_from(k).expect("weekday");
                        let due = now + Duration::days(1 + i64::from(k));
                        reminders.push(NewReminder {
                            owner: format!("m{m}"),
                            target: Target::Member(format!("m{m}")),
                            text: format!("weekly {k} of m{m}"),
                            tz,
                            every: Some((wd, NaiveTime::from_hms_opt(9, 0, 0).expect("time"))),
                            due,
                            deliver_at: Some(due),
                            created_at: now,
                        });
                    }
                }
            }
            Pending::Proposals(n) => {
                let offsets = &config.proposals.reminders;
                for i in 0..n {
                    let created_at = now - Duration::minutes((next() % 600) as i64);
                    let deadline = created_at + Duration::hours(48);
                    store
                        .insert_proposal(&NewProposal {
                            room: "#load".into(),
                            proposer: format!("m{}", i % MEMBERS),
                            text: format!("open proposal {i}"),
                            budget: None,
                            over_budget: false,
                            created_at,
                            deadline,
                            deferred_to: None,
                            next_event: Some(next_event(offsets, &[], created_at, deadline)),
                        })
                        .await
                        .expect("proposal");
                }
            }
        }
        for chunk in reminders.chunks(10_000) {
            store.add_reminders(chunk).await.expect("reminders");
        }
        store.close().await;
    });
}

fn one_run(net: &IrcNet, names: &[String], commands: usize, pending: Pending, run: usize) -> RunFigures {
    let dir = tempfile::tempdir().expect("dir");
    let mut toml = format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {}\ntls = false\nnick = \"konbit\"\nchannels = [\"#load\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_LOAD_PASSWORD\"\nburst = 10000\nlines_per_second = 1000000\n\
         [punch]\nremind_after = \"\"\n[[projects]]\nname = \"webdev\"\n",
        net.load_port
    );
    for n in names {
        toml.push_str(&format!("[[members]]\nname = \"{n}\"\nirc_account = \"{n}\"\n"));
    }
    for m in 0..MEMBERS {
        toml.push_str(&format!("[[members]]\nname = \"m{m}\"\n"));
    }
    std::fs::write(dir.path().join("konbit.toml"), &toml).expect("config");
    prepare(&toml, dir.path(), pending);
    let mut bot = common::konbit_run(dir.path())
        .env("KONBIT_LOAD_PASSWORD", "konbit-pw")
        .spawn()
        .expect("start konbit");

    let port = net.load_port;
    let connecting: Vec<_> = names
        .iter()
        .cloned()
        .map(|n| std::thread::spawn(move || Client::connect(port, &n, Some((&n, &format!("{n}-pw"))))))
        .collect();
    let mut conns: Vec<Client> = connecting.into_iter().map(|t| t.join().expect("connect")).collect();
    for c in &mut conns {
        c.wait_until_answered_by("konbit");
    }
    let line = |client: usize, mode: &str, i: usize| format!("load {run} {mode} {client} {i}");

    // Latency: one command outstanding at a time, the clients taking turns.
    let cpu = cpu_seconds(bot.id());
    let mut lat_all = Vec::with_capacity(names.len() * commands);
    for i in 0..names.len() * commands {
        let k = i % names.len();
        let text = line(k, "lat", i / names.len());
        let c = &mut conns[k];
        let t = Instant::now();
        c.say("konbit", &format!("!remind me in 2h {text}"));
        let want = format!(": {text}");
        c.expect(|l| (l.contains(" :Reminder #") && l.ends_with(&want)) || l.contains("Sorry"));
        lat_all.push(t.elapsed());
    }
    let lat_cpu = cpu_seconds(bot.id()) - cpu;

    // Throughput: 64 outstanding in all.
    let window = (64 / names.len()).max(1);
    let cpu = cpu_seconds(bot.id());
    let started = Instant::now();
    let workers: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(k, c)| {
            let texts: Vec<String> = (0..commands).map(|i| line(k, "thr", i)).collect();
            std::thread::spawn(move || {
                let (mut reader, mut writer) = c.into_parts();
                // The writer hands each command's text and send time to the reader, which
                // pairs it with the reply (replies come back in order) and frees a slot.
                let (sent_tx, sent_rx) = mpsc::channel::<(String, Instant)>();
                let (free_tx, free_rx) = mpsc::channel::<()>();
                let reading = std::thread::spawn(move || {
                    let mut lat = Vec::with_capacity(commands);
                    let mut confirmed = 0;
                    let mut line = String::new();
                    while lat.len() < commands {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            break;
                        }
                        let line = line.trim_end();
                        if line.contains(" :Reminder #") || line.contains("Sorry") {
                            if let Ok((text, sent)) = sent_rx.recv() {
                                if line.ends_with(&format!(": {text}")) {
                                    confirmed += 1;
                                }
                                lat.push(sent.elapsed());
                            }
                            let _ = free_tx.send(());
                        }
                    }
                    (lat, confirmed)
                });
                let mut in_flight = 0;
                for text in texts {
                    while in_flight >= window {
                        if free_rx.recv().is_err() {
                            break;
                        }
                        in_flight -= 1;
                    }
                    let _ = sent_tx.send((text.clone(), Instant::now()));
                    writer
                        .write_all(format!("PRIVMSG konbit :!remind me in 2h {text}\r\n").as_bytes())
                        .expect("send");
                    in_flight += 1;
                }
                reading.join().expect("reader")
            })
        })
        .collect();
    let mut thr_lat = Vec::new();
    let mut confirmed = 0;
    for w in workers {
        let (lat, c) = w.join().expect("throughput worker");
        thr_lat.extend(lat);
        confirmed += c;
    }
    let elapsed = started.elapsed();
    let thr_cpu = cpu_seconds(bot.id()) - cpu;
    let _ = bot.kill();
    let _ = bot.wait();
    let expected = names.len() * commands;
    let lost = expected.saturating_sub(confirmed) + (expected - lat_all.len().min(expected));
    RunFigures {
        lat_p50: ms(percentile(lat_all.clone(), 0.5)),
        lat_p99: ms(percentile(lat_all, 0.99)),
        lat_cpu_us: lat_cpu * 1e6 / expected as f64,
        thr_per_s: confirmed as f64 / elapsed.as_secs_f64(),
        thr_p50: ms(percentile(thr_lat.clone(), 0.5)),
        thr_p99: ms(percentile(thr_lat, 0.99)),
        thr_cpu_us: thr_cpu * 1e6 / expected as f64,
        lost,
    }
}
