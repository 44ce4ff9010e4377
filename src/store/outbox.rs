//! The durable outbox: every message the core decided to send, written in the same
//! transaction as the change it announces (`Core`'s units of work), until a network
//! delivered it.
//!
//! An entry is *pending* (`sending_at` NULL) until a transport takes it; a transport that
//! answers on its own network takes its answers in the same transaction they are written
//! in. Taken entries are deleted once delivered; at start, entries a dead process held are
//! offered again (`outbox_retry`). An entry this version cannot read (written by a newer
//! konbit) is kept and logged, never deleted.
//!
//! The transports look for pending entries after every batch of incoming lines; almost
//! always there are none. The store remembers that the outbox was found empty and that
//! nothing was queued since, and then answers without a round trip to the database
//! thread (a round trip costs about as much as the rest of a command's handling).

use std::sync::atomic::{AtomicU64, Ordering};

use super::db::Ready;
use super::{AsDb, sql};
use super::{Store, StoreError, to_millis};
use crate::effect::Effect;

/// What this process knows of the outbox being empty: `queued` counts the changes that
/// may add pending entries (a push, a requeue); `empty_at` is `queued + 1` as it was
/// before a read that found nothing pending, 0 when unknown (at start).
#[derive(Debug, Default)]
pub(super) struct Emptiness {
    queued: AtomicU64,
    empty_at: AtomicU64,
    /// Entries this version cannot read, already logged (each is logged once).
    unreadable: std::sync::Mutex<std::collections::HashSet<i64>>,
    /// Entries delivered, to delete with the next unit's commit (SQLite) or
    /// [`Store::outbox_flush_delivered`], whichever comes first.
    delivered: std::sync::Mutex<Vec<i64>>,
}

impl Emptiness {
    fn changed(&self) {
        self.queued.fetch_add(1, Ordering::SeqCst);
    }

    /// The change count to pass to `found_empty` after a read, or `None` when the outbox
    /// is known to be empty.
    fn before_read(&self) -> Option<u64> {
        let queued = self.queued.load(Ordering::SeqCst);
        (self.empty_at.load(Ordering::SeqCst) != queued + 1).then_some(queued)
    }

    /// A read begun at change count `queued` found nothing pending: a change since then
    /// keeps the state unknown.
    fn found_empty(&self, queued: u64) {
        self.empty_at.store(queued + 1, Ordering::SeqCst);
    }
}

/// The most entries one insert writes.
pub(super) const OUTBOX_ROWS: usize = 256;

/// The most delivered entries left for a later delete.
const DELIVERED_AT_MOST: usize = 512;

/// An outbox entry's values: the effect as JSON, when it was written, and when it was
/// taken (by the caller that delivers it), if it was.
pub(super) type OutboxRow = (String, i64, Option<i64>);

/// The insert of up to [`OUTBOX_ROWS`] entries (it returns their ids) and its values.
pub(super) fn outbox_insert(effects: &[Effect], taken: &[bool]) -> Result<(String, Vec<OutboxRow>), StoreError> {
    let now = to_millis(chrono::Utc::now());
    // Only placeholders are generated; the values are bound.
    let rows = vec!["(?, ?, ?)"; effects.len()].join(", ");
    let sql = format!("INSERT INTO outbox (effect, created_at, sending_at) VALUES {rows} RETURNING id");
    let mut values = Vec::with_capacity(effects.len());
    for (i, effect) in effects.iter().enumerate() {
        let json = serde_json::to_string(effect).map_err(|e| StoreError::Corrupt(format!("cannot encode: {e}")))?;
        let taken = taken.get(i).copied().unwrap_or(false);
        values.push((json, now, taken.then_some(now)));
    }
    Ok((sql, values))
}

impl Store {
    /// Queues one entry for its network.
    pub async fn outbox_push(&self, effect: &Effect) -> Result<i64, StoreError> {
        let ids = self.outbox_write(std::slice::from_ref(effect), &[false]).await?;
        ids.first()
            .copied()
            .ok_or_else(|| StoreError::Corrupt("an insert returned no id".into()))
    }

