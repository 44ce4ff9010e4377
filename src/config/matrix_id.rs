//! The syntax of the Matrix identifiers a configuration names: the bot's and members' user
//! ids (`@localpart:server`) and the rooms to serve, by id (`!opaque:server`, or `!opaque`
//! alone since room version 12) or by alias (`#alias:server`).
//!
//! These follow the identifier grammar of the Matrix specification (appendix "Identifier
//! Grammar"), checked here rather than by the Matrix library so that configuration depends
//! on no transport:
//!
//! - An identifier is at most 255 bytes, sigil and server included.
//! - It is split at its *first* colon: what follows is the server name, which may itself
//!   hold colons (a port, an IPv6 literal).
//! - `server_name = hostname [ ":" port ]`, `port = 1*5DIGIT`, the hostname a DNS name
//!   (letters, digits, `-`, `.`), an IPv4 literal, or an IPv6 literal in brackets.
//! - A user id's localpart is not empty and, historical ids included, holds only printable
//!   ASCII other than `:` (`%x21-39 / %x3B-7E`): no spaces, no accents.
//! - A room alias's localpart may hold any character except `:` and NUL (not empty here).
//! - A room id's opaque part is not checked beyond being non-empty and holding no NUL, no
//!   whitespace and no control character (servers never generate those; a space there is
//!   a typing mistake).

use std::net::Ipv6Addr;

/// The longest identifier the specification allows, in bytes.
const MAX_BYTES: usize = 255;

/// `@localpart:server`, as Matrix writes user ids.
pub fn is_user_id(s: &str) -> bool {
    let Some((localpart, server)) = split(s, '@') else {
        return false;
    };
    !localpart.is_empty() && localpart.bytes().all(|b| (0x21..=0x7E).contains(&b)) && is_server_name(server)
}

/// A room id (`!opaque:server`, or `!opaque` without a server since room version 12) or a
/// room alias (`#alias:server`).
pub fn is_room_id_or_alias(s: &str) -> bool {
    if s.len() > MAX_BYTES {
        return false;
    }
    if let Some(opaque) = s.strip_prefix('!') {
        let (opaque, server) = match opaque.split_once(':') {
            Some((o, server)) => (o, Some(server)),
            None => (opaque, None),
        };
        !opaque.is_empty()
            && !opaque.chars().any(|c| c.is_whitespace() || c.is_control())
            && server.is_none_or(is_server_name)
    } else {
        split(s, '#')
            .is_some_and(|(alias, server)| !alias.is_empty() && !alias.contains('\0') && is_server_name(server))
    }
}

/// `sigil localpart ":" server`, split at the first colon; `None` when the sigil or the
/// colon is missing or the whole is too long.
fn split(s: &str, sigil: char) -> Option<(&str, &str)> {
    if s.len() > MAX_BYTES {
        return None;
    }
    s.strip_prefix(sigil)?.split_once(':')
}

/// `hostname [ ":" port ]`.
fn is_server_name(s: &str) -> bool {
    let (host_ok, rest) = if let Some(bracketed) = s.strip_prefix('[') {
        match bracketed.split_once(']') {
            Some((ip, rest)) => (ip.parse::<Ipv6Addr>().is_ok(), rest),
            None => return false,
        }
    } else {
        let (host, rest) = s.find(':').map_or((s, ""), |i| s.split_at(i));
        let dns_or_ipv4 = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        (dns_or_ipv4, rest)
    };
    let port_ok = match rest.strip_prefix(':') {
        None => rest.is_empty(),
        Some(port) => (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit()),
    };
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_that_a_homeserver_accepts() {
        for ok in [
            "@konbit:example.org",
            "@alice:localhost",
            "@a:host:8448",
            "@a:[::1]:8448",
            "@a:[::1]",
            "@a:[2001:db8::1]:443",
            "@a:1.2.3.4",
            "@a:1.2.3.4:1234",
            "@alice.b=c_d/e+f-g:matrix-1.example.org",
            // Historical localparts: any printable ASCII but `:`.
            "@Alice!~:example.org",
        ] {
            assert!(is_user_id(ok), "{ok:?} should be a user id");
        }
    }

    #[test]
    fn user_ids_with_a_mistake_are_refused() {
        for bad in [
            "",
            "@",
            "konbit:example.org",
            "#konbit:example.org",
            "@konbit",
            "@konbit:",
            "@:example.org",
            "@ali ce:example.org",
            "@alice :example.org",
            "@alice: example.org",
            "@alice:exa mple.org",
            "@élise:example.org",
            "@alice:example.org:",
            "@alice:example.org:port",
            "@alice:example.org:123456",
            "@alice::8448",
            "@alice:[::1",
            "@alice:[::1]8448",
            "@alice:[not-ipv6]",
            "@alice:exa_mple.org",
        ] {
            assert!(!is_user_id(bad), "{bad:?} should be refused");
        }
    }

    #[test]
    fn identifiers_longer_than_255_bytes_are_refused() {
        let server = ":example.org";
        let fits = format!("@{}{server}", "a".repeat(MAX_BYTES - 1 - server.len()));
        assert_eq!(fits.len(), MAX_BYTES);
        assert!(is_user_id(&fits));
        let longer = format!("@a{}", &fits[1..]);
        assert!(!is_user_id(&longer));
        assert!(!is_room_id_or_alias(&format!("#{}", &longer[1..])));
        assert!(!is_room_id_or_alias(&format!("!{}", &longer[1..])));
    }

    #[test]
    fn rooms_by_id_or_alias() {
        for ok in [
            "!abcdef:example.org",
            "!abcdef:[::1]:8448",
            // Room version 12: no server in the id.
            "!ZjHoOhy8ktkYd8cntDTxNzBgbmv7pX4UtLAvWQoNkf8",
            "#office:example.org",
            "#bureau-café:example.org",
            "#office:localhost:8008",
        ] {
            assert!(is_room_id_or_alias(ok), "{ok:?} should be a room");
        }
        for bad in [
            "",
            "office",
            "@office:example.org",
            "!",
            "!:example.org",
            "!abc def:example.org",
            "!abc:",
            "!abc:bad host",
            "#office",
            "#:example.org",
            "#office:",
            "#off\0ice:example.org",
            "#office:exa mple.org",
            "#office:[::1",
        ] {
            assert!(!is_room_id_or_alias(bad), "{bad:?} should be refused");
        }
    }
}
