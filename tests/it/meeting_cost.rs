//! What meetings cost (issue 31; README, "Hours"): the share of the collective's worked
//! hours that went to meeting projects, per month, on `!hours month all`, in the weekly
//! digest (in the room and by e-mail) against `meetings.target_share` — never per person;
//! in English and in French, through the real binary's console with a simulated clock.
//! The figures are computed by hand from the entries each test makes.

use crate::support;

use support::{Bot, script};

const PROJECTS: &str = r##"
[[projects]]
name = "webdev"
[[projects]]
name = "meetings"
kind = "meeting"
[[projects]]
name = "accounts"
kind = "care"
[[schedules]]
name = "digest"
when = "weekly monday 09:00"
action = "digest"
"##;

/// Wednesday 2026-12-02 10:00 in Montreal (EST); the digest goes out on Monday 2026-12-07
/// at 09:00.
const WEDNESDAY: &str = "2026-12-02T10:00:00-05:00";

/// November: 20h in all, 3h30 of it in meetings (paid and volunteer alike) — 210 of 1200
/// minutes, 17.5 %. December so far: 4h30, 0h30 of it in meetings — 30 of 270 minutes,
/// 11.1 % (11.11…, to the nearest tenth).
const PUNCHES: [&str; 6] = [
    "alice: !punch 8h webdev 2026-11-03",
    "alice: !punch 2h meetings 2026-11-03",
    "bob: !punch 6h webdev 2026-11-10",
    "bob: !punch 1h30 meetings 2026-11-10 volunteer",
    "carole: !punch 2h30 accounts 2026-11-17",
    "alice: !punch 4h webdev 2026-12-01",
];

#[test]
fn the_share_of_hours_meetings_took_is_on_hours_all_and_in_the_digest_against_the_target() {
    let config = format!(
        "[console]\nroom = \"#office\"\n[meetings]\ntarget_share = \"15%\"\n{PROJECTS}\n[mail]\nfrom = \"konbit@coop.example\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\n[[members]]\nname = \"alice\"\nemail = \"alice@coop.example\"\nmail = \"digest\"\n[[members]]\nname = \"bob\"\n[[members]]\nname = \"carole\"\n"
    );
    let bot = Bot::with_config(&config);
    let mut lines: Vec<&str> = PUNCHES.to_vec();
    lines.extend([
        "alice: !punch 30m meetings 2026-12-01",
        "alice: !hours 2026-11 all",
        "bob: !hours month all",
        "alice: !hours month",
        "bob: !hours week all",
        "/at 2026-12-07T09:30",
    ]);
    let out = bot.console(WEDNESDAY, &script(&lines));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let november =
        "Meetings took 17.5% of the collective's hours in November 2026 (3h30 of 20h00), above the 15% target.";
    let december =
        "Meetings took 11.1% of the collective's hours so far in December 2026 (0h30 of 4h30), within the 15% target.";
    assert!(r.contains(&november), "{r:#?}");
    assert!(r.contains(&december), "{r:#?}");
    // Never per person: alice's own report (privately) says nothing of it, nor does a week.
    assert!(
        !out.private("alice").iter().any(|l| l.contains("Meetings took")),
        "{}",
        out.stdout
    );
    let week = out.between("bob: The collective's hours by project, the week of", "Weekly digest");
    assert!(!week.iter().any(|l| l.contains("Meetings took")), "{week:#?}");
    // The digest on Monday: no proposal, but last month's share and this month's so far,
    // each against the target, in the room and by e-mail.
    let digest = out.between("Weekly digest of proposals:", "[mail alice]");
    assert!(
        digest
            .iter()
            .any(|l| l.ends_with("There are no open or deferred proposals.")),
        "{digest:#?}"
    );
    assert!(digest.iter().any(|l| l.ends_with(november)), "{digest:#?}");
    assert!(digest.iter().any(|l| l.ends_with(december)), "{digest:#?}");
    assert!(out.has(&format!("[mail alice] konbit: {november}")), "{}", out.stdout);
}

#[test]
fn without_a_target_the_share_is_given_alone_and_a_digest_with_nothing_to_say_stays_silent() {
    let config = format!("[console]\nroom = \"#office\"\n{PROJECTS}\n");
    let bot = Bot::with_config(&config);
    let out = bot.console(
        WEDNESDAY,
        &script(&[
            // Nothing recorded yet: Monday's digest has nothing to say.
            "/at 2026-12-07T09:30",
            // 1h of meetings of 4h: 25 %.
            "alice: !punch 3h webdev 2026-12-07",
            "alice: !punch 1h meetings 2026-12-07",
            "alice: !hours month all",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.has("Weekly digest"), "{}", out.stdout);
    assert!(
        out.has("Meetings took 25% of the collective's hours so far in December 2026 (1h00 of 4h00)."),
        "{}",
        out.stdout
    );
}

#[test]
fn the_share_of_meetings_in_french() {
    let config = format!(
        "[collective]\nlanguage = \"fr\"\n[console]\nroom = \"#office\"\n[meetings]\ntarget_share = \"12,5 %\"\n{PROJECTS}\n"
    );
    let bot = Bot::with_config(&config);
    let mut lines: Vec<&str> = PUNCHES.to_vec();
    lines.extend(["ana: !heures 2026-11 tous", "/at 2026-12-07T09:30"]);
    let out = bot.console(WEDNESDAY, &script(&lines));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // 210 of 1200 minutes: 17,5 %, above 12,5 %; December: 0 of 240 minutes, 0 %.
    let november = "Les réunions ont pris 17,5\u{a0}% des heures du collectif en novembre 2026 (3h30 sur 20h00), au-dessus de la cible de 12,5\u{a0}%.";
    assert_eq!(out.count(november), 2, "{}", out.stdout);
    assert!(
        out.has("Les réunions ont pris 0\u{a0}% des heures du collectif jusqu’ici en décembre 2026 (0h00 sur 4h00), sans dépasser la cible de 12,5\u{a0}%."),
        "{}",
        out.stdout
    );
}
