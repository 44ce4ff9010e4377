//! The Matrix latency harness: `konbit run` connected to a real Synapse and a real
//! InspIRCd at once; a member sends commands one at a time in an end-to-end encrypted
//! room and times each from sending to receiving (and decrypting) the bot's answer.
//! Beside it, the floor: the same homeserver relaying a message between two users of
//! the same room. Then a burst: two members send as many commands each as fast as the
//! homeserver takes them; every one must be answered once (counted from the room's
//! history), with p50/p99 from sending to answer. Figures: p50/p99 of each, the bot's
//! RSS with both networks connected; the median of the runs is printed last, with the
//! commit and the machine.
//!
//! `cargo bench --bench matrix_load` — `KONBIT_LOAD_COMMANDS` (200), `KONBIT_LOAD_RUNS`
//! (3); `KONBIT_BENCH_QUICK=1`: 50 commands, one run. Needs Synapse (`scripts/test` installs it into target/synapse-venv), inspircd and
//! atheme-services.

#![recursion_limit = "256"]

mod common;
#[path = "../tests/it/support/ircnet.rs"]
mod ircnet;
#[path = "../tests/it/support/synapse.rs"]
mod synapse;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{median, ms, percentile, proc_kib};
use matrix_sdk::ruma::events::room::member::MembershipState;
use synapse::{Synapse, User};

struct Figures {
    bot_p50: f64,
    bot_p99: f64,
    relay_p50: f64,
    relay_p99: f64,
    rss: f64,
    /// The burst: commands sent, answers the room holds (each command's once when all
    /// are answered), p50/p99 from a command's sending to its answer.
    burst_sent: usize,
    burst_answered: usize,
    burst_distinct: usize,
    burst_p50: f64,
    burst_p99: f64,
}

fn now_ms() -> u64 {
    u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(u64::MAX)
}

/// The burst: alice and bob each send `commands` punches as fast as the homeserver takes
/// them; then each asks `!projects`, answered after all of theirs (one flow each, in
/// order). Counted from the room's history, as the homeserver keeps it: (answers,
/// distinct commands answered, each one's time from sending to its first answer).
async fn burst(
    alice: &mut User,
    bob: &mut User,
    bot_id: &matrix_sdk::ruma::UserId,
    room: &matrix_sdk::ruma::RoomId,
    commands: usize,
) -> (usize, usize, Vec<Duration>) {
    use std::collections::HashMap;
    let send = |user: &User, who: &'static str| {
        let r = user.client.get_room(room).expect("room");
        async move {
            let mut sent = HashMap::new();
            for i in 0..commands {
                let note = format!("{who} burst {i}");
                sent.insert(note.clone(), now_ms());
                r.send(
                    matrix_sdk::ruma::events::room::message::RoomMessageEventContent::text_plain(format!(
                        "!punch 1m webdev {note}"
                    )),
                )
                .await
                .expect("send");
            }
            sent
        }
    };
    let (mut sent, theirs) = tokio::join!(send(alice, "alice"), send(bob, "bob"));
    sent.extend(theirs);
    for user in [&mut *alice, &mut *bob] {
        user.say(room, "!projects").await;
        user.expect_within(Duration::from_secs(300), bot_id, |m| {
            m.body.contains("webdev") && !m.body.contains("Recorded")
        })
        .await;
    }
    let mut answered = 0;
    let mut first: HashMap<String, u64> = HashMap::new();
    for m in alice.history(room).await {
        if m.sender != bot_id || !m.body.contains("Recorded") {
            continue;
        }
        let Some(note) = m.body.split('“').nth(1).and_then(|n| n.split('”').next()) else {
            continue;
        };
        if sent.contains_key(note) {
            answered += 1;
            first.entry(note.to_owned()).or_insert(m.at);
        }
    }
    let latencies = first
        .iter()
        .map(|(note, at)| Duration::from_millis(at.saturating_sub(sent[note])))
        .collect();
    (answered, first.len(), latencies)
}

