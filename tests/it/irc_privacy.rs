//! Identity governs reading and delivery on a real InspIRCd + Atheme network: what is
//! personal reaches only the member's services account, never whoever holds their nick,
//! and waits for them while they are offline.

use crate::support;

use std::time::Duration;

use support::ircbot::{bot_for, member, start, wait_for_bot};
use support::ircnet::{Client, IrcNet};

/// `alice` quits and an impostor, not logged in, takes her nick.
fn impostor_takes_alices_nick(net: &IrcNet, alice: Client) -> Client {
    alice.quit("bye");
    let mut mallory = Client::connect(net.port, "alice", None);
    mallory.join("#office");
    mallory
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn an_impostor_holding_a_members_nick_cannot_read_her_reminders() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let _running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    alice.say("konbit", "!remind me in 3h dentist at four");
    alice.expect_from("konbit", |t| t.contains("dentist at four"));

    let mut mallory = impostor_takes_alices_nick(&net, alice);
    mallory.say("konbit", "!reminders");
    let answer = mallory.expect_from("konbit", |_| true);
    assert!(
        answer.contains("Only members of the collective can use !reminders"),
        "{answer}"
    );
    mallory.say("konbit", "!hours");
    mallory.expect_from("konbit", |_| true);
    // A member's own read still works, for her account, whatever her nick.
    let mut alice = Client::connect(net.port, "alice_", Some(("alice", "alice-pw")));
    alice.join("#office");
    alice.say("konbit", "!reminders");
    let mine = alice.expect_from("konbit", |t| t.contains("dentist"));
    assert!(mine.contains("dentist at four"), "{mine}");
    assert!(
        !mallory.seen.iter().any(|l| l.contains("dentist")),
        "{:#?}",
        mallory.seen
    );
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_reminder_for_an_offline_member_waits_for_her_and_never_reaches_an_impostor() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    // bob sets it through the console: due 15 s after the bot starts below.
    let clock = (chrono::Utc::now() - chrono::Duration::minutes(1) + chrono::Duration::seconds(15)).to_rfc3339();
    let set = bot.console(&clock, "bob: !remind alice in 1m call the bank\n");
    assert!(set.stdout.contains("call the bank"), "{}", set.stdout);
    let running = start(&bot);
    let mut mallory = Client::connect(net.port, "alice", None);
    mallory.join("#office");
    wait_for_bot(&mut mallory);
    assert!(
        !running.log().contains("waits for them"),
        "due too early: {}",
        running.log()
    );
    // The reminder fell due while the impostor held the nick, and was kept for alice;
    // then a command answered after it: the impostor got nothing.
    assert!(
        running.wait_log("waits for them", 1, Duration::from_secs(60)),
        "{}",
        running.log()
    );
    mallory.say("#office", "!projects");
    mallory.expect_from("konbit", |t| t.starts_with("alice: "));
    assert!(
        !mallory.seen.iter().any(|l| l.contains("call the bank")),
        "{:#?}",
        mallory.seen
    );
    mallory.send("QUIT :done");
    // alice comes back, logged in, under another nick: the reminder is hers, once.
    let mut alice = Client::connect(net.port, "alice_", Some(("alice", "alice-pw")));
    alice.join("#office");
    let reminder = alice.expect_from("konbit", |t| t.contains("call the bank"));
    assert!(reminder.starts_with("Reminder from bob"), "{reminder}");
    alice.say("konbit", "!projects");
    alice.expect_from("konbit", |t| t.contains("webdev"));
    assert_eq!(alice.seen.iter().filter(|l| l.contains("call the bank")).count(), 1);
    assert!(running.log().contains("waits for them"), "{}", running.log());
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_refusal_meant_for_an_impostor_never_reaches_the_member() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let _running = start(&bot);
    // The real alice is online under another nick, logged into her account.
    let mut alice = Client::connect(net.port, "alice_", Some(("alice", "alice-pw")));
    alice.join("#office");
    wait_for_bot(&mut alice);
    let mut mallory = Client::connect(net.port, "alice", None);
    mallory.say("konbit", "!punch 2h webdev");
    let refusal = mallory.expect_from("konbit", |_| true);
    assert!(refusal.contains("Only members"), "{refusal}");
    // Whatever alice receives next is her own answer, not the impostor's refusal.
    alice.say("konbit", "!projects");
    alice.expect_from("konbit", |t| t.contains("webdev"));
    assert!(
        !alice.seen.iter().any(|l| l.contains("Only members")),
        "{:#?}",
        alice.seen
    );
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_reminder_for_a_room_the_bot_cannot_reach_is_refused_with_the_rooms_it_can_use() {
    let net = IrcNet::start();
    // The console's room is named too, but no network serves it.
    let bot = bot_for(&net, "[console]\nroom = \"#lobby\"\n");
    let _running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!remind #lobby in 1m stand up");
    let answer = alice.expect_from("konbit", |t| t.starts_with("alice: "));
    assert!(answer.contains("I am not in #lobby"), "{answer}");
    assert!(answer.contains("I can post in: #office"), "{answer}");
    alice.say("#office", "!remind #office in 1m stand up");
    let ok = alice.expect_from("konbit", |t| t.contains("stand up"));
    assert!(!ok.contains("I am not in"), "{ok}");
}
