//! Nothing konbit promised to say is lost, and nobody waits behind someone else's flood,
//! on a real InspIRCd + Atheme network with its stock flood limits; the bot's own account
//! is never silently given up.

use crate::support;

use std::collections::BTreeSet;
use std::time::Duration;

use support::ircbot::{bot_for, member, start, wait_for_bot};
use support::ircnet::{Client, IrcNet};

/// Commands whose answers differ (each `!help <verb>` is two lines).
const VERBS: [&str; 15] = [
    "propose",
    "veto",
    "unveto",
    "withdraw",
    "proposals",
    "proposal",
    "punch",
    "project",
    "projects",
    "hours",
    "standup",
    "meeting",
    "absent",
    "attendance",
    "remind",
];

/// Which of `verbs` were answered to `nick` in what `seen` holds.
fn answered(seen: &[String], nick: &str) -> BTreeSet<String> {
    let prefix = format!(" :{nick}: !");
    seen.iter()
        .filter(|l| l.starts_with(":konbit!"))
        .filter_map(|l| l.split_once(&prefix).map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_members_command_is_answered_while_someone_floods_the_bot() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let running = start(&bot);
    let mut bob = member(&net, "bob");
    wait_for_bot(&mut bob);
    let mut alice = member(&net, "alice");
    let mut mallory = Client::connect(net.port, "mallory", None);
    mallory.join("#office");
    for verb in VERBS {
        mallory.say("#office", &format!("!help {verb}"));
    }
    // Once the flood's answers pile up (two lines each, one line a second), alice asks.
    while answered(&bob.seen, "mallory").len() < 4 {
        bob.expect(|l| l.contains(" :mallory: !"));
    }
    let when_asked = answered(&bob.seen, "mallory").len();
    alice.say("#office", "!projects");
    // bob watches the room: alice's answer comes after at most a few of the flood's.
    let line = bob.expect(|l| l.starts_with(":konbit!") && l.contains(" :alice: "));
    let waited = answered(&bob.seen, "mallory").len() - when_asked;
    assert!(
        waited <= 3,
        "alice waited behind {waited} of mallory's answers:\n{line}\n{:#?}",
        bob.seen
    );
    // And every answer to the flood is still given, once, without a reconnection.
    while answered(&bob.seen, "mallory").len() < VERBS.len() {
        bob.expect(|l| l.contains(" :mallory: !"));
    }
    let log = running.log();
    assert!(!log.contains("disconnected"), "{log}");
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn replies_waiting_when_the_connection_drops_are_sent_after_reconnecting() {
    let mut net = IrcNet::start();
    let bot = bot_for(&net, "");
    let running = start(&bot);
    let mut bob = member(&net, "bob");
    wait_for_bot(&mut bob);
    let mut mallory = Client::connect(net.port, "mallory", None);
    mallory.join("#office");
    // Within the server's burst, so that every command reaches the bot before the
    // server dies (a command still in the server's buffer would die with it).
    for verb in &VERBS[..8] {
        mallory.say("#office", &format!("!help {verb}"));
    }
    // Two answers out, most still waiting: the server dies.
    while answered(&bob.seen, "mallory").len() < 2 {
        bob.expect(|l| l.contains(" :mallory: !"));
    }
    net.kill_server();
    let before = bob.seen.clone();
    net.restart_server();
    let mut bob = member(&net, "bob");
    let mut got = answered(&before, "mallory");
    while got.len() < 8 {
        bob.expect(|l| l.contains(" :mallory: !"));
        got.extend(answered(&bob.seen, "mallory"));
    }
    let log = running.log();
    assert!(log.contains("disconnected from IRC"), "{log}");
    assert!(log.contains("reconnected to IRC"), "{log}");
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn konbit_run_stops_with_a_clear_message_when_the_bots_password_is_refused() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let mut running = bot.spawn(&["run"], &[("KONBIT_TEST_IRC_PASSWORD", "not-the-password")]);
    let code = running.wait_exit(Duration::from_secs(60));
    let log = running.log();
    assert!(code.is_some_and(|c| c != 0), "{code:?}\n{log}");
    assert!(
        log.contains("refused the password of the bot's account konbit"),
        "{log}"
    );
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn the_bot_waits_for_its_services_account_and_never_joins_as_a_guest() {
    let mut net = IrcNet::start();
    let bot = bot_for(&net, "");
    net.stop_services();
    let running = start(&bot);
    let mut carole = Client::connect(net.port, "carole", None);
    carole.join("#office");
    // Refused its account twice (at the start and at the retry), and not in the channel.
    assert!(
        running.wait_log("cannot log into the bot's account", 2, Duration::from_secs(60)),
        "{}",
        running.log()
    );
    carole.send("NAMES #office");
    let names = carole.expect(|l| l.contains(" 353 "));
    assert!(!names.contains("konbit"), "{names}");
    net.start_services();
    // It comes by itself (after its backoff), logged in.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        carole.send("NAMES #office");
        if carole.expect(|l| l.contains(" 353 ")).contains("konbit") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{}", running.log());
        std::thread::sleep(Duration::from_secs(1));
    }
    let log = running.log();
    assert!(
        log.contains("connected to IRC and identified") && log.contains("\"konbit\""),
        "{log}"
    );
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn stopping_the_bot_says_goodbye_on_irc() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let mut running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    running.terminate();
    alice.expect(|l| l.starts_with(":konbit!") && l.contains(" QUIT ") && l.contains("konbit is stopping"));
    assert_eq!(running.wait_exit(Duration::from_secs(10)), Some(0), "{}", running.log());
}
