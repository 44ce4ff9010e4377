//! What a project name is: the one rule shared by the commands that take a project
//! (`!punch 2h website`) and by the configuration's `[[projects]]` list, so a project the
//! configuration declares can always be typed.

/// Longest project name, in characters (the `hint-project-name-too-long` and
/// `config-project-name-too-long` messages say it).
pub const MAX_CHARS: usize = 40;

/// Why a word is not a project name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    /// Longer than [`MAX_CHARS`] characters.
    TooLong,
    /// Empty, or a character other than a letter, a digit, `-`, `_`, `.`, or not starting
    /// with a letter or a digit.
    Invalid,
}

/// A project name as typed, lowercased: letters, digits, `-`, `_`, `.`, starting with a
/// letter or a digit; 1 to [`MAX_CHARS`] characters. Surrounding spaces are ignored.
pub fn parse_name(word: &str) -> Result<String, NameError> {
    let name = word.trim().to_lowercase();
    if name.chars().count() > MAX_CHARS {
        return Err(NameError::TooLong);
    }
    let ok = name.chars().next().is_some_and(char::is_alphanumeric)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok { Ok(name) } else { Err(NameError::Invalid) }
}

/// [`parse_name`] without the reason.
pub fn name(word: &str) -> Option<String> {
    parse_name(word).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercased_and_trimmed() {
        assert_eq!(parse_name(" Website "), Ok("website".into()));
        assert_eq!(parse_name("café-2.0_b"), Ok("café-2.0_b".into()));
        assert_eq!(parse_name("9lives"), Ok("9lives".into()));
    }

    #[test]
    fn bad_names_say_why() {
        for bad in ["", "  ", "-x", ".x", "_x", "a b", "a/b", "a:b", "#x"] {
            assert_eq!(parse_name(bad), Err(NameError::Invalid), "{bad:?}");
        }
        assert_eq!(parse_name(&"p".repeat(MAX_CHARS)).map(|n| n.len()), Ok(MAX_CHARS));
        assert_eq!(parse_name(&"p".repeat(MAX_CHARS + 1)), Err(NameError::TooLong));
        // Counted in characters, not bytes.
        assert!(parse_name(&"é".repeat(MAX_CHARS)).is_ok());
        assert_eq!(name("a b"), None);
    }
}
