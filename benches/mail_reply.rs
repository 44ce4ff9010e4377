//! The mail reply harness: how long from a member's reply landing in konbit's mailbox to
//! the room hearing what it did, and how much memory the mail transport adds.
//!
//! A real InspIRCd + Atheme and a real Dovecot + SMTP server (the tests' networks). alice
//! makes N proposals on IRC; bob's copies arrive by mail; each of bob's replies
//! (`veto …`) is delivered into konbit's INBOX by LMTP, and the time is taken from the end
//! of that delivery to alice's client reading "Proposal #i is deferred … (by e-mail)". The
//! bot waits in IMAP IDLE, so this includes Dovecot's own notification delay (about
//! 0.5 s in Dovecot 2.3).
//!
//! Memory: the bot's peak RSS (VmHWM) after the same N proposals and N vetoes, once with
//! `[mail]` (vetoes by reply) and once without (vetoes said on IRC).
//!
//! Replies are delivered `KONBIT_MAIL_GAP_MS` (1000) apart, after the previous one was
//! announced, as replies from people arrive: with 0 (back to back), each reply may wait
//! for the mailbox's notifications about the previous one to settle.
//!
//! `cargo bench --bench mail_reply --no-default-features --features irc,mail` —
//! `KONBIT_MAIL_REPLIES` (20), `KONBIT_LOAD_RUNS` (3).

mod common;
#[path = "../tests/it/support/ircnet.rs"]
mod ircnet;
#[path = "../tests/it/support/mailnet.rs"]
mod mailnet;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{env_or, env_or_quick, median, ms, percentile, proc_kib};
use ircnet::{Client, IrcNet};
use mailnet::Mailnet;

const KEY: &str = "a bench key for reply addresses, long enough";

fn config(net: &IrcNet, mail: Option<&Mailnet>) -> String {
    let mut c = format!(
        r##"[irc]
server = "127.0.0.1"
port = {}
tls = false
nick = "konbit"
channels = ["#office"]
sasl_account = "konbit"
password_env = "KONBIT_TEST_IRC_PASSWORD"
burst = 50
lines_per_second = 50.0
[[members]]
name = "alice"
irc_account = "alice"
email = "alice@test"
[[members]]
name = "bob"
irc_account = "bob"
email = "bob@test"
"##,
        net.port
    );
    if let Some(m) = mail {
        c.push_str(&format!(
            r##"[mail]
from = "konbit@test"
token_key_env = "KONBIT_TEST_MAIL_KEY"
[mail.smtp]
host = "127.0.0.1"
port = {}
security = "none"
user = "konbit"
password_env = "KONBIT_TEST_MAIL_PASSWORD"
[mail.imap]
host = "127.0.0.1"
port = {}
security = "none"
user = "konbit"
password_env = "KONBIT_TEST_MAIL_PASSWORD"
"##,
            m.smtp_port, m.imap_port
        ));
    }
    c
}

fn start_bot(dir: &std::path::Path, config: &str, mail: Option<&Mailnet>) -> Child {
    let path = dir.join("konbit.toml");
    std::fs::write(&path, config).expect("config");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_konbit"));
    cmd.arg("--config")
        .arg(&path)
        .arg("run")
        .current_dir(dir)
        .env("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")
        .env("KONBIT_TEST_MAIL_KEY", KEY)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(m) = mail {
        cmd.env("KONBIT_TEST_MAIL_PASSWORD", m.password("konbit"));
    }
    cmd.spawn().expect("start konbit")
}

fn client(net: &IrcNet, name: &str) -> Client {
    let mut c = Client::connect(net.port, name, Some((name, &format!("{name}-pw"))));
    c.join("#office");
    c
}

fn wait_for_bot(c: &mut Client) {
    c.send("NAMES #office");
    if c.expect(|l| l.contains(" 353 ")).contains("konbit") {
        return;
    }
    c.expect(|l| l.starts_with(":konbit!") && l.contains(" JOIN "));
}

fn header(raw: &[u8], name: &str) -> String {
    let parsed = mail_parser::MessageParser::default().parse(raw).expect("a mail");
    parsed
        .headers_raw()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().trim_matches(['<', '>']).to_owned())
        .unwrap_or_default()
}

struct Run {
    latencies: Vec<Duration>,
    rss_mail_mib: f64,
    rss_chat_mib: f64,
}

