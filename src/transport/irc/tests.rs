//! The main loop's pacing of replies against protocol lines (PONG, registration).

use super::*;
use crate::transport::irc::queue::Dest;

#[test]
fn a_pong_goes_out_at_once_while_replies_wait_for_their_turn() {
    let (tx, mut written) = mpsc::channel(WRITER_WAITING);
    let mut link = Link::new(1, tx, "konbit", Vec::new());
    let mut out = Outgoing::new(5, 1.0);
    for i in 0..300 {
        out.push(
            "nick:mallory".into(),
            Item::new(Dest::Nick("mallory".into()), format!("answer {i}"), None),
        );
    }
    // The pacing has no token left: 150 seconds of replies are waiting.
    while out.take_token() {}
    assert!(out.wake_at().is_some_and(|t| t > Instant::now()));
    send(&mut link, "PONG :irc.test".into());
    send(&mut link, "PING :konbit".into());
    assert_eq!(
        written.try_recv().ok().map(|(_, l)| l),
        Some("PONG :irc.test".to_owned())
    );
    assert_eq!(written.try_recv().ok().map(|(_, l)| l), Some("PING :konbit".to_owned()));
    assert_eq!(out.len(), 300, "the replies still wait, none lost");
}

#[test]
fn the_first_answers_after_connecting_do_not_wait_for_the_registration_lines() {
    let (tx, _written) = mpsc::channel(WRITER_WAITING);
    let mut link = Link::new(1, tx, "konbit", Vec::new());
    for line in [
        "CAP LS 302",
        "NICK konbit",
        "USER konbit 0 * :k",
        "AUTHENTICATE PLAIN",
        "CAP END",
    ] {
        send(&mut link, line.into());
    }
    assert_eq!(link.protocol_lines, 0, "registering used up the replies' burst");
    link.registered = true;
    send(&mut link, "JOIN #office".into());
    assert_eq!(link.protocol_lines, 1, "once registered, paced with the replies");
}