async fn one_run(commands: usize) -> Figures {
    let net = ircnet::IrcNet::start();
    ircnet::Client::register(net.port, "konbit", "konbit-pw");
    let hs = Synapse::start();
    hs.register("konbit", "konbit-pw");
    let mut alice = User::new(&hs, "alice").await;
    let mut bob = User::new(&hs, "bob").await;
    let bot_id = hs.user_id("konbit");
    let room = alice.create_room(true, &[&bot_id, &bob.id]).await;
    bob.join(&room).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = format!(
        r##"[irc]
server = "127.0.0.1"
port = {irc}
tls = false
nick = "konbit"
channels = ["#office"]
sasl_account = "konbit"
password_env = "KONBIT_BENCH_PASSWORD"
[matrix]
homeserver = "{url}"
user = "{bot_id}"
password_env = "KONBIT_BENCH_PASSWORD"
rooms = ["{room}"]
[privacy]
private_reports = false
[[projects]]
name = "webdev"
[[members]]
name = "alice"
matrix_id = "{alice}"
[[members]]
name = "bob"
matrix_id = "{bob}"
"##,
        irc = net.port,
        url = hs.url(),
        alice = alice.id,
        bob = bob.id,
    );
    std::fs::write(dir.path().join("konbit.toml"), config).expect("config");
    let mut child = Command::new(env!("CARGO_BIN_EXE_konbit"))
        .args(["run", "--config"])
        .arg(dir.path().join("konbit.toml"))
        .current_dir(dir.path())
        .env("KONBIT_BENCH_PASSWORD", "konbit-pw")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("run.err")).expect("log"))
        .spawn()
        .expect("start konbit");
    assert!(
        alice.wait_membership(&room, &bot_id, MembershipState::Join).await,
        "the bot never joined"
    );
    // Both networks connected: the bot is in #office too.
    let port = net.port;
    tokio::task::spawn_blocking(move || {
        let mut c = ircnet::Client::connect(port, "watcher", None);
        c.join("#office");
        loop {
            c.send("NAMES #office");
            if c.expect(|l| l.contains(" 353 ")).contains("konbit") {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    })
    .await
    .expect("IRC side");
    // Warm-up: the first exchange sets up the encryption sessions.
    alice.say(&room, "!projects").await;
    alice.expect(&bot_id, |m| m.body.contains("webdev")).await;
    bob.say(&room, "warm-up").await;
    alice.expect(&bob.id, |m| m.body == "warm-up").await;

    let mut bot = Vec::with_capacity(commands);
    for i in 0..commands {
        let start = Instant::now();
        alice.say(&room, &format!("!punch 1m webdev bench {i}")).await;
        // One command outstanding at a time: the next confirmation is this one's.
        alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
        bot.push(start.elapsed());
    }
    let rss = proc_kib(child.id(), "VmRSS:") as f64 / 1024.0;
    let mut relay = Vec::with_capacity(commands);
    for i in 0..commands {
        let text = format!("relay {i}");
        let start = Instant::now();
        bob.say(&room, &text).await;
        alice.expect(&bob.id, |m| m.body == text).await;
        relay.push(start.elapsed());
    }
    let (burst_answered, burst_distinct, latencies) = burst(&mut alice, &mut bob, &bot_id, &room, commands).await;
    let _ = child.kill();
    let _ = child.wait();
    Figures {
        burst_sent: 2 * commands,
        burst_answered,
        burst_distinct,
        burst_p50: ms(percentile(latencies.clone(), 0.5)),
        burst_p99: ms(percentile(latencies, 0.99)),
        bot_p50: ms(percentile(bot.clone(), 0.5)),
        bot_p99: ms(percentile(bot, 0.99)),
        relay_p50: ms(percentile(relay.clone(), 0.5)),
        relay_p99: ms(percentile(relay, 0.99)),
        rss,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let commands = common::env_or_quick("KONBIT_LOAD_COMMANDS", 200, 50);
    let runs = common::env_or_quick("KONBIT_LOAD_RUNS", 3, 1);
    // Each run's directories are made here.
    common::print_conditions(&std::env::temp_dir());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut all = Vec::new();
    for run in 1..=runs {
        let f = runtime.block_on(one_run(commands));
        println!(
            "run {run}: {commands} commands, encrypted room: bot reply p50 {:.1} ms p99 {:.1} ms | homeserver relay p50 {:.1} ms p99 {:.1} ms | bot RSS (Matrix + IRC) {:.1} MiB",
            f.bot_p50, f.bot_p99, f.relay_p50, f.relay_p99, f.rss
        );
        println!(
            "run {run}: burst of {} commands from two members: {} answers, {} commands answered (must be all, once each), p50 {:.1} ms p99 {:.1} ms from sending to answer",
            f.burst_sent, f.burst_answered, f.burst_distinct, f.burst_p50, f.burst_p99
        );
        all.push(f);
    }
    println!(
        "median of {runs} runs at commit {}: burst p50 {:.1} ms p99 {:.1} ms, answered {}/{} (worst run)",
        common::commit(),
        median(all.iter().map(|f| f.burst_p50).collect()),
        median(all.iter().map(|f| f.burst_p99).collect()),
        all.iter().map(|f| f.burst_distinct).min().unwrap_or(0),
        2 * commands,
    );
    println!(
        "median of {runs} runs at commit {}: bot reply p50 {:.1} ms p99 {:.1} ms | relay p50 {:.1} ms p99 {:.1} ms | RSS {:.1} MiB",
        common::commit(),
        median(all.iter().map(|f| f.bot_p50).collect()),
        median(all.iter().map(|f| f.bot_p99).collect()),
        median(all.iter().map(|f| f.relay_p50).collect()),
        median(all.iter().map(|f| f.relay_p99).collect()),
        median(all.iter().map(|f| f.rss).collect()),
    );
    common::print_load_at_end();
}
