//! A konbit bot on the test IRC network: members alice, bob and carole known by their
//! services accounts, and their clients.

#![allow(dead_code)]

use super::ircnet::{Client, IrcNet};
use super::{Bot, Running};

/// A bot configured for `net`, with members alice, bob and carole known by account.
pub fn bot_for(net: &IrcNet, extra: &str) -> Bot {
    for account in ["konbit", "alice", "bob", "carole"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    Bot::with_config(&format!(
        r##"[irc]
server = "127.0.0.1"
port = {port}
tls = false
nick = "konbit"
channels = ["#office"]
sasl_account = "konbit"
password_env = "KONBIT_TEST_IRC_PASSWORD"
burst = 5
lines_per_second = 1.0
[[projects]]
name = "webdev"
[[members]]
name = "alice"
irc_account = "alice"
[[members]]
name = "bob"
irc_account = "bob"
irc_nick = "bob"
[[members]]
name = "carole"
irc_account = "carole"
{extra}
"##,
        port = net.port
    ))
}

pub fn start(bot: &Bot) -> Running {
    bot.spawn(&["run"], &[("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")])
}

/// A member's client, logged in, in #office, after the bot joined.
pub fn member(net: &IrcNet, name: &str) -> Client {
    let mut c = Client::connect(net.port, name, Some((name, &format!("{name}-pw"))));
    c.join("#office");
    c
}

pub fn wait_for_bot(c: &mut Client) {
    c.send("NAMES #office");
    if c.expect(|l| l.contains(" 353 ")).contains("konbit") {
        return;
    }
    c.expect(|l| l.starts_with(":konbit!") && l.contains(" JOIN "));
}
