//! A meeting's minutes: rendered as Markdown from what was said (`!topic`, `!agreed`,
//! `!action`, `!decide`), kept in the database and written to a file off the async
//! runtime (a slow disk never pauses the networks or the scheduler); `!minutes` reads
//! the last ones. What members said goes in as text (Markdown's characters escaped), so
//! that the minutes show what was typed, never markup made of it.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::format::when;
use super::{Core, CoreResult, Effect, Incoming};
use crate::i18n::Lang;
use crate::message::{Span, Stamp, Text};
use crate::store::{AgendaItem, Item, ItemKind, Meeting};
use crate::{t, tm};

impl Core {
    /// Writes the minutes file on a thread meant for blocking work, so that a slow disk
    /// never pauses the networks or the scheduler.
    pub(super) async fn write_minutes_file(&self, file: &str, markdown: &str) -> std::io::Result<()> {
        let dir = self.config().meetings.minutes_dir.clone();
        let (file, markdown) = (file.to_owned(), markdown.to_owned());
        tokio::task::spawn_blocking(move || write_minutes(&dir, &file, &markdown))
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn minutes_markdown(
        &self,
        l: Lang,
        m: &Meeting,
        now: DateTime<Utc>,
        attendees: &[String],
        agenda: &[AgendaItem],
        items: &[Item],
        // The team's section (`roles.rs`), empty when the meeting had none.
        team: &str,
    ) -> String {
        let tz = self.config().collective.tz;
        let title = capitalize(&self.meeting_title(l, &m.committee));
        let day = super::format::record_day(l, self.local_day(m.started_at));
        let mut md = format!("# {}\n\n", t!(l, "minutes-title", "meeting" => title, "date" => day));
        md.push_str(
            &t!(l, "minutes-when", "start" => when(l, tz, m.started_at, now), "end" => when(l, tz, now, now),
            "room" => inline(&m.room), "by" => inline(&m.started_by)),
        );
        md.push_str("\n\n");
        md.push_str(&format!(
            "## {}\n\n{}\n\n",
            t!(l, "minutes-present"),
            if attendees.is_empty() {
                t!(l, "nobody")
            } else {
                super::format::list(l, &attendees.iter().map(|a| text(a)).collect::<Vec<_>>())
            }
        ));
        md.push_str(team);
        // The items members put on the agenda ahead (`agenda.rs`), when there were any;
        // once the meeting took up items (`timebox.rs`), each with the time it took.
        if !agenda.is_empty() {
            md.push_str(&format!("## {}\n\n", t!(l, "minutes-agenda")));
            let timed = agenda.iter().any(|i| i.began_at.is_some());
            for item in agenda {
                let line = text(&self.agenda_line(l, item));
                let line = match (item.began_at, item.ended_at) {
                    _ if !timed => line,
                    (Some(began), Some(ended)) => t!(l, "minutes-item-time", "line" => line,
                        "took" => crate::domain::agenda::took_minutes(began, ended), "timebox" => i64::from(item.minutes)),
                    _ => t!(l, "minutes-item-not-reached", "line" => line),
                };
                md.push_str(&format!("- {line}\n"));
            }
            md.push('\n');
        }
        md.push_str(&format!("## {}\n\n", t!(l, "minutes-topics")));
        for item in items {
            match item.kind {
                ItemKind::Topic => md.push_str(&format!("\n### {}\n\n", text(&item.text))),
                ItemKind::Agreed => md.push_str(&format!("- {}\n", t!(l, "meeting-agreed", "text" => text(&item.text)))),
                ItemKind::Action => md.push_str(&format!(
                    "- {}\n",
                    t!(l, "meeting-action", "who" => text(item.who.as_deref().unwrap_or_default()), "text" => text(&item.text))
                )),
                ItemKind::Decision => md.push_str(&format!("- {}\n", text(&item.text))),
            }
        }
        if items.is_empty() {
            md.push_str(&format!("{}\n", t!(l, "nobody")));
        }
        let decisions: Vec<&Item> = items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Agreed | ItemKind::Decision))
            .collect();
        md.push_str(&format!("\n## {}\n\n", t!(l, "minutes-decisions")));
        if decisions.is_empty() {
            md.push_str(&format!("{}\n", t!(l, "nobody")));
        }
        for d in decisions {
            let line = match d.kind {
                ItemKind::Agreed => t!(l, "meeting-agreed", "text" => text(&d.text)),
                _ => text(&d.text),
            };
            md.push_str(&format!("- {line}\n"));
        }
        let actions: Vec<&Item> = items.iter().filter(|i| i.kind == ItemKind::Action).collect();
        md.push_str(&format!("\n## {}\n\n", t!(l, "minutes-actions")));
        if actions.is_empty() {
            md.push_str(&format!("{}\n", t!(l, "nobody")));
        }
        for a in actions {
            md.push_str(&format!(
                "- {}\n",
                t!(l, "minutes-action", "who" => text(a.who.as_deref().unwrap_or_default()), "text" => text(&a.text))
            ));
        }
        md
    }

    pub(super) async fn minutes_last(&self, msg: &Incoming, lang: Lang) -> CoreResult<Vec<Effect>> {
        let Some(m) = self.store.last_minutes().await? else {
            return Ok(vec![self.reply(msg, t!(lang, "minutes-none"))]);
        };
        let items = self.store.items(m.id).await?;
        let attendees = self.store.attendees(m.id).await?;
        let counts = count_items(&items);
        let place = match (&m.minutes_path, &self.config().meetings.minutes_url) {
            (Some(path), Some(url)) => {
                let file = Path::new(path)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let url = format!("{}/{file}", url.trim_end_matches('/'));
                Text(vec![Span::Link { text: url.clone(), url }])
            }
            (Some(path), None) => Text::from(path.as_str()),
            (None, _) => Text::from(t!(lang, "minutes-in-database")),
        };
        let date = Stamp(
            m.started_at,
            when(lang, self.config().collective.tz, m.started_at, msg.at),
        );
        let text = tm!(lang, "minutes-last", "meeting" => self.meeting_title(lang, &m.committee),
            "date" => date, "where" => place,
            "present" => attendees.len() as i64, "topics" => counts.0, "decisions" => counts.1, "actions" => counts.2);
        Ok(vec![self.reply(msg, text)])
    }
}

