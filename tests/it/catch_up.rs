//! Commands sent while the bot was down, read back when it returns (an IRC server's
//! history or a Matrix sync): the transports hand them to `Core::handle_many` with the
//! time they were sent, before the first tick. The answers show the state at that time.
//! Against a real SQLite file; the console shows the effects as people would see them.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use konbit::app::{Core, Incoming, Speaker};
use konbit::config::Config;
use konbit::store::Store;
use konbit::transport::console::render;

/// Friday 2026-11-20 15:00 in Montreal (EST): the deadline is Tuesday 2026-11-24 15:00.
const FRIDAY: &str = "2026-11-20T15:00:00-05:00";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn core(dir: &std::path::Path) -> Core {
    let config = Config::parse("[storage]\ndatabase = \"catch-up.db\"\n", dir).expect("config");
    let store = Store::open(&config.database).await.unwrap();
    let core = Core::new(
        Arc::new(config),
        store,
        konbit::effect::Room::new(konbit::effect::Network::Console, "#office"),
    );
    core.prepare(at(FRIDAY)).await.unwrap();
    core
}

fn said(who: &str, text: &str, when: DateTime<Utc>) -> Incoming {
    Incoming {
        room: Some(konbit::effect::Room::new(konbit::effect::Network::Console, "#office")),
        speaker: Speaker {
            network: konbit::effect::Network::Console,
            handle: who.into(),
            member: Some(who.into()),
        },
        text: text.into(),
        at: when,
        event: None,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_proposal_asked_about_after_its_deadline_while_the_bot_was_down_reads_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path()).await;
    let created = core
        .handle_many(&[said("alice", "!propose buy a kettle", at(FRIDAY))])
        .await
        .effects;
    assert!(
        render(&created).contains("Proposal #1 by alice"),
        "{}",
        render(&created)
    );
    // Read on Monday: still open (and the next due instant is now known).
    let monday = render(
        &core
            .handle_many(&[said("bob", "!proposals", at("2026-11-23T10:00:00-05:00"))])
            .await
            .effects,
    );
    assert!(monday.contains("#1 alice: buy a kettle"), "{monday}");

    // The bot was down over Tuesday 15:00; these were sent on Wednesday morning and
    // arrive together when it is back, before it ticked.
    let wednesday = at("2026-11-25T09:00:00-05:00");
    let out = render(
        &core
            .handle_many(&[
                said("bob", "!proposal 1", wednesday),
                said("carole", "!proposals", wednesday + Duration::minutes(1)),
                said("dan", "!veto 1 too late?", wednesday + Duration::minutes(2)),
            ])
            .await
            .effects,
    );
    let lines: Vec<&str> = out.lines().collect();
    let adopted = lines
        .iter()
        .position(|l| l.contains("Adopted (announced late: the deadline was Tue Nov 24, 15:00 EST)"))
        .unwrap_or_else(|| panic!("no late adoption:\n{out}"));
    let status = lines
        .iter()
        .position(|l| l.contains("Status: adopted on Tue Nov 24, 15:00 EST"))
        .unwrap_or_else(|| panic!("bob does not read it adopted:\n{out}"));
    assert!(adopted < status, "the adoption is announced before the answer:\n{out}");
    assert!(!out.contains("Status: open"), "{out}");
    assert!(!out.contains("less than a minute"), "{out}");
    assert!(
        out.contains("carole: There are no open or deferred proposals."),
        "{out}"
    );
    assert_eq!(out.matches("Adopted").count(), 1, "{out}");
    assert!(out.contains("dan: "), "{out}");
    assert!(!out.contains("vetoed"), "a veto after the deadline is refused:\n{out}");

    // The first tick after the catch-up has nothing left to say.
    assert!(core.tick(wednesday + Duration::minutes(3)).await.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn a_veto_sent_before_the_deadline_and_read_back_late_still_counts() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path()).await;
    core.handle_many(&[said("alice", "!propose repaint the office", at(FRIDAY))])
        .await;
    // Sent just before the deadline, read back with a later question in one batch:
    // the deadline falls between them and is resolved after the veto, not before.
    let before = at("2026-11-24T14:58:00-05:00");
    let out = render(
        &core
            .handle_many(&[
                said("bob", "!veto 1 compare quotes first", before),
                said("carole", "!proposal 1", before + Duration::hours(2)),
            ])
            .await
            .effects,
    );
    assert!(out.contains("bob vetoed"), "{out}");
    assert!(!out.contains("Adopted"), "{out}");
    assert!(out.contains("Status: deferred"), "{out}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_reminder_due_before_a_command_read_back_late_is_sent_before_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path()).await;
    let monday = at("2026-11-23T10:00:00-05:00");
    core.handle_many(&[said("alice", "!propose buy a kettle", monday)])
        .await;
    // A read: the next due instant (Thursday's deadline) is known from here on…
    core.handle_many(&[said("bob", "!proposals", monday)]).await;
    // …until a reminder due much earlier is set.
    let set = render(
        &core
            .handle_many(&[said("alice", "!remind me in 1h call the supplier", monday)])
            .await
            .effects,
    );
    let later = render(
        &core
            .handle_many(&[said("alice", "!reminders", monday + Duration::hours(2))])
            .await
            .effects,
    );
    assert!(set.contains("Reminder #1 for you on Mon Nov 23, 11:00 EST"), "{set}");
    let lines: Vec<&str> = later.lines().collect();
    assert_eq!(
        lines,
        [
            "[@alice] konbit: (late: it was due on Mon Nov 23, 11:00 EST) Reminder: call the supplier",
            "[@alice] konbit: You have no reminders.",
        ]
    );
}
