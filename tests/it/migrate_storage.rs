//! `konbit migrate-storage` (docs/storage.md, "Moving a collective from SQLite to
//! PostgreSQL") against a real PostgreSQL server: a collective with a year of data moved
//! from its SQLite file answers the same on PostgreSQL (`!hours`, `!proposals`, the
//! exports, compared with the SQLite collective's own answers, not with expectations
//! written here); a target that holds something is refused and left as it was; a bad
//! address, a running konbit and a file that is not there are refused with a clear message.

use crate::support;

use support::Bot;
use support::postgres::PgServer;

/// The PostgreSQL tests' roster, and dan.
fn members() -> String {
    format!("{}[[members]]\nname = \"dan\"\n", crate::postgres::MEMBERS)
}

/// A year of the collective's life, January to December 2026: punches every month
/// (volunteer hours among them, some undone), a proposal a month (every third vetoed, the
/// others adopted), a meeting a quarter with minutes and attendance, absences, agenda
/// items, a stand-up round, reminders still to come, a timer running, a link to the web view.
fn a_year() -> String {
    let mut lines = Vec::new();
    for month in 1..=12 {
        lines.push(format!("/at 2026-{month:02}-05T09:00"));
        lines.push(format!("alice: !punch 2h30 webdev month {month}"));
        lines.push(format!("bob: !punch 1h{:02} hosting volunteer", month * 4));
        lines.push("carole: !punch 45m webdev bénévole".to_owned());
        lines.push(format!("dan: !punch {}h hosting", 1 + month % 3));
        if month % 4 == 0 {
            lines.push("dan: !undo".to_owned());
        }
        lines.push(format!("/at 2026-{month:02}-06T10:00"));
        lines.push(format!("alice: !punch 1h15 hosting day two of {month}"));
        lines.push(format!(
            "{}: !propose buy item number {month}",
            ["alice", "bob", "dan"][month % 3]
        ));
        if month % 3 == 0 {
            lines.push(format!("carole: !veto {month} pas maintenant"));
        }
        if month % 3 == 1 {
            lines.push(format!("bob: !agenda add Review of month {month} 15m"));
        }
        if month % 3 == 0 {
            lines.push(format!("/at 2026-{month:02}-20T13:00"));
            lines.push("alice: !meeting start production".to_owned());
            lines.push("bob: !here".to_owned());
            lines.push("carole: !here".to_owned());
            lines.push(format!("bob: !agreed we keep the budget of month {month}"));
            lines.push(format!("alice: !decide {month} rejected"));
            lines.push("alice: !action dan send the figures".to_owned());
            lines.push("/wait 50m".to_owned());
            lines.push("alice: !meeting end".to_owned());
        }
        if month == 7 {
            lines.push("carole: !absent 2026-08-03..2026-08-14 vacances".to_owned());
        }
        if month == 11 {
            lines.extend(
                [
                    "/at 2026-11-24T09:55",
                    "dan> !update priorities: the storage move",
                    "/join alice",
                    "/join bob",
                    "alice: !standup",
                    "alice: priorities: the year-end figures",
                    "alice: !next",
                    "bob: !standup end",
                ]
                .map(str::to_owned),
            );
        }
    }
    lines.push("/at 2026-12-28T09:00".to_owned());
    lines.push("alice: !remind me 2027-02-01 10:00 renew the domain".to_owned());
    lines.push("bob: !remind me every monday 9:00 water the plants".to_owned());
    lines.push("dan: !remind #office 2027-03-01 09:00 spring cleaning".to_owned());
    lines.push("dan: !punch in webdev".to_owned());
    // An agenda item's number is never given again, even once the item is removed.
    lines.push("bob: !agenda add Dropped item 5m".to_owned());
    lines.push("bob: !agenda remove 5".to_owned());
    lines.push("alice: !web".to_owned());
    lines.join("\n") + "\n"
}

