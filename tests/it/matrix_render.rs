//! How konbit's announcements look in a Matrix client, against a real Synapse: members
//! named in them are pills (and notified through `m.mentions`), and what members wrote
//! (a proposal, a veto's reason) is isolated in `<bdi>`, so right-to-left text keeps to
//! itself and never reorders the bot's sentence around it.

use crate::matrix::{config, no_errors, setup, start_joined};
use crate::support::synapse::Received;

/// Asserts that the formatted body of `m` shows `want`.
fn shows(m: &Received, want: &str) {
    let html = m.html.as_deref().unwrap_or_else(|| panic!("no HTML in {m:?}"));
    assert!(html.contains(want), "{want}\nnot in\n{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse: run with -- --include-ignored (scripts/test does)"]
async fn a_veto_in_arabic_on_a_hebrew_proposal_stays_in_its_own_direction_and_the_vetoer_is_a_pill() {
    let (hs, mut alice, mut bob, bot_id, room) = setup(false).await;
    let (_bot, running) = start_joined(&alice, &bot_id, &room, &config(&hs, &room, "")).await;
    let pill = |id: &matrix_sdk::ruma::UserId, name: &str| format!("<a href=\"https://matrix.to/#/{id}\">{name}</a>");

    alice.say(&room, "!propose קומקום חדש למשרד").await;
    let announced = bob
        .expect(&bot_id, |m| m.room == room && m.body.contains("Proposal #1 by alice"))
        .await;
    assert!(
        announced.body.starts_with("Proposal #1 by alice: קומקום חדש למשרד"),
        "{}",
        announced.body
    );
    shows(
        &announced,
        &format!(
            "Proposal #1 by {}: <bdi>קומקום חדש למשרד</bdi>",
            pill(&alice.id, "alice")
        ),
    );

    bob.say(&room, "!veto 1 غالي جدا").await;
    let vetoed = alice
        .expect(&bot_id, |m| {
            m.room == room && m.body.contains("Proposal #1 is deferred")
        })
        .await;
    // The plain body reads as it always did.
    assert!(vetoed.body.contains("bob vetoed it (غالي جدا)."), "{}", vetoed.body);
    shows(
        &vetoed,
        &format!("{} vetoed it (<bdi>غالي جدا</bdi>).", pill(&bob.id, "bob")),
    );
    assert!(vetoed.mentions.contains(&bob.id), "{:?}", vetoed.mentions);
    // The proposer hears it privately, the same way.
    let private = alice
        .expect(&bot_id, |m| {
            m.room != room && m.body.contains("vetoed your proposal #1")
        })
        .await;
    shows(
        &private,
        &format!("{} vetoed your proposal #1 (<bdi>غالي جدا</bdi>)", pill(&bob.id, "bob")),
    );
    no_errors(&running);
}
