//! What proposals by e-mail keep: each member's choice of what to receive (`!mail`), and
//! the replies already handled, by Message-ID, so that a reply acts once however many
//! times it is fetched.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Store, StoreError, to_millis};

impl Store {
    /// Every member's choice made with `!mail` (`all`, `digest`, `none`), by member.
    pub async fn mail_prefs(&self) -> Result<HashMap<String, String>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT member, pref FROM mail_prefs")
            .fetch_all(&mut *self.conn().await?)
            .await?;
        Ok(rows.into_iter().collect())
    }

    pub async fn set_mail_pref(&self, member: &str, pref: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO mail_prefs (member, pref, changed_at) VALUES (?, ?, ?)
             ON CONFLICT (member) DO UPDATE SET pref = excluded.pref, changed_at = excluded.changed_at",
        )
        .bind(member)
        .bind(pref)
        .bind(to_millis(at))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    /// Whether the reply with this Message-ID was handled already.
    pub async fn mail_seen(&self, message_id: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM mail_seen WHERE message_id = ?")
            .bind(message_id)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        Ok(found.is_some())
    }

    /// Records the reply with this Message-ID as handled; `false` when it already was.
    pub async fn mark_mail_seen(
        &self,
        message_id: &str,
        member: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("INSERT OR IGNORE INTO mail_seen (message_id, member, handled_at) VALUES (?, ?, ?)")
            .bind(message_id)
            .bind(member)
            .bind(to_millis(at))
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_reply_is_recorded_once_and_a_choice_replaces_the_last() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("k.db")).await.expect("open");
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
}
