//! Scenario tests for punched hours through the real binary's console (README,
//! "Commands": `!punch`, `!hours`).

use crate::support;

use std::collections::BTreeMap;

use support::{Bot, script};

const CONFIG: &str = r#"
[[projects]]
name = "webdev"
[[projects]]
name = "hosting"
[[projects]]
name = "sysadmin"
kind = "care"
[[projects]]
name = "meetings"
kind = "meeting"

[[members]]
name = "alice"
[[members]]
name = "bob"
[[members]]
name = "carole"
language = "fr"
[[members]]
name = "dan"
timezone = "America/Vancouver"
"#;

/// Monday 2026-11-16, 09:00 in Montreal.
const MONDAY: &str = "2026-11-16T09:00:00-05:00";

/// (day of the week from Monday, member, minutes, project, volunteer)
const WEEK: &[(u32, &str, u32, &str, bool)] = &[
    (0, "alice", 120, "webdev", false),
    (0, "bob", 90, "hosting", false),
    (0, "carole", 45, "sysadmin", true),
    (1, "alice", 210, "webdev", false),
    (1, "alice", 60, "meetings", false),
    (1, "bob", 60, "meetings", false),
    (1, "carole", 60, "meetings", false),
    (2, "bob", 300, "webdev", false),
    (2, "carole", 150, "hosting", false),
    (3, "alice", 30, "sysadmin", true),
    (3, "carole", 240, "webdev", false),
    (4, "bob", 75, "sysadmin", false),
    (4, "alice", 480, "hosting", false),
    (4, "carole", 20, "webdev", true),
];

/// A duration in one of the documented forms, varied so that every form is exercised.
fn written(minutes: u32, i: usize) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (i % 4, m) {
        (_, 0) if i.is_multiple_of(2) => format!("{h}h"),
        (_, 0) => format!("{h} h"),
        (0, _) => format!("{minutes}m"),
        (1, _) if m == 30 => format!("{h}.5h"),
        (2, 15) => format!("{h},25h"),
        _ => format!("{h}h{m:02}"),
    }
}

fn week_script(extra: &[&str]) -> String {
    let mut lines = Vec::new();
    let mut day = u32::MAX;
    for (i, (d, who, minutes, project, volunteer)) in WEEK.iter().enumerate() {
        if *d != day {
            day = *d;
            lines.push(format!("/at 2026-11-{}T17:00", 16 + d));
        }
        let flag = if *volunteer {
            if *who == "carole" { " bénévole" } else { " volunteer" }
        } else {
            ""
        };
        lines.push(format!(
            "{who}: !punch {} {project}{flag} note {i}",
            written(*minutes, i)
        ));
    }
    lines.extend(extra.iter().map(|s| s.to_string()));
    lines.join("\n") + "\n"
}

fn hhmm(minutes: u32) -> String {
    format!("{}h{:02}", minutes / 60, minutes % 60)
}

/// Expected (paid, volunteer) minutes per project, for one member or everybody.
fn expected(member: Option<&str>) -> BTreeMap<&'static str, (u32, u32)> {
    let mut out = BTreeMap::new();
    for (_, who, minutes, project, volunteer) in WEEK {
        if member.is_some_and(|m| m != *who) {
            continue;
        }
        let e: &mut (u32, u32) = out.entry(*project).or_default();
        if *volunteer { e.1 += minutes } else { e.0 += minutes }
    }
    out
}

fn amounts(paid: u32, volunteer: u32, fr: bool) -> String {
    let (p, v) = if fr {
        ("payées", "bénévoles")
    } else {
        ("paid", "volunteer")
    };
    match (paid, volunteer) {
        (p_, 0) => format!("{} {p}", hhmm(p_)),
        (0, v_) => format!("{} {v}", hhmm(v_)),
        (p_, v_) => format!("{} {p}, {} {v}", hhmm(p_), hhmm(v_)),
    }
}

fn label(project: &str, fr: bool) -> String {
    match (project, fr) {
        ("sysadmin", false) => "sysadmin (care work)".into(),
        ("sysadmin", true) => "sysadmin (travail de soin)".into(),
        ("meetings", false) => "meetings (meeting time)".into(),
        ("meetings", true) => "meetings (temps de réunion)".into(),
        (p, _) => p.into(),
    }
}

