//! What the bot's Matrix messages look like. Every message is an `m.notice` (the Matrix
//! convention for bots: clients show it as such, and other bots do not answer it) with a
//! plain body for every client and, where it helps, formatted HTML: a reply names the
//! speaker as a mention pill (in the formatted body and in `m.mentions`), reports become
//! tables and summaries lists ([`html`]).

use matrix_sdk::ruma::OwnedUserId;
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;

/// A message to a room or a person: a notice, formatted when the text has structure.
pub(super) fn notice(text: &str) -> RoomMessageEventContent {
    match html(text) {
        Some(h) => RoomMessageEventContent::notice_html(text, h),
        None => RoomMessageEventContent::notice_plain(text),
    }
}

/// An answer in a room to `to` (their name as shown), mentioning their Matrix account
/// when it is known.
pub(super) fn reply(to: &str, user: Option<OwnedUserId>, text: &str) -> RoomMessageEventContent {
    let plain = format!("{to}: {text}");
    match user {
        Some(user) => {
            let pill = format!(
                "<a href=\"https://matrix.to/#/{}\">{}</a>: ",
                escape(user.as_str()),
                escape(to)
            );
            let body = html(text).unwrap_or_else(|| escape_lines(text));
            RoomMessageEventContent::notice_html(plain, format!("{pill}{body}"))
                .add_mentions(Mentions::with_user_ids([user]))
        }
        None => notice(&plain),
    }
}

/// Formatted HTML for a text with structure: runs of two or more `label: value` lines
/// become a table (reports), runs of `- item` lines and numbered records (`#3 …`) a list
/// (summaries, proposals), the rest paragraphs. `None` for a text with neither, which reads best as it is.
pub(super) fn html(text: &str) -> Option<String> {
    enum Block<'a> {
        Lines(Vec<&'a str>),
        Table(Vec<(&'a str, &'a str)>),
        List(Vec<&'a str>),
    }
    let lines: Vec<&str> = text.lines().collect();
    fn row(l: &str) -> Option<(&str, &str)> {
        let (label, value) = l.split_once(": ")?;
        let label_ok = !label.is_empty()
            && label.chars().count() <= 40
            && !label.starts_with(['-', '•', ' '])
            && !label.ends_with(['.', '!', '?', ','])
            && label.split_whitespace().count() <= 5;
        (label_ok && !value.trim().is_empty()).then_some((label.trim(), value.trim()))
    }
    fn item(l: &str) -> Option<&str> {
        // `- item`, or an enumeration of numbered records (`#3 alice: …`).
        let numbered = l
            .strip_prefix('#')
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        l.strip_prefix("- ")
            .or_else(|| l.strip_prefix("• "))
            .or(numbered.then_some(l))
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let run = lines[i..]
            .iter()
            .take_while(|l| row(l).is_some() && item(l).is_none())
            .count();
        if run >= 2 {
            blocks.push(Block::Table(lines[i..i + run].iter().filter_map(|l| row(l)).collect()));
            i += run;
            continue;
        }
        let run = lines[i..].iter().take_while(|l| item(l).is_some()).count();
        if run >= 1 {
            blocks.push(Block::List(lines[i..i + run].iter().filter_map(|l| item(l)).collect()));
            i += run;
            continue;
        }
        match blocks.last_mut() {
            Some(Block::Lines(ls)) => ls.push(lines[i]),
            _ => blocks.push(Block::Lines(vec![lines[i]])),
        }
        i += 1;
    }
    if blocks.iter().all(|b| matches!(b, Block::Lines(_))) {
        return None;
    }
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Lines(ls) => {
                out.push_str("<p>");
                out.push_str(&ls.iter().map(|l| escape(l)).collect::<Vec<_>>().join("<br>"));
                out.push_str("</p>");
            }
            Block::Table(rows) => {
                out.push_str("<table>");
                for (label, value) in rows {
                    out.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td></tr>",
                        escape(label),
                        escape(value)
                    ));
                }
                out.push_str("</table>");
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for it in items {
                    out.push_str(&format!("<li>{}</li>", escape(it)));
                }
                out.push_str("</ul>");
            }
        }
    }
    Some(out)
}

fn escape_lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use matrix_sdk::ruma::events::room::message::MessageType;

    #[test]
    fn reports_become_tables_and_summaries_lists() {
        let report = "Your hours, November 2026:\nwebdev: 3h paid\ncoop: 1h30 volunteer\nTotal: 4h30";
        let h = html(report).expect("a table");
        assert_eq!(
            h,
            "<p>Your hours, November 2026:</p><table><tr><td>webdev</td><td>3h paid</td></tr>\
             <tr><td>coop</td><td>1h30 volunteer</td></tr><tr><td>Total</td><td>4h30</td></tr></table>"
        );
        let list = "Open proposals:\n- #1 buy a <kettle>\n- #2 paint";
        assert_eq!(
            html(list).expect("a list"),
            "<p>Open proposals:</p><ul><li>#1 buy a &lt;kettle&gt;</li><li>#2 paint</li></ul>"
        );
        let proposals = "Proposals:\n#1 alice: a kettle — adopted on Tue\n#2 bob: paint — deferred";
        assert_eq!(
            html(proposals).expect("a list"),
            "<p>Proposals:</p><ul><li>#1 alice: a kettle — adopted on Tue</li><li>#2 bob: paint — deferred</li></ul>"
        );
        // Prose stays plain, even with a colon in it.
        assert_eq!(html("Proposal #1 by alice: buy a kettle. Adopted on Tue."), None);
        assert_eq!(html("Recorded: 2h on webdev."), None);
    }

    #[test]
    fn the_bots_messages_are_notices_and_replies_mention_the_speaker() {
        let user = OwnedUserId::try_from("@alice:example.org").expect("user id");
        let content = reply("alice", Some(user.clone()), "Recorded: 2h on webdev.");
        let MessageType::Notice(n) = &content.msgtype else {
            panic!("not a notice: {content:?}")
        };
        assert_eq!(n.body, "alice: Recorded: 2h on webdev.");
        assert_eq!(
            n.formatted.as_ref().map(|f| f.body.as_str()),
            Some("<a href=\"https://matrix.to/#/@alice:example.org\">alice</a>: Recorded: 2h on webdev.")
        );
        assert_eq!(
            content.mentions.map(|m| m.user_ids.into_iter().collect::<Vec<_>>()),
            Some(vec![user])
        );
        assert!(matches!(notice("Proposal #1 adopted.").msgtype, MessageType::Notice(_)));
    }
}
