//! `konbit erase member` in the database (docs/privacy.md): in one transaction, what is
//! personal and no longer needed is deleted (reminders, stand-up updates, timers, mail
//! choices and replies, page and download links, undone hours, private messages waiting
//! in the outbox), and the member's name and handles are replaced by their pseudonym in
//! what the collective keeps (proposals, vetoes, decisions, attendance, facilitation
//! roles, agenda items, meetings and their minutes, stand-up rounds, hours, absences
//! without their reasons), in other people's texts too. Then [`Store::wipe_free_space`]
//! rewrites the file so that nothing deleted stays readable in it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::privacy::Subject;
use super::{AsDb, sql};
use super::{Store, StoreError, to_millis};
use crate::domain::pseudonym::{mentions, scrub};
use crate::domain::standup::{Round, Summary};
use crate::effect::Effect;

/// What an erasure changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// Rows deleted.
    pub deleted: u64,
    /// Rows where the name was replaced by the pseudonym.
    pub pseudonymised: u64,
}

/// Whole values that are a member's name or one of their handles.
const NAME_COLUMNS: &[(&str, &str)] = &[
    ("proposals", "proposer"),
    ("vetoes", "vetoer"),
    ("projects", "added_by"),
    ("meetings", "started_by"),
    ("attendance", "member"),
    ("absences", "member"),
    ("punches", "member"),
    ("role_holders", "member"),
    ("agenda_items", "author"),
];

/// Texts that may mention the member, by table and key: other people's words and the
/// collective's records.
const TEXT_COLUMNS: &[(&str, &str, &str)] = &[
    ("proposals", "id", "text"),
    ("proposals", "id", "outcome_note"),
    ("vetoes", "id", "reason"),
    ("decisions", "id", "note"),
    ("meeting_items", "id", "text"),
    ("meeting_items", "id", "who"),
    ("meeting_items", "id", "author"),
    ("agenda_items", "id", "title"),
    ("meetings", "id", "minutes"),
    ("reminders", "id", "text"),
    ("reminders", "id", "target"),
    ("absences", "id", "reason"),
    ("standup_updates", "id", "line"),
    ("punches", "id", "note"),
];

