//! Scenario tests for stand-up rounds, meetings with minutes, attendance and the
//! membership check, through the real binary's console (README, "Commands").

use crate::support;

use support::{Bot, script};

const ROSTER: &str = r#"
[[members]]
name = "alice"
[[members]]
name = "bob"
[[members]]
name = "carole"
[[members]]
name = "dan"
[[members]]
name = "erin"
[[members]]
name = "fred"
[[members]]
name = "zoe"
"#;

#[test]
fn a_round_of_four_with_a_pass_a_skip_a_later_and_a_late_join() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        "2026-11-24T09:55:00-05:00",
        &script(&[
            "erin: !absent 2026-11-23..2026-11-27 vacation",
            "zoe> !update help: can someone look at the backup alerts?",
            "zoe> are you there?",
            "/join alice",
            "/join bob",
            "/join carole",
            "/join dan",
            "/join erin",
            "alice: !standup",
            "bob: I'm not up yet",
            "alice: priorities: finish the CiviCRM upgrade",
            "alice: help: need a reviewer for the upgrade",
            "alice: !next",
            "bob: !later",
            "carole: !skip dan",
            "carole: !pass",
            "fred: !standup join",
            "bob: availability: off Friday",
            "bob: !done",
            "fred: announce: the new client signed",
            "fred: !next",
            "erin: !standup join",
            "bob: !standup last",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let pos = |needle: &str| {
        r.iter()
            .position(|l| l.starts_with(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {r:#?}"))
    };
    assert_eq!(
        r[pos("Stand-up round")],
        "Stand-up round with 4 people: alice, bob, carole, dan. On leave: erin. Updates sent beforehand: zoe."
    );
    // Called in turn, with who comes next.
    assert!(pos("alice, your turn") < pos("bob, your turn"));
    assert!(r[pos("alice, your turn")].ends_with("(then bob)."));
    assert!(pos("bob will go later.") < pos("carole, your turn"));
    assert!(pos("dan is marked absent.") > pos("carole, your turn"));
    assert!(
        !r.iter().any(|l| l.starts_with("dan, your turn")),
        "dan was skipped: {r:#?}"
    );
    assert!(
        !r.iter().any(|l| l.starts_with("erin, your turn")),
        "erin is on leave: {r:#?}"
    );
    assert_eq!(
        r[pos("zoe is not here") + 1],
        "Help needed: can someone look at the backup alerts?"
    );
    let last_bob = r
        .iter()
        .rposition(|l| l.starts_with("bob, your turn"))
        .expect("bob's deferred turn");
    assert!(last_bob > pos("bob will go later."));
    assert!(
        pos("zoe is not here") < last_bob,
        "zoe's update is read before bob's deferred turn"
    );
    assert!(pos("fred joins the round.") < pos("fred, your turn"));
    // The summary: who took part, then help requests first.
    let s = pos("Stand-up summary");
    assert_eq!(
        &r[s..s + 9],
        [
            "Stand-up summary — 4 took part; spoke: alice, bob, fred.",
            "Passed: carole.",
            "Updates read for: zoe.",
            "Absent: dan.",
            "Help needed: alice: need a reviewer for the upgrade · zoe: can someone look at the backup alerts?",
            "Availability: bob: off Friday",
            "Announcements: fred: the new client signed",
            "Priorities: alice: finish the CiviCRM upgrade",
            "erin: No stand-up round is running; start one with !standup.",
        ]
    );
    // Shown again on demand.
    let last = pos("bob: Last stand-up");
    assert_eq!(r[last + 1], r[s]);
    assert_eq!(r[last + 5], r[s + 4]);
    assert!(
        out.private("erin")
            .iter()
            .any(|l| l.starts_with("Noted: justified absence Mon Nov 23 2026 to Fri Nov 27 2026 (vacation)."))
    );
    // Said privately but no command: a pointer, and it is no update.
    assert!(
        out.private("zoe")
            .iter()
            .any(|l| l.starts_with("I only understand commands: !help lists them."))
    );
}

#[test]
fn a_round_survives_a_restart_and_the_time_box_nudges_once() {
    let bot = Bot::with_config(&format!("{ROSTER}\n[standup]\ntime_box_minutes = 3\n"));
    let first = bot.console(
        "2026-11-24T10:00:00-05:00",
        &script(&[
            "/join alice",
            "/join bob",
            "alice: !standup",
            "alice: priorities: invoices",
        ]),
    );
    assert!(first.room().iter().any(|l| l.starts_with("alice, your turn")));
    // The bot restarts mid-turn; the round goes on where it was.
    let second = bot.console(
        "2026-11-24T10:02:00-05:00",
        &script(&[
            "/wait 2m",
            "/wait 5m",
            "alice: !next",
            "bob: help: the printer",
            "bob: !next",
        ]),
    );
    let r = second.room();
    assert_eq!(
        r.iter().filter(|l| l.starts_with("alice: 3 minutes already")).count(),
        1,
        "{r:#?}"
    );
    assert!(r.contains(&"Help needed: bob: the printer"), "{r:#?}");
    assert!(r.contains(&"Priorities: alice: invoices"), "{r:#?}");
}

#[test]
fn the_same_round_in_french() {
    let bot = Bot::with_config(&format!("[collective]\nlanguage = \"fr\"\n{ROSTER}"));
    let out = bot.console(
        "2026-11-24T09:55:00-05:00",
        &script(&[
            "/join alice",
            "/join bob",
            "/join carole",
            "alice: !tour",
            "alice: priorités: la mise à jour CiviCRM",
            "alice: aide: une relecture",
            "alice: !suivant",
            "bob: !plustard",
            "carole: !passe",
            "bob: dispo: absent vendredi",
            "bob: !fini",
        ]),
    );
    assert_eq!(
        out.room(),
        [
            "Tour de stand-up avec 3 personnes : alice, bob, carole.",
            "alice, à toi : priorités, besoins d’aide, disponibilités, annonces. Dis !suivant quand tu as fini (ensuite : bob).",
            "bob, à toi : priorités, besoins d’aide, disponibilités, annonces. Dis !suivant quand tu as fini (ensuite : carole).",
            "bob passera plus tard.",
            "carole, à toi : priorités, besoins d’aide, disponibilités, annonces. Dis !suivant quand tu as fini (ensuite : bob).",
            "bob, à toi : priorités, besoins d’aide, disponibilités, annonces. Dis !suivant quand tu as fini (personne après toi).",
            "Résumé du stand-up — 3 personnes ont pris part ; ont parlé : alice, bob.",
            "Ont passé leur tour : carole.",
            "Besoins d’aide : alice : une relecture",
            "Disponibilités : bob : absent vendredi",
            "Priorités : alice : la mise à jour CiviCRM",
        ]
    );
}

#[test]
fn a_meeting_with_minutes_and_a_decision_on_a_deferred_proposal() {
    let bot = Bot::with_config(&format!(
        "{ROSTER}\n[meetings]\nminutes_url = \"https://wiki.example.org/minutes\"\n"
    ));
    let out = bot.console(
        "2026-11-20T15:00:00-05:00",
        &script(&[
            "alice: !propose buy a second-hand espresso machine",
            "bob: !veto 1 we should compare prices first",
            "carole: !here",
            "/at 2026-11-24T10:00",
            "alice: !meeting start production",
            "bob: !here",
            "carole: !présente",
            "carole: !here",
            "alice: !topic Espresso machine",
            "bob: !agreed we compare three offers",
            "alice: !action bob collect three offers by Friday",
            "alice: !decide 1 adopted if under 150$",
            "alice: !decide 1 rejected",
            "dan: !meeting start finance",
            "/wait 45m",
            "alice: !meeting end",
            "bob: !minutes",
            "bob: !proposal 1",
        ]),
    );
    let r = out.room();
    assert!(
        r.contains(&"carole: No meeting is open here; open one with !meeting start production."),
        "{r:#?}"
    );
    let start = r
        .iter()
        .position(|l| l.starts_with("The production meeting is open (started by alice)"))
        .expect("started");
    assert_eq!(r[start + 1], "On the agenda, the deferred proposals:");
    assert_eq!(
        r[start + 2],
        "#1 by alice: buy a second-hand espresso machine (veto by bob: we should compare prices first)"
    );
    assert!(r.contains(&"carole: you were already counted present."), "{r:#?}");
    assert!(r.contains(
        &"Decided at the production meeting: Proposal #1 (buy a second-hand espresso machine): adopted — if under 150$"
    ));
    assert!(r.contains(&"alice: Proposal #1 is already adopted."), "{r:#?}");
    assert!(
        r.contains(&"dan: The production meeting is still open here; close it with !meeting end first."),
        "{r:#?}"
    );
    let file = "2026-11-24-production-1.md";
    assert!(r.contains(&format!(
        "The production meeting is closed: 3 present; 1 topic, 2 decisions, 1 action. Minutes: https://wiki.example.org/minutes/{file}"
    ).as_str()), "{r:#?}");
    assert!(
        r.iter()
            .any(|l| l.starts_with("bob: Last minutes: production meeting of Tue Nov 24, 10:00 EST, 3 present")),
        "{r:#?}"
    );
    assert!(r.contains(&"Status: adopted on Tue Nov 24, 10:00 EST."), "{r:#?}");
    assert!(r.contains(&"Note: if under 150$"), "{r:#?}");

    let minutes = std::fs::read_to_string(bot.dir().join("minutes").join(file)).expect("minutes file");
    assert_eq!(
        minutes,
        "# Production meeting — 2026-11-24\n\
         \n\
         Tue Nov 24, 10:00 EST to Tue Nov 24, 10:45 EST, in #office, opened by alice.\n\
         \n\
         ## Present\n\
         \n\
         alice, bob, carole\n\
         \n\
         ## Topics\n\
         \n\
         \n\
         ### Espresso machine\n\
         \n\
         - Agreed: we compare three offers\n\
         - Action for bob: collect three offers by Friday\n\
         - Proposal #1 (buy a second-hand espresso machine): adopted — if under 150$\n\
         \n\
         ## Decisions\n\
         \n\
         - Agreed: we compare three offers\n\
         - Proposal #1 (buy a second-hand espresso machine): adopted — if under 150$\n\
         \n\
         ## Actions\n\
         \n\
         - **bob**: collect three offers by Friday\n"
    );
}

/// (day, time, committee, who was there)
const MEETINGS: &[(&str, &str, &str, &[&str])] = &[
    (
        "2026-09-01",
        "13:00",
        "reflection",
        &["ana", "ben", "cleo", "dev", "eli", "fay", "gus"],
    ),
    (
        "2026-09-08",
        "10:00",
        "production",
        &["ana", "cleo", "dev", "eli", "fay", "gus"],
    ),
    (
        "2026-09-17",
        "14:00",
        "finance",
        &["ana", "cleo", "dev", "eli", "fay", "gus"],
    ),
    (
        "2026-10-06",
        "13:00",
        "reflection",
        &["ana", "ben", "dev", "fay", "gus"],
    ),
    ("2026-10-13", "10:00", "production", &["ana", "cleo", "dev", "gus"]),
];

/// (member, hours, day)
const PUNCHES: &[(&str, u32, &str)] = &[
    ("ana", 12, "2026-09-20"),
    ("ana", 12, "2026-10-20"),
    ("ben", 12, "2026-09-20"),
    ("ben", 12, "2026-10-20"),
    ("cleo", 12, "2026-09-20"),
    ("cleo", 12, "2026-10-20"),
    ("dev", 12, "2026-09-20"),
    ("dev", 8, "2026-10-20"),
    ("eli", 12, "2026-09-20"),
    ("fay", 12, "2026-09-20"),
    ("fay", 10, "2026-10-02"),
    ("gus", 10, "2026-09-05"),
    ("gus", 10, "2026-10-25"),
];

#[test]
fn two_months_where_each_rule_fails_for_one_member_and_leave_rescues_another() {
    let mut toml = String::from(
        "[[meetings.committees]]\nname = \"finance\"\n[[projects]]\nname = \"webdev\"\n[[projects]]\nname = \"meetings\"\nkind = \"meeting\"\n",
    );
    for m in ["ana", "ben", "cleo", "dev", "eli", "fay", "gus"] {
        toml.push_str(&format!("[[members]]\nname = \"{m}\"\n"));
    }
    let bot = Bot::with_config(&toml);
    let mut lines = vec!["eli: !absent 2026-10-01..2026-11-01 parental leave".to_owned()];
    for (day, time, committee, present) in MEETINGS {
        lines.push(format!("/at {day}T{time}"));
        lines.push(format!("{}: !meeting start {committee}", present[0]));
        for who in &present[1..] {
            lines.push(format!("{who}: !here"));
        }
        lines.push("/wait 1h".into());
        lines.push(format!("{}: !meeting end", present[0]));
    }
    lines.push("/at 2026-11-02T09:00".into());
    for (who, hours, day) in PUNCHES {
        lines.push(format!("{who}: !punch {hours}h webdev {day}"));
    }
    // Meeting time is not work for the membership rules.
    lines.push("dev: !punch 5h meetings 2026-10-13".into());
    lines.push("/at 2026-11-10T09:00".into());
    lines.push("ana: !membership".into());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = bot.console("2026-08-31T09:00:00-04:00", &script(&refs));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let head = r
        .iter()
        .position(|l| l.starts_with("Membership rules, Tue Sep 1 2026 to Sat Oct 31 2026:"))
        .expect("membership");
    assert_eq!(
        r[head + 1],
        "ana ok · ben not meeting the rules · cleo not meeting the rules · dev not meeting the rules · eli ok (justified absence) · fay at risk · gus at risk"
    );
    // The figures behind each status go to the member alone.
    assert!(
        out.private("ben")
            .contains(&"Committees attended: 1 of 2 needed (reflection meeting)."),
        "{:#?}",
        out.private("ben")
    );
    assert!(out.private("cleo").contains(&"Reflection meetings: 1 of 2 needed."));
    assert!(out.private("dev").contains(
        &"Hours worked, meeting time excluded: September 12h00 (needed 10h00), October 8h00 (needed 10h00)."
    ));
    assert!(
        out.private("eli").contains(&"Reflection meetings: 1 of 1 needed."),
        "{:#?}",
        out.private("eli")
    );
    assert!(
        out.private("eli").contains(
            &"Hours worked, meeting time excluded: September 12h00 (needed 10h00), October 0h00 (needed 0h00)."
        )
    );
    assert!(
        out.private("fay").contains(&"No activity for 35 days."),
        "{:#?}",
        out.private("fay")
    );
    assert!(
        out.private("gus")
            .contains(&"Over the last months up to today: 10h00 (warning below 20h00)."),
        "{:#?}",
        out.private("gus")
    );
    assert!(!r.iter().any(|l| l.contains("12h00")), "no figures in the room");

    // Attendance over September, for everyone and for one member.
    let att = bot.console(
        "2026-11-10T10:00:00-05:00",
        &script(&["ana: !attendance 2026-09", "ana: !attendance eli 2026-10"]),
    );
    let a = att.room();
    assert_eq!(
        a[0],
        "ana: Attendance, Tue Sep 1 2026 to Wed Sep 30 2026: 3 meetings (finance committee meeting ×1, production meeting ×1, reflection meeting ×1)."
    );
    assert!(a.contains(&"ben: 1 of 3"), "{a:#?}");
    assert!(a.contains(&"gus: 3 of 3"), "{a:#?}");
    assert!(
        a.contains(&"eli: 0 of 2 (justified absence: Thu Oct 1 2026 to Sun Nov 1 2026)"),
        "{a:#?}"
    );
}

#[test]
fn ending_a_round_early_keeps_the_speaker_and_counts_everyone_present() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        "2026-11-24T09:55:00-05:00",
        &script(&[
            "/join alice",
            "/join bob",
            "/join carole",
            "alice: !standup",
            "alice: help: the VPN is down",
            "bob: !standup end",
            "alice: !attendance",
        ]),
    );
    let r = out.room();
    let s = r
        .iter()
        .position(|l| l.starts_with("Stand-up summary"))
        .expect("summary");
    assert_eq!(
        &r[s..s + 3],
        [
            "Stand-up summary — 3 took part; spoke: alice.",
            "Not called before the end: bob, carole.",
            "Help needed: alice: the VPN is down"
        ]
    );
    assert!(
        r.contains(&"alice: 1 of 1") && r.contains(&"bob: 1 of 1") && r.contains(&"carole: 1 of 1"),
        "{r:#?}"
    );
}

#[test]
fn a_stand_up_and_the_production_meeting_the_same_day_count_once_and_so_does_a_restarted_reflection_meeting() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        "2026-11-24T09:55:00-05:00",
        &script(&[
            "/join alice",
            "/join bob",
            "alice: !standup",
            "alice: !pass",
            "bob: !pass",
            "alice: !meeting start production",
            "bob: !here",
            "alice: !meeting end",
            "/at 2026-12-01T13:00",
            "alice: !meeting start reflection",
            "alice: !meeting end",
            "alice: !meeting start reflection",
            "alice: !meeting end",
            "/at 2026-12-02T09:00",
            "alice: !attendance 2026-11",
            "alice: !attendance 2026-12",
        ]),
    );
    let r = out.room();
    assert!(
        r.contains(&"alice: Attendance, Sun Nov 1 2026 to Mon Nov 30 2026: 1 meeting (production meeting ×1)."),
        "{r:#?}"
    );
    assert!(r.contains(&"alice: 1 of 1") && r.contains(&"bob: 1 of 1"), "{r:#?}");
    assert!(
        r.contains(&"alice: Attendance, Tue Dec 1 2026 to Thu Dec 31 2026: 1 meeting (reflection meeting ×1)."),
        "{r:#?}"
    );
}

