//! The bodies of the fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer), here so that the
//! corpus regression test (`tests/it/fuzz_corpus.rs`) runs exactly the same code on every
//! test run, without libFuzzer. Each must return normally for any input: a panic is a bug.
//! The mail target's body is in `fuzzing/mail.rs`.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::America::Montreal;

#[cfg(feature = "irc")]
use crate::app::Core;
use crate::command::{self, Command, PunchCmd};
use crate::config::Config;
use crate::domain::duration::WorkDuration;
use crate::domain::schedule::{first_due, parse_remind_when, parse_when};
#[cfg(feature = "irc")]
use crate::store::Store;
#[cfg(feature = "irc")]
use crate::transport::Hub;

#[cfg(feature = "mail")]
mod mail;
#[cfg(feature = "mail")]
pub use mail::mail_inbound;

/// Any chat line through the command parser.
pub fn command(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(Ok(cmd)) = command::parse(&text) {
        let _ = (cmd.writes(), cmd.may_change_schedule(), cmd.verb());
    }
}

/// The first 8 bytes choose a moment (any between 1990 and 2150, DST changes included),
/// the rest is the text: durations, days, `!remind` times and schedule specs are parsed
/// and resolved around that moment.
pub fn times(data: &[u8]) {
    let Some((moment, text)) = data.split_first_chunk::<8>() else {
        return;
    };
    let span = 160 * 365 * 24 * 3600;
    let secs = 631_152_000 + (i64::from_le_bytes(*moment).rem_euclid(span));
    let Some(now) = DateTime::<Utc>::from_timestamp(secs, 0) else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    let _ = WorkDuration::parse(&text);
    if let Some((when, _)) = parse_remind_when(&text) {
        let _ = first_due(when, now, Montreal);
    }
    if let Some(recurrence) = parse_when(&text) {
        let calendar = &builtin().calendar;
        let mut after = now;
        // A few occurrences in a row: each strictly after the previous one.
        for _ in 0..3 {
            match recurrence.next_after(calendar, after) {
                Some(next) => {
                    assert!(next > after, "{text:?}: {next} is not after {after}");
                    after = next;
                }
                None => break,
            }
        }
    }
    let today = now.with_timezone(&Montreal).date_naive();
    for line in [
        format!("!punch 1h webdev {text}"),
        format!("!punch {text}"),
        format!("!hours {text}"),
        format!("!absent {text}"),
        format!("!remind me {text}"),
    ] {
        if let Some(Ok(Command::Punch(PunchCmd::Add { day: Some(day), .. }))) = command::parse(&line) {
            let _ = day.resolve(today);
        }
    }
    let _ = now.checked_add_signed(Duration::minutes(1));
}

fn builtin() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(Config::builtin)
}

/// Any text through the configuration loader.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(problems) = Config::parse(&text, std::path::Path::new("/nonexistent")) {
        for p in problems {
            let _ = p.render(crate::i18n::Lang::En);
        }
    }
}

#[cfg(feature = "irc")]
/// The configuration the IRC target's bot runs with: a roster, nick-only identification
/// allowed so that nick-only lines reach the commands too.
const IRC_CONFIG: &str = r##"
[irc]
server = "irc.invalid"
channels = ["#office"]
sasl_account = "konbit"
allow_nick_only = true
[[projects]]
name = "webdev"
[[members]]
name = "alice"
irc_account = "alice"
irc_nick = "alice"
[[members]]
name = "bob"
irc_nick = "bob"
"##;

#[cfg(feature = "irc")]
struct IrcBot {
    runtime: tokio::runtime::Runtime,
    hub: std::sync::Arc<Hub>,
    _dir: tempfile::TempDir,
}

#[cfg(feature = "irc")]
/// Bytes from an IRC server (after registration and the bot's own JOIN) through the IRC
/// transport's own code — reader, protocol handling, the core, the outbox, the fair
/// queue, the writer ([`crate::transport::irc::replay`]): every line konbit writes fits
/// in 512 bytes with the server's prefix, and none carries a stray line break or NUL.
pub fn irc_line(data: &[u8]) {
    static BOT: OnceLock<IrcBot> = OnceLock::new();
    let bot = BOT.get_or_init(|| {
        // On a memory file system when there is one: the fuzzer runs thousands of commits.
        let dir = tempfile::tempdir_in("/dev/shm")
            .or_else(|_| tempfile::tempdir())
            .expect("temporary directory");
        let mut config = Config::parse(IRC_CONFIG, dir.path()).expect("the fuzz configuration is valid");
        config.database = dir.path().join("konbit.db");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let core = runtime.block_on(async {
            let store = Store::open(&config.database).await.expect("store");
            let core = Core::new(
                std::sync::Arc::new(config),
                store,
                crate::effect::Room::new(crate::effect::Network::Irc, "#office"),
            );
            core.prepare(Utc::now()).await.expect("prepare");
            core
        });
        IrcBot {
            runtime,
            hub: std::sync::Arc::new(Hub::new(std::sync::Arc::new(core))),
            _dir: dir,
        }
    });
    let settings = bot.hub.core.config().irc.clone().expect("irc settings");
    let mut input = b":irc.invalid 001 konbit :Welcome\r\n:konbit!konbit@konbit.invalid JOIN #office\r\n".to_vec();
    input.extend_from_slice(data);
    let sent = bot.runtime.block_on(async {
        let sent = crate::transport::irc::replay(bot.hub.clone(), settings, &input).await;
        // Each input starts from an empty outbox: what one left waiting (a private
        // message for a member not online) would be read again by every later one.
        let store = bot.hub.core.store();
        if store.outbox_retry().await.is_ok()
            && let Ok(left) = store.outbox_pending().await
        {
            let ids: Vec<i64> = left.into_iter().map(|(id, _)| id).collect();
            let _ = store.outbox_done_many(&ids).await;
        }
        sent
    });
    for line in &sent.lines {
        assert!(!line.contains(['\r', '\n', '\0']), "{line:?}");
        if !line.starts_with("PRIVMSG ") {
            continue;
        }
        // As relayed: `:nick!user@host ` in front, CR LF after.
        let relayed = 1 + sent.longest_nick + 1 + 10 + 1 + 63 + 1 + line.len() + 2;
        assert!(relayed <= 512, "{} bytes: {line:?}", relayed);
    }
}
