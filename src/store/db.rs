//! One store, two databases: SQLite (the embedded default) or PostgreSQL. Each query is
//! written once, in SQLite's dialect with `?` placeholders, and run through [`sql!`]: on
//! SQLite exactly as written (no copy, no extra round trip), on PostgreSQL with its
//! placeholders renumbered `$1, $2, …` ([`pg`]). The few statements whose SQL differs pick
//! theirs with [`Store::is_postgres`]. See docs/storage.md.
//!
//! A SQLite unit of work ([`LiteUnit`]) opens and ends its transaction with plain
//! statements, not sqlx's `Transaction`: sqlx hands `BEGIN` and `COMMIT` to the database
//! thread and makes that thread wait until the caller has taken the answer (two more
//! thread switches each); for a `!punch` on IRC that cost as much as the rest of its unit.

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgConnection;
use sqlx::{AssertSqlSafe, Connection, Postgres, SqlSafeStr, Sqlite, SqliteConnection, Transaction};
use tokio::sync::OwnedMutexGuard;

/// A connection of either database, borrowed for some statements.
pub(crate) enum Db<'a> {
    Lite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
    /// The connection of a SQLite unit of work, which may owe a rollback to a savepoint.
    LiteUnit(&'a mut LiteUnit),
}

/// A connection ready for the next statement.
pub(crate) enum Ready<'a> {
    Lite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

impl<'a> Db<'a> {
    /// Opens a transaction (a savepoint inside one already open).
    pub(crate) async fn begin(self) -> Result<Tx<'a>, sqlx::Error> {
        Ok(match self {
            Db::Lite(c) => Tx::Lite(c.begin().await?),
            Db::Pg(c) => Tx::Pg(Box::pin(c.begin()).await?),
            Db::LiteUnit(u) => Tx::Savepoint(u.savepoint().await?),
        })
    }

    /// The connection, once what a dropped savepoint left is rolled back.
    pub(crate) async fn ready(self) -> Result<Ready<'a>, sqlx::Error> {
        Ok(match self {
            Db::Lite(c) => Ready::Lite(c),
            Db::Pg(c) => Ready::Pg(c),
            Db::LiteUnit(u) => Ready::Lite(u.ready().await?),
        })
    }
}

/// Anything statements can run on: a store's connection, a transaction, a borrowed `Db`.
pub(crate) trait AsDb {
    fn db(&mut self) -> Db<'_>;

    /// Opens a transaction on it (a savepoint inside one already open).
    async fn begin(&mut self) -> Result<Tx<'_>, sqlx::Error> {
        self.db().begin().await
    }
}

impl AsDb for Db<'_> {
    fn db(&mut self) -> Db<'_> {
        match self {
            Db::Lite(c) => Db::Lite(c),
            Db::Pg(c) => Db::Pg(c),
            Db::LiteUnit(u) => Db::LiteUnit(u),
        }
    }
}

impl<T: AsDb + ?Sized> AsDb for &mut T {
    fn db(&mut self) -> Db<'_> {
        (**self).db()
    }
}

/// A transaction of either database.
pub(crate) enum Tx<'a> {
    Lite(Transaction<'a, Sqlite>),
    Pg(Transaction<'a, Postgres>),
    /// Inside a SQLite unit of work.
    Savepoint(Savepoint<'a>),
}

impl Tx<'_> {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Lite(t) => t.commit().await,
            Tx::Pg(t) => Box::pin(t.commit()).await,
            Tx::Savepoint(s) => s.release().await,
        }
    }
}

impl AsDb for Tx<'_> {
    fn db(&mut self) -> Db<'_> {
        match self {
            Tx::Lite(t) => Db::Lite(t),
            Tx::Pg(t) => Db::Pg(t),
            Tx::Savepoint(s) => Db::LiteUnit(s.unit),
        }
    }
}

/// The transaction of a unit of work (see `unit.rs`).
pub(crate) enum UnitTx {
    Lite(LiteUnit),
    Pg(Transaction<'static, Postgres>),
}

impl UnitTx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            UnitTx::Lite(u) => u.commit().await,
            UnitTx::Pg(t) => Box::pin(t.commit()).await,
        }
    }
}

/// A SQLite unit of work: the pool's connection, in a transaction begun and ended by plain
/// statements, and the savepoints the store's methods open in it.
pub(crate) struct LiteUnit {
    conn: PoolConnection<Sqlite>,
    /// Savepoints open: the innermost is `konbit_{depth}`.
    depth: u32,
    /// The outermost savepoint dropped without being released: rolled back to (and
    /// released) before anything else runs on the connection.
    undo: Option<u32>,
    /// Committed: nothing is open any more.
    committed: bool,
}

