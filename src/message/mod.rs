//! What the bot says, with its structure: the message model every medium renders.
//!
//! The core never hands a transport pre-rendered text. It builds a [`Message`]: blocks
//! (a line of prose, a list, a table of labelled figures) made of [`Span`]s that keep
//! their meaning (a member mentioned, what a member wrote, an instant, a link,
//! emphasis). The sentences themselves come from the Fluent catalogs: [`sentence`] (and
//! the [`tm!`] macro) formats a catalog message and keeps the arguments that are
//! mentions, members' words or instants as spans of their own. Each medium renders the
//! model its own way: [`plain`] for the console and IRC (the plain form the tests read),
//! [`html`] for Matrix, e-mail and the web pages, which makes tables of tables, pills of
//! mentions and isolates members' words in `<bdi>`.

pub mod html;
pub mod plain;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::{self, Args, FluentValue, Lang};

/// Something the bot says: blocks, one after the other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub blocks: Vec<Block>,
}

/// A part of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// A line of prose.
    Line(Text),
    /// Items of the same kind (open proposals, reminders), each a catalog sentence.
    List(Vec<Text>),
    /// Labelled figures (a report): each row is a catalog sentence (its plain form) and
    /// the cells it is made of (label, then values) for media that draw tables.
    Table(Vec<Row>),
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The row as a sentence, for plain media: `webdev: 3h paid`.
    pub line: Text,
    /// The same, cell by cell: `["webdev", "3h paid"]`.
    pub cells: Vec<Text>,
    /// A total or summary row, set apart where tables are drawn.
    #[serde(default)]
    pub total: bool,
}

/// A run of spans: a sentence, a list item, a cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text(pub Vec<Span>);

/// A piece of text with its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Span {
    Plain(String),
    /// Emphasis.
    Strong(String),
    /// A member (roster name, or the handle of someone who is not one): a pill where
    /// the medium has them.
    Member(String),
    /// What a member wrote (a proposal's text, a reason): set apart from the bot's words
    /// where the medium can (`<bdi>` in HTML), so that its direction (right-to-left, an
    /// unterminated override) never spills onto the rest of the line.
    Said(String),
    /// An instant, with its text in the reader's language and zone.
    Instant {
        at: DateTime<Utc>,
        text: String,
    },
    Link {
        text: String,
        url: String,
    },
}

impl Span {
    /// What the span reads as in plain text.
    pub fn text(&self) -> &str {
        match self {
            Span::Plain(t) | Span::Strong(t) | Span::Member(t) | Span::Said(t) => t,
            Span::Instant { text, .. } | Span::Link { text, .. } => text,
        }
    }
}

impl Text {
    /// The plain form.
    pub fn plain(&self) -> String {
        self.0.iter().map(Span::text).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|s| s.text().is_empty())
    }

    /// Appends `other`, merging plain spans.
    pub fn push(&mut self, span: Span) {
        if let (Some(Span::Plain(last)), Span::Plain(next)) = (self.0.last_mut(), &span) {
            last.push_str(next);
            return;
        }
        self.0.push(span);
    }

    /// This text followed by `other`, separated by `sep`.
    pub fn joined(mut self, sep: &str, other: Text) -> Text {
        if !sep.is_empty() {
            self.push(Span::Plain(sep.to_owned()));
        }
        for s in other.0 {
            self.push(s);
        }
        self
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(vec![Span::Plain(s)])
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(vec![Span::Plain(s.to_owned())])
    }
}

impl Message {
    pub fn new() -> Message {
        Message::default()
    }

    /// Adds a line of prose.
    pub fn line(mut self, text: impl Into<Text>) -> Message {
        self.blocks.push(Block::Line(text.into()));
        self
    }

    /// Adds a list (nothing when it is empty).
    pub fn list(mut self, items: Vec<Text>) -> Message {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
        self
    }

    /// Adds a table (nothing when it is empty).
    pub fn table(mut self, rows: Vec<Row>) -> Message {
        if !rows.is_empty() {
            self.blocks.push(Block::Table(rows));
        }
        self
    }

    /// This message's first line continued by `other`'s first line, then the rest of
    /// `other` (an addressee's name before an answer).
    pub fn joined_first(self, other: &Message) -> Message {
        let mut blocks = other.blocks.clone();
        let head = match self.blocks.into_iter().next() {
            Some(Block::Line(t)) => t,
            _ => return Message { blocks },
        };
        match blocks.first_mut() {
            Some(Block::Line(first)) => *first = head.joined("", std::mem::take(first)),
            _ => blocks.insert(0, Block::Line(head)),
        }
        Message { blocks }
    }

    /// Appends another message's blocks.
    pub fn then(mut self, other: Message) -> Message {
        self.blocks.extend(other.blocks);
        self
    }

