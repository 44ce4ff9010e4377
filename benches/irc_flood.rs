//! The IRC flood harness: on a real InspIRCd with its *stock* flood limits (the connect
//! class every client gets), one client who is not a member sends read commands as fast
//! as the server lets it (about one a second, its fake lag), each answered in two or more
//! lines, while a member punches about every second. konbit's own pacing is its default
//! (a burst of 5, then 1 line a second), so the flood's answers pile up in its queue.
//!
//! Figures: the member's confirmation time (p50/p99, from their `!punch` to the private
//! "Recorded"), the flood's answers lost (sent minus answered, once the queue drained),
//! and the bot's reconnections (from its log). Goal: member p99 ≤ 5 s, 0 lost, 0
//! reconnections.
//!
//! `cargo bench --bench irc_flood` — `KONBIT_BENCH_QUICK=1` (30 commands, 1 run), `KONBIT_FLOOD_COMMANDS` (200: at the stock limits a
//! flood of 1,000 lasts 17 minutes and its answers as long again to drain), `KONBIT_FLOOD_RUNS` (3),
//! `KONBIT_BIN` (the konbit binary to run; by default the one cargo built).

mod common;
#[path = "../tests/it/support/ircnet.rs"]
mod ircnet;

use std::io::BufRead;
use std::time::{Duration, Instant};

use common::{median, ms, percentile};
use ircnet::{Client, IrcNet};

/// What the flooder asks: a read answered in several lines (the list of commands after
/// "there is no command"), a different one each time, so that none is merged with an
/// identical answer still waiting.
fn flood_line(i: usize) -> String {
    format!("!help nosuch{i}")
}

struct RunFigures {
    member_p50: f64,
    member_p99: f64,
    punches: usize,
    lost: usize,
    reconnects: usize,
    drained_s: f64,
}

fn main() {
    let commands = common::env_or_quick("KONBIT_FLOOD_COMMANDS", 200, 30);
    let runs = common::env_or_quick("KONBIT_FLOOD_RUNS", 3, 1);
    if !ircnet::available() {
        return;
    }
    common::print_conditions(&std::env::temp_dir());
    let net = IrcNet::start();
    for name in ["konbit", "alice", "bob"] {
        Client::register(net.port, name, &format!("{name}-pw"));
    }
    let mut figures = Vec::new();
    for run in 1..=runs {
        let f = one_run(&net, commands);
        println!(
            "run {run}: member confirmation p50 {:.0} ms p99 {:.0} ms over {} punches | flood answers lost {} of {commands} | \
             reconnections {} | queue drained {:.0} s after the flood",
            f.member_p50, f.member_p99, f.punches, f.lost, f.reconnects, f.drained_s
        );
        figures.push(f);
    }
    let m = |get: fn(&RunFigures) -> f64| median(figures.iter().map(get).collect());
    let (lost, reconnects) = (
        figures.iter().map(|f| f.lost).sum::<usize>(),
        figures.iter().map(|f| f.reconnects).sum::<usize>(),
    );
    println!(
        "median of {runs} runs ({commands} flood commands each, stock flood limits, konbit's default pacing of 1 line/s): \
         member confirmation p50 {:.0} ms, p99 {:.0} ms; lost {lost}; reconnections {reconnects}",
        m(|f| f.member_p50),
        m(|f| f.member_p99),
    );
    // The floor is konbit's own pacing: a flood answer being written (two lines at one a
    // second) is what a member may have to wait for; 5 s leaves room for one more.
    common::goal(
        "member confirmation p99",
        m(|f| f.member_p99) / 1000.0,
        common::Bound::AtMost,
        5.0,
        "s",
        "a member is answered within seconds during a flood",
    );
    common::goal(
        "flood answers lost",
        lost as f64,
        common::Bound::AtMost,
        0.0,
        "",
        "nothing promised is dropped",
    );
    common::goal(
        "reconnections",
        reconnects as f64,
        common::Bound::AtMost,
        0.0,
        "",
        "the connection is never sacrificed to the queue",
    );
    common::print_load_at_end();
}

