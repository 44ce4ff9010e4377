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
//! Its `BEGIN` travels with the unit's first statement that returns rows (one round trip
//! to the database thread fewer per unit), its `COMMIT` with the outbox entries it
//! writes and the delete of those delivered since the last one ([`LiteUnit::commit_with`]).

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

    /// [`Db::ready`], with nothing owed (see [`Db::ready_merging`]).
    pub(crate) async fn ready_alone(self) -> Result<(Ready<'a>, Option<Owing<'a>>), sqlx::Error> {
        Ok((self.ready().await?, None))
    }

    /// [`Db::ready`] for a caller that sends what a SQLite unit still owes (its `BEGIN`)
    /// ahead of its own statement, in one round trip: that is the [`Owing`] given with it.
    pub(crate) async fn ready_merging(self) -> Result<(Ready<'a>, Option<Owing<'a>>), sqlx::Error> {
        Ok(match self {
            Db::LiteUnit(u) => {
                let (c, owing) = u.ready_merging().await?;
                (Ready::Lite(c), owing)
            }
            db => (db.ready().await?, None),
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
    /// Whether its `BEGIN` was sent.
    opening: Opening,
    /// Savepoints open: the innermost is `konbit_{depth}`.
    depth: u32,
    /// The outermost savepoint dropped without being released: rolled back to (and
    /// released) before anything else runs on the connection.
    undo: Option<u32>,
    /// Committed: nothing is open any more.
    committed: bool,
}

/// Whether a unit's transaction was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// `BEGIN` goes with the next statement.
    Owed,
    Sent,
    /// The statement that carried `BEGIN` failed: it may or may not have run. A savepoint
    /// opens a transaction when none is open and nests in the one open otherwise; the
    /// unit's `COMMIT` (or its connection closed) ends either.
    Unknown,
}

/// What a unit owes before the statement a caller is about to send (its `BEGIN`): the
/// caller sends [`Owing::sql`] and says how it went with [`Owing::settle`]. Dropped
/// without a word (the caller's future cancelled), the unit assumes the worst.
pub(crate) struct Owing<'a> {
    opening: &'a mut Opening,
}

impl Owing<'_> {
    /// `sql` with `BEGIN` ahead of it, for one round trip. Arguments bind as before:
    /// `BEGIN` takes none.
    pub(crate) fn sql(&self, sql: impl SqlSafeStr) -> AssertSqlSafe<String> {
        AssertSqlSafe(format!("BEGIN; {}", sql.into_sql_str().as_str()))
    }

    /// The statement sent with `BEGIN` succeeded (so `BEGIN` did), or not.
    pub(crate) fn settle(self, ok: bool) {
        if ok {
            *self.opening = Opening::Sent;
        }
    }
}

impl LiteUnit {
    /// A unit on `conn`: nothing is sent yet (its `BEGIN` goes with its first statement).
    pub(crate) fn begin(conn: PoolConnection<Sqlite>) -> Self {
        Self {
            conn,
            opening: Opening::Owed,
            depth: 0,
            undo: None,
            committed: false,
        }
    }

    /// Opens the transaction if the first statement did not.
    async fn open(&mut self) -> Result<(), sqlx::Error> {
        let sql = match self.opening {
            Opening::Sent => return Ok(()),
            Opening::Owed => "BEGIN",
            Opening::Unknown => "SAVEPOINT konbit_opening",
        };
        sqlx::raw_sql(sql).execute(&mut *self.conn).await?;
        self.opening = Opening::Sent;
        Ok(())
    }

    /// The connection and, while the transaction is not open and nothing else is owed,
    /// the `BEGIN` for the caller to send with its statement.
    async fn ready_merging(&mut self) -> Result<(&mut SqliteConnection, Option<Owing<'_>>), sqlx::Error> {
        if self.opening == Opening::Owed && self.undo.is_none() {
            // Until the caller says otherwise: it may never.
            self.opening = Opening::Unknown;
            return Ok((
                &mut self.conn,
                Some(Owing {
                    opening: &mut self.opening,
                }),
            ));
        }
        Ok((self.ready().await?, None))
    }

    async fn ready(&mut self) -> Result<&mut SqliteConnection, sqlx::Error> {
        self.open().await?;
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
        // The unit's `BEGIN` with it when it is the unit's first statement.
        if self.opening == Opening::Owed {
            // Known again once it ran.
            self.opening = Opening::Unknown;
            sqlx::raw_sql(AssertSqlSafe(format!("BEGIN; SAVEPOINT konbit_{n}")))
                .execute(&mut *self.conn)
                .await?;
            self.opening = Opening::Sent;
        } else {
            let sql = format!("SAVEPOINT konbit_{n}");
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(self.ready().await?).await?;
        }
        self.depth = n;
        Ok(Savepoint {
            unit: self,
            n,
            released: false,
        })
    }