/// What the members ask in January 2027, the same on both stores.
const QUESTIONS: &str = "/at 2027-01-11T10:00
alice: !hours 2026-03
bob: !hours 2026-08
dan: !hours 2026-04
carole: !heures 2026-12
alice: !hours 2026-06 all
alice: !proposals
bob: !minutes
dan: !punch status
alice: !reminders
alice: !punch 1h webdev after the move
alice: !propose a new proposal after the move
bob: !agenda add After the move 5m
";

/// The operator's readings of the same store.
fn exports(bot: &Bot) -> Vec<String> {
    let runs: [&[&str]; 3] = [
        &["export", "hours", "--from", "2026-01-01", "--to", "2027-01-31"],
        &[
            "export",
            "hours",
            "--from",
            "2026-01-01",
            "--to",
            "2027-01-31",
            "--format",
            "json",
        ],
        &["export", "member", "carole", "--format", "json"],
    ];
    runs.iter()
        .map(|args| {
            let out = bot.run(args, "");
            assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
            assert!(!out.stdout.trim().is_empty(), "{args:?}");
            out.stdout
        })
        .collect()
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn a_year_moved_to_postgres_gives_the_same_hours_proposals_and_exports() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let lite = Bot::with_exact_config(&format!("[storage]\ndatabase = \"konbit.db\"\n{}{WEB}", members()));
    let year = lite.console("2026-01-02T09:00:00-05:00", &a_year());
    assert_eq!(year.code, Some(0), "{}", year.stderr);
    assert!(year.has("Proposal #12"), "{}", year.stdout);

    // What a network outage leaves: an announcement not yet delivered, and an event of a
    // network already handled (so that it is not handled twice after a reconnection).
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let queued = konbit::app::Effect::Announce {
        room: konbit::effect::Room::new(konbit::effect::Network::Irc, "#office"),
        message: "The production meeting starts in 10 minutes.".into(),
    };
    runtime.block_on(async {
        let store = konbit::store::Store::open(&lite.dir().join("konbit.db"))
            .await
            .expect("open");
        store.outbox_push(&queued).await.expect("queue");
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-28T14:05:00Z")
            .unwrap()
            .to_utc();
        assert!(store.claim_event("$handled:example.org", at).await.expect("claim"));
        store.close().await;
    });

    // --from left out: the configuration's storage.database.
    let url = server.database();
    let moved = lite.run(&["migrate-storage", "--to", &url], "");
    assert_eq!(moved.code, Some(0), "{}\n{}", moved.stdout, moved.stderr);
    let password = "konbit-pw";
    assert!(!moved.stdout.contains(password) && !moved.stderr.contains(password));
    for table in [
        "punches",
        "proposals",
        "vetoes",
        "decisions",
        "meetings",
        "attendance",
        "meeting_items",
        "agenda_items",
        "absences",
        "standups",
        "timers",
        "day_totals",
        "month_totals",
        "member_month_totals",
        "reminders",
        "outbox",
        "network_events",
        "calendar_feed",
    ] {
        let line = moved
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(table))
            .unwrap_or_else(|| panic!("no line for {table}: {}", moved.stdout));
        assert!(line.ends_with(" OK"), "{line}");
        assert_ne!(line.split_whitespace().nth(1), Some("0"), "{line}");
    }
    assert!(moved.stdout.contains("each checked"), "{}", moved.stdout);

    runtime.block_on(async {
        let store = konbit::store::Store::open_postgres(&url, 1)
            .await
            .expect("open PostgreSQL");
        let pending = store.outbox_pending().await.expect("outbox");
        assert_eq!(pending.iter().map(|(_, e)| e.clone()).collect::<Vec<_>>(), vec![queued]);
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-28T14:06:00Z")
            .unwrap()
            .to_utc();
        assert!(
            !store.claim_event("$handled:example.org", at).await.expect("claim"),
            "handled twice"
        );
        store.close().await;
    });

    let pg = Bot::with_exact_config(&format!("[storage]\nurl = \"{url}\"\n{}{WEB}", members()));
    let on_pg = pg.console("2027-01-11T09:00:00-05:00", QUESTIONS);
    let on_lite = lite.console("2027-01-11T09:00:00-05:00", QUESTIONS);
    assert_eq!(on_pg.code, Some(0), "{}", on_pg.stderr);
    assert_eq!(on_lite.code, Some(0), "{}", on_lite.stderr);
    // Every answer, word for word: the hours (read from the kept totals: counted once),
    // the proposals, the minutes, and the ids the next punch and proposal get.
    same_lines(&on_pg.stdout, &on_lite.stdout);
    assert!(on_lite.has("Recorded #"), "{}", on_lite.stdout);
    assert!(on_lite.has("Proposal #13"), "{}", on_lite.stdout);
    assert!(on_lite.has("6. After the move"), "{}", on_lite.stdout);
    for (on_pg, on_lite) in exports(&pg).iter().zip(exports(&lite)) {
        same_lines(on_pg, &on_lite);
    }
    // The web view: every page of the collective, and its data, the same on both.
    #[cfg(feature = "web")]
    same_web_pages(&pg, &lite);
}

