//! The rotating facilitation team (issue 31; README, "Meetings"): the team drawn some
//! days before each meeting over ten meetings (everyone serves before anyone serves
//! twice, nobody on leave is drawn), newcomers waiting their turn, `!roles` and
//! `!roles pass`, the team posted at `!meeting start` and in the minutes — in English and
//! in French, through the real binary's console with a simulated clock.

use std::collections::BTreeMap;

use crate::support;

use support::{Bot, script};

/// Wednesday 2026-11-18 09:00 in Montreal (EST); production meetings are on Tuesdays at
/// 10:00 (the defaults), so teams are drawn on Saturdays at 10:00 (`draw_before = "3d"`).
const WEDNESDAY: &str = "2026-11-18T09:00:00-05:00";

fn config(members: &[&str], roles: &str) -> String {
    let mut c =
        format!("[console]\nroom = \"#office\"\n[meetings]\nreminders_before = [\"1d\"]\n[meetings.roles]\n{roles}\n");
    for m in members {
        c.push_str(&format!("[[members]]\nname = \"{m}\"\n"));
    }
    c
}

/// The teams announced for the production meeting, in order: (its date as said, role →
/// member).
fn teams_in<'a>(room: &[&'a str], prefix: &str, drawn: &str) -> Vec<(&'a str, Vec<(&'a str, &'a str)>)> {
    room.iter()
        .filter_map(|l| l.strip_prefix(prefix))
        .map(|l| {
            let (date, rest) = l.split_once(drawn).expect("a team");
            let team = rest.split(". ").next().unwrap_or_default();
            let roles = team
                .split(", ")
                .map(|h| {
                    h.split_once(" : ")
                        .or_else(|| h.split_once(": "))
                        .expect("role: member")
                })
                .collect();
            (date, roles)
        })
        .collect()
}

