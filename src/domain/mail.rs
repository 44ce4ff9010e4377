//! [`MailPref`]: what a member chose to receive by e-mail — a word of the roster, of
//! `!mail` and of the database, used by the parser, the configuration and the core alike.

/// What a member receives by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailPref {
    /// Every proposal and what happens to it, as it happens.
    #[default]
    All,
    /// Only the digest of open proposals, when the digest schedule runs.
    Digest,
    /// Nothing.
    None,
}

impl MailPref {
    pub const ALL: [MailPref; 3] = [MailPref::All, MailPref::Digest, MailPref::None];

    /// The word stored in the database and written in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            MailPref::All => "all",
            MailPref::Digest => "digest",
            MailPref::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<MailPref> {
        MailPref::ALL.into_iter().find(|p| p.as_str() == s)
    }
}