/// Every page and JSON answer of the web view (`konbit web` on each), the same on both.
#[cfg(feature = "web")]
fn same_web_pages(pg: &Bot, lite: &Bot) {
    let (_web_pg, at_pg) = support::web::serve(pg, &[]);
    let (_web_lite, at_lite) = support::web::serve(lite, &[]);
    for path in [
        "/",
        "/decisions",
        "/minutes",
        "/hours",
        "/membership",
        "/attendance",
        "/api/proposals",
        "/api/decisions",
        "/api/minutes",
        "/api/hours",
        "/api/membership",
        "/api/attendance",
        "/calendar.ics",
    ] {
        let (on_pg, on_lite) = (support::web::ok(&at_pg, path), support::web::ok(&at_lite, path));
        assert_eq!(on_pg, on_lite, "{path} differs on PostgreSQL");
        if path == "/api/decisions" {
            assert!(on_lite.contains("\"total\":13"), "{on_lite}");
        }
    }
}

/// The web view, for the pages compared after the move.
const WEB: &str = "[web]\nlisten = \"127.0.0.1:0\"\nbase_url = \"http://konbit.test\"\n";

/// The same text, line by line, but for the instant an export was made.
fn same_lines(on_pg: &str, on_lite: &str) {
    let kept = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("\"generated_at\""))
            .map(str::to_owned)
            .collect()
    };
    let (pg, lite) = (kept(on_pg), kept(on_lite));
    for (i, (a, b)) in pg.iter().zip(&lite).enumerate() {
        assert_eq!(a, b, "line {} differs", i + 1);
    }
    assert_eq!(pg.len(), lite.len(), "a different number of lines");
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn a_postgres_database_that_already_holds_a_collective_is_refused_and_left_as_it_was() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let url = server.database();
    let pg = Bot::with_exact_config(&format!("[storage]\nurl = \"{url}\"\n{}", members()));
    let first = pg.console("2026-11-16T09:00:00-05:00", "alice: !punch 3h webdev already here\n");
    assert_eq!(first.code, Some(0), "{}", first.stderr);

    let lite = Bot::with_exact_config(&format!("[storage]\ndatabase = \"konbit.db\"\n{}", members()));
    let made = lite.console(
        "2026-11-16T09:00:00-05:00",
        "alice: !punch 1h hosting\nbob: !punch 2h webdev\n",
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let refused = lite.run(&["migrate-storage", "--from", "konbit.db", "--to", &url], "");
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("is not empty (") && refused.stderr.contains("punches: 1"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("konbit-pw"), "{}", refused.stderr);
    // An operator working in French.
    let fr = std::process::Command::new(support::konbit_bin())
        .current_dir(lite.dir())
        .args(["migrate-storage", "--from", "konbit.db", "--to", &url])
        .env_remove("KONBIT_CONFIG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "fr_CA.UTF-8")
        .output()
        .expect("run konbit");
    let stderr = String::from_utf8_lossy(&fr.stderr);
    assert_eq!(fr.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("n’est pas vide (") && stderr.contains("punches: 1"),
        "{stderr}"
    );

    // What was there is still all there is.
    let after = pg.console("2026-11-16T17:00:00-05:00", "alice: !hours\nbob: !hours\n");
    assert!(after.has("webdev: 3h00 paid"), "{}", after.stdout);
    assert!(!after.has("hosting") && !after.has("2h00"), "{}", after.stdout);
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn a_copy_that_does_not_check_out_is_rolled_back_whole_naming_the_table() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let url = server.database();
    // Konbit's tables, and a rule someone left on the server that swallows the punches
    // written into it.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sql = |statement: &'static str| {
        runtime.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&url).await.expect("connect");
            sqlx::query(statement).execute(&mut c).await.expect(statement);
        })
    };
    runtime.block_on(async {
        konbit::store::Store::open_postgres(&url, 1)
            .await
            .expect("migrate")
            .close()
            .await;
    });
    sql("CREATE RULE swallow AS ON INSERT TO punches DO INSTEAD NOTHING");

    let lite = Bot::with_exact_config(&format!("[storage]\ndatabase = \"konbit.db\"\n{}", members()));
    let made = lite.console(
        "2026-11-16T09:00:00-05:00",
        "alice: !punch 1h hosting\nbob: !punch 2h webdev\nalice: !propose a kettle\n",
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let failed = lite.run(&["migrate-storage", "--to", &url], "");
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    assert!(
        failed.stderr.contains(
            "the PostgreSQL copy differs from the SQLite database in punches: everything copied was rolled back"
        ),
        "{}",
        failed.stderr
    );
    let line = failed
        .stderr
        .lines()
        .find(|l| l.starts_with("punches "))
        .unwrap_or_else(|| panic!("{}", failed.stderr));
    assert!(
        line.contains(" 2  ") && line.contains("differs: PostgreSQL has 0 rows"),
        "{line}"
    );

    // Nothing of it stayed (the proposal neither): once the rule is gone, the same move
    // goes through.
    sql("DROP RULE swallow ON punches");
    let moved = lite.run(&["migrate-storage", "--to", &url], "");
    assert_eq!(moved.code, Some(0), "{}", moved.stderr);
    let pg = Bot::with_exact_config(&format!("[storage]\nurl = \"{url}\"\n{}", members()));
    let on_pg = pg.console("2026-11-16T17:00:00-05:00", "alice: !hours\nbob: !proposals\n");
    let on_lite = lite.console("2026-11-16T17:00:00-05:00", "alice: !hours\nbob: !proposals\n");
    same_lines(&on_pg.stdout, &on_lite.stdout);
    assert!(on_pg.has("hosting: 1h00 paid"), "{}", on_pg.stdout);
}

