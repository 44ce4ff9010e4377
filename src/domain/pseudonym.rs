//! Replacing a member's name and handles by their pseudonym in a text (`konbit erase
//! member`, docs/privacy.md): whole words only, in any case, the longest first (an e-mail
//! address before the name it contains), so that `alice` goes from "alice will call" and
//! "@alice:example.org" but "malice" stays as written.

/// `text` with every whole-word occurrence of a needle (any case) replaced by `with`.
pub fn scrub(text: &str, needles: &[String], with: &str) -> String {
    let mut needles: Vec<Vec<char>> = needles
        .iter()
        .map(|n| n.chars().map(lower).collect::<Vec<char>>())
        .filter(|n| !n.is_empty())
        .collect();
    needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    needles.dedup();
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().copied().map(lower).collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'scan: while i < chars.len() {
        for n in &needles {
            let end = i + n.len();
            if end <= chars.len()
                && folded[i..end] == n[..]
                && !(word(n[0]) && i > 0 && word(chars[i - 1]))
                && !(word(n[n.len() - 1]) && end < chars.len() && word(chars[end]))
            {
                out.push_str(with);
                i = end;
                continue 'scan;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether any needle occurs in `text` as `scrub` would replace it.
pub fn mentions(text: &str, needles: &[String]) -> bool {
    scrub(text, needles, "\u{0}") != text
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn whole_words_in_any_case_longest_first() {
        let n = needles(&["alice", "al", "@alice:example.org", "alice@example.org"]);
        assert_eq!(
            scrub(
                "Alice will call; ask AL or @alice:example.org (alice@example.org).",
                &n,
                "former-member-1"
            ),
            "former-member-1 will call; ask former-member-1 or former-member-1 (former-member-1)."
        );
        assert_eq!(scrub("malice and alicexyz", &n, "X"), "malice and alicexyz");
        assert_eq!(scrub("Élodie et élodie_b", &needles(&["élodie"]), "X"), "X et élodie_b");
        assert_eq!(scrub("alice\\_b", &needles(&["alice\\_b"]), "X"), "X");
        assert!(mentions("merci alice", &n));
        assert!(!mentions("merci malice", &n));
        assert_eq!(scrub("", &n, "X"), "");
        assert_eq!(scrub("alice", &needles(&[""]), "X"), "alice");
    }
}
