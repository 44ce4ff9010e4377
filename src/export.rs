//! `konbit export hours`: punched hours for payroll and accounting, as CSV or JSON.

use std::io::Write;

use chrono::{NaiveDate, SecondsFormat};
use serde::Serialize;

use crate::store::{Punch, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Serialize)]
struct Row<'a> {
    id: i64,
    member: &'a str,
    project: &'a str,
    day: String,
    minutes: u32,
    /// Decimal hours, two places, for spreadsheets.
    hours: String,
    volunteer: bool,
    note: &'a str,
    source: &'static str,
    recorded_at: String,
}

impl<'a> Row<'a> {
    fn of(p: &'a Punch) -> Row<'a> {
        Row {
            id: p.id,
            member: &p.member,
            project: &p.project,
            day: p.day.format("%Y-%m-%d").to_string(),
            minutes: p.minutes,
            hours: format!("{}.{:02}", p.minutes / 60, ((p.minutes % 60) * 100 + 30) / 60),
            volunteer: p.volunteer,
            note: p.note.as_deref().unwrap_or(""),
            source: if p.from_timer { "timer" } else { "punch" },
            recorded_at: p.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    from: String,
    to: String,
    member: Option<&'a str>,
    entries: Vec<Row<'a>>,
}

/// Errors of an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write the export: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the export: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes the counted entries of `from..=to` (one member's, or everybody's) to `out`.
pub async fn hours(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    member: Option<&str>,
    format: Format,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let punches = store.punches_between(from, to, member).await?;
    let rows: Vec<Row<'_>> = punches.iter().map(Row::of).collect();
    let count = rows.len();
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            if rows.is_empty() {
                // A header even with no rows, so a spreadsheet still sees the columns.
                w.write_record([
                    "id",
                    "member",
                    "project",
                    "day",
                    "minutes",
                    "hours",
                    "volunteer",
                    "note",
                    "source",
                    "recorded_at",
                ])?;
            }
            for r in rows {
                w.serialize(r)?;
            }
            w.flush()?;
        }
        Format::Json => {
            let doc = Document {
                from: from.to_string(),
                to: to.to_string(),
                member,
                entries: rows,
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
    }
    Ok(count)
}
