//! The web view's side of the core: `!web` (a member's private link to their own page,
//! sent privately; `!web revoke` ends it), and what the pages read through the core's own
//! builders (the open proposals as `!proposals` says them, the membership statuses as
//! `!membership` decides them). The server itself is `crate::web`.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::domain::membership::{Status, Window};
use crate::i18n::Lang;
use crate::message::{Span, Text};
use crate::{t, tm};

/// Bytes of randomness in a member's link (256 bits).
const SECRET_BYTES: usize = 32;

/// The stored form of a link's secret (as it appears in the address): its SHA-256, or
/// `None` when it cannot be one of ours (wrong length or alphabet).
pub fn secret_hash(token: &str) -> Option<[u8; 32]> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token).ok()?;
    (bytes.len() == SECRET_BYTES).then(|| Sha256::digest(&bytes).into())
}

/// A new secret for a link, as it appears in the address (URL-safe base64).
pub(super) fn new_secret() -> Option<String> {
    use base64::Engine;
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).ok()?;
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

impl Core {
    /// `!web`: a new private link (older ones stop working); `!web revoke`: none any more.
    /// The link goes by private message only; said in a room, the room hears where it went.
    pub(super) async fn web_link(
        &self,
        msg: &Incoming,
        lang: Lang,
        who: &str,
        revoke: bool,
    ) -> CoreResult<Vec<Effect>> {
        let Some(web) = self.config().web.clone() else {
            return Ok(vec![self.reply(msg, t!(lang, "web-not-configured"))]);
        };
        let private: Message = if revoke {
            match self.store.revoke_web_links(who, msg.at).await? {
                0 => t!(lang, "web-revoked-none").into(),
                _ => t!(lang, "web-revoked").into(),
            }
        } else {
            let Some((secret, digest)) = new_secret().and_then(|s| secret_hash(&s).map(|h| (s, h))) else {
                return Ok(vec![self.reply(msg, t!(lang, "storage-error"))]);
            };
            let replaced = self.store.replace_web_link(who, &digest, msg.at).await?;
            let url = format!("{}/me/{secret}", web.base_url);
            let link = Text(vec![Span::Link { text: url.clone(), url }]);
            let id = if replaced > 0 { "web-link-replaced" } else { "web-link" };
            Message::new().line(tm!(lang, id, "url" => link))
        };
        let mut effects = Vec::new();
        if msg.room.is_some() {
            effects.push(self.reply(msg, t!(lang, "web-sent-privately")));
        }
        effects.push(Effect::Private {
            to: self.recipient(msg),
            message: private,
        });
        Ok(effects)
    }

    /// The open and deferred proposals, as `!proposals` lists them.
    pub async fn open_proposals(&self, lang: Lang, now: DateTime<Utc>) -> CoreResult<Message> {
        self.proposals_list(lang, now).await
    }

    /// Each member's membership status (nothing else), as `!membership` decides it, and
    /// whether justified absences lowered what was asked.
    pub async fn membership_statuses(&self, now: DateTime<Utc>) -> CoreResult<(Window, Vec<(String, Status, bool)>)> {
        let (window, evaluations, absences) = self.membership_evaluations(now).await?;
        let out = evaluations
            .into_iter()
            .map(|(member, e)| {
                let excused = absences.iter().any(|a| a.member == member);
                (member, e.status, excused)
            })
            .collect();
        Ok((window, out))
    }

    /// The members the records know (the roster when there is one).
    pub async fn members(&self) -> CoreResult<Vec<String>> {
        self.known_members().await
    }

    /// "the production meeting", "the finance committee meeting".
    pub fn meeting_name(&self, lang: Lang, committee: &str) -> String {
        self.meeting_title(lang, committee)
    }
}

/// A membership status in words.
pub fn status_text(lang: Lang, status: Status) -> String {
    super::membership::status_text(lang, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_secret_is_256_random_bits_and_only_its_hash_is_kept() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(secret_hash(&a).is_some());
        assert_ne!(secret_hash(&a), secret_hash(&b));
        // A name, a short or a tampered token is not a secret of ours.
        for bad in ["alice", "", "../../etc/passwd", &a[..42], &format!("{a}A")] {
            assert_eq!(secret_hash(bad), None, "{bad}");
        }
    }
}
