//! The console transport: the terminal as a chat room, for demos and for the
//! scenario tests, with an optional simulated clock.
//!
//! Input, one line at a time: `NAME: TEXT` (in the room), `NAME> TEXT` (privately to the
//! bot), `/join NAME`, `/part NAME`, `/wait DURATION`, `/at TIME`; blank lines and lines
//! starting with `#` are ignored. Output: `[ROOM] konbit: TEXT` and `[@NAME] konbit: TEXT`,
//! one line per line of text. Problems with the input itself go to stderr.

use std::io::Write;

use chrono::{DateTime, NaiveDateTime, Utc};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::app::{Core, Effect, Incoming, Network, Outcome, Room, Taker};
use crate::domain::span::parse_span;
use crate::i18n::Lang;
use crate::scheduler;
use crate::t;

/// One parsed input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Say { name: String, text: String },
    Private { name: String, text: String },
    Join(String),
    Part(String),
    Wait(String),
    At(String),
    Nothing,
    Bad,
}

/// Reads one console line.
pub fn parse_line(line: &str) -> Line {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Line::Nothing;
    }
    if let Some(directive) = line.strip_prefix('/') {
        let (word, arg) = directive
            .split_once(char::is_whitespace)
            .map_or((directive, ""), |(w, a)| (w, a.trim()));
        let single = !arg.is_empty() && !arg.contains(char::is_whitespace);
        return match word {
            "join" if single => Line::Join(arg.to_owned()),
            "part" if single => Line::Part(arg.to_owned()),
            "wait" if !arg.is_empty() => Line::Wait(arg.to_owned()),
            "at" if single => Line::At(arg.to_owned()),
            _ => Line::Bad,
        };
    }
    let Some(pos) = line.find([':', '>']) else {
        return Line::Bad;
    };
    let name = &line[..pos];
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Line::Bad;
    }
    let text = line[pos + 1..].trim().to_owned();
    if line[pos..].starts_with(':') {
        Line::Say {
            name: name.to_owned(),
            text,
        }
    } else {
        Line::Private {
            name: name.to_owned(),
            text,
        }
    }
}

