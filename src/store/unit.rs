//! Units of work: what the core decides in one turn (a batch of commands, a tick) is
//! written in one SQLite transaction, with the announcements it makes (the outbox) and
//! the network events it consumed — all of it, or none of it, is on disk.
//!
//! The store's methods do not take a transaction: each asks [`Store::conn`] for the
//! connection to use. Inside [`Store::unit`] that is the unit's open transaction (a
//! method that needs its own transaction gets a savepoint in it); elsewhere it is the
//! pool's connection, in autocommit. The unit is bound to the task that runs it (a
//! task-local): another task using the same store — a transport marking an entry
//! delivered — waits for the pool's one connection, and never writes into, or reads from,
//! a transaction that is not committed yet.

use std::sync::Arc;

use tokio::sync::Mutex;

use super::db::{Conn, LiteUnit, UnitTx};
use super::outbox::{OUTBOX_ROWS, outbox_insert};
use super::{Pool, Store, StoreError};
use crate::effect::Effect;

/// The transaction of the unit the current task runs, and which store it belongs to.
#[derive(Clone)]
struct Unit {
    store: usize,
    tx: Arc<Mutex<UnitTx>>,
}

tokio::task_local! {
    static UNIT: Unit;
}

impl Store {
    /// Which store this is (clones share it): a unit belongs to one store.
    fn identity(&self) -> usize {
        Arc::as_ptr(&self.outbox) as usize
    }

    /// The connection for one statement (or one method's own transaction): the current
    /// unit's when this task runs one on this store, else the pool's.
    pub(crate) async fn conn(&self) -> Result<Conn, StoreError> {
        let me = self.identity();
        if let Ok(Some(tx)) = UNIT.try_with(|u| (u.store == me).then(|| u.tx.clone())) {
            return Ok(Conn::Unit(tx.lock_owned().await));
        }
        Ok(match &self.pool {
            Pool::Lite(p) => Conn::Lite(p.acquire().await?),
            Pool::Pg(p) => Conn::Pg(Box::pin(p.acquire()).await?),
        })
    }

    /// Whether the current task runs a unit on this store.
    fn in_unit(&self) -> bool {
        let me = self.identity();
        UNIT.try_with(|u| u.store == me).unwrap_or(false)
    }

    /// Runs `work` as one unit: every write it makes through this store is committed
    /// together when it returns `Ok`, or not at all. `Err` when `work` failed or the unit
    /// could not begin or commit: then nothing it wrote is kept. Inside a unit already,
    /// `work` simply joins it.
    pub async fn unit<T>(&self, work: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
        let outbox = |out| (out, Vec::new(), Vec::new());
        let (out, ..) = self.unit_with_outbox(async { work.await.map(outbox) }).await?;
        Ok(out)
    }

    /// [`Store::unit`] whose last write is the outbox entries `work` ends with (the
    /// effects, and which of them the caller takes: see [`Store::outbox_write`]): on
    /// SQLite they go to the database with the `COMMIT`, in one round trip. The effects,
    /// the flags and the entries' ids are given back with `work`'s result.
    pub async fn unit_with_outbox<T>(
        &self,
        work: impl Future<Output = Result<(T, Vec<Effect>, Vec<bool>), StoreError>>,
    ) -> Result<(T, Vec<Effect>, Vec<bool>, Vec<i64>), StoreError> {
        if self.in_unit() {
            let (out, effects, taken) = work.await?;
            let ids = self.outbox_write(&effects, &taken).await?;
            return Ok((out, effects, taken, ids));
        }
        let tx = match &self.pool {
            Pool::Lite(p) => UnitTx::Lite(LiteUnit::begin(p.acquire().await?)),
            Pool::Pg(p) => match Box::pin(p.begin()).await {
                Ok(tx) => UnitTx::Pg(tx),
                Err(e) => {
                    // The server went away: the next unit goes to the one that accepts
                    // writes now, if the URL lists another.
                    self.find_writable_server().await;
                    return Err(e.into());
                }
            },
        };
        let unit = Unit {
            store: self.identity(),
            tx: Arc::new(Mutex::new(tx)),
        };
        let shared = unit.tx.clone();
        let lite = !self.is_postgres();
        let work = async {
            let (out, effects, taken) = work.await?;
            // Written in the unit, unless it travels with SQLite's COMMIT.
            let ids = if lite && effects.len() <= OUTBOX_ROWS {
                None
            } else {
                Some(self.outbox_write(&effects, &taken).await?)
            };
            // Active/standby: nothing is committed once another took over.
            self.fence().await?;
            Ok((out, effects, taken, ids))
        };
        let result = match UNIT.scope(unit, work).await {
            Ok((out, effects, taken, ids)) => match Arc::try_unwrap(shared) {
                Ok(tx) => match self.commit(tx.into_inner(), ids, &effects, &taken).await {
                    Ok(ids) => Ok((out, effects, taken, ids)),
                    Err(e) => Err(e),
                },
                Err(_) => Err(StoreError::Corrupt(
                    "a unit of work was still in use when it ended".into(),
                )),
            },
            Err(e) => {
                // The transaction gives its connection back (rolled back) before it is
                // discarded below: with one connection, holding it would make the
                // discard wait for the pool's timeout.
                drop(shared);
                Err(e)
            }
        };
        if result.is_err() {
            self.discard_connection().await;
        }
        result
    }

