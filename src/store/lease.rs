//! The leader lease of active/standby on PostgreSQL (docs/storage.md, "A standby that
//! takes over"): one row, `leader_lease`, taken by the `konbit run` that becomes active
//! and renewed by it every few seconds, by the database's clock. A standby takes it once
//! it expired, with the next epoch. The active one's units of work check their epoch
//! before they commit ([`Store::fence`]); the check locks the row, so a takeover waits
//! for a unit that passed it, and a unit that comes after a takeover is refused.

use std::sync::atomic::Ordering;

use super::{Store, StoreError, sql};

/// The database's clock, in milliseconds.
macro_rules! now_ms {
    () => {
        "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
    };
}

/// Who holds the lease, as a standby sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseHolder {
    pub holder: String,
    pub epoch: i64,
    /// Milliseconds until it expires (negative: expired).
    pub expires_in_ms: i64,
}

impl Store {
    /// Takes the lease for `holder` for `lease_ms` if nobody holds it (none yet, or
    /// expired): its new epoch. `None`: another holds it.
    pub async fn lease_take(&self, holder: &str, lease_ms: i64) -> Result<Option<i64>, StoreError> {
        let epoch: Option<i64> = sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar(concat!(
                "INSERT INTO leader_lease (id, epoch, holder, expires_at) VALUES (1, 1, ?1, ",
                now_ms!(),
                " + ?2) ON CONFLICT (id) DO UPDATE SET epoch = leader_lease.epoch + 1, \
                 holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at \
                 WHERE leader_lease.expires_at < ",
                now_ms!(),
                " RETURNING epoch"
            ))
            .bind(holder)
            .bind(lease_ms)
        )?;
        Ok(epoch)
    }

    /// Renews the lease of `epoch` for `lease_ms` from now: `false` when another took it.
    pub async fn lease_renew(&self, epoch: i64, lease_ms: i64) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query(concat!(
                "UPDATE leader_lease SET expires_at = ",
                now_ms!(),
                " + ?2 WHERE id = 1 AND epoch = ?1"
            ))
            .bind(epoch)
            .bind(lease_ms)
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease of `epoch` up (a clean stop): a standby takes over at its next look.
    pub async fn lease_release(&self, epoch: i64) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query("UPDATE leader_lease SET expires_at = 0 WHERE id = 1 AND epoch = ?1").bind(epoch)
        )?;
        Ok(())
    }

    /// Who holds the lease, if anyone ever did.
    pub async fn lease_holder(&self) -> Result<Option<LeaseHolder>, StoreError> {
        let row: Option<(String, i64, i64)> = sql!(
            self.conn().await?,
            fetch_optional,
            query_as(concat!(
                "SELECT holder, epoch, expires_at - ",
                now_ms!(),
                " FROM leader_lease WHERE id = 1"
            ))
        )?;
        Ok(row.map(|(holder, epoch, expires_in_ms)| LeaseHolder {
            holder,
            epoch,
            expires_in_ms,
        }))
    }

    /// From now on, every unit of work of this store checks that the lease is still at
    /// `epoch` before it commits.
    pub fn fence_at(&self, epoch: i64) {
        self.fence.store(epoch, Ordering::SeqCst);
    }

    /// Inside a unit, just before its commit: refused when this store is fenced and the
    /// lease moved on to another epoch. The row stays locked (shared) until the commit,
    /// so a takeover waits for this unit to end.
    pub(super) async fn fence(&self) -> Result<(), StoreError> {
        let epoch = self.fence.load(Ordering::SeqCst);
        if epoch == 0 {
            return Ok(());
        }
        let held: Option<i32> = sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar("SELECT 1 FROM leader_lease WHERE id = 1 AND epoch = ?1 FOR SHARE").bind(epoch)
        )?;
        match held {
            Some(_) => Ok(()),
            None => Err(StoreError::Fenced(epoch)),
        }
    }
}
