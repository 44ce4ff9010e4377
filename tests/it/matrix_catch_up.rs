//! Reading every Matrix message against a real Synapse (README, "On Matrix"): commands
//! sent while the bot was down, far more than one sync carries, all handled in order;
//! a burst from two members answered once each; announcements interrupted by a kill
//! shown once; messages sent only as HTML, edits; reminders refused for a room the bot
//! may not post in, rooms named by alias or `#here`.

use std::time::Duration;

use matrix_sdk::ruma::events::room::member::MembershipState;
use matrix_sdk::ruma::{RoomId, UserId};

use crate::matrix::{config, no_errors, set_deadline, setup, start, start_joined, wait_past};
use crate::support::synapse::User;

/// What the bot said in `room` that contains `needle`, as the homeserver keeps it.
async fn said_by_bot(user: &User, bot_id: &UserId, room: &RoomId, needle: &str) -> Vec<String> {
    user.history(room)
        .await
        .into_iter()
        .filter(|m| m.sender == bot_id && m.body.contains(needle))
        .map(|m| m.body)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn every_command_sent_while_the_bot_was_down_is_handled_in_order_and_a_buried_veto_counts() {
    let (hs, mut alice, bob, bot_id, room) = setup(true).await;
    let (bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    alice.say(&room, "!propose paint the door").await;
    alice
        .expect(&bot_id, |m| m.body.contains("Proposal #1 by alice: paint the door"))
        .await;
    drop(running);

    // While the bot is down (killed), far more than one sync's worth of events (Synapse
    // gives 10): punches, a proposal and its veto (only right in that order), the veto
    // of #1 in time, buried under a dozen lines of chat, then the deadline passes.
    for i in 0..20 {
        alice.say(&room, &format!("!punch {}m webdev", i + 1)).await;
    }
    alice.say(&room, "!propose buy tea").await;
    bob.say(&room, "!veto 2 we have coffee").await;
    bob.say(&room, "!veto 1 not that colour").await;
    let vetoed_at = chrono::Utc::now();
    for i in 0..12 {
        bob.say(&room, &format!("just chatting, line {i}")).await;
    }
    for i in 20..40 {
        alice.say(&room, &format!("!punch {}m webdev", i + 1)).await;
    }
    let deadline = vetoed_at + chrono::Duration::seconds(1);
    set_deadline(&bot.dir().join("konbit.db"), 1, deadline).await;
    wait_past(deadline).await;

    let running = start(&bot);
    alice
        .expect(&bot_id, |m| {
            m.body.contains("Proposal #1 is deferred") && m.body.contains("bob vetoed it")
        })
        .await;
    // Every punch recorded once: 1 + 2 + … + 40 minutes.
    alice.say(&room, "!hours").await;
    let report = alice.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert!(
        report.body.contains("Total: 13h40 paid"),
        "{}\n{}",
        report.body,
        running.log()
    );
    alice.say(&room, "!proposal 2").await;
    let detail = alice
        .expect(&bot_id, |m| m.body.contains("Proposal #2 by alice, "))
        .await;
    assert!(detail.body.contains("Status: deferred"), "{}", detail.body);
    // Every punch confirmed once (privately, where the report came), in the order said.
    let recorded = said_by_bot(&alice, &bot_id, &report.room, "Recorded").await;
    assert_eq!(recorded.len(), 40, "{recorded:#?}");
    let minutes: Vec<&str> = recorded.iter().filter_map(|b| b.split_whitespace().nth(2)).collect();
    let said: Vec<String> = (1..=40).map(|m| format!("{m}m")).collect();
    assert_eq!(minutes, said, "{recorded:#?}");
    let adopted = said_by_bot(&alice, &bot_id, &room, "Adopted").await;
    assert!(adopted.is_empty(), "adopted despite the veto: {adopted:#?}");
    assert!(
        running.log().contains("read back a gap in the Matrix timeline"),
        "{}",
        running.log()
    );
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_burst_of_two_hundred_commands_from_two_members_is_answered_once_each() {
    let (hs, mut alice, mut bob, bot_id, room) = setup(false).await;
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    // Both at once, as fast as the homeserver takes them.
    let burst = |user: &User| {
        let r = user.client.get_room(&room).expect("room");
        async move {
            for _ in 0..100 {
                r.send(
                    matrix_sdk::ruma::events::room::message::RoomMessageEventContent::text_plain("!punch 1m webdev"),
                )
                .await
                .expect("send");
            }
        }
    };
    tokio::join!(burst(&alice), burst(&bob));
    // Each one's next command is answered after all of theirs (one flow, in order):
    // every punch recorded once, and confirmed once (privately, where the report comes).
    for (user, name) in [(&mut alice, "alice"), (&mut bob, "bob")] {
        user.say(&room, "!hours").await;
        let report = user
            .expect_within(Duration::from_secs(120), &bot_id, |m| m.body.contains("Your hours"))
            .await;
        assert!(report.body.contains("Total: 1h40 paid"), "{name}: {}", report.body);
        let answers = said_by_bot(user, &bot_id, &report.room, "Recorded").await;
        assert_eq!(answers.len(), 100, "answers to {name}");
    }
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn announcements_interrupted_by_a_kill_are_shown_once_after_the_restart() {
    let (hs, mut alice, _bob, bot_id, room) = setup(true).await;
    let (bot, mut running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    // Twice: a burst of proposals, and the bot killed while it announces them.
    for round in 0..2 {
        for i in 0..15 {
            alice.say(&room, &format!("!propose round {round} item {i}")).await;
        }
        alice
            .expect(&bot_id, |m| m.body.contains(&format!("round {round} item 1")))
            .await;
        drop(running);
        running = start(&bot);
        // Every one of the round announced, whatever the kill interrupted.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
        loop {
            let announced = said_by_bot(&alice, &bot_id, &room, &format!("by alice: round {round} ")).await;
            if (0..15).all(|i| {
                announced
                    .iter()
                    .any(|b| b.contains(&format!("round {round} item {i}\n")))
            }) {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "not all announced: {announced:#?}\n{}",
                running.log()
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    // A later announcement in the same room: any repeat queued before it came first.
    alice.say(&room, "!propose the last one").await;
    alice
        .expect(&bot_id, |m| m.body.contains("by alice: the last one"))
        .await;
    let announced = said_by_bot(&alice, &bot_id, &room, "by alice: round").await;
    for round in 0..2 {
        for i in 0..15 {
            let this = format!("by alice: round {round} item {i}");
            let times = announced.iter().filter(|b| b.contains(&format!("{this}\n"))).count();
            assert_eq!(times, 1, "{this:?} announced {times} times: {announced:#?}");
        }
    }
    // After the restart, what the killed bot had decided was said before anything newer.
    let numbers: Vec<u32> = announced
        .iter()
        .filter_map(|b| b.strip_prefix("Proposal #")?.split(' ').next()?.parse().ok())
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    assert_eq!(numbers, sorted, "announced out of order: {announced:#?}");
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_command_sent_only_as_html_is_run_and_an_edited_command_is_answered_not_run() {
    let (hs, mut alice, _bob, bot_id, room) = setup(true).await;
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    let r = alice.client.get_room(&room).expect("room");
    // Some clients send only the formatted body.
    r.send_raw(
        "m.room.message",
        serde_json::json!({"msgtype": "m.text", "body": "", "format": "org.matrix.custom.html",
            "formatted_body": "<p>!punch <b>2h</b> webdev</p>"}),
    )
    .await
    .expect("send");
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    // `!punch 1h` edited into `!punch 3h`: not run, and alice is told so, privately.
    let first = r
        .send(matrix_sdk::ruma::events::room::message::RoomMessageEventContent::text_plain("!punch 1h webdev"))
        .await
        .expect("send")
        .response
        .event_id;
    alice.expect(&bot_id, |m| m.body.contains("Recorded")).await;
    r.send_raw(
        "m.room.message",
        serde_json::json!({"msgtype": "m.text", "body": "* !punch 3h webdev",
            "m.new_content": {"msgtype": "m.text", "body": "!punch 3h webdev"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": first}}),
    )
    .await
    .expect("edit");
    let told = alice.expect(&bot_id, |m| m.body.contains("Edits are not read")).await;
    assert_ne!(told.room, room, "told in the shared room");
    alice.say(&room, "!hours").await;
    let report = alice.expect(&bot_id, |m| m.body.contains("Your hours")).await;
    assert!(report.body.contains("Total: 3h00 paid"), "{}", report.body);
    no_errors(&running);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_reminder_for_a_room_the_bot_cannot_post_in_is_refused_and_a_room_is_known_by_its_alias_or_as_here() {
    let (hs, mut alice, _bob, bot_id, room) = setup(false).await;
    // The collective's room has an alias; a second room's power levels forbid the bot
    // to post (only alice may speak there).
    let alias = matrix_sdk::ruma::OwnedRoomAliasId::try_from(format!("#coop:{}", hs.server_name)).expect("alias");
    alice.client.create_room_alias(&alias, &room).await.expect("alias");
    let muted = alice.create_room(false, &[&bot_id]).await;
    alice
        .client
        .get_room(&muted)
        .expect("muted room")
        .send_state_event_raw(
            "m.room.power_levels",
            "",
            // The room's creator keeps every right (room version 12): not listed.
            serde_json::json!({"users_default": 0, "events_default": 50, "state_default": 50, "invite": 50, "kick": 50, "ban": 50, "redact": 50}),
        )
        .await
        .expect("power levels");
    let muted_alias =
        matrix_sdk::ruma::OwnedRoomAliasId::try_from(format!("#muted:{}", hs.server_name)).expect("alias");
    alice
        .client
        .create_room_alias(&muted_alias, &muted)
        .await
        .expect("alias");
    let cfg = config(&hs, &room, "").replace(
        &format!("rooms = [\"{room}\"]"),
        &format!("rooms = [\"{alias}\", \"{muted_alias}\"]"),
    );
    let (_bot, running) = start_joined(&alice, &bot_id, &muted, &cfg).await;
    assert!(alice.wait_membership(&room, &bot_id, MembershipState::Join).await);

    alice.say(&room, "!remind #muted in 1m tea time").await;
    let refused = alice
        .expect(&bot_id, |m| m.body.contains("its settings do not let me"))
        .await;
    assert!(
        refused.body.contains(&format!("I can post in: {alias}.")),
        "{}",
        refused.body
    );
    // `#coop` is the room `#coop:server`; `#here` the room the command is said in.
    alice.say(&room, "!remind #coop in 1h stand up").await;
    let set = alice.expect(&bot_id, |m| m.body.starts_with("Reminder #1 for")).await;
    assert!(set.body.contains(alias.as_str()), "{}", set.body);
    alice.say(&room, "!remind #here in 1m stretch").await;
    let here = alice.expect(&bot_id, |m| m.body.starts_with("Reminder #2 for")).await;
    assert!(here.body.contains(alias.as_str()), "{}", here.body);
    // The room's settings change before it is due: alice is told, privately, not lost.
    alice
        .client
        .get_room(&room)
        .expect("room")
        .send_state_event_raw(
            "m.room.power_levels",
            "",
            serde_json::json!({"users_default": 0, "events_default": 50, "state_default": 50,
                "invite": 50, "kick": 50, "ban": 50, "redact": 50}),
        )
        .await
        .expect("power levels");
    let told = alice
        .expect_within(Duration::from_secs(150), &bot_id, |m| {
            m.body.contains("Your reminder could not be posted in #coop")
        })
        .await;
    assert!(told.body.ends_with("It said: stretch"), "{}", told.body);
    assert_ne!(told.room, room);
    no_errors(&running);
}