#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn a_fresh_postgres_database_holds_rows_only_in_the_settings_tables_the_move_replaces() {
    let Some(server) = PgServer::start() else {
        return;
    };
    let url = server.database();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let with_rows = runtime.block_on(async {
        use sqlx::Connection;
        konbit::store::Store::open_postgres(&url, 1)
            .await
            .expect("migrate")
            .close()
            .await;
        let mut c = sqlx::PgConnection::connect(&url).await.expect("connect");
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' ORDER BY 1",
        )
        .fetch_all(&mut c)
        .await
        .expect("tables");
        let mut with_rows = Vec::new();
        for name in names {
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {name}")))
                .fetch_one(&mut c)
                .await
                .expect("count");
            if n > 0 {
                with_rows.push(name);
            }
        }
        with_rows
    });
    // A migration that starts filling another table must be known to the move, which
    // replaces these rows with the SQLite file's.
    assert_eq!(with_rows, konbit::ops::migrate::SEEDED);
}

#[test]
fn a_bad_address_or_a_missing_file_is_refused_without_showing_the_password() {
    let lite = Bot::with_exact_config(&format!("[storage]\ndatabase = \"konbit.db\"\n{}", members()));
    let missing = lite.run(
        &["migrate-storage", "--to", "postgres://konbit:s3cret@127.0.0.1:1/konbit"],
        "",
    );
    assert_eq!(missing.code, Some(1), "{}", missing.stderr);
    assert!(
        missing.stderr.contains(&format!(
            "there is no SQLite database at {} to move",
            lite.dir().join("konbit.db").display()
        )),
        "{}",
        missing.stderr
    );
    assert!(
        !lite.dir().join("konbit.db").exists(),
        "the move created the file it should read"
    );

    let made = lite.console("2026-11-16T09:00:00-05:00", "alice: !punch 1h hosting\n");
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let not_postgres = lite.run(
        &["migrate-storage", "--to", "mysql://konbit:s3cret@127.0.0.1/konbit"],
        "",
    );
    assert_eq!(not_postgres.code, Some(2), "{}", not_postgres.stderr);
    assert!(
        not_postgres
            .stderr
            .contains("is not a PostgreSQL address: write postgres://"),
        "{}",
        not_postgres.stderr
    );
    // Nothing listens on port 1.
    let unreachable = lite.run(
        &["migrate-storage", "--to", "postgres://konbit:s3cret@127.0.0.1:1/konbit"],
        "",
    );
    assert_eq!(unreachable.code, Some(1), "{}", unreachable.stderr);
    assert!(
        unreachable
            .stderr
            .contains("cannot connect to the PostgreSQL database postgres://konbit:***@127.0.0.1:1/konbit"),
        "{}",
        unreachable.stderr
    );
    let in_parameter = lite.run(
        &[
            "migrate-storage",
            "--to",
            "postgres://konbit@127.0.0.1:1/konbit?password=s3cret",
        ],
        "",
    );
    assert_eq!(in_parameter.code, Some(1), "{}", in_parameter.stderr);
    assert!(
        in_parameter.stderr.contains("konbit?password=***"),
        "{}",
        in_parameter.stderr
    );
    for out in [&not_postgres, &unreachable, &in_parameter] {
        assert!(
            !out.stderr.contains("s3cret") && !out.stdout.contains("s3cret"),
            "{}",
            out.stderr
        );
    }
    let on_postgres = Bot::with_exact_config(&format!(
        "[storage]\nurl = \"postgres://konbit:s3cret@127.0.0.1:1/konbit\"\n{}",
        members()
    ));
    let which = on_postgres.run(&["migrate-storage"], "");
    assert_eq!(which.code, Some(2), "{}", which.stderr);
    assert!(
        which.stderr.contains("say which SQLite file to move: --from FILE"),
        "{}",
        which.stderr
    );
    let nowhere = lite.run(&["migrate-storage"], "");
    assert_eq!(nowhere.code, Some(2), "{}", nowhere.stderr);
    assert!(nowhere.stderr.contains("--to postgres://"), "{}", nowhere.stderr);
}

#[cfg(feature = "irc")]
#[test]
fn a_collective_served_by_a_running_konbit_is_not_moved() {
    // A loopback port just freed: nothing listens there, `konbit run` keeps retrying.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let bot = Bot::with_exact_config(&format!(
        "[storage]\ndatabase = \"konbit.db\"\n\
         [irc]\nserver = \"127.0.0.1\"\nport = {port}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"KONBIT_TEST_IRC_PASSWORD\"\n{}",
        members()
    ));
    let running = bot.spawn(&["run"], &[("KONBIT_TEST_IRC_PASSWORD", "konbit-pw")]);
    assert!(
        running.wait_log("cannot connect to IRC", 1, std::time::Duration::from_secs(30)),
        "{}",
        running.log()
    );
    let refused = bot.run(
        &["migrate-storage", "--to", "postgres://konbit:s3cret@127.0.0.1:1/konbit"],
        "",
    );
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&format!(
            "another konbit is already serving the database {}: process {}",
            bot.dir().join("konbit.db").display(),
            running.pid()
        )),
        "{}",
        refused.stderr
    );
}
