//! The mail transport's I/O against real servers (tests/it/support/mailnet.rs: Dovecot for
//! the mailboxes, an aiosmtpd server taking what konbit sends): what konbit sends arrives
//! whole, a server that is down is a failure worth retrying, and every reply that lands in
//! konbit's mailbox is handed over once, also across restarts.

use crate::support;

use std::time::Duration;

use konbit::transport::mail::{
    Disposition, Fetched, ImapEndpoint, Security, SendError, Sender, SmtpEndpoint, probe_imap, probe_smtp, watch,
};
use support::mailnet::Mailnet;
use tokio::sync::{mpsc, oneshot, watch as watch_channel};

/// Generous: the tests wait for what must happen, they do not time it.
const PATIENCE: Duration = Duration::from_secs(60);

fn smtp(net: &Mailnet, user: &str, password: &str) -> SmtpEndpoint {
    SmtpEndpoint {
        host: "127.0.0.1".into(),
        port: net.smtp_port,
        security: Security::None,
        user: Some(user.into()),
        password: Some(password.into()),
    }
}

/// konbit's INBOX, looked at by poll only every ten minutes: within the tests' patience,
/// only IDLE can bring a new message.
fn imap(net: &Mailnet) -> ImapEndpoint {
    ImapEndpoint {
        host: "127.0.0.1".into(),
        port: net.imap_port,
        security: Security::None,
        user: "konbit".into(),
        password: net.password("konbit"),
        folder: "INBOX".into(),
        done_folder: None,
        poll: Duration::from_secs(600),
        transit_allowance: Duration::from_secs(15 * 60),
    }
}

