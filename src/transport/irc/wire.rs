//! The IRC wire format: decoding the server's lines, and encoding konbit's messages as
//! PRIVMSG lines under the 512-byte limit (the prefix the server adds counted in), split
//! on UTF-8 boundaries, with no line break or NUL from any source.

use irc::proto::{Message, Prefix};

/// Splits a line of text into pieces of at most `max` bytes, on UTF-8 boundaries,
/// preferring to break at a space.
pub fn split_line(text: &str, max: usize) -> Vec<String> {
    let max = max.max(8);
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = rest[..cut].rfind(' ').filter(|i| *i > max / 2) {
            cut = space;
        }
        out.push(rest[..cut].trim_end().to_owned());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

/// The longest text of a PRIVMSG to `target` so that the line as relayed, with the
/// prefix `:nick!user@host ` the server puts in front, stays within 512 bytes.
fn text_budget(nick: &str, target_len: usize) -> usize {
    // user is at most 10 bytes, host at most 63 (RFC 2812 limits InspIRCd applies).
    let prefix = 1 + nick.len() + 1 + 10 + 1 + 63 + 1;
    512usize.saturating_sub(prefix + "PRIVMSG ".len() + target_len + " :".len() + 2)
}

/// `s` with every line break or NUL made a space: either would end an IRC line early.
pub(super) fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\r', '\n', '\0']) {
        s.replace(['\r', '\n', '\0'], " ").into()
    } else {
        s.into()
    }
}

/// The texts of the PRIVMSG lines that carry `text` to a target whose name is
/// `target_len` bytes long: each fits the line as relayed; the first starts with
/// `first_prefix` (the addressee of a reply). Empty when no text fits at all.
pub(super) fn privmsg_pieces(nick: &str, target_len: usize, first_prefix: &str, text: &str) -> Vec<String> {
    // Names the server gave (a speaker's nick) may carry anything.
    let first_prefix = one_line(first_prefix);
    let budget = text_budget(nick, target_len);
    // A target so long that no text fits (no real server has one) cannot be answered.
    if budget < 16 {
        return Vec::new();
    }
    let mut pieces = Vec::new();
    let text = text.replace(['\r', '\0'], " ");
    for (i, line) in text.lines().enumerate() {
        let line = if i == 0 {
            format!("{first_prefix}{line}")
        } else {
            line.to_owned()
        };
        // A line may not be empty; a space keeps it a text.
        for piece in split_line(&line, budget) {
            pieces.push(if piece.is_empty() { " ".to_owned() } else { piece });
        }
    }
    pieces
}

/// One PRIVMSG line; the target may come from the server and carry anything.
pub(super) fn privmsg(target: &str, piece: &str) -> String {
    format!("PRIVMSG {} :{piece}", one_line(target))
}

/// `text` as the PRIVMSG lines to `target`.
#[cfg(test)]
fn privmsg_lines(nick: &str, target: &str, first_prefix: &str, text: &str) -> Vec<String> {
    privmsg_pieces(nick, one_line(target).len(), first_prefix, text)
        .iter()
        .map(|p| privmsg(target, p))
        .collect()
}

pub(super) fn tag<'a>(msg: &'a Message, name: &str) -> Option<&'a str> {
    msg.tags
        .as_ref()?
        .iter()
        .find(|t| t.0 == name)
        .and_then(|t| t.1.as_deref())
}

pub(super) fn nick_of(msg: &Message) -> Option<&str> {
    match &msg.prefix {
        Some(Prefix::Nickname(n, _, _)) => Some(n),
        _ => None,
    }
}

/// A line as read from the server: invalid UTF-8 replaced (a member's text is kept, the
/// odd bytes shown as �), the line ending removed. `None` for an empty line; an error for
/// one that is not IRC.
pub(super) fn decode_line(bytes: &[u8]) -> Option<Result<Message, String>> {
    let line = String::from_utf8_lossy(bytes);
    let line = line.trim_end_matches(['\r', '\n']);
    if line.is_empty() {
        return None;
    }
    Some(line.parse::<Message>().map_err(|e| e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_split_on_utf8_boundaries_under_the_budget() {
        let text = "é".repeat(700) + " and more";
        let pieces = split_line(&text, 400);
        assert!(
            pieces.iter().all(|p| p.len() <= 400),
            "{:?}",
            pieces.iter().map(|p| p.len()).collect::<Vec<_>>()
        );
        assert_eq!(pieces.concat().replace(' ', ""), text.replace(' ', ""));
        let words = "word ".repeat(200);
        let pieces = split_line(words.trim(), 100);
        assert!(
            pieces
                .iter()
                .all(|p| p.len() <= 100 && !p.starts_with(' ') && !p.ends_with(' '))
        );
        assert_eq!(pieces.join(" "), words.trim());
    }

    #[test]
    fn relayed_lines_fit_in_512_bytes() {
        let lines = privmsg_lines("konbit", "#office", "alice: ", &"x".repeat(3000));
        assert!(lines.len() >= 7);
        for l in &lines {
            let relayed = format!(":konbit!{}@{} {l}\r\n", "u".repeat(10), "h".repeat(63));
            assert!(relayed.len() <= 512, "{}", relayed.len());
        }
    }
}
