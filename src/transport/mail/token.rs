//! Reply addresses. Each member's copy of a proposal's mail says to reply to
//! `konbit+p3-<mac>@coop.example`, where the MAC is HMAC-SHA-256 of (member, proposal)
//! under the collective's key, cut to 96 bits. A reply acts only when its token verifies
//! for the member whose address it comes from (see `docs/mail.md`): a token cannot be
//! forged without the key, names one proposal only, and is useless from someone else's
//! address. Lowercase hex survives mail servers that fold the case of local parts.

use data_encoding::HEXLOWER;
use hmac::{KeyInit, Mac};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Bytes of the MAC kept in a token (96 bits).
const MAC_BYTES: usize = 12;

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

/// Makes and checks reply tokens with the collective's key.
#[derive(Clone)]
pub struct Signer {
    /// HMAC-SHA-256 keyed once; each token starts from a copy.
    keyed: HmacSha256,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer { key: <hidden> }")
    }
}

impl Signer {
    /// A signer with `key`; `None` when the key is too short to be a secret.
    pub fn new(key: &[u8]) -> Option<Signer> {
        if key.len() < MIN_KEY_BYTES {
            return None;
        }
        // HMAC takes keys of any length: this never refuses one.
        let keyed = <HmacSha256 as KeyInit>::new_from_slice(key).ok()?;
        Some(Signer { keyed })
    }

    fn mac(&self, member: &str, proposal: i64) -> HmacSha256 {
        let mut mac = self.keyed.clone();
        // Versioned and separated, so that no other input can collide with this one.
        mac.update(b"konbit-reply-v1\0");
        mac.update(member.to_lowercase().as_bytes());
        mac.update(b"\0");
        mac.update(proposal.to_string().as_bytes());
        mac
    }

    /// The token for `member`'s replies about `proposal`: `p<id>-<mac>`.
    pub fn token(&self, member: &str, proposal: i64) -> String {
        let tag = self.mac(member, proposal).finalize().into_bytes();
        format!("p{proposal}-{}", HEXLOWER.encode(&tag[..MAC_BYTES]))
    }

    /// The proposal `token` was made for, if it was made for `member` (compared in
    /// constant time).
    pub fn verify(&self, token: &str, member: &str) -> Option<i64> {
        let (proposal, tag) = parse(token)?;
        self.mac(member, proposal).verify_truncated_left(&tag).ok()?;
        Some(proposal)
    }
}

/// A token's proposal number and MAC bytes, if it has the shape of one.
fn parse(token: &str) -> Option<(i64, Vec<u8>)> {
    let token = token.to_ascii_lowercase();
    let (id, tag) = token.strip_prefix('p')?.split_once('-')?;
    if id.is_empty() || id.len() > 15 || !id.bytes().all(|b| b.is_ascii_digit()) || tag.len() != MAC_BYTES * 2 {
        return None;
    }
    Some((id.parse().ok()?, HEXLOWER.decode(tag.as_bytes()).ok()?))
}

/// The token in `address` when it is a plus-address of `reply_address`
/// (`konbit+TOKEN@coop.example` for `konbit@coop.example`; case-insensitive).
pub fn token_in<'a>(address: &'a str, reply_address: &str) -> Option<&'a str> {
    let (local, domain) = address.trim().rsplit_once('@')?;
    let (base_local, base_domain) = reply_address.rsplit_once('@')?;
    let (base, token) = local.split_once('+')?;
    (base.eq_ignore_ascii_case(base_local) && domain.eq_ignore_ascii_case(base_domain) && !token.is_empty())
        .then_some(token)
}

/// `reply_address` with `token` after a `+`.
pub fn reply_address_with(reply_address: &str, token: &str) -> String {
    match reply_address.rsplit_once('@') {
        Some((local, domain)) => format!("{local}+{token}@{domain}"),
        None => reply_address.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new(b"0123456789abcdef-test-key").expect("long enough")
    }

    #[test]
    fn a_token_acts_only_for_its_member_and_its_proposal() {
        let s = signer();
        let t = s.token("bob", 3);
        assert!(t.starts_with("p3-") && t.len() == 3 + MAC_BYTES * 2, "{t}");
        assert_eq!(s.verify(&t, "bob"), Some(3));
        assert_eq!(s.verify(&t, "BOB"), Some(3), "names are case-insensitive");
        assert_eq!(s.verify(&t.to_uppercase(), "bob"), Some(3), "servers may fold case");
        assert_eq!(s.verify(&t, "alice"), None, "bob's token is not alice's");
        let other = t.replacen("p3-", "p4-", 1);
        assert_eq!(s.verify(&other, "bob"), None, "a token names one proposal");
        let mut forged = t.clone();
        forged.pop();
        forged.push(if t.ends_with('0') { '1' } else { '0' });
        assert_eq!(s.verify(&forged, "bob"), None);
        let other_key = Signer::new(b"another key, also long enough").expect("long");
        assert_eq!(other_key.verify(&t, "bob"), None, "made with another key");
        for junk in [
            "",
            "p",
            "p3",
            "p3-",
            "px-00",
            "3-abc",
            "p-1-00",
            "p99999999999999999999-00",
        ] {
            assert_eq!(s.verify(junk, "bob"), None, "{junk:?}");
        }
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(Signer::new(b"short").is_none());
        assert!(Signer::new(&[7; MIN_KEY_BYTES]).is_some());
    }

    #[test]
    fn the_token_is_read_from_a_plus_address_of_the_reply_address() {
        let base = "konbit@coop.example";
        assert_eq!(token_in("konbit+p3-abc@coop.example", base), Some("p3-abc"));
        assert_eq!(token_in("KONBIT+p3-abc@COOP.example", base), Some("p3-abc"));
        assert_eq!(token_in("konbit@coop.example", base), None);
        assert_eq!(token_in("other+p3-abc@coop.example", base), None);
        assert_eq!(token_in("konbit+p3-abc@evil.example", base), None);
        assert_eq!(reply_address_with(base, "p3-abc"), "konbit+p3-abc@coop.example");
    }
}