/// A reply as a member's mail client would send it.
fn reply(from: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: konbit+tok3n@test\r\nSubject: {subject}\r\n\
         Message-ID: <{subject}.{from}>\r\nDate: Mon, 30 Nov 2026 23:00:00 +0000\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

fn subject(message: &Fetched) -> String {
    String::from_utf8_lossy(&message.raw)
        .lines()
        .find_map(|l| l.strip_prefix("Subject: ").map(str::to_owned))
        .unwrap_or_default()
}

/// `watch` running in the background; what it offers arrives on `offered`.
struct Watcher {
    offered: mpsc::UnboundedReceiver<Fetched>,
    caught_up: Option<oneshot::Receiver<()>>,
    shutdown: watch_channel::Sender<bool>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Watcher {
    /// Starts watching; `decide` says what becomes of each message offered.
    fn start(endpoint: ImapEndpoint, decide: impl Fn(&Fetched) -> Disposition + Send + 'static) -> Watcher {
        let (tx, offered) = mpsc::unbounded_channel();
        let (caught_tx, caught_up) = oneshot::channel();
        let (shutdown, shutdown_rx) = watch_channel::channel(false);
        let handler = move |message: Fetched| {
            let disposition = decide(&message);
            let _ = tx.send(message);
            async move { disposition }
        };
        let task = tokio::spawn(watch(endpoint, handler, Some(caught_tx), shutdown_rx));
        Watcher {
            offered,
            caught_up: Some(caught_up),
            shutdown,
            task,
        }
    }

    async fn caught_up(&mut self) {
        let rx = self.caught_up.take().expect("caught_up awaited once");
        tokio::time::timeout(PATIENCE, rx)
            .await
            .expect("caught up in time")
            .expect("caught_up fired");
    }

    async fn next(&mut self) -> Fetched {
        tokio::time::timeout(PATIENCE, self.offered.recv())
            .await
            .expect("a message offered in time")
            .expect("the watch is still running")
    }

    /// What was offered so far, without waiting.
    fn so_far(&mut self) -> Vec<Fetched> {
        std::iter::from_fn(|| self.offered.try_recv().ok()).collect()
    }

    async fn stop(self) {
        self.shutdown.send_replace(true);
        let result = tokio::time::timeout(PATIENCE, self.task)
            .await
            .expect("the watch stops when asked")
            .expect("the watch did not panic");
        result.expect("the watch ends without error");
    }
}

/// LF line ends, as the Maildir stores them.
fn lf(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes).replace("\r\n", "\n").into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn a_sent_message_reaches_bobs_mailbox_whole_with_its_headers() {
    let net = Mailnet::start();
    let sender = Sender::new(&smtp(&net, "konbit", &net.password("konbit"))).expect("sender");
    let raw = "From: konbit <konbit@test>\r\nTo: bob@test\r\nSubject: =?utf-8?q?Proposition_n=C2=B03?=\r\n\
        Message-ID: <p3.bob@konbit.test>\r\nIn-Reply-To: <p3@konbit.test>\r\nReferences: <p3@konbit.test>\r\n\
        Auto-Submitted: auto-generated\r\nReply-To: konbit+abc123@test\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n\
        --b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
        Proposition n=C2=B03 : un v=C3=A9lo.\r\n.a line that starts with a dot\r\n\
        --b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\
        PHA+UHJvcG9zaXRpb24gbsKwMzwvcD4=\r\n--b1--\r\n";
    sender
        .send("konbit@test", &["bob@test".to_owned()], raw.as_bytes())
        .await
        .expect("sent");
    let stored = net.wait_mailbox("bob", 1, PATIENCE).remove(0);
    let text = String::from_utf8_lossy(&stored).into_owned();
    for header in [
        "Message-ID: <p3.bob@konbit.test>",
        "In-Reply-To: <p3@konbit.test>",
        "Auto-Submitted: auto-generated",
    ] {
        assert!(text.contains(header), "{header} missing:\n{text}");
    }
    // Byte for byte under the headers the servers add on top (Return-Path, Received…).
    assert!(lf(&stored).ends_with(&lf(raw.as_bytes())), "altered:\n{text}");
    let sent = net.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].mail_from, "konbit@test");
    assert_eq!(sent[0].rcpt_tos, ["bob@test"]);
    assert_eq!(sent[0].auth_login.as_deref(), Some("konbit"), "logged in with AUTH");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn a_message_with_bare_line_feeds_and_a_lone_dot_line_arrives_whole() {
    let net = Mailnet::start();
    let sender = Sender::new(&smtp(&net, "konbit", &net.password("konbit"))).expect("sender");
    let raw = "From: konbit@test\nTo: bob@test\nSubject: dots\n\nbefore\n.\nafter the dot\n";
    sender
        .send("konbit@test", &["bob@test".to_owned()], raw.as_bytes())
        .await
        .expect("sent");
    let stored = net.wait_mailbox("bob", 1, PATIENCE).remove(0);
    assert!(
        stored.ends_with(b"\nbefore\n.\nafter the dot\n"),
        "{}",
        String::from_utf8_lossy(&stored)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn sending_while_the_smtp_server_is_down_is_temporary_and_works_once_it_is_back() {
    let mut net = Mailnet::start();
    let sender = Sender::new(&smtp(&net, "konbit", &net.password("konbit"))).expect("sender");
    let raw = reply("konbit@test", "down", "hello");
    net.stop_smtp();
    let bob = vec!["bob@test".to_owned()];
    match sender.send("konbit@test", &bob, &raw).await {
        Err(SendError::Transient(e)) => assert!(e.contains(&net.smtp_port.to_string()), "{e}"),
        other => panic!("expected a temporary failure, got {other:?}"),
    }
    assert!(net.sent().is_empty());
    net.start_smtp();
    sender.send("konbit@test", &bob, &raw).await.expect("sent once back");
    assert_eq!(net.wait_mailbox("bob", 1, PATIENCE).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn an_unknown_recipient_is_refused_for_good_and_a_wrong_password_is_not() {
    let net = Mailnet::start();
    let raw = reply("konbit@test", "who", "hello");
    let sender = Sender::new(&smtp(&net, "konbit", &net.password("konbit"))).expect("sender");
    match sender.send("konbit@test", &["zed@test".to_owned()], &raw).await {
        Err(SendError::Permanent(e)) => assert!(e.contains("550"), "{e}"),
        other => panic!("expected a permanent failure, got {other:?}"),
    }
    // A login refused says nothing against the message: retried once the operator fixes it.
    let wrong = Sender::new(&smtp(&net, "konbit", "not-the-password")).expect("sender");
    match wrong.send("konbit@test", &["bob@test".to_owned()], &raw).await {
        Err(SendError::Transient(e)) => assert!(e.contains("535"), "{e}"),
        other => panic!("expected a temporary failure, got {other:?}"),
    }
    assert!(net.sent().is_empty(), "nothing was accepted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn a_reply_delivered_while_watching_is_handed_over_at_once() {
    let net = Mailnet::start();
    let mut watcher = Watcher::start(imap(&net), |_| Disposition::Done);
    watcher.caught_up().await;
    assert!(watcher.so_far().is_empty());
    net.deliver("konbit+tok3n@test", &reply("bob@test", "veto", "veto too expensive"));
    let message = watcher.next().await;
    let text = String::from_utf8_lossy(&message.raw).into_owned();
    assert!(text.contains("Delivered-To: konbit+tok3n@test"), "{text}");
    assert!(text.contains("veto too expensive"), "{text}");
    assert!(message.received.is_some(), "the server's arrival time is given");
    watcher.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn the_watch_comes_back_after_the_imap_server_restarts() {
    let mut net = Mailnet::start();
    let mut watcher = Watcher::start(imap(&net), |_| Disposition::Done);
    watcher.caught_up().await;
    net.deliver("konbit+tok3n@test", &reply("bob@test", "before", "veto"));
    assert_eq!(subject(&watcher.next().await), "before");
    // Its marking confirmed (a connection broken before that would offer it again).
    let marked = std::time::Instant::now();
    while !net.flags("konbit").first().is_some_and(|f| f.contains('S')) {
        assert!(marked.elapsed() < PATIENCE, "never marked handled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    net.restart_dovecot();
    net.deliver("konbit+tok3n@test", &reply("carol@test", "after", "veto"));
    // Found by the pass after reconnecting; "before" was handled and stays so.
    assert_eq!(subject(&watcher.next().await), "after");
    watcher.stop().await;
    assert!(watcher_offered_nothing_more(&net).await);
}

/// A fresh watch over konbit's INBOX offers nothing: everything was handled.
async fn watcher_offered_nothing_more(net: &Mailnet) -> bool {
    let mut again = Watcher::start(imap(net), |_| Disposition::Done);
    again.caught_up().await;
    let nothing = again.so_far().is_empty();
    again.stop().await;
    nothing
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn on_a_server_without_idle_replies_are_found_by_polling() {
    // The same Dovecot, announcing no IDLE.
    let net =
        Mailnet::start_with("imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS MOVE");
    let endpoint = ImapEndpoint {
        poll: Duration::from_millis(500),
        ..imap(&net)
    };
    let mut watcher = Watcher::start(endpoint, |_| Disposition::Done);
    watcher.caught_up().await;
    net.deliver("konbit+tok3n@test", &reply("bob@test", "polled", "veto"));
    assert_eq!(subject(&watcher.next().await), "polled");
    watcher.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn replies_waiting_before_start_are_handled_oldest_first_before_caught_up() {
    let net = Mailnet::start();
    for n in 1..=3 {
        net.deliver("konbit+tok3n@test", &reply("bob@test", &format!("r{n}"), "veto"));
    }
    let mut watcher = Watcher::start(imap(&net), |_| Disposition::Done);
    watcher.caught_up().await;
    let subjects: Vec<String> = watcher.so_far().iter().map(subject).collect();
    assert_eq!(subjects, ["r1", "r2", "r3"]);
    watcher.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn replies_waiting_together_are_handed_over_in_the_order_they_were_written() {
    let net = Mailnet::start();
    // r1 arrived first but was written after r2 (which spent five minutes in transit).
    let now = chrono::Utc::now();
    for (n, written) in [(1, now), (2, now - chrono::Duration::minutes(5)), (3, now)] {
        let raw = String::from_utf8(reply("bob@test", &format!("r{n}"), "veto"))
            .expect("text")
            .replace(
                "Date: Mon, 30 Nov 2026 23:00:00 +0000",
                &format!("Date: {}", written.to_rfc2822()),
            );
        net.deliver("konbit+tok3n@test", raw.as_bytes());
    }
    let mut watcher = Watcher::start(imap(&net), |_| Disposition::Done);
    watcher.caught_up().await;
    let subjects: Vec<String> = watcher.so_far().iter().map(subject).collect();
    assert_eq!(subjects, ["r2", "r1", "r3"]);
    watcher.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn a_handled_reply_is_not_offered_again_after_a_restart() {
    let net = Mailnet::start();
    net.deliver("konbit+tok3n@test", &reply("bob@test", "once", "veto"));
    let mut first = Watcher::start(imap(&net), |_| Disposition::Done);
    first.caught_up().await;
    assert_eq!(first.so_far().len(), 1);
    first.stop().await;
    let mut second = Watcher::start(imap(&net), |_| Disposition::Done);
    second.caught_up().await;
    assert!(second.so_far().is_empty(), "offered again after a restart");
    second.stop().await;
    // Still in the mailbox, marked read, for whoever looks at it.
    assert_eq!(net.mailbox("konbit").len(), 1);
    assert!(net.flags("konbit")[0].contains('S'), "{:?}", net.flags("konbit"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn a_reply_handed_back_for_retry_is_offered_again_and_left_unread() {
    let net = Mailnet::start();
    net.deliver("konbit+tok3n@test", &reply("bob@test", "a", "veto"));
    let mut watcher = Watcher::start(imap(&net), |m| {
        if subject(m) == "a" {
            Disposition::Retry
        } else {
            Disposition::Done
        }
    });
    watcher.caught_up().await;
    assert_eq!(watcher.so_far().iter().map(subject).collect::<Vec<_>>(), ["a"]);
    // Reading it did not mark it read.
    assert!(!net.flags("konbit")[0].contains('S'), "{:?}", net.flags("konbit"));
    // The next pass (here, woken by the next reply) offers it again, oldest first.
    net.deliver("konbit+tok3n@test", &reply("carol@test", "b", "unveto"));
    let again = watcher.next().await;
    let next = watcher.next().await;
    assert_eq!((subject(&again), subject(&next)), ("a".into(), "b".into()));
    watcher.stop().await;
    // And after a restart too.
    let mut restarted = Watcher::start(imap(&net), |_| Disposition::Done);
    restarted.caught_up().await;
    assert_eq!(restarted.so_far().iter().map(subject).collect::<Vec<_>>(), ["a"]);
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn an_oversized_or_garbage_message_does_not_stop_the_watch() {
    let net = Mailnet::start();
    net.deliver_from(
        "x@test",
        "konbit@test",
        b"\xff\xfe not a mail \x80\x81 at all\n\n\n..\n",
    );
    let mut huge = reply("mallory@test", "huge", "");
    huge.extend(
        std::iter::repeat_n(
            b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n",
            180_000,
        )
        .flatten(),
    );
    net.deliver("konbit@test", &huge);
    net.deliver("konbit+tok3n@test", &reply("bob@test", "fine", "veto"));
    let mut watcher = Watcher::start(imap(&net), |_| Disposition::Done);
    watcher.caught_up().await;
    let offered = watcher.so_far();
    assert_eq!(
        offered.len(),
        3,
        "the garbage, the reply, and the 11 MiB message's header"
    );
    // In the order they count: the replies (their Date, within the transit allowance
    // before receipt) before the garbage (no Date: when it was received).
    assert_eq!(subject(&offered[0]), "huge");
    assert!(offered[0].too_large && offered[0].raw.len() < 4096, "only its header");
    assert_eq!(subject(&offered[1]), "fine");
    assert!(!offered[1].too_large);
    assert!(String::from_utf8_lossy(&offered[2].raw).contains("not a mail"));
    // Still watching.
    net.deliver("konbit+tok3n@test", &reply("carol@test", "later", "veto"));
    assert_eq!(subject(&watcher.next().await), "later");
    watcher.stop().await;
    // The oversized one was marked handled: not offered after a restart.
    let mut restarted = Watcher::start(imap(&net), |_| Disposition::Done);
    restarted.caught_up().await;
    assert!(restarted.so_far().is_empty());
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn handled_replies_are_moved_to_the_done_folder_when_there_is_one() {
    let net = Mailnet::start();
    net.deliver("konbit+tok3n@test", &reply("bob@test", "moved", "veto"));
    let endpoint = ImapEndpoint {
        done_folder: Some("Done".into()),
        ..imap(&net)
    };
    let mut watcher = Watcher::start(endpoint.clone(), |_| Disposition::Done);
    watcher.caught_up().await;
    assert_eq!(watcher.so_far().len(), 1);
    watcher.stop().await;
    assert!(net.mailbox("konbit").is_empty(), "left in the INBOX");
    assert_eq!(net.folder("konbit", "Done").len(), 1);
    let mut restarted = Watcher::start(endpoint, |_| Disposition::Done);
    restarted.caught_up().await;
    assert!(restarted.so_far().is_empty());
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn probes_tell_a_working_configuration_from_a_broken_one() {
    let mut net = Mailnet::start();
    probe_imap(&imap(&net)).await.expect("IMAP works");
    probe_smtp(&smtp(&net, "konbit", &net.password("konbit")))
        .await
        .expect("SMTP works");
    let wrong = ImapEndpoint {
        password: "not-the-password".into(),
        ..imap(&net)
    };
    let e = probe_imap(&wrong).await.expect_err("a wrong IMAP password");
    assert!(e.contains("LOGIN as konbit"), "{e}");
    let missing = ImapEndpoint {
        folder: "Replies".into(),
        ..imap(&net)
    };
    let e = probe_imap(&missing).await.expect_err("a missing folder");
    assert!(e.contains("\"Replies\""), "{e}");
    let e = probe_smtp(&smtp(&net, "konbit", "not-the-password"))
        .await
        .expect_err("a wrong SMTP password");
    assert!(e.contains("535"), "{e}");
    net.stop_smtp();
    probe_smtp(&smtp(&net, "konbit", &net.password("konbit")))
        .await
        .expect_err("SMTP down");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn an_imap_server_whose_certificate_cannot_be_verified_is_refused() {
    let net = Mailnet::start_with_untrusted_tls();
    let endpoint = ImapEndpoint {
        host: "localhost".into(),
        security: Security::StartTls,
        ..imap(&net)
    };
    // STARTTLS is offered and the handshake starts, but the certificate is nobody's: the
    // password is never sent.
    let e = probe_imap(&endpoint).await.expect_err("an untrusted certificate");
    assert!(e.contains("TLS handshake") && e.contains("certificate"), "{e}");
    // The same server without TLS, on loopback, works: the failure was the certificate's.
    probe_imap(&imap(&net)).await.expect("plain IMAP on loopback");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Dovecot and aiosmtpd: scripts/test installs them"]
async fn without_move_handled_replies_are_copied_to_the_done_folder_and_removed_here() {
    // The same Dovecot, announcing no MOVE.
    let net =
        Mailnet::start_with("imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE UIDPLUS");
    net.deliver("konbit+tok3n@test", &reply("bob@test", "copied", "veto"));
    let endpoint = ImapEndpoint {
        done_folder: Some("Done".into()),
        ..imap(&net)
    };
    let mut watcher = Watcher::start(endpoint.clone(), |_| Disposition::Done);
    watcher.caught_up().await;
    assert_eq!(watcher.so_far().len(), 1);
    watcher.stop().await;
    assert_eq!(net.folder("konbit", "Done").len(), 1);
    // Gone from the INBOX (COPY, flagged deleted, UID EXPUNGE of that one message).
    assert!(net.mailbox("konbit").is_empty(), "{:?}", net.flags("konbit"));
    let mut restarted = Watcher::start(endpoint, |_| Disposition::Done);
    restarted.caught_up().await;
    assert!(restarted.so_far().is_empty());
    restarted.stop().await;
}
