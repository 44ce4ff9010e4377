//! What `konbit migrate-storage` copies, read from the two databases themselves (never a
//! list written by hand that a new migration could leave behind): SQLite's tables from
//! `sqlite_master`, their PostgreSQL counterparts and column types from
//! `information_schema`, the order their foreign keys ask for, and whether the target
//! already holds something.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{AssertSqlSafe, PgConnection, SqliteConnection};

/// Tables the PostgreSQL migrations fill with one row of settings (`INSERT … VALUES (1, …)`):
/// a freshly migrated database holds that row, which the copy replaces with SQLite's. The
/// integration tests check that a fresh database has rows in these tables and no other.
pub const SEEDED: [&str; 2] = ["calendar_feed", "retention_runs"];

/// The bookkeeping table of sqlx's migrations: each database keeps its own.
pub const MIGRATIONS: &str = "_sqlx_migrations";

/// What a column of the PostgreSQL table holds: how a value is bound and read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `bigint`, `integer`, `smallint`.
    Int,
    /// `boolean`: SQLite's 0/1 flags.
    Bool,
    Text,
    Bytes,
    /// `double precision`, `real`.
    Real,
}

impl Kind {
    fn of(data_type: &str) -> Option<Kind> {
        Some(match data_type {
            "bigint" | "integer" | "smallint" => Kind::Int,
            "boolean" => Kind::Bool,
            "text" | "character varying" | "json" => Kind::Text,
            "bytea" => Kind::Bytes,
            "double precision" | "real" => Kind::Real,
            _ => return None,
        })
    }
}

/// One table to copy: its name, its columns (SQLite's order) with what PostgreSQL keeps
/// in each, and its identity columns (whose sequences are set past the copied ids).
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<(String, Kind)>,
    pub identity: Vec<String>,
}

/// Why the two schemas cannot be matched.
#[derive(Debug)]
pub enum Mismatch {
    /// A SQLite table that PostgreSQL lacks.
    Missing(String),
    /// A PostgreSQL table that SQLite lacks.
    Extra(String),
    /// The same table with other columns: SQLite's, PostgreSQL's.
    Columns(String, String, String),
    /// A PostgreSQL column type the copy does not know: `table.column`, the type.
    Type(String, String),
    /// Foreign keys that go round in a circle, between these tables.
    Cycle(String),
}

/// `"name"`: an identifier as both dialects read it, whatever it holds.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// SQLite's tables (konbit's: neither SQLite's own nor the migrations' bookkeeping), each
/// with its columns in order.
async fn sqlite_tables(lite: &mut SqliteConnection) -> Result<BTreeMap<String, Vec<String>>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.cid FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name <> ?1
         ORDER BY m.name, p.cid",
    )
    .bind(MIGRATIONS)
    .fetch_all(lite)
    .await?;
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (table, column, _) in rows {
        tables.entry(table).or_default().push(column);
    }
    Ok(tables)
}

/// PostgreSQL's tables in the connection's schema: each column's type and whether it is
/// an identity column.
async fn postgres_tables(
    pg: &mut PgConnection,
) -> Result<BTreeMap<String, BTreeMap<String, (String, bool)>>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_identity::text
         FROM information_schema.columns c JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
           AND c.table_name <> $1",
    )
    .bind(MIGRATIONS)
    .fetch_all(pg)
    .await?;
    let mut tables: BTreeMap<String, BTreeMap<String, (String, bool)>> = BTreeMap::new();
    for (table, column, data_type, identity) in rows {
        tables
            .entry(table)
            .or_default()
            .insert(column, (data_type, identity == "YES"));
    }
    Ok(tables)
}

/// Every SQLite table matched with its PostgreSQL counterpart, in an order where each
/// table comes after those its foreign keys point to.
pub async fn tables(
    lite: &mut SqliteConnection,
    pg: &mut PgConnection,
) -> Result<Result<Vec<Table>, Mismatch>, sqlx::Error> {
    let lite_tables = sqlite_tables(lite).await?;
    let pg_tables = postgres_tables(pg).await?;
    if let Some(extra) = pg_tables.keys().find(|t| !lite_tables.contains_key(*t)) {
        return Ok(Err(Mismatch::Extra(extra.clone())));
    }
    let mut tables = BTreeMap::new();
    for (name, columns) in &lite_tables {
        let Some(pg_columns) = pg_tables.get(name) else {
            return Ok(Err(Mismatch::Missing(name.clone())));
        };
        let lite_set: BTreeSet<&str> = columns.iter().map(String::as_str).collect();
        let pg_set: BTreeSet<&str> = pg_columns.keys().map(String::as_str).collect();
        if lite_set != pg_set {
            let list = |s: BTreeSet<&str>| s.into_iter().collect::<Vec<_>>().join(", ");
            return Ok(Err(Mismatch::Columns(name.clone(), list(lite_set), list(pg_set))));
        }
        let mut typed = Vec::new();
        let mut identity = Vec::new();
        for column in columns {
            let (data_type, is_identity) = &pg_columns[column];
            let Some(kind) = Kind::of(data_type) else {
                return Ok(Err(Mismatch::Type(format!("{name}.{column}"), data_type.clone())));
            };
            typed.push((column.clone(), kind));
            if *is_identity {
                identity.push(column.clone());
            }
        }
        tables.insert(
            name.clone(),
            Table {
                name: name.clone(),
                columns: typed,
                identity,
            },
        );
    }
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, f.\"table\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table'",
    )
    .fetch_all(lite)
    .await?;
    Ok(order(tables, &edges))
}

