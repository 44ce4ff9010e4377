//! Schedules and reminders (README, "Schedules and reminders"), through the real binary's console with a simulated
//! clock: across both DST changes of 2026, over a year, after downtime, on holidays and
//! during leave.

use crate::support;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Weekday};
use chrono_tz::America::Montreal;
use support::{Bot, script};

/// Mondays from `from` to `to`.
fn mondays(from: &str, to: &str) -> Vec<NaiveDate> {
    let (mut d, to) = (from.parse::<NaiveDate>().unwrap(), to.parse::<NaiveDate>().unwrap());
    let mut out = Vec::new();
    while d <= to {
        if d.weekday() == Weekday::Mon {
            out.push(d);
        }
        d += Duration::days(1);
    }
    out
}

#[test]
fn a_weekly_10_00_reminder_fires_at_10_00_local_every_week_across_both_dst_changes() {
    let bot = Bot::with_config(
        "[calendar]\nquebec_holidays = false\n[[schedules]]\nname = \"planning\"\nwhen = \"weekly monday 10:00\"\naction = \"message\"\ntext = \"planning (schedule)\"\n",
    );
    let weeks: Vec<NaiveDate> = mondays("2026-03-02", "2026-03-23")
        .into_iter()
        .chain(mondays("2026-10-19", "2026-11-09"))
        .collect();
    let mut lines = vec!["alice: !remind #office every monday 10:00 planning (reminder)".to_owned()];
    for (i, d) in weeks.iter().enumerate() {
        lines.push(format!("/at {d}T09:59"));
        lines.push(format!("before{i}: !proposals"));
        lines.push(format!("/at {d}T10:00"));
        lines.push(format!("after{i}: !proposals"));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = bot.console("2026-02-23T12:00:00-05:00", &script(&refs));
    let r = out.room();
    for i in 0..weeks.len() {
        let before = r.iter().position(|l| l.starts_with(&format!("before{i}:"))).unwrap();
        let after = r.iter().position(|l| l.starts_with(&format!("after{i}:"))).unwrap();
        let fired: Vec<&&str> = r[before..after].iter().filter(|l| l.contains("planning")).collect();
        assert_eq!(fired.len(), 2, "week of {}: {fired:?}", weeks[i]);
        assert!(fired.iter().any(|l| **l == "Reminder from alice: planning (reminder)"));
        assert!(fired.iter().any(|l| **l == "planning (schedule)"));
        // Nothing at 09:59 or before: the previous window holds no early firing.
        if i > 0 && weeks[i] - Duration::days(7) == weeks[i - 1] {
            let start = r
                .iter()
                .position(|l| l.starts_with(&format!("after{}:", i - 1)))
                .unwrap();
            assert!(
                !r[start..before].iter().any(|l| l.contains("planning")),
                "early in week {}",
                weeks[i]
            );
        }
    }
    // Every Monday in between fired too, once each (the clock jumps from March to October).
    let all = mondays("2026-03-02", "2026-11-09").len();
    assert_eq!(r.iter().filter(|l| **l == "planning (schedule)").count(), all);
    assert_eq!(
        r.iter()
            .filter(|l| **l == "Reminder from alice: planning (reminder)")
            .count(),
        all
    );
}

#[test]
fn a_monthly_first_tuesday_meeting_is_announced_on_the_right_dates_for_a_year() {
    let bot = Bot::with_config(
        "[[schedules]]\nname = \"reflection\"\nwhen = \"monthly first tuesday 13:00\"\naction = \"announce\"\nmeeting = \"reflection\"\n",
    );
    let out = bot.console("2026-11-02T09:00:00-05:00", &script(&["/wait 366d"]));
    let announced: Vec<&str> = out
        .room()
        .into_iter()
        .filter(|l| l.starts_with("It is time for the reflection meeting"))
        .collect();
    // Thirteen first Tuesdays from November 2026 to November 2027, each at 13:00 local,
    // in standard or daylight time as the date falls.
    let mut want = Vec::new();
    for k in 0..13 {
        let (y, m) = (2026 + (10 + k) / 12, (10 + k) % 12 + 1);
        let d = NaiveDate::from_weekday_of_month_opt(y, m as u32, Weekday::Tue, 1).unwrap();
        let zone = Montreal
            .from_local_datetime(&d.and_hms_opt(13, 0, 0).unwrap())
            .single()
            .unwrap()
            .format("%Z")
            .to_string();
        want.push(format!(
            "It is time for the reflection meeting ({}, 13:00 {zone}). Open it with !meeting start reflection.",
            d.format("%a %b %-d")
        ));
    }
    assert!(
        want.iter().filter(|w| w.contains("EDT")).count() == 8,
        "the year crosses both DST changes"
    );
    assert_eq!(announced, want);
}

#[test]
fn a_reminder_due_during_downtime_fires_once_after_restart_and_a_stale_one_is_dropped() {
    let bot = Bot::new();
    let first = bot.console(
        "2026-11-20T09:00:00-05:00",
        &script(&[
            "alice: !remind me in 2h call the bank",
            "bob: !remind me in 1h old news",
        ]),
    );
    assert!(
        first
            .private("alice")
            .contains(&"Reminder #1 for you on Fri Nov 20, 11:00 EST: call the bank")
    );
    // Back at 15:00 the same day: the 11:00 reminder comes, late; the 10:00 one too.
    let second = bot.console("2026-11-20T15:00:00-05:00", &script(&["/wait 1h"]));
    assert_eq!(
        second.private("alice"),
        ["(late: it was due on Fri Nov 20, 11:00 EST) Reminder: call the bank"]
    );
    assert_eq!(
        second.private("bob"),
        ["(late: it was due on Fri Nov 20, 10:00 EST) Reminder: old news"]
    );
    let third = bot.console("2026-11-20T17:00:00-05:00", &script(&["/wait 1h", "alice: !reminders"]));
    assert_eq!(third.private("alice"), ["You have no reminders."]);

    // Down for two days: past the 12 h staleness limit, the reminder is dropped.
    let bot = Bot::new();
    bot.console("2026-11-20T09:00:00-05:00", &script(&["alice: !remind me in 1h stale"]));
    let later = bot.console("2026-11-22T09:00:00-05:00", &script(&["/wait 1h", "alice: !reminders"]));
    assert_eq!(later.private("alice"), ["You have no reminders."]);
}

#[test]
fn holidays_move_one_off_reminders_and_skip_recurring_ones() {
    let bot = Bot::with_config(
        "[[schedules]]\nname = \"moved\"\nwhen = \"weekly friday 11:00\"\naction = \"message\"\ntext = \"weekly report\"\non_holiday = \"next-working-day\"\n",
    );
    let out = bot.console(
        "2026-12-14T09:00:00-05:00",
        &script(&[
            "alice: !remind me 2026-12-25 10:00 xmas errand",
            "alice: !remind #office every friday 10:00 friday cleanup",
            "/at 2026-12-25T10:01",
            "m1: !proposals",
            "/at 2026-12-28T09:59",
            "m2: !proposals",
            "/at 2026-12-28T11:00",
            "m3: !proposals",
            "/at 2027-01-09T00:00",
        ]),
    );
    let r = out.room();
    let cleanup: Vec<usize> = r
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("friday cleanup"))
        .map(|(i, _)| i)
        .collect();
    // Fridays Dec 18, Dec 25 (Christmas), Jan 1 (New Year's Day), Jan 8: two of four.
    assert_eq!(cleanup.len(), 2, "{r:#?}");
    let alice = out.private("alice");
    assert!(alice.contains(&"Reminder: xmas errand"), "{alice:?}");
    let m2 = out.lines().iter().position(|l| l.contains("m2: There")).unwrap();
    let m3 = out.lines().iter().position(|l| l.contains("m3: There")).unwrap();
    let errand = out
        .lines()
        .iter()
        .position(|l| *l == "[@alice] konbit: Reminder: xmas errand")
        .unwrap();
    assert!(
        m2 < errand && errand < m3,
        "moved to Monday Dec 28 at 10:00:\n{}",
        out.stdout
    );
    // The configured schedule moves its Christmas and New Year's occurrences to Monday.
    let weekly: Vec<&&str> = r.iter().filter(|l| l.contains("weekly report")).collect();
    assert_eq!(weekly.len(), 4, "{r:#?}");
    let m3_room = r.iter().position(|l| l.starts_with("m3:")).unwrap();
    let second = r
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("weekly report"))
        .nth(1)
        .unwrap()
        .0;
    assert!(second < m3_room, "Dec 25's report came on Dec 28 at 11:00");
}

