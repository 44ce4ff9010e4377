//! `check-config --connect --env-file FILE`: the variables of a systemd `EnvironmentFile=`,
//! read as systemd reads them, so that the check sees the passwords the service will see.
//!
//! A shell's `set -a; . konbit.env` does not: it expands `$` (`pa$$w0rd` becomes
//! `pa` and a process id), splits on spaces and runs what is in backquotes, while systemd
//! takes the text as it is. The rules (systemd.exec(5), `EnvironmentFile=`):
//!
//! - empty lines, lines starting with `#` or `;`, and lines without `=` are ignored;
//! - whitespace around the name and around the value is dropped, inside the value kept;
//! - an unquoted value: a backslash keeps the next character (`\\` is `\`), and one at the
//!   end of a line continues the value on the next; quotes after its first character are
//!   ordinary characters;
//! - `'…'`: everything verbatim up to the next `'`, over several lines if need be (quoted
//!   pieces put side by side make one value: `'it''s'` is `its`);
//! - `"…"`: a backslash before `"`, `\`, `` ` `` or `$` keeps that character, before a
//!   line break joins the lines, before anything else stays with it;
//! - no `$` expansion anywhere.

/// The `NAME=value` pairs of `text`, in order; a name that is not a valid variable name
/// (letters, digits, `_`, not starting with a digit) is left out, as systemd does.
pub fn parse(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        // Leading whitespace, then a comment, an empty line or a name.
        while chars.peek().is_some_and(|c| matches!(c, ' ' | '\t' | '\r')) {
            chars.next();
        }
        if matches!(chars.peek(), Some('#' | ';')) {
            skip_line(&mut chars);
            continue;
        }
        let mut name = String::new();
        let mut assigned = false;
        for c in chars.by_ref() {
            match c {
                '=' => {
                    assigned = true;
                    break;
                }
                '\n' => break,
                c => name.push(c),
            }
        }
        if !assigned {
            continue;
        }
        let value = value(&mut chars);
        let name = name.trim_end_matches([' ', '\t']);
        if valid_name(name) {
            out.push((name.to_owned(), value));
        }
    }
    out
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if c == '\n' {
            break;
        }
    }
}

/// A value, after its `=`: quoted pieces and at most one unquoted rest, up to the end of
/// its (last) line.
fn value(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut v = String::new();
    // Between pieces: whitespace skipped, a quote opens a quoted piece.
    while let Some(c) = chars.next() {
        match c {
            '\n' => return v,
            ' ' | '\t' | '\r' => {}
            '\'' => v.extend(chars.by_ref().take_while(|c| *c != '\'')),
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('\n') | None => {}
                            Some(e @ ('"' | '\\' | '`' | '$')) => v.push(e),
                            Some(e) => {
                                v.push('\\');
                                v.push(e);
                            }
                        },
                        c => v.push(c),
                    }
                }
            }
            first => {
                // Unquoted to the end of the line; quotes are ordinary characters here.
                let mut rest = String::new();
                let mut next = Some(first);
                while let Some(c) = next {
                    match c {
                        '\n' => break,
                        '\\' => match chars.next() {
                            Some('\n') | None => {}
                            Some(e) => rest.push(e),
                        },
                        c => rest.push(c),
                    }
                    next = chars.next();
                }
                v.push_str(rest.trim_end_matches([' ', '\t', '\r']));
                return v;
            }
        }
    }
    v
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(&'static str, String)> {
        parse(text)
            .into_iter()
            .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), v))
            .collect()
    }

    #[test]
    fn a_dollar_is_a_dollar_as_for_systemd() {
        assert_eq!(
            pairs("KONBIT_IRC_PASSWORD=pa$$w0rd\n"),
            [("KONBIT_IRC_PASSWORD", "pa$$w0rd".to_owned())]
        );
        assert_eq!(pairs("A=\"$HOME `id`\"\n"), [("A", "$HOME `id`".to_owned())]);
    }

    #[test]
    fn comments_blank_lines_and_lines_without_a_value_are_skipped() {
        let text = "# a comment\n; another\n\nNOT A PAIR\n  A = spaced value  \n1BAD=x\nB=\n";
        assert_eq!(pairs(text), [("A", "spaced value".to_owned()), ("B", String::new())]);
    }

    #[test]
    fn quotes_and_backslashes_follow_systemds_rules() {
        assert_eq!(pairs("A='it''s'\n"), [("A", "its".to_owned())]);
        assert_eq!(pairs("A='x\\y $z'\n"), [("A", "x\\y $z".to_owned())]);
        assert_eq!(
            pairs("A=\"say \\\"hi\\\" \\n\"\n"),
            [("A", "say \"hi\" \\n".to_owned())]
        );
        assert_eq!(pairs("A=a\\\\b\\ c\n"), [("A", "a\\b c".to_owned())]);
        assert_eq!(
            pairs("A=one\\\ntwo\nB=2\n"),
            [("A", "onetwo".to_owned()), ("B", "2".to_owned())]
        );
        assert_eq!(
            pairs("A='multi\nline'\nB=2"),
            [("A", "multi\nline".to_owned()), ("B", "2".to_owned())]
        );
        assert_eq!(pairs("A=x\"y\"\n"), [("A", "x\"y\"".to_owned())]);
    }
}