/// The report lines a member should see for `member` (or the collective for `None`).
fn report_lines(member: Option<&str>, fr: bool) -> Vec<String> {
    let rows = expected(member);
    let mut lines: Vec<String> = rows
        .iter()
        .map(|(p, (paid, vol))| {
            format!(
                "{}{}{}",
                label(p, fr),
                if fr { " : " } else { ": " },
                amounts(*paid, *vol, fr)
            )
        })
        .collect();
    let (paid, vol) = rows.values().fold((0, 0), |a, (p, v)| (a.0 + p, a.1 + v));
    lines.push(format!(
        "Total{}{}",
        if fr { " : " } else { ": " },
        amounts(paid, vol, fr)
    ));
    lines
}

#[test]
fn a_week_of_punches_each_member_sees_exactly_their_own_hours_privately() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        MONDAY,
        &week_script(&[
            "/at 2026-11-20T18:00",
            "alice: !hours",
            "bob: !hours week",
            "carole: !heures",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Every punch was confirmed privately, with its id, after it was recorded.
    for (i, (_, who, _, project, _)) in WEEK.iter().enumerate() {
        let mine = out.private(who);
        let id = format!("#{}", i + 1);
        assert!(
            mine.iter().any(|l| l.contains(&id) && l.contains(project)),
            "{who} not told about {id}:\n{}",
            out.stdout
        );
    }
    // Nothing about anyone's hours was said in the room.
    assert!(!out.stdout.contains("[#office]"), "{}", out.stdout);
    for who in ["alice", "bob"] {
        let mine = out.private(who);
        let start = mine
            .iter()
            .position(|l| l.starts_with("Your hours, the week of Mon Nov 16 to Sun Nov 22:"))
            .expect("report");
        let want = report_lines(Some(who), false);
        assert_eq!(&mine[start + 1..start + 1 + want.len()], want.as_slice(), "{who}");
    }
    let carole = out.private("carole");
    let start = carole
        .iter()
        .position(|l| l.starts_with("Tes heures, la semaine du lun 16 nov au dim 22 nov :"))
        .expect("report");
    let want = report_lines(Some("carole"), true);
    assert_eq!(&carole[start + 1..start + 1 + want.len()], want.as_slice());
}

#[test]
fn hours_all_shows_project_totals_only_unless_the_collective_shares_individual_hours() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        MONDAY,
        &week_script(&["/at 2026-11-20T18:00", "bob: !hours all", "bob: !hours alice"]),
    );
    let room: Vec<&str> = out
        .lines()
        .into_iter()
        .filter_map(|l| l.strip_prefix("[#office] konbit: "))
        .collect();
    assert_eq!(
        room[0],
        "bob: The collective's hours by project, the week of Mon Nov 16 to Sun Nov 22:"
    );
    let want = report_lines(None, false);
    assert_eq!(&room[1..1 + want.len()], want.as_slice(), "{}", out.stdout);
    let care = |volunteer: bool| {
        WEEK.iter()
            .filter(|w| w.3 == "sysadmin" && w.4 == volunteer)
            .map(|w| w.2)
            .sum::<u32>()
    };
    assert_eq!(
        room[1 + want.len()],
        format!("Care and maintenance work: {}", amounts(care(false), care(true), false))
    );
    assert!(
        !room.iter().any(|l| l.contains("alice:") && !l.starts_with("bob:")),
        "{room:?}"
    );
    assert!(room.contains(
        &"bob: Individual hours are private in this collective: !hours shows yours, !hours all the project totals."
    ));

    let shared = format!("{CONFIG}\n[privacy]\nshare_individual_hours = true\n");
    let bot = Bot::with_config(&shared);
    let out = bot.console(
        MONDAY,
        &week_script(&["/at 2026-11-20T18:00", "bob: !hours all", "bob: !hours alice"]),
    );
    let total = |who: &str| WEEK.iter().filter(|w| w.1 == who && !w.4).map(|w| w.2).sum::<u32>();
    assert!(out.has("[#office] konbit: By member:"), "{}", out.stdout);
    assert!(
        out.has(&format!("[#office] konbit: bob: {} paid", hhmm(total("bob")))),
        "{}",
        out.stdout
    );
    assert!(
        out.has("[@bob] konbit: Hours of alice, the week of Mon Nov 16 to Sun Nov 22:"),
        "{}",
        out.stdout
    );
}

