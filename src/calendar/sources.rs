//! What the feeds show, read from the configuration and the store: the meetings of the
//! configured schedule, each proposal's deadline and the meeting it was deferred to, and
//! a member's reminders.

use chrono::{DateTime, Duration, Utc};

use super::event::Event;
use super::ics::headline;
use super::{Span, slug};
use crate::config::Config;
use crate::domain::calendar::MeetingKind;
use crate::domain::proposal::{Proposal, State};
use crate::domain::schedule::{OnHoliday, delivery, next_weekly};
use crate::i18n::{Lang, Verb, command_name};
use crate::store::{Reminder, Store, StoreError, Target};
use crate::t;

/// How long a meeting is shown: the schedule gives its start only.
const MEETING_LENGTH: Duration = Duration::hours(1);
/// At most this many occurrences of one meeting (a cron schedule could ask for more).
const MAX_OCCURRENCES: usize = 1_000;
/// Characters of a proposal's or reminder's text in a title (all of it is in the description).
const TITLE_CHARS: usize = 60;

/// The title of a meeting, as the bot names it in chat.
fn meeting_title(lang: Lang, committee: &str) -> String {
    match committee {
        "production" => t!(lang, "meeting-production"),
        "reflection" => t!(lang, "meeting-reflection"),
        other => t!(lang, "meeting-committee", "name" => other.to_owned()),
    }
}

/// The first letter in upper case (a title in a calendar starts like a sentence).
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The scheduled meetings in `span`; one that falls on a holiday is there, cancelled.
pub(super) fn meetings(config: &Config, lang: Lang, span: Span, domain: &str) -> Vec<Event> {
    let cal = &config.calendar;
    let m = &config.meetings;
    let scheduled = [
        ("production", m.production.as_ref()),
        ("reflection", m.reflection.as_ref()),
    ]
    .into_iter()
    .chain(m.committees.iter().map(|c| (c.name.as_str(), c.schedule.as_ref())));
    let mut events = Vec::new();
    for (committee, recurrence) in scheduled {
        let Some(recurrence) = recurrence else { continue };
        let title = capitalized(&meeting_title(lang, committee));
        let mut after = span.from - Duration::seconds(1);
        for _ in 0..MAX_OCCURRENCES {
            let Some(at) = recurrence.next_any(cal, after).filter(|at| *at <= span.to) else {
                break;
            };
            after = at;
            let day = cal.local(at).date();
            let holiday = cal.is_holiday(day);
            events.push(Event {
                uid: format!("meeting-{}-{day}@{domain}", slug(committee)),
                tz: config.collective.tz,
                start: at,
                end: Some(at + MEETING_LENGTH),
                weekly: None,
                summary: title.clone(),
                description: if holiday {
                    t!(lang, "cal-meeting-holiday")
                } else {
                    String::new()
                },
                cancelled: holiday,
                sequence: u32::from(holiday),
                last_modified: None,
                transparent: false,
            });
        }
    }
    events
}

/// The agenda prepared ahead (`!agenda add`) in the description of each committee's next
/// meeting that takes place; the proposals it decides are events of their own.
pub(super) async fn agendas(
    store: &Store,
    config: &Config,
    lang: Lang,
    events: &mut [Event],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let m = &config.meetings;
    let committees = ["production", "reflection"]
        .into_iter()
        .chain(m.committees.iter().map(|c| c.name.as_str()));
    for committee in committees {
        let prefix = format!("meeting-{}-", slug(committee));
        let Some(next) = events
            .iter_mut()
            .filter(|e| !e.cancelled && e.start > now)
            // `meeting-SLUG-DAY@…`: this committee's, not one whose name extends it.
            .filter(|e| {
                e.uid
                    .strip_prefix(&prefix)
                    .and_then(|rest| rest.split('@').next())
                    .is_some_and(|day| day.parse::<chrono::NaiveDate>().is_ok())
            })
            .min_by_key(|e| e.start)
        else {
            continue;
        };
        let items = store.agenda_ahead(committee).await?;
        if items.is_empty() {
            continue;
        }
        let mut description = t!(lang, "agenda-heading", "meeting" => meeting_title(lang, committee));
        for i in &items {
            description.push('\n');
            description.push_str(&crate::domain::agenda::line(
                lang, i.id, &i.title, i.kind, i.minutes, &i.author,
            ));
        }
        next.description = description;
    }
    Ok(())
}

