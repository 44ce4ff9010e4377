//! The web view when another process holds the database locked, on the store the
//! scenarios use: a SQLite file under a writer's exclusive lock (in a rollback journal,
//! as a copy or a tool may leave it), or PostgreSQL tables under an `ACCESS EXCLUSIVE`
//! lock (what a `VACUUM FULL` or a migration takes). Each reader gets the "try again" page
//! after a few seconds, none waits in line behind another, a bad address is answered at
//! once, and the pages come back when the lock goes.

use crate::support;

use std::time::Duration;

use support::Bot;
use support::web::{CONFIG, fill, get, get_within, ok, serve};

/// A session of another process holding the database locked until it is dropped.
enum Lock {
    Lite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
}

/// Locks the bot's database from another connection, with a write under way.
async fn lock(bot: &Bot) -> Lock {
    use sqlx::{Connection, Executor};
    if let Some(url) = bot.database_url() {
        let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
        c.execute("BEGIN").await.expect("begin");
        c.execute("LOCK TABLE proposals, month_totals, projects, absences IN ACCESS EXCLUSIVE MODE")
            .await
            .expect("lock");
        c.execute("INSERT INTO absences (member, from_day, to_day, reason, created_at) VALUES ('x', '2026-01-01', '2026-01-01', 'x', 0)")
            .await
            .expect("write");
        return Lock::Pg(c);
    }
    let mut c = lite(bot).await;
    c.execute("BEGIN EXCLUSIVE").await.expect("lock");
    c.execute("INSERT INTO absences (member, from_day, to_day, reason, created_at) VALUES ('x', '2026-01-01', '2026-01-01', 'x', 0)")
        .await
        .expect("write");
    Lock::Lite(c)
}

async fn lite(bot: &Bot) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    let db = bot.dir().join("konbit.db");
    sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.display()))
        .await
        .expect("open")
}

async fn unlock(lock: Lock) {
    use sqlx::{Connection, Executor};
    match lock {
        Lock::Lite(mut c) => {
            c.execute("ROLLBACK").await.expect("unlock");
            c.close().await.expect("close");
        }
        Lock::Pg(mut c) => {
            c.execute("ROLLBACK").await.expect("unlock");
            c.close().await.expect("close");
        }
    }
}

#[test]
fn a_locked_database_gets_the_try_again_page_and_a_bad_address_its_answer_at_once() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    if bot.database_url().is_none() {
        // The file in a rollback journal, where a writer's exclusive lock keeps readers out.
        runtime.block_on(async {
            use sqlx::{Connection, Executor};
            let mut c = lite(&bot).await;
            c.execute("PRAGMA journal_mode = DELETE").await.expect("journal");
            c.close().await.expect("close");
        });
    }
    let (web, at) = serve(&bot, &[]);
    assert!(ok(&at, "/?lang=en").contains("buy a kettle"));
    // Another process holds the database locked.
    let lock = runtime.block_on(lock(&bot));
    // What is wrong with an address is said without the database, before any read of it
    // would give up.
    for (path, status) in [
        ("/decisions?status=maybe", 400),
        ("/hours?year=abc", 400),
        ("/minutes/abc", 404),
    ] {
        let a = get_within(&at, path, &[], Duration::from_secs(2));
        assert_eq!(a.status, status, "{path}: {}", a.body);
    }
    // Many readers at once: each gets "try again" after a few seconds, none waits in line.
    let readers: Vec<_> = (0..8)
        .map(|i| {
            let at = at.clone();
            std::thread::spawn(move || get(&at, &format!("/hours?lang=en&n={i}"), &[]))
        })
        .collect();
    for r in readers {
        let a = r.join().expect("reader");
        assert!(a.status >= 500, "{}", a.body);
        assert!(a.body.contains("Please try again in a moment."), "{}", a.body);
    }
    let api = get(&at, "/api/proposals", &[]);
    assert!(api.status >= 500 && api.body.contains("try again"), "{}", api.body);
    runtime.block_on(unlock(lock));
    assert!(ok(&at, "/?lang=en").contains("buy a kettle"));
    assert!(!web.log().contains("panicked"), "{}", web.log());
}