#[test]
fn undo_only_touches_ones_own_last_entry() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        MONDAY,
        &script(&[
            "alice: !punch 2h webdev",
            "bob: !punch 1h hosting",
            "bob: !punch delete 1",
            "alice: !punch undo",
            "alice: !punch undo",
            "bob: !punch delete 1",
            "/wait 1h",
            "bob: !punch undo",
            "bob: !punch delete 2",
            "bob: !hours",
            "alice: !hours",
        ]),
    );
    let alice = out.private("alice");
    let bob = out.private("bob");
    assert!(alice.contains(&"Removed #1: 2h on webdev, Mon Nov 16."), "{alice:?}");
    assert!(alice.contains(&"You have no entry to undo."), "{alice:?}");
    assert!(bob.contains(&"You have no entry #1."), "{bob:?}");
    assert!(
        bob.contains(&"Your last entry #2 was recorded more than 30 minutes ago; to remove it, use !punch delete 2."),
        "{bob:?}"
    );
    assert!(bob.contains(&"Removed #2: 1h on hosting, Mon Nov 16."), "{bob:?}");
    assert!(
        alice.contains(&"No hours recorded for the week of Mon Nov 16 to Sun Nov 22."),
        "{alice:?}"
    );
    assert!(
        bob.contains(&"No hours recorded for the week of Mon Nov 16 to Sun Nov 22."),
        "{bob:?}"
    );
}

#[test]
fn a_timer_across_midnight_records_one_entry_per_day() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        "2026-11-17T22:15:00-05:00",
        &script(&[
            "alice: !punch in sysadmin server migration",
            "/at 2026-11-18T01:45",
            "alice: !punch status",
            "alice: !punch out done",
            "alice: !hours",
        ]),
    );
    let alice = out.private("alice");
    assert!(
        alice
            .iter()
            .any(|l| l.starts_with("Timer started on sysadmin at Tue Nov 17, 22:15 EST")),
        "{alice:?}"
    );
    assert!(
        alice.contains(&"Timer running on sysadmin since Tue Nov 17, 22:15 EST (3 hours 30 minutes)."),
        "{alice:?}"
    );
    assert!(
        // The note is echoed on each entry, so that people can check what they recorded.
        alice.contains(
            &"Timer stopped; recorded #1: 1h45 on sysadmin, Tue Nov 17 — “server migration — done”; \
              #2: 1h45 on sysadmin, Wed Nov 18 — “server migration — done”."
        ),
        "{alice:?}"
    );
    let csv = bot.run(&["export", "hours", "--from", "2026-11-17", "--to", "2026-11-18"], "");
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    let rows: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(
        rows[0],
        "id,member,project,day,minutes,hours,volunteer,note,source,recorded_at"
    );
    assert_eq!(
        rows[1],
        "1,alice,sysadmin,2026-11-17,105,1.75,false,server migration — done,timer,2026-11-18T06:45:00Z"
    );
    assert_eq!(
        rows[2],
        "2,alice,sysadmin,2026-11-18,105,1.75,false,server migration — done,timer,2026-11-18T06:45:00Z"
    );
    assert_eq!(rows.len(), 3);
}

#[test]
fn a_forgotten_timer_is_flagged_privately_and_not_recorded() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        MONDAY,
        &script(&[
            "bob: !punch in webdev",
            "/at 2026-11-16T21:00",
            "bob: !help",
            "/at 2026-11-16T21:01",
            "/wait 1d",
            "bob: !punch out",
            "bob: !hours",
        ]),
    );
    let bob = out.private("bob");
    let flagged: Vec<_> = bob
        .iter()
        .filter(|l| l.starts_with("Your timer on webdev has been running since Mon Nov 16, 09:00 EST"))
        .collect();
    assert_eq!(flagged.len(), 1, "{bob:?}");
    // Before that, at 8 hours, a gentle reminder that it is still running.
    assert_eq!(
        bob.iter()
            .filter(|l| l.starts_with("Your timer on webdev is still running, since Mon Nov 16, 09:00 EST (8 hours)."))
            .count(),
        1,
        "{bob:?}"
    );
    // Not before the limit: the flag comes after the 21:00 help.
    let help = out.lines().iter().position(|l| l.contains("bob: Commands")).unwrap();
    let flag = out
        .lines()
        .iter()
        .position(|l| l.contains("has been running since"))
        .unwrap();
    assert!(flag > help);
    assert!(
        bob.iter().any(|l| l.starts_with(
            "Your timer on webdev ran 1 day 12 hours, more than the 12 hours limit, so it was not recorded."
        )),
        "{bob:?}"
    );
    assert!(
        bob.contains(&"No hours recorded for the week of Mon Nov 16 to Sun Nov 22."),
        "{bob:?}"
    );
}