fn one_run(n: usize, gap: Duration) -> Run {
    // With mail: vetoes by reply, timed.
    let net = IrcNet::start();
    for account in ["konbit", "alice", "bob"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    let mail = Mailnet::start();
    let dir = tempfile::tempdir().expect("dir");
    let mut bot = start_bot(dir.path(), &config(&net, Some(&mail)), Some(&mail));
    let mut alice = client(&net, "alice");
    wait_for_bot(&mut alice);
    for i in 1..=n {
        alice.say("#office", &format!("!propose bench item {i}"));
        alice.expect(|l| l.contains(&format!("Proposal #{i} by alice")));
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let to_bob = loop {
        let sent: Vec<_> = mail
            .sent()
            .into_iter()
            .filter(|s| s.rcpt_tos.iter().any(|r| r == "bob@test"))
            .collect();
        if sent.len() >= n {
            break sent;
        }
        assert!(Instant::now() < deadline, "bob got {} of {n} mails", sent.len());
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut latencies = Vec::new();
    for (i, m) in to_bob.iter().enumerate() {
        let reply_to = header(&m.raw, "Reply-To");
        let raw = format!(
            "From: <bob@test>\r\nTo: <{reply_to}>\r\nSubject: Re: {}\r\nDate: {}\r\nMessage-ID: <bench-{i}@test>\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\nveto not now\r\n",
            header(&m.raw, "Subject"),
            chrono::Utc::now().to_rfc2822()
        );
        let id = reply_to
            .split('+')
            .nth(1)
            .and_then(|t| t.strip_prefix('p'))
            .and_then(|t| t.split('-').next())
            .expect("a token")
            .to_owned();
        std::thread::sleep(gap);
        mail.deliver(&reply_to, raw.as_bytes());
        let landed = Instant::now();
        alice.expect(|l| l.contains(&format!("Proposal #{id} is deferred")) && l.contains("(by e-mail)"));
        latencies.push(landed.elapsed());
    }
    std::thread::sleep(Duration::from_secs(1));
    let rss_mail_mib = proc_kib(bot.id(), "VmHWM:") as f64 / 1024.0;
    let _ = bot.kill();
    let _ = bot.wait();
    drop(mail);
    drop(net);

    // Without mail: the same proposals, vetoed on IRC.
    let net = IrcNet::start();
    for account in ["konbit", "alice", "bob"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    let dir = tempfile::tempdir().expect("dir");
    let mut bot = start_bot(dir.path(), &config(&net, None), None);
    let mut alice = client(&net, "alice");
    wait_for_bot(&mut alice);
    let mut bob = client(&net, "bob");
    for i in 1..=n {
        alice.say("#office", &format!("!propose bench item {i}"));
        alice.expect(|l| l.contains(&format!("Proposal #{i} by alice")));
    }
    for i in 1..=n {
        bob.say("#office", &format!("!veto {i} not now"));
        alice.expect(|l| l.contains(&format!("Proposal #{i} is deferred")));
    }
    std::thread::sleep(Duration::from_secs(1));
    let rss_chat_mib = proc_kib(bot.id(), "VmHWM:") as f64 / 1024.0;
    let _ = bot.kill();
    let _ = bot.wait();
    Run {
        latencies,
        rss_mail_mib,
        rss_chat_mib,
    }
}

fn main() {
    if !ircnet::available() {
        return;
    }
    let n = env_or_quick("KONBIT_MAIL_REPLIES", 20, 5).max(1);
    let runs = env_or("KONBIT_LOAD_RUNS", 3).max(1);
    let gap = Duration::from_millis(env_or("KONBIT_MAIL_GAP_MS", 1000) as u64);
    common::print_conditions(std::env::temp_dir().as_path());
    let mut p50s = Vec::new();
    let mut maxes = Vec::new();
    let mut added = Vec::new();
    for run in 1..=runs {
        let r = one_run(n, gap);
        let p50 = ms(percentile(r.latencies.clone(), 0.5));
        let max = ms(percentile(r.latencies.clone(), 1.0));
        println!(
            "run {run}: reply landed → room announcement over {n} replies {} ms apart: median {p50:.0} ms, min {:.0} ms, max {max:.0} ms; \
             bot peak RSS with mail {:.1} MiB, without {:.1} MiB",
            gap.as_millis(),
            ms(percentile(r.latencies.clone(), 0.0)),
            r.rss_mail_mib,
            r.rss_chat_mib
        );
        p50s.push(p50);
        maxes.push(max);
        added.push(r.rss_mail_mib - r.rss_chat_mib);
    }
    println!(
        "median of {runs} runs: reply → announcement median {:.0} ms (max {:.0} ms); memory added by the mail transport {:.1} MiB",
        median(p50s),
        median(maxes),
        median(added)
    );
    common::print_load_at_end();
}
