//! Property tests: the business-time calendar against a minute-by-minute count, and the
//! parsers against arbitrary input (no panic, and what is accepted means what it says).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::America::Montreal;
use konbit::command::PunchCmd;
use konbit::command::{self, Command};
use konbit::config::Config;
use konbit::domain::calendar::Calendar;
use konbit::domain::duration::{DurationError, WorkDuration};
use konbit::domain::proposal::{Money, ProposalId};
use konbit::domain::punch::DaySpec;
use konbit::domain::span::parse_span;
use konbit::transport::console::parse_line;
use proptest::prelude::*;

const WEEK: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];

fn base() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_time(NaiveTime::MIN)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Starting anywhere in 2026–2027 (DST changes included), with random working days
    /// and holidays, adding N business hours lands where counting business minutes one
    /// by one does.
    #[test]
    fn business_hours_match_a_minute_by_minute_count(
        start_minute in 0i64..(2 * 365 * 24 * 60),
        hours in 1u32..100,
        days_mask in 1u8..128,
        holidays in proptest::collection::vec(0i64..760, 0..12),
    ) {
        let all = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
        let days: Vec<Weekday> = all.iter().enumerate().filter(|(i, _)| days_mask & (1 << i) != 0).map(|(_, d)| *d).collect();
        let holiday_dates: Vec<NaiveDate> = holidays.iter().map(|d| base().date() + Duration::days(*d)).collect();
        let cal = Calendar::new(Montreal, &days, holiday_dates.clone());
        // The oracle's own notion of a business day, from the inputs alone.
        let business = |d: NaiveDate| days.contains(&d.weekday()) && !holiday_dates.contains(&d);
        let start = cal.resolve_local(base() + Duration::minutes(start_minute));
        let got = cal.add_business_hours(start, hours);

        let mut t = cal.local(start);
        let mut remaining = i64::from(hours) * 60;
        while remaining > 0 {
            if business(t.date()) {
                remaining -= 1;
            }
            t += Duration::minutes(1);
        }
        prop_assert_eq!(got, cal.resolve_local(t));
        prop_assert!(got >= start + Duration::hours(i64::from(hours)) - Duration::hours(1));
    }

    /// The same on the shipped Monday–Friday week, whose deadlines keep the start's
    /// wall-clock minute whenever the start is inside a working day.
    #[test]
    fn on_working_days_the_deadline_keeps_the_wall_clock_time(start_minute in 0i64..(2 * 365 * 24 * 60)) {
        let cal = Calendar::new(Montreal, &WEEK, []);
        let start = cal.resolve_local(base() + Duration::minutes(start_minute));
        prop_assume!(cal.is_business_day(cal.local(start).date()));
        let end = cal.add_business_hours(start, 48);
        prop_assert_eq!(cal.local(end).time(), cal.local(start).time());
    }

    #[test]
    fn the_command_parser_never_panics(s in "\\PC{0,200}") {
        let _ = command::parse(&s);
        let _ = command::parse(&format!("!{s}"));
        for verb in ["propose", "veto", "unveto", "withdraw", "proposal", "help", "proposer"] {
            let _ = command::parse(&format!("!{verb} {s}"));
        }
    }

    #[test]
    fn the_small_parsers_never_panic(s in "\\PC{0,80}") {
        let _ = parse_line(&s);
        let _ = parse_span(&s);
        let _ = Money::parse_leading(&s);
        let _ = ProposalId::parse(&s);
    }

    #[test]
    fn the_config_loader_never_panics(s in "[\\[\\]a-z_=\" \\n0-9.{},:-]{0,300}") {
        let _ = Config::parse(&s, std::path::Path::new("."));
    }

    #[test]
    fn an_accepted_veto_keeps_its_id_and_reason(id in 1i64..1_000_000_000, reason in "[a-zA-Zéà ,.?']{1,100}") {
        prop_assume!(!reason.trim().is_empty());
        let parsed = command::parse(&format!("!veto #{id} {reason}"));
        prop_assert_eq!(parsed, Some(Ok(Command::Veto { id: ProposalId(id), reason: reason.trim().to_owned() })));
    }

    #[test]
    fn an_accepted_budget_is_the_amount_written(dollars in 0i64..10_000_000, cents in 0i64..100) {
        let text = format!("!propose {dollars}.{cents:02}$ something");
        let parsed = command::parse(&text);
        prop_assert_eq!(parsed, Some(Ok(Command::Propose { budget: Some(Money(dollars * 100 + cents)), text: "something".into() })));
    }

    /// Every form a duration may be written in reads back as the same minutes.
    #[test]
    fn every_accepted_duration_round_trips_to_the_same_minutes(minutes in 1u32..=1440) {
        let (h, m) = (minutes / 60, minutes % 60);
        let mut forms = vec![format!("{minutes}m"), format!("{minutes}min"), format!("{h}:{m:02}"), WorkDuration::from_minutes(i64::from(minutes)).unwrap().to_string()];
        if h > 0 {
            forms.push(format!("{h}h{m:02}"));
            forms.push(format!("{h}h{m:02}m"));
        }
        if m == 0 {
            forms.push(format!("{h}h"));
            forms.push(format!("{h} h"));
        }
        if m % 6 == 0 {
            forms.push(format!("{h}.{}h", m / 6));
            forms.push(format!("{h},{}h", m / 6));
        }
        if m % 15 == 0 {
            forms.push(format!("{h}.{:02}h", m * 100 / 60));
        }
        for f in forms {
            prop_assert_eq!(WorkDuration::parse(&f).map(WorkDuration::minutes), Ok(minutes), "{}", f);
            // And through the command parser, in the same form.
            let parsed = command::parse(&format!("!punch {f} webdev"));
            match parsed {
                Some(Ok(Command::Punch(PunchCmd::Add { duration, .. }))) => prop_assert_eq!(duration.minutes(), minutes, "{}", f),
                other => prop_assert!(false, "{f}: {other:?}"),
            }
        }
    }

    #[test]
    fn zero_negative_and_over_a_day_are_refused(minutes in 0u32..5000) {
        let written = format!("{minutes}m");
        let got = WorkDuration::parse(&written);
        match minutes {
            0 => prop_assert_eq!(got, Err(DurationError::NotPositive)),
            1..=1440 => prop_assert!(got.is_ok()),
            _ => prop_assert_eq!(got, Err(DurationError::TooLong)),
        }
        if minutes > 0 {
            prop_assert_eq!(WorkDuration::parse(&format!("-{written}")), Err(DurationError::NotPositive));
        }
    }

    #[test]
    fn the_hours_parsers_never_panic(s in "\\PC{0,120}") {
        let _ = WorkDuration::parse(&s);
        let _ = DaySpec::parse(&s);
        for prefix in ["!punch ", "!punch 2h ", "!punch in ", "!punch delete ", "!hours ", "!project add ", "!heures "] {
            let _ = command::parse(&format!("{prefix}{s}"));
        }
    }
}