#[test]
fn nonsense_is_refused_with_a_reason_and_nothing_is_recorded() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        MONDAY,
        &script(&[
            "alice: !punch 0h webdev",
            "alice: !punch -1h webdev",
            "alice: !punch 25h webdev",
            "alice: !punch 2h",
            "alice: !punch 2h wbdev",
            "alice: !punch 2h gardening",
            "alice: !punch 2h webdev 2026-11-17",
            "alice: !punch 2h webdev tomorrow",
            "alice: !punch 20h webdev yesterday",
            "alice: !punch 5h hosting yesterday",
            "alice: !punch 1h hosting 2026-08-16",
            "alice: !punch 1h hosting 2026-08-15",
            "mallory: !punch 1h webdev",
            "alice: !hours",
        ]),
    );
    let alice: Vec<&str> = out.lines().into_iter().filter(|l| l.contains("alice")).collect();
    let all = out.stdout.as_str();
    assert!(
        all.contains("alice: A duration must be more than zero. Usage: !punch"),
        "{all}"
    );
    assert_eq!(out.count("alice: A duration must be more than zero."), 2, "{all}");
    assert!(all.contains("alice: One entry is at most 24 hours."), "{all}");
    assert!(all.contains("alice: Say which project the hours are for."), "{all}");
    assert!(
        all.contains("alice: Unknown project 'wbdev' — did you mean 'webdev'? Nothing was recorded."),
        "{all}"
    );
    assert!(
        all.contains(
            "alice: Unknown project 'gardening'; nothing was recorded. Projects: hosting, meetings, sysadmin, webdev."
        ),
        "{all}"
    );
    assert!(
        all.contains(
            "[@alice] konbit: Tue Nov 17 is in the future: hours are punched once worked. Nothing was recorded."
        ),
        "{all}"
    );
    assert!(
        all.contains("[@alice] konbit: Tue Nov 17 is in the future: hours are punched once worked."),
        "{all}"
    );
    assert_eq!(out.count("is in the future"), 2, "{all}");
    assert!(
        all.contains("[@alice] konbit: Recorded #1: 20h on webdev, Sun Nov 15."),
        "{all}"
    );
    assert!(
        all.contains(
            "[@alice] konbit: That would make more than 24 hours on Sun Nov 15 (already 20h00). Nothing was recorded."
        ),
        "{all}"
    );
    assert!(
        all.contains("mallory: Only members of the collective can use !punch."),
        "{all}"
    );
    assert!(
        all.contains("[@alice] konbit: Sat Aug 15 is more than 92 days ago"),
        "{all}"
    );
    assert!(
        all.contains("[@alice] konbit: No hours recorded for the week of Mon Nov 16 to Sun Nov 22."),
        "{all}"
    );
    assert!(
        alice.contains(&"[@alice] konbit: Recorded #2: 1h on hosting, Sun Aug 16."),
        "{all}"
    );
}

#[test]
fn today_is_the_members_own_day_in_their_time_zone() {
    let bot = Bot::with_config(CONFIG);
    // 01:30 in Montreal on Tuesday is 22:30 on Monday in Vancouver.
    let out = bot.console(
        "2026-11-17T01:30:00-05:00",
        &script(&["dan: !punch 1h webdev", "alice: !punch 1h webdev"]),
    );
    assert!(
        out.has("[@dan] konbit: Recorded #1: 1h on webdev, Mon Nov 16."),
        "{}",
        out.stdout
    );
    assert!(
        out.has("[@alice] konbit: Recorded #2: 1h on webdev, Tue Nov 17."),
        "{}",
        out.stdout
    );
}

