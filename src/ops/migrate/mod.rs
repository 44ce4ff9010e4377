//! `konbit migrate-storage --from FILE --to postgres://…`: moves a collective from its
//! SQLite file into an empty PostgreSQL database, everything in it, verified
//! (docs/storage.md, "Moving a collective from SQLite to PostgreSQL").
//!
//! The steps: the SQLite file's single-instance lock is taken (a running `konbit run`
//! refuses it, and none can start meanwhile); the file must be at this konbit's schema;
//! the target must hold nothing (any konbit table with rows refuses it, the migrations'
//! one-row settings aside); the PostgreSQL migrations are applied; then, in one
//! PostgreSQL transaction, every table SQLite has (read from `sqlite_master`: a table
//! without a PostgreSQL counterpart fails the whole) is copied in the order its foreign
//! keys ask for, with the tables' own triggers off so that the kept totals are copied as
//! they are and never counted twice by the punches' triggers; the identity sequences are
//! set past the copied ids; each table's rows are read back and their count and checksum
//! compared with SQLite's ([`copy::sum`]); any difference rolls everything back. The
//! SQLite file is only read.

mod copy;
mod schema;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, PgConnection, SqliteConnection};

use super::Outcome;
use crate::config::{Config, redact_url};
use crate::i18n::Lang;
use crate::store::Store;
use crate::t;
use schema::{Mismatch, quote};

pub use schema::SEEDED;

/// `konbit migrate-storage` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SQLite database to move [default: storage.database of the configuration].
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// The empty PostgreSQL database to move it into, postgres://USER:PASSWORD@HOST:PORT/NAME
    /// [default: storage.url of the configuration].
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
}

/// Moves the collective; messages in `lang`.
pub fn run(config: &Config, args: &Args, lang: Lang) -> Outcome {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return Outcome::failed(t!(lang, "migrate-failed", "detail" => e.to_string())),
    };
    runtime.block_on(migrate(config, args, lang))
}

/// One table's verification: its name, rows and checksum on both sides.
struct Checked {
    table: String,
    lite: copy::Sum,
    pg: copy::Sum,
}

async fn migrate(config: &Config, args: &Args, lang: Lang) -> Outcome {
    let from = match (&args.from, &config.postgres) {
        (Some(path), _) => path.clone(),
        (None, None) => config.database.clone(),
        (None, Some(_)) => return Outcome::refused(t!(lang, "migrate-no-source")),
    };
    let Some(to) = args.to.clone().or_else(|| config.postgres.clone()) else {
        return Outcome::refused(t!(lang, "migrate-no-target"));
    };
    let shown = redact_url(&to);
    if crate::config::postgres_servers(&to)
        .iter()
        .any(|one| postgres_options(one).is_none())
    {
        return Outcome::refused(t!(lang, "migrate-bad-url", "url" => shown));
    }
    // A primary and its replicas: the one that accepts writes.
    let to = match crate::store::writable_server(&to).await {
        Ok(one) => one,
        Err(e) => return Outcome::failed(t!(lang, "migrate-connect", "url" => shown, "detail" => e.to_string())),
    };
    let Some(options) = postgres_options(&to) else {
        return Outcome::refused(t!(lang, "migrate-bad-url", "url" => shown));
    };
    if !from.is_file() {
        return Outcome::failed(t!(lang, "migrate-no-database", "path" => from.display().to_string()));
    }
    // No konbit serves the file while it is copied, nor starts on it until it is done.
    let _lock = match super::instance::acquire(&from, lang) {
        Ok(lock) => lock,
        Err(e) => return Outcome::failed(e.to_string()),
    };
    let from_shown = from.display().to_string();
    let mut lite = match open_sqlite(&from).await {
        Ok(c) => c,
        Err(e) => return Outcome::failed(t!(lang, "migrate-failed", "detail" => format!("{from_shown}: {e}"))),
    };
    if let Err(outcome) = source_current(&mut lite, &from_shown, lang).await {
        return outcome;
    }
    let mut pg = match options.connect().await {
        Ok(c) => c,
        Err(e) => {
            return Outcome::failed(t!(lang, "migrate-connect", "url" => shown, "detail" => e.to_string()));
        }
    };
    match schema::occupied(&mut pg).await {
        Ok(tables) if tables.is_empty() => {}
        Ok(tables) => {
            let list: Vec<String> = tables.iter().map(|(t, n)| format!("{t}: {n}")).collect();
            return Outcome::refused(t!(lang, "migrate-not-empty", "url" => shown, "tables" => list.join(", ")));
        }
        Err(e) => return Outcome::failed(t!(lang, "migrate-failed", "detail" => e.to_string())),
    }
    // The PostgreSQL migrations, as `konbit run` applies them.
    match Store::open_postgres(&to, 1).await {
        Ok(store) => store.close().await,
        Err(crate::store::StoreError::Newer { path, version }) => {
            return Outcome::failed(t!(lang, "store-newer", "path" => path, "version" => version.to_string()));
        }
        Err(e) => return Outcome::failed(t!(lang, "migrate-failed", "detail" => e.to_string())),
    }
    let checked = match transfer(&mut lite, &mut pg, lang).await {
        Ok(Ok(checked)) => checked,
        Ok(Err(outcome)) => return outcome,
        Err(e) => return Outcome::failed(t!(lang, "migrate-failed", "detail" => e.to_string())),
    };
    let _ = pg.close().await;
    let _ = lite.close().await;
    let rows: u64 = checked.iter().map(|c| c.lite.rows).sum();
    let mut text = report(&checked, lang);
    text.push('\n');
    text.push_str(&t!(lang, "migrate-done",
        "tables" => checked.len() as i64, "rows" => rows as i64,
        "from" => from_shown, "to" => shown));
    Outcome::done(text)
}