/// Prints effects in the console format and flushes, so that a reader on a pipe sees
/// each message as soon as it is produced.
pub fn render(effects: &[Effect]) -> String {
    let mut out = String::new();
    for e in effects {
        let (prefix, first, message) = match e {
            Effect::Announce { room, message } => (format!("[{room}] konbit: "), String::new(), message),
            Effect::Reply { room, to, message } => (format!("[{room}] konbit: "), format!("{to}: "), message),
            Effect::Private { to, message } => (format!("[@{to}] konbit: "), String::new(), message),
            // The console shows what would be mailed: to whom, and the subject.
            Effect::Mail(mail) => {
                let to = match &mail.to {
                    crate::effect::MailTo::Member(m) => m.as_str(),
                    crate::effect::MailTo::List => "list",
                };
                (
                    format!("[mail {to}] konbit: "),
                    format!("{}: ", mail.subject),
                    &mail.message,
                )
            }
        };
        for (i, line) in message.plain().lines().enumerate() {
            out.push_str(&prefix);
            if i == 0 {
                out.push_str(&first);
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Shows what a turn decided (the console takes every effect, whatever its network),
/// then takes the entries out of the outbox: shown is delivered.
async fn emit(core: &Core, outcome: Outcome) {
    show(core, outcome.into_taken()).await;
}

async fn show(core: &Core, taken: Vec<(Option<i64>, Effect)>) {
    if taken.is_empty() {
        return;
    }
    let (ids, effects): (Vec<Option<i64>>, Vec<Effect>) = taken.into_iter().unzip();
    {
        let mut stdout = std::io::stdout().lock();
        // A closed stdout (the reader went away) is not worth a panic: the records are safe.
        if let Err(e) = stdout
            .write_all(render(&effects).as_bytes())
            .and_then(|_| stdout.flush())
        {
            tracing::warn!(error = %e, "cannot write to stdout");
        }
    }
    let ids: Vec<i64> = ids.into_iter().flatten().collect();
    if let Err(e) = core.store().outbox_done_many(&ids).await {
        tracing::error!(error = %e, "cannot mark what was shown as delivered");
    }
}

/// A problem with the input, for the person typing: stderr (a closed stderr is ignored).
fn warn_user(text: String) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// Parses a `/at` or `--clock` time: RFC 3339, or a local `YYYY-MM-DDTHH:MM[:SS]` read in
/// the collective's time zone.
pub fn parse_instant(core: &Core, s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|local| core.config().calendar.resolve_local(local))
}

/// Standard input, line by line. Bytes that are not UTF-8 are replaced rather than
/// ending the session; a partial line is kept across cancellations (cancel-safe).
struct Input {
    reader: BufReader<tokio::io::Stdin>,
    buf: Vec<u8>,
}

impl Input {
    async fn next_line(&mut self) -> std::io::Result<Option<String>> {
        let n = self.reader.read_until(b'\n', &mut self.buf).await?;
        if n == 0 && self.buf.is_empty() {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&self.buf)
            .trim_end_matches(['\n', '\r'])
            .to_owned();
        self.buf.clear();
        Ok(Some(line))
    }
}

/// Runs the console until end of input. `clock`: the simulated clock's start, or `None`
/// for real time.
pub async fn run(core: Core, clock: Option<DateTime<Utc>>, ui_lang: Lang) -> anyhow::Result<()> {
    let room = Room::new(Network::Console, core.config().console_room.clone());
    let mut sim = clock;
    let now = |sim: &Option<DateTime<Utc>>| sim.unwrap_or_else(Utc::now);

    core.prepare(now(&sim)).await?;
    // What an earlier console decided and did not show (it was stopped in between).
    match core.pending(Network::Console).await {
        Ok(left) => show(&core, left.into_iter().map(|(id, e)| (Some(id), e)).collect()).await,
        Err(e) => tracing::error!(error = %e, "cannot read the outbox"),
    }
    // Catch up on whatever fell due while the bot was not running.
    emit(&core, core.tick_for(now(&sim), Taker::Everyone).await).await;
    warn_user(
        t!(ui_lang, "console-ready", "room" => room.name.clone(), "collective" => core.config().collective.name.clone()),
    );

    let mut input = Input {
        reader: BufReader::new(tokio::io::stdin()),
        buf: Vec::new(),
    };
    loop {
        let line = if sim.is_some() {
            input.next_line().await?
        } else {
            let next = core.next_due(Utc::now()).await;
            tokio::select! {
                line = input.next_line() => line?,
                () = scheduler::sleep_until_due(next) => {
                    emit(&core, core.tick_for(Utc::now(), Taker::Everyone).await).await;
                    continue;
                }
            }
        };
        let Some(line) = line else { break };
        match parse_line(&line) {
            Line::Nothing => {}
            Line::Bad => warn_user(t!(ui_lang, "console-bad-line")),
            Line::Join(name) => core.joined(&room, &name),
            Line::Part(name) => core.parted(&room, &name),
            Line::Wait(arg) => match (sim.as_mut(), parse_span(&arg)) {
                (None, _) => warn_user(t!(ui_lang, "console-clock-needed", "directive" => "/wait")),
                (Some(_), None) => warn_user(t!(ui_lang, "console-bad-wait", "value" => arg)),
                (Some(clock), Some(d)) => match clock.checked_add_signed(d) {
                    Some(target) => scheduler::advance(&core, clock, target, |o| emit(&core, o)).await,
                    None => warn_user(t!(ui_lang, "console-out-of-range", "value" => arg)),
                },
            },
            Line::At(arg) => match (sim.as_mut(), parse_instant(&core, &arg)) {
                (None, _) => warn_user(t!(ui_lang, "console-clock-needed", "directive" => "/at")),
                (Some(_), None) => warn_user(t!(ui_lang, "console-bad-at", "value" => arg)),
                (Some(clock), Some(target)) if target < *clock => {
                    warn_user(t!(ui_lang, "console-at-past", "value" => arg, "now" => clock.to_rfc3339()))
                }
                (Some(clock), Some(target)) => scheduler::advance(&core, clock, target, |o| emit(&core, o)).await,
            },
            Line::Say { name, text } => {
                let msg = Incoming {
                    room: Some(room.clone()),
                    speaker: core.console_speaker(&name),
                    text,
                    at: now(&sim),
                    event: None,
                };
                emit(&core, core.handle_batch(&[msg], Taker::Everyone).await).await;
            }
            Line::Private { name, text } => {
                let msg = Incoming {
                    room: None,
                    speaker: core.console_speaker(&name),
                    text,
                    at: now(&sim),
                    event: None,
                };
                emit(&core, core.handle_batch(&[msg], Taker::Everyone).await).await;
            }
        }
    }
    core.store().close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_the_console_contract() {
        assert_eq!(
            parse_line("alice: !propose tea"),
            Line::Say {
                name: "alice".into(),
                text: "!propose tea".into()
            }
        );
        assert_eq!(
            parse_line("bob> !help"),
            Line::Private {
                name: "bob".into(),
                text: "!help".into()
            }
        );
        assert_eq!(
            parse_line("alice: a > b"),
            Line::Say {
                name: "alice".into(),
                text: "a > b".into()
            }
        );
        assert_eq!(
            parse_line("bob> x: y"),
            Line::Private {
                name: "bob".into(),
                text: "x: y".into()
            }
        );
        assert_eq!(parse_line("/join carol"), Line::Join("carol".into()));
        assert_eq!(parse_line("/wait 2d 3h"), Line::Wait("2d 3h".into()));
        assert_eq!(parse_line("/at 2026-11-27T15:00"), Line::At("2026-11-27T15:00".into()));
        assert_eq!(parse_line("  "), Line::Nothing);
        assert_eq!(parse_line("# a comment"), Line::Nothing);
        for bad in ["hello", "two words: hi", ": hi", "/join", "/join a b", "/dance"] {
            assert_eq!(parse_line(bad), Line::Bad, "{bad}");
        }
    }

    #[test]
    fn multi_line_replies_are_prefixed_on_every_line() {
        let out = render(&[
            Effect::Reply {
                room: Room::new(Network::Console, "#office"),
                to: "alice".into(),
                message: "one\ntwo".into(),
            },
            Effect::Private {
                to: crate::app::Recipient::Console("bob".into()),
                message: "psst".into(),
            },
        ]);
        assert_eq!(
            out,
            "[#office] konbit: alice: one\n[#office] konbit: two\n[@bob] konbit: psst\n"
        );
    }
}
