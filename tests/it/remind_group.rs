//! `!remind` that arrive together (a burst on IRC) are recorded in one transaction: each
//! is confirmed with its own number and text, in order, refusals among them included,
//! and each fires at its own time.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use konbit::app::{Core, Effect, Incoming, Speaker};
use konbit::config::Config;
use konbit::store::Store;

fn say(who: &str, member: bool, text: &str, at: chrono::DateTime<Utc>) -> Incoming {
    Incoming {
        room: None,
        speaker: Speaker {
            network: konbit::effect::Network::Console,
            handle: who.into(),
            member: member.then(|| who.to_owned()),
        },
        text: text.into(),
        at,
        event: None,
    }
}

fn private_to(effects: &[Effect], who: &str) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Private { to, message } if to.name() == who => Some(message.plain()),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn reminders_set_in_one_burst_are_each_confirmed_in_order_and_each_fires() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::parse(
        "[calendar]\nquebec_holidays = false\n[[members]]\nname = \"alice\"\n[[members]]\nname = \"bob\"\n",
        dir.path(),
    )
    .unwrap();
    let store = Store::open(&config.database).await.unwrap();
    let core = Core::new(
        Arc::new(config),
        store,
        konbit::effect::Room::new(konbit::effect::Network::Console, "#office"),
    );
    // A Thursday afternoon, Montréal time.
    let now = Utc.with_ymd_and_hms(2026, 11, 19, 18, 0, 0).unwrap();
    let effects = core
        .handle_many(&[
            say("alice", true, "!remind me in 2h tea", now),
            say("bob", true, "!remind alice in 3h call bob", now),
            say("alice", true, "!remind me 2020-01-01 09:00 too late", now),
            say("carol", false, "!remind me in 1h not a member", now),
            say("bob", true, "!remind me in 4h water the plants", now),
        ])
        .await
        .effects;
    let alice = private_to(&effects, "alice");
    assert_eq!(alice.len(), 2, "{effects:?}");
    assert!(
        alice[0].starts_with("Reminder #1 for you on ") && alice[0].ends_with(": tea"),
        "{alice:?}"
    );
    assert!(
        !alice[1].starts_with("Reminder #"),
        "the past one is refused: {alice:?}"
    );
    let bob = private_to(&effects, "bob");
    assert!(
        bob[0].starts_with("Reminder #2 for alice on ") && bob[0].ends_with(": call bob"),
        "{bob:?}"
    );
    assert!(
        bob[1].starts_with("Reminder #3 for you on ") && bob[1].ends_with(": water the plants"),
        "{bob:?}"
    );
    assert!(
        effects.iter().any(|e| match e {
            Effect::Reply { to, message, .. } => to == "carol" && message.plain().contains("Only members"),
            Effect::Private { to, message } => to.name() == "carol" && message.plain().contains("Only members"),
            Effect::Announce { .. } | Effect::Mail(_) => false,
        }),
        "{effects:?}"
    );

    assert_eq!(core.next_due(now).await.unwrap(), Some(now + Duration::hours(2)));
    let fired = core.tick(now + Duration::hours(2)).await;
    assert_eq!(private_to(&fired, "alice"), ["Reminder: tea"]);
    let fired = core.tick(now + Duration::hours(3)).await;
    assert_eq!(private_to(&fired, "alice"), ["Reminder from bob: call bob"]);
    let fired = core.tick(now + Duration::hours(4)).await;
    assert_eq!(private_to(&fired, "bob"), ["Reminder: water the plants"]);
    // Nothing is due any more but the retention run that deletes the delivered reminders
    // once their 90 days are past: at 04:00 in Montréal the day after.
    assert_eq!(
        core.next_due(now + Duration::hours(4)).await.unwrap(),
        Some(Utc.with_ymd_and_hms(2027, 2, 18, 9, 0, 0).unwrap())
    );
}
