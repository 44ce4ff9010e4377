//! Bad input of every kind gets a clear answer or is ignored, never a crash or lost data
//! (the table in docs/bad-input.md): oversized lines, invalid UTF-8 on IRC, a
//! locked database, a full disk and a read-only one.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

#[cfg(feature = "irc")]
use support::ircnet::{Client, IrcNet};
use support::{Bot, script};

const PROJECT: &str = "[[projects]]\nname = \"webdev\"\n[punch]\nremind_after = \"\"\n";

#[test]
fn oversized_lines_get_a_clear_answer_and_the_session_goes_on() {
    let bot = Bot::with_config(PROJECT);
    let huge = "x".repeat(1 << 20);
    let out = bot.console(
        "2026-11-20T10:00:00-05:00",
        &script(&[
            &format!("alice: !propose {huge}"),
            &format!("alice: !punch 2h webdev {huge}"),
            &format!("alice: !{huge}"),
            &format!("alice: {huge}"),
            "alice: !punch 2h webdev",
        ]),
    );
    let room = out.room();
    assert_eq!(
        room.iter()
            .filter(|l| l.contains("That text is too long (1000 characters at most)"))
            .count(),
        2,
        "{room:?}"
    );
    // An unknown command named by a megabyte is answered with its first characters.
    assert!(
        room.iter()
            .any(|l| l.starts_with("alice: Unknown command !xxx") && l.len() < 200),
        "{room:?}"
    );
    assert!(
        out.private("alice").iter().any(|l| l.starts_with("Recorded #1")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Proposal #1"));
}

#[test]
fn control_characters_typed_are_never_echoed_back() {
    let bot = Bot::with_config(PROJECT);
    let out = bot.console(
        "2026-11-20T10:00:00-05:00",
        &script(&[
            // A bell and a terminal colour after a command name.
            "alice: !help\x07\x1b[31m",
            "alice: !frobnicate\x1b[2J\x07",
            // IRC bold, colour and reset codes in a proposal, a title-setting sequence
            // in a veto reason.
            "alice: !propose \x02buy\x02 a \x0304,01red\x0f kettle",
            "bob: !veto 1 \x1b]0;pwned\x07too \x1d\x1fexpensive",
            "alice: !proposal 1",
        ]),
    );
    let controls: Vec<&str> = out
        .lines()
        .into_iter()
        .filter(|l| l.chars().any(char::is_control))
        .collect();
    assert!(controls.is_empty(), "control characters echoed: {controls:?}");
    let room = out.room();
    assert!(room.iter().any(|l| l.starts_with("alice: Commands: ")), "{room:?}");
    assert!(
        room.iter().any(|l| l.contains("Unknown command !frobnicate")),
        "{room:?}"
    );
    assert!(
        room.iter()
            .any(|l| l.contains("Proposal #1 by alice: buy a red kettle")),
        "{room:?}"
    );
    assert!(
        room.iter().any(|l| l.contains("bob vetoed it (too expensive)")),
        "{room:?}"
    );
}

#[test]
fn a_pasted_page_in_a_command_is_not_repeated_back_whole() {
    let bot = Bot::with_config(PROJECT);
    let word = "x".repeat(8_000);
    let help = format!("alice: !help {word}");
    let punch = format!("alice: !punch 1h {word}");
    let remind = format!("alice: !remind #{word} in 1h tea");
    let out = bot.console(
        "2026-11-20T10:00:00-05:00",
        &script(&[&help, &punch, &remind, "alice: !projects"]),
    );
    let room = out.room();
    // Each is answered, and the session goes on…
    assert!(room.iter().any(|l| l.contains("There is no command !xxx")), "{room:?}");
    assert!(
        room.iter()
            .any(|l| l.contains("A project name has at most 40 characters")),
        "{room:?}"
    );
    assert!(
        room.iter().any(|l| l.contains("so I could not post a reminder there")),
        "{room:?}"
    );
    assert!(room.iter().any(|l| l.contains("webdev")), "{room:?}");
    // …with at most 40 characters of the word, cut with an ellipsis.
    let long = "x".repeat(41);
    assert!(!out.stdout.contains(&long), "the word was repeated back: {room:?}");
    assert!(room.iter().filter(|l| l.contains("xxxxxxxx…")).count() >= 2, "{room:?}");
}

#[cfg(feature = "irc")]
#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn invalid_utf8_and_oversized_lines_on_irc_are_answered_or_ignored() {
    let net = IrcNet::start();
    for account in ["konbit", "alice"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    let bot = Bot::with_config(&format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_TEST_IRC_PASSWORD\"\n{PROJECT}\
         [[members]]\nname = \"alice\"\nirc_account = \"alice\"\n",
        net.port
    ));
    let running = bot.spawn(&["run"], &[("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")]);
    let mut alice = Client::connect(net.port, "alice", Some(("alice", "alice-pw")));
    alice.wait_until_answered_by("konbit");
    let (mut reader, mut writer) = alice.into_parts();
    // Latin-1 bytes in a note: recorded, the odd bytes replaced.
    writer
        .write_all(b"PRIVMSG konbit :!punch 1h webdev caf\xe9 cr\xe8me\r\n")
        .expect("write");
    // A line far over the 512-byte limit (the server cuts it) and bytes that are no text.
    let long = format!("PRIVMSG konbit :!propose {}\r\n", "y".repeat(8000));
    writer.write_all(long.as_bytes()).expect("write");
    writer
        .write_all(b"PRIVMSG konbit :\xff\xfe\xfd\x00\x01\r\n")
        .expect("write");
    writer.write_all(b"PRIVMSG konbit :!hours\r\n").expect("write");
    let mut seen = Vec::new();
    let mut line = Vec::new();
    let report = loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).expect("read");
        assert!(n > 0, "connection closed; seen:\n{}", seen.join("\n"));
        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
        seen.push(text.clone());
        if text.contains(":Your hours") {
            // The report's lines follow the header.
            let mut rest = String::new();
            reader.read_line(&mut rest).expect("read");
            break format!("{text}\n{rest}");
        }
    };
    let all = seen.join("\n");
    assert!(all.contains(":Recorded #1"), "{all}");
    // The cut proposal was answered (made, or refused with its reason), not dropped.
    assert!(all.contains("Proposal #1") || all.contains("too long"), "{all}");
    assert!(report.contains("1h00"), "{report}");
    let log = running.log();
    assert!(!log.contains("panicked") && !log.contains(" ERROR "), "{log}");
    drop(running);
    // The note was kept, its odd bytes replaced.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let notes: Vec<String> = runtime.block_on(async {
        let store = konbit::store::Store::open(&bot.dir().join("konbit.db"))
            .await
            .expect("reopen");
        let today = chrono::Utc::now().date_naive();
        store
            .punches_between(today - chrono::Duration::days(1), today, None)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|p| p.note)
            .collect()
    });
    assert_eq!(notes, vec!["caf\u{fffd} cr\u{fffd}me".to_owned()]);
}

