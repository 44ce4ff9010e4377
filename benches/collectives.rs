//! Many collectives on one PostgreSQL cluster (docs/storage.md, issue 30): N collectives,
//! each a database of its own on one real PostgreSQL server and its own `konbit run` on a
//! real InspIRCd + Atheme (its own nick and services account), as a hosting co-op runs
//! them with `konbit@NAME`. One member, on one connection, sends each bot `!punch` at a
//! steady rate (round robin, one command outstanding per bot) for a while.
//!
//! Figures: every konbit's resident memory summed (and the largest), the connections the
//! server holds for the collectives' databases, and the time from each command to its
//! confirmation: p50, p99, and the worst collective's p99.
//!
//! `cargo bench --bench collectives` — `KONBIT_COLLECTIVES` (100), `KONBIT_COLLECTIVES_RATE`
//! (commands per second in all, 50), `KONBIT_COLLECTIVES_SECONDS` (60).
//! `KONBIT_BENCH_QUICK=1`: 10 collectives for 15 s. `KONBIT_BIN=PATH`: another build.

mod common;
#[path = "../tests/it/support/ircnet.rs"]
mod ircnet;
#[path = "../tests/it/support/postgres.rs"]
mod postgres;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{Bound, env_or_quick, goal, ms, percentile, proc_kib};
use ircnet::{Client, IrcNet};
use postgres::PgServer;

fn spawn(dir: &std::path::Path) -> Child {
    common::konbit_run(dir)
        .env("KONBIT_COLLECTIVE_PASSWORD", "bot-pw")
        .spawn()
        .expect("start konbit")
}

/// The connections the server holds to the collectives' databases.
fn connections(url: &str) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
        sqlx::query_scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE datname LIKE 'it\\_%'")
            .fetch_one(&mut c)
            .await
            .expect("count")
    })
}

