//! Worked time as people type it: `2h`, `1h30`, `1h30m`, `90m`, `1.5h`, `0,5h`, `2 h`,
//! `1:30` → a validated [`WorkDuration`] of whole minutes.
//!
//! A duration is positive and at most 24 hours: nobody works more than a day in a day.
//! Decimal hours are rounded to the nearest minute (`1.33h` is 80 minutes).

use std::fmt;

/// Whole minutes of work, 1 to 1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkDuration(u32);

/// Why a duration was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationError {
    /// Not a duration at all.
    Malformed,
    /// Zero or negative.
    NotPositive,
    /// More than 24 hours.
    TooLong,
}

pub const MAX_MINUTES: u32 = 24 * 60;

impl WorkDuration {
    pub fn from_minutes(minutes: i64) -> Result<WorkDuration, DurationError> {
        if minutes <= 0 {
            Err(DurationError::NotPositive)
        } else if minutes > i64::from(MAX_MINUTES) {
            Err(DurationError::TooLong)
        } else {
            Ok(WorkDuration(minutes as u32))
        }
    }

    pub fn minutes(self) -> u32 {
        self.0
    }

    /// Parses one duration written in one word (`1h30`) or two (`2 h`): see the module
    /// docs for the forms.
    pub fn parse(s: &str) -> Result<WorkDuration, DurationError> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let (negative, body) = match compact.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        };
        let minutes = parse_minutes(body).ok_or(DurationError::Malformed)?;
        if negative {
            return Err(DurationError::NotPositive);
        }
        WorkDuration::from_minutes(minutes)
    }

    /// Whether `word` (and maybe the word after it) starts like a duration: a digit, or a
    /// minus sign followed by one. Used to tell `!punch 2h …` from `!punch in …`.
    pub fn looks_like(word: &str) -> bool {
        let w = word.strip_prefix('-').unwrap_or(word);
        w.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
    }
}

/// `2h`, `2`-less forms excluded: a bare number has no unit and is refused.
fn parse_minutes(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    // 1:30
    if let Some((h, m)) = s.split_once(':') {
        let h: i64 = digits(h)?;
        if m.len() != 2 {
            return None;
        }
        let m: i64 = digits(m)?;
        return (m < 60).then_some(h * 60 + m);
    }
    // 90m, 90min
    if let Some(m) = s.strip_suffix("min").or_else(|| s.strip_suffix('m')) {
        if let Some((h, rest)) = m.split_once('h') {
            // 1h30m
            let m: i64 = digits(rest)?;
            return (m < 60).then_some(digits(h)? * 60 + m);
        }
        return digits(m);
    }
    // 2h, 1.5h, 0,5h, 1h30
    let (hours, rest) = s.split_once('h')?;
    let rest = rest
        .strip_prefix("rs")
        .or_else(|| rest.strip_prefix("r"))
        .unwrap_or(rest);
    let whole_minutes = if rest.is_empty() {
        decimal_hours_to_minutes(hours)?
    } else {
        let m: i64 = digits(rest)?;
        if m >= 60 || rest.len() != 2 {
            return None;
        }
        digits(hours)? * 60 + m
    };
    Some(whole_minutes)
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `1.5` or `0,25` hours → minutes, rounded to the nearest minute.
fn decimal_hours_to_minutes(s: &str) -> Option<i64> {
    let (whole, frac) = match s.split_once(['.', ',']) {
        Some((w, f)) => (if w.is_empty() { "0" } else { w }, f),
        None => (s, ""),
    };
    let whole = digits(whole)?;
    if frac.is_empty() {
        return (!s.ends_with(['.', ','])).then_some(whole * 60);
    }
    if frac.len() > 4 {
        return None;
    }
    let scale = 10i64.pow(frac.len() as u32);
    let frac = digits(frac)?;
    // minutes = (whole + frac/scale) * 60, rounded half up.
    Some(whole * 60 + (frac * 60 * 2 + scale) / (2 * scale))
}

impl fmt::Display for WorkDuration {
    /// `2h`, `1h30`, `45m`: a form [`WorkDuration::parse`] reads back to the same minutes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m) = (self.0 / 60, self.0 % 60);
        match (h, m) {
            (0, m) => write!(f, "{m}m"),
            (h, 0) => write!(f, "{h}h"),
            (h, m) => write!(f, "{h}h{m:02}"),
        }
    }
}

/// Minutes as hours for reports: `12h30`, `0h45`, `1234h05`.
pub fn hours_text(minutes: i64) -> String {
    format!("{}h{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mins(s: &str) -> Result<u32, DurationError> {
        WorkDuration::parse(s).map(WorkDuration::minutes)
    }

    #[test]
    fn every_documented_form() {
        for (s, m) in [
            ("2h", 120),
            ("1h30", 90),
            ("1h30m", 90),
            ("90m", 90),
            ("90min", 90),
            ("1.5h", 90),
            ("0,5h", 30),
            ("0.25h", 15),
            ("2 h", 120),
            ("1:30", 90),
            ("1.33h", 80),
            (".5h", 30),
            ("2hrs", 120),
            ("24h", 1440),
        ] {
            assert_eq!(mins(s), Ok(m), "{s}");
        }
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(mins("0h"), Err(DurationError::NotPositive));
        assert_eq!(mins("0m"), Err(DurationError::NotPositive));
        assert_eq!(mins("-2h"), Err(DurationError::NotPositive));
        assert_eq!(mins("25h"), Err(DurationError::TooLong));
        assert_eq!(mins("1441m"), Err(DurationError::TooLong));
        for s in [
            "",
            "h",
            "2",
            "abc",
            "1h75",
            "1h5",
            "1:5",
            "2.h",
            "1.23456h",
            "1,5,5h",
            "2x",
            "99999999h",
        ] {
            assert_eq!(mins(s), Err(DurationError::Malformed), "{s}");
        }
    }

    #[test]
    fn display_reads_back() {
        for m in [1, 45, 60, 90, 125, 1440] {
            let d = WorkDuration::from_minutes(m).unwrap();
            assert_eq!(WorkDuration::parse(&d.to_string()), Ok(d));
        }
        assert_eq!(hours_text(750), "12h30");
    }
}