impl Store {
    /// The number the next former member's pseudonym takes.
    pub async fn next_former_number(&self) -> Result<i64, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_one,
            query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM former_members")
        )?)
    }

    /// Erases `who` (see the module doc): their pseudonym is `pseudonym`, number `number`;
    /// `needles` are every form of their name and handles to replace in texts. One unit.
    pub async fn erase_member(
        &self,
        who: &Subject,
        needles: &[String],
        number: i64,
        pseudonym: &str,
        now: DateTime<Utc>,
    ) -> Result<Erased, StoreError> {
        self.unit(async {
            let mut conn = self.conn().await?;
            let c = &mut conn;
            let mut done = Erased::default();
            let name = who.name.as_str();
            let mut run = async |sql: &str, a: &str, b: Option<&str>| -> Result<u64, StoreError> {
                Ok(sql!(c, execute, query(sqlx::AssertSqlSafe(sql.to_owned())).bind(a).bind(b))?.rows_affected())
            };
            for sql in [
                "DELETE FROM reminders WHERE owner = ?1 COLLATE NOCASE
                 OR (target_kind = 'member' AND target = ?1 COLLATE NOCASE)",
                "DELETE FROM standup_updates WHERE member = ?1 COLLATE NOCASE",
                "DELETE FROM timers WHERE member = ?1 COLLATE NOCASE",
                "DELETE FROM mail_prefs WHERE member = ?1 COLLATE NOCASE",
                "DELETE FROM mail_seen WHERE member = ?1 COLLATE NOCASE",
                "DELETE FROM web_links WHERE member = ?1 COLLATE NOCASE",
                "DELETE FROM data_links WHERE member = ?1 COLLATE NOCASE",
                "DELETE FROM punches WHERE member = ?1 COLLATE NOCASE AND deleted_at IS NOT NULL",
            ] {
                done.deleted += run(sql, name, None).await?;
            }
            if let Some(email) = &who.email {
                done.deleted += run("DELETE FROM mail_usage WHERE address = ?1 COLLATE NOCASE", email, None).await?;
            }
            // Their notes and reasons go; the hours and the days stay, under the pseudonym
            // (the triggers move the totals from one name to the other).
            done.pseudonymised += run(
                "UPDATE punches SET member = ?2, note = NULL WHERE member = ?1 COLLATE NOCASE",
                name,
                Some(pseudonym),
            )
            .await?;
            done.pseudonymised += run(
                "UPDATE absences SET member = ?2, reason = '' WHERE member = ?1 COLLATE NOCASE",
                name,
                Some(pseudonym),
            )
            .await?;
            for table in ["day_totals", "member_month_totals"] {
                run(
                    &format!("DELETE FROM {table} WHERE member = ?1 COLLATE NOCASE"),
                    name,
                    None,
                )
                .await?;
            }
            for form in std::iter::once(&who.name).chain(&who.handles) {
                for (table, column) in NAME_COLUMNS {
                    done.pseudonymised += run(
                        &format!("UPDATE {table} SET {column} = ?2 WHERE {column} = ?1 COLLATE NOCASE"),
                        form,
                        Some(pseudonym),
                    )
                    .await?;
                }
            }
            for (table, key, column) in TEXT_COLUMNS {
                done.pseudonymised += scrub_column(c, table, key, column, needles, pseudonym).await?;
            }
            done.pseudonymised += scrub_rounds(c, who, needles, pseudonym).await?;
            let (gone, changed) = scrub_outbox(c, who, needles, pseudonym).await?;
            done.deleted += gone;
            done.pseudonymised += changed;
            sql!(
                c,
                execute,
                query("INSERT INTO former_members (id, pseudonym, erased_at) VALUES (?, ?, ?)")
                    .bind(number)
                    .bind(pseudonym)
                    .bind(to_millis(now))
            )?;
            Ok(done)
        })
        .await
    }

    /// Rewrites the database file so that no deleted or replaced byte stays in it: VACUUM
    /// (the free pages and the slack of every page go), then the write-ahead log copied in
    /// and truncated to nothing. Outside any unit; another process's readers may delay it.
    pub async fn wipe_free_space(&self) -> Result<(), StoreError> {
        if self.is_postgres() {
            // PostgreSQL: VACUUM marks the dead rows' space free; rewriting it is the
            // server's (VACUUM FULL, an operator's choice: it locks the tables).
            sql!(self.conn().await?, execute, query("VACUUM"))?;
            return Ok(());
        }
        let mut conn = self.conn().await?;
        sql!(conn, execute, query("PRAGMA secure_delete = ON"))?;
        sql!(conn, execute, query("VACUUM"))?;
        let (busy, _, _): (i64, i64, i64) = sql!(conn, fetch_one, query_as("PRAGMA wal_checkpoint(TRUNCATE)"))?;
        if busy != 0 {
            return Err(StoreError::Corrupt(
                "the write-ahead log could not be emptied: another process is reading the database".into(),
            ));
        }
        Ok(())
    }
}

