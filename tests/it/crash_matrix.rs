//! Every announcement is committed with the change it announces: `konbit run` on Matrix,
//! killed at one commit after another (before it and right after it, with
//! `KONBIT_FAULT_COMMIT`) while deadlines have passed and commands wait, then started
//! again: each adoption is announced once, each command answered once, and each
//! confirmed write is in the database once (real Synapse; its transaction ids make a
//! resend after a crash show once).

use crate::matrix::{BOT_PASSWORD, config, no_errors, set_deadline, setup, start, start_joined};

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_kill_at_any_commit_loses_no_announcement_and_shows_none_twice() {
    let (hs, mut alice, _bob, bot_id, room) = setup(false).await;
    let (bot, mut running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    const PROPOSALS: i64 = 3;
    for i in 1..=PROPOSALS {
        alice.say(&room, &format!("!propose idea number {i}")).await;
        alice
            .expect(&bot_id, |m| m.body.contains(&format!("Proposal #{i} ")))
            .await;
    }
    running.terminate();
    assert!(
        running.wait_exit(Duration::from_secs(20)).is_some(),
        "the bot did not stop"
    );
    let db = bot.dir().join("konbit.db");
    let past = chrono::Utc::now() - chrono::Duration::hours(1);
    for id in 1..=PROPOSALS {
        set_deadline(&db, id, past).await;
    }
    // Each start dies at another commit: before the first (nothing of it kept), after it
    // (kept, not yet delivered), and so on; a command waits at each start.
    let points = ["1:before", "1", "2:before", "2", "3:before", "3"];
    for (i, point) in points.iter().enumerate() {
        alice.say(&room, &format!("!punch 1h webdev crash {i}")).await;
        let mut dying = bot.spawn(
            &["run"],
            &[
                ("KONBIT_TEST_MATRIX_PASSWORD", BOT_PASSWORD),
                ("KONBIT_FAULT_COMMIT", point),
            ],
        );
        if dying.wait_exit(Duration::from_secs(90)).is_none() {
            // Fewer commits than that at this start: stopped by hand instead.
            dying.terminate();
            dying.wait_exit(Duration::from_secs(20));
        }
    }
    let running = start(&bot);
    for i in 1..=PROPOSALS {
        alice
            .expect_within(Duration::from_secs(90), &bot_id, |m| {
                m.body.starts_with("Adopted") && m.body.contains(&format!("idea number {i}"))
            })
            .await;
    }
    for i in 0..points.len() {
        alice
            .expect(&bot_id, |m| {
                m.body.contains("Recorded") && m.body.contains(&format!("crash {i}"))
            })
            .await;
    }
    // The bot has moved past everything that was waiting: a new command is answered.
    alice.say(&room, "!projects").await;
    alice.expect(&bot_id, |m| m.body.contains("webdev")).await;
    let seen = alice.received_after(Duration::ZERO).await;
    for i in 1..=PROPOSALS {
        let told = seen
            .iter()
            .filter(|m| {
                m.sender == bot_id && m.body.starts_with("Adopted") && m.body.contains(&format!("idea number {i}"))
            })
            .count();
        assert_eq!(told, 1, "proposal #{i} announced {told} times:\n{seen:#?}");
    }
    for i in 0..points.len() {
        let needle = format!("crash {i}");
        let told = seen
            .iter()
            .filter(|m| m.sender == bot_id && m.body.contains("Recorded") && m.body.contains(&needle))
            .count();
        assert_eq!(told, 1, "the punch '{needle}' was confirmed {told} times:\n{seen:#?}");
    }
    // Each confirmed punch is in the database once.
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&db)
        .read_only(true)
        .connect()
        .await
        .expect("open the bot's database");
    for i in 0..points.len() {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM punches WHERE note = ?")
            .bind(format!("crash {i}"))
            .fetch_one(&mut conn)
            .await
            .expect("count");
        assert_eq!(n, 1, "punch 'crash {i}' recorded {n} times");
    }
    let adopted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM proposals WHERE state = 'adopted'")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(adopted, PROPOSALS);
    no_errors(&running);
}
