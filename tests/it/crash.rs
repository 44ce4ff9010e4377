//! Crash safety: the bot killed with SIGKILL in the middle of a flood of `!punch` keeps
//! every punch it confirmed, none twice, and a sound database.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use support::Bot;
#[cfg(feature = "irc")]
use support::ircnet::{Client, IrcNet};

#[test]
fn a_sigkill_during_a_flood_of_punches_loses_nothing_that_was_confirmed() {
    let bot = Bot::with_config("[[projects]]\nname = \"webdev\"\n[punch]\nremind_after = \"\"\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_konbit"))
        .args(["--config", "konbit.toml", "console"])
        .current_dir(bot.dir())
        .env("LANG", "en_CA.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start konbit");
    let mut input = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    // Punches on many past days so that no day fills up.
    let writer = std::thread::spawn(move || {
        let today = chrono::Utc::now().date_naive();
        for i in 0..20_000 {
            let day = today - chrono::Duration::days(1 + (i % 60));
            if writeln!(input, "alice: !punch 1m webdev {day} n{i}").is_err() {
                break;
            }
        }
    });
    let mut confirmed = Vec::new();
    let mut lines = BufReader::new(stdout).lines();
    while let Some(Ok(line)) = lines.next() {
        // "[@alice] konbit: Recorded #12: 1m on webdev, …"
        if let Some(id) = line
            .strip_prefix("[@alice] konbit: Recorded #")
            .and_then(|r| r.split(':').next())
        {
            confirmed.push(id.parse::<i64>().expect("id"));
        }
        if confirmed.len() == 2_000 {
            // In the middle of the flood.
            child.kill().expect("SIGKILL");
            break;
        }
    }
    let _ = child.wait();
    let _ = writer.join();
    assert_eq!(confirmed.len(), 2_000);

    assert_everything_confirmed_is_there_once(&bot, &confirmed);
}

/// Reopens the database: sound, every confirmed punch in it, none twice (each punch's
/// note `n<i>` is unique).
fn assert_everything_confirmed_is_there_once(bot: &Bot, confirmed: &[i64]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = konbit::store::Store::open(&bot.dir().join("konbit.db"))
            .await
            .expect("reopen");
        assert!(store.integrity_check().await.unwrap(), "integrity_check");
        let today = chrono::Utc::now().date_naive();
        let all = store
            .punches_between(today - chrono::Duration::days(90), today, None)
            .await
            .unwrap();
        support::assert_confirmed_once(&all, confirmed);
        assert!(all.len() >= confirmed.len());
    });
}

#[cfg(feature = "irc")]
#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_sigkill_during_a_flood_of_punches_over_irc_loses_nothing_that_was_confirmed() {
    let net = IrcNet::start();
    for account in ["konbit", "alice"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    // The connect class without flood limits, and the bot's own pacing lifted to match.
    let bot = Bot::with_config(&format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_TEST_IRC_PASSWORD\"\nburst = 10000\nlines_per_second = 1000000\n\
         [punch]\nremind_after = \"\"\n[[projects]]\nname = \"webdev\"\n[[members]]\nname = \"alice\"\nirc_account = \"alice\"\n",
        net.load_port
    ));
    let running = bot.spawn(&["run"], &[("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")]);
    let mut alice = Client::connect(net.load_port, "alice", Some(("alice", "alice-pw")));
    alice.wait_until_answered_by("konbit");
    let (mut reader, mut writer) = alice.into_parts();
    let flood = std::thread::spawn(move || {
        let today = chrono::Utc::now().date_naive();
        for i in 0..20_000 {
            let day = today - chrono::Duration::days(1 + (i % 60));
            if write!(writer, "PRIVMSG konbit :!punch 1m webdev {day} n{i}\r\n").is_err() {
                break;
            }
        }
    });
    let mut confirmed = Vec::new();
    let mut line = String::new();
    let mut running = Some(running);
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        // ":konbit!… PRIVMSG alice :Recorded #12: 1m on webdev, …"
        if let Some(id) = line
            .split_once(" PRIVMSG alice :Recorded #")
            .and_then(|(_, r)| r.split(':').next())
        {
            confirmed.push(id.parse::<i64>().expect("id"));
        }
        line.clear();
        if confirmed.len() == 2_000 {
            // In the middle of the flood: SIGKILL.
            drop(running.take());
            break;
        }
    }
    let _ = flood.join();
    let log = running.as_ref().map(|r| r.log()).unwrap_or_default();
    assert_eq!(confirmed.len(), 2_000, "the bot stopped answering; its log:\n{log}");
    assert_everything_confirmed_is_there_once(&bot, &confirmed);
}

/// A `konbit run` that keeps its database while it tries an IRC server nobody listens on.
#[cfg(feature = "irc")]
fn bot_with_an_unreachable_network() -> Bot {
    // A loopback port just freed: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    Bot::with_config(&format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {port}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_TEST_IRC_PASSWORD\"\n\
         [[members]]\nname = \"alice\"\nirc_account = \"alice\"\n"
    ))
}

#[cfg(feature = "irc")]
#[test]
fn a_second_konbit_on_a_database_in_use_refuses_to_start_naming_the_first_until_it_is_killed() {
    let bot = bot_with_an_unreachable_network();
    let env = [("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")];
    let first = bot.spawn(&["run"], &env);
    // Past its database: it is trying the network.
    assert!(
        first.wait_log("cannot connect to IRC", 1, std::time::Duration::from_secs(30)),
        "{}",
        first.log()
    );

    let second = bot.run_with_env(&["run"], &env);
    assert_eq!(second.code, Some(1), "{}", second.stderr);
    let database = bot.dir().join("konbit.db").display().to_string();
    assert!(
        second.stderr.contains(&format!(
            "another konbit is already serving the database {database}: process {}, started {}",
            first.pid(),
            chrono::Utc::now().format("%Y-%m-%d")
        )),
        "{}",
        second.stderr
    );
    assert!(second.stderr.contains("systemctl stop konbit"), "{}", second.stderr);
    // Nor a console beside it.
    let console = bot.run(&["console"], "alice: !help\n");
    assert_eq!(console.code, Some(1), "{}", console.stderr);
    assert!(
        console.stderr.contains("another konbit is already serving"),
        "{}",
        console.stderr
    );
    assert!(console.stdout.is_empty(), "{}", console.stdout);

    // SIGKILL: no chance to clean up; the lock goes with the process all the same.
    drop(first);
    let restarted = bot.spawn(&["run"], &env);
    assert!(
        restarted.wait_log("cannot connect to IRC", 1, std::time::Duration::from_secs(30)),
        "{}",
        restarted.log()
    );
    assert!(!restarted.log().contains("already serving"), "{}", restarted.log());
}
