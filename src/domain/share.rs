//! The share of the collective's worked hours that went to meetings (issue 31, "what
//! meetings cost"): a share in tenths of a percent, read from the configuration's
//! `meetings.target_share` (`"15%"`) and computed from a month's totals — the
//! collective's only, never a member's.

use crate::i18n::Lang;

/// A share of a whole, in tenths of a percent (`150` is 15 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Share(pub u32);

impl Share {
    /// `part` of `whole` (minutes), to the nearest tenth of a percent; `None` when the
    /// whole is nothing.
    pub fn of(part: i64, whole: i64) -> Option<Share> {
        if whole <= 0 {
            return None;
        }
        let part = part.clamp(0, whole);
        let tenths = (part * 2000 + whole) / (2 * whole);
        u32::try_from(tenths).ok().map(Share)
    }

    /// A share as written in the configuration: a percentage with its `%` sign, above 0
    /// and at most 100, to a tenth at most (`15%`, `12.5 %`, `12,5%`).
    pub fn parse(s: &str) -> Option<Share> {
        let number = s.trim().strip_suffix('%')?.trim_end().replace(',', ".");
        let (whole, tenth) = match number.split_once('.') {
            Some((w, t)) if t.len() == 1 => (w, t),
            Some(_) => return None,
            None => (number.as_str(), "0"),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !tenth.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let tenths = whole.parse::<u32>().ok()?.checked_mul(10)? + tenth.parse::<u32>().ok()?;
        (1..=1000).contains(&tenths).then_some(Share(tenths))
    }

    /// As people read it: `15%`, `12.5%` in English, `15 %`, `12,5 %` in French.
    pub fn text(self, lang: Lang) -> String {
        let (whole, tenth) = (self.0 / 10, self.0 % 10);
        let number = match (tenth, lang) {
            (0, _) => whole.to_string(),
            (t, Lang::Fr) => format!("{whole},{t}"),
            (t, _) => format!("{whole}.{t}"),
        };
        match lang {
            Lang::Fr => format!("{number}\u{a0}%"),
            _ => format!("{number}%"),
        }
    }
}

/// One month of the collective's hours: those of meeting projects and all of them
/// (paid and volunteer alike), in minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthShare {
    /// `YYYY-MM`.
    pub month: String,
    pub meeting_minutes: i64,
    pub total_minutes: i64,
}

impl MonthShare {
    pub fn share(&self) -> Option<Share> {
        Share::of(self.meeting_minutes, self.total_minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_read_and_written_in_both_languages() {
        assert_eq!(Share::parse("15%"), Some(Share(150)));
        assert_eq!(Share::parse(" 12.5 % "), Some(Share(125)));
        assert_eq!(Share::parse("12,5%"), Some(Share(125)));
        assert_eq!(Share::parse("100%"), Some(Share(1000)));
        for bad in ["15", "0%", "101%", "-5%", "abc%", "12.55%", "%", ".5%", "1e2%", "15%%"] {
            assert_eq!(Share::parse(bad), None, "{bad}");
        }
        assert_eq!(Share(150).text(Lang::En), "15%");
        assert_eq!(Share(125).text(Lang::Fr), "12,5\u{a0}%");
    }

    #[test]
    fn a_share_is_rounded_to_the_nearest_tenth() {
        // 7h30 of 40h: 18.75 % → 18.8 %.
        assert_eq!(Share::of(450, 2400), Some(Share(188)));
        // 6h of 40h: 15 %.
        assert_eq!(Share::of(360, 2400), Some(Share(150)));
        assert_eq!(Share::of(0, 60), Some(Share(0)));
        assert_eq!(Share::of(10, 0), None);
    }
}
