//! The IRC transport against a real InspIRCd + Atheme network on loopback (SPEC §2, §8, §9).

mod support;

use support::ircnet::{Client, IrcNet, available};

#[test]
fn the_test_network_has_accounts_and_sasl() {
    if !available() {
        return;
    }
    let net = IrcNet::start();
    Client::register(net.port, "alice", "alice-secret");
    let mut alice = Client::connect(net.port, "alice", Some(("alice", "alice-secret")));
    let mut bob = Client::connect(net.port, "bob", None);
    alice.join("#office");
    bob.send("CAP REQ :account-tag");
    bob.join("#office");
    alice.say("#office", "hello");
    let line = bob.expect(|l| l.contains("PRIVMSG #office :hello"));
    assert!(line.contains("account=alice"), "{line}");
}
