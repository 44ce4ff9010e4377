//! The takeover harness (docs/storage.md, "A standby that takes over"): two `konbit run`
//! with one configuration on one real PostgreSQL, IRC through a real InspIRCd + Atheme;
//! the active one is killed (SIGKILL) and a member asks the bot (`!projects`) every 50 ms
//! until the standby answers. Figures: the time from the kill to the first answer, each
//! run, the median and the slowest; then a fresh standby is started for the next run (the
//! one that took over is the next to be killed). The kills fall at different points of the
//! renewal period (each run waits a different part of it first).
//!
//! `cargo bench --bench takeover` — `KONBIT_TAKEOVER_RUNS` (10), `KONBIT_TAKEOVER_LEASE`
//! ("6s") and `KONBIT_TAKEOVER_RENEW` ("2s"): the configuration's `[storage] lease` and
//! `renew` (the defaults). `KONBIT_BENCH_QUICK=1`: 3 runs. `KONBIT_BIN=PATH`: another
//! build of konbit.

mod common;
#[path = "../tests/it/support/ircnet.rs"]
mod ircnet;
#[path = "../tests/it/support/postgres.rs"]
mod postgres;

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use common::{Bound, env_or_quick, goal, median};
use ircnet::{Client, IrcNet};
use postgres::PgServer;

fn spawn(dir: &Path) -> Child {
    let log = std::fs::File::create(dir.join("konbit.log")).expect("log");
    common::konbit_run(dir)
        .env("KONBIT_LOAD_PASSWORD", "konbit-pw")
        .env("KONBIT_LOG", "info")
        .stderr(log)
        .spawn()
        .expect("start konbit")
}

fn wait_log(dir: &Path, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !std::fs::read_to_string(dir.join("konbit.log"))
        .unwrap_or_default()
        .contains(needle)
    {
        assert!(Instant::now() < deadline, "no \"{needle}\" in {}", dir.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Asks the bot every 50 ms until it answers: the instant of its answer.
fn first_answer(alice: &mut Client) -> Instant {
    loop {
        alice.say("konbit", "!projects");
        let line =
            alice.expect(|l| l.contains(" 401 ") || (l.starts_with(":konbit!") && l.contains(" PRIVMSG alice ")));
        if !line.contains(" 401 ") {
            return Instant::now();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn main() {
    let runs = env_or_quick("KONBIT_TAKEOVER_RUNS", 10, 3).max(1);
    let lease = std::env::var("KONBIT_TAKEOVER_LEASE").unwrap_or_else(|_| "6s".into());
    let renew = std::env::var("KONBIT_TAKEOVER_RENEW").unwrap_or_else(|_| "2s".into());
    if !ircnet::available() {
        return;
    }
    let Some(pg) = PgServer::start() else {
        return;
    };
    let net = IrcNet::start();
    for account in ["konbit", "alice"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    let url = pg.database();
    let toml = format!(
        "[storage]\nurl = \"{url}\"\nlease = \"{lease}\"\nrenew = \"{renew}\"\n\
         [irc]\nserver = \"127.0.0.1\"\nport = {}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_LOAD_PASSWORD\"\n\
         [[projects]]\nname = \"webdev\"\n[[members]]\nname = \"alice\"\nirc_account = \"alice\"\n",
        net.load_port
    );
    let dirs: Vec<tempfile::TempDir> = (0..=runs).map(|_| tempfile::tempdir().expect("dir")).collect();
    for d in &dirs {
        std::fs::write(d.path().join("konbit.toml"), &toml).expect("config");
    }
    common::print_conditions(dirs[0].path());
    println!("lease {lease}, renewed every {renew}; the standby looks every half renewal");
    let mut active = spawn(dirs[0].path());
    wait_log(dirs[0].path(), "this konbit is active");
    let mut alice = Client::connect(net.load_port, "alice", Some(("alice", "alice-pw")));
    alice.wait_until_answered_by("konbit");
    let renew_ms = common_span_ms(&renew);
    let mut times = Vec::new();
    for (run, dir) in dirs.iter().enumerate().skip(1) {
        let dir = dir.path();
        let mut standby = spawn(dir);
        wait_log(dir, "standing by");
        // A different point of the renewal period for each kill.
        std::thread::sleep(Duration::from_millis(renew_ms * (run as u64 % 4) / 4));
        let killed = Instant::now();
        let killed_at = chrono::Utc::now();
        active.kill().expect("SIGKILL");
        let _ = active.wait();
        let answered = first_answer(&mut alice);
        let s = (answered - killed).as_secs_f64();
        // Where the time went, from the new active one's log.
        let log = std::fs::read_to_string(dir.join("konbit.log")).unwrap_or_default();
        let after = |needle: &str| {
            log.lines()
                .find(|l| l.contains(needle))
                .and_then(|l| l.split_whitespace().next())
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map_or(f64::NAN, |t| {
                    (t.with_timezone(&chrono::Utc) - killed_at).as_seconds_f64()
                })
        };
        println!(
            "run {run}: first answer {s:.2} s after the SIGKILL (lease taken at {:.2} s, IRC connected at {:.2} s)",
            after("holding the lease"),
            after("connected to IRC")
        );
        times.push(s);
        std::mem::swap(&mut active, &mut standby);
        let _ = standby.wait();
    }
    let _ = active.kill();
    let _ = active.wait();
    let slowest = times.iter().copied().fold(0.0, f64::max);
    println!(
        "median of {runs} takeovers at commit {}: first answer {:.2} s after the SIGKILL (slowest {slowest:.2} s)",
        common::commit(),
        median(times.clone())
    );
    let met = goal("takeover median", median(times), Bound::AtMost, 10.0, "s", "absolute");
    println!("goals met: {} of 1", u8::from(met));
    common::print_load_at_end();
}

/// "2s" → 2000 (whole seconds, as the harness's variables give them).
fn common_span_ms(s: &str) -> u64 {
    s.trim_end_matches('s').parse::<u64>().unwrap_or(2) * 1000
}