fn main() {
    let n = env_or_quick("KONBIT_COLLECTIVES", 100, 10).max(1);
    let rate = env_or_quick("KONBIT_COLLECTIVES_RATE", 50, 20).max(1);
    let seconds = env_or_quick("KONBIT_COLLECTIVES_SECONDS", 60, 15).max(1);
    if !ircnet::available() {
        return;
    }
    let Some(pg) = PgServer::start() else {
        return;
    };
    let net = IrcNet::start();
    let bots: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
    // Services accounts: the member's, and one per bot (ten at a time).
    Client::register(net.port, "alice", "alice-pw");
    for chunk in bots.chunks(10) {
        let registering: Vec<_> = chunk
            .iter()
            .cloned()
            .map(|b| {
                let port = net.port;
                std::thread::spawn(move || Client::register(port, &b, "bot-pw"))
            })
            .collect();
        for r in registering {
            r.join().expect("register");
        }
    }
    let dirs: Vec<tempfile::TempDir> = (0..n).map(|_| tempfile::tempdir().expect("dir")).collect();
    common::print_conditions(dirs[0].path());
    println!("{n} collectives, one database each on one PostgreSQL server; {rate} commands/s in all for {seconds} s");
    let mut children = Vec::new();
    for (bot, dir) in bots.iter().zip(&dirs) {
        let toml = format!(
            "[collective]\nname = \"{bot}\"\n[storage]\nurl = \"{}\"\n\
             [irc]\nserver = \"127.0.0.1\"\nport = {}\ntls = false\nnick = \"{bot}\"\nchannels = [\"#{bot}\"]\n\
             sasl_account = \"{bot}\"\npassword_env = \"KONBIT_COLLECTIVE_PASSWORD\"\nburst = 10000\nlines_per_second = 1000000\n\
             [punch]\nremind_after = \"\"\n[[projects]]\nname = \"webdev\"\n[[members]]\nname = \"alice\"\nirc_account = \"alice\"\n",
            pg.database(),
            net.load_port
        );
        std::fs::write(dir.path().join("konbit.toml"), toml).expect("config");
        children.push(spawn(dir.path()));
    }
    let mut alice = Client::connect(net.load_port, "alice", Some(("alice", "alice-pw")));
    let ready = Instant::now();
    for bot in &bots {
        alice.wait_until_answered_by(bot);
    }
    println!(
        "all {n} answering {:.1} s after they were started",
        ready.elapsed().as_secs_f64()
    );

    // The load: one command outstanding per bot, sent in turn at the aggregate rate.
    let (mut reader, mut writer) = alice.into_parts();
    // Lines go out as they are written: without it, a line written while the server has
    // not yet acknowledged the previous one waits for its delayed ACK (40 ms here), and
    // the figures measure that instead of the bots.
    writer.set_nodelay(true).expect("nodelay");
    let (done_tx, done_rx) = mpsc::channel::<String>();
    let reading = std::thread::spawn(move || {
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            // ":k12!… PRIVMSG alice :Recorded #3: …"
            if line.contains(" PRIVMSG alice :Recorded #")
                && let Some(bot) = line.strip_prefix(':').and_then(|l| l.split('!').next())
                && done_tx.send(bot.to_owned()).is_err()
            {
                break;
            }
            line.clear();
        }
    });
    let gap = Duration::from_secs_f64(1.0 / rate as f64);
    let mut sent: HashMap<String, Instant> = HashMap::new();
    let mut latencies: HashMap<String, Vec<Duration>> = HashMap::new();
    let until = Instant::now() + Duration::from_secs(seconds as u64);
    let mut next = Instant::now();
    let mut i = 0usize;
    let mut skipped = 0usize;
    let day = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
    while Instant::now() < until {
        while let Ok(bot) = done_rx.try_recv() {
            if let Some(at) = sent.remove(&bot) {
                latencies.entry(bot).or_default().push(at.elapsed());
            }
        }
        let now = Instant::now();
        if now < next {
            std::thread::sleep((next - now).min(Duration::from_millis(2)));
            continue;
        }
        next += gap;
        let bot = &bots[i % n];
        i += 1;
        if sent.contains_key(bot) {
            skipped += 1;
            continue;
        }
        sent.insert(bot.clone(), Instant::now());
        write!(writer, "PRIVMSG {bot} :!punch 1m webdev {day}\r\n").expect("send");
    }
    // The last answers.
    let drain = Instant::now() + Duration::from_secs(10);
    while !sent.is_empty() && Instant::now() < drain {
        if let Ok(bot) = done_rx.recv_timeout(Duration::from_millis(100))
            && let Some(at) = sent.remove(&bot)
        {
            latencies.entry(bot).or_default().push(at.elapsed());
        }
    }
    let rss: Vec<f64> = children
        .iter()
        .map(|c| proc_kib(c.id(), "VmRSS:") as f64 / 1024.0)
        .collect();
    let held = connections(&pg.url);
    for c in &mut children {
        let _ = c.kill();
        let _ = c.wait();
    }
    drop(writer);
    let _ = reading.join();
    let all: Vec<Duration> = latencies.values().flatten().copied().collect();
    if all.is_empty() {
        println!("no command was confirmed");
        return;
    }
    let worst_p99 = latencies
        .values()
        .map(|v| ms(percentile(v.clone(), 0.99)))
        .fold(0.0, f64::max);
    let (p50, p99) = (ms(percentile(all.clone(), 0.5)), ms(percentile(all.clone(), 0.99)));
    let total: f64 = rss.iter().sum();
    let largest = rss.iter().copied().fold(0.0, f64::max);
    println!(
        "at commit {}: {} commands confirmed ({} unanswered, {skipped} not sent while one was outstanding); \
         per command p50 {p50:.3} ms, p99 {p99:.3} ms, the worst collective's p99 {worst_p99:.3} ms; \
         konbit RSS {total:.0} MiB in all ({:.1} MiB each on average, the largest {largest:.1} MiB); \
         PostgreSQL connections held {held} ({:.1} per collective)",
        common::commit(),
        all.len(),
        sent.len(),
        total / n as f64,
        held as f64 / n as f64,
    );
    let met = [
        goal(
            "p99 per command",
            p99,
            Bound::AtMost,
            3.0,
            "ms",
            "PostgreSQL's goal for one command",
        ),
        goal(
            "connections per collective",
            held as f64 / n as f64,
            Bound::AtMost,
            2.0,
            "",
            "the store's and the lease's",
        ),
        goal("unanswered", sent.len() as f64, Bound::AtMost, 0.0, "", "none"),
    ];
    println!("goals met: {} of {}", met.iter().filter(|m| **m).count(), met.len());
    common::print_load_at_end();
}
