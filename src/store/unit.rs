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
use super::{Pool, Store, StoreError};

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
        if self.in_unit() {
            return work.await;
        }
        let tx = match &self.pool {
            Pool::Lite(p) => UnitTx::Lite(LiteUnit::begin(p.acquire().await?).await?),
            Pool::Pg(p) => UnitTx::Pg(Box::pin(p.begin()).await?),
        };
        let unit = Unit {
            store: self.identity(),
            tx: Arc::new(Mutex::new(tx)),
        };
        let shared = unit.tx.clone();
        let result = match UNIT.scope(unit, work).await {
            Ok(out) => match Arc::try_unwrap(shared) {
                Ok(tx) => commit(tx.into_inner()).await.map(|()| out),
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

    /// After a PostgreSQL unit that failed: the connection is closed, and the pool opens
    /// a fresh one for the next statement (a SQLite unit closes its own, see
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
    }
}

/// Commits a unit, through the fault-injection point of the crash tests.
async fn commit(tx: UnitTx) -> Result<(), StoreError> {
    let n = super::faults::before_commit()?;
    tx.commit().await?;
    super::faults::after_commit(n);
    Ok(())
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

    async fn count(store: &Store) -> i64 {
        sql!(
            store.conn().await.expect("conn"),
            fetch_one,
            query_scalar("SELECT COUNT(*) FROM projects")
        )
        .expect("count")
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

    async fn punches(store: &Store) -> i64 {
        sql!(
            store.conn().await.expect("conn"),
            fetch_one,
            query_scalar("SELECT COUNT(*) FROM punches")
        )
        .expect("count")
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
        assert_eq!(punches(&store).await, 1, "only the hour recorded after the refusal");
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
}
