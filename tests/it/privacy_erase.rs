//! A member's data is theirs (docs/privacy.md), through the real binary: `!mydata`'s
//! archive holds every row about the member and nothing about anyone else; after `konbit
//! erase member`, their name, handles, address and what only they wrote are found nowhere
//! (the database file's bytes, `minutes/`, the web view's pages, feeds and JSON, the
//! exports), and the collective's totals and decisions are unchanged.

use std::path::Path;

use crate::support;

use support::web::{get, get_bytes, serve};
use support::{Bot, Session, script};

const CONFIG: &str = r##"
[collective]
name = "Coop Kettle"
[console]
room = "#office"
[mail]
from = "konbit@coop.example"
[mail.smtp]
host = "127.0.0.1"
security = "none"
[[projects]]
name = "webdev"
[[members]]
name = "quentin"
irc_account = "qtnacct"
irc_nick = "qtnick"
matrix_id = "@quentin:example.org"
email = "quentin@example.org"
[[members]]
name = "bob"
email = "bob@example.org"
[[members]]
name = "carole"
[web]
listen = "127.0.0.1:0"
base_url = "http://konbit.test"
"##;

/// What quentin, bob and carole did on Tuesday 24 November 2026: quentin's own words are
/// made of words found nowhere else (frobnicator, xylophonist…).
fn fill(bot: &Bot) -> Session {
    let out = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&[
            "/join bob",
            "/join quentin",
            "quentin: !propose buy a zorblax kettle",
            "bob: !veto 1 ask quentin about the qtnick budget first",
            "bob: !propose paint the office green",
            "quentin: !veto 2 the landlord forbids it",
            "quentin: !punch 3h webdev fixed the frobnicator",
            "quentin: !punch 1h webdev",
            "quentin: !punch undo",
            "bob: !punch 2h webdev reviewed the patch",
            "carole: !punch 1h webdev volunteer",
            "quentin: !remind me tomorrow 10:00 call the xylophonist",
            "bob: !remind quentin tomorrow 11:00 bring the spreadsheet",
            "bob: !remind me tomorrow 11:00 thank quentin for the help",
            "quentin: !absent 2026-12-01 dentist zygomatic appointment",
            "quentin> !update priorities: finish the quokka migration",
            "quentin: !mail digest",
            "bob: !standup",
            "bob: availability: off Friday",
            "bob: !next",
            "quentin: help: need a hand with the vortigaunt",
            "quentin: !next",
            "bob: !meeting start production",
            "quentin: !here",
            "bob: !here",
            "bob: !topic report from quentin",
            "bob: !action quentin send the invoice",
            "quentin: !agreed we paint the door blue",
            "bob: !decide 1 adopted quentin convinced us",
            "bob: !meeting end",
            "quentin: !web",
            "quentin: !mydata",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out
}

/// Everything that names quentin or that only he wrote.
const QUENTIN: &[&str] = &[
    "quentin",
    "qtnacct",
    "qtnick",
    "frobnicator",
    "xylophonist",
    "spreadsheet",
    "zygomatic",
    "quokka",
    "vortigaunt",
];

/// `needles` (any case) in `bytes`, with where they were found.
fn found(bytes: &[u8], needles: &[&str]) -> Vec<String> {
    let lower = bytes.to_ascii_lowercase();
    needles
        .iter()
        .filter(|n| lower.windows(n.len()).any(|w| w == n.as_bytes()))
        .map(|n| n.to_string())
        .collect()
}

/// A file of `zip`, read back by unzip.
fn unzipped(zip: &[u8], name: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.zip");
    std::fs::write(&path, zip).unwrap();
    let out = std::process::Command::new("unzip")
        .arg("-p")
        .arg(&path)
        .arg(name)
        .output()
        .expect("unzip");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Runs `sql` on the database (read-only): each row's columns as text.
fn rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
    use sqlx::{ConnectOptions, Row};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .read_only(true)
            .connect()
            .await
            .unwrap();
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        rows.iter()
            .map(|r| {
                (0..r.columns().len())
                    .map(|i| {
                        r.try_get::<Option<String>, _>(i)
                            .map(|v| v.unwrap_or_default())
                            .or_else(|_| {
                                r.try_get::<Option<i64>, _>(i)
                                    .map(|v| v.map(|n| n.to_string()).unwrap_or_default())
                            })
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect()
    })
}

/// The download path `!mydata` sent `name`.
fn data_path(out: &Session, name: &str) -> String {
    let line = out
        .private(name)
        .into_iter()
        .rev()
        .find(|l| l.contains("/data.zip"))
        .unwrap_or_else(|| panic!("no download link for {name}:\n{}", out.stdout));
    let start = line.find("/me/").expect("path");
    line[start..].split_whitespace().next().expect("link").to_owned()
}

#[test]
fn the_mydata_archive_holds_every_row_about_the_member_and_nothing_about_anyone_else() {
    let bot = Bot::with_config(CONFIG);
    let out = fill(&bot);
    // The summary, privately; the room only hears that it was sent.
    let private = out.private("quentin").join("\n");
    assert!(
        private.contains("What Coop Kettle's konbit holds about you:"),
        "{private}"
    );
    assert!(private.contains("hours entries: 2 (Tue Nov 24 2026)"), "{private}");
    assert!(private.contains("reminders: 2 (Tue Nov 24 2026)"), "{private}");
    assert!(private.contains("proposals: 1"), "{private}");
    assert!(private.contains("it works until"), "{private}");
    let path = data_path(&out, "quentin");
    let (web, address) = serve(&bot, &[]);
    let (status, head, zip) = get_bytes(&address, &path);
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase().contains("content-type: application/zip"),
        "{head}"
    );
    assert!(head.contains("konbit-quentin-2026-11-24.zip"), "{head}");
    assert!(head.to_ascii_lowercase().contains("cache-control: no-store"), "{head}");
    // The member's page link opens the same download; a made-up secret does not.
    let page = support::web::link_path(&out, "quentin");
    assert_eq!(get_bytes(&address, &format!("{page}/data.zip")).0, 200);
    let forged = format!("/me/{}/data.zip", "A".repeat(43));
    assert_eq!(get(&address, &forged, &[]).status, 404);
    drop(web);

    let json: serde_json::Value = serde_json::from_slice(&unzipped(&zip, "data.json")).expect("data.json");
    let db = bot.dir().join("konbit.db");
    let len = |key: &str| json["records"][key].as_array().map_or(0, Vec::len);
    let count = |sql: &str| rows(&db, sql)[0][0].parse::<usize>().unwrap();
    // Every row about quentin, table by table, checked against the database.
    for (key, sql) in [
        ("hours", "SELECT COUNT(*) FROM punches WHERE member = 'quentin'"),
        ("absences", "SELECT COUNT(*) FROM absences WHERE member = 'quentin'"),
        ("attendance", "SELECT COUNT(*) FROM attendance WHERE member = 'quentin'"),
        ("proposals", "SELECT COUNT(*) FROM proposals WHERE proposer = 'quentin'"),
        ("vetoes", "SELECT COUNT(*) FROM vetoes WHERE vetoer = 'quentin'"),
        (
            "reminders",
            "SELECT COUNT(*) FROM reminders WHERE owner = 'quentin' OR (target_kind = 'member' AND target = 'quentin')",
        ),
        (
            "standup_updates",
            "SELECT COUNT(*) FROM standup_updates WHERE member = 'quentin'",
        ),
        (
            "meeting_items",
            "SELECT COUNT(*) FROM meeting_items WHERE author = 'quentin' OR who = 'quentin'",
        ),
        (
            "mail_choice",
            "SELECT COUNT(*) FROM mail_prefs WHERE member = 'quentin'",
        ),
        (
            "links",
            "SELECT (SELECT COUNT(*) FROM web_links WHERE member = 'quentin') + (SELECT COUNT(*) FROM data_links WHERE member = 'quentin')",
        ),
    ] {
        assert_eq!(len(key), count(sql), "{key}: {}", json["records"][key]);
        assert!(len(key) > 0, "{key} is empty: the scenario should fill it");
    }
    // Row by row for the hours: the same ids, minutes and notes.
    let want = rows(
        &db,
        "SELECT id, minutes, COALESCE(note, ''), deleted_at IS NOT NULL FROM punches WHERE member = 'quentin' ORDER BY day, id",
    );
    let got: Vec<Vec<String>> = json["records"]["hours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            vec![
                h["id"].to_string(),
                h["minutes"].to_string(),
                h["note"].as_str().unwrap_or_default().to_owned(),
                if h["deleted_at"].is_null() { "0" } else { "1" }.to_owned(),
            ]
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(json["identity"]["email"], "quentin@example.org");
    assert_eq!(json["identity"]["irc_account"], "qtnacct");
    // His own words are in it: his stand-up line, his update, his absence's reason.
    let all = String::from_utf8_lossy(&zip).into_owned();
    for own in [
        "vortigaunt",
        "quokka",
        "zygomatic",
        "xylophonist",
        "frobnicator",
        "spreadsheet",
    ] {
        assert!(all.contains(own), "{own} missing from the archive");
    }
    // Nothing about anyone else: not their names, not what they said or punched.
    assert_eq!(
        found(
            &zip,
            &[
                "bob",
                "carole",
                "reviewed the patch",
                "off friday",
                "thank quentin",
                "paint the office"
            ]
        ),
        Vec::<String>::new()
    );
    // The CSV files say the same as the JSON.
    let hours_csv = String::from_utf8(unzipped(&zip, "hours.csv")).unwrap();
    assert_eq!(hours_csv.lines().count(), 1 + len("hours"), "{hours_csv}");
    assert!(hours_csv.starts_with("id,project,day,minutes,volunteer,note,source,recorded_at,deleted_at"));
    let readme = String::from_utf8(unzipped(&zip, "README.txt")).unwrap();
    assert!(readme.contains("Everything konbit held about quentin"), "{readme}");
}

#[test]
fn after_erase_the_member_is_found_nowhere_and_the_collectives_totals_and_decisions_are_unchanged() {
    let bot = Bot::with_config(CONFIG);
    let out = fill(&bot);
    let page = support::web::link_path(&out, "quentin");
    let data = data_path(&out, "quentin");
    // What the collective sees before.
    let (web, address) = serve(&bot, &[]);
    let hours_before = get(&address, "/api/hours?year=2026", &[]).body;
    let decisions_before: serde_json::Value =
        serde_json::from_str(&get(&address, "/api/decisions", &[]).body).expect("decisions");
    drop(web);
    let export_args = ["export", "hours", "--from", "2026-11-01", "--to", "2026-11-30"];
    let export_before = bot.run(&export_args, "");
    assert!(export_before.stdout.contains("quentin"), "{}", export_before.stdout);
    let minutes_dir = bot.dir().join("minutes");
    let minutes: Vec<_> = std::fs::read_dir(&minutes_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!minutes.is_empty());
    assert!(!found(&std::fs::read(&minutes[0]).unwrap(), &["quentin"]).is_empty());

    let erase = bot.run(&["erase", "member", "Quentin", "--yes"], "");
    assert_eq!(erase.code, Some(0), "{}\n{}", erase.stdout, erase.stderr);
    assert!(erase.stdout.contains("quentin is erased: "), "{}", erase.stdout);
    assert!(
        erase.stdout.contains("1 minutes file rewritten") || erase.stdout.contains("one minutes file rewritten"),
        "{}",
        erase.stdout
    );
    assert!(erase.stdout.contains("former-member-1"), "{}", erase.stdout);
    assert!(erase.stdout.contains("left the roster"), "{}", erase.stdout);

    // The database file: no WAL left, no free page holding what was deleted.
    let db = bot.dir().join("konbit.db");
    let wal = bot.dir().join("konbit.db-wal");
    assert!(
        std::fs::metadata(&wal).map_or(0, |m| m.len()) == 0,
        "the WAL was not emptied"
    );
    assert_eq!(found(&std::fs::read(&db).unwrap(), QUENTIN), Vec::<String>::new());
    // The minutes files, and the roster.
    for file in std::fs::read_dir(&minutes_dir).unwrap() {
        let path = file.unwrap().path();
        assert_eq!(
            found(&std::fs::read(&path).unwrap(), QUENTIN),
            Vec::<String>::new(),
            "{path:?}"
        );
    }
    let config = std::fs::read(bot.dir().join("konbit.toml")).unwrap();
    assert_eq!(found(&config, QUENTIN), Vec::<String>::new());
    assert!(!found(&config, &["bob", "carole", "[web]"]).is_empty());

    // The web view: every page, feed and JSON.
    let (web, address) = serve(&bot, &[]);
    for path in [
        "/",
        "/decisions",
        "/minutes",
        "/minutes/1",
        "/hours",
        "/membership",
        "/attendance",
        "/calendar.ics",
        "/api/proposals",
        "/api/decisions",
        "/api/minutes",
        "/api/minutes/1",
        "/api/hours?year=2026",
        "/api/membership",
        "/api/attendance",
    ] {
        let a = get(&address, path, &[]);
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        assert_eq!(
            found(a.body.as_bytes(), QUENTIN),
            Vec::<String>::new(),
            "{path}: {}",
            a.body
        );
    }
    // His links no longer open anything.
    for path in [page.clone(), format!("{page}/calendar.ics"), data.clone()] {
        assert_eq!(get_bytes(&address, &path).0, 404, "{path}");
    }
    // The collective's totals are the same; its decisions too, under the pseudonym.
    assert_eq!(get(&address, "/api/hours?year=2026", &[]).body, hours_before);
    let decisions: serde_json::Value =
        serde_json::from_str(&get(&address, "/api/decisions", &[]).body).expect("decisions");
    let minutes_page = get(&address, "/minutes/1", &[]).body;
    drop(web);
    let strip = |v: &serde_json::Value| {
        v.to_string()
            .replace("former-member-1", "X")
            .replace("quentin", "X")
            .replace("qtnick", "X")
    };
    assert_eq!(strip(&decisions), strip(&decisions_before));
    assert!(decisions.to_string().contains("zorblax"), "{decisions}");
    assert!(decisions.to_string().contains("former-member-1"), "{decisions}");
    assert!(minutes_page.contains("former-member-1"), "{minutes_page}");

    // The exports: the same entries and minutes, under the pseudonym.
    let export_after = bot.run(&export_args, "");
    assert_eq!(found(export_after.stdout.as_bytes(), QUENTIN), Vec::<String>::new());
    let total = |csv: &str| -> i64 {
        csv.lines()
            .skip(1)
            .map(|l| l.split(',').nth(4).unwrap().parse::<i64>().unwrap())
            .sum()
    };
    assert_eq!(total(&export_after.stdout), total(&export_before.stdout));
    assert!(
        export_after.stdout.contains("former-member-1"),
        "{}",
        export_after.stdout
    );
    let json = bot.run(&["export", "member", "former-member-1", "--format", "json"], "");
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    assert_eq!(found(json.stdout.as_bytes(), QUENTIN), Vec::<String>::new());
    let gone = bot.run(&["export", "member", "quentin", "--format", "json"], "");
    assert_eq!(gone.code, Some(2), "{}", gone.stdout);
    assert!(
        gone.stderr.contains("konbit holds nothing about quentin"),
        "{}",
        gone.stderr
    );

    // The chat: the record reads with the pseudonym; bob's reminder that named him stays.
    let after = bot.console(
        "2026-11-24T13:00:00-05:00",
        &script(&["bob: !proposal 1", "bob: !reminders", "quentin: !punch 1h webdev"]),
    );
    assert!(after.has("by former-member-1"), "{}", after.stdout);
    assert!(after.has("thank former-member-1 for the help"), "{}", after.stdout);
    // He left the roster: he may no longer record anything.
    assert!(after.has("Only members"), "{}", after.stdout);
}

#[test]
fn erase_asks_for_the_name_again_and_does_nothing_otherwise() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&["quentin: !punch 3h webdev fixed the frobnicator"]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let refused = bot.run(&["erase", "member", "quentin"], "bob\n");
    assert_eq!(refused.code, Some(2), "{}", refused.stdout);
    assert!(
        refused.stderr.contains("konbit will erase quentin. It holds:"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("hours entries: 1"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("Type quentin to confirm:"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("Nothing was erased."), "{}", refused.stderr);
    let nothing = bot.run(&["erase", "member", "quentin"], "");
    assert_eq!(nothing.code, Some(2));
    let db = bot.dir().join("konbit.db");
    assert_eq!(
        rows(&db, "SELECT note FROM punches WHERE member = 'quentin'"),
        [["fixed the frobnicator"]]
    );
    assert!(
        String::from_utf8(std::fs::read(bot.dir().join("konbit.toml")).unwrap())
            .unwrap()
            .contains("quentin")
    );
    // Typed again, it is done; a second time, there is nobody left to erase.
    let done = bot.run(&["erase", "member", "quentin"], "quentin\n");
    assert_eq!(done.code, Some(0), "{}{}", done.stdout, done.stderr);
    let again = bot.run(&["erase", "member", "quentin", "--yes"], "");
    assert_eq!(again.code, Some(2), "{}", again.stdout);
    assert!(
        again.stderr.contains("konbit holds nothing about quentin"),
        "{}",
        again.stderr
    );
    let pseudonym = bot.run(&["erase", "member", "former-member-1", "--yes"], "");
    assert_eq!(pseudonym.code, Some(2));
    assert!(
        pseudonym.stderr.contains("pseudonym of a member erased already"),
        "{}",
        pseudonym.stderr
    );
}
