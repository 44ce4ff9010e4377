//! Where a message goes is decided once, by the core, as a typed address: a member on
//! both IRC and Matrix who asks on IRC is answered on IRC, and an answer that must wait
//! for them there keeps waiting there — it never turns up in their Matrix room rendered
//! for IRC (real InspIRCd + Atheme and Synapse).

use crate::matrix::{no_errors, on_irc_and_matrix};
use crate::support::ircnet::Client;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Synapse, InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
async fn an_irc_answer_that_waits_for_its_member_is_delivered_on_irc_never_on_matrix_with_irc_bytes() {
    let (net, _hs, mut alice, bot_id, room, _bot, running) = on_irc_and_matrix(false).await;
    let port = net.port;
    // alice asks privately on IRC, with bold in the answer, and is gone before it can
    // reach her: it must wait for her on IRC.
    tokio::task::spawn_blocking(move || {
        let mut c = Client::connect(port, "alice", Some(("alice", "alice-pw")));
        c.join("#office");
        c.wait_until_answered_by("konbit");
        // Asked and gone in one write: the server takes her QUIT before any answer can
        // come back from the bot (the first answers are not held back by the pacing).
        c.send("PRIVMSG konbit :!help\r\nQUIT :gone");
        c.quit("gone");
    })
    .await
    .expect("IRC side");
    // Back on IRC (her account seen again): the answer is there.
    let answer = tokio::task::spawn_blocking(move || {
        let mut c = Client::connect(port, "alice", Some(("alice", "alice-pw")));
        c.join("#office");
        let help = c.expect_from("konbit", |t| t.contains("!propose"));
        c.quit("done");
        help
    })
    .await
    .expect("IRC answer");
    assert!(answer.contains("!veto"), "{answer}");
    // On Matrix, the bot has moved past it (a later command is answered) and never sent
    // her the IRC answer, in IRC's form or any other.
    alice.say(&room, "!projects").await;
    alice
        .expect(&bot_id, |m| m.room == room && m.body.contains("webdev"))
        .await;
    let seen = alice.received_after(std::time::Duration::ZERO).await;
    let from_bot: Vec<_> = seen.iter().filter(|m| m.sender == bot_id).collect();
    assert!(
        from_bot.iter().all(|m| !m.body.contains('\u{2}')),
        "IRC's bold bytes reached Matrix: {from_bot:#?}"
    );
    assert!(
        from_bot.iter().all(|m| m.room == room),
        "an IRC answer went to alice's Matrix direct room: {from_bot:#?}\n{}",
        running.log()
    );
    no_errors(&running);
}
