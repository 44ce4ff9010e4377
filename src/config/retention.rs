//! How long konbit keeps each kind of personal data (`[privacy]`'s `keep_hours_years` and
//! `[privacy.retention]`; docs/privacy.md): the daily retention run deletes what passed
//! its period. Each kind is a number of days written as a duration (`"90d"`), or `""` to
//! keep it until the member is erased.

use serde::Deserialize;

/// A kind of personal data with a retention period of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kept {
    /// Reminders delivered (one-off) or cancelled: deleted this long after they were set
    /// (or cancelled).
    Reminders,
    /// Stand-up updates sent beforehand (`!update`), used by a round or not.
    StandupUpdates,
    /// Finished stand-up rounds (their summary: who spoke, and their lines).
    Standups,
    /// Justified absences and their reasons, counted from their last day.
    Absences,
    /// Mail replies handled (their Message-ID) and usage answers sent to an address.
    MailReplies,
    /// Page and download links revoked or expired, counted from their end.
    WebLinks,
    /// Hours entries undone or deleted (never counted).
    UndoneHours,
}

impl Kept {
    pub const ALL: [Kept; 7] = [
        Kept::Reminders,
        Kept::StandupUpdates,
        Kept::Standups,
        Kept::Absences,
        Kept::MailReplies,
        Kept::WebLinks,
        Kept::UndoneHours,
    ];

    /// Its key under `[privacy.retention]`.
    pub fn key(self) -> &'static str {
        match self {
            Kept::Reminders => "reminders",
            Kept::StandupUpdates => "standup_updates",
            Kept::Standups => "standups",
            Kept::Absences => "absences",
            Kept::MailReplies => "mail_replies",
            Kept::WebLinks => "web_links",
            Kept::UndoneHours => "undone_hours",
        }
    }

    /// Its default period, in days.
    pub fn default_days(self) -> u32 {
        match self {
            Kept::Reminders => 90,
            Kept::StandupUpdates => 30,
            Kept::Standups => 365,
            Kept::Absences => 730,
            Kept::MailReplies => 365,
            Kept::WebLinks => 30,
            Kept::UndoneHours => 90,
        }
    }
}

/// The retention periods in force, in days; `None`: kept until the member is erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    days: [Option<u32>; Kept::ALL.len()],
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            days: Kept::ALL.map(|k| Some(k.default_days())),
        }
    }
}

impl Retention {
    /// How many days `kind` is kept; `None`: until the member is erased.
    pub fn days(&self, kind: Kept) -> Option<u32> {
        self.days[kind as usize]
    }

    pub(super) fn set(&mut self, kind: Kept, days: Option<u32>) {
        self.days[kind as usize] = days;
    }
}

/// The longest period a kind may be given: a century.
pub const MAX_DAYS: i64 = 36_500;

/// `[privacy.retention]` as written: each kind's period, `"90d"` or `""`.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct RawRetention {
    pub reminders: String,
    pub standup_updates: String,
    pub standups: String,
    pub absences: String,
    pub mail_replies: String,
    pub web_links: String,
    pub undone_hours: String,
}

impl RawRetention {
    /// The value written for `kind`.
    pub fn get(&self, kind: Kept) -> &str {
        match kind {
            Kept::Reminders => &self.reminders,
            Kept::StandupUpdates => &self.standup_updates,
            Kept::Standups => &self.standups,
            Kept::Absences => &self.absences,
            Kept::MailReplies => &self.mail_replies,
            Kept::WebLinks => &self.web_links,
            Kept::UndoneHours => &self.undone_hours,
        }
    }
}

impl Default for RawRetention {
    fn default() -> Self {
        let d = |k: Kept| format!("{}d", k.default_days());
        RawRetention {
            reminders: d(Kept::Reminders),
            standup_updates: d(Kept::StandupUpdates),
            standups: d(Kept::Standups),
            absences: d(Kept::Absences),
            mail_replies: d(Kept::MailReplies),
            web_links: d(Kept::WebLinks),
            undone_hours: d(Kept::UndoneHours),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_key_and_a_default() {
        let keys: std::collections::HashSet<_> = Kept::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(keys.len(), Kept::ALL.len());
        for (i, k) in Kept::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(RawRetention::default().get(*k), format!("{}d", k.default_days()));
            assert_eq!(Retention::default().days(*k), Some(k.default_days()));
        }
    }
}
