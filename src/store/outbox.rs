//! The durable outbox of announcements waiting for a network connection.
//!
//! The transports look for pending entries after every batch of incoming lines; almost
//! always there are none. The store remembers that the outbox was found empty and that
//! nothing was queued since, and then answers without a round trip to the database
//! thread (a round trip costs about as much as the rest of a command's handling).

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Store, StoreError, to_millis};
use crate::effect::Effect;

/// What this process knows of the outbox being empty: `queued` counts the changes that
/// may add pending entries (a push, a requeue); `empty_at` is `queued + 1` as it was
/// before a read that found nothing pending, 0 when unknown (at start).
#[derive(Debug, Default)]
pub(super) struct Emptiness {
    queued: AtomicU64,
    empty_at: AtomicU64,
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

impl Store {
    pub async fn outbox_push(&self, effect: &Effect) -> Result<i64, StoreError> {
        let json = serde_json::to_string(effect).map_err(|e| StoreError::Corrupt(format!("cannot encode: {e}")))?;
        // fetch_all steps to the end, where autocommit commits: its failure is seen.
        let ids: Vec<i64> = sqlx::query_scalar("INSERT INTO outbox (effect, created_at) VALUES (?, ?) RETURNING id")
            .bind(json)
            .bind(to_millis(chrono::Utc::now()))
            .fetch_all(&self.pool)
            .await?;
        self.outbox.changed();
        ids.first()
            .copied()
            .ok_or_else(|| StoreError::Corrupt("an insert returned no id".into()))
    }

    /// Entries not yet handed to a connection, oldest first. Entries handed to one that
    /// died before confirming are offered again (a repeat beats a loss).
    pub async fn outbox_pending(&self) -> Result<Vec<(i64, Effect)>, StoreError> {
        let Some(queued) = self.outbox.before_read() else {
            return Ok(Vec::new());
        };
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, effect FROM outbox WHERE sending_at IS NULL ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        if rows.is_empty() {
            self.outbox.found_empty(queued);
        }
        let mut out = Vec::with_capacity(rows.len());
        for (id, json) in rows {
            match serde_json::from_str(&json) {
                Ok(effect) => out.push((id, effect)),
                Err(e) => {
                    tracing::error!(id, error = %e, "dropping an outbox entry that cannot be read");
                    self.outbox_done(id).await?;
                }
            }
        }
        Ok(out)
    }

    pub async fn outbox_sending(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET sending_at = ? WHERE id = ?")
            .bind(to_millis(chrono::Utc::now()))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// One entry taken for delivery and put back to wait (its recipient is not online).
    pub async fn outbox_release(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET sending_at = NULL WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        // Pending again: the outbox is not empty any more.
        self.outbox.changed();
        Ok(())
    }

    /// Entries handed to a connection that died: offered again.
    pub async fn outbox_retry(&self) -> Result<(), StoreError> {
        sqlx::query("UPDATE outbox SET sending_at = NULL WHERE sending_at IS NOT NULL")
            .execute(&self.pool)
            .await?;
        self.outbox.changed();
        Ok(())
    }

    /// When an entry was written (milliseconds since the epoch); `None` for one gone.
    pub async fn outbox_written_at(&self, id: i64) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT created_at FROM outbox WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn outbox_done(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM outbox WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Store {
    /// Entries queued and taken at once by the connection that sends them (answers to
    /// what was said on it), in one transaction: no other network offers them; after a
    /// restart they are offered again like any entry a dead connection held.
    pub async fn outbox_push_taken(&self, effects: &[Effect]) -> Result<Vec<i64>, StoreError> {
        if effects.is_empty() {
            return Ok(Vec::new());
        }
        let now = to_millis(chrono::Utc::now());
        let mut tx = self.pool.begin().await?;
        let mut ids = Vec::with_capacity(effects.len());
        for effect in effects {
            let json = serde_json::to_string(effect).map_err(|e| StoreError::Corrupt(format!("cannot encode: {e}")))?;
            let id: i64 =
                sqlx::query_scalar("INSERT INTO outbox (effect, created_at, sending_at) VALUES (?, ?, ?) RETURNING id")
                    .bind(json)
                    .bind(now)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }
}
