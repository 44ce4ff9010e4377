//! The IRC soak harness: one `konbit run` in 50 channels of a real InspIRCd with 500
//! members, each a real IRC client logged into its own services account, sending
//! `!punch` privately and `!proposals` in their channels at a steady rate for 30 minutes.
//! The bot's memory is sampled every minute; every command must be answered. The commit
//! and the machine are printed first.
//!
//! `cargo bench --bench irc_soak` — `KONBIT_SOAK_MINUTES` (30), `KONBIT_SOAK_RATE`
//! (commands per second, 50), `KONBIT_SOAK_CHANNELS` (50), `KONBIT_SOAK_MEMBERS` (500).

mod common;
#[path = "../tests/it/support/ircnet.rs"]
mod ircnet;

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{env_or, proc_kib};
use ircnet::{Client, IrcNet};

/// Runs `f` over `items` on at most `width` threads at a time.
fn in_parallel<T: Send + 'static, R: Send + 'static>(
    items: Vec<T>,
    width: usize,
    f: impl Fn(T) -> R + Send + Sync + 'static,
) -> Vec<R> {
    let f = Arc::new(f);
    let mut out = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let batch: Vec<_> = items
            .by_ref()
            .take(width)
            .map(|it| {
                let f = f.clone();
                std::thread::spawn(move || f(it))
            })
            .collect();
        out.extend(batch.into_iter().map(|t| t.join().expect("worker")));
    }
    out
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") || !ircnet::available() {
        return;
    }
    let minutes = env_or("KONBIT_SOAK_MINUTES", 30);
    let rate = env_or("KONBIT_SOAK_RATE", 50).max(1);
    let channels = env_or("KONBIT_SOAK_CHANNELS", 50).max(1);
    let members = env_or("KONBIT_SOAK_MEMBERS", 500).max(1);
    let net = IrcNet::start();
    let names: Vec<String> = (0..members).map(|i| format!("m{i}")).collect();
    let port = net.port;
    in_parallel(
        names.iter().cloned().chain(["konbit".to_owned()]).collect(),
        50,
        move |n: String| Client::register(port, &n, &format!("{n}-pw")),
    );
    let dir = tempfile::tempdir().expect("dir");
    let chans: Vec<String> = (0..channels).map(|i| format!("\"#c{i}\"")).collect();
    let mut toml = format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {}\ntls = false\nnick = \"konbit\"\nchannels = [{}]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_LOAD_PASSWORD\"\nburst = 10000\nlines_per_second = 1000000\n\
         [punch]\nremind_after = \"\"\n[[projects]]\nname = \"webdev\"\n",
        net.load_port,
        chans.join(", ")
    );
    for n in &names {
        toml.push_str(&format!("[[members]]\nname = \"{n}\"\nirc_account = \"{n}\"\n"));
    }
    std::fs::write(dir.path().join("konbit.toml"), toml).expect("config");
    common::print_conditions(dir.path());
    let mut bot = common::konbit_run(dir.path())
        .env("KONBIT_LOAD_PASSWORD", "konbit-pw")
        .stderr(std::fs::File::create(dir.path().join("bot.log")).expect("log"))
        .spawn()
        .expect("start konbit");

    // Everyone connects (the server registers once a second) and joins their channel.
    let load_port = net.load_port;
    let mut conns = in_parallel(names.clone(), 100, move |n: String| {
        let i: usize = n[1..].parse().expect("index");
        let mut c = Client::connect(load_port, &n, Some((&n, &format!("{n}-pw"))));
        c.join(&format!("#c{}", i % channels));
        c
    });
    conns[0].wait_until_answered_by("konbit");
    let answered = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for (i, c) in conns.into_iter().enumerate() {
        let nick = format!("m{i}");
        let (mut reader, writer) = c.into_parts();
        let _ = reader.get_ref().set_read_timeout(None);
        let mut ponger = writer.try_clone().expect("clone the socket");
        writers.push(writer);
        let answered = answered.clone();
        let confirmation = format!(" PRIVMSG {nick} :Recorded #");
        let channel_reply = format!(" :{nick}: There are no open");
        std::thread::spawn(move || {
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                // This member's answers only: a punch's confirmation (private), or the
                // reply to their channel command ("mN: …" in the channel).
                if line.contains(&confirmation) || line.contains(&channel_reply) {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
                if let Some(rest) = line.strip_prefix("PING ") {
                    let _ = ponger.write_all(format!("PONG {rest}").as_bytes());
                }
                line.clear();
            }
        });
    }
    let pid = bot.id();
    let start = Instant::now();
    let period = Duration::from_secs_f64(1.0 / rate as f64);
    let mut sent = 0usize;
    let mut samples = vec![(0u64, proc_kib(pid, "VmRSS:"))];
    let mut next_sample = start + Duration::from_secs(60);
    let end = start + Duration::from_secs(60 * minutes as u64);
    let today = chrono::Utc::now().date_naive();
    while Instant::now() < end {
        let i = sent;
        let who = i % members;
        // Nine punches for one channel command: answered privately, or "mN: …" in #cK.
        let line = if i % 10 == 9 {
            format!("PRIVMSG #c{} :!proposals\r\n", who % channels)
        } else {
            let day = today - chrono::Duration::days(1 + ((i / members) % 90) as i64);
            format!("PRIVMSG konbit :!punch 1m webdev {day}\r\n")
        };
        if writers[who].write_all(line.as_bytes()).is_err() {
            eprintln!("client m{who} lost its connection");
        }
        sent += 1;
        if Instant::now() >= next_sample {
            let minute = (next_sample - start).as_secs() / 60;
            let rss = proc_kib(pid, "VmRSS:");
            println!(
                "minute {minute}: bot RSS {:.1} MiB; {sent} sent, {} answered",
                rss as f64 / 1024.0,
                answered.load(Ordering::Relaxed)
            );
            samples.push((minute, rss));
            next_sample += Duration::from_secs(60);
        }
        let due = start + period * (sent as u32);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
    }
    // The last answers.
    let settle = Instant::now() + Duration::from_secs(30);
    while answered.load(Ordering::Relaxed) < sent && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(100));
    }
    let got = answered.load(Ordering::Relaxed);
    let peak = proc_kib(pid, "VmHWM:");
    let _ = bot.kill();
    let _ = bot.wait();
    let after_first = samples.iter().skip(2).map(|s| s.1).collect::<Vec<_>>();
    let (lo, hi) = (
        after_first.iter().min().copied().unwrap_or(0),
        after_first.iter().max().copied().unwrap_or(0),
    );
    println!(
        "soak: {minutes} min at {rate} commands/s, {channels} channels, {members} members: {sent} sent, {got} answered, \
         {} lost; bot RSS from minute 2 on between {:.1} and {:.1} MiB (spread {:.1} MiB), peak {:.1} MiB",
        sent.saturating_sub(got),
        lo as f64 / 1024.0,
        hi as f64 / 1024.0,
        (hi - lo) as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    common::print_load_at_end();
    let log = std::fs::read_to_string(dir.path().join("bot.log")).unwrap_or_default();
    if !log.trim().is_empty() {
        println!("bot log:\n{}", log.lines().take(20).collect::<Vec<_>>().join("\n"));
    }
}
