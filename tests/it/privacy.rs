//! A member's data through the console with a simulated clock (docs/privacy.md): what
//! `!mydata` says (in English and French), the daily retention run deleting what passed
//! its period, an erased member's hours deleted after `keep_hours_years`, `konbit export
//! member`, and the retention settings' problems as `check-config` reports them; the
//! agenda items a member added and the facilitation roles they held, in their data and
//! under their pseudonym once erased.

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

/// quentin, bob and carole (French) prepare the production meeting of Tuesday 24
/// November 2026 and are drawn for its three roles; quentin hands his back; each adds an
/// item for the next meeting too.
fn agenda_and_roles() -> (Bot, support::Session) {
    let bot = Bot::with_config(&format!(
        "{CONFIG}[meetings]\nreminders_before = [\"1d\"]\n[meetings.roles]\nnewcomer_meetings = 0\nreflection = []\n"
    ));
    let out = bot.console(
        "2026-11-18T09:00:00-05:00",
        &script(&[
            "quentin: !agenda add Quarterly figures info 10m",
            "bob: !agenda add Open house ideas brainstorm 30m",
            "carole: !odj ajouter Stationnement info 10m",
            // The team is drawn on Saturday at 10:00.
            "/at 2026-11-22T09:00",
            "quentin: !roles pass facilitator",
            "quentin: !roles pass note-taker",
            "quentin: !roles pass timekeeper",
            "/at 2026-11-24T10:00",
            "bob: !meeting start production",
            "/wait 30m",
            "bob: !meeting end",
            "/at 2026-11-25T09:00",
            "quentin: !agenda add Parking info 5m",
            "bob: !agenda add Thank quentin for the figures info 5m",
            "quentin> !mydata",
            "carole> !mesdonnées",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    (bot, out)
}

#[test]
fn mydata_lists_the_agenda_items_i_added_and_the_roles_i_held() {
    let (bot, out) = agenda_and_roles();
    let said = out.private("quentin").join("\n");
    assert!(out.has("quentin handed back the role of"), "{}", out.stdout);
    assert!(
        said.contains("agenda items you added: 2 (Wed Nov 18 2026 to Wed Nov 25 2026)"),
        "{said}"
    );
    assert!(
        said.contains("facilitation roles drawn for you: 1 (Sat Nov 21 2026)"),
        "{said}"
    );
    let carole = out.private("carole").join("\n");
    assert!(
        carole.contains("points que tu as mis à l’ordre du jour : 1 (mer 18 nov 2026)"),
        "{carole}"
    );
    assert!(
        carole.contains("rôles d’animation tirés pour toi : 1 (sam 21 nov 2026)"),
        "{carole}"
    );

    let json = bot.run(&["export", "member", "quentin", "--format", "json"], "");
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let items = &doc["records"]["agenda_items"];
    assert_eq!(items.as_array().map(Vec::len), Some(2), "{items}");
    assert_eq!(items[0]["title"], "Quarterly figures");
    assert_eq!(items[0]["kind"], "info");
    assert_eq!(items[0]["minutes"], 10);
    assert_eq!(items[0]["committee"], "production");
    assert_eq!(items[0]["meeting_id"], 1, "taken up by the meeting: {items}");
    assert_eq!(items[0]["added_at"], "2026-11-18T14:00:00Z");
    assert_eq!(items[1]["title"], "Parking");
    assert!(items[1]["meeting_id"].is_null(), "waiting for its meeting: {items}");
    let roles = &doc["records"]["roles"];
    assert_eq!(roles.as_array().map(Vec::len), Some(1), "{roles}");
    let role = roles[0]["role"].as_str().unwrap_or_default();
    assert!(["facilitator", "note-taker", "timekeeper"].contains(&role), "{roles}");
    assert_eq!(roles[0]["committee"], "production");
    assert_eq!(roles[0]["meeting_at"], "2026-11-24T15:00:00Z");
    assert_eq!(roles[0]["drawn_at"], "2026-11-21T15:00:00Z");
    assert_eq!(roles[0]["passed_at"], "2026-11-22T14:00:00Z");
    assert_eq!(roles[0]["meeting_id"], 1);
    // Only his part: not who else was drawn, not what others put on the agenda.
    for other in ["bob", "carole", "Open house", "Stationnement", "Thank"] {
        assert!(!json.stdout.contains(other), "{other}: {}", json.stdout);
    }

    // The archive has a CSV file for each.
    let file = bot.dir().join("quentin.zip");
    let done = bot.run(&["export", "member", "quentin", "--output", file.to_str().unwrap()], "");
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    let csv = |name: &str| {
        let out = std::process::Command::new("unzip")
            .arg("-p")
            .arg(&file)
            .arg(name)
            .output()
            .expect("unzip");
        assert!(out.status.success(), "{name}");
        String::from_utf8(out.stdout).unwrap()
    };
    let agenda = csv("agenda_items.csv");
    assert!(
        agenda.starts_with("id,committee,title,kind,minutes,proposal_id,added_at,meeting_id\n"),
        "{agenda}"
    );
    assert_eq!(agenda.lines().count(), 3, "{agenda}");
    let held = csv("roles.csv");
    assert!(
        held.starts_with("role,committee,meeting_at,meeting_id,drawn_at,passed_at\n"),
        "{held}"
    );
    assert_eq!(held.lines().count(), 2, "{held}");
}

#[test]
fn after_erase_the_agenda_shows_the_pseudonym_for_the_items_the_member_added() {
    let (bot, _) = agenda_and_roles();
    let erase = bot.run(&["erase", "member", "quentin", "--yes"], "");
    assert_eq!(erase.code, Some(0), "{}{}", erase.stdout, erase.stderr);
    let after = bot.console("2026-11-25T12:00:00-05:00", &script(&["bob: !agenda"]));
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    assert!(
        after.has("Parking — information, 5 minutes (former-member-1)"),
        "{}",
        after.stdout
    );
    assert!(
        after.has("Thank former-member-1 for the figures — information, 5 minutes (bob)"),
        "{}",
        after.stdout
    );
    assert!(!after.stdout.contains("quentin"), "{}", after.stdout);
    // His items and roles are the pseudonym's now.
    let json = bot.run(&["export", "member", "former-member-1", "--format", "json"], "");
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(doc["records"]["agenda_items"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["records"]["roles"].as_array().map(Vec::len), Some(1));
}
