//! A member's data through the console with a simulated clock (docs/privacy.md): what
//! `!mydata` says (in English and French), the daily retention run deleting what passed
//! its period, an erased member's hours deleted after `keep_hours_years`, `konbit export
//! member`, and the retention settings' problems as `check-config` reports them.

use crate::support;

use support::{Bot, script};

const CONFIG: &str = r##"
[collective]
name = "Coop Kettle"
[console]
room = "#office"
[privacy]
keep_hours_years = 1
[privacy.retention]
reminders = "2d"
standup_updates = "1d"
absences = "1d"
[[projects]]
name = "webdev"
[[members]]
name = "quentin"
[[members]]
name = "bob"
[[members]]
name = "carole"
language = "fr"
"##;

#[test]
fn what_passed_its_retention_disappears_on_the_next_days_run() {
    let bot = Bot::with_config(CONFIG);
    // Monday 23 November 2026, 09:00 in Montréal.
    let out = bot.console(
        "2026-11-23T09:00:00-05:00",
        &script(&[
            "quentin: !remind me in 1h tea",
            "quentin: !absent 2026-11-23 dentist",
            "quentin> !update priorities: the quokka migration",
            "quentin: !punch 2h webdev",
            "quentin> !mydata",
            "/at 2026-11-25T03:59",
            "quentin> !mydata",
            "/at 2026-11-26T03:59",
            "quentin> !mydata",
            "/at 2026-11-26T04:01",
            "quentin> !mydata",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let said = out.private("quentin");
    // Each `!mydata` answer starts with its heading.
    let answers: Vec<String> = said
        .join("\n")
        .split("What Coop Kettle's konbit holds about you:")
        .skip(1)
        .map(str::to_owned)
        .collect();
    assert_eq!(answers.len(), 4, "{}", out.stdout);
    for kind in [
        "reminders: 1",
        "absences: 1",
        "stand-up updates sent beforehand: 1",
        "hours entries: 1",
    ] {
        assert!(answers[0].contains(kind), "{kind}: {}", answers[0]);
        // Wednesday 03:59: still there, a day old and not yet a day past.
        assert!(answers[1].contains(kind), "{kind}: {}", answers[1]);
    }
    // Thursday 03:59: Wednesday's run deleted the update and the absence (1 day).
    assert!(answers[2].contains("reminders: 1"), "{}", answers[2]);
    assert!(!answers[2].contains("absences"), "{}", answers[2]);
    assert!(!answers[2].contains("stand-up updates"), "{}", answers[2]);
    // Thursday 04:01: that day's run deleted the reminder (2 days); the hours stay.
    assert!(!answers[3].contains("reminders"), "{}", answers[3]);
    assert!(answers[3].contains("hours entries: 1"), "{}", answers[3]);
    // Without the web view, the answer says whom to ask for the archive.
    assert!(
        out.has("ask whoever runs konbit for your archive (konbit export member and your name)"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_erased_members_hours_are_kept_for_the_accounting_period_then_deleted() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        "2026-11-23T09:00:00-05:00",
        &script(&["quentin: !punch 2h webdev", "bob: !punch 3h webdev"]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let erase = bot.run(&["erase", "member", "quentin", "--yes"], "");
    assert_eq!(erase.code, Some(0), "{}{}", erase.stdout, erase.stderr);
    let export = || {
        bot.run(&["export", "hours", "--from", "2026-11-01", "--to", "2026-11-30"], "")
            .stdout
    };
    let kept = export();
    assert!(kept.contains("former-member-1,webdev,2026-11-23,120"), "{kept}");
    // Half a year later the hours are still there.
    let later = bot.console("2027-05-23T09:00:00-04:00", &script(&["bob: !hours"]));
    assert_eq!(later.code, Some(0), "{}", later.stderr);
    assert!(export().contains("former-member-1"), "{}", export());
    // A year and a day later, the first run deleted them; bob's stay.
    let year = bot.console("2027-11-24T09:00:00-05:00", &script(&["bob: !hours"]));
    assert_eq!(year.code, Some(0), "{}", year.stderr);
    let after = export();
    assert!(!after.contains("former-member-1"), "{after}");
    assert!(after.contains("bob,webdev,2026-11-23,180"), "{after}");
}

#[test]
fn mydata_speaks_french_with_or_without_accents() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        "2026-11-23T09:00:00-05:00",
        &script(&[
            "carole: !mesdonnées",
            "carole: !punch 1h webdev",
            "carole: !mesdonnees",
            "carole> !MESDONNÉES",
            "carole: !aide mesdonnées",
            "bob: !mydata",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let said = out.private("carole").join("\n");
    assert!(
        said.contains("konbit ne garde encore rien sur toi à part ton entrée dans la liste des membres."),
        "{said}"
    );
    assert_eq!(
        said.matches("Ce que le konbit de Coop Kettle garde sur toi :").count(),
        2,
        "{said}"
    );
    assert!(said.contains("heures pointées : 1 (lun 23 nov 2026)"), "{said}");
    assert!(said.contains("demande ton archive à qui s’occupe de konbit"), "{said}");
    // Said in the room, the room only hears where it went.
    assert!(
        out.has("[#office] konbit: carole: Je t’ai répondu en privé."),
        "{}",
        out.stdout
    );
    assert!(out.has("!mesdonnées"), "{}", out.stdout);
    assert!(
        out.private("bob")
            .iter()
            .any(|l| l.contains("konbit holds nothing about you yet"))
    );
}

#[test]
fn the_operator_exports_a_members_archive_to_a_private_file() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        "2026-11-23T09:00:00-05:00",
        &script(&["quentin: !punch 2h webdev the frobnicator", "bob: !punch 1h webdev"]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let file = bot.dir().join("quentin.zip");
    let done = bot.run(&["export", "member", "QUENTIN", "--output", file.to_str().unwrap()], "");
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(done.stdout.contains("quentin's data is in"), "{}", done.stdout);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let list = std::process::Command::new("unzip")
        .arg("-l")
        .arg(&file)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    for name in ["README.txt", "data.json", "identity.csv", "hours.csv"] {
        assert!(list.contains(name), "{name}: {list}");
    }
    // Not over an existing file; the JSON alone to standard output.
    let again = bot.run(&["export", "member", "quentin", "--output", file.to_str().unwrap()], "");
    assert_eq!(again.code, Some(2), "{}", again.stderr);
    let json = bot.run(&["export", "member", "quentin", "--format", "json"], "");
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(doc["member"], "quentin");
    assert_eq!(doc["records"]["hours"][0]["note"], "the frobnicator");
    assert!(!json.stdout.contains("bob"), "{}", json.stdout);
    let unknown = bot.run(&["export", "member", "zed", "--format", "json"], "");
    assert_eq!(unknown.code, Some(2));
    assert!(
        unknown.stderr.contains("konbit holds nothing about zed"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn check_config_names_a_retention_period_it_cannot_read() {
    let bot = Bot::with_config(
        "[privacy]\nkeep_hours_years = 0\n[privacy.retention]\nreminders = \"12h\"\nabsences = \"forever\"\nwebs_links = \"1d\"\n",
    );
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let text = format!("{}{}", out.stdout, out.stderr);
    assert!(
        text.contains("privacy.retention.reminders: cannot read \"12h\" as a retention period: write a number of days such as \"90d\""),
        "{text}"
    );
    assert!(
        text.contains("privacy.retention.absences: cannot read \"forever\""),
        "{text}"
    );
    assert!(text.contains("privacy.retention.webs_links: "), "{text}");
    assert!(
        text.contains("privacy.keep_hours_years: 0 is out of range (1 to 100)"),
        "{text}"
    );
}
