//! The calendar feeds: the collective's (`/calendar.ics`) and each member's own, as
//! iCalendar text (RFC 5545) that phones and Outlook subscribe to.
//!
//! The collective's feed holds the meetings of the configured schedule (one on a holiday
//! is there, cancelled), each proposal's deadline and the meeting a proposal was deferred
//! to, from 90 days back to a year ahead; a member's feed adds the reminders they set or
//! get. Each event's `UID` names what it is (`meeting-production-2026-12-01@collective`,
//! `proposal-12-deadline@collective`), so it is the same across requests and restarts, and
//! a change shows as a higher `SEQUENCE` with `LAST-MODIFIED`, or `STATUS:CANCELLED` (a
//! withdrawn proposal, a deadline made moot by a veto). Times are local to the collective's
//! zone (a reminder's: its own) with a generated `VTIMEZONE`. Titles and descriptions are
//! in the collective's language (a member's feed: the member's).
//!
//! Files: `sources.rs` what the feeds show, `event.rs` one `VEVENT`, `vtimezone.rs` the
//! zones, `ics.rs` the text format (escaping, folding). The clock is never read: `now`
//! is an argument (`DTSTAMP` and the span).

mod event;
mod ics;
mod sources;
mod vtimezone;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::{Store, StoreError};
use crate::t;
use event::Event;
use ics::Lines;

/// How far back the feeds go.
pub const PAST_DAYS: i64 = 90;
/// How far ahead they go.
pub const AHEAD_DAYS: i64 = 365;

/// The instants a feed covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

impl Span {
    fn around(now: DateTime<Utc>) -> Span {
        Span {
            from: now - Duration::days(PAST_DAYS),
            to: now + Duration::days(AHEAD_DAYS),
        }
    }

    fn contains(self, at: DateTime<Utc>) -> bool {
        self.from <= at && at <= self.to
    }
}

/// The collective's feed: meetings, proposal deadlines, meetings proposals were deferred to.
pub async fn collective_feed(store: &Store, config: &Config, now: DateTime<Utc>) -> Result<String, StoreError> {
    let lang = config.collective.lang;
    let events = collective_events(store, config, lang, now).await?;
    let name = t!(lang, "cal-name", "collective" => config.collective.name.clone());
    Ok(render(config, &name, events, now))
}

/// `member`'s feed: the collective's events and the reminders `member` set or gets, in
/// the member's language.
pub async fn member_feed(
    store: &Store,
    config: &Config,
    member: &str,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let lang = config.lang_for(member);
    let mut events = collective_events(store, config, lang, now).await?;
    let domain = slug(&config.collective.name);
    events.extend(sources::reminders(store, config, lang, member, Span::around(now), &domain).await?);
    let name =
        t!(lang, "cal-member-name", "collective" => config.collective.name.clone(), "member" => member.to_owned());
    Ok(render(config, &name, events, now))
}

async fn collective_events(
    store: &Store,
    config: &Config,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, StoreError> {
    let span = Span::around(now);
    let domain = slug(&config.collective.name);
    let mut events = sources::meetings(config, lang, span, &domain);
    sources::agendas(store, config, lang, &mut events, now).await?;
    events.extend(sources::proposals(store, config, lang, span, &domain, now).await?);
    Ok(events)
}

/// Lower-case ASCII letters, digits and dashes: the collective's name as the right-hand
/// side of a `UID` (`Coop Le Grenier` → `coop-le-grenier`).
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "konbit".to_owned() } else { out }
}

fn render(config: &Config, name: &str, mut events: Vec<Event>, now: DateTime<Utc>) -> String {
    events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.uid.cmp(&b.uid)));
    let span = Span::around(now);
    // Each zone with the instants its events need.
    let mut zones: Vec<(Tz, DateTime<Utc>, DateTime<Utc>)> = vec![(config.collective.tz, span.from, span.to)];
    for e in &events {
        let last = e.end.unwrap_or(e.start);
        match zones.iter_mut().find(|(tz, _, _)| *tz == e.tz) {
            Some((_, from, to)) => {
                *from = (*from).min(e.start);
                *to = (*to).max(last);
            }
            None => zones.push((e.tz, e.start.min(span.from), last.max(span.to))),
        }
    }
    let mut lines = Lines::default();
    lines.raw("BEGIN", "VCALENDAR");
    lines.raw("VERSION", "2.0");
    lines.text(
        "PRODID",
        &format!("-//konbit//konbit {}//EN", env!("CARGO_PKG_VERSION")),
    );
    lines.raw("CALSCALE", "GREGORIAN");
    lines.raw("METHOD", "PUBLISH");
    lines.text("NAME", name);
    lines.text("X-WR-CALNAME", name);
    lines.raw("X-WR-TIMEZONE", config.collective.tz.name());
    lines.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    lines.raw("X-PUBLISHED-TTL", "PT1H");
    for (tz, from, to) in zones {
        vtimezone::write(&mut lines, tz, from, to);
    }
    for e in &events {
        e.write(&mut lines, now);
    }
    lines.raw("END", "VCALENDAR");
    lines.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_uid_domains() {
        assert_eq!(slug("Coop Le Grenier"), "coop-le-grenier");
        assert_eq!(slug("Café  «Ouvrier»!"), "caf-ouvrier");
        assert_eq!(slug("   "), "konbit");
        assert_eq!(slug("Ünï"), "n");
    }
}
