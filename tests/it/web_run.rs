//! `konbit run` serves the web view beside a real IRC network (InspIRCd + Atheme) when
//! `[web]` is set: what is said on IRC is on the pages, and `!web` said privately on IRC
//! opens the member's own page.

use crate::support;

use std::io::{Read, Write};
use std::time::Duration;

use support::ircbot::{bot_for, member, start, wait_for_bot};
use support::ircnet::IrcNet;
use support::{Bot, Running};

/// Status and body of a GET.
fn get(address: &str, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(address).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status");
    (status, raw)
}

/// `konbit run` on a real IRC network with `[web]` set: the network, the bot's files, the
/// running process and the web view's address (from its log).
fn serving() -> (IrcNet, Bot, Running, String) {
    let net = IrcNet::start();
    let bot = bot_for(
        &net,
        "[web]\nlisten = \"127.0.0.1:0\"\nbase_url = \"http://konbit.test\"\n",
    );
    let running = start(&bot);
    assert!(
        running.wait_log("web view listening", 1, Duration::from_secs(30)),
        "{}",
        running.log()
    );
    let at = running
        .log()
        .split("address=")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("the address in the log")
        .to_owned();
    (net, bot, running, at)
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn konbit_run_serves_the_web_view_of_what_is_said_on_irc() {
    let (net, _bot, _running, at) = serving();
    let mut alice = member(&net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!propose buy a kettle");
    alice.expect_from("konbit", |t| t.contains("buy a kettle"));
    let (status, home) = get(&at, "/");
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("buy a kettle"), "{home}");
    alice.say("konbit", "!web");
    let link = alice.expect_from("konbit", |t| t.contains("http://konbit.test/me/"));
    let path = link[link.find("/me/").expect("path")..]
        .split_whitespace()
        .next()
        .expect("secret")
        .to_owned();
    let (status, page) = get(&at, &path);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("alice"), "{page}");
}

#[test]
#[ignore = "needs InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn after_a_reload_the_web_view_shows_the_new_roster_and_a_web_change_waits_for_a_restart() {
    let (_net, bot, running, at) = serving();
    let (status, before) = get(&at, "/membership?lang=en");
    assert_eq!(status, 200, "{before}");
    assert!(before.contains("carole") && !before.contains("dave"), "{before}");

    let file = bot.dir().join("konbit.toml");
    let original = std::fs::read_to_string(&file).expect("config");
    let edited = original.replace("http://konbit.test", "http://konbit.example") + "\n[[members]]\nname = \"dave\"\n";
    std::fs::write(&file, edited).expect("edit");
    running.hangup();
    assert!(
        running.wait_log("configuration reloaded", 1, Duration::from_secs(20)),
        "{}",
        running.log()
    );
    let (status, after) = get(&at, "/membership?lang=en");
    assert_eq!(status, 200, "{after}");
    assert!(after.contains("dave"), "the new member is not on the page: {after}");
    let log = running.log();
    let line = log
        .lines()
        .find(|l| l.contains("configuration reloaded"))
        .expect("the reload's line");
    assert!(
        line.contains("web") && line.contains("next restart"),
        "the [web] change is not said to wait for a restart: {line}"
    );
    // The view still answers where it was bound.
    assert_eq!(get(&at, "/?lang=en").0, 200);
}
