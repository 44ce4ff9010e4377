//! What arrives, before it is handled: control characters taken out of the text (so
//! nothing a person typed can ring bells, recolour terminals or restyle IRC when the bot
//! echoes it, and the stored record stays plain text), and what fell due up to the
//! moment a message was sent fired first, so that a command sent while the bot was down
//! is answered with the state of that moment.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::{Core, Effect, Incoming};
use crate::command::{Command, UsageError};

/// A message as it arrived: its text cleaned, its command parsed once.
pub(super) struct Arrival<'a> {
    pub(super) msg: Cow<'a, Incoming>,
    /// `None`: not a command (chatter).
    pub(super) parsed: Option<Result<Command, UsageError>>,
}

impl Arrival<'_> {
    /// Whether answering it may move when something falls due.
    pub(super) fn may_change_schedule(&self) -> bool {
        matches!(&self.parsed, Some(Ok(c)) if c.may_change_schedule())
    }
}

/// `text` without control characters: IRC formatting (bold, colours with their
/// `NN,NN` or hex arguments, italics, underline, reverse, reset…), terminal escape
/// sequences (`ESC [ … m`, `ESC ] … BEL`), BEL, DEL and the other C0 and C1 controls.
/// A tab becomes a space; line breaks are kept (transports split or refuse them).
/// Borrowed when there is nothing to take out, which is almost always.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            // IRC colour: up to two digits, optionally `,` and up to two more.
            '\x03' => {
                skip_while_n(&mut chars, |c| c.is_ascii_digit(), 2);
                if chars.peek() == Some(&',') {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                        skip_while_n(&mut chars, |c| c.is_ascii_digit(), 2);
                    }
                }
            }
            // IRC hex colour: six hex digits, optionally `,` and six more.
            '\x04' => {
                skip_while_n(&mut chars, |c| c.is_ascii_hexdigit(), 6);
                if chars.peek() == Some(&',') {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek().is_some_and(char::is_ascii_hexdigit) {
                        chars.next();
                        skip_while_n(&mut chars, |c| c.is_ascii_hexdigit(), 6);
                    }
                }
            }
            '\x1b' | '\u{9b}' => skip_escape(c, &mut chars),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn skip_while_n(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, keep: impl Fn(&char) -> bool, n: usize) {
    for _ in 0..n {
        if !chars.peek().is_some_and(&keep) {
            break;
        }
        chars.next();
    }
}

/// Skips the rest of a terminal escape sequence started by `first` (ESC or CSI).
fn skip_escape(first: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    let kind = if first == '\u{9b}' { Some('[') } else { chars.next() };
    match kind {
        // CSI: parameters and intermediates, then one final byte in `@`..`~`.
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        // OSC, DCS, APC, PM, SOS: a string ended by BEL or ESC `\`.
        Some(']' | 'P' | '_' | '^' | 'X') => {
            while let Some(c) = chars.next() {
                if c == '\x07' {
                    break;
                }
                if c == '\x1b' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        // Character set selection and the like: one more character.
        Some('(' | ')' | '*' | '+' | '#' | '%') => {
            chars.next();
        }
        // Any other two-character escape (ESC c, ESC 7…): already consumed.
        _ => {}
    }
}

impl Core {
    /// An edit of a message that was a command: it is not run (the command as first
    /// sent was, or was not, already acted on), and the speaker is told privately to send
    /// the command again. An edit of chatter yields nothing.
    pub(super) fn edited(&self, msg: &Incoming) -> Vec<Effect> {
        if crate::command::parse(&clean_text(&msg.text)).is_none() {
            return Vec::new();
        }
        let lang = self.lang_of(&msg.speaker);
        vec![Effect::Private {
            to: self.recipient(msg),
            message: crate::t!(lang, "edit-not-read").into(),
        }]
    }

    /// The message as the core handles it: its text cleaned of control characters (see
    /// [`clean_text`]). A command that may move what falls due makes the next due
    /// instant be read again.
    pub(super) fn arrived<'a>(&self, msg: &'a Incoming, given: Option<Command>) -> Arrival<'a> {
        let msg = match clean_text(&msg.text) {
            Cow::Borrowed(_) => Cow::Borrowed(msg),
            Cow::Owned(text) => Cow::Owned(Incoming { text, ..msg.clone() }),
        };
        let parsed = match given {
            Some(command) => Some(Ok(command)),
            None => crate::command::parse(&msg.text),
        };
        let arrival = Arrival { msg, parsed };
        if arrival.may_change_schedule() {
            self.forget_due();
        }
        arrival
    }

    /// Forgets the next due instant read last: something may have moved it.
    pub(super) fn forget_due(&self) {
        *super::lock(&self.due) = None;
    }

    /// Before a command sent at `at` is handled: fires what fell due at or before `at`
    /// (a deadline passed while the bot was down, read back from a catch-up), so that
    /// the answer shows the state at the moment it was sent. The next due instant is
    /// kept in memory between messages, so that a run of read commands costs no extra
    /// reads of the database. The caller holds the turn.
    pub(super) async fn catch_up(&self, at: DateTime<Utc>, effects: &mut Vec<Effect>) {
        let known = *super::lock(&self.due);
        let next = match known {
            Some(next) => next,
            None => {
                // The caller holds the turn: place and look up without taking it again.
                let next = match self.place_all(at).await {
                    Ok(()) => self.earliest_due().await,
                    Err(e) => Err(e),
                };
                let next = match next {
                    Ok(next) => next,
                    Err(e) => {
                        tracing::error!(error = %e, "cannot read pending events before answering");
                        return;
                    }
                };
                *super::lock(&self.due) = Some(next);
                next
            }
        };
        if next.is_some_and(|d| d <= at) {
            effects.extend(self.fire_due(at).await);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_survive() {
        let cases = [
            ("!help\x07\x1b[31m", "!help"),
            (
                "\x02bold\x02 \x0304,12red\x03 \x1ditalic\x1d \x1funder\x1f\x0f \x16rev",
                "bold red italic under rev",
            ),
            ("\x0312,4x\x03,y", "x,y"),
            ("\x04ff0000,00ff00hex\x04", "hex"),
            ("a\x1b]0;title\x07b\x1b]8;;http://x\x1b\\c", "abc"),
            ("tab\there\r\nnext\x7f\u{85}\u{9b}2Jz", "tab here\nnextz"),
            ("\x1b(Bplain\x1bc", "plain"),
            ("trailing escape \x1b", "trailing escape "),
            ("café 42 — ok", "café 42 — ok"),
        ];
        for (input, want) in cases {
            let got = clean_text(input);
            assert_eq!(got, want, "{input:?}");
            assert!(!got.chars().any(|c| c.is_control() && c != '\n'), "{got:?}");
        }
        assert!(matches!(clean_text("plain text"), Cow::Borrowed(_)));
    }
}