#[test]
fn projects_are_listed_and_added_and_the_flow_works_in_french() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        MONDAY,
        &script(&[
            "carole: !projets",
            "carole: !projet ajouter infolettre",
            "carole: !projet ajouter infolettre",
            "carole: !punch 1,5h infolettre hier bénévole mise en page",
            "carole: !punch début webdev",
            "/wait 45m",
            "carole: !punch fin",
            "carole: !punch état",
            "carole: !heures mois",
            "mallory: !project add spam",
        ]),
    );
    let room: Vec<&str> = out
        .lines()
        .into_iter()
        .filter_map(|l| l.strip_prefix("[#office] konbit: "))
        .collect();
    assert!(
        room.contains(&"carole: Projets : hosting, meetings (temps de réunion), sysadmin (travail de soin), webdev."),
        "{room:?}"
    );
    assert!(room.contains(&"New project: infolettre (added by carole)."), "{room:?}");
    assert!(room.contains(&"carole: Le projet infolettre existe déjà."), "{room:?}");
    assert!(
        room.iter()
            .any(|l| l.starts_with("mallory: Only members of the collective can use !project.")),
        "{room:?}"
    );
    let carole = out.private("carole");
    assert!(
        carole.contains(&"C’est noté : #1 : 1h30 sur infolettre, dim 15 nov (bénévole) — « mise en page »."),
        "{carole:?}"
    );
    assert!(
        carole.contains(&"Minuterie arrêtée ; c’est noté : #2 : 45m sur webdev, lun 16 nov."),
        "{carole:?}"
    );
    assert!(
        carole.contains(&"Aujourd’hui : 0h45 ; cette semaine : 0h45."),
        "{carole:?}"
    );
    let start = carole
        .iter()
        .position(|l| *l == "Tes heures, novembre 2026 :")
        .expect("month report");
    assert_eq!(
        &carole[start + 1..start + 4],
        [
            "infolettre : 1h30 bénévoles",
            "webdev : 0h45 payées",
            "Total : 0h45 payées, 1h30 bénévoles"
        ]
    );
}

#[test]
fn export_json_for_one_member_and_a_bad_range() {
    let bot = Bot::with_config(CONFIG);
    bot.console(MONDAY, &week_script(&[]));
    let out = bot.run(
        &[
            "export",
            "hours",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "json",
            "--member",
            "Bob",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let entries = doc["entries"].as_array().expect("entries");
    let want: u32 = WEEK.iter().filter(|w| w.1 == "bob").map(|w| w.2).sum();
    let got: u64 = entries.iter().map(|e| e["minutes"].as_u64().unwrap()).sum();
    assert_eq!(got, u64::from(want));
    assert!(entries.iter().all(|e| e["member"] == "bob"));
    assert_eq!(doc["member"], "bob");
    let bad = bot.run(&["export", "hours", "--from", "2026-12-01", "--to", "2026-11-01"], "");
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr
            .contains("the first day (2026-12-01) is after the last one (2026-11-01)"),
        "{}",
        bad.stderr
    );
}

#[test]
fn an_entry_is_edited_by_its_owner_only_and_within_the_day() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        MONDAY,
        &script(&[
            "alice: !punch 2h webdev",
            "alice: !punch 20h hosting",
            "bob: !punch edit 1 1h",
            "alice: !punch edit 1 1h30 sysadmin",
            "alice: !punch edit 1 5h",
            "alice: !punch modifier 1 4h",
            "alice: !hours",
        ]),
    );
    let alice = out.private("alice");
    let bob = out.private("bob");
    assert!(bob.contains(&"You have no entry #1."), "{bob:?}");
    assert!(
        alice.contains(&"Changed #1: 1h30 on sysadmin, Mon Nov 16 (was 2h on webdev)."),
        "{alice:?}"
    );
    assert!(
        alice.contains(&"That would make more than 24 hours on Mon Nov 16 (already 20h00). Nothing was recorded."),
        "{alice:?}"
    );
    assert!(
        alice.contains(&"Changed #1: 4h on sysadmin, Mon Nov 16 (was 1h30 on sysadmin)."),
        "{alice:?}"
    );
    assert!(alice.contains(&"Total: 24h00 paid"), "{alice:?}");
}

#[test]
fn a_too_long_project_name_is_refused_saying_how_long_one_may_be() {
    let bot = Bot::with_config(CONFIG);
    let long = "a-very-long-project-name-for-the-new-client-website";
    let out = bot.console(
        MONDAY,
        &script(&[
            &format!("alice: !project add {long}"),
            &format!("alice: !punch 2h {long}"),
            "alice: !project add two words",
            "carole: !projet ajouter un-nom-de-projet-bien-trop-long-pour-etre-accepte",
        ]),
    );
    let room = out.room();
    assert_eq!(
        room.iter()
            .filter(|l| l.starts_with("alice: A project name has at most 40 characters. Usage:"))
            .count(),
        2,
        "{room:?}"
    );
    assert!(
        room.iter().any(|l| l.starts_with("alice: A project name is one word")),
        "{room:?}"
    );
    assert!(
        room.iter()
            .any(|l| l.starts_with("carole: Un nom de projet a au plus 40 caractères.")),
        "{room:?}"
    );
    assert!(!out.stdout.contains("added"), "{}", out.stdout);
}