fn one_run(net: &IrcNet, commands: usize) -> RunFigures {
    let dir = tempfile::tempdir().expect("dir");
    let toml = format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {}\ntls = false\nnick = \"konbit\"\nchannels = [\"#flood\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_FLOOD_PASSWORD\"\n\
         [punch]\nremind_after = \"\"\n[[projects]]\nname = \"webdev\"\n\
         [[members]]\nname = \"alice\"\nirc_account = \"alice\"\n[[members]]\nname = \"bob\"\nirc_account = \"bob\"\n",
        net.port
    );
    std::fs::write(dir.path().join("konbit.toml"), toml).expect("config");
    let log = dir.path().join("bot.log");
    // KONBIT_BIN: a copy of the binary, so that a rebuild during a long run changes nothing
    // (`common::konbit_run`).
    let mut bot = common::konbit_run(dir.path())
        .env("KONBIT_FLOOD_PASSWORD", "konbit-pw")
        .env("KONBIT_LOG", "info")
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("start konbit");

    let mut bob = Client::connect(net.port, "bob", Some(("bob", "bob-pw")));
    bob.join("#flood");
    bob.wait_until_answered_by("konbit");
    // Two open proposals, so that `!proposals` and `!proposal N` say something.
    for text in ["buy a kettle", "renew the domain"] {
        bob.say("#flood", &format!("!propose {text}"));
        bob.expect_from("konbit", |t| t.starts_with("It will be adopted"));
    }
    let mut alice = Client::connect(net.port, "alice", Some(("alice", "alice-pw")));
    alice.join("#flood");

    // The flooder: as fast as the server lets it. Its reader answers PINGs and counts
    // the answers (their first line starts with "flooder: ").
    let port = net.port;
    let f = {
        let mut f = Client::connect(port, "flooder", None);
        f.join("#flood");
        f
    };
    let (reader, mut writer) = f.into_parts();
    let mut ponger = writer.try_clone().expect("clone");
    let counting = std::thread::spawn(move || {
        use std::io::Write;
        let mut reader = reader;
        let mut answered = 0usize;
        let mut last = Instant::now();
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if let Some(rest) = line.strip_prefix("PING ") {
                let _ = ponger.write_all(format!("PONG {rest}").as_bytes());
            } else if line.starts_with(":konbit!") && line.contains(" :flooder: ") {
                answered += 1;
                last = Instant::now();
                if answered == commands {
                    break;
                }
            }
        }
        (answered, last)
    });
    let flooding = std::thread::spawn(move || {
        use std::io::Write;
        for i in 0..commands {
            let _ = writer.write_all(format!("PRIVMSG #flood :{}\r\n", flood_line(i)).as_bytes());
            // The server's fake lag: a command a second beyond a burst of ten.
            std::thread::sleep(Duration::from_millis(1000));
        }
        writer
    });

    // The member: a punch about every second while the flood lasts.
    let mut lat = Vec::new();
    let flood_for = Duration::from_millis(1000 * commands as u64);
    let started = Instant::now();
    let mut i = 0;
    while started.elapsed() < flood_for {
        let t = Instant::now();
        alice.say("konbit", &format!("!punch 1m webdev note{i}"));
        alice.expect(|l| l.contains(" :Recorded #") || l.contains("24 hours"));
        lat.push(t.elapsed());
        i += 1;
        std::thread::sleep(Duration::from_millis(1200).saturating_sub(t.elapsed()));
    }
    let writer = flooding.join().expect("flooder");
    // The flood's answers drain at konbit's pace; wait for them (bounded).
    let flood_ended = Instant::now();
    let deadline = Duration::from_secs(60 + 4 * commands as u64);
    while !counting.is_finished() && flood_ended.elapsed() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = writer.shutdown(std::net::Shutdown::Both);
    let (answered, last) = counting.join().expect("counter");
    let drained_s = last.saturating_duration_since(flood_ended).as_secs_f64();
    let _ = bot.kill();
    let _ = bot.wait();
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    RunFigures {
        member_p50: ms(percentile(lat.clone(), 0.5)),
        member_p99: ms(percentile(lat.clone(), 0.99)),
        punches: lat.len(),
        lost: commands.saturating_sub(answered),
        reconnects: log.matches("disconnected from IRC").count(),
        drained_s,
    }
}