#[test]
fn only_production_and_reflection_meetings_decide_and_non_members_cannot_read_attendance() {
    let bot = Bot::with_config(&format!("{ROSTER}\n[[meetings.committees]]\nname = \"finance\"\n"));
    let out = bot.console(
        "2026-11-20T15:00:00-05:00",
        &script(&[
            "alice: !propose a budget line",
            "bob: !veto 1 too early",
            "alice: !meeting start finance",
            "alice: !decide 1 adopted",
            "alice: !meeting end",
            "mallory: !attendance",
            "mallory: !membership",
        ]),
    );
    let r = out.room();
    assert!(
        r.iter().any(|l| l.starts_with("The finance committee meeting is open")),
        "{r:#?}"
    );
    assert!(!r.iter().any(|l| l.starts_with("On the agenda")), "{r:#?}");
    assert!(r.contains(&"alice: Deferred proposals are decided at a production or reflection meeting, not at the finance committee meeting."), "{r:#?}");
    assert!(
        r.iter()
            .any(|l| l.starts_with("mallory: Only members of the collective can use !attendance.")),
        "{r:#?}"
    );
    assert!(
        r.iter()
            .any(|l| l.starts_with("mallory: Only members of the collective can use !membership.")),
        "{r:#?}"
    );
}

#[test]
fn french_counts_of_zero_are_zero() {
    let bot = Bot::with_config(&format!("[collective]\nlanguage = \"fr\"\n{ROSTER}"));
    let out = bot.console(
        "2026-11-24T10:00:00-05:00",
        &script(&[
            "alice: !réunion début production",
            "alice: !réunion fin",
            "alice: !présences semaine",
        ]),
    );
    let r = out.room();
    assert!(
        r.iter()
            .any(|l| l.starts_with("La réunion de production est close : 1 présence ; 0 sujet, 0 décision, 0 action.")),
        "{r:#?}"
    );
}