/// Whether a meeting decides `p` (rather than its deadline): it was deferred by a veto or
/// the budget cap and is still, or was decided there.
fn decided_at_meeting(p: &Proposal) -> bool {
    match p.state {
        State::Deferred | State::Rejected => true,
        State::Open | State::Withdrawn => false,
        State::Adopted => p.over_budget || p.standing_vetoes().next().is_some() || p.closed_at != Some(p.deadline),
    }
}

/// Where the feed puts a proposal's meeting item: the committee and start of the meeting.
#[derive(Debug, Clone, PartialEq)]
struct AtMeeting {
    committee: String,
    at: DateTime<Utc>,
    /// How many times the item moved to a later meeting (one a meeting passed without
    /// deciding it), and when it last did.
    moves: u32,
    moved_at: Option<DateTime<Utc>>,
}

fn committee_of(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Production => "production",
        MeetingKind::Reflection => "reflection",
    }
}

/// The meeting the bot names for `p`: while it is deferred, the one `!proposals` and the
/// pages name (`Proposal::deciding_meeting`: the meeting it was sent to while that is
/// ahead, else the next one); once a meeting decided it, that meeting (`decided`, as
/// recorded); otherwise the one it was sent to. Each scheduled meeting that passed
/// before `until` (now, or the decision) without deciding it is a move, so that a client
/// sees the item's new time as a change.
fn meeting_of(
    config: &Config,
    p: &Proposal,
    decided: Option<&(String, DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> Option<AtMeeting> {
    let (sent_kind, sent_at) = p.deferred_to?;
    let meetings = &config.meetings;
    let cal = &config.calendar;
    let by_meeting = decided_at_meeting(p) && p.state != State::Deferred;
    let until = match (by_meeting, p.closed_at) {
        (true, Some(closed)) => closed.min(now),
        _ => now,
    };
    let (mut moves, mut moved_at) = (0u32, None);
    if p.state == State::Deferred || by_meeting {
        let mut passed = sent_at;
        for _ in 0..MAX_OCCURRENCES {
            if passed > until {
                break;
            }
            moves += 1;
            moved_at = Some(passed);
            match meetings.next_deciding(cal, passed) {
                Some((_, next)) => passed = next,
                None => break,
            }
        }
    }
    let (committee, at) = match (p.state, decided) {
        (State::Deferred, _) => {
            let (kind, at) = p.deciding_meeting(now, meetings.next_deciding(cal, now))?;
            (committee_of(kind).to_owned(), at)
        }
        (_, Some((committee, started))) if by_meeting => (committee.clone(), *started),
        _ => (committee_of(sent_kind).to_owned(), sent_at),
    };
    Some(AtMeeting {
        committee,
        at,
        moves,
        moved_at,
    })
}

/// How many times `p` changed since it was made, and when it last did.
fn changes(p: &Proposal, now: DateTime<Utc>) -> (u32, DateTime<Utc>) {
    let instants = p
        .vetoes
        .iter()
        .flat_map(|v| [Some(v.at), v.lifted_at])
        .chain([p.closed_at])
        .flatten();
    let mut count = 0u32;
    let mut last = p.created_at;
    for at in instants {
        count = count.saturating_add(1);
        last = last.max(at.min(now));
    }
    (count, last)
}

fn state_word(lang: Lang, state: State) -> String {
    match state {
        State::Open => t!(lang, "state-open"),
        State::Deferred => t!(lang, "state-deferred"),
        State::Adopted => t!(lang, "state-adopted"),
        State::Rejected => t!(lang, "state-rejected"),
        State::Withdrawn => t!(lang, "state-withdrawn"),
    }
}

/// Each proposal's deadline and the meeting it was deferred to, when in `span`. A
/// withdrawn proposal's events are cancelled; so is the deadline of one a meeting decides,
/// and the meeting of one whose deadline decides (its veto lifted).
pub(super) async fn proposals(
    store: &Store,
    config: &Config,
    lang: Lang,
    span: Span,
    domain: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, StoreError> {
    let all = store
        .proposals_in(&[
            State::Open,
            State::Deferred,
            State::Adopted,
            State::Rejected,
            State::Withdrawn,
        ])
        .await?;
    let decided = store.meeting_decisions(span.from - Duration::days(1)).await?;
    let tz = config.collective.tz;
    let mut events = Vec::new();
    for (p, _) in all {
        let at_meeting = meeting_of(config, &p, decided.get(&p.id), now).filter(|m| span.contains(m.at));
        if !span.contains(p.deadline) && at_meeting.is_none() {
            continue;
        }
        let meeting_decides = decided_at_meeting(&p);
        let withdrawn = p.state == State::Withdrawn;
        let (mut sequence, mut modified) = changes(&p, now);
        if let Some(m) = &at_meeting {
            sequence = sequence.saturating_add(m.moves);
            modified = modified.max(m.moved_at.unwrap_or(modified));
        }
        let id = p.id.0;
        let short = headline(&p.text, TITLE_CHARS);
        let mut details = vec![
            t!(lang, "cal-proposal-head", "id" => id, "proposer" => p.proposer.clone(), "text" => p.text.clone()),
            t!(lang, "cal-status", "state" => state_word(lang, p.state)),
        ];
        details.extend(
            p.standing_vetoes()
                .map(|v| t!(lang, "cal-veto", "vetoer" => v.vetoer.clone(), "reason" => v.reason.clone())),
        );
        if let Some(note) = &p.outcome_note {
            details.push(t!(lang, "proposal-detail-note", "note" => note.clone()));
        }
        if span.contains(p.deadline) {
            let mut description = details.clone();
            if p.state == State::Open {
                description.push(t!(lang, "cal-deadline-open", "veto" => command_name(lang, Verb::Veto), "id" => id));
            }
            events.push(Event {
                uid: format!("proposal-{id}-deadline@{domain}"),
                tz,
                start: p.deadline,
                end: None,
                weekly: None,
                summary: t!(lang, "cal-deadline-summary", "id" => id, "text" => short.clone()),
                description: description.join("\n"),
                cancelled: withdrawn || meeting_decides,
                sequence,
                last_modified: Some(modified),
                transparent: true,
            });
        }
        if let Some(m) = at_meeting {
            let meeting = meeting_title(lang, &m.committee);
            events.push(Event {
                uid: format!("proposal-{id}-meeting@{domain}"),
                tz,
                start: m.at,
                end: None,
                weekly: None,
                summary: t!(lang, "cal-deferred-summary", "id" => id, "meeting" => meeting, "text" => short),
                description: details.join("\n"),
                cancelled: withdrawn || !meeting_decides,
                sequence,
                last_modified: Some(modified),
                transparent: true,
            });
        }
    }
    Ok(events)
}

/// The reminders `member` set or gets. A weekly one is one recurring event, its
/// occurrences skipped for a holiday or the target's leave (up to the span's end) left out.
pub(super) async fn reminders(
    store: &Store,
    config: &Config,
    lang: Lang,
    member: &str,
    span: Span,
    domain: &str,
) -> Result<Vec<Event>, StoreError> {
    let cal = &config.calendar;
    let mut events = Vec::new();
    for r in store.reminders_of(member).await? {
        let Some(start) = r.deliver_at else { continue };
        let leave = match &r.target {
            Target::Member(m) => {
                let day = |t: DateTime<Utc>| t.with_timezone(&r.tz).date_naive();
                store.absences(day(start), day(span.to), Some(m)).await?
            }
            Target::Room(_) => Vec::new(),
        };
        let target = match &r.target {
            Target::Member(m) => Some(m.as_str()),
            Target::Room(_) => None,
        };
        let blocked = |d: chrono::NaiveDate| {
            cal.is_holiday(d) || target.is_some_and(|m| leave.iter().any(|a| a.member == m && a.from <= d && d <= a.to))
        };
        let weekly = r.every.map(|(day, time)| {
            let mut skipped = Vec::new();
            let mut at = start;
            for _ in 0..MAX_OCCURRENCES {
                at = next_weekly(day, time, at, r.tz);
                if at > span.to {
                    break;
                }
                if delivery(cal, r.tz, at, OnHoliday::Skip, blocked).is_none() {
                    skipped.push(at);
                }
            }
            (day, skipped)
        });
        events.push(Event {
            uid: format!("reminder-{}@{domain}", r.id),
            tz: r.tz,
            start,
            end: None,
            weekly,
            summary: t!(lang, "cal-reminder-summary", "text" => headline(&r.text, TITLE_CHARS)),
            description: reminder_description(lang, member, &r),
            cancelled: false,
            sequence: 0,
            last_modified: None,
            transparent: true,
        });
    }
    Ok(events)
}

fn reminder_description(lang: Lang, member: &str, r: &Reminder) -> String {
    let mut lines = vec![r.text.clone()];
    match &r.target {
        Target::Room(room) => lines.push(t!(lang, "cal-reminder-room", "room" => room.clone())),
        Target::Member(m) if m != member => lines.push(t!(lang, "cal-reminder-for", "member" => m.clone())),
        Target::Member(_) => {}
    }
    if r.owner != member {
        lines.push(t!(lang, "cal-reminder-from", "owner" => r.owner.clone()));
    }
    lines.join("\n")
}