/// The tables in an order where each comes after the ones it refers to (`edges`: table,
/// referred table); alphabetical among those free to go. A table referring to itself
/// needs nothing first (PostgreSQL checks a statement's rows at its end).
fn order(mut tables: BTreeMap<String, Table>, edges: &[(String, String)]) -> Result<Vec<Table>, Mismatch> {
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, to) in edges {
        if from != to && tables.contains_key(to) {
            needs.entry(from.as_str()).or_default().insert(to.as_str());
        }
    }
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut ordered = Vec::new();
    while !tables.is_empty() {
        let ready: Vec<String> = tables
            .keys()
            .filter(|t| {
                needs
                    .get(t.as_str())
                    .is_none_or(|n| n.iter().all(|d| done.contains(*d)))
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            return Err(Mismatch::Cycle(tables.keys().cloned().collect::<Vec<_>>().join(", ")));
        }
        for name in ready {
            if let Some(t) = tables.remove(&name) {
                ordered.push(t);
            }
            done.insert(name);
        }
    }
    Ok(ordered)
}

/// The target's tables that hold rows, with how many (the migrations' own bookkeeping and
/// the one-row settings tables they fill left out): empty when the target may receive
/// the collective.
pub async fn occupied(pg: &mut PgConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&mut *pg)
    .await?;
    let mut occupied = Vec::new();
    for name in names {
        if name == MIGRATIONS {
            continue;
        }
        let rows: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", quote(&name))))
            .fetch_one(&mut *pg)
            .await?;
        let allowed = if SEEDED.contains(&name.as_str()) { 1 } else { 0 };
        if rows > allowed {
            occupied.push((name, rows));
        }
    }
    Ok(occupied)
}

/// The highest number SQLite's AUTOINCREMENT handed out per table (`sqlite_sequence`):
/// a number never given again, even when its row was deleted.
pub async fn sqlite_sequences(lite: &mut SqliteConnection) -> Result<BTreeMap<String, i64>, sqlx::Error> {
    let known: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
            .fetch_optional(&mut *lite)
            .await?;
    if known.is_none() {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT name, seq FROM sqlite_sequence")
        .fetch_all(lite)
        .await?;
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> (String, Table) {
        (
            name.to_owned(),
            Table {
                name: name.to_owned(),
                columns: vec![],
                identity: vec![],
            },
        )
    }

    fn names(tables: &[Table]) -> Vec<&str> {
        tables.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn a_table_comes_after_the_tables_it_refers_to() {
        let tables = [
            "vetoes",
            "proposals",
            "decisions",
            "punches",
            "standups",
            "standup_updates",
        ]
        .into_iter()
        .map(table)
        .collect();
        let edge = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        let edges = [
            edge("vetoes", "proposals"),
            edge("decisions", "proposals"),
            edge("standup_updates", "standups"),
            edge("standups", "standups"),
        ];
        let ordered = order(tables, &edges).expect("an order");
        let got = names(&ordered);
        let at = |n: &str| got.iter().position(|t| *t == n).unwrap();
        assert_eq!(got.len(), 6);
        assert!(
            at("proposals") < at("vetoes") && at("proposals") < at("decisions"),
            "{got:?}"
        );
        assert!(at("standups") < at("standup_updates"), "{got:?}");
    }

    #[test]
    fn foreign_keys_in_a_circle_are_named() {
        let tables = ["a", "b", "c"].into_iter().map(table).collect();
        let edges = [("a".to_owned(), "b".to_owned()), ("b".to_owned(), "a".to_owned())];
        match order(tables, &edges) {
            Err(Mismatch::Cycle(t)) => assert_eq!(t, "a, b"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn identifiers_are_quoted_whatever_they_hold() {
        assert_eq!(quote("punches"), "\"punches\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