    /// Commits a unit, through the fault-injection point of the crash tests; the outbox
    /// entries not written yet (`ids` is `None`) are written with the commit. Their ids.
    async fn commit(
        &self,
        tx: UnitTx,
        ids: Option<Vec<i64>>,
        effects: &[Effect],
        taken: &[bool],
    ) -> Result<Vec<i64>, StoreError> {
        let n = super::faults::before_commit()?;
        let ids = match (tx, ids) {
            (UnitTx::Lite(unit), ids) => {
                let insert = match ids {
                    None if !effects.is_empty() => Some(outbox_insert(effects, taken)?),
                    _ => None,
                };
                // What was delivered since the last unit is deleted with this commit.
                let delivered = self.take_delivered();
                let inserted = insert.is_some();
                match unit.commit_with(insert, &delivered).await {
                    Ok(new) if inserted => self.outbox_written(effects.len(), new, taken)?,
                    Ok(_) => ids.unwrap_or_default(),
                    Err(e) => {
                        self.give_back_delivered(delivered);
                        return Err(e.into());
                    }
                }
            }
            (tx, ids) => {
                tx.commit().await?;
                ids.unwrap_or_default()
            }
        };
        super::faults::after_commit(n);
        Ok(ids)
    }

    /// After a PostgreSQL unit that failed: the connection is closed, and the pool opens
    /// a fresh one for the next statement, on the server that accepts writes now (a SQLite unit closes its own, see
    /// `db::LiteUnit`: SQLite may or may not have rolled back after a full disk or an I/O
    /// error, and a later unit must never run inside a transaction that will not commit).
    async fn discard_connection(&self) {
        let Pool::Pg(p) = &self.pool else { return };
        match p.acquire().await {
            Ok(conn) => {
                if let Err(e) = conn.close().await {
                    tracing::warn!(error = %e, "cannot close the database connection of a failed unit");
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot reach the database connection of a failed unit"),
        }
        self.find_writable_server().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sql;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = super::super::testing::open(&dir.path().join(DB)).await.expect("open");
        (dir, store)
    }

    const DB: &str = "k.db";

    /// How many rows `table` has.
    async fn rows_in(store: &Store, table: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"));
        sql!(store.conn().await.expect("conn"), fetch_one, query_scalar(sql)).expect("count")
    }

    async fn count(store: &Store) -> i64 {
        rows_in(store, "projects").await
    }

    #[tokio::test]
    async fn a_unit_keeps_all_of_its_writes_or_none() {
        let (_dir, store) = store().await;
        let now = chrono::Utc::now();
        let before = count(&store).await;
        let kept = store
            .unit(async {
                store.add_project("a", "alice", now).await?;
                // A method with its own transaction nests inside the unit.
                store.sync_projects(&[], now).await?;
                store.add_project("b", "alice", now).await
            })
            .await;
        assert!(kept.is_ok());
        assert_eq!(count(&store).await, before + 2);
        // Another task sees the unit's writes only once it committed.
        let other = store.clone();
        let (seen_tx, seen_rx) = tokio::sync::oneshot::channel();
        let unit = store.unit(async {
            store.add_project("c", "alice", now).await.expect("c");
            let reader = tokio::spawn(async move {
                let n = count(&other).await;
                let _ = seen_tx.send(n);
            });
            // The reader waits for the connection: it cannot read the uncommitted row.
            tokio::task::yield_now().await;
            assert!(!reader.is_finished());
            Ok(reader)
        });
        let reader = unit.await.expect("commit");
        reader.await.expect("reader");
        assert_eq!(seen_rx.await.expect("seen"), before + 3);
    }

    #[tokio::test]
    async fn a_unit_whose_work_fails_keeps_nothing() {
        let (_dir, store) = store().await;
        let now = chrono::Utc::now();
        let before = count(&store).await;
        let failed: Result<(), StoreError> = store
            .unit(async {
                store.add_project("y", "alice", now).await?;
                Err(StoreError::Corrupt("the work failed".into()))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(count(&store).await, before);
    }

    #[tokio::test]
    async fn a_unit_that_cannot_commit_keeps_nothing() {
        let (_dir, store) = store().await;
        let now = chrono::Utc::now();
        let before = count(&store).await;
        let failed = super::super::faults::failing_next_commit(|| {
            store.unit(async { store.add_project("x", "alice", now).await })
        })
        .await;
        assert!(failed.is_err());
        assert_eq!(count(&store).await, before);
    }

    #[tokio::test]
    async fn a_method_that_gives_up_inside_a_unit_takes_back_only_its_own_writes() {
        let (_dir, store) = store().await;
        let now = chrono::Utc::now();
        let before = count(&store).await;
        let entry = |minutes| super::super::NewPunch {
            member: "alice".into(),
            project: "a".into(),
            day: now.date_naive(),
            minutes,
            volunteer: false,
            note: None,
            from_timer: false,
            created_at: now,
        };
        let refused = store
            .unit(async {
                store.add_project("a", "alice", now).await?;
                // The second entry would pass 24 hours: neither is kept (the method's
                // savepoint is rolled back), and the unit goes on.
                let refused = store.insert_punches(&[entry(20 * 60), entry(5 * 60)]).await?;
                let kept = store.insert_punches(&[entry(60)]).await?;
                store.add_project("b", "alice", now).await?;
                Ok((refused, kept))
            })
            .await
            .expect("commit");
        assert!(refused.0.is_err(), "a day over 24 hours is refused");
        assert!(refused.1.is_ok());
        assert_eq!(count(&store).await, before + 2);
        assert_eq!(
            rows_in(&store, "punches").await,
            1,
            "only the hour recorded after the refusal"
        );
    }

    #[tokio::test]
    async fn a_unit_cancelled_half_way_keeps_nothing_and_the_next_one_commits() {
        let (dir, store) = store().await;
        let now = chrono::Utc::now();
        let before = count(&store).await;
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        let cancelled = tokio::spawn({
            let store = store.clone();
            async move {
                store
                    .unit(async {
                        store.add_project("gone", "alice", now).await?;
                        let _ = started_tx.send(());
                        std::future::pending::<Result<(), StoreError>>().await
                    })
                    .await
            }
        });
        started_rx.await.expect("started");
        cancelled.abort();
        assert!(cancelled.await.is_err(), "the task was cancelled");
        assert_eq!(count(&store).await, before);
        store
            .unit(async { store.add_project("kept", "alice", now).await })
            .await
            .expect("commit");
        // Seen from another connection: the second unit was committed, not left open.
        let other = super::super::testing::open(&dir.path().join(DB)).await.expect("open");
        assert_eq!(count(&other).await, before + 1);
    }

    #[tokio::test]
    async fn a_unit_whose_first_read_fails_still_keeps_all_of_its_writes_or_none() {
        // The unit's BEGIN travels with its first statement that returns rows: that
        // statement failing must leave the unit one transaction all the same.
        for keep in [true, false] {
            let (_dir, store) = store().await;
            let now = chrono::Utc::now();
            let before = count(&store).await;
            let result = store
                .unit(async {
                    let missing = sql!(
                        store.conn().await?,
                        fetch_all,
                        query_scalar::<_, i64>("SELECT nothing FROM no_such_table")
                    );
                    assert!(missing.is_err());
                    store.add_project("a", "alice", now).await?;
                    store.add_project("b", "alice", now).await?;
                    if keep {
                        Ok(())
                    } else {
                        Err(StoreError::Corrupt("the work failed".into()))
                    }
                })
                .await;
            // PostgreSQL refuses anything more in a transaction once a statement failed:
            // there the whole unit fails, and nothing of it is kept either.
            let kept = keep && !store.is_postgres();
            assert_eq!(result.is_ok(), kept);
            let expected = if kept { before + 2 } else { before };
            assert_eq!(count(&store).await, expected, "keep: {keep}");
        }
    }

    #[tokio::test]
    async fn a_delivered_message_is_not_sent_again_after_a_restart_even_when_a_commit_failed_in_between() {
        use crate::effect::{Network, Room};
        let (dir, store) = store().await;
        let now = chrono::Utc::now();
        let announce = |text: &str| Effect::Announce {
            room: Room::new(Network::Irc, "#office"),
            message: text.into(),
        };
        let id = store.outbox_push(&announce("adopted")).await.expect("push");
        store.outbox_sending(&[id]).await.expect("taken");
        store.outbox_delivered_soon(&[id]).await.expect("delivered");
        if store.is_postgres() {
            // Deleted at once there (the rest is SQLite's way, and its trigger syntax).
            assert_eq!(rows_in(&store, "outbox").await, 0);
            return;
        }
        // Delivered: deleted with the next unit's commit, not by a statement of its own.
        assert_eq!(rows_in(&store, "outbox").await, 1);
        // That commit fails (a full disk, here a trigger): the delete waits for the next.
        let refuse = "CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'full'); END";
        sql!(store.conn().await.expect("conn"), execute, query(refuse)).expect("trigger");
        let with_effect = |text: &'static str| async move { Ok(((), vec![announce(text)], vec![false])) };
        let failed = store.unit_with_outbox(with_effect("lost")).await;
        assert!(failed.is_err());
        sql!(store.conn().await.expect("conn"), execute, query("DROP TRIGGER refuse")).expect("drop");
        assert_eq!(rows_in(&store, "outbox").await, 1, "the failed commit deleted nothing");
        store
            .unit(async { store.add_project("a", "alice", now).await })
            .await
            .expect("commit");
        // A restart offers again what a dead process held: not what was delivered.
        let other = super::super::testing::open(&dir.path().join(DB)).await.expect("open");
        other.outbox_retry().await.expect("retry");
        assert!(other.outbox_pending().await.expect("pending").is_empty());
        assert_eq!(rows_in(&other, "outbox").await, 0);
    }
}