impl LiteUnit {
    pub(crate) async fn begin(mut conn: PoolConnection<Sqlite>) -> Result<Self, sqlx::Error> {
        sqlx::raw_sql("BEGIN").execute(&mut *conn).await?;
        Ok(Self {
            conn,
            depth: 0,
            undo: None,
            committed: false,
        })
    }

    async fn ready(&mut self) -> Result<&mut SqliteConnection, sqlx::Error> {
        if let Some(n) = self.undo {
            let sql = format!("ROLLBACK TO konbit_{n}; RELEASE konbit_{n}");
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *self.conn).await?;
            self.undo = None;
            self.depth = n - 1;
        }
        Ok(&mut self.conn)
    }

    async fn savepoint(&mut self) -> Result<Savepoint<'_>, sqlx::Error> {
        let n = self.depth + 1;
        let sql = format!("SAVEPOINT konbit_{n}");
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(self.ready().await?).await?;
        self.depth = n;
        Ok(Savepoint {
            unit: self,
            n,
            released: false,
        })
    }

    async fn commit(mut self) -> Result<(), sqlx::Error> {
        sqlx::raw_sql("COMMIT").execute(self.ready().await?).await?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for LiteUnit {
    /// A unit that did not commit (it failed, or its task was cancelled half-way) closes
    /// its connection, which rolls back whatever it wrote: the pool never hands out a
    /// connection with a transaction open.
    fn drop(&mut self) {
        if !self.committed {
            self.conn.close_on_drop();
        }
    }
}

/// A savepoint in a SQLite unit of work: what a store method does atomically inside it.
pub(crate) struct Savepoint<'a> {
    unit: &'a mut LiteUnit,
    n: u32,
    released: bool,
}

impl Savepoint<'_> {
    async fn release(mut self) -> Result<(), sqlx::Error> {
        let sql = format!("RELEASE konbit_{}", self.n);
        sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(self.unit.ready().await?)
            .await?;
        self.unit.depth = self.n - 1;
        self.released = true;
        Ok(())
    }
}

impl Drop for Savepoint<'_> {
    /// Not released: what it wrote is rolled back before the unit's next statement.
    fn drop(&mut self) {
        if !self.released {
            self.unit.undo = Some(self.unit.undo.map_or(self.n, |u| u.min(self.n)));
        }
    }
}

/// The connection a store method uses: the unit's transaction or one of the pool's.
pub(crate) enum Conn {
    Lite(PoolConnection<Sqlite>),
    Pg(PoolConnection<Postgres>),
    Unit(OwnedMutexGuard<UnitTx>),
}

impl AsDb for Conn {
    fn db(&mut self) -> Db<'_> {
        match self {
            Conn::Lite(c) => Db::Lite(c),
            Conn::Pg(c) => Db::Pg(c),
            Conn::Unit(tx) => match &mut **tx {
                UnitTx::Lite(u) => Db::LiteUnit(u),
                UnitTx::Pg(t) => Db::Pg(t),
            },
        }
    }
}

/// What `execute` reports, whichever the database.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Done(pub u64);

impl Done {
    pub(crate) fn rows_affected(&self) -> u64 {
        self.0
    }
}

/// SQLite's SQL as PostgreSQL takes it: `?` and `?N` become `$N` (a bare `?` takes the
/// number after the largest so far, as in SQLite), and SQLite's planner hints
/// (`INDEXED BY name`) are left out, and `column = ?N COLLATE NOCASE` becomes
/// `lower(column) = lower(?N)`, `LIKE` (which ignores case in SQLite) `ILIKE`. Quoted text
/// is left alone by the renumbering.
pub(crate) fn pg(sql: impl SqlSafeStr) -> AssertSqlSafe<String> {
    let sql = sql.into_sql_str();
    let mut unhinted;
    let mut nocase;
    let mut src = sql.as_str();
    if src.contains(" COLLATE NOCASE") {
        nocase = String::with_capacity(src.len() + 32);
        let mut rest = src;
        while let Some(at) = rest.find(" COLLATE NOCASE") {
            let before = &rest[..at];
            // `column = ?N` just before it.
            let value_at = before.rfind(' ').map_or(0, |i| i + 1);
            let head = before[..value_at].trim_end();
            let column_end = head.strip_suffix('=').map(str::trim_end);
            match column_end {
                Some(head) => {
                    let column_at = head
                        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                        .map_or(0, |i| i + 1);
                    nocase.push_str(&head[..column_at]);
                    nocase.push_str("lower(");
                    nocase.push_str(&head[column_at..]);
                    nocase.push_str(") = lower(");
                    nocase.push_str(&before[value_at..]);
                    nocase.push(')');
                }
                None => nocase.push_str(before),
            }
            rest = &rest[at + " COLLATE NOCASE".len()..];
        }
        nocase.push_str(rest);
        src = &nocase;
    }
    let insensitive;
    if src.contains(" LIKE ") {
        // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does that.
        insensitive = src.replace(" LIKE ", " ILIKE ");
        src = &insensitive;
    }
    if src.contains(" INDEXED BY ") {
        unhinted = String::with_capacity(src.len());
        let mut rest = src;
        while let Some(at) = rest.find(" INDEXED BY ") {
            unhinted.push_str(&rest[..at]);
            let after = &rest[at + " INDEXED BY ".len()..];
            let name = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            rest = &after[name..];
        }
        unhinted.push_str(rest);
        src = &unhinted;
    }
    let mut out = String::with_capacity(src.len() + 16);
    let mut largest = 0u32;
    let mut chars = src.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let n = match digits.parse::<u32>() {
                    Ok(n) => n,
                    Err(_) => largest + 1,
                };
                largest = largest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    AssertSqlSafe(out)
}

