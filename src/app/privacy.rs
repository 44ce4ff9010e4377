//! A member's data is theirs (docs/privacy.md): `!mydata` tells the member privately what
//! konbit holds about them (how many of each kind, the oldest and newest day) and gives a
//! private link to all of it, valid [`DATA_LINK_DAYS`] days; and the retention run
//! deletes what passed its period (`[privacy.retention]`, and the hours of former members
//! after `keep_hours_years`), at [`RETENTION_HOUR`] in the collective's zone on each day
//! something did, logging what it deleted. It is a due event like the others: its
//! instant comes from the oldest row of each kind, so an idle collective's clock is never
//! woken for nothing. Erasing a member is `crate::privacy::erase`.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, Utc};

use super::format::day_with_year;
use super::{Core, CoreResult, Effect, Incoming, Message};
use crate::config::Kept;
use crate::i18n::Lang;
use crate::message::{Row, Span, Stamp, Text};
use crate::{t, tm};

/// How long a download link of `!mydata` works.
pub const DATA_LINK_DAYS: i64 = 7;

/// When the retention run happens each day, local time (after midnight, before anyone
/// works; not in a daylight-saving gap in the zones konbit knows).
pub const RETENTION_HOUR: u32 = 4;

impl Core {
    /// `!mydata`: the summary, and the link (or how to ask the operator), privately.
    pub(super) async fn my_data(&self, msg: &Incoming, lang: Lang, who: &str) -> CoreResult<Vec<Effect>> {
        let config = self.config();
        let tz = config.collective.tz;
        let subject = crate::store::Subject::of(&config, who);
        let records = self.store.member_records(&subject).await?;
        let kinds: Vec<_> = records.summary(tz).into_iter().filter(|k| k.count > 0).collect();
        let mut private = Message::new();
        if kinds.is_empty() {
            private = private.line(t!(lang, "mydata-nothing"));
        } else {
            private = private.line(t!(lang, "mydata-head", "collective" => config.collective.name.clone()));
            let rows = kinds
                .iter()
                .map(|k| {
                    let label = Text::from(t!(lang, &format!("mydata-kind-{}", k.key.replace('_', "-"))));
                    let (oldest, newest) = match (k.oldest, k.newest) {
                        (Some(a), Some(b)) => (day_with_year(lang, a), day_with_year(lang, b)),
                        _ => (String::new(), String::new()),
                    };
                    let count = k.count as i64;
                    let dates = if oldest == newest {
                        t!(lang, "mydata-on", "day" => oldest)
                    } else {
                        t!(lang, "mydata-from-to", "oldest" => oldest, "newest" => newest)
                    };
                    Row {
                        line: tm!(lang, "mydata-row", "kind" => label.clone(), "count" => count, "dates" => dates.clone()),
                        cells: vec![label, Text::from(count.to_string()), Text::from(dates)],
                        total: false,
                    }
                })
                .collect();
            private = private.table(rows);
        }
        match config.web.clone() {
            Some(web) => {
                let Some((secret, digest)) =
                    super::web::new_secret().and_then(|s| super::secret_hash(&s).map(|h| (s, h)))
                else {
                    return Ok(vec![self.reply(msg, t!(lang, "storage-error"))]);
                };
                let until = msg.at + Duration::days(DATA_LINK_DAYS);
                self.store.replace_data_link(who, &digest, msg.at, until).await?;
                let url = format!("{}/me/{secret}/data.zip", web.base_url);
                let link = Text(vec![Span::Link { text: url.clone(), url }]);
                let shown = super::format::when(lang, tz, until, msg.at);
                private = private.line(tm!(lang, "mydata-link", "url" => link, "until" => Stamp(until, shown)));
            }
            None => {
                private =
                    private.line(t!(lang, "mydata-ask-operator", "command" => format!("konbit export member {who}")));
            }
        }
        private = private.line(t!(lang, "mydata-more"));
        let mut effects = Vec::new();
        if msg.room.is_some() {
            effects.push(self.reply(msg, t!(lang, "mydata-sent-privately")));
        }
        effects.push(Effect::Private {
            to: self.recipient(msg),
            message: private,
        });
        Ok(effects)
    }

    /// When the retention run is next due: at [`RETENTION_HOUR`] on the first day
    /// something has passed its period (never when nothing can), at most once a day.
    pub(super) async fn retention_due(&self) -> CoreResult<Option<DateTime<Utc>>> {
        let config = self.config();
        let privacy = &config.privacy;
        let oldest = self.store.retention_oldest(privacy.keep_hours_years).await?;
        let at_hour = |day: NaiveDate| {
            config
                .calendar
                .resolve_local(day.and_time(NaiveTime::from_hms_opt(RETENTION_HOUR, 0, 0).unwrap_or_default()))
        };
        let mut due: Vec<DateTime<Utc>> = oldest
            .instants
            .iter()
            .filter_map(|(kind, at)| {
                let days = privacy.retention.days(*kind)?;
                Some(self.next_retention_after(*at + Duration::days(i64::from(days))))
            })
            .collect();
        if let (Some(end), Some(days)) = (oldest.absence_end, privacy.retention.days(Kept::Absences)) {
            due.extend(end.checked_add_days(Days::new(u64::from(days) + 1)).map(at_hour));
        }
        due.extend(oldest.former_hours_day.map(at_hour));
        let Some(first) = due.into_iter().min() else {
            return Ok(None);
        };
        // Once a day at most, whatever the dates say.
        Ok(Some(match oldest.last_run {
            Some(last) => first.max(self.next_retention_after(last)),
            None => first,
        }))
    }

    /// The retention run, when it is due: what passed its period is deleted, and logged.
    pub(super) async fn retention_tick(&self, now: DateTime<Utc>) -> CoreResult<()> {
        match self.retention_due().await? {
            Some(due) if due <= now => {}
            _ => return Ok(()),
        }
        let config = self.config();
        let today = now.with_timezone(&config.collective.tz).date_naive();
        let mut total = 0;
        for kind in Kept::ALL {
            let Some(days) = config.privacy.retention.days(kind) else {
                continue;
            };
            let days = i64::from(days);
            let cutoff_day = today - Duration::days(days);
            let deleted = self.store.sweep(kind, now - Duration::days(days), cutoff_day).await?;
            if deleted > 0 {
                tracing::info!(
                    kind = kind.key(),
                    days,
                    deleted,
                    "retention: deleted what passed its period"
                );
            }
            total += deleted;
        }
        let years = config.privacy.keep_hours_years;
        let deleted = self.store.sweep_former_hours(years, today).await?;
        if deleted > 0 {
            tracing::info!(
                years,
                deleted,
                "retention: deleted former members' hours older than the accounting period"
            );
        }
        total += deleted;
        self.store.set_retention_run(now).await?;
        tracing::info!(deleted = total, "retention run done");
        Ok(())
    }

    /// The first [`RETENTION_HOUR`] o'clock, local time, strictly after `now`.
    fn next_retention_after(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let config = self.config();
        let at = NaiveTime::from_hms_opt(RETENTION_HOUR, 0, 0).unwrap_or_default();
        let mut day = now.with_timezone(&config.collective.tz).date_naive();
        loop {
            let t = config.calendar.resolve_local(day.and_time(at));
            if t > now {
                return t;
            }
            day = day.succ_opt().unwrap_or(day);
            if day.year() >= 9999 {
                return t;
            }
        }
    }
}