/// The connection options of a `postgres://` (or `postgresql://`) URL; `None` when it is
/// not one (the parser's own message could repeat the password).
fn postgres_options(url: &str) -> Option<PgConnectOptions> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return None;
    }
    PgConnectOptions::from_str(url).ok()
}

/// The SQLite file for reading only: nothing of it is changed by a migration.
async fn open_sqlite(path: &Path) -> Result<SqliteConnection, sqlx::Error> {
    SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .connect()
        .await
}

/// Refuses a SQLite file whose schema is not this konbit's: older (to be brought up to
/// date by `konbit run` first) or newer.
async fn source_current(lite: &mut SqliteConnection, shown: &str, lang: Lang) -> Result<(), Outcome> {
    let want = crate::store::sqlite_latest();
    let have = crate::store::applied_version(lite).await;
    if have < want {
        return Err(Outcome::failed(t!(lang, "migrate-source-behind",
            "path" => shown.to_owned(), "have" => have.to_string(), "want" => want.to_string())));
    }
    if have > want {
        return Err(Outcome::failed(
            t!(lang, "store-newer", "path" => shown.to_owned(), "version" => have.to_string()),
        ));
    }
    Ok(())
}

/// The copy and its verification, in one PostgreSQL transaction committed only when every
/// table checks out. `Ok(Err(…))`: refused or failed as said, nothing kept.
async fn transfer(
    lite: &mut SqliteConnection,
    pg: &mut PgConnection,
    lang: Lang,
) -> Result<Result<Vec<Checked>, Outcome>, sqlx::Error> {
    let tables = match schema::tables(lite, pg).await? {
        Ok(tables) => tables,
        Err(mismatch) => return Ok(Err(Outcome::failed(mismatch_text(&mismatch, lang)))),
    };
    let sequences = schema::sqlite_sequences(lite).await?;
    // One read transaction: every table as it was at one instant.
    sqlx::query("BEGIN").execute(&mut *lite).await?;
    let mut tx = Box::pin(pg.begin()).await?;
    let mut sums = Vec::new();
    for table in &tables {
        sqlx::query(AssertSqlSafe(format!(
            "ALTER TABLE {} DISABLE TRIGGER USER",
            quote(&table.name)
        )))
        .execute(&mut *tx)
        .await?;
        if schema::SEEDED.contains(&table.name.as_str()) {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {}", quote(&table.name))))
                .execute(&mut *tx)
                .await?;
        }
        match copy::copy(lite, &mut tx, table).await? {
            Ok(sum) => sums.push(sum),
            Err(unfit) => {
                return Ok(Err(Outcome::failed(t!(lang, "migrate-bad-value",
                    "table" => table.name.clone(), "column" => unfit.column, "detail" => unfit.detail))));
            }
        }
        copy::set_sequences(&mut tx, table, sequences.get(&table.name).copied()).await?;
    }
    sqlx::query("COMMIT").execute(&mut *lite).await?;
    let mut checked = Vec::new();
    for (table, lite_sum) in tables.iter().zip(sums) {
        sqlx::query(AssertSqlSafe(format!(
            "ALTER TABLE {} ENABLE TRIGGER USER",
            quote(&table.name)
        )))
        .execute(&mut *tx)
        .await?;
        checked.push(Checked {
            table: table.name.clone(),
            pg: copy::sum_postgres(&mut tx, table).await?,
            lite: lite_sum,
        });
    }
    let differ: Vec<&str> = checked
        .iter()
        .filter(|c| c.lite != c.pg)
        .map(|c| c.table.as_str())
        .collect();
    if !differ.is_empty() {
        Box::pin(tx.rollback()).await?;
        let mut text = report(&checked, lang);
        text.push('\n');
        text.push_str(&t!(lang, "migrate-mismatch", "tables" => differ.join(", ")));
        return Ok(Err(Outcome::failed(text)));
    }
    Box::pin(tx.commit()).await?;
    Ok(Ok(checked))
}

