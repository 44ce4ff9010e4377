//! The collective of the end-to-end mail tests (`mail.rs`, `mail_replies.rs`): `konbit
//! run` on a real IRC network (InspIRCd + Atheme) and a real mail network (Dovecot,
//! aiosmtpd: `mailnet.rs`), members alice, bob (in French) and carole (carol@test by
//! mail), and the helpers that write members' replies and read what konbit sent.

use std::time::Duration;

use super::Bot;
use super::Running;
use super::ircbot::{member, wait_for_bot};
use super::ircnet::{Client, IrcNet};
use super::mailnet::{Mailnet, Sent};

pub const KEY: &str = "a test key for reply addresses, long enough";

pub struct Setup {
    pub net: IrcNet,
    pub mail: Mailnet,
    pub bot: Bot,
}

pub fn setup() -> Setup {
    let net = IrcNet::start();
    let mail = Mailnet::start();
    for account in ["konbit", "alice", "bob", "carole"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    let bot = Bot::with_config(&format!(
        r##"[irc]
server = "127.0.0.1"
port = {irc}
tls = false
nick = "konbit"
channels = ["#office"]
sasl_account = "konbit"
password_env = "KONBIT_TEST_IRC_PASSWORD"
burst = 20
lines_per_second = 20.0
[mail]
from = "konbit@test"
token_key_env = "KONBIT_TEST_MAIL_KEY"
[mail.smtp]
host = "127.0.0.1"
port = {smtp}
security = "none"
user = "konbit"
password_env = "KONBIT_TEST_MAIL_PASSWORD"
[mail.imap]
host = "127.0.0.1"
port = {imap}
security = "none"
user = "konbit"
password_env = "KONBIT_TEST_MAIL_PASSWORD"
poll = "1m"
transit_allowance = "1m"
[[members]]
name = "alice"
irc_account = "alice"
email = "alice@test"
[[members]]
name = "bob"
irc_account = "bob"
language = "fr"
email = "bob@test"
[[members]]
name = "carole"
irc_account = "carole"
email = "carol@test"
"##,
        irc = net.port,
        smtp = mail.smtp_port,
        imap = mail.imap_port,
    ));
    Setup { net, mail, bot }
}

impl Setup {
    pub fn start(&self) -> Running {
        let password = self.mail.password("konbit");
        self.bot.spawn(
            &["run"],
            &[
                ("KONBIT_TEST_IRC_PASSWORD", "konbit-pw"),
                ("KONBIT_TEST_MAIL_KEY", KEY),
                ("KONBIT_TEST_MAIL_PASSWORD", &password),
            ],
        )
    }

    /// konbit started, alice in #office once it is there, and her proposal `text` made;
    /// bob's copy of its mail.
    pub fn proposed(&self, text: &str) -> (Running, Client, Sent) {
        let running = self.start();
        let mut alice = member(&self.net, "alice");
        wait_for_bot(&mut alice);
        alice.say("#office", &format!("!propose {text}"));
        let bobs = self.wait_sent_to("bob@test", 1).remove(0);
        (running, alice, bobs)
    }

    /// The mails sent to `address` so far.
    pub fn sent_to(&self, address: &str) -> Vec<Sent> {
        self.mail
            .sent()
            .into_iter()
            .filter(|s| s.rcpt_tos.iter().any(|r| r == address))
            .collect()
    }

    /// Waits until `address` was sent `n` mails; them.
    pub fn wait_sent_to(&self, address: &str, n: usize) -> Vec<Sent> {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let sent = self.sent_to(address);
            if sent.len() >= n {
                return sent;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{address} got {} mail(s), expected {n}:\n{}",
                sent.len(),
                self.mail.logs()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

pub fn header(raw: &[u8], name: &str) -> String {
    let parsed = mail_parser::MessageParser::default().parse(raw).expect("a mail");
    parsed
        .headers_raw()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

pub fn body(raw: &[u8]) -> String {
    let parsed = mail_parser::MessageParser::default().parse(raw).expect("a mail");
    parsed.body_text(0).map(|b| b.into_owned()).unwrap_or_default()
}

/// A reply to `to_mail` from `from`, saying `first_line` above the quote, with extra headers.
pub fn reply(to_mail: &Sent, from: &str, message_id: &str, first_line: &str, extra: &str) -> (String, Vec<u8>) {
    let text = format!("{first_line}\r\n\r\nLe mardi, konbit a écrit :\r\n> Proposition #1\r\n");
    reply_with_text(to_mail, from, message_id, &text, extra)
}

/// A reply to `to_mail` from `from` whose whole text is `text`, with extra headers.
pub fn reply_with_text(to_mail: &Sent, from: &str, message_id: &str, text: &str, extra: &str) -> (String, Vec<u8>) {
    let reply_to = header(&to_mail.raw, "Reply-To").trim_matches(['<', '>']).to_owned();
    let subject = header(&to_mail.raw, "Subject");
    let date = chrono::Utc::now().to_rfc2822();
    let raw = format!(
        "From: <{from}>\r\nTo: <{reply_to}>\r\nSubject: Re: {subject}\r\nDate: {date}\r\n\
         Message-ID: <{message_id}>\r\nIn-Reply-To: {}\r\n{extra}\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{text}",
        header(&to_mail.raw, "Message-ID")
    );
    (reply_to, raw.into_bytes())
}

pub fn no_errors(running: &Running) {
    let log = running.log();
    assert!(!log.contains("panicked"), "{log}");
}

pub async fn set_deadline(db: &std::path::Path, id: i64, at: chrono::DateTime<chrono::Utc>) {
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .expect("open the bot's database");
    sqlx::query("UPDATE proposals SET deadline_at = ?, next_event_at = ? WHERE id = ?")
        .bind(at.timestamp_millis())
        .bind(at.timestamp_millis())
        .bind(id)
        .execute(&mut conn)
        .await
        .expect("move the deadline");
}

/// `raw` with its `Date` header saying `date`.
pub fn dated(raw: &[u8], date: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
    let text = String::from_utf8(raw.to_vec()).expect("text");
    text.split("\r\n")
        .map(|l| {
            if l.starts_with("Date: ") {
                format!("Date: {}", date.to_rfc2822())
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes()
}
