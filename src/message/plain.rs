//! The plain form of a message, for the console and IRC: a line per line of prose, per
//! list item and per table row, each as its catalog sentence. The scenario tests read
//! this form.

use super::{Block, Message, Span, Text};

/// The message as lines of text joined by `\n`.
pub fn render(message: &Message) -> String {
    lines(message, None).join("\n")
}

/// The same, with emphasis between `bold` marks (IRC's `\x02`).
pub fn render_bold(message: &Message, bold: &str) -> String {
    lines(message, Some(bold)).join("\n")
}

/// The message's lines.
fn lines(message: &Message, bold: Option<&str>) -> Vec<String> {
    let text = |t: &Text| match bold {
        None => t.plain(),
        Some(mark) => {
            t.0.iter()
                .map(|s| match s {
                    Span::Strong(x) => format!("{mark}{x}{mark}"),
                    other => other.text().to_owned(),
                })
                .collect()
        }
    };
    let mut out = Vec::new();
    for block in &message.blocks {
        match block {
            Block::Line(t) => out.push(text(t)),
            Block::List(items) => out.extend(items.iter().map(text)),
            Block::Table(rows) => out.extend(rows.iter().map(|r| text(&r.line))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Row, Text};
    use super::*;

    #[test]
    fn tables_and_lists_read_as_their_sentences() {
        let m = Message::new()
            .line("Your hours:")
            .table(vec![Row {
                line: Text::from("webdev: 3h paid"),
                cells: vec![Text::from("webdev"), Text::from("3h paid")],
                total: false,
            }])
            .list(vec![Text::from("#1 a kettle")]);
        assert_eq!(render(&m), "Your hours:\nwebdev: 3h paid\n#1 a kettle");
        let strong = Message::new().line(Text(vec![Span::Plain("a ".into()), Span::Strong("b".into())]));
        assert_eq!(render(&strong), "a b");
        assert_eq!(render_bold(&strong, "\x02"), "a \x02b\x02");
    }
}
