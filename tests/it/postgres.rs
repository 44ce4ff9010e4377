//! konbit on PostgreSQL (`[storage] url`, docs/storage.md) against a real server: the
//! console answers `!punch` and `!hours` as it does on SQLite, and what it recorded is
//! still there after a restart.

use crate::support;

use support::Bot;
use support::postgres::PgServer;

const MEMBERS: &str = r#"
[[projects]]
name = "webdev"
[[projects]]
name = "hosting"

[[members]]
name = "alice"
[[members]]
name = "bob"
[[members]]
name = "carole"
language = "fr"
"#;

/// Monday 2026-11-16, 09:00 in Montreal.
const MONDAY: &str = "2026-11-16T09:00:00-05:00";

const PUNCHES: &str = "alice: !punch 2h30 webdev
bob: !punch 45m hosting
carole: !punch 1h15 webdev bénévole
alice: !punch 1h hosting
bob: !undo
";

const REPORTS: &str = "/at 2026-11-16T17:00
alice: !hours
bob: !hours week
carole: !heures
alice: !hours all
";

/// The same two sessions on one store: punches, then (a new process) the reports.
fn two_sessions(bot: &Bot) -> (String, String) {
    let first = bot.console(MONDAY, PUNCHES);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let second = bot.console(MONDAY, REPORTS);
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    (first.stdout, second.stdout)
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn punch_and_hours_answer_on_postgres_as_on_sqlite_and_survive_a_restart() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let lite = Bot::with_exact_config(&format!("[storage]\ndatabase = \"konbit.db\"\n{MEMBERS}"));
    let pg = Bot::with_exact_config(&format!("[storage]\nurl = \"{}\"\n{MEMBERS}", server.database()));
    let (lite_punches, lite_reports) = two_sessions(&lite);
    let (pg_punches, pg_reports) = two_sessions(&pg);
    // Every answer, word for word (ids included): the punches' confirmations, the undo,
    // and the reports read by a second process from what the first one stored.
    assert_eq!(pg_punches, lite_punches);
    assert_eq!(pg_reports, lite_reports);
    assert!(pg_reports.contains("webdev: 2h30 paid"), "{pg_reports}");
    assert!(
        !pg.dir().join("konbit.db").exists(),
        "a SQLite file was made beside PostgreSQL"
    );
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn a_postgres_database_that_cannot_be_opened_is_named_without_the_password() {
    let Some(server) = PgServer::start() else {
        return;
    };
    // A database that does not exist on the server.
    let url = server.database().replace("/it_", "/nothing_");
    let pg = Bot::with_exact_config(&format!("[storage]\nurl = \"{url}\"\n{MEMBERS}"));
    let out = pg.console(MONDAY, "alice: !punch 1h webdev\n");
    assert_ne!(out.code, Some(0));
    assert!(out.stderr.contains("nothing_"), "{}", out.stderr);
    assert!(!out.stderr.contains("konbit-pw"), "{}", out.stderr);
}