/// Replaces the needles in one text column; how many rows changed.
async fn scrub_column(
    c: &mut impl AsDb,
    table: &str,
    key: &str,
    column: &str,
    needles: &[String],
    with: &str,
) -> Result<u64, StoreError> {
    let mut found: BTreeMap<i64, String> = BTreeMap::new();
    let select = format!("SELECT {key}, {column} FROM {table} WHERE {column} LIKE '%' || ?1 || '%'");
    for needle in needles {
        let rows: Vec<(i64, String)> = sql!(c, fetch_all, query_as(sqlx::AssertSqlSafe(select.clone())).bind(needle))?;
        found.extend(rows);
    }
    let update = format!("UPDATE {table} SET {column} = ?1 WHERE {key} = ?2");
    let mut changed = 0;
    for (id, text) in found {
        let new = scrub(&text, needles, with);
        if new != text {
            sql!(
                c,
                execute,
                query(sqlx::AssertSqlSafe(update.clone())).bind(new).bind(id)
            )?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Stand-up rounds: the member's own lines go (what only they wrote), their name becomes
/// the pseudonym in who spoke or passed, and others' lines that name them are scrubbed.
async fn scrub_rounds(c: &mut impl AsDb, who: &Subject, needles: &[String], with: &str) -> Result<u64, StoreError> {
    let rows: Vec<(i64, String, Option<String>)> =
        sql!(c, fetch_all, query_as("SELECT id, round, summary FROM standups"))?;
    let mut changed = 0;
    let rename = |names: &mut Vec<String>| {
        for n in names.iter_mut() {
            if who.is(n) {
                *n = with.to_owned();
            }
        }
    };
    for (id, round_json, summary_json) in rows {
        if !mentions(&round_json, needles) && !summary_json.as_deref().is_some_and(|s| mentions(s, needles)) {
            continue;
        }
        let mut round: Round =
            serde_json::from_str(&round_json).map_err(|e| StoreError::Corrupt(format!("stand-up round {id}: {e}")))?;
        for turn in &mut round.turns {
            if who.is(&turn.member) {
                turn.member = with.to_owned();
                turn.lines.clear();
            }
            for (_, line) in &mut turn.lines {
                *line = scrub(line, needles, with);
            }
        }
        let summary = match summary_json {
            None => None,
            Some(s) => {
                let mut s: Summary =
                    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("stand-up summary {id}: {e}")))?;
                for list in [
                    &mut s.spoke,
                    &mut s.read,
                    &mut s.passed,
                    &mut s.absent,
                    &mut s.not_called,
                ] {
                    rename(list);
                }
                for lines in s.lines.values_mut() {
                    lines.retain(|(m, _)| !who.is(m));
                    for (_, line) in lines.iter_mut() {
                        *line = scrub(line, needles, with);
                    }
                }
                s.lines.retain(|_, lines| !lines.is_empty());
                Some(serde_json::to_string(&s).map_err(|e| StoreError::Corrupt(e.to_string()))?)
            }
        };
        let round = serde_json::to_string(&round).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sql!(
            c,
            execute,
            query("UPDATE standups SET round = ?, summary = ? WHERE id = ?")
                .bind(round)
                .bind(summary)
                .bind(id)
        )?;
        changed += 1;
    }
    Ok(changed)
}

/// The outbox: private messages and mails to the member are deleted; other entries that
/// name them are scrubbed, every string of the entry (an entry a newer konbit wrote too).
async fn scrub_outbox(
    c: &mut impl AsDb,
    who: &Subject,
    needles: &[String],
    with: &str,
) -> Result<(u64, u64), StoreError> {
    let rows: Vec<(i64, String)> = sql!(c, fetch_all, query_as("SELECT id, effect FROM outbox"))?;
    let (mut deleted, mut changed) = (0, 0);
    for (id, json) in rows {
        if serde_json::from_str::<Effect>(&json).is_ok_and(|e| who.is_recipient(&e)) {
            sql!(c, execute, query("DELETE FROM outbox WHERE id = ?").bind(id))?;
            deleted += 1;
            continue;
        }
        if !mentions(&json, needles) {
            continue;
        }
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&json) else {
            continue;
        };
        scrub_value(&mut value, needles, with);
        sql!(
            c,
            execute,
            query("UPDATE outbox SET effect = ? WHERE id = ?")
                .bind(value.to_string())
                .bind(id)
        )?;
        changed += 1;
    }
    Ok((deleted, changed))
}

fn scrub_value(value: &mut serde_json::Value, needles: &[String], with: &str) {
    use serde_json::Value;
    match value {
        Value::String(s) => *s = scrub(s, needles, with),
        Value::Array(items) => items.iter_mut().for_each(|v| scrub_value(v, needles, with)),
        Value::Object(map) => map.values_mut().for_each(|v| scrub_value(v, needles, with)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}
