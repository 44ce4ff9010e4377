//! The rows of one table: read from SQLite as SQLite stores them, written into PostgreSQL
//! in the types its columns have (0/1 flags as booleans), read back from PostgreSQL, and
//! the checksum both sides are compared by.
//!
//! The checksum is computed the same way on both sides, each from its own database's
//! values: every value rendered canonically (a flag as 0 or 1, text and bytes with their
//! length), a SHA-256 of each row's rendering, those sorted (byte order: no collation of
//! either database decides it), then SHA-256 over them all. Rows go through as a stream:
//! a table is never held whole, only a batch of rows and a digest per row.

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, PgConnection, Postgres, QueryBuilder, Row, SqliteConnection, TypeInfo, ValueRef};

use super::schema::{Kind, Table, quote};

/// One value, as either database gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

/// How many binds one INSERT carries at most (PostgreSQL takes fewer than 65,535).
const BINDS: usize = 30_000;

/// A value that does not fit its PostgreSQL column: the column and what was found.
#[derive(Debug)]
pub struct Unfit {
    pub column: String,
    pub detail: String,
}

/// A table's rows and what they add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub rows: u64,
    /// SHA-256, hexadecimal.
    pub checksum: String,
}

fn select(table: &Table) -> String {
    let columns: Vec<String> = table.columns.iter().map(|(c, _)| quote(c)).collect();
    format!("SELECT {} FROM {}", columns.join(", "), quote(&table.name))
}

/// A row of SQLite's, each value as SQLite stores it.
fn sqlite_values(row: &SqliteRow, columns: usize) -> Result<Vec<Value>, sqlx::Error> {
    let mut values = Vec::with_capacity(columns);
    for i in 0..columns {
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            Value::Null
        } else {
            let storage = raw.type_info().name().to_owned();
            match storage.as_str() {
                "INTEGER" => Value::Int(row.try_get_unchecked(i)?),
                "REAL" => Value::Real(row.try_get_unchecked(i)?),
                "BLOB" => Value::Bytes(row.try_get_unchecked(i)?),
                _ => Value::Text(row.try_get_unchecked(i)?),
            }
        };
        values.push(value);
    }
    Ok(values)
}

