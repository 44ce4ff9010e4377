//! A meeting's minutes: rendered as Markdown from what was said (`!topic`, `!agreed`,
//! `!action`, `!decide`), kept in the database and written to a file off the async
//! runtime (a slow disk never pauses the networks or the scheduler); `!minutes` reads
//! the last ones.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::format::when;
use super::{Core, CoreResult, Effect, Incoming};
use crate::i18n::Lang;
use crate::store::{Item, ItemKind, Meeting};
use crate::t;

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

    pub(super) fn minutes_markdown(
        &self,
        l: Lang,
        m: &Meeting,
        now: DateTime<Utc>,
        attendees: &[String],
        items: &[Item],
    ) -> String {
        let tz = self.config().collective.tz;
        let title = capitalize(&self.meeting_title(l, &m.committee));
        let mut md = format!("# {title} — {}\n\n", self.local_day(m.started_at).format("%Y-%m-%d"));
        md.push_str(
            &t!(l, "minutes-when", "start" => when(l, tz, m.started_at, now), "end" => when(l, tz, now, now),
            "room" => m.room.clone(), "by" => m.started_by.clone()),
        );
        md.push_str("\n\n");
        md.push_str(&format!(
            "## {}\n\n{}\n\n",
            t!(l, "minutes-present"),
            if attendees.is_empty() {
                "—".to_owned()
            } else {
                attendees.join(", ")
            }
        ));
        md.push_str(&format!("## {}\n\n", t!(l, "minutes-topics")));
        for item in items {
            match item.kind {
                ItemKind::Topic => md.push_str(&format!("\n### {}\n\n", item.text)),
                ItemKind::Agreed => {
                    md.push_str(&format!("- {}\n", t!(l, "meeting-agreed", "text" => item.text.clone())))
                }
                ItemKind::Action => md.push_str(&format!(
                    "- {}\n",
                    t!(l, "meeting-action", "who" => item.who.clone().unwrap_or_default(), "text" => item.text.clone())
                )),
                ItemKind::Decision => md.push_str(&format!("- {}\n", item.text)),
            }
        }
        if items.is_empty() {
            md.push_str("—\n");
        }
        let decisions: Vec<&Item> = items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Agreed | ItemKind::Decision))
            .collect();
        md.push_str(&format!("\n## {}\n\n", t!(l, "minutes-decisions")));
        if decisions.is_empty() {
            md.push_str("—\n");
        }
        for d in decisions {
            let line = match d.kind {
                ItemKind::Agreed => t!(l, "meeting-agreed", "text" => d.text.clone()),
                _ => d.text.clone(),
            };
            md.push_str(&format!("- {line}\n"));
        }
        let actions: Vec<&Item> = items.iter().filter(|i| i.kind == ItemKind::Action).collect();
        md.push_str(&format!("\n## {}\n\n", t!(l, "minutes-actions")));
        if actions.is_empty() {
            md.push_str("—\n");
        }
        for a in actions {
            md.push_str(&format!(
                "- {}\n",
                t!(l, "minutes-action", "who" => a.who.clone().unwrap_or_default(), "text" => a.text.clone())
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
                format!("{}/{file}", url.trim_end_matches('/'))
            }
            (Some(path), None) => path.clone(),
            (None, _) => t!(lang, "minutes-in-database"),
        };
        let text = t!(lang, "minutes-last", "meeting" => self.meeting_title(lang, &m.committee),
            "date" => when(lang, self.config().collective.tz, m.started_at, msg.at), "where" => place,
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