    /// Writes `effects`, in order, in one statement; those marked in `taken` are taken at
    /// once by the caller that delivers them (no other network offers them). Their ids.
    /// Inside a unit of work this commits with the unit.
    pub async fn outbox_write(&self, effects: &[Effect], taken: &[bool]) -> Result<Vec<i64>, StoreError> {
        if effects.len() > OUTBOX_ROWS {
            let mut ids = Vec::with_capacity(effects.len());
            for (chunk, taken) in effects.chunks(OUTBOX_ROWS).zip(taken.chunks(OUTBOX_ROWS)) {
                ids.extend(Box::pin(self.outbox_write(chunk, taken)).await?);
            }
            return Ok(ids);
        }
        if effects.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, rows) = outbox_insert(effects, taken)?;
        // fetch_all steps to the end, where autocommit commits: its failure is seen.
        let ids: Vec<i64> = sql!(self.conn().await?, fetch_all, |query| query_scalar(sqlx::AssertSqlSafe(sql)) => {
            for (json, now, sending) in rows {
                query = query.bind(json).bind(now).bind(sending);
            }
            query
        })?;
        self.outbox_written(effects.len(), ids, taken)
    }

    /// The ids an outbox insert of `n` entries returned, in the order of its rows; the
    /// transports are told when some are for them.
    pub(super) fn outbox_written(&self, n: usize, mut ids: Vec<i64>, taken: &[bool]) -> Result<Vec<i64>, StoreError> {
        if ids.len() != n {
            return Err(StoreError::Corrupt("an insert returned no id".into()));
        }
        // RETURNING gives the rows in no promised order; ids grow with the VALUES order.
        ids.sort_unstable();
        if taken.iter().take(n).any(|t| !t) {
            self.outbox.changed();
        }
        Ok(ids)
    }

    /// Entries not yet handed to a connection, oldest first. Entries handed to one that
    /// died before confirming are offered again (a repeat beats a loss). An entry this
    /// version cannot read is left in place and logged (once): a newer konbit wrote it
    /// and will deliver it.
    pub async fn outbox_pending(&self) -> Result<Vec<(i64, Effect)>, StoreError> {
        let Some(queued) = self.outbox.before_read() else {
            return Ok(Vec::new());
        };
        let rows: Vec<(i64, String)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT id, effect FROM outbox WHERE sending_at IS NULL ORDER BY id")
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, json) in rows {
            match serde_json::from_str(&json) {
                Ok(effect) => out.push((id, effect)),
                Err(e) => {
                    // A set of ids, changed by single inserts: whole even after a panic.
                    let first = self
                        .outbox
                        .unreadable
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(id);
                    if first {
                        tracing::error!(id, error = %e, "an outbox entry this version cannot read is kept for the version that wrote it");
                    }
                }
            }
        }
        if out.is_empty() {
            self.outbox.found_empty(queued);
        }
        Ok(out)
    }

    /// Entries delivered: taken out of the outbox, in one statement. A delivery is
    /// recorded without waiting for the disk (`synchronous = NORMAL` for this one
    /// statement): a crash of the process cannot lose it, and a power cut at worst sends
    /// those entries again, which is the outbox's promise (at least once).
    pub async fn outbox_done_many(&self, ids: &[i64]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn().await?;
        // Inside a unit the unit's own commit decides; SQLite cannot change it there.
        let relaxed = matches!(conn, super::db::Conn::Lite(_));
        for chunk in ids.chunks(512) {
            // The ids are integers this store gave out: written into the statement, so
            // that the pragma, the delete and the pragma back are one round trip to the
            // database thread (each costs about as much as the delete itself; a reply on
            // IRC pays it once per answer).
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
            let delete = format!("DELETE FROM outbox WHERE id IN ({list});");
            match conn.db().ready().await? {
                Ready::Lite(c) => {
                    let sql = if relaxed {
                        format!("PRAGMA synchronous = NORMAL; {delete} PRAGMA synchronous = FULL;")
                    } else {
                        delete
                    };
                    if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut *c).await {
                        // A failed delete stops the script before its last pragma: every
                        // later commit must still wait for the disk.
                        if relaxed {
                            sqlx::query("PRAGMA synchronous = FULL").execute(&mut *c).await?;
                        }
                        return Err(e.into());
                    }
                }
                // PostgreSQL has no such pragma: a plain delete.
                Ready::Pg(c) => {
                    Box::pin(sqlx::raw_sql(sqlx::AssertSqlSafe(delete)).execute(&mut *c)).await?;
                }
            }
        }
        Ok(())
    }

    /// Entries delivered, deleted soon rather than now: with the next unit of work's
    /// commit (on SQLite that costs no round trip of its own), or at the latest when the
    /// transport calls [`Store::outbox_flush_delivered`] — when it has nothing else to do,
    /// or after [`DELIVERED_AT_MOST`] entries. On PostgreSQL, now.
    pub async fn outbox_delivered_soon(&self, ids: &[i64]) -> Result<(), StoreError> {
        if self.is_postgres() {
            return self.outbox_done_many(ids).await;
        }
        let waiting = {
            let mut delivered = self.delivered();
            delivered.extend_from_slice(ids);
            delivered.len()
        };
        if waiting >= DELIVERED_AT_MOST {
            self.outbox_flush_delivered().await?;
        }
        Ok(())
    }

    /// Deletes the entries [`Store::outbox_delivered_soon`] left for later.
    pub async fn outbox_flush_delivered(&self) -> Result<(), StoreError> {
        let ids = self.take_delivered();
        if let Err(e) = self.outbox_done_many(&ids).await {
            self.give_back_delivered(ids);
            return Err(e);
        }
        Ok(())
    }

    /// The entries delivered and not deleted yet, for a commit to delete.
    pub(super) fn take_delivered(&self) -> Vec<i64> {
        std::mem::take(&mut *self.delivered())
    }

    /// The entries delivered and not deleted yet (a list changed by whole pushes and
    /// takes: whole even after a panic elsewhere).
    fn delivered(&self) -> std::sync::MutexGuard<'_, Vec<i64>> {
        self.outbox
            .delivered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Entries a commit that failed was to delete: for the next one.
    pub(super) fn give_back_delivered(&self, ids: Vec<i64>) {
        if !ids.is_empty() {
            let mut delivered = self.delivered();
            delivered.extend(ids);
        }
    }

    /// Entries taken for delivery by a network, in one statement per 512: not offered
    /// again (`outbox_pending`) until released or a restart.
    pub async fn outbox_sending(&self, ids: &[i64]) -> Result<(), StoreError> {
        let now = to_millis(chrono::Utc::now());
        let mut conn = self.conn().await?;
        for chunk in ids.chunks(512) {
            let sql = format!(
                "UPDATE outbox SET sending_at = ? WHERE id IN ({})",
                vec!["?"; chunk.len()].join(", ")
            );
            sql!(conn, execute, |q| query(sqlx::AssertSqlSafe(sql)) => {
                q = q.bind(now);
                for id in chunk {
                    q = q.bind(id);
                }
                q
            })?;
        }
        Ok(())
    }

    /// One entry taken for delivery and put back to wait (its recipient is not online).
    pub async fn outbox_release(&self, id: i64) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query("UPDATE outbox SET sending_at = NULL WHERE id = ?").bind(id)
        )?;
        // Pending again: the outbox is not empty any more.
        self.outbox.changed();
        Ok(())
    }

    /// Entries handed to a connection that died: offered again.
    pub async fn outbox_retry(&self) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query("UPDATE outbox SET sending_at = NULL WHERE sending_at IS NOT NULL")
        )?;
        self.outbox.changed();
        Ok(())
    }

    /// When an entry was written (milliseconds since the epoch); `None` for one gone.
    pub async fn outbox_written_at(&self, id: i64) -> Result<Option<i64>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar("SELECT created_at FROM outbox WHERE id = ?").bind(id)
        )?)
    }

    pub async fn outbox_done(&self, id: i64) -> Result<(), StoreError> {
        self.outbox_done_many(&[id]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effect::{Network, Room};

    #[tokio::test]
    async fn an_entry_a_newer_version_wrote_is_kept_for_it_not_deleted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = super::super::testing::open(&dir.path().join("k.db"))
            .await
            .expect("open");
        sql!(
            store.conn().await.expect("conn"),
            execute,
            query("INSERT INTO outbox (effect, created_at) VALUES ('{\"Hologram\":{}}', 0)")
        )
        .expect("a newer entry");
        let announce = Effect::Announce {
            room: Room::new(Network::Irc, "#office"),
            message: "hello".into(),
        };
        let id = store.outbox_push(&announce).await.expect("push");
        for _ in 0..2 {
            let pending = store.outbox_pending().await.expect("pending");
            assert_eq!(pending, vec![(id, announce.clone())]);
        }
        store.outbox_done(id).await.expect("done");
        assert!(store.outbox_pending().await.expect("pending").is_empty());
        let kept: i64 = sql!(
            store.conn().await.expect("conn"),
            fetch_one,
            query_scalar("SELECT COUNT(*) FROM outbox")
        )
        .expect("count");
        assert_eq!(kept, 1, "the newer version's entry was deleted");
    }

    #[tokio::test]
    async fn entries_taken_by_their_writer_are_not_offered_to_the_networks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = super::super::testing::open(&dir.path().join("k.db"))
            .await
            .expect("open");
        let say = |t: &str| Effect::Announce {
            room: Room::new(Network::Irc, "#office"),
            message: t.into(),
        };
        let ids = store
            .outbox_write(&[say("a"), say("b"), say("c")], &[true, false, true])
            .await
            .expect("write");
        assert_eq!(ids.len(), 3);
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(store.outbox_pending().await.expect("pending"), vec![(ids[1], say("b"))]);
        store.outbox_done_many(&[ids[0], ids[2]]).await.expect("done");
        // After a restart, what a dead process held is offered again.
        store.outbox_retry().await.expect("retry");
        assert_eq!(store.outbox_pending().await.expect("pending"), vec![(ids[1], say("b"))]);
    }
}
