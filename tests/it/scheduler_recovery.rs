//! The live scheduler against a database another process holds locked: it never goes to
//! sleep for good. A real SQLite file, a second connection holding the write lock, the
//! real clock, and nobody typing anything.

use std::io::Write;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use konbit::app::{Core, Effect};
use konbit::config::Config;
use konbit::store::{NewProposal, Store};
use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use tokio::sync::{Notify, mpsc};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proposal_is_adopted_after_the_database_was_locked_across_its_deadline_with_nobody_typing() {
    let log = Log::default();
    tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_ansi(false)
        .init();
    let dir = tempfile::tempdir().expect("dir");
    // A configured schedule: at start the bot records where it stands, a write.
    let config = Config::parse(
        "[punch]\nremind_after = \"\"\n[[schedules]]\nname = \"planning\"\nwhen = \"weekly monday 10:00\"\n\
         action = \"message\"\ntext = \"planning\"\n",
        dir.path(),
    )
    .expect("config");
    let path = config.database.clone();
    let store = Store::open(&path).await.expect("store");
    let now = Utc::now();
    let deadline = now + Duration::seconds(3);
    store
        .insert_proposal(&NewProposal {
            room: "#office".into(),
            proposer: "alice".into(),
            text: "buy a kettle".into(),
            budget: None,
            over_budget: false,
            created_at: now - Duration::hours(48),
            deadline,
            deferred_to: None,
            next_event: Some(deadline),
        })
        .await
        .expect("proposal");
    let core = Arc::new(Core::new(
        Arc::new(config),
        store.clone(),
        konbit::effect::Room::new(konbit::effect::Network::Console, "#office"),
    ));

    // Another process takes the write lock before the bot looks, and keeps it past the
    // deadline.
    let mut locker = SqliteConnectOptions::from_str("sqlite:")
        .expect("options")
        .filename(&path)
        .connect()
        .await
        .expect("second connection");
    sqlx::query("BEGIN EXCLUSIVE").execute(&mut locker).await.expect("lock");

    // While it cannot be known, the next due instant is an error, not "nothing pending".
    assert!(core.next_due(Utc::now()).await.is_err());

    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<Effect>>();
    let wake = Arc::new(Notify::new());
    let scheduler = tokio::spawn({
        let (core, wake) = (core.clone(), wake.clone());
        async move {
            konbit::scheduler::run_live(&core, &wake, |outcome| {
                let _ = tx.send(outcome.effects);
            })
            .await;
        }
    });

    // Held until the deadline has passed and the scheduler has found it cannot read what
    // is pending (it says so in its log).
    while Utc::now() < deadline + Duration::seconds(1) || !log.contains("cannot read pending events") {
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }
    sqlx::query("ROLLBACK").execute(&mut locker).await.expect("unlock");
    drop(locker);

    let adopted = tokio::time::timeout(StdDuration::from_secs(60), async {
        while let Some(effects) = rx.recv().await {
            if let Some(text) = effects.iter().find_map(|e| match e {
                Effect::Announce { message, .. } if message.plain().contains("buy a kettle") => Some(message.plain()),
                _ => None,
            }) {
                return Some(text);
            }
        }
        None
    })
    .await;
    scheduler.abort();
    let text = adopted
        .expect("the adoption came within a minute of the lock's end")
        .expect("announced");
    assert!(text.starts_with("Adopted: proposal #1 by alice"), "{text}");
    let decisions = store.decisions().await.expect("register");
    assert_eq!(decisions.len(), 1, "{decisions:?}");
    assert_eq!(decisions[0].1, "adopted");
}

/// What the bot logged, kept in memory.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Log {
    fn contains(&self, needle: &str) -> bool {
        self.0
            .lock()
            .is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
    }
}

impl Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Log {
    type Writer = Log;

    fn make_writer(&'a self) -> Log {
        self.clone()
    }
}
