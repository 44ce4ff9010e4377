//! `konbit run` reads its configuration file again on SIGHUP (`systemctl reload`): what
//! the file now says is in force at once, without dropping the connection; a file with
//! problems is refused, each problem logged, and the configuration in force stays. A
//! SIGHUP while konbit starts is not fatal: the file is read again once it serves.

use crate::support;

use std::time::Duration;

use support::ircbot::{bot_for, member, start, wait_for_bot};
use support::ircnet::IrcNet;

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_project_added_to_the_file_is_usable_after_sighup_and_a_broken_file_changes_nothing() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    alice.say("konbit", "!punch 1h garden");
    let refused = alice.expect_from("konbit", |_| true);
    assert!(refused.contains("Unknown project 'garden'"), "{refused}");

    let file = bot.dir().join("konbit.toml");
    let original = std::fs::read_to_string(&file).expect("config");
    std::fs::write(&file, format!("{original}\n[[projects]]\nname = \"garden\"\n")).expect("edit");
    running.hangup();
    assert!(
        running.wait_log("configuration reloaded", 1, Duration::from_secs(20)),
        "{}",
        running.log()
    );
    alice.say("konbit", "!punch 1h garden");
    let recorded = alice.expect_from("konbit", |_| true);
    assert!(
        recorded.contains("Recorded") && recorded.contains("garden"),
        "{recorded}"
    );

    // A broken file: refused with the reason, the configuration in force stays.
    std::fs::write(
        &file,
        format!("{original}\n[[projects]]\nname = \"garden\"\nkind = \"nap\"\n"),
    )
    .expect("edit");
    running.hangup();
    assert!(
        running.wait_log("was not reloaded", 1, Duration::from_secs(20)),
        "{}",
        running.log()
    );
    let log = running.log();
    assert!(
        log.contains("projects[") && log.contains("kind"),
        "the problem is not named:\n{log}"
    );
    alice.say("konbit", "!punch 30m garden");
    let still = alice.expect_from("konbit", |_| true);
    assert!(still.contains("Recorded") && still.contains("garden"), "{still}");

    // Never disconnected: connected once, no reconnection.
    assert_eq!(log.matches("connected to IRC and identified").count(), 1, "{log}");
    assert!(!log.contains("disconnected from IRC"), "{log}");
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_sighup_while_a_first_start_creates_the_database_does_not_kill_konbit() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let running = start(&bot);
    // "konbit starting" comes before the database is created and migrated (a first start:
    // no konbit.db yet), while SIGHUP's default action would still end the process.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !running.log().contains("konbit starting") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    running.hangup();
    assert!(
        running.wait_log("configuration reloaded", 1, Duration::from_secs(20)),
        "{}",
        running.log()
    );
    // Still serving: it joins and answers.
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!help veto");
    alice.expect_from("konbit", |t| t.starts_with("alice: !veto <id> <reason>"));
    let mut running = running;
    assert_eq!(running.wait_exit(Duration::from_millis(10)), None, "{}", running.log());
}