#[test]
fn a_member_on_leave_gets_no_nudge_and_no_reminder_until_back() {
    let bot = Bot::with_config(
        "[membership]\nnudge = \"weekly monday 09:00\"\n[[members]]\nname = \"ana\"\n[[members]]\nname = \"ben\"\n[[projects]]\nname = \"webdev\"\n",
    );
    let out = bot.console(
        "2026-11-20T09:00:00-05:00",
        &script(&[
            // On record since August: both are judged (a new member is not nudged).
            "ben: !punch 1h webdev 2026-08-31",
            "ana: !absent 2026-11-23..2026-11-25 conference",
            "ben: !remind ana 2026-11-24 09:00 read the draft",
            "/at 2026-11-23T10:00",
            "m1: !proposals",
            "/at 2026-11-26T10:00",
        ]),
    );
    let ben = out.private("ben");
    assert!(
        ben.iter()
            .any(|l| l.starts_with("A friendly heads-up about the membership rules")),
        "{ben:?}"
    );
    let ana = out.private("ana");
    assert!(!ana.iter().any(|l| l.contains("heads-up")), "{ana:?}");
    // ana's reminder waits for her return, Thursday at 09:00.
    assert!(ana.contains(&"Reminder from ben: read the draft"), "{ana:?}");
    let m1 = out.lines().iter().position(|l| l.contains("m1: There")).unwrap();
    let read = out
        .lines()
        .iter()
        .position(|l| l.contains("read the draft") && l.starts_with("[@ana]"))
        .unwrap();
    assert!(read > m1);
}