#[test]
fn tagged_lines_sent_privately_before_a_round_are_read_into_it() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&[
            "zoe> help: can someone look at the backup alerts?",
            "bob> Dispo : lundi seulement",
            "zoe> are you there?",
            "/wait 50m",
            "/join alice",
            "/join bob",
            "alice: !standup",
            "alice: !next",
            "bob: !next",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Each tagged line is acknowledged like an `!update`; plain chatter gets the pointer.
    let zoe = out.private("zoe");
    assert!(
        zoe.iter().any(|l| l.starts_with("Noted for the next stand-up")),
        "{zoe:?}"
    );
    assert_eq!(
        zoe.iter()
            .filter(|l| l.starts_with("I only understand commands"))
            .count(),
        1,
        "{zoe:?}"
    );
    assert!(
        out.private("bob")
            .iter()
            .any(|l| l.starts_with("Noted for the next stand-up")),
        "{}",
        out.stdout
    );
    let r = out.room();
    assert!(r.iter().any(|l| l.ends_with("Updates sent beforehand: zoe.")), "{r:#?}");
    assert!(
        r.iter()
            .any(|l| l.starts_with("bob, your turn") && l.contains("already in (1 line)")),
        "{r:#?}"
    );
    assert!(
        r.contains(&"Help needed: zoe: can someone look at the backup alerts?"),
        "{r:#?}"
    );
    assert!(r.contains(&"Availability: bob: lundi seulement"), "{r:#?}");
}