    /// The plain form, one line per line of prose, list item and table row.
    pub fn plain(&self) -> String {
        plain::render(self)
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// Plain text (one line of prose per line of the text): for answers with no structure.
impl From<String> for Message {
    fn from(s: String) -> Message {
        let mut m = Message::new();
        for line in s.split('\n') {
            m = m.line(line.to_owned());
        }
        m
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Message {
        Message::from(s.to_owned())
    }
}

impl From<Text> for Message {
    fn from(t: Text) -> Message {
        Message::new().line(t)
    }
}

/// An argument of a catalog sentence.
#[derive(Debug, Clone)]
pub enum Arg {
    Value(FluentValue<'static>),
    /// A member mentioned: becomes a [`Span::Member`].
    Member(String),
    /// What a member wrote: becomes a [`Span::Said`].
    Said(String),
    /// An instant: becomes a [`Span::Instant`] reading `text`.
    Instant(DateTime<Utc>, String),
    /// Already structured text (e.g. a list of mentions).
    Text(Text),
}

/// A member mentioned in a sentence.
pub struct Mention(pub String);

/// What a member wrote, in a sentence.
pub struct Said(pub String);

/// An instant in a sentence, with how it reads.
pub struct Stamp(pub DateTime<Utc>, pub String);

/// What may be passed as an argument of [`tm!`].
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

macro_rules! value_args {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Value(FluentValue::from(self))
            }
        }
    )*};
}
value_args!(String, &'static str, i64, u32, i32, usize, u64, f64);

impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Value(FluentValue::from(self.clone()))
    }
}

impl IntoArg for Mention {
    fn into_arg(self) -> Arg {
        Arg::Member(self.0)
    }
}

impl IntoArg for Said {
    fn into_arg(self) -> Arg {
        Arg::Said(self.0)
    }
}

impl IntoArg for Stamp {
    fn into_arg(self) -> Arg {
        Arg::Instant(self.0, self.1)
    }
}

impl IntoArg for Text {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}

/// Marks where a structured argument goes in a formatted sentence (private-use code
/// points, removed from every plain argument so no one can forge a mark).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Formats catalog message `id` in `lang`, keeping mentions and instants as spans.
pub fn sentence(lang: Lang, id: &str, args: Vec<(&'static str, Arg)>) -> Text {
    let mut fluent = Args::new();
    let mut structured: Vec<Text> = Vec::new();
    for (name, arg) in args {
        let text = match arg {
            Arg::Value(FluentValue::String(s)) => {
                fluent.insert(std::borrow::Cow::Borrowed(name), FluentValue::from(scrub(&s)));
                continue;
            }
            Arg::Value(v) => {
                fluent.insert(std::borrow::Cow::Borrowed(name), v);
                continue;
            }
            Arg::Member(m) => Text(vec![Span::Member(scrub(&m))]),
            Arg::Said(s) => Text(vec![Span::Said(scrub(&s))]),
            Arg::Instant(at, text) => Text(vec![Span::Instant { at, text: scrub(&text) }]),
            Arg::Text(t) => t,
        };
        structured.push(text);
        let value = FluentValue::from(format!("{OPEN}{}{CLOSE}", structured.len() - 1));
        fluent.insert(std::borrow::Cow::Borrowed(name), value);
    }
    let formatted = i18n::lookup(lang, id, Some(&fluent));
    if structured.is_empty() {
        return Text::from(formatted);
    }
    let mut text = Text::default();
    let mut rest = formatted.as_str();
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            text.push(Span::Plain(rest[..start].to_owned()));
        }
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            rest = after;
            continue;
        };
        if let Some(t) = after[..end].parse::<usize>().ok().and_then(|i| structured.get(i)) {
            for s in &t.0 {
                text.push(s.clone());
            }
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        text.push(Span::Plain(rest.to_owned()));
    }
    text
}

fn scrub(s: &str) -> String {
    s.chars().filter(|c| *c != OPEN && *c != CLOSE).collect()
}

/// `tm!(lang, "id", "arg" => value, …)`: catalog message `id` as a [`Text`], mentions
/// ([`Mention`]) and instants ([`Stamp`]) kept as spans.
#[macro_export]
macro_rules! tm {
    ($lang:expr, $id:expr) => {
        $crate::message::sentence($lang, $id, ::std::vec::Vec::new())
    };
    ($lang:expr, $id:expr, $($name:literal => $value:expr),+ $(,)?) => {
        $crate::message::sentence($lang, $id, vec![$(($name, $crate::message::IntoArg::into_arg($value))),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_stay_spans_inside_catalog_sentences() {
        let t = tm!(Lang::En, "standup-turn-last", "member" => Mention("alice".into()));
        assert!(t.0.contains(&Span::Member("alice".into())), "{t:?}");
        assert!(t.plain().contains("alice"), "{}", t.plain());
        assert!(!t.plain().contains(OPEN), "{}", t.plain());
    }

    #[test]
    fn a_forged_mark_in_someones_text_is_only_text() {
        let forged = format!("{OPEN}0{CLOSE} pwned");
        let t = tm!(Lang::En, "standup-turn-next", "member" => Mention("alice".into()), "next" => forged);
        assert_eq!(t.0.iter().filter(|s| matches!(s, Span::Member(_))).count(), 1, "{t:?}");
        assert!(t.plain().contains("0 pwned"), "{}", t.plain());
    }

    #[test]
    fn plain_text_becomes_one_line_per_line() {
        let m = Message::from("a\nb".to_owned());
        assert_eq!(m.blocks.len(), 2);
        assert_eq!(m.plain(), "a\nb");
    }
}
