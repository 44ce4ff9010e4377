//! `konbit check-config --connect` against a real InspIRCd + Atheme and a real Synapse:
//! the right password is reported as working, a wrong one as refused, per network, with
//! a non-zero exit; nothing is joined.

use crate::support;
use crate::support::synapse;

use support::Bot;
use support::ircnet::{self, Client, IrcNet};

fn irc_config(port: u16) -> String {
    format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {port}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_TEST_IRC_PASSWORD\"\n"
    )
}

#[test]
fn the_irc_password_is_tried_with_sasl_and_a_wrong_one_is_reported() {
    if !ircnet::available() {
        return;
    }
    let net = IrcNet::start();
    Client::register(net.port, "konbit", "konbit-pw");
    // Someone in the channel, to see that the check never joins it.
    let mut alice = Client::connect(net.port, "alice", None);
    alice.join("#office");
    let bot = Bot::with_config(&irc_config(net.port));

    let out = bot.run_with_env(
        &["check-config", "--connect"],
        &[("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(&format!(
            "✓ IRC 127.0.0.1:{}: connected and identified as konbit (SASL PLAIN). Nothing was joined or sent.",
            net.port
        )),
        "{}",
        out.stdout
    );

    let out = bot.run_with_env(&["check-config", "--connect"], &[("KONBIT_TEST_IRC_PASSWORD", "wrong")]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("✗ IRC 127.0.0.1:")
            && out
                .stderr
                .contains("the services refused the password of the account konbit"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("wrong"),
        "the password was printed: {}",
        out.stderr
    );

    let out = bot.run_with_env(&["check-config", "--connect"], &[]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("environment variable KONBIT_TEST_IRC_PASSWORD is not set"),
        "{}",
        out.stderr
    );

    // The channel never saw the bot: everything alice received up to her own PONG holds
    // no JOIN from it.
    alice.send("PING :after-the-checks");
    alice.expect(|l| l.contains("PONG") && l.contains("after-the-checks"));
    assert!(
        !alice
            .seen
            .iter()
            .any(|l| l.contains(" JOIN ") && l.starts_with(":konbit")),
        "{:?}",
        alice.seen
    );
}

#[test]
fn an_unreachable_irc_server_is_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bot = Bot::with_config(&irc_config(port));
    let out = bot.run_with_env(&["check-config", "--connect"], &[("KONBIT_TEST_IRC_PASSWORD", "x")]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("the configuration is valid"), "{}", out.stdout);
    assert!(
        out.stderr.contains(&format!("✗ IRC 127.0.0.1:{port}: ")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.to_lowercase().contains("connection refused"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_matrix_password_is_tried_with_a_login_and_a_wrong_one_is_reported() {
    if !synapse::available() {
        return;
    }
    let hs = synapse::Synapse::start();
    hs.register("konbit", "konbit-pw");
    let user = hs.user_id("konbit");
    let bot = Bot::with_config(&format!(
        "[matrix]\nhomeserver = \"{}\"\nuser = \"{user}\"\nrooms = [\"#office:example.org\"]\npassword_env = \"KONBIT_TEST_MATRIX_PASSWORD\"\n",
        hs.url()
    ));

    let out = bot.run_with_env(
        &["check-config", "--connect"],
        &[("KONBIT_TEST_MATRIX_PASSWORD", "konbit-pw")],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains(&format!("✓ Matrix {} ({user}): the password works", hs.url())),
        "{}",
        out.stdout
    );
    // The bot's own state (its device) is untouched: no state directory was created.
    assert!(!bot.dir().join("konbit.matrix").exists());

    let out = bot.run_with_env(
        &["check-config", "--connect"],
        &[("KONBIT_TEST_MATRIX_PASSWORD", "wrong")],
    );
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("the homeserver refused the login (M_FORBIDDEN"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_env_file_is_read_as_systemd_reads_it_so_a_dollar_in_a_password_works() {
    if !ircnet::available() {
        return;
    }
    let net = IrcNet::start();
    // A password a shell would expand ($$ is its process id).
    Client::register(net.port, "konbit", "pa$$w0rd");
    let bot = Bot::with_config(&irc_config(net.port));
    std::fs::write(
        bot.dir().join("konbit.env"),
        "# konbit's passwords, for EnvironmentFile=\nKONBIT_TEST_IRC_PASSWORD=pa$$w0rd\n",
    )
    .unwrap();
    let out = bot.run_with_env(&["check-config", "--connect", "--env-file", "konbit.env"], &[]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("connected and identified as konbit (SASL PLAIN)"),
        "{}",
        out.stdout
    );
    // What `set -a; . konbit.env` gives the check instead: not the password.
    let sourced = std::process::Command::new("sh")
        .args(["-c", "set -a; . ./konbit.env; printf %s \"$KONBIT_TEST_IRC_PASSWORD\""])
        .current_dir(bot.dir())
        .output()
        .unwrap();
    assert_ne!(String::from_utf8_lossy(&sourced.stdout), "pa$$w0rd");

    let out = bot.run_with_env(&["check-config", "--connect", "--env-file", "no-such.env"], &[]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("cannot read the environment file no-such.env"),
        "{}",
        out.stderr
    );
}
