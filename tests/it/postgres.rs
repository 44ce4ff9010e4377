//! konbit on PostgreSQL (`[storage] url`, docs/storage.md) against a real server: the
//! console answers `!punch` and `!hours` as it does on SQLite, and what it recorded is
//! still there after a restart.

use crate::support;

use support::Bot;
use support::postgres::PgServer;

/// The roster the PostgreSQL tests share (migrate_storage.rs adds to it).
pub(crate) const MEMBERS: &str = r#"
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

/// Each table's columns, lower-case, sorted, from one database: `table.column`.
async fn columns_sqlite(path: &std::path::Path) -> Vec<String> {
    use sqlx::Connection;
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
        .await
        .expect("open the SQLite file");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut c)
    .await
    .expect("columns");
    let mut out: Vec<String> = rows
        .into_iter()
        .map(|(t, c)| format!("{t}.{c}").to_lowercase())
        .collect();
    out.sort();
    out
}

async fn columns_postgres(url: &str) -> Vec<String> {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut c)
    .await
    .expect("columns");
    let mut out: Vec<String> = rows
        .into_iter()
        .map(|(t, c)| format!("{t}.{c}").to_lowercase())
        .collect();
    out.sort();
    out
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn both_dialects_migrate_to_the_same_tables_and_columns() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let url = server.database();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("konbit.db");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        konbit::store::Store::open(&file).await.expect("SQLite").close().await;
        konbit::store::Store::open_postgres(&url, 1)
            .await
            .expect("PostgreSQL")
            .close()
            .await;
        let lite = columns_sqlite(&file).await;
        let pg = columns_postgres(&url).await;
        assert!(lite.len() > 100, "{lite:?}");
        assert_eq!(pg, lite);
    });
}

#[test]
fn both_dialects_have_the_same_migrations() {
    let names = |dialect: &str| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(dialect);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations")
            .map(|f| f.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let lite = names("sqlite");
    assert!(lite.len() >= 15, "{lite:?}");
    assert_eq!(names("postgres"), lite);
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn an_erased_member_is_gone_from_the_others_notes_on_postgres_too_whatever_the_case() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let url = server.database();
    let bot = Bot::with_exact_config(&format!("[storage]\nurl = \"{url}\"\n{MEMBERS}"));
    let out = bot.console(
        MONDAY,
        "alice: !punch 1h webdev\nbob: !punch 2h webdev pairing with Alice\n",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let erased = bot.run(&["erase", "member", "alice", "--yes"], "");
    assert_eq!(erased.code, Some(0), "{}", erased.stderr);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let notes: Vec<(String, Option<String>)> = runtime.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&url).await.expect("connect");
        sqlx::query_as("SELECT member, note FROM punches ORDER BY id")
            .fetch_all(&mut c)
            .await
            .expect("punches")
    });
    assert_eq!(
        notes,
        vec![
            ("former-member-1".to_owned(), None),
            ("bob".to_owned(), Some("pairing with former-member-1".to_owned())),
        ]
    );
}

/// The web view's page cache on PostgreSQL: the number it asks the server for
/// ([`konbit::store::Changes`]) stays while only reads happen (the pages of `konbit web`,
/// another process, and this one's), so kept pages are served; a write by `konbit`
/// in another process changes it, so the next reader gets a page rendered again.
#[cfg(feature = "web")]
#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn on_postgres_kept_pages_are_served_until_another_process_writes() {
    use support::web::{ok, serve};
    let Some(server) = PgServer::start() else {
        return;
    };
    let url = server.database();
    let bot = Bot::with_exact_config(&format!(
        "[storage]\nurl = \"{url}\"\n{MEMBERS}\n[web]\nlisten = \"127.0.0.1:0\"\nbase_url = \"http://konbit.test\"\n"
    ));
    let first = bot.console(MONDAY, PUNCHES);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let (_web, at) = serve(&bot, &[]);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = konbit::store::Store::open_postgres(&url, 1).await.expect("store");
        let changes = store.changes().await.expect("changes");
        let before = changes.version().await.expect("version");
        for _ in 0..3 {
            for path in ["/", "/hours", "/decisions", "/membership", "/api/hours"] {
                ok(&at, path);
            }
            store
                .register(konbit::store::RegisterFilter::default(), 50, 0)
                .await
                .expect("register");
            assert_eq!(changes.version().await.expect("version"), before, "reads moved it");
        }
        let hours = ok(&at, "/api/hours?year=2026");
        let punch = bot.console(MONDAY, "bob: !punch 2h webdev\n");
        assert_eq!(punch.code, Some(0), "{}", punch.stderr);
        let after = changes.version().await.expect("version");
        assert_ne!(after, before, "a write by another process left it as it was");
        assert_eq!(changes.version().await.expect("version"), after);
        assert_ne!(
            ok(&at, "/api/hours?year=2026"),
            hours,
            "the page was not rendered again"
        );
        store.close().await;
    });
}