    async fn commit(self) -> Result<(), sqlx::Error> {
        self.commit_with(None, &[]).await.map(drop)
    }

    /// Commits, in one round trip to the database thread with what goes last: `insert`
    /// (one statement returning ids, its values in `rows`) and the delete of the outbox
    /// entries `delivered` since the last unit. The ids `insert` returned.
    pub(crate) async fn commit_with(
        mut self,
        insert: Option<(String, Vec<super::outbox::OutboxRow>)>,
        delivered: &[i64],
    ) -> Result<Vec<i64>, sqlx::Error> {
        if self.opening == Opening::Owed && insert.is_none() && delivered.is_empty() {
            // Nothing was read or written: there is nothing to open or commit.
            self.committed = true;
            return Ok(Vec::new());
        }
        let mut sql = String::new();
        if self.opening == Opening::Owed {
            // Nothing ran before: the whole unit is this one round trip.
            sql.push_str("BEGIN; ");
            self.opening = Opening::Sent;
        }
        if !delivered.is_empty() {
            // The ids as one bound value: the statement's text, cached, stays the same.
            sql.push_str("DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?)); ");
        }
        if let Some((insert, _)) = &insert {
            sql.push_str(insert);
            sql.push_str("; ");
        }
        sql.push_str("COMMIT");
        let mut query = sqlx::query_scalar(AssertSqlSafe(sql));
        if !delivered.is_empty() {
            let list = delivered.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            query = query.bind(format!("[{list}]"));
        }
        for (a, b, c) in insert.map(|(_, rows)| rows).unwrap_or_default() {
            query = query.bind(a).bind(b).bind(c);
        }
        let ids = query.fetch_all(self.ready().await?).await?;
        self.committed = true;
        Ok(ids)
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

/// Runs `query`, sent with the `BEGIN` its unit owed ([`Owing::sql`]), to its end: the
/// outcome of the statement itself (`execute` would add `BEGIN`'s, which repeats the count
/// of the statement before it).
pub(crate) async fn execute_last(
    c: &mut SqliteConnection,
    query: sqlx::query::Query<'_, Sqlite, sqlx::sqlite::SqliteArguments>,
) -> Result<sqlx::sqlite::SqliteQueryResult, sqlx::Error> {
    use futures_util::TryStreamExt as _;
    let mut results = sqlx::Executor::fetch_many(c, query);
    let mut last = sqlx::sqlite::SqliteQueryResult::default();
    while let Some(step) = results.try_next().await? {
        if let sqlx::Either::Left(done) = step {
            last = done;
        }
    }
    Ok(last)
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
    (@ready execute, $db:expr) => {
        // `execute` adds up every statement's count, and `BEGIN` reports the one before
        // it: never sent together.
        $db.ready_alone().await
    };
    (@ready $exec:ident, $db:expr) => {
        $db.ready_merging().await
    };
    ($conn:expr, $exec:ident, |$q:ident| $ctor:ident $(::<$($g:ty),+>)? ($sql:expr $(,)?) => $body:block) => {{
        #[allow(unused_imports)]
        use $crate::store::db::AsDb as _;
        match $crate::store::db::sql!(@ready $exec, ($conn).db()) {
            Ok(($crate::store::db::Ready::Lite(c), None)) => {
                #[allow(unused_mut)]
                let mut $q = sqlx::$ctor $(::<$($g),+>)? ($sql);
                $crate::store::db::sql!(@run $exec, c, $body)
            }
            Ok(($crate::store::db::Ready::Lite(c), Some(owing))) => {
                #[allow(unused_mut)]
                let mut $q = sqlx::$ctor $(::<$($g),+>)? (owing.sql($sql));
                let result = $crate::store::db::sql!(@run $exec, c, $body);
                owing.settle(result.is_ok());
                result
            }
            Ok(($crate::store::db::Ready::Pg(c), _)) => {
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
        match $crate::store::db::sql!(@ready $exec, ($conn).db()) {
            Ok(($crate::store::db::Ready::Lite(c), None)) => $crate::store::db::sql!(@run $exec, c,
                sqlx::$ctor $(::<$($g),+>)? ($sql) $(.bind($arg))*),
            Ok(($crate::store::db::Ready::Lite(c), Some(owing))) => {
                let result = $crate::store::db::sql!(@run $exec, c,
                    sqlx::$ctor $(::<$($g),+>)? (owing.sql($sql)) $(.bind($arg))*);
                owing.settle(result.is_ok());
                result
            }
            Ok(($crate::store::db::Ready::Pg(c), _)) => $crate::store::db::sql!(@boxed $exec, c,
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