#[test]
fn a_locked_database_gets_a_clear_answer_and_nothing_is_lost() {
    let bot = Bot::with_config(PROJECT);
    // Create the database.
    bot.console("2026-11-20T10:00:00-05:00", &script(&["alice: !projects"]));
    let db = bot.dir().join("konbit.db");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_konbit"))
        .args([
            "--config",
            "konbit.toml",
            "console",
            "--clock",
            "2026-11-20T10:00:00-05:00",
        ])
        .current_dir(bot.dir())
        .env("LANG", "en_CA.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start konbit");
    let mut input = child.stdin.take().expect("stdin");
    let mut output = BufReader::new(child.stdout.take().expect("stdout"));
    // The next line of the bot's that contains one of `needles`.
    let next_reply = |output: &mut BufReader<_>, needles: &[&str]| loop {
        let mut l = String::new();
        assert!(output.read_line(&mut l).expect("read") > 0, "konbit stopped");
        if needles.iter().any(|n| l.contains(n)) {
            return l;
        }
    };
    // The bot is up and has its connection open; then someone else locks the file.
    writeln!(input, "alice: !projects").expect("write");
    next_reply(&mut output, &["webdev"]);
    let mut lock = runtime.block_on(async {
        use sqlx::{Connection, Executor};
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.display()))
            .await
            .expect("open");
        c.execute("BEGIN EXCLUSIVE").await.expect("lock");
        c
    });
    writeln!(input, "alice: !punch 2h webdev").expect("write");
    let refused = next_reply(&mut output, &["Recorded", "could not"]);
    assert!(refused.contains("could not save that"), "{refused}");
    runtime.block_on(async {
        use sqlx::Executor;
        lock.execute("ROLLBACK").await.expect("unlock");
    });
    writeln!(input, "alice: !punch 3h webdev").expect("write");
    let recorded = next_reply(&mut output, &["Recorded", "could not"]);
    assert!(recorded.contains("Recorded #1"), "{recorded}");
    drop(input);
    let out = child.wait_with_output().expect("end");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("database is locked"), "the cause is logged: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Runs `sh -c SCRIPT` in a new user and mount namespace (as its root), where the
