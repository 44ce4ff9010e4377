//! The HTML form of a message, for media that show formatted text (Matrix, e-mail, the
//! web pages): paragraphs, `<ul>` lists, `<table>`s with a total row set apart, `<time>`
//! for instants, links, what members wrote in `<bdi>`, and mentions through a
//! medium-given function (a Matrix pill, a link to a member's page). Everything from
//! people is escaped.

use super::{Block, Message, Span, Text};

/// How a medium shows a mentioned member: `Some(html)` for a link or pill, `None` for
/// the name as text.
pub type MentionFn<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The message as HTML.
pub fn render(message: &Message, mention: MentionFn) -> String {
    let mut out = String::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut String| {
        if !para.is_empty() {
            out.push_str("<p>");
            out.push_str(&para.join("<br>"));
            out.push_str("</p>");
            para.clear();
        }
    };
    for block in &message.blocks {
        match block {
            // Consecutive lines of prose are one paragraph, broken at each line.
            Block::Line(t) => para.push(text(t, mention)),
            Block::List(items) => {
                flush(&mut para, &mut out);
                out.push_str("<ul>");
                for item in items {
                    out.push_str("<li>");
                    out.push_str(&text(item, mention));
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
            Block::Table(rows) => {
                flush(&mut para, &mut out);
                out.push_str("<table>");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in &row.cells {
                        let tag = if row.total { "th" } else { "td" };
                        out.push_str(&format!("<{tag}>{}</{tag}>", text(cell, mention)));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</table>");
            }
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Whether the message has structure worth formatting (a list, a table, a mention, a
/// link, emphasis, or what a member wrote, to isolate); plain lines read best as they are.
pub fn has_structure(message: &Message) -> bool {
    message.blocks.iter().any(|b| match b {
        Block::Line(t) => t.0.iter().any(|s| !matches!(s, Span::Plain(_) | Span::Instant { .. })),
        Block::List(_) | Block::Table(_) => true,
    })
}

/// A message of lines only as one run of HTML, its lines broken with `<br>` and no
/// paragraph around them (a short answer after a name); `None` when it has a list or a
/// table.
pub fn lines(message: &Message, mention: MentionFn) -> Option<String> {
    let mut out = Vec::new();
    for block in &message.blocks {
        match block {
            Block::Line(t) => out.push(text(t, mention)),
            Block::List(_) | Block::Table(_) => return None,
        }
    }
    Some(out.join("<br>"))
}

/// One run of spans as HTML; a sentence of several lines (a catalog message written on
/// two) keeps its lines.
pub fn text(t: &Text, mention: MentionFn) -> String {
    let mut out = String::new();
    for span in &t.0 {
        match span {
            Span::Plain(s) => out.push_str(&lines_of(s)),
            Span::Strong(s) => out.push_str(&format!("<strong>{}</strong>", lines_of(s))),
            Span::Member(m) => out.push_str(&mention(m).unwrap_or_else(|| escape(m))),
            // Isolated: its direction never reaches the bot's words around it.
            Span::Said(s) => out.push_str(&format!("<bdi>{}</bdi>", lines_of(s))),
            Span::Instant { at, text } => out.push_str(&format!(
                "<time datetime=\"{}\">{}</time>",
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                escape(text)
            )),
            Span::Link { text, url } => out.push_str(&format!("<a href=\"{}\">{}</a>", escape(url), escape(text))),
        }
    }
    out
}

/// Text escaped, its line breaks kept.
fn lines_of(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
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
    use super::super::Row;
    use super::*;

    #[test]
    fn reports_are_tables_lists_are_lists_and_people_are_escaped() {
        let row = |a: &str, b: &str, total| Row {
            line: Text::from(format!("{a}: {b}")),
            cells: vec![Text::from(a), Text::from(b)],
            total,
        };
        let m = Message::new()
            .line("Hours:")
            .table(vec![row("webdev", "3h paid", false), row("Total", "3h paid", true)])
            .list(vec![Text::from("#1 buy a <kettle>")]);
        assert_eq!(
            render(&m, &|_| None),
            "<p>Hours:</p><table><tr><td>webdev</td><td>3h paid</td></tr>\
             <tr><th>Total</th><th>3h paid</th></tr></table><ul><li>#1 buy a &lt;kettle&gt;</li></ul>"
        );
    }

    #[test]
    fn what_members_wrote_is_isolated_from_the_bots_words() {
        let t = crate::tm!(crate::i18n::Lang::En, "proposals-deferred-line", "id" => 1i64,
            "proposer" => super::super::Mention("alice".into()), "text" => super::super::Said("\u{202E}buy <a> kettle".into()),
            "vetoes" => 1i64, "meeting" => "the production meeting");
        let html = render(&Message::new().line(t), &|_| None);
        assert!(html.contains("<bdi>\u{202E}buy &lt;a&gt; kettle</bdi>"), "{html}");
        assert!(html.contains("production meeting"), "{html}");
    }

    #[test]
    fn a_sentence_written_on_two_lines_keeps_them() {
        let t = crate::tm!(crate::i18n::Lang::En, "proposal-created", "id" => 1i64,
            "proposer" => super::super::Mention("alice".into()), "text" => super::super::Said("a kettle".into()),
            "deadline" => "Tue Nov 24, 15:00 EST");
        let html = render(&Message::new().line(t), &|_| None);
        assert!(
            html.contains("<bdi>a kettle</bdi><br>It will be adopted on Tue Nov 24"),
            "{html}"
        );
    }

    #[test]
    fn mentions_are_drawn_by_the_medium() {
        let t = Text(vec![Span::Member("alice".into()), Span::Plain(", your turn".into())]);
        let m = Message::new().line(t);
        assert!(has_structure(&m));
        let html = render(&m, &|name| Some(format!("<a href=\"x\">{name}</a>")));
        assert_eq!(html, "<p><a href=\"x\">alice</a>, your turn</p>");
        assert!(!has_structure(&Message::from("Recorded: 2h on webdev.")));
    }
}
