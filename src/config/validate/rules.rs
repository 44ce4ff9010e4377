//! The collective's rules: `[proposals]` (delay, reminders, budget cap), `[punch]`
//! (hours), `[standup]` and `[membership]`.

use chrono::Duration;

use super::check::{in_range, one_of, parse_offset, problem, reminders};
use crate::config::raw::{RawMembership, RawProposals, RawPunch, RawStandup};
use crate::config::{Problem, ProblemKind, ProposalRules, PunchRules, StandupRules};
use crate::domain::membership::Rules as MembershipRules;
use crate::domain::proposal::Money;

/// A year of business hours: the longest delay before a proposal is adopted.
const MAX_DELAY_HOURS: i64 = 24 * 365;

/// The largest budget cap, in whole currency units.
const MAX_BUDGET_CAP: i64 = 1_000_000_000;

pub(super) fn proposals(raw: &RawProposals, p: &mut Vec<Problem>) -> ProposalRules {
    let delay = in_range(
        "proposals.delay_business_hours",
        raw.delay_business_hours,
        1..=MAX_DELAY_HOURS,
        p,
    );
    let mut reminders = reminders("proposals.reminders_before", &raw.reminders_before, p);
    reminders.sort_by(|a, b| b.cmp(a));
    // 0 means no cap.
    let cap = in_range("proposals.budget_cap", raw.budget_cap, 0..=MAX_BUDGET_CAP, p);
    ProposalRules {
        delay_hours: delay as u32,
        reminders,
        budget_cap: (cap > 0).then_some(Money(cap * 100)),
    }
}

pub(super) fn punch(raw: &RawPunch, p: &mut Vec<Problem>) -> PunchRules {
    // Whole minutes, at most a week.
    let mut span = |key: &str, value: &str, default: i64| match parse_offset(value) {
        Some(d) if d.num_seconds() % 60 == 0 && d <= Duration::days(7) => d,
        _ => {
            problem(p, format!("punch.{key}"), ProblemKind::BadDuration(value.to_owned()));
            Duration::minutes(default)
        }
    };
    let remind_after = match raw.remind_after.trim() {
        "" => None,
        value => Some(span("remind_after", value, 8 * 60)),
    };
    let timer_limit = span("timer_limit", &raw.timer_limit, 12 * 60);
    let undo_window = span("undo_window", &raw.undo_window, 30);
    let back = in_range("punch.max_days_back", raw.max_days_back, 0..=3660, p);
    PunchRules {
        timer_limit,
        undo_window,
        remind_after,
        max_days_back: back as u32,
    }
}

pub(super) fn standup(raw: &RawStandup, p: &mut Vec<Problem>) -> StandupRules {
    let minutes = in_range("standup.time_box_minutes", raw.time_box_minutes, 0..=120, p);
    let shuffle = one_of("standup.order", &raw.order, &[("rotate", false), ("shuffle", true)], p);
    StandupRules {
        time_box: (minutes > 0).then(|| Duration::minutes(minutes)),
        shuffle: shuffle.unwrap_or(false),
    }
}

pub(super) fn membership(m: &RawMembership, p: &mut Vec<Problem>) -> MembershipRules {
    let mut field =
        |key: &str, value: i64, min: i64, max: i64| in_range(&format!("membership.{key}"), value, min..=max, p);
    MembershipRules {
        months: field("months", m.months, 1, 12) as u32,
        min_committees: field("min_committees", m.min_committees, 0, 50) as u32,
        min_reflection: field("min_reflection_meetings", m.min_reflection_meetings, 0, 50) as u32,
        min_minutes_per_month: field("min_hours_per_month", m.min_hours_per_month, 0, 744) * 60,
        warn_minutes_total: field("warn_below_hours", m.warn_below_hours, 0, 10_000) * 60,
        max_absence: Duration::weeks(field("max_absence_weeks", m.max_absence_weeks, 1, 52)),
    }
}