#[test]
fn meeting_reminders_and_a_french_reminder() {
    let bot = Bot::with_config("[collective]\nlanguage = \"fr\"\n[meetings]\nreminders_before = [\"1d\", \"15m\"]\n");
    let out = bot.console(
        "2026-11-22T09:00:00-05:00",
        &script(&[
            "alice: !rappel moi demain 9h appeler la comptable",
            "/at 2026-11-24T10:00",
        ]),
    );
    let r = out.room();
    assert_eq!(
        r,
        [
            "Rappel : la réunion de production a lieu le mar 24 nov, 10 h 00 HNE, dans 1 jour.",
            // With its agenda (tests/it/agenda.rs), empty here: how to add to it.
            "Aucune proposition reportée à l’ordre du jour.",
            "Aucun point ajouté pour l’instant : !odj ajouter <titre> [info|remue-méninges|décision] [15m].",
            "Rappel : la réunion de production a lieu le mar 24 nov, 10 h 00 HNE, dans 15 minutes.",
            "Aucune proposition reportée à l’ordre du jour.",
            "Aucun point ajouté pour l’instant : !odj ajouter <titre> [info|remue-méninges|décision] [15m].",
        ]
    );
    assert_eq!(
        out.private("alice"),
        [
            "Rappel #1 pour toi le lun 23 nov, 9 h 00 HNE : appeler la comptable",
            "Rappel : appeler la comptable"
        ]
    );
}

#[test]
fn a_french_weekly_reminder_reads_nine_h_zero_zero_never_09_00() {
    let bot = Bot::with_config("[collective]\nlanguage = \"fr\"\n");
    let out = bot.console(
        "2026-11-20T10:00:00-05:00",
        &script(&[
            "alice: !rappel moi chaque lundi 9h arroser les plantes",
            "alice: !rappels",
        ]),
    );
    let alice = out.private("alice");
    assert_eq!(
        alice[0], "Rappel #1 pour toi chaque lundi à 9 h 00 (prochain : lun 23 nov, 9 h 00 HNE) : arroser les plantes",
        "{}",
        out.stdout
    );
    assert!(
        alice
            .iter()
            .any(|l| l.contains("#1 pour toi, chaque lundi à 9 h 00 (prochain")),
        "{alice:?}"
    );
    assert!(!out.stdout.contains("09:00"), "{}", out.stdout);
}

#[test]
fn reminders_set_before_their_target_declares_leave_wait_for_their_return() {
    let bot = Bot::with_config("[[members]]\nname = \"ana\"\n[[members]]\nname = \"ben\"\n");
    let out = bot.console(
        "2026-11-20T09:00:00-05:00",
        &script(&[
            "ben: !remind ana 2026-11-24 09:00 read the draft",
            "ben: !remind ana every tuesday 09:00 weekly sync",
            // Declared after the reminders were set: they move (one-off) or skip (weekly).
            "ana: !absent 2026-11-23..2026-11-25 conference",
            "/at 2026-11-24T10:00",
            "m1: !proposals",
            "/at 2026-12-02T10:00",
        ]),
    );
    let ana: Vec<&str> = out
        .private("ana")
        .into_iter()
        .filter(|l| l.starts_with("Reminder"))
        .collect();
    // The weekly one skips Tuesday Nov 24 and comes on Dec 1.
    assert_eq!(
        ana,
        ["Reminder from ben: read the draft", "Reminder from ben: weekly sync"],
        "{}",
        out.stdout
    );
    let lines = out.lines();
    let m1 = lines.iter().position(|l| l.contains("m1: There")).unwrap();
    let read = lines
        .iter()
        .position(|l| l.ends_with("read the draft") && l.starts_with("[@ana]"))
        .unwrap();
    let sync = lines
        .iter()
        .position(|l| l.ends_with("weekly sync") && l.starts_with("[@ana]"))
        .unwrap();
    assert!(read > m1 && sync > m1, "not during the leave:\n{}", out.stdout);
}

#[test]
fn a_reminder_for_here_or_ici_goes_to_the_room_it_was_asked_in() {
    let bot = Bot::with_config("");
    let out = bot.console(
        "2026-11-23T09:00:00-05:00",
        &script(&[
            "alice: !remind #here in 1h stand up",
            "alice: !rappel #ici dans 2h étirements",
            "/wait 3h",
        ]),
    );
    let room = out.room();
    let alice = out.private("alice");
    assert!(
        alice.iter().any(|l| l.starts_with("Reminder #1 for #office")),
        "{alice:?}"
    );
    assert_eq!(
        room,
        ["Reminder from alice: stand up", "Reminder from alice: étirements"]
    );
}
