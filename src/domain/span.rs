//! Spans of time as people write them for waits and reminder offsets: `3h`, `2d`,
//! `90m`, `1h30`, `1d2h`, `45s`. (Worked hours have their own, stricter parser.)

use chrono::Duration;

/// Parses a positive span. Units: `d`, `h`, `m`/`min`, `s`; a bare number is minutes
/// only right after hours (`1h30`). Spaces between parts are allowed (`1h 30m`).
pub fn parse_span(s: &str) -> Option<Duration> {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let mut rest = compact.as_str();
    let mut total = Duration::zero();
    let mut last_unit = None;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (unit, len) = if rest.starts_with("min") {
            ('m', 3)
        } else {
            match rest.chars().next() {
                Some(c @ ('d' | 'h' | 'm' | 's')) => (c, 1),
                None if last_unit == Some('h') => ('m', 0),
                _ => return None,
            }
        };
        // Units go from largest to smallest, each at most once.
        let rank = |u| "dhms".find(u);
        if last_unit.is_some_and(|l| rank(l) >= rank(unit)) {
            return None;
        }
        rest = &rest[len..];
        total += match unit {
            'd' => Duration::days(n),
            'h' => Duration::hours(n),
            'm' => Duration::minutes(n),
            _ => Duration::seconds(n),
        };
        last_unit = Some(unit);
    }
    (total > Duration::zero()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        assert_eq!(parse_span("3h"), Some(Duration::hours(3)));
        assert_eq!(parse_span("2d"), Some(Duration::days(2)));
        assert_eq!(parse_span("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_span("90min"), Some(Duration::minutes(90)));
        assert_eq!(parse_span("1h30"), Some(Duration::minutes(90)));
        assert_eq!(parse_span("1h 30m"), Some(Duration::minutes(90)));
        assert_eq!(parse_span("1d2h"), Some(Duration::hours(26)));
        assert_eq!(parse_span("45s"), Some(Duration::seconds(45)));
    }

    #[test]
    fn rejected_forms() {
        for s in [
            "", "h", "3", "0h", "3x", "1h2h", "30m1h", "-2h", "1.5h", "9999999h", "2d30",
        ] {
            assert_eq!(parse_span(s), None, "{s:?}");
        }
    }
}