/// A row of PostgreSQL's, each value as SQLite would hold it (a boolean as 0 or 1).
fn postgres_values(row: &PgRow, table: &Table) -> Result<Vec<Value>, sqlx::Error> {
    let mut values = Vec::with_capacity(table.columns.len());
    for (i, (_, kind)) in table.columns.iter().enumerate() {
        let value = match kind {
            Kind::Int => match row.try_get_raw(i)?.type_info().name() {
                "INT4" => row.try_get::<Option<i32>, _>(i)?.map(|v| Value::Int(v.into())),
                "INT2" => row.try_get::<Option<i16>, _>(i)?.map(|v| Value::Int(v.into())),
                _ => row.try_get::<Option<i64>, _>(i)?.map(Value::Int),
            },
            Kind::Bool => row.try_get::<Option<bool>, _>(i)?.map(|b| Value::Int(b.into())),
            Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::Text),
            Kind::Bytes => row.try_get::<Option<Vec<u8>>, _>(i)?.map(Value::Bytes),
            Kind::Real => row.try_get::<Option<f64>, _>(i)?.map(Value::Real),
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(values)
}

/// Copies every row of `table` from SQLite into PostgreSQL, many rows a statement; SQLite's
/// count and checksum. `Ok(Err(…))`: a value that does not fit its column, found before
/// the rows after it were read (the caller rolls back what was written).
pub async fn copy(
    lite: &mut SqliteConnection,
    pg: &mut PgConnection,
    table: &Table,
) -> Result<Result<Sum, Unfit>, sqlx::Error> {
    let per_statement = (BINDS / table.columns.len().max(1)).max(1);
    let mut tally = Tally::default();
    let mut batch = Vec::with_capacity(per_statement.min(1024));
    let sql = select(table);
    let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(lite);
    while let Some(row) = rows.try_next().await? {
        let values = sqlite_values(&row, table.columns.len())?;
        if let Err(unfit) = check(table, &values) {
            return Ok(Err(unfit));
        }
        tally.add(&values);
        batch.push(values);
        if batch.len() == per_statement {
            insert(pg, table, &batch).await?;
            batch.clear();
        }
    }
    insert(pg, table, &batch).await?;
    Ok(Ok(tally.finish()))
}

/// The count and checksum of `table` as PostgreSQL holds it.
pub async fn sum_postgres(pg: &mut PgConnection, table: &Table) -> Result<Sum, sqlx::Error> {
    let mut tally = Tally::default();
    let sql = select(table);
    let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(pg);
    while let Some(row) = rows.try_next().await? {
        tally.add(&postgres_values(&row, table)?);
    }
    Ok(tally.finish())
}

/// Whether `value` (from SQLite) fits a PostgreSQL column of `kind`; why not.
fn fit(value: &Value, kind: Kind) -> Result<(), String> {
    match (kind, value) {
        (_, Value::Null)
        | (Kind::Int, Value::Int(_))
        | (Kind::Bool, Value::Int(0 | 1))
        | (Kind::Text, Value::Text(_))
        | (Kind::Bytes, Value::Bytes(_))
        | (Kind::Real, Value::Real(_) | Value::Int(_)) => Ok(()),
        (Kind::Bool, Value::Int(n)) => Err(format!("{n} is not a flag (0 or 1)")),
        (_, other) => Err(format!("{} does not fit {kind:?}", render_one(other))),
    }
}

/// Checks each value of a row against its column before it is written.
fn check(table: &Table, row: &[Value]) -> Result<(), Unfit> {
    for ((column, kind), value) in table.columns.iter().zip(row) {
        fit(value, *kind).map_err(|detail| Unfit {
            column: column.clone(),
            detail,
        })?;
    }
    Ok(())
}

/// Inserts `rows` (checked by [`check`]) into `table` on PostgreSQL, in one statement.
async fn insert(pg: &mut PgConnection, table: &Table, rows: &[Vec<Value>]) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let columns: Vec<String> = table.columns.iter().map(|(c, _)| quote(c)).collect();
    let mut q: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("INSERT INTO {} ({}) ", quote(&table.name), columns.join(", ")));
    q.push_values(rows, |mut b, row| {
        for ((_, kind), value) in table.columns.iter().zip(row) {
            match (kind, value) {
                (Kind::Int, Value::Int(n)) => b.push_bind(*n),
                (Kind::Int, _) => b.push_bind(None::<i64>),
                (Kind::Bool, Value::Int(n)) => b.push_bind(*n != 0),
                (Kind::Bool, _) => b.push_bind(None::<bool>),
                (Kind::Text, Value::Text(s)) => b.push_bind(s.clone()),
                (Kind::Text, _) => b.push_bind(None::<String>),
                (Kind::Bytes, Value::Bytes(v)) => b.push_bind(v.clone()),
                (Kind::Bytes, _) => b.push_bind(None::<Vec<u8>>),
                (Kind::Real, Value::Real(f)) => b.push_bind(*f),
                #[allow(clippy::cast_precision_loss)]
                (Kind::Real, Value::Int(n)) => b.push_bind(*n as f64),
                (Kind::Real, _) => b.push_bind(None::<f64>),
            };
        }
    });
    q.build().execute(&mut *pg).await?;
    Ok(())
}

/// Sets each identity column's sequence of `table` past the highest id copied (and past
/// what SQLite's AUTOINCREMENT handed out, `handed_out`), so that the next row PostgreSQL
/// numbers does not take an id already used.
pub async fn set_sequences(pg: &mut PgConnection, table: &Table, handed_out: Option<i64>) -> Result<(), sqlx::Error> {
    for column in &table.identity {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(MAX({c}), $3)) FROM {t} HAVING GREATEST(MAX({c}), $3) > 0",
            c = quote(column),
            t = quote(&table.name)
        );
        let _: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(quote(&table.name))
            .bind(column)
            .bind(handed_out.unwrap_or(0))
            .fetch_optional(&mut *pg)
            .await?;
    }
    Ok(())
}

