//! What proposals by e-mail keep: each member's choice of what to receive (`!mail`), the
//! replies already handled, by Message-ID, so that a reply acts once however many times it
//! is fetched, and when each address last got a usage mail about each proposal (at most
//! one per [`USAGE_MAIL_EVERY`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::sql;
use super::{Store, StoreError, to_millis};

/// The least time between two usage mails (answers to replies konbit did not act on) to
/// one address about one proposal: an auto-responder that ignores `Auto-Submitted` and
/// answers each of them gets one an hour, not a loop.
pub const USAGE_MAIL_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// How long a usage mail's instant is kept: well past [`USAGE_MAIL_EVERY`].
const USAGE_MAIL_KEPT: chrono::Duration = chrono::Duration::days(2);

impl Store {
    /// Every member's choice made with `!mail` (`all`, `digest`, `none`), by member.
    pub async fn mail_prefs(&self) -> Result<HashMap<String, String>, StoreError> {
        let rows: Vec<(String, String)> = sql!(
            self.conn().await?,
            fetch_all,
            query_as("SELECT member, pref FROM mail_prefs")
        )?;
        Ok(rows.into_iter().collect())
    }

    pub async fn set_mail_pref(&self, member: &str, pref: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        sql!(
            self.conn().await?,
            execute,
            query(
                "INSERT INTO mail_prefs (member, pref, changed_at) VALUES (?, ?, ?)
             ON CONFLICT (member) DO UPDATE SET pref = excluded.pref, changed_at = excluded.changed_at",
            )
            .bind(member)
            .bind(pref)
            .bind(to_millis(at))
        )?;
        Ok(())
    }

    /// Whether the reply with this Message-ID was handled already.
    pub async fn mail_seen(&self, message_id: &str) -> Result<bool, StoreError> {
        let found: Option<i32> = sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar("SELECT 1 FROM mail_seen WHERE message_id = ?").bind(message_id)
        )?;
        Ok(found.is_some())
    }

    /// Records the reply with this Message-ID as handled; `false` when it already was.
    pub async fn mark_mail_seen(
        &self,
        message_id: &str,
        member: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sql!(
            self.conn().await?,
            execute,
            query("INSERT INTO mail_seen (message_id, member, handled_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .bind(message_id)
                .bind(member)
                .bind(to_millis(at))
        )?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether a usage mail may go to `address` about `proposal` at `at`, recording it
    /// when it may: `false` when one went less than [`USAGE_MAIL_EVERY`] before `at` (or
    /// after it: replies read out of order). The check and the record are one statement.
    /// Instants older than [`USAGE_MAIL_KEPT`] are forgotten on the way.
    pub async fn claim_usage_mail(&self, address: &str, proposal: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let address = address.trim().to_lowercase();
        let mut conn = self.conn().await?;
        sql!(
            conn,
            execute,
            query("DELETE FROM mail_usage WHERE sent_at < ?").bind(to_millis(at - USAGE_MAIL_KEPT))
        )?;
        let claimed = sql!(
            conn,
            execute,
            query(
                "INSERT INTO mail_usage (address, proposal, sent_at) VALUES (?, ?, ?)
             ON CONFLICT (address, proposal) DO UPDATE SET sent_at = excluded.sent_at
             WHERE excluded.sent_at >= mail_usage.sent_at + ?",
            )
            .bind(&address)
            .bind(proposal)
            .bind(to_millis(at))
            .bind(USAGE_MAIL_EVERY.num_milliseconds())
        )?;
        Ok(claimed.rows_affected() == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_reply_is_recorded_once_and_a_choice_replaces_the_last() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = super::super::testing::open(&dir.path().join("k.db"))
            .await
            .expect("open");
        let at = DateTime::from_timestamp(1_800_000_000, 0).expect("instant");
        assert!(!store.mail_seen("<a@x>").await.expect("read"));
        assert!(store.mark_mail_seen("<a@x>", Some("bob"), at).await.expect("write"));
        assert!(!store.mark_mail_seen("<a@x>", Some("bob"), at).await.expect("write"));
        assert!(store.mail_seen("<a@x>").await.expect("read"));
        store.set_mail_pref("bob", "digest", at).await.expect("write");
        store.set_mail_pref("bob", "none", at).await.expect("write");
        assert_eq!(
            store.mail_prefs().await.expect("read").get("bob").map(String::as_str),
            Some("none")
        );
    }

    #[tokio::test]
    async fn a_usage_mail_goes_once_an_hour_per_address_and_proposal_even_after_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("k.db");
        let at = DateTime::from_timestamp(1_800_000_000, 0).expect("instant");
        let minutes = chrono::Duration::minutes;
        {
            let store = super::super::testing::open(&path).await.expect("open");
            assert!(store.claim_usage_mail("Bob@Test", 3, at).await.expect("write"));
            assert!(
                !store
                    .claim_usage_mail("bob@test", 3, at + minutes(1))
                    .await
                    .expect("write")
            );
            assert!(
                !store
                    .claim_usage_mail("bob@test", 3, at - minutes(5))
                    .await
                    .expect("write"),
                "out of order"
            );
            assert!(
                store.claim_usage_mail("bob@test", 4, at).await.expect("write"),
                "another proposal"
            );
            assert!(
                store.claim_usage_mail("carol@test", 3, at).await.expect("write"),
                "another address"
            );
        }
        // A restart does not reset it.
        let store = super::super::testing::open(&path).await.expect("reopen");
        assert!(
            !store
                .claim_usage_mail("bob@test", 3, at + minutes(59))
                .await
                .expect("write")
        );
        assert!(
            store
                .claim_usage_mail("bob@test", 3, at + minutes(60))
                .await
                .expect("write")
        );
        assert!(
            !store
                .claim_usage_mail("bob@test", 3, at + minutes(61))
                .await
                .expect("write")
        );
        // Long-gone instants are forgotten, the recent ones kept.
        assert!(
            store
                .claim_usage_mail("bob@test", 4, at + chrono::Duration::days(3))
                .await
                .expect("write")
        );
        assert!(
            store
                .claim_usage_mail("carol@test", 3, at + chrono::Duration::days(3))
                .await
                .expect("write")
        );
    }
}
