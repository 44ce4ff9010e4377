//! Replies by e-mail, end to end on the real servers (`support/mailbot.rs`): what konbit
//! answers and how often. Usage mails (answers to replies it did not act on) go at most
//! once an hour to an address about a proposal, across restarts, so that an
//! auto-responder cannot start a loop; a veto by mail is confirmed with how to lift it by
//! mail; the proposer's own copy is how she withdraws by mail.

use crate::support;

use std::time::Duration;

use support::mailbot::{body, header, no_errors, reply, setup};

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn five_replies_konbit_does_not_understand_get_one_answer_and_a_restart_does_not_reset_it() {
    let s = setup();
    let (running, mut alice, _) = s.proposed("repaint the office");
    let carols = s.wait_sent_to("carol@test", 1).remove(0);
    // An auto-responder that ignores Auto-Submitted, answering each mail it gets.
    for n in 1..=5 {
        let (address, raw) = reply(
            &carols,
            "carol@test",
            &format!("robot-{n}@test"),
            &format!("Thank you for your message ({n}); we will answer shortly."),
            "",
        );
        s.mail.deliver(&address, &raw);
    }
    // Then carol herself, with a command: commands are always answered.
    let (address, raw) = reply(&carols, "carol@test", "carol-veto@test", "veto too expensive", "");
    s.mail.deliver(&address, &raw);
    alice.expect_from("konbit", |t| t.contains("carole vetoed it (too expensive)"));
    // The outbox sends oldest first: once the veto's answer reached carol, any usage mail
    // to the five replies before it was sent already.
    let sent = s.wait_sent_to("carol@test", 3);
    assert!(body(&sent[2].raw).contains("carole vetoed it"), "{}", sent[2].text());
    assert_eq!(sent.len(), 3, "{sent:#?}");
    let usage = body(&sent[1].raw);
    assert!(
        usage.contains("did not understand") && usage.contains("Thank you for your message (1)"),
        "{usage}"
    );
    assert!(
        running.wait_log("is not answered", 4, Duration::from_secs(5)),
        "{}",
        running.log()
    );

    // After a restart, the hour still runs: the next non-command gets nothing either.
    running.terminate();
    drop(running);
    let running = s.start();
    let (address, raw) = reply(
        &carols,
        "carol@test",
        "robot-6@test",
        "Thank you for your message (6).",
        "",
    );
    s.mail.deliver(&address, &raw);
    assert!(
        running.wait_log("is not answered", 1, Duration::from_secs(60)),
        "{}",
        running.log()
    );
    let (address, raw) = reply(&carols, "carol@test", "carol-unveto@test", "unveto", "");
    s.mail.deliver(&address, &raw);
    alice.expect_from("konbit", |t| t.contains("carole lifted their veto on proposal #1"));
    let sent = s.wait_sent_to("carol@test", 4);
    assert!(
        body(&sent[3].raw).contains("carole lifted their veto"),
        "{}",
        sent[3].text()
    );
    assert_eq!(sent.len(), 4, "{sent:#?}");
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_veto_by_mail_is_confirmed_with_how_to_lift_it_by_mail_and_lifting_it_by_reply_works() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    let (address, raw) = reply(&bobs, "bob@test", "bob-veto@test", "veto trop cher", "");
    s.mail.deliver(&address, &raw);
    alice.expect_from("konbit", |t| t.contains("bob vetoed it (trop cher)"));
    let answer = s.wait_sent_to("bob@test", 2).remove(1);
    let text = body(&answer.raw);
    assert!(
        text.contains("reportée") && text.contains("Pour le lever, réponds à ce courriel avec : lever-veto"),
        "{text}"
    );
    // Bob replies to that confirmation, as it says.
    let (address, raw) = reply(&answer, "bob@test", "bob-unveto@test", "lever-veto", "");
    assert_eq!(address, header(&bobs.raw, "Reply-To").trim_matches(['<', '>']));
    s.mail.deliver(&address, &raw);
    let said = alice.expect_from("konbit", |t| t.contains("bob lifted their veto on proposal #1"));
    assert!(
        said.contains("it is open again") && said.contains("(by e-mail)"),
        "{said}"
    );
    let lifted = s.wait_sent_to("bob@test", 3).remove(2);
    assert!(body(&lifted.raw).contains("a levé son veto"), "{}", lifted.text());
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn the_proposer_withdraws_her_proposal_by_replying_to_her_own_copy() {
    let s = setup();
    let (running, mut alice, _) = s.proposed("repaint the office");
    let own = s.wait_sent_to("alice@test", 1).remove(0);
    assert!(
        body(&own.raw).contains("It is your proposal. To withdraw it, reply to this e-mail with: withdraw"),
        "{}",
        own.text()
    );
    let (address, raw) = reply(&own, "alice@test", "alice-withdraw@test", "withdraw", "");
    s.mail.deliver(&address, &raw);
    let said = alice.expect_from("konbit", |t| t.contains("Proposal #1 was withdrawn by alice"));
    assert!(said.contains("(by e-mail)"), "{said}");
    // She is answered in her thread; the others learn of it by mail.
    let answer = s.wait_sent_to("alice@test", 2).remove(1);
    assert!(body(&answer.raw).contains("withdrawn by alice"), "{}", answer.text());
    assert_eq!(header(&answer.raw, "References"), header(&own.raw, "References"));
    let to_bob = s.wait_sent_to("bob@test", 2).remove(1);
    assert!(body(&to_bob.raw).contains("retirée par alice"), "{}", to_bob.text());
    alice.say("#office", "!proposal 1");
    let status = alice.expect_from("konbit", |t| t.contains("Status:"));
    assert!(status.contains("withdrawn"), "{status}");
    no_errors(&running);
}