#[test]
fn a_tagged_line_said_during_someone_elses_turn_is_kept_for_its_speaker() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        "2026-11-24T09:55:00-05:00",
        &script(&[
            "/join alice",
            "/join bob",
            "/join carole",
            "alice: !standup",
            // bob's turn is still to come; dan came in after the start and is not in it.
            "bob: help: need a reviewer for the upgrade",
            "/join dan",
            "dan: announce: the new client signed",
            "carole: just chatting while alice speaks",
            "alice: priorities: invoices",
            "alice: !next",
            // alice's turn is over; she adds a line anyway.
            "alice: availability: off Friday",
            "bob: !next",
            "carole: !pass",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let s = r
        .iter()
        .position(|l| l.starts_with("Stand-up summary"))
        .unwrap_or_else(|| panic!("no summary: {r:#?}"));
    assert_eq!(
        &r[s..],
        [
            "Stand-up summary — 4 took part; spoke: alice, bob, dan.",
            "Passed: carole.",
            "Help needed: bob: need a reviewer for the upgrade",
            "Availability: alice: off Friday",
            "Announcements: dan: the new client signed",
            "Priorities: alice: invoices",
        ]
    );
}

#[test]
fn an_action_for_a_name_nobody_goes_by_is_recorded_and_the_speaker_is_told() {
    let bot = Bot::with_config(ROSTER);
    let out = bot.console(
        "2026-11-24T10:00:00-05:00",
        &script(&[
            "/join alice",
            "/join quentin",
            "alice: !meeting start production",
            // A member, someone present who is not on the roster, a typo, an outsider.
            "alice: !action bob collect three offers",
            "alice: !action quentin send the slides",
            "alice: !action bbo call the supplier",
            "alice: !action accountant file the quarterly report",
            "alice: !meeting end",
            "alice: !minutes",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let notes: Vec<&&str> = r.iter().filter(|l| l.starts_with("alice: Note:")).collect();
    assert_eq!(
        notes,
        [
            &"alice: Note: bbo is neither a member nor in this room (did you mean bob?). The action is recorded for \"bbo\" as written.",
            &"alice: Note: accountant is neither a member nor in this room. The action is recorded for \"accountant\" as written.",
        ],
        "{r:#?}"
    );
    // All four are in the record.
    assert!(r.iter().any(|l| l.contains("4 actions")), "{r:#?}");
    assert!(r.contains(&"Action for bbo: call the supplier"), "{r:#?}");
}
