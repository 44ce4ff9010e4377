//! What meetings cost (issue 31; README, "Hours"): the share of the collective's worked
//! hours (paid and volunteer alike) that went to projects of kind meeting, month by month
//! — the collective's only, never a member's. On `!hours month all`, in the weekly digest
//! (last month's and this month's so far), each against `meetings.target_share` when it
//! is set; the web view's `/hours` draws it over the year (`web/pages/hours.rs`). Read
//! from the monthly totals the database keeps (`store/share.rs`), or from the report's
//! own totals.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::{Core, CoreResult, Message};
use crate::domain::duration::hours_text;
use crate::domain::share::{MonthShare, Share};
use crate::i18n::Lang;
use crate::t;

impl Core {
    /// The digest's lines on meetings: last month's share and this month's so far (only
    /// the months with hours recorded).
    pub(super) async fn meeting_cost_digest(&self, lang: Lang, now: DateTime<Utc>) -> CoreResult<Message> {
        let today = self.local_day(now);
        let first = today.with_day(1).unwrap_or(today);
        let previous = first.checked_sub_months(Months::new(1)).unwrap_or(first);
        let shares = self
            .store
            .meeting_shares(&month_code(previous), &month_code(first))
            .await?;
        let target = self.config().meetings.target_share;
        let mut message = Message::new();
        for s in &shares {
            let so_far = s.month == month_code(first);
            let month = if so_far { first } else { previous };
            if let Some(line) = share_line(lang, s, month, so_far, target) {
                message = message.line(line);
            }
        }
        Ok(message)
    }
}

fn month_code(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

/// "Meetings took 18.8% of the collective's hours in November 2026 (7h30 of 40h00),
/// above the 15% target." `None` when no hours were recorded.
pub(super) fn share_line(
    lang: Lang,
    s: &MonthShare,
    month: NaiveDate,
    so_far: bool,
    target: Option<Share>,
) -> Option<String> {
    let share = s.share()?;
    let month = super::format::month_year(lang, month);
    let when = if so_far {
        t!(lang, "meeting-share-so-far", "month" => month)
    } else {
        t!(lang, "meeting-share-in", "month" => month)
    };
    let id = match target {
        None => "meeting-share",
        Some(t) if share > t => "meeting-share-above",
        Some(_) => "meeting-share-within",
    };
    Some(t!(lang, id, "share" => share.text(lang), "when" => when,
        "meeting" => hours_text(s.meeting_minutes), "total" => hours_text(s.total_minutes),
        "target" => target.map(|t| t.text(lang)).unwrap_or_default()))
}
