//! `[privacy]`: whether individual hours are shared, how long an erased member's hours are
//! kept, and `[privacy.retention]`, each kind of personal data's period (docs/privacy.md).

use chrono::Duration;

use super::check::{in_range, parse_offset, problem};
use crate::config::raw::RawPrivacy;
use crate::config::retention::{Kept, MAX_DAYS, Retention};
use crate::config::{Privacy, Problem, ProblemKind};

pub(super) fn privacy(raw: &RawPrivacy, p: &mut Vec<Problem>) -> Privacy {
    let years = in_range("privacy.keep_hours_years", raw.keep_hours_years, 1..=100, p);
    let mut retention = Retention::default();
    for kind in Kept::ALL {
        let value = raw.retention.get(kind);
        match days(value) {
            Ok(days) => retention.set(kind, days),
            Err(()) => problem(
                p,
                format!("privacy.retention.{}", kind.key()),
                ProblemKind::BadRetention(value.to_owned()),
            ),
        }
    }
    Privacy {
        share_individual_hours: raw.share_individual_hours,
        private_reports: raw.private_reports,
        keep_hours_years: years as u32,
        retention,
    }
}

/// A retention period: whole days, at least one (`"90d"`), or `""` for none.
fn days(value: &str) -> Result<Option<u32>, ()> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    match parse_offset(value) {
        Some(d) if d.num_seconds() % 86_400 == 0 && d >= Duration::days(1) && d <= Duration::days(MAX_DAYS) => {
            Ok(Some(d.num_days() as u32))
        }
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::{Config, Kept, ProblemKind};

    #[test]
    fn retention_periods_are_whole_days_or_nothing() {
        let c = Config::parse(
            "[privacy]\nkeep_hours_years = 7\n[privacy.retention]\nreminders = \"10d\"\nstandups = \"\"\n",
            Path::new("/tmp"),
        )
        .expect("valid");
        assert_eq!(c.privacy.keep_hours_years, 7);
        assert_eq!(c.privacy.retention.days(Kept::Reminders), Some(10));
        assert_eq!(c.privacy.retention.days(Kept::Standups), None);
        assert_eq!(c.privacy.retention.days(Kept::Absences), Some(730));
        let problems = Config::parse(
            "[privacy]\nkeep_hours_years = 0\n[privacy.retention]\nreminders = \"12h\"\nabsences = \"soon\"\nweb_link = \"1d\"\n",
            Path::new("/tmp"),
        )
        .expect_err("invalid");
        let got: Vec<(&str, &ProblemKind)> = problems.iter().map(|p| (p.path.as_str(), &p.kind)).collect();
        assert!(
            got.contains(&("privacy.retention.reminders", &ProblemKind::BadRetention("12h".into()))),
            "{got:?}"
        );
        assert!(
            got.contains(&("privacy.retention.absences", &ProblemKind::BadRetention("soon".into()))),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(path, kind)| *path == "privacy.retention.web_link" && **kind == ProblemKind::UnknownKey),
            "{got:?}"
        );
        assert!(
            got.iter().any(|(path, _)| *path == "privacy.keep_hours_years"),
            "{got:?}"
        );
        let shown = problems
            .iter()
            .find(|p| p.path == "privacy.retention.reminders")
            .expect("reminders")
            .render(crate::i18n::Lang::En);
        assert!(shown.contains("90d"), "{shown}");
    }
}
