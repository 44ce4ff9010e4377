//! One calendar event as the feeds hold it, and its `VEVENT` text.

use chrono::{DateTime, Utc, Weekday};
use chrono_tz::Tz;

use super::ics::{Lines, utc_value, weekday_value};

/// An event of a feed: a meeting, a proposal's deadline or the meeting it was deferred
/// to, a member's reminder.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Event {
    /// Stable across requests and restarts: names what the event is, never a row order.
    pub uid: String,
    /// The zone its times are written in.
    pub tz: Tz,
    pub start: DateTime<Utc>,
    /// `None`: an instant (a deadline, a reminder).
    pub end: Option<DateTime<Utc>>,
    /// Weekly on this day, except these occurrences (a recurring reminder).
    pub weekly: Option<(Weekday, Vec<DateTime<Utc>>)>,
    pub summary: String,
    pub description: String,
    pub cancelled: bool,
    /// Bumped each time the event changes, so clients take the new version.
    pub sequence: u32,
    pub last_modified: Option<DateTime<Utc>>,
    /// Does not make the reader busy (deadlines, reminders).
    pub transparent: bool,
}

impl Event {
    pub fn write(&self, lines: &mut Lines, now: DateTime<Utc>) {
        lines.raw("BEGIN", "VEVENT");
        lines.text("UID", &self.uid);
        lines.raw("DTSTAMP", &utc_value(now));
        lines.local("DTSTART", self.tz, self.start);
        if let Some(end) = self.end {
            lines.local("DTEND", self.tz, end);
        }
        if let Some((day, except)) = &self.weekly {
            lines.raw("RRULE", &format!("FREQ=WEEKLY;BYDAY={}", weekday_value(*day)));
            for at in except {
                lines.local("EXDATE", self.tz, *at);
            }
        }
        lines.text("SUMMARY", &self.summary);
        if !self.description.is_empty() {
            lines.text("DESCRIPTION", &self.description);
        }
        lines.raw("STATUS", if self.cancelled { "CANCELLED" } else { "CONFIRMED" });
        lines.raw("SEQUENCE", &self.sequence.to_string());
        if let Some(at) = self.last_modified {
            lines.raw("LAST-MODIFIED", &utc_value(at));
        }
        if self.transparent {
            lines.raw("TRANSP", "TRANSPARENT");
        }
        lines.raw("END", "VEVENT");
    }
}
