//! `konbit backup FILE`: a consistent copy of the database taken while a running konbit
//! keeps writing to it, which opens as a sound database holding every confirmed record;
//! an existing file is never replaced without `--force`.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use support::Bot;

const CONFIG: &str = "[[projects]]\nname = \"webdev\"\n[punch]\nremind_after = \"\"\n";

/// Punches recorded in the database file `file` (relative to the bot's directory):
/// their notes, after checking the file is sound.
fn notes_in(bot: &Bot, file: &str) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = konbit::store::Store::open(&bot.dir().join(file))
            .await
            .expect("open the copy");
        assert!(store.integrity_check().await.unwrap(), "integrity_check of {file}");
        let today = chrono::Utc::now().date_naive();
        let punches = store
            .punches_between(today - chrono::Duration::days(90), today, None)
            .await
            .unwrap();
        store.close().await;
        punches.into_iter().filter_map(|p| p.note).collect()
    })
}

#[test]
fn a_backup_taken_while_konbit_writes_holds_every_confirmed_punch() {
    let bot = Bot::with_config(CONFIG);
    // Records made earlier, through the console.
    let mut script = String::new();
    for i in 0..30 {
        script.push_str(&format!("alice: !punch 10m webdev yesterday early{i}\n"));
    }
    let earlier = bot.run(&["console"], &script);
    assert_eq!(
        earlier
            .private("alice")
            .iter()
            .filter(|l| l.starts_with("Recorded #"))
            .count(),
        30
    );

    // A konbit using the database, punching without pause.
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
    let writer = std::thread::spawn(move || {
        let today = chrono::Utc::now().date_naive();
        for i in 0..100_000 {
            let day = today - chrono::Duration::days(2 + (i % 60));
            if writeln!(input, "alice: !punch 1m webdev {day} n{i}").is_err() {
                break;
            }
        }
    });
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut confirmed = 0;
    let mut confirmed_before_backup = None;
    let mut backup = None;
    while let Some(Ok(line)) = lines.next() {
        if line.starts_with("[@alice] konbit: Recorded #") {
            confirmed += 1;
        }
        if confirmed == 300 && backup.is_none() {
            confirmed_before_backup = Some(confirmed);
            // The backup runs while the bot keeps punching.
            let dir = bot.dir().to_owned();
            backup = Some(std::thread::spawn(move || {
                Command::new(env!("CARGO_BIN_EXE_konbit"))
                    .args(["--config", "konbit.toml", "backup", "copy.db"])
                    .current_dir(dir)
                    .env("LANG", "en_CA.UTF-8")
                    .output()
                    .expect("run konbit backup")
            }));
        }
        if backup.as_ref().is_some_and(|b| b.is_finished()) && confirmed >= 600 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = writer.join();
    let out = backup.expect("the backup ran").join().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Database copied to copy.db"), "{stdout}");
    assert!(!bot.dir().join("copy.db.partial").exists());

    let notes = notes_in(&bot, "copy.db");
    for i in 0..30 {
        assert!(notes.contains(&format!("early{i}")), "early{i} missing from the copy");
    }
    // Every punch confirmed before the backup started is in the copy, in order: the copy
    // is the database at one instant (n0…nK, nothing after a gap).
    let flood: std::collections::BTreeSet<usize> =
        notes.iter().filter_map(|n| n.strip_prefix('n')?.parse().ok()).collect();
    let before = confirmed_before_backup.unwrap();
    assert!(
        flood.len() >= before,
        "{} punches in the copy, {before} confirmed before",
        flood.len()
    );
    assert_eq!(
        flood.iter().copied().max(),
        Some(flood.len() - 1),
        "a punch is missing inside the copy"
    );
    assert!(flood.len() <= confirmed, "the copy holds more than was ever written");
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let bot = Bot::with_config(CONFIG);
    bot.run(&["console"], "alice: !punch 1h webdev yesterday first\n");
    let out = bot.run(&["backup", "copy.db"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    bot.run(&["console"], "alice: !punch 1h webdev yesterday second\n");
    let out = bot.run(&["backup", "copy.db"], "");
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("copy.db already exists; choose another file name, or add --force to replace it"),
        "{}",
        out.stderr
    );
    assert_eq!(notes_in(&bot, "copy.db"), ["first"]);

    let out = bot.run(&["backup", "copy.db", "--force"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut notes = notes_in(&bot, "copy.db");
    notes.sort();
    assert_eq!(notes, ["first", "second"]);
}

#[test]
fn a_backup_without_a_database_says_where_it_looked() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.run(&["backup", "copy.db"], "");
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("there is no database at"), "{}", out.stderr);
    assert!(out.stderr.contains("konbit.db"), "{}", out.stderr);
    assert!(!bot.dir().join("copy.db").exists());
}

#[test]
fn a_backup_is_readable_by_its_owner_only_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let bot = Bot::with_config(CONFIG);
    bot.run(&["console"], "alice: !punch 1h webdev yesterday private\n");
    // A permissive umask, as in a root shell or a cron job.
    let out = Command::new("sh")
        .args(["-c", "umask 022 && exec \"$0\" --config konbit.toml backup copy.db"])
        .arg(env!("CARGO_BIN_EXE_konbit"))
        .current_dir(bot.dir())
        .env("LANG", "en_CA.UTF-8")
        .output()
        .expect("run konbit backup");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mode = std::fs::metadata(bot.dir().join("copy.db"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {:o}", mode & 0o777);
    assert_eq!(notes_in(&bot, "copy.db"), ["private"]);
    // Replaced with --force: still private.
    let out = bot.run(&["backup", "copy.db", "--force"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mode = std::fs::metadata(bot.dir().join("copy.db"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {:o}", mode & 0o777);
}
