//! The IRC transport against a real InspIRCd + Atheme network on loopback (README, "On
//! IRC"): commands from real IRC clients, identity by services account, reconnection with
//! the adoption that fell due during an outage announced once, long replies, bursts.

use crate::support;

use std::time::Duration;

use support::ircbot::{bot_for, member, start, wait_for_bot};
use support::ircnet::{Client, IrcNet};

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn commands_from_real_irc_clients_with_identity_by_account() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    let mut bob = member(&net, "bob");
    let mut carole = member(&net, "carole");

    alice.say("#office", "!propose buy a kettle for the office");
    assert!(
        bob.expect_from("konbit", |t| t.starts_with("Proposal #1 by alice: buy a kettle"))
            .contains("alice")
    );
    bob.say("#office", "!veto 1 which one?");
    assert!(
        alice
            .expect_from("konbit", |t| t.starts_with("Proposal #1 is deferred"))
            .contains("bob vetoed it (which one?)")
    );
    // The proposer is told privately.
    alice.expect(|l| l.contains("PRIVMSG alice :bob vetoed your proposal #1"));

    alice.say("#office", "!punch 2h webdev");
    alice.expect(|l| l.contains("PRIVMSG alice :Recorded #1: 2h on webdev"));
    alice.say("konbit", "!hours");
    alice.expect(|l| l.contains("PRIVMSG alice :webdev: 2h00 paid"));

    // A stand-up round among the members present, called in turn.
    carole.say("#office", "!standup");
    bob.expect_from("konbit", |t| {
        t.starts_with("Stand-up round with 3 people: alice, bob, carole.")
    });
    alice.say("#office", "priorities: the kettle");
    alice.say("#office", "!next");
    bob.expect_from("konbit", |t| t.starts_with("bob, your turn"));
    bob.say("#office", "!pass");
    carole.say("#office", "help: a reviewer");
    carole.say("#office", "!next");
    alice.expect_from("konbit", |t| {
        t.starts_with("Stand-up summary — 3 took part; spoke: alice, carole.")
    });
    alice.expect_from("konbit", |t| t == "Help needed: carole: a reviewer");

    // Someone who takes bob's nick without bob's account cannot act as bob.
    bob.quit("bye");
    let mut mallory = Client::connect(net.port, "bob", None);
    mallory.join("#office");
    mallory.say("#office", "!propose give mallory the keys");
    let refusal = mallory.expect_from("konbit", |t| t.starts_with("bob: "));
    assert!(
        refusal.contains("Only members of the collective can use !propose."),
        "{refusal}"
    );
    mallory.say("#office", "!proposals");
    mallory.expect_from("konbit", |t| t == "bob: Proposals:");
    drop(running);
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_long_reply_arrives_complete_and_a_burst_of_replies_does_not_get_the_bot_kicked() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    let words: Vec<String> = (0..150).map(|i| format!("item{i:03}")).collect();
    let long = words.join(" ");
    for part in words.chunks(50) {
        alice.say("#office", &format!("!propose {}", part.join(" ")));
        alice.expect_from("konbit", |t| t.starts_with("It will be adopted"));
    }
    alice.say("#office", "!proposals");
    alice.expect_from("konbit", |t| t == "alice: Proposals:");
    let mut received = String::new();
    let mut lines = 0;
    while !received.contains("item149") {
        received.push(' ');
        received.push_str(&alice.expect_from("konbit", |_| true));
        lines += 1;
    }
    assert!(lines >= 3 && long.len() >= 1000, "{lines} lines");
    let got: Vec<&str> = received.split_whitespace().filter(|w| w.starts_with("item")).collect();
    assert_eq!(
        got,
        words.iter().map(String::as_str).collect::<Vec<_>>(),
        "every word, in order"
    );

    // 50 commands, 50 replies: the bot paces itself to the server's default flood
    // limits (about one line a second) and stays connected.
    let mut bob = member(&net, "bob");
    for i in 0..50 {
        bob.say("konbit", &format!("!proposal {}", 100 + i));
    }
    for i in 0..50 {
        let want = format!("PRIVMSG bob :There is no proposal #{}.", 100 + i);
        bob.expect(|l| l.starts_with(":konbit!") && l.ends_with(&want));
    }
    alice.say("#office", "!help");
    alice.expect_from("konbit", |t| t.starts_with("alice: Commands:"));
    assert!(!running.log().contains("disconnected"), "{}", running.log());
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn after_the_server_restarts_the_bot_rejoins_and_announces_the_adoption_once() {
    let mut net = IrcNet::start();
    // One business hour, every day a working day: the proposal below falls due 15 s
    // after the bot starts, while the server is down.
    let bot = bot_for(
        &net,
        "[proposals]\ndelay_business_hours = 1\nreminders_before = []\n[calendar]\nquebec_holidays = false\n\
         working_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n",
    );
    let start_clock = (chrono::Utc::now() - chrono::Duration::minutes(60) + chrono::Duration::seconds(15)).to_rfc3339();
    let made = bot.console(&start_clock, "alice: !propose renew the domain\n");
    assert!(made.stdout.contains("Proposal #1"), "{}", made.stdout);
    let running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    assert!(
        !running.log().contains("proposal adopted"),
        "due too early: {}",
        running.log()
    );
    net.kill_server();
    // The bot saw the server go, then the adoption fell due while it was away.
    let away = Duration::from_secs(60);
    assert!(running.wait_log("disconnected from IRC", 1, away), "{}", running.log());
    assert!(running.wait_log("proposal adopted", 1, away), "{}", running.log());
    assert!(!running.log().contains("reconnected to IRC"), "{}", running.log());
    net.restart_server();
    let mut alice = member(&net, "alice");
    // The bot comes back by itself (backoff), rejoins, and says what it missed.
    let adopted = alice.expect_from("konbit", |t| t.contains("proposal #1"));
    assert!(adopted.starts_with("Adopted"), "{adopted}");
    assert!(adopted.contains("renew the domain"), "{adopted}");
    // Exactly once: nothing more about it.
    alice.say("#office", "!proposal 1");
    alice.expect_from("konbit", |t| t.starts_with("alice: Proposal #1 by alice"));
    assert_eq!(
        alice.seen.iter().filter(|l| l.contains("Adopted")).count(),
        1,
        "{:#?}",
        alice.seen
    );
    let log = running.log();
    assert!(
        log.contains("disconnected from IRC") && log.matches("connected to IRC").count() >= 2,
        "{log}"
    );
    drop(running);
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn the_bot_connects_over_tls_and_trusts_only_what_it_is_told_to() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    // Same network, through the TLS listener, trusting its self-signed certificate.
    let config = std::fs::read_to_string(bot.dir().join("konbit.toml")).unwrap();
    let tls = config
        .replace("server = \"127.0.0.1\"", "server = \"localhost\"")
        .replace(&format!("port = {}", net.port), &format!("port = {}", net.tls_port))
        .replace(
            "tls = false",
            &format!("tls = true\ntls_ca_file = \"{}\"", net.cert_file().display()),
        );
    std::fs::write(bot.dir().join("konbit.toml"), &tls).unwrap();
    let running = start(&bot);
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!help veto");
    alice.expect_from("konbit", |t| t.starts_with("alice: !veto <id> <reason>"));
    assert!(running.log().contains("connected to IRC"), "{}", running.log());
    drop(running);

    // Without the certificate to trust, the connection is refused and retried.
    let untrusted = tls.replace(&format!("tls_ca_file = \"{}\"", net.cert_file().display()), "");
    std::fs::write(bot.dir().join("konbit.toml"), untrusted).unwrap();
    let running = start(&bot);
    // Refused, and refused again at the retry: never connected in between.
    assert!(
        running.wait_log("cannot connect to IRC", 2, Duration::from_secs(60)),
        "{}",
        running.log()
    );
    let log = running.log();
    assert!(!log.contains("connected to IRC"), "{log}");
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_nick_seen_only_in_private_cannot_be_taken_over_after_its_owner_leaves() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    let running = start(&bot);
    let mut watcher = member(&net, "carole");
    wait_for_bot(&mut watcher);
    // alice talks to the bot privately only (no shared channel), then leaves.
    let mut alice = Client::connect(net.port, "alice", Some(("alice", "alice-pw")));
    alice.say("konbit", "!propose a private idea");
    alice.expect(|l| l.contains("PRIVMSG alice :Proposal #1 by alice"));
    // The whole answer (two lines) received before she leaves: a line still on its way
    // when the nick changes hands is a race IRC itself cannot close (no account on
    // outgoing messages).
    alice.expect(|l| l.contains("PRIVMSG alice :It will be adopted"));
    alice.quit("bye");
    let mut mallory = Client::connect(net.port, "alice", None);
    mallory.say("konbit", "!withdraw 1");
    let answer = mallory.expect(|l| l.contains("PRIVMSG alice :"));
    assert!(
        answer.contains("Only members of the collective can use !withdraw."),
        "{answer}"
    );
    drop(running);
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn tls_tried_on_the_plain_text_port_is_reported_as_such_by_check_config_and_run() {
    let net = IrcNet::start();
    let bot = bot_for(&net, "");
    // The network's plain-text port, with tls = true: a common slip (6667 kept, TLS on).
    let config = std::fs::read_to_string(bot.dir().join("konbit.toml")).unwrap();
    std::fs::write(
        bot.dir().join("konbit.toml"),
        config.replace("tls = false", "tls = true"),
    )
    .unwrap();
    let expected = format!(
        "the server at 127.0.0.1:{} does not speak TLS; set tls = false or use its TLS port",
        net.port
    );

    let started = std::time::Instant::now();
    let checked = bot.run_with_env(
        &["check-config", "--connect"],
        &[("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")],
    );
    assert_eq!(checked.code, Some(1), "{}{}", checked.stdout, checked.stderr);
    let said = format!("{}{}", checked.stdout, checked.stderr);
    assert!(said.contains(&expected), "{said}");
    // Said within seconds, not after the 20 s a server that never answers gets.
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());

    let started = std::time::Instant::now();
    let running = start(&bot);
    assert!(
        running.wait_log("cannot connect to IRC", 1, Duration::from_secs(15)),
        "{}",
        running.log()
    );
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
    let log = running.log();
    assert!(log.contains(&expected), "{log}");
    assert!(!log.contains("no answer"), "{log}");
}