#[test]
fn over_ten_meetings_everyone_serves_before_anyone_serves_twice_and_nobody_on_leave_is_drawn() {
    let members = ["ana", "ben", "cleo", "dev", "eli", "fay", "gus"];
    let bot = Bot::with_config(&config(&members, "newcomer_meetings = 0\nreflection = []"));
    let out = bot.console(
        WEDNESDAY,
        &script(&[
            "ana: !roles",
            "ana: !roles pass timekeeper",
            "fay: !absent 2026-11-30..2026-12-15 parental leave",
            "/at 2026-11-22T09:00",
            "ana: !roles",
            "ana: !roles pass cook",
            "/at 2026-11-24T10:00",
            "ana: !meeting start production",
            "/wait 30m",
            "ana: !meeting end",
            "/at 2027-01-26T09:00",
            "ana: !roles",
            "ana: !attendance",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    // Before the first draw: when it will be, and nothing to hand back.
    assert!(r.contains(&"ana: No team drawn yet for the production meeting (Tue Nov 24, 10:00 EST): it is drawn Sat Nov 21, 10:00 EST."), "{r:#?}");
    assert!(r.contains(&"Nobody has served on a team yet."), "{r:#?}");
    assert!(
        r.contains(&"ana: No team is drawn for a meeting ahead yet: there is no role to hand back."),
        "{r:#?}"
    );
    assert!(
        r.contains(&"ana: There is no role called cook; the roles: facilitator, note-taker, timekeeper."),
        "{r:#?}"
    );
    let teams = teams_in(&r, "Team of the production meeting (", ", drawn by lot: ");
    let dates: Vec<&str> = teams.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        dates,
        [
            "Tue Nov 24, 10:00 EST)",
            "Tue Dec 1, 10:00 EST)",
            "Tue Dec 8, 10:00 EST)",
            "Tue Dec 15, 10:00 EST)",
            "Tue Dec 22, 10:00 EST)",
            "Tue Dec 29, 10:00 EST)",
            "Tue Jan 5, 10:00 EST)",
            "Tue Jan 12, 10:00 EST)",
            "Tue Jan 19, 10:00 EST)",
            "Tue Jan 26, 10:00 EST)",
        ],
        "{r:#?}"
    );
    let mut served: BTreeMap<&str, u32> = BTreeMap::new();
    for (i, (date, team)) in teams.iter().enumerate() {
        let roles: Vec<&str> = team.iter().map(|(role, _)| *role).collect();
        assert_eq!(roles, ["facilitator", "note-taker", "timekeeper"], "{date}");
        let names: Vec<&str> = team.iter().map(|(_, m)| *m).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 3, "someone holds two roles on {date}: {names:?}");
        // Fay is on leave for the meetings of Dec 1, 8 and 15.
        if (1..=3).contains(&i) {
            assert!(!names.contains(&"fay"), "fay drawn on {date} while on leave");
        }
        for n in names {
            *served.entry(n).or_default() += 1;
        }
        // Among those who could be drawn every time (all but fay), nobody serves a
        // second time before everyone has served once (and so on).
        let steady: Vec<u32> = members
            .iter()
            .filter(|m| **m != "fay")
            .map(|m| served.get(m).copied().unwrap_or(0))
            .collect();
        let (min, max) = (steady.iter().min().unwrap(), steady.iter().max().unwrap());
        assert!(max - min <= 1, "after {date}: {served:?}");
    }
    // 30 turns, everyone served; back from leave, fay, who had not served yet, went first.
    assert_eq!(served.values().sum::<u32>(), 30);
    assert!(
        members.iter().all(|m| served.get(m).copied().unwrap_or(0) >= 3),
        "{served:?}"
    );
    assert!(teams[4].1.iter().any(|(_, m)| *m == "fay"), "{:?}", teams[4]);
    // !roles: the team of the next meeting, its seed, and the rotation.
    let first = &teams[0].1;
    let heading = format!(
        "ana: Team of the production meeting (Tue Nov 24, 10:00 EST): facilitator: {}, note-taker: {}, timekeeper: {}.",
        first[0].1, first[1].1, first[2].1
    );
    assert!(r.contains(&heading.as_str()), "{heading}\n{r:#?}");
    assert!(
        r.iter()
            .any(|l| l.starts_with("Drawn Sat Nov 21, 10:00 EST with seed ")),
        "{r:#?}"
    );
    assert!(r.contains(&"Rotation, latest first:"), "{r:#?}");
    let tenth = &teams[9].1;
    let rotation_line = format!(
        "Tue Jan 19 2027: facilitator: {}, note-taker: {}, timekeeper: {}",
        teams[8].1[0].1, teams[8].1[1].1, teams[8].1[2].1
    );
    assert!(r.contains(&rotation_line.as_str()), "{rotation_line}\n{r:#?}");
    assert!(r.contains(&format!("ana: Team of the production meeting (Tue Jan 26, 10:00 EST): facilitator: {}, note-taker: {}, timekeeper: {}.", tenth[0].1, tenth[1].1, tenth[2].1).as_str()), "{r:#?}");
    // The meeting posts its team, and the minutes keep it.
    let posted = format!(
        "The team: facilitator: {}, note-taker: {}, timekeeper: {}.",
        first[0].1, first[1].1, first[2].1
    );
    // In the reminder the day before, and when the meeting starts.
    let after = |first: &str| {
        let i = r
            .iter()
            .position(|l| *l == first)
            .unwrap_or_else(|| panic!("{first}\n{r:#?}"));
        r[i + 1..].iter().take(3).copied().collect::<Vec<_>>()
    };
    assert!(
        after("Reminder: the production meeting is on Tue Nov 24, 10:00 EST, in 1 day.").contains(&posted.as_str()),
        "{posted}\n{r:#?}"
    );
    assert!(
        after("The production meeting is open (started by ana). Say !here to be counted present.")
            .contains(&posted.as_str()),
        "{posted}\n{r:#?}"
    );
    // The attendance record of January lists its teams.
    let january = format!(
        "production meeting (Tue Jan 19, 10:00 EST): facilitator: {}, note-taker: {}, timekeeper: {}",
        teams[8].1[0].1, teams[8].1[1].1, teams[8].1[2].1
    );
    let i = r
        .iter()
        .position(|l| *l == "Facilitation teams:")
        .expect("teams in !attendance");
    assert_eq!(
        r[i + 1..]
            .iter()
            .filter(|l| l.contains("production meeting (Tue Jan"))
            .count(),
        4,
        "{r:#?}"
    );
    assert!(r[i + 1..].contains(&january.as_str()), "{january}\n{r:#?}");
    let minutes =
        std::fs::read_to_string(bot.dir().join("minutes").join("2026-11-24-production-1.md")).expect("minutes");
    let section = format!(
        "## Team\n\n- facilitator: {}\n- note-taker: {}\n- timekeeper: {}\n\nDrawn by lot with seed ",
        first[0].1, first[1].1, first[2].1
    );
    assert!(minutes.contains(&section), "{minutes}");
}

#[test]
fn a_role_handed_back_is_drawn_again_and_a_newcomer_waits_for_their_meetings() {
    let old = ["ana", "ben", "cleo", "dev"];
    let bot = Bot::with_config(&config(
        &["ana", "ben", "cleo", "dev", "noa"],
        "newcomer_meetings = 2\nproduction = [\"facilitator\", \"note-taker\"]\nreflection = []",
    ));
    // Two meetings before any draw: the collective has held enough for the rule to apply.
    let mut lines = vec![];
    for day in ["2026-11-18T10:00", "2026-11-19T10:00"] {
        lines.push(format!("/at {day}"));
        lines.push("ana: !meeting start production".into());
        for m in old {
            lines.push(format!("{m}: !here"));
        }
        lines.push("ana: !meeting end".into());
    }
    // Noa attends the meetings of Nov 24 and Dec 1; teams are drawn on Saturdays.
    for day in ["2026-11-24T10:00", "2026-12-01T10:00"] {
        lines.push(format!("/at {day}"));
        lines.push("ana: !meeting start production".into());
        lines.push("noa: !here".into());
        lines.push("ana: !meeting end".into());
    }
    lines.push("/at 2026-12-06T09:00".into());
    lines.push("ana: !roles".into());
    let script_lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = bot.console("2026-11-18T09:00:00-05:00", &script(&script_lines));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let teams = teams_in(&r, "Team of the production meeting (", ", drawn by lot: ");
    assert_eq!(teams.len(), 3, "{r:#?}");
    // Not drawn before attending two meetings…
    for (date, team) in &teams[..2] {
        assert!(team.iter().all(|(_, m)| *m != "noa"), "noa drawn on {date}: {team:?}");
    }
    // …then first in line, never having served.
    assert!(teams[2].1.iter().any(|(_, m)| *m == "noa"), "{:?}", teams[2]);

    // Now hand a role back: the one drawn instead is neither on the team nor noa twice.
    let (_, team) = &teams[2];
    let (facilitator, note_taker) = (team[0].1, team[1].1);
    let stranger = old.iter().find(|m| **m != facilitator && **m != note_taker).unwrap();
    let out = bot.console(
        "2026-12-06T10:00:00-05:00",
        &script(&[
            &format!("{stranger}: !roles pass facilitator"),
            &format!("{note_taker}: !roles pass facilitator"),
            &format!("{note_taker}: !roles pass timekeeper"),
            &format!("{facilitator}: !roles pass Facilitator"),
            "ana: !roles",
        ]),
    );
    let r = out.room();
    assert!(
        r.contains(&format!("{stranger}: You hold no role on a team drawn for a meeting ahead.").as_str()),
        "{r:#?}"
    );
    assert!(
        r.contains(
            &format!("{note_taker}: You are not facilitator at a meeting ahead; your role: note-taker.").as_str()
        ),
        "{r:#?}"
    );
    // Only facilitator and note-taker are configured here.
    let unknown = format!("{note_taker}: There is no role called timekeeper; the roles: facilitator, note-taker.");
    assert!(r.contains(&unknown.as_str()), "{unknown}\n{r:#?}");
    let passed = r
        .iter()
        .find_map(|l| {
            l.strip_prefix(&format!(
                "{facilitator} handed back the role of facilitator for the production meeting (Tue Dec 8, 10:00 EST); drawn instead: "
            ))
        })
        .unwrap_or_else(|| panic!("{r:#?}"));
    let taker = passed.split(' ').next().unwrap();
    assert!(taker != facilitator && taker != note_taker, "{passed}");
    assert!(r.contains(&format!("ana: Team of the production meeting (Tue Dec 8, 10:00 EST): facilitator: {taker}, note-taker: {note_taker}.").as_str()), "{r:#?}");
}

#[test]
fn the_team_in_french() {
    let mut c = config(&["ben", "cleo", "dev"], "reflection = []");
    c.push_str("[collective]\nlanguage = \"fr\"\n[mail]\nfrom = \"konbit@coop.example\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\n[[members]]\nname = \"ana\"\nemail = \"ana@coop.example\"\n");
    let bot = Bot::with_config(&c);
    let out = bot.console(
        WEDNESDAY,
        &script(&[
            "ana: !rôles",
            "/at 2026-11-22T09:00",
            "ana: !équipe",
            "/at 2026-11-24T10:00",
            "ana: !réunion début production",
            "/wait 30m",
            "ana: !réunion fin",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    assert!(r.contains(&"ana: Pas encore d’équipe tirée pour la réunion de production (mar 24 nov, 10 h 00 HNE) : elle le sera sam 21 nov, 10 h 00 HNE."), "{r:#?}");
    let teams = teams_in(&r, "Équipe de la réunion de production (", ", tirée au sort : ");
    assert_eq!(teams.len(), 1, "{r:#?}");
    let team = &teams[0].1;
    let roles: Vec<&str> = team.iter().map(|(r, _)| *r).collect();
    assert_eq!(roles, ["animation", "secrétariat", "gardien·ne du temps"]);
    let line = format!(
        "ana: Équipe de la réunion de production (mar 24 nov, 10 h 00 HNE) : animation : {}, secrétariat : {}, gardien·ne du temps : {}.",
        team[0].1, team[1].1, team[2].1
    );
    assert!(r.contains(&line.as_str()), "{line}\n{r:#?}");
    assert!(
        r.iter()
            .any(|l| l.starts_with("Tirée sam 21 nov, 10 h 00 HNE avec la graine ")),
        "{r:#?}"
    );
    assert!(
        r.contains(
            &format!(
                "L’équipe : animation : {}, secrétariat : {}, gardien·ne du temps : {}.",
                team[0].1, team[1].1, team[2].1
            )
            .as_str()
        ),
        "{r:#?}"
    );
    // The reminder carries the team, in the room and by e-mail.
    let said = format!(
        "L’équipe : animation : {}, secrétariat : {}, gardien·ne du temps : {}.",
        team[0].1, team[1].1, team[2].1
    );
    assert!(out.has(&format!("[mail ana] konbit: {said}")), "{}", out.stdout);
    // The team of Dec 1, drawn on Saturday Nov 28; its timekeeper hands the role back
    // (named in French), and the one drawn instead, the only one left, too.
    let out = bot.console(
        "2026-11-25T09:00:00-05:00",
        &script(&["/at 2026-11-28T11:00", "ana: !rôles"]),
    );
    let r2 = out.room();
    let next = teams_in(&r2, "Équipe de la réunion de production (", ", tirée au sort : ");
    assert_eq!(next.len(), 1, "{r2:#?}");
    let next = &next[0].1;
    let keeper = next[2].1;
    let outside = ["ana", "ben", "cleo", "dev"]
        .into_iter()
        .find(|m| next.iter().all(|(_, n)| n != m))
        .unwrap();
    let out = bot.console(
        "2026-11-28T12:00:00-05:00",
        &script(&[
            &format!("{keeper}: !rôles passer gardien·ne du temps"),
            &format!("{outside}: !rôles passer gardienne du temps"),
            &format!("{keeper}: !rôles passer gardien·ne du temps"),
        ]),
    );
    let r3 = out.room();
    let meeting = "la réunion de production (mar 1 déc, 10 h 00 HNE)";
    assert!(
        r3.iter().any(|l| l.starts_with(&format!(
            "{keeper} rend le rôle gardien·ne du temps pour {meeting} ; tiré·e à la place : {outside} (graine "
        ))),
        "{r3:#?}"
    );
    assert!(
        r3.contains(&format!("{outside} rend le rôle gardien·ne du temps pour {meeting} ; il ne reste personne à tirer : qui le prend ?").as_str()),
        "{r3:#?}"
    );
    assert!(
        r3.contains(
            &format!("{keeper}: Tu ne tiens aucun rôle dans une équipe tirée pour une réunion à venir.").as_str()
        ),
        "{r3:#?}"
    );
    let minutes =
        std::fs::read_to_string(bot.dir().join("minutes").join("2026-11-24-production-1.md")).expect("minutes");
    assert!(
        minutes.contains(&format!(
            "## Équipe\n\n- animation : {}\n- secrétariat : {}\n- gardien·ne du temps : {}\n",
            team[0].1, team[1].1, team[2].1
        )),
        "{minutes}"
    );
}

#[test]
fn a_draw_missed_while_the_bot_was_down_happens_once_at_restart() {
    let bot = Bot::with_config(&config(&["ana", "ben", "cleo", "dev"], "reflection = []"));
    // Stopped on Friday; the team of Tuesday's meeting was due on Saturday at 10:00.
    let out = bot.console(WEDNESDAY, &script(&["/at 2026-11-20T17:00"]));
    assert_eq!(out.count("Team of the production meeting"), 0, "{}", out.stdout);
    // Back on Monday, two days late (past `scheduler.stale_after`): drawn at once, once.
    let monday = bot.console("2026-11-23T08:00:00-05:00", &script(&["ana: !roles"]));
    assert_eq!(
        monday.count("Team of the production meeting (Tue Nov 24, 10:00 EST), drawn by lot: "),
        1,
        "{}",
        monday.stdout
    );
    // Restarted again: the same team, not drawn again.
    let again = bot.console("2026-11-23T09:00:00-05:00", &script(&["ana: !roles"]));
    assert_eq!(again.count("drawn by lot"), 0, "{}", again.stdout);
    let team = |out: &support::Session| {
        out.room()
            .into_iter()
            .find(|l| l.starts_with("ana: Team of the production meeting (Tue Nov 24"))
            .map(str::to_owned)
    };
    assert!(team(&monday).is_some(), "{}", monday.stdout);
    assert_eq!(team(&monday), team(&again));
}

/// The web view: the teams ahead on `/`, the rotation on `/attendance`, in both languages.
#[cfg(feature = "web")]
#[test]
fn the_web_view_shows_the_teams_ahead_and_the_rotation() {
    use support::web::{CONFIG, ok, serve};
    let bot = Bot::with_config(&format!("{CONFIG}[meetings.roles]\nreflection = []\n"));
    // Drawn: the teams of Nov 17 (at once), Nov 24 and Dec 1; the pages are read on Nov 24
    // at noon.
    let out = bot.console("2026-11-17T09:00:00-05:00", &script(&["/at 2026-11-28T11:00"]));
    assert_eq!(out.count("drawn by lot"), 3, "{}", out.stdout);
    let (_web, at) = serve(&bot, &[]);
    let home = ok(&at, "/?lang=en");
    assert!(home.contains("<h2 id=\"team\">Facilitation team</h2>"), "{home}");
    assert!(home.contains("facilitator: <bdi>"), "{home}");
    assert_eq!(home.matches("<span class=\"muted\">seed <code>").count(), 2, "{home}");
    let fr = ok(&at, "/?lang=fr");
    assert!(
        fr.contains("Équipe d’animation") && fr.contains("animation : <bdi>"),
        "{fr}"
    );
    assert!(fr.contains("gardien·ne du temps : <bdi>"), "{fr}");
    let attendance = ok(&at, "/attendance?lang=en");
    assert!(attendance.contains("Rotation of the facilitation team"), "{attendance}");
    assert_eq!(attendance.matches("timekeeper: <bdi>").count(), 1, "{attendance}");
}