fn mismatch_text(mismatch: &Mismatch, lang: Lang) -> String {
    match mismatch {
        Mismatch::Missing(table) => t!(lang, "migrate-missing-table", "table" => table.clone()),
        Mismatch::Extra(table) => t!(lang, "migrate-extra-table", "table" => table.clone()),
        Mismatch::Columns(table, lite, pg) => t!(lang, "migrate-columns",
            "table" => table.clone(), "sqlite" => lite.clone(), "postgres" => pg.clone()),
        Mismatch::Type(column, kind) => t!(lang, "migrate-type", "column" => column.clone(), "type" => kind.clone()),
        Mismatch::Cycle(tables) => t!(lang, "migrate-cycle", "tables" => tables.clone()),
    }
}

/// The verification table: table, rows, checksum (its first 16 digits), OK or what differs.
fn report(checked: &[Checked], lang: Lang) -> String {
    let heads = [
        t!(lang, "migrate-head-table"),
        t!(lang, "migrate-head-rows"),
        t!(lang, "migrate-head-checksum"),
        String::new(),
    ];
    let mut lines: Vec<[String; 4]> = vec![heads];
    for c in checked {
        let verdict = if c.lite == c.pg {
            "OK".to_owned()
        } else {
            t!(lang, "migrate-differs",
                "rows" => c.pg.rows as i64, "checksum" => c.pg.checksum[..16].to_owned())
        };
        lines.push([
            c.table.clone(),
            c.lite.rows.to_string(),
            c.lite.checksum[..16].to_owned(),
            verdict,
        ]);
    }
    let width = |i: usize| lines.iter().map(|l| l[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    lines
        .iter()
        .map(|l| {
            format!("{:<w0$}  {:>w1$}  {:<w2$}  {}", l[0], l[1], l[2], l[3])
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_postgres_address_is_taken() {
        assert!(postgres_options("postgres://konbit:pw@127.0.0.1:5432/konbit").is_some());
        assert!(postgres_options("postgresql://konbit@localhost/konbit").is_some());
        assert!(postgres_options("konbit.db").is_none());
        assert!(postgres_options("mysql://konbit:pw@localhost/konbit").is_none());
    }

    #[test]
    fn the_report_lines_up_and_says_which_table_differs() {
        let sum = |rows, c: char| copy::Sum {
            rows,
            checksum: c.to_string().repeat(64),
        };
        let checked = [
            Checked {
                table: "punches".into(),
                lite: sum(1200, 'a'),
                pg: sum(1200, 'a'),
            },
            Checked {
                table: "day_totals".into(),
                lite: sum(90, 'b'),
                pg: sum(91, 'c'),
            },
        ];
        let text = report(&checked, Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "punches     1200  aaaaaaaaaaaaaaaa  OK", "{text}");
        assert!(lines[2].starts_with("day_totals    90  bbbbbbbbbbbbbbbb  "), "{text}");
        assert!(
            lines[2].contains("91") && lines[2].contains("cccccccccccccccc"),
            "{text}"
        );
    }
}
