//! The durable outbox as the transports use it: whenever they look for what to deliver they
//! ask for pending entries, which the store answers without reading the database while
//! it knows nothing was queued since the last empty read. Nothing queued may be missed.

use konbit::app::Effect;
use konbit::store::Store;

fn announce(text: &str) -> Effect {
    Effect::Announce {
        room: konbit::effect::Room::new(konbit::effect::Network::Irc, "#office"),
        message: text.into(),
    }
}

fn texts(pending: &[(i64, Effect)]) -> Vec<String> {
    pending.iter().map(|(_, e)| e.message().plain()).collect()
}

#[tokio::test(flavor = "current_thread")]
async fn an_announcement_queued_after_the_outbox_was_found_empty_is_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).await.unwrap();
    assert!(store.outbox_pending().await.unwrap().is_empty());
    assert!(store.outbox_pending().await.unwrap().is_empty());
    store.outbox_push(&announce("meeting in 10 minutes")).await.unwrap();
    let pending = store.outbox_pending().await.unwrap();
    assert_eq!(texts(&pending), ["meeting in 10 minutes"]);
    // Handed to a connection and confirmed: gone, and the outbox is empty again.
    store.outbox_sending(&[pending[0].0]).await.unwrap();
    assert!(store.outbox_pending().await.unwrap().is_empty());
    store.outbox_done(pending[0].0).await.unwrap();
    assert!(store.outbox_pending().await.unwrap().is_empty());
    store.outbox_push(&announce("proposal adopted")).await.unwrap();
    assert_eq!(texts(&store.outbox_pending().await.unwrap()), ["proposal adopted"]);
}

#[tokio::test(flavor = "current_thread")]
async fn an_announcement_handed_to_a_connection_that_died_is_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).await.unwrap();
    store.outbox_push(&announce("stand-up now")).await.unwrap();
    let pending = store.outbox_pending().await.unwrap();
    store.outbox_sending(&[pending[0].0]).await.unwrap();
    // The connection is still writing it: nothing else to send.
    assert!(store.outbox_pending().await.unwrap().is_empty());
    // It died before confirming.
    store.outbox_retry().await.unwrap();
    assert_eq!(texts(&store.outbox_pending().await.unwrap()), ["stand-up now"]);
}

#[tokio::test(flavor = "current_thread")]
async fn announcements_left_by_a_previous_run_are_delivered_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let first = Store::open(&path).await.unwrap();
    first.outbox_push(&announce("left over")).await.unwrap();
    first.close().await;
    let second = Store::open(&path).await.unwrap();
    assert_eq!(texts(&second.outbox_pending().await.unwrap()), ["left over"]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_private_message_put_back_to_wait_for_its_member_is_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).await.unwrap();
    store.outbox_push(&announce("Reminder: call the bank")).await.unwrap();
    let pending = store.outbox_pending().await.unwrap();
    // Taken for delivery: nothing else is pending, and the store knows it.
    store.outbox_sending(&[pending[0].0]).await.unwrap();
    assert!(store.outbox_pending().await.unwrap().is_empty());
    // Its member is not online: it is put back to wait, and found when they come back.
    store.outbox_release(pending[0].0).await.unwrap();
    assert_eq!(
        texts(&store.outbox_pending().await.unwrap()),
        ["Reminder: call the bank"]
    );
}