/// script can mount a file system of its own.
fn in_namespace(script: &str, envs: &[(&str, &Path)]) -> std::process::Output {
    let mut cmd = Command::new("unshare");
    cmd.args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("KONBIT", env!("CARGO_BIN_EXE_konbit"))
        .env("LANG", "en_CA.UTF-8");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("unshare (util-linux) runs");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("unshare: "),
        "user namespaces are needed for the disk tests: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn a_full_disk_refuses_what_it_cannot_save_and_keeps_everything_it_confirmed() {
    let bot = Bot::with_config(PROJECT);
    let disk = bot.dir().join("disk");
    std::fs::create_dir(&disk).expect("mkdir");
    let config = format!("{PROJECT}[storage]\ndatabase = \"{}/konbit.db\"\n", disk.display());
    std::fs::write(bot.dir().join("full.toml"), config).expect("config");
    let today = chrono::Utc::now().date_naive();
    let mut lines = Vec::new();
    for i in 0..1500 {
        let day = today - chrono::Duration::days(1 + (i % 90));
        lines.push(format!("alice: !punch 1m webdev {day} n{i} {}", "z".repeat(900)));
    }
    std::fs::write(bot.dir().join("script"), lines.join("\n") + "\n").expect("script");
    // A 2 MiB disk: the migrations and a few hundred punches fit, the rest do not.
    let out = in_namespace(
        r#"mount -t tmpfs -o size=2m tmpfs "$DISK" || exit 90
           "$KONBIT" --config "$DIR/full.toml" console < "$DIR/script" > "$DIR/out" 2> "$DIR/err"
           echo "exit $?" >> "$DIR/out"
           cp "$DISK"/konbit.db* "$DIR/" 2>/dev/null; exit 0"#,
        &[("DISK", &disk), ("DIR", bot.dir())],
    );
    assert_ne!(out.status.code(), Some(90), "cannot mount a tmpfs");
    let stdout = std::fs::read_to_string(bot.dir().join("out")).expect("out");
    let stderr = std::fs::read_to_string(bot.dir().join("err")).unwrap_or_default();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains("exit 0"), "konbit did not end normally:\n{stderr}");
    let confirmed: Vec<i64> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("[@alice] konbit: Recorded #"))
        .filter_map(|r| r.split(':').next()?.parse().ok())
        .collect();
    let refused = stdout.lines().filter(|l| l.contains("could not save that")).count();
    assert!(confirmed.len() > 20, "{} confirmed:\n{stderr}", confirmed.len());
    assert!(refused > 50, "the disk never filled: {refused} refused");
    assert_eq!(confirmed.len() + refused, 1500, "every punch answered");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = konbit::store::Store::open(&bot.dir().join("konbit.db"))
            .await
            .expect("reopen the copy");
        assert!(store.integrity_check().await.unwrap(), "integrity_check");
        let all = store
            .punches_between(today - chrono::Duration::days(91), today, None)
            .await
            .unwrap();
        let ids: std::collections::BTreeSet<i64> = all.iter().map(|p| p.id).collect();
        for id in &confirmed {
            assert!(ids.contains(id), "confirmed punch #{id} is missing");
        }
        assert_eq!(
            all.len(),
            confirmed.len(),
            "a punch was saved but reported as refused, or twice"
        );
    });
}

#[test]
fn a_read_only_disk_stops_konbit_at_start_with_the_reason() {
    let bot = Bot::with_config(PROJECT);
    let disk = bot.dir().join("disk");
    std::fs::create_dir(&disk).expect("mkdir");
    let config = format!("{PROJECT}[storage]\ndatabase = \"{}/konbit.db\"\n", disk.display());
    std::fs::write(bot.dir().join("ro.toml"), config).expect("config");
    let out = in_namespace(
        r#"mount -t tmpfs -o size=4m tmpfs "$DISK" || exit 90
           echo 'alice: !punch 1h webdev' | "$KONBIT" --config "$DIR/ro.toml" console > "$DIR/first" 2>&1
           mount -o remount,ro "$DISK" || exit 91
           echo 'alice: !punch 2h webdev' | "$KONBIT" --config "$DIR/ro.toml" console > "$DIR/out" 2> "$DIR/err"
           echo "exit $?" >> "$DIR/out"; exit 0"#,
        &[("DISK", &disk), ("DIR", bot.dir())],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first = std::fs::read_to_string(bot.dir().join("first")).expect("first");
    assert!(first.contains("Recorded #1"), "{first}");
    let stdout = std::fs::read_to_string(bot.dir().join("out")).expect("out");
    let stderr = std::fs::read_to_string(bot.dir().join("err")).expect("err");
    assert!(stdout.contains("exit 1"), "{stdout}{stderr}");
    assert!(!stdout.contains("Recorded"), "{stdout}");
    assert!(
        stderr.contains("cannot open the database") || stderr.contains("readonly"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