/// Runs one statement on either database: `sql!(conn, fetch_one, query_as::<_, Row>(SQL)
/// .bind(a).bind(b))`. `conn` is anything [`AsDb`]; the method is `execute` (giving
/// [`Done`]), `fetch_one`, `fetch_optional` or `fetch_all`. With `|q| query(SQL) => { … q }`
/// the block binds a variable number of values to `q` and gives it back.
///
/// On SQLite the statement is awaited in place, as before; on PostgreSQL its future is
/// boxed, so that the store's futures (and the stack of a task awaiting them) stay the size
/// they were with SQLite alone.
macro_rules! sql {
    (@run execute, $c:ident, $q:expr) => {
        $q.execute($c).await.map(|r| $crate::store::db::Done(r.rows_affected()))
    };
    (@run $exec:ident, $c:ident, $q:expr) => {
        $q.$exec($c).await
    };
    (@boxed execute, $c:ident, $q:expr) => {
        Box::pin($q.execute($c)).await.map(|r| $crate::store::db::Done(r.rows_affected()))
    };
    (@boxed $exec:ident, $c:ident, $q:expr) => {
        Box::pin($q.$exec($c)).await
    };
    ($conn:expr, $exec:ident, |$q:ident| $ctor:ident $(::<$($g:ty),+>)? ($sql:expr $(,)?) => $body:block) => {{
        #[allow(unused_imports)]
        use $crate::store::db::AsDb as _;
        match ($conn).db().ready().await {
            Ok($crate::store::db::Ready::Lite(c)) => {
                #[allow(unused_mut)]
                let mut $q = sqlx::$ctor $(::<$($g),+>)? ($sql);
                $crate::store::db::sql!(@run $exec, c, $body)
            }
            Ok($crate::store::db::Ready::Pg(c)) => {
                #[allow(unused_mut)]
                let mut $q = sqlx::$ctor $(::<$($g),+>)? ($crate::store::db::pg($sql));
                $crate::store::db::sql!(@boxed $exec, c, $body)
            }
            Err(e) => Err(e),
        }
    }};
    ($conn:expr, $exec:ident, $ctor:ident $(::<$($g:ty),+>)? ($sql:expr $(,)?) $(.bind($arg:expr))* $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::store::db::AsDb as _;
        match ($conn).db().ready().await {
            Ok($crate::store::db::Ready::Lite(c)) => $crate::store::db::sql!(@run $exec, c,
                sqlx::$ctor $(::<$($g),+>)? ($sql) $(.bind($arg))*),
            Ok($crate::store::db::Ready::Pg(c)) => $crate::store::db::sql!(@boxed $exec, c,
                sqlx::$ctor $(::<$($g),+>)? ($crate::store::db::pg($sql)) $(.bind($arg))*),
            Err(e) => Err(e),
        }
    }};
}
pub(crate) use sql;

#[cfg(test)]
mod tests {
    use super::pg;

    #[test]
    fn placeholders_are_numbered_as_sqlite_numbers_them() {
        assert_eq!(pg("SELECT ? , ?").0, "SELECT $1 , $2");
        assert_eq!(
            pg("WHERE a = ?1 OR b = ?1 AND c = ?").0,
            "WHERE a = $1 OR b = $1 AND c = $2"
        );
        assert_eq!(pg("SELECT '?' || ?").0, "SELECT '?' || $1");
        assert_eq!(
            pg("SELECT MIN(at) FROM t INDEXED BY t_by_at WHERE at > ?").0,
            "SELECT MIN(at) FROM t WHERE at > $1"
        );
        assert_eq!(
            pg("SELECT id FROM t WHERE note LIKE '%' || ?1 || '%'").0,
            "SELECT id FROM t WHERE note ILIKE '%' || $1 || '%'"
        );
        assert_eq!(
            pg("DELETE FROM t WHERE owner = ?1 COLLATE NOCASE OR (k = 'm' AND a.target = ?1 COLLATE NOCASE)").0,
            "DELETE FROM t WHERE lower(owner) = lower($1) OR (k = 'm' AND lower(a.target) = lower($1))"
        );
    }
}
