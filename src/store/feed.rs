//! The collective calendar feed's own address (migration 0015): the token in
//! `/feed/TOKEN/calendar.ics`, which a calendar application subscribes to without the
//! access cookie. Drawn when the database is first opened after the migration, replaced
//! by `konbit feed new`, ended by `konbit feed revoke` (and then not drawn again).

use chrono::{DateTime, Utc};

use super::sql;
use super::{Store, StoreError, to_millis};

/// Bytes of randomness in a token (256 bits).
const TOKEN_BYTES: usize = 32;

/// A new token: 256 random bits from the system, URL-safe base64 (43 characters).
fn new_token() -> Result<String, StoreError> {
    use base64::Engine;
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

impl Store {
    /// The first token, unless there is one or the operator revoked it.
    pub(super) async fn draw_feed_token(&self) -> Result<(), StoreError> {
        let drawn: Option<i32> = sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar("SELECT 1 FROM calendar_feed WHERE token IS NULL AND changed_at IS NULL")
        )?;
        if drawn.is_some() {
            sql!(
                self.conn().await?,
                execute,
                query("UPDATE calendar_feed SET token = ? WHERE token IS NULL AND changed_at IS NULL")
                    .bind(new_token()?)
            )?;
        }
        Ok(())
    }

    /// The feed's token, unless it was revoked.
    pub async fn feed_token(&self) -> Result<Option<String>, StoreError> {
        Ok(sql!(
            self.conn().await?,
            fetch_optional,
            query_scalar("SELECT token FROM calendar_feed WHERE token IS NOT NULL")
        )?)
    }

    /// A new token in place of the old one (which stops working at once).
    pub async fn renew_feed_token(&self, now: DateTime<Utc>) -> Result<String, StoreError> {
        let token = new_token()?;
        sql!(
            self.conn().await?,
            execute,
            query(
                "INSERT INTO calendar_feed (id, token, changed_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET token = ?1, changed_at = ?2",
            )
            .bind(&token)
            .bind(to_millis(now))
        )?;
        Ok(token)
    }

    /// No token any more; whether there was one.
    pub async fn revoke_feed_token(&self, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let ended = sql!(
            self.conn().await?,
            execute,
            query("UPDATE calendar_feed SET token = NULL, changed_at = ? WHERE token IS NOT NULL").bind(to_millis(now))
        )?
        .rows_affected();
        if ended == 0 {
            // Revoked before it was ever drawn: it must not be drawn at the next start.
            sql!(
                self.conn().await?,
                execute,
                query("UPDATE calendar_feed SET changed_at = ? WHERE changed_at IS NULL").bind(to_millis(now))
            )?;
        }
        Ok(ended > 0)
    }
}
