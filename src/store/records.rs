//! The rows of a member's archive (`privacy.rs`), one struct per kind: flat, so that each
//! kind is both a list in the JSON and a CSV file with a header line.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// An instant as stored (UTC milliseconds), for serde: RFC 3339.
pub type At = DateTime<Utc>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HourRow {
    pub id: i64,
    pub project: String,
    pub day: String,
    pub minutes: i64,
    pub volunteer: bool,
    pub note: Option<String>,
    pub source: String,
    pub recorded_at: At,
    /// Undone or deleted (never counted).
    pub deleted_at: Option<At>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimerRow {
    pub project: String,
    pub volunteer: bool,
    pub note: Option<String>,
    pub started_at: At,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsenceRow {
    pub id: i64,
    pub from_day: String,
    pub to_day: String,
    pub reason: String,
    pub recorded_at: At,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceRow {
    pub meeting_id: i64,
    pub committee: String,
    pub meeting_started_at: At,
    pub at: At,
    /// `here` (said `!here`) or `standup` (took part in a round).
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRow {
    pub id: i64,
    pub committee: String,
    pub room: String,
    pub started_at: At,
    pub ended_at: Option<At>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub meeting_id: i64,
    pub kind: String,
    pub who: Option<String>,
    pub text: String,
    pub at: At,
    /// Said by the member (`true`), or an action someone gave them (`false`).
    pub yours: bool,
}

/// An item the member added to a meeting's agenda (`!agenda add`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItemRow {
    pub id: i64,
    pub committee: String,
    pub title: String,
    /// `info`, `brainstorm` or `decision`.
    pub kind: String,
    /// The time box, in minutes.
    pub minutes: i64,
    /// The proposal a decision item names, if any.
    pub proposal_id: Option<i64>,
    pub added_at: At,
    /// The meeting that took it up; none while it waits for its meeting.
    pub meeting_id: Option<i64>,
}

/// A facilitation role the member was drawn for (`!roles`), and when they handed it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleRow {
    pub role: String,
    pub committee: String,
    /// The meeting's scheduled instant.
    pub meeting_at: At,
    /// The meeting that took this team when it started; none before.
    pub meeting_id: Option<i64>,
    pub drawn_at: At,
    /// Handed back (`!roles pass`).
    pub passed_at: Option<At>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalRow {
    pub id: i64,
    pub room: String,
    pub text: String,
    pub budget_cents: Option<i64>,
    pub state: String,
    pub created_at: At,
    pub deadline_at: At,
    pub closed_at: Option<At>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VetoRow {
    pub id: i64,
    pub proposal_id: i64,
    pub reason: String,
    pub created_at: At,
    pub lifted_at: Option<At>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderRow {
    pub id: i64,
    /// Set by the member (`true`), or for them by someone else (`false`).
    pub yours: bool,
    /// `member` or `room`.
    pub target_kind: String,
    pub target: String,
    pub text: String,
    pub time_zone: String,
    pub every_weekday: Option<i64>,
    pub every_time: Option<String>,
    pub next_due: Option<At>,
    pub created_at: At,
    pub cancelled_at: Option<At>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateRow {
    pub id: i64,
    pub line: String,
    pub at: At,
    /// Read into a round already.
    pub used: bool,
}

/// The member's part of one stand-up round: how their turn went, one row per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TurnRow {
    pub round_id: i64,
    pub room: String,
    pub started_at: At,
    /// `spoke`, `read`, `passed`, `absent`, `not_called`, or `running`.
    pub outcome: String,
    pub tag: Option<String>,
    pub line: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRow {
    /// `page` (`!web`) or `download` (`!mydata`).
    pub kind: String,
    pub created_at: At,
    pub expires_at: Option<At>,
    pub revoked_at: Option<At>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailChoiceRow {
    pub choice: String,
    pub changed_at: At,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailReplyRow {
    pub message_id: String,
    pub handled_at: At,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailUsageRow {
    pub proposal: i64,
    pub sent_at: At,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddedProjectRow {
    pub name: String,
    pub added_at: At,
}

/// A private message or mail to the member not delivered yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingRow {
    pub id: i64,
    pub created_at: At,
    pub text: String,
}
