//! Proposals by e-mail end to end: `konbit run` on a real IRC network (InspIRCd + Atheme)
//! with a real mail network (Dovecot for IMAP and LMTP, our aiosmtpd server for SMTP).
//! Members read proposals in their mailbox, in their language, and veto by replying; a
//! reply acts only for the member it was sent to, once, at the time it was sent. The
//! collective and its helpers are in `support/mailbot.rs`; `mail_replies.rs` has more.

use crate::support;

use std::time::Duration;

use support::ircbot::{member, wait_for_bot};
use support::mailbot::{KEY, body, dated, header, no_errors, reply, reply_with_text, set_deadline, setup};

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_proposal_reaches_every_member_with_an_address_in_their_language_threaded() {
    let s = setup();
    let running = s.start();
    let mut alice = member(&s.net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!propose buy a kettle for the office");
    alice.expect_from("konbit", |t| t.contains("Proposal #1 by alice"));

    let bob = s.wait_sent_to("bob@test", 1).remove(0);
    let carol = s.wait_sent_to("carol@test", 1).remove(0);
    assert_eq!(bob.auth_login.as_deref(), Some("konbit"), "konbit authenticated");
    assert_eq!(
        header(&bob.raw, "Subject"),
        "Proposition #1 : buy a kettle for the office"
    );
    assert_eq!(header(&bob.raw, "Content-Language"), "fr");
    assert!(
        body(&bob.raw).contains("Pour y mettre ton veto, réponds à ce courriel"),
        "{}",
        bob.text()
    );
    assert_eq!(
        header(&carol.raw, "Subject"),
        "Proposal #1: buy a kettle for the office"
    );
    assert!(
        body(&carol.raw).contains("To veto it, reply to this e-mail"),
        "{}",
        carol.text()
    );
    for m in [&bob, &carol] {
        assert_eq!(header(&m.raw, "Auto-Submitted"), "auto-generated");
        assert!(header(&m.raw, "References").starts_with("<proposal-1."), "{}", m.text());
        assert!(m.text().contains("text/html"), "an HTML part too");
    }
    // Each copy has its own reply address, the proposer's too: hers says how to withdraw it.
    let own = s.wait_sent_to("alice@test", 1).remove(0);
    assert!(
        body(&own.raw).contains("It is your proposal. To withdraw it, reply to this e-mail with: withdraw"),
        "{}",
        own.text()
    );
    let reply_tos = [&bob, &carol, &own].map(|m| header(&m.raw, "Reply-To"));
    assert!(reply_tos.iter().all(|r| r.contains("konbit+p1-")), "{reply_tos:?}");
    assert!(
        reply_tos[0] != reply_tos[1] && reply_tos[1] != reply_tos[2] && reply_tos[0] != reply_tos[2],
        "{reply_tos:?}"
    );
    // It is in bob's mailbox.
    let inbox = s.mail.wait_mailbox("bob", 1, Duration::from_secs(30));
    assert!(String::from_utf8_lossy(&inbox[0]).contains("buy a kettle"));
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn bob_vetoes_by_replying_and_the_room_hears_it() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    let (address, raw) = reply(&bobs, "bob@test", "veto-1@test", "veto too expensive", "");
    s.mail.deliver(&address, &raw);
    let said = alice.expect_from("konbit", |t| t.contains("Proposal #1 is deferred"));
    assert!(
        said.contains("bob vetoed it (too expensive)") && said.contains("(by e-mail)"),
        "{said}"
    );
    // Bob is answered by mail, in French, in the proposal's thread.
    let answers = s.wait_sent_to("bob@test", 2);
    let answer = &answers[1];
    assert!(body(&answer.raw).contains("reportée"), "{}", answer.text());
    assert_eq!(header(&answer.raw, "References"), header(&bobs.raw, "References"));
    // The record says so.
    alice.say("#office", "!proposal 1");
    let detail = alice.expect_from("konbit", |t| t.contains("Status:") || t.contains("Veto by"));
    let mut seen = vec![detail];
    seen.push(alice.expect_from("konbit", |t| t.contains("Veto by bob")));
    assert!(seen.iter().any(|l| l.contains("too expensive")), "{seen:?}");
    // The reply was marked handled on the server.
    assert!(
        running.wait_log("a reply by e-mail", 1, Duration::from_secs(5)),
        "{}",
        running.log()
    );
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_right_to_left_proposal_and_veto_reason_keep_to_themselves_in_the_mails_html() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("קומקום חדש למשרד");
    let html = |raw: &[u8]| {
        let parsed = mail_parser::MessageParser::default().parse(raw).expect("a mail");
        parsed.body_html(0).map(|b| b.into_owned()).unwrap_or_default()
    };
    // Bob reads French: the title is isolated from the sentence around it.
    assert!(
        html(&bobs.raw).contains("alice : <bdi>קומקום חדש למשרד</bdi>"),
        "{}",
        bobs.text()
    );
    let (address, raw) = reply(&bobs, "bob@test", "veto-rtl@test", "veto غالي جدا", "");
    s.mail.deliver(&address, &raw);
    alice.expect_from("konbit", |t| t.contains("Proposal #1 is deferred"));
    // Carol gets the veto in English, the reason isolated too.
    let carols = s.wait_sent_to("carol@test", 2);
    assert!(
        html(&carols[1].raw).contains("bob vetoed it (<bdi>غالي جدا</bdi>)"),
        "{}",
        carols[1].text()
    );
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_reply_with_bobs_token_from_another_address_is_refused_and_records_nothing() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    // Dave got hold of bob's copy (a forward, a shared screen) and replies from his address.
    let (address, raw) = reply(&bobs, "dave@test", "forged-1@test", "veto I do not like it", "");
    s.mail.deliver(&address, &raw);
    assert!(
        running.wait_log("a reply was refused", 1, Duration::from_secs(30)),
        "{}",
        running.log()
    );
    alice.say("#office", "!proposal 1");
    let status = alice.expect_from("konbit", |t| t.contains("Status:"));
    assert!(status.contains("open"), "{status}");
    assert!(!alice.seen.iter().any(|l| l.contains("deferred")), "{:#?}", alice.seen);
    // Nothing was sent to dave, and bob got no answer he did not ask for.
    assert!(s.sent_to("dave@test").is_empty());
    assert_eq!(s.sent_to("bob@test").len(), 1);
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_vacation_auto_reply_is_ignored_and_a_reply_fetched_twice_counts_once() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    let (address, vacation) = reply(
        &bobs,
        "bob@test",
        "away-1@test",
        "veto: I am on holiday until Monday",
        "Auto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n",
    );
    s.mail.deliver(&address, &vacation);
    assert!(
        running.wait_log("an automatic message", 1, Duration::from_secs(30)),
        "{}",
        running.log()
    );
    // The same reply, delivered twice (two copies, one Message-ID).
    let (_, genuine) = reply(&bobs, "bob@test", "veto-2@test", "veto too expensive", "");
    s.mail.deliver(&address, &genuine);
    s.mail.deliver(&address, &genuine);
    alice.expect_from("konbit", |t| t.contains("Proposal #1 is deferred"));
    assert!(
        running.wait_log("counts once", 1, Duration::from_secs(30)),
        "{}",
        running.log()
    );
    alice.say("#office", "!proposals");
    alice.expect_from("konbit", |t| t.contains("#1 alice"));
    let vetoes = alice.seen.iter().filter(|l| l.contains("vetoed it")).count();
    assert_eq!(vetoes, 1, "{:#?}", alice.seen);
    assert!(!alice.seen.iter().any(|l| l.contains("holiday")), "{:#?}", alice.seen);
    // One answer to bob for his one veto, none for the auto-reply.
    assert_eq!(s.wait_sent_to("bob@test", 2).len(), 2);
    // The outbox sends oldest first: once a later proposal's mail reached bob, any
    // answer to the auto-reply or to the second copy would have gone before it.
    alice.say("#office", "!propose a marker after the replies");
    let sent = s.wait_sent_to("bob@test", 3);
    assert_eq!(sent.len(), 3, "{sent:#?}");
    assert!(
        sent[2].text().contains("a marker after the replies"),
        "{}",
        sent[2].text()
    );
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_veto_relayed_by_a_mailing_list_does_nothing_and_nobody_is_answered() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    let carols = s.wait_sent_to("carol@test", 1).remove(0);
    // Bob's genuine reply, as a list relays it: his token, his From, a list's headers.
    let relayed = [
        ("list-1@test", "List-Id: Office talk <office.test>\r\n"),
        ("list-2@test", "List-Unsubscribe: <mailto:office-leave@test>\r\n"),
        ("list-3@test", "Precedence: list\r\n"),
        ("list-4@test", "Precedence: bulk\r\n"),
        ("list-5@test", "Auto-Submitted: auto-generated\r\n"),
    ];
    for (id, headers) in relayed {
        let (address, raw) = reply(&bobs, "bob@test", id, "veto too expensive", headers);
        s.mail.deliver(&address, &raw);
    }
    // Then carol's reply that konbit answers: once she has her answer, the relayed ones
    // (delivered before, handled oldest first) were read.
    let (address, raw) = reply(&carols, "carol@test", "carol-1@test", "Thanks, looks good", "");
    s.mail.deliver(&address, &raw);
    let to_carol = s.wait_sent_to("carol@test", 2);
    let usage = body(&to_carol[1].raw);
    assert!(
        usage.contains("did not understand") && usage.contains("read: Thanks, looks good"),
        "it quotes the line it read: {usage}"
    );
    assert!(
        running.wait_log("an automatic message", relayed.len(), Duration::from_secs(5)),
        "{}",
        running.log()
    );
    alice.say("#office", "!proposal 1");
    let status = alice.expect_from("konbit", |t| t.contains("Status:"));
    assert!(status.contains("open"), "{status}");
    assert!(!alice.seen.iter().any(|l| l.contains("vetoed")), "{:#?}", alice.seen);
    // Bob has his proposal's mail and nothing more; nobody else was written to (the
    // proposal's three copies, carol's answer).
    assert_eq!(s.sent_to("bob@test").len(), 1, "{:#?}", s.sent_to("bob@test"));
    assert_eq!(s.mail.sent().len(), 4, "{:#?}", s.mail.sent());
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn mail_asked_in_the_room_answers_privately_and_the_room_never_sees_an_address() {
    let s = setup();
    let running = s.start();
    let mut alice = member(&s.net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!mail digest");
    alice.expect_from("konbit", |t| t.contains("alice@test"));
    alice.say("#office", "!mail");
    alice.expect_from("konbit", |t| t.contains("alice@test"));
    let to_room: Vec<&String> = alice.seen.iter().filter(|l| l.contains(" PRIVMSG #office ")).collect();
    assert!(
        to_room.iter().filter(|l| l.contains("answered you privately")).count() == 2,
        "{to_room:#?}"
    );
    assert!(!to_room.iter().any(|l| l.contains("@test")), "{to_room:#?}");
    let private: Vec<&String> = alice.seen.iter().filter(|l| l.contains(" PRIVMSG alice ")).collect();
    assert!(
        private
            .iter()
            .any(|l| l.contains("Done: you get the digest") && l.contains("alice@test")),
        "{private:#?}"
    );
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_veto_written_under_the_quoted_proposal_is_read() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    // Bob bottom-posts, as his client quotes: a wrapped attribution, the whole proposal
    // quoted, then his line and his signature.
    let quoted: String = body(&bobs.raw).lines().map(|l| format!("> {l}\r\n")).collect();
    let text = format!(
        "Le sam. 5 déc. 2026 à 21:29, konbit <konbit@test>\r\na écrit :\r\n\r\n{quoted}\r\n\
         veto trop cher\r\n\r\n-- \r\nBob, coop tech\r\n"
    );
    let (address, raw) = reply_with_text(&bobs, "bob@test", "bottom-1@test", &text, "");
    s.mail.deliver(&address, &raw);
    let said = alice.expect_from("konbit", |t| t.contains("Proposal #1 is deferred"));
    assert!(said.contains("bob vetoed it (trop cher)"), "{said}");
    let answers = s.wait_sent_to("bob@test", 2);
    assert!(!body(&answers[1].raw).contains("pas compris"), "{}", answers[1].text());
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn replies_as_people_write_them_are_understood_and_a_wrong_number_or_no_reason_does_nothing() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    let carols = s.wait_sent_to("carol@test", 1).remove(0);
    let alices = s.wait_sent_to("alice@test", 1).remove(0);
    let (address, raw) = reply(&carols, "carol@test", "carol-1@test", "veto", "");
    s.mail.deliver(&address, &raw);
    // (From alice, on her own copy: one usage mail an hour per address and proposal.)
    let (address, raw) = reply(&alices, "alice@test", "alice-1@test", "veto 5 wrong number", "");
    s.mail.deliver(&address, &raw);
    let (address, raw) = reply(&bobs, "bob@test", "bob-1@test", "Veto, too expensive", "");
    s.mail.deliver(&address, &raw);
    // Bob's veto, with a comma after the word, counts with its reason; carol's did nothing.
    let said = alice.expect_from("konbit", |t| t.contains("Proposal #1 is deferred"));
    assert!(said.contains("bob vetoed it (too expensive)"), "{said}");
    assert!(!said.contains("carol"), "{said}");
    // Carol is answered in mail words: her proposal's thread, then bob's veto.
    let to_carol = s.wait_sent_to("carol@test", 3);
    let no_reason = body(&to_carol[1].raw);
    assert!(
        no_reason.contains("reply to this e-mail with veto followed by your reason") && !no_reason.contains("Usage:"),
        "{no_reason}"
    );
    assert!(
        body(&to_carol[2].raw).contains("bob vetoed it"),
        "{}",
        to_carol[2].text()
    );
    // Alice's reply named another proposal: she is told, and nothing was done.
    let to_alice = s.wait_sent_to("alice@test", 2);
    let other = body(&to_alice[1].raw);
    assert!(
        other.contains("about proposal #1, and your reply names #5: nothing was done"),
        "{other}"
    );
    alice.say("#office", "!proposal 1");
    alice.expect_from("konbit", |t| t.contains("Veto by bob"));
    assert!(
        !alice.seen.iter().any(|l| l.contains("Veto by carol")),
        "{:#?}",
        alice.seen
    );
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_veto_with_an_attachment_too_large_to_read_is_answered_not_dropped() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("repaint the office");
    let line = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n";
    let text = format!("veto too expensive\r\n\r\n{}", line.repeat(180_000));
    let (address, raw) = reply_with_text(&bobs, "bob@test", "huge-1@test", &text, "");
    s.mail.deliver(&address, &raw);
    let answers = s.wait_sent_to("bob@test", 2);
    let answer = body(&answers[1].raw);
    assert!(
        answer.contains("trop grande") && answer.contains("sans pièce jointe"),
        "{answer}"
    );
    assert_eq!(header(&answers[1].raw, "References"), header(&bobs.raw, "References"));
    alice.say("#office", "!proposal 1");
    let status = alice.expect_from("konbit", |t| t.contains("Status:"));
    assert!(status.contains("open"), "{status}");
    assert!(!alice.seen.iter().any(|l| l.contains("vetoed")), "{:#?}", alice.seen);
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_veto_mailed_before_the_deadline_while_konbit_was_down_defers_after_restart() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("paint the door");
    running.terminate();
    drop(running);

    // While konbit is down: the deadline comes close, bob replies in time, the deadline passes.
    let deadline = chrono::Utc::now() + chrono::Duration::seconds(4);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(set_deadline(&s.bot.dir().join("konbit.db"), 1, deadline));
    let (address, raw) = reply(&bobs, "bob@test", "late-1@test", "veto not that colour", "");
    s.mail.deliver(&address, &raw);
    while chrono::Utc::now() < deadline + chrono::Duration::seconds(2) {
        std::thread::sleep(Duration::from_millis(200));
    }
    let running = s.start();
    let said = alice.expect_from("konbit", |t| {
        t.contains("Proposal #1 is deferred") || t.contains("Adopted")
    });
    assert!(said.contains("deferred") && said.contains("bob vetoed it"), "{said}");
    // The proposal's state, read after the deferral: deferred for good, nothing due.
    alice.say("#office", "!proposal 1");
    let status = alice.expect_from("konbit", |t| t.contains("Status:"));
    assert!(status.contains("Status: deferred"), "{status}");
    assert!(
        !alice.seen.iter().any(|l| l.contains("Adopted")),
        "adopted despite the veto: {:#?}",
        alice.seen
    );
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_veto_dated_before_the_deadline_counts_only_if_received_within_the_transit_allowance() {
    let s = setup();
    let running = s.start();
    let mut alice = member(&s.net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!propose paint the door");
    alice.say("#office", "!propose buy a ladder");
    let bobs = s.wait_sent_to("bob@test", 2);
    let of = |id: &str| {
        bobs.iter()
            .find(|m| header(&m.raw, "Subject").contains(id))
            .expect("bob's copy")
            .clone()
    };
    let (door, ladder) = (of("#1 "), of("#2 "));
    running.terminate();
    drop(running);

    // While konbit is down both deadlines pass. Bob's veto of #1 says it was written a
    // minute before its deadline, but the server receives it two minutes after (more than
    // the configured minute of transit): too late. His veto of #2 was written ten seconds
    // before its deadline and received thirty seconds after it was written: it counts.
    let now = chrono::Utc::now();
    let (deadline1, deadline2) = (now - chrono::Duration::minutes(2), now - chrono::Duration::seconds(20));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(set_deadline(&s.bot.dir().join("konbit.db"), 1, deadline1));
    runtime.block_on(set_deadline(&s.bot.dir().join("konbit.db"), 2, deadline2));
    let (address, raw) = reply(&door, "bob@test", "forged-date@test", "veto trop cher", "");
    s.mail
        .deliver(&address, &dated(&raw, deadline1 - chrono::Duration::minutes(1)));
    let (address, raw) = reply(&ladder, "bob@test", "in-transit@test", "veto trop haut", "");
    s.mail
        .deliver(&address, &dated(&raw, deadline2 - chrono::Duration::seconds(10)));

    let running = s.start();
    // #1 is adopted (resolved as time catches up with its deadline, before bob's late
    // reply counts), #2 deferred.
    alice.expect_from("konbit", |t| {
        t.contains("proposal #1 by alice") && t.contains("Adopted")
    });
    let deferred = alice.expect_from("konbit", |t| t.contains("Proposal #2 is deferred"));
    assert!(deferred.contains("bob vetoed it (trop haut)"), "{deferred}");
    assert!(!alice.seen.iter().any(|l| l.contains("trop cher")), "{:#?}", alice.seen);
    // Bob is told, by mail, that his veto of #1 came too late: #1 was adopted at its
    // deadline.
    let to_bob = s.wait_sent_to("bob@test", 4);
    assert!(
        to_bob
            .iter()
            .any(|m| body(&m.raw).contains("La proposition #1 est déjà adoptée")),
        "{to_bob:#?}"
    );
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn a_veto_sent_before_the_deadline_counts_even_when_a_later_reply_reached_the_mailbox_first() {
    let s = setup();
    let (running, mut alice, bobs) = s.proposed("paint the door");
    let carols = s.wait_sent_to("carol@test", 1).remove(0);
    running.terminate();
    drop(running);

    // While konbit is down the deadline passes. Carol's reply, written after it, reaches
    // the mailbox first (handled first, it would have the deadline resolved before bob's
    // veto is read); bob's veto, written before it and delayed in transit (within the
    // configured minute), second.
    let now = chrono::Utc::now();
    let deadline = now - chrono::Duration::seconds(20);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(set_deadline(&s.bot.dir().join("konbit.db"), 1, deadline));
    let (address, raw) = reply(&carols, "carol@test", "carol-late@test", "unveto", "");
    s.mail.deliver(&address, &dated(&raw, now));
    let (address, raw) = reply(&bobs, "bob@test", "bob-in-time@test", "veto trop cher", "");
    s.mail
        .deliver(&address, &dated(&raw, deadline - chrono::Duration::seconds(10)));

    let running = s.start();
    let said = alice.expect_from("konbit", |t| {
        t.contains("Proposal #1 is deferred") || t.contains("Adopted")
    });
    assert!(
        said.contains("deferred") && said.contains("bob vetoed it (trop cher)"),
        "{said}"
    );
    // Carol's reply was handled too, in its turn: she is answered (and told of bob's veto).
    s.wait_sent_to("carol@test", 3);
    alice.say("#office", "!proposal 1");
    alice.expect_from("konbit", |t| t.contains("Status:"));
    assert!(!alice.seen.iter().any(|l| l.contains("Adopted")), "{:#?}", alice.seen);
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn with_the_smtp_server_down_the_chat_goes_on_and_the_mail_goes_out_once_it_is_back() {
    let mut s = setup();
    s.mail.stop_smtp();
    let running = s.start();
    let mut alice = member(&s.net, "alice");
    wait_for_bot(&mut alice);
    alice.say("#office", "!propose buy a kettle");
    alice.expect_from("konbit", |t| t.contains("Proposal #1 by alice"));
    // The chat answers at once, mail or no mail.
    alice.say("#office", "!proposals");
    alice.expect_from("konbit", |t| t.contains("#1 alice"));
    assert!(
        running.wait_log("cannot take mail now", 1, Duration::from_secs(30)),
        "{}",
        running.log()
    );
    s.mail.start_smtp();
    let bob = s.wait_sent_to("bob@test", 1);
    s.wait_sent_to("carol@test", 1);
    // Sent once each, after the server came back: the outbox sends oldest first, so a
    // second copy would reach them before the next proposal's mail.
    alice.say("#office", "!propose a marker after the outage");
    for address in ["bob@test", "carol@test"] {
        let sent = s.wait_sent_to(address, 2);
        assert_eq!(sent.len(), 2, "{bob:#?}\n{sent:#?}");
        assert!(
            sent[1].text().contains("a marker after the outage"),
            "{}",
            sent[1].text()
        );
    }
    no_errors(&running);
}

#[test]
#[ignore = "needs InspIRCd, Atheme, Dovecot and aiosmtpd: run with -- --include-ignored (scripts/test does)"]
fn check_config_connect_says_what_works_by_mail_without_sending_anything() {
    let s = setup();
    let password = s.mail.password("konbit");
    let envs = |mail_password: &str| {
        vec![
            ("KONBIT_TEST_IRC_PASSWORD".to_owned(), "konbit-pw".to_owned()),
            ("KONBIT_TEST_MAIL_KEY".to_owned(), KEY.to_owned()),
            ("KONBIT_TEST_MAIL_PASSWORD".to_owned(), mail_password.to_owned()),
        ]
    };
    let run = |envs: Vec<(String, String)>| {
        let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        s.bot.run_with_env(&["check-config", "--connect"], &envs)
    };
    let good = run(envs(&password));
    assert_eq!(good.code, Some(0), "{}\n{}", good.stdout, good.stderr);
    assert!(good.stdout.contains("✓ SMTP 127.0.0.1:"), "{}", good.stdout);
    assert!(
        good.stdout.contains("accepted the login konbit. No mail was sent."),
        "{}",
        good.stdout
    );
    assert!(good.stdout.contains("✓ IMAP 127.0.0.1:"), "{}", good.stdout);
    assert!(good.stdout.contains("✓ Mail: the key"), "{}", good.stdout);
    let bad = run(envs("not-the-password"));
    assert_eq!(bad.code, Some(1), "{}\n{}", bad.stdout, bad.stderr);
    let said = format!("{}{}", bad.stdout, bad.stderr);
    assert!(said.contains("✗ IMAP") && said.contains("✗ SMTP"), "{said}");
    assert!(!said.contains("not-the-password"), "a secret printed: {said}");
    assert!(s.mail.sent().is_empty(), "nothing is sent");
}