/// One value, canonically: `N` (null), `i42`, `r0x…` (the float's bits), `t5:hello`,
/// `x3:00ff10`.
fn render_one(value: &Value) -> String {
    match value {
        Value::Null => "N".to_owned(),
        Value::Int(n) => format!("i{n}"),
        Value::Real(f) => format!("r{:016x}", f.to_bits()),
        Value::Text(s) => format!("t{}:{s}", s.len()),
        Value::Bytes(b) => format!("x{}:{}", b.len(), hex(b)),
    }
}

/// Bytes as lower-case hexadecimal digits.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Rows' digests, gathered in whatever order the rows come.
#[derive(Default)]
struct Tally {
    digests: Vec<[u8; 32]>,
}

impl Tally {
    fn add(&mut self, row: &[Value]) {
        let mut hash = Sha256::new();
        for value in row {
            let rendered = render_one(value);
            hash.update(rendered.len().to_le_bytes());
            hash.update(rendered.as_bytes());
        }
        self.digests.push(hash.finalize().into());
    }

    fn finish(mut self) -> Sum {
        self.digests.sort_unstable();
        let mut hash = Sha256::new();
        for digest in &self.digests {
            hash.update(digest);
        }
        Sum {
            rows: self.digests.len() as u64,
            checksum: hex(&hash.finalize()),
        }
    }
}

/// The rows' count and checksum, whatever order they came in.
#[cfg(test)]
fn sum(rows: &[Vec<Value>]) -> Sum {
    let mut tally = Tally::default();
    for row in rows {
        tally.add(row);
    }
    tally.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> Table {
        Table {
            name: "punches".into(),
            columns: vec![("id".into(), Kind::Int), ("volunteer".into(), Kind::Bool)],
            identity: vec!["id".into()],
        }
    }

    #[test]
    fn the_checksum_does_not_depend_on_the_order_of_the_rows() {
        let a = vec![Value::Int(1), Value::Text("alice".into())];
        let b = vec![Value::Int(2), Value::Null];
        assert_eq!(sum(&[a.clone(), b.clone()]), sum(&[b.clone(), a.clone()]));
        assert_eq!(sum(&[a.clone(), b.clone()]).rows, 2);
        assert_ne!(
            sum(&[a.clone(), b]),
            sum(&[a.clone(), vec![Value::Int(2), Value::Text(String::new())]])
        );
    }

    #[test]
    fn values_that_look_alike_are_told_apart() {
        // A null, an empty text and the text "N"; the number 1 and the text "1".
        let one = |v: Value| sum(&[vec![v]]).checksum;
        let all = [
            one(Value::Null),
            one(Value::Text(String::new())),
            one(Value::Text("N".into())),
            one(Value::Int(1)),
            one(Value::Text("1".into())),
            one(Value::Bytes(vec![1])),
        ];
        let distinct: std::collections::BTreeSet<_> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        // Text holding the separator does not pass for two values.
        assert_ne!(
            sum(&[vec![Value::Text("a|tb".into())]]),
            sum(&[vec![Value::Text("a".into()), Value::Text("b".into())]])
        );
    }

    #[test]
    fn a_flag_must_be_0_or_1() {
        let table = flags();
        assert!(check(&table, &[Value::Int(7), Value::Int(1)]).is_ok());
        assert!(check(&table, &[Value::Int(8), Value::Null]).is_ok());
        let unfit = check(&table, &[Value::Int(7), Value::Int(2)]).expect_err("2 is no flag");
        assert_eq!(unfit.column, "volunteer");
        assert!(unfit.detail.contains("2 is not a flag"), "{}", unfit.detail);
        let unfit = check(&table, &[Value::Text("x".into()), Value::Int(0)]).expect_err("text id");
        assert_eq!(unfit.column, "id");
    }
}
