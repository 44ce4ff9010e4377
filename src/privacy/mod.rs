//! A member's data as one archive (docs/privacy.md): who they are in the roster and
//! everything the database holds about them ([`MemberRecords`]), as one JSON document and
//! one CSV file per kind, in a zip with a short README in their language. The same archive
//! is what `!mydata`'s private link downloads and what `konbit export member` writes.
//!
//! `zip.rs` writes the archive; `erase.rs` erases a member who left (`konbit erase
//! member`). This module uses the store and the configuration; it sends nothing.

pub mod erase;
mod zip;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::{MemberRecords, Store, StoreError, Subject};
use crate::t;

/// The member as the roster knows them (nothing when they are not in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub name: String,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub irc_account: Option<String>,
    pub irc_nick: Option<String>,
    pub matrix_id: Option<String>,
    pub email: Option<String>,
    /// What they get by e-mail until they choose otherwise with `!mail`.
    pub mail_default: String,
}

/// Everything about one member, at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Archive {
    pub collective: String,
    pub member: String,
    pub generated_at: DateTime<Utc>,
    pub identity: Option<Identity>,
    pub records: MemberRecords,
}

/// Who `name` is: their roster name (any case) and handles, or the name as given.
pub fn subject(config: &Config, name: &str) -> Subject {
    Subject::of(config, name)
}

fn identity(config: &Config, name: &str) -> Option<Identity> {
    config.member_named(name).map(|m| Identity {
        name: m.name.clone(),
        language: m.lang.map(|l| l.code().to_owned()),
        time_zone: m.tz.map(|z| z.name().to_owned()),
        irc_account: m.irc_account.clone(),
        irc_nick: m.irc_nick.clone(),
        matrix_id: m.matrix_id.clone(),
        email: m.email.clone(),
        mail_default: m.mail.as_str().to_owned(),
    })
}

/// Reads everything about `name` from `store`, as of `now`.
pub async fn gather(store: &Store, config: &Config, name: &str, now: DateTime<Utc>) -> Result<Archive, StoreError> {
    let who = subject(config, name);
    let records = store.member_records(&who).await?;
    Ok(Archive {
        collective: config.collective.name.clone(),
        member: who.name,
        generated_at: now,
        identity: identity(config, name),
        records,
    })
}

impl Archive {
    /// The whole archive as one JSON document.
    pub fn json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The name to save the zip under: `konbit-NAME-YYYY-MM-DD.zip`.
    pub fn file_name(&self) -> String {
        let safe: String = self
            .member
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("konbit-{safe}-{}.zip", self.generated_at.format("%Y-%m-%d"))
    }

    /// The zip: `README.txt` (in `lang`), `data.json`, and a CSV file per kind that has
    /// rows (`identity.csv`, `hours.csv`…).
    pub fn zip(&self, lang: Lang) -> Vec<u8> {
        let mut files = vec![
            (
                "README.txt".to_owned(),
                t!(lang, "mydata-readme", "member" => self.member.clone(), "collective" => self.collective.clone(),
                    "when" => self.generated_at.to_rfc3339_opts(SecondsFormat::Secs, true))
                .into_bytes(),
            ),
            ("data.json".to_owned(), self.json().into_bytes()),
        ];
        if let Some(identity) = &self.identity {
            files.push(("identity.csv".to_owned(), csv_of(std::slice::from_ref(identity))));
        }
        let r = &self.records;
        let kinds: Vec<(&str, Vec<u8>)> = vec![
            ("hours", csv_of(&r.hours)),
            ("timer", csv_of(&r.timer)),
            ("absences", csv_of(&r.absences)),
            ("attendance", csv_of(&r.attendance)),
            ("meetings_started", csv_of(&r.meetings_started)),
            ("meeting_items", csv_of(&r.meeting_items)),
            ("agenda_items", csv_of(&r.agenda_items)),
            ("roles", csv_of(&r.roles)),
            ("proposals", csv_of(&r.proposals)),
            ("vetoes", csv_of(&r.vetoes)),
            ("reminders", csv_of(&r.reminders)),
            ("standup_updates", csv_of(&r.standup_updates)),
            ("standup_turns", csv_of(&r.standup_turns)),
            ("links", csv_of(&r.links)),
            ("mail_choice", csv_of(&r.mail_choice)),
            ("mail_replies", csv_of(&r.mail_replies)),
            ("mail_answers", csv_of(&r.mail_answers)),
            ("projects_added", csv_of(&r.projects_added)),
            ("pending_messages", csv_of(&r.pending_messages)),
        ];
        files.extend(
            kinds
                .into_iter()
                .filter(|(_, csv)| !csv.is_empty())
                .map(|(kind, csv)| (format!("{kind}.csv"), csv)),
        );
        zip::archive(&files, self.generated_at)
    }
}

/// Rows as CSV with a header line; nothing for no rows.
fn csv_of<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        if let Err(e) = w.serialize(row) {
            tracing::error!(error = %e, "a row of a member's archive could not be written as CSV");
        }
    }
    w.into_inner().unwrap_or_default()
}