pub(super) fn count_items(items: &[Item]) -> (i64, i64, i64) {
    let n = |k: ItemKind| items.iter().filter(|i| i.kind == k).count() as i64;
    (
        n(ItemKind::Topic),
        n(ItemKind::Agreed) + n(ItemKind::Decision),
        n(ItemKind::Action),
    )
}

/// Chat text as Markdown that reads back as the same text: every character Markdown could
/// take for markup (emphasis, code, links, HTML, entities, tables, strikethrough, a
/// heading's closing `#`s) escaped with a backslash; at the start, what would open a block
/// (a list, a quote, a heading) too; lines joined, outer spaces trimmed (a line break or
/// an indented code block cannot be made of them).
pub(super) fn text(s: &str) -> String {
    escaped(s, true)
}

/// [`text`] for words in the middle of a line (`in #office`, `opened by alice`): nothing
/// there can open a block, so only what could be markup anywhere is escaped.
pub(super) fn inline(s: &str) -> String {
    escaped(s, false)
}

fn escaped(s: &str, starts_line: bool) -> String {
    let s: String = s
        .chars()
        .map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
        .collect();
    let s = s.trim_matches(' ');
    let mut out = String::with_capacity(s.len() + 8);
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    // A `#` is markup only where it opens a heading or closes one (a run at the end):
    // `in #office` and `proposal #1` are left as they read.
    let count = s.chars().count();
    let closing = count - s.chars().rev().take_while(|c| *c == '#').count();
    for (i, c) in s.chars().enumerate() {
        let opens_block = starts_line
            && (i == 0 && matches!(c, '-' | '+' | '=' | '#') || i == digits && digits > 0 && matches!(c, '.' | ')'));
        if opens_block
            || (c == '#' && i >= closing)
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

pub(super) fn write_minutes(dir: &Path, file: &str, markdown: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // Written beside, then renamed: a crash never leaves half a file under the real name.
    let tmp = dir.join(format!(".{file}.tmp"));
    std::fs::write(&tmp, markdown)?;
    std::fs::rename(&tmp, dir.join(file))
}

#[cfg(all(test, feature = "web"))]
mod tests {
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser};

    use super::text;

    /// The text of `markdown` as a reader sees it, and how many elements it opened (a
    /// hundred for anything else: HTML, a break).
    fn shown(markdown: &str) -> (String, usize) {
        let mut out = String::new();
        let mut blocks = 0;
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for e in Parser::new_ext(markdown, options) {
            match e {
                Event::Text(t) => out.push_str(&t),
                Event::Start(_) => blocks += 1,
                Event::End(_) => {}
                _ => blocks += 100,
            }
        }
        (out, blocks)
    }

    fn check(said: &str) {
        let want = said.replace(['\n', '\r', '\t'], " ").trim_matches(' ').to_owned();
        let (heading, n) = shown(&format!("### {}\n", text(said)));
        assert_eq!((heading.as_str(), n), (want.as_str(), 1), "{said:?}");
        let (item, n) = shown(&format!("- Agreed: {}\n", text(said)));
        assert_eq!(
            (item, n),
            (format!("Agreed: {want}").trim_end().to_owned(), 2),
            "{said:?}"
        );
    }

    #[test]
    fn minutes_show_what_people_typed() {
        for said in [
            "<script>alert(1)</script> topic",
            "<b>x</b> &amp; &lt;i&gt; &#65;",
            "\"><img src=x onerror=alert(1)>",
            "*not bold* _nor this_ `nor code` ~~nor struck~~",
            "# not a heading ##",
            "- not a list",
            "+ nor this",
            "1. nor this",
            "12) nor this",
            "> not a quote",
            "[a link](https://example.org) ![an image](x.png) <https://example.org>",
            "a | b | c",
            "back\\slash \\* \\",
            "    indented",
            "two\nlines",
            "=== and ---",
            "l\u{2019}ordre du jour",
        ] {
            check(said);
        }
    }

    proptest! {
        #[test]
        fn any_chat_text_reads_back_as_typed(said in "[ a-z0-9#*_`<>&;!\\[\\]()|~=+.:\\-\\\\\"']{0,40}") {
            check(&said);
        }
    }
}
