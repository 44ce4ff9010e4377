//! Unit tests of reading replies (`inbound.rs`): which replies act, which are refused or
//! ignored, and when a reply counts.

use super::*;

fn config() -> Config {
    Config::parse(
        r#"
[mail]
from = "konbit@coop.example"
[mail.smtp]
host = "127.0.0.1"
security = "none"
[[members]]
name = "alice"
email = "alice@coop.example"
[[members]]
name = "bob"
email = "Bob@Home.example"
"#,
        std::path::Path::new("."),
    )
    .expect("valid")
}

fn signer() -> Signer {
    Signer::new(b"a test key that is long enough").expect("key")
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

fn reply(from: &str, token: &str, extra_headers: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Someone <{from}>\r\nTo: konbit+{token}@coop.example\r\nSubject: Re: Proposal #3\r\n\
         Date: Tue, 1 Dec 2026 10:00:00 -0500\r\nMessage-ID: <r1@home.example>\r\n{extra_headers}\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    )
    .into_bytes()
}

fn read_it(raw: &[u8], received: &str) -> Read {
    let c = config();
    let mail = c.mail.clone().expect("mail");
    read(
        raw,
        Some(at(received)),
        &c,
        &mail,
        &signer(),
        at("2026-12-02T00:00:00Z"),
    )
}

#[test]
fn bobs_reply_acts_for_bob_at_the_moment_he_sent_it() {
    let token = signer().token("bob", 3);
    let raw = reply(
        "bob@home.example",
        &token,
        "",
        "\r\nveto too expensive for now\r\n\r\nOn Tue, konbit wrote:\r\n> Proposal #3\r\n",
    );
    let r = read_it(&raw, "2026-12-01T15:05:00Z");
    assert_eq!(r.message_id, "<r1@home.example>");
    let Verdict::Act(reply) = r.verdict else {
        panic!("{:?}", r.verdict)
    };
    assert_eq!(reply.member, "bob");
    assert_eq!(reply.proposal, ProposalId(3));
    assert_eq!(reply.line, "veto too expensive for now");
    assert_eq!(
        reply.at,
        at("2026-12-01T15:00:00Z"),
        "its Date, not when it was fetched"
    );
}

#[test]
fn a_date_after_the_server_received_it_counts_as_received() {
    let token = signer().token("bob", 3);
    let raw = reply("bob@home.example", &token, "", "veto no\r\n");
    let Verdict::Act(reply) = read_it(&raw, "2026-12-01T14:00:00Z").verdict else {
        panic!("acts")
    };
    assert_eq!(reply.at, at("2026-12-01T14:00:00Z"));
}

#[test]
fn a_date_forged_into_the_past_counts_at_most_the_transit_allowance_before_receipt() {
    let token = signer().token("bob", 3);
    // Dated 15:00 (10:00 -0500), received three hours later: the Date is not believed.
    let raw = reply("bob@home.example", &token, "", "veto no\r\n");
    let Verdict::Act(reply) = read_it(&raw, "2026-12-01T18:00:00Z").verdict else {
        panic!("acts")
    };
    assert_eq!(
        reply.at,
        at("2026-12-01T17:45:00Z"),
        "15 minutes before receipt at most"
    );
    // Within the allowance, the Date counts.
    let Verdict::Act(reply) = read_it(&raw, "2026-12-01T15:14:59Z").verdict else {
        panic!("acts")
    };
    assert_eq!(reply.at, at("2026-12-01T15:00:00Z"));
}

#[test]
fn a_reply_with_bobs_token_from_another_address_is_refused() {
    let token = signer().token("bob", 3);
    let r = read_it(
        &reply("mallory@evil.example", &token, "", "veto mine now\r\n"),
        "2026-12-01T18:00:00Z",
    );
    assert!(
        matches!(&r.verdict, Verdict::Refuse(why) if why.contains("bob")),
        "{:?}",
        r.verdict
    );
    // Alice's own address with bob's token is refused too.
    let r = read_it(
        &reply("alice@coop.example", &token, "", "veto mine now\r\n"),
        "2026-12-01T18:00:00Z",
    );
    assert!(matches!(r.verdict, Verdict::Refuse(_)), "{:?}", r.verdict);
}

#[test]
fn automatic_replies_are_ignored() {
    let token = signer().token("bob", 3);
    for headers in [
        "Auto-Submitted: auto-replied\r\n",
        "Auto-Submitted: auto-generated; owner-email=\"x@y\"\r\n",
        "Precedence: bulk\r\n",
        "Precedence: junk\r\n",
        "Precedence: list\r\n",
        "List-Id: Office talk <office.coop.example>\r\n",
        "List-Unsubscribe: <mailto:office-leave@coop.example>\r\n",
        "X-Autoreply: yes\r\n",
        "X-Autorespond: I am away\r\n",
        "Return-Path: <>\r\n",
    ] {
        let r = read_it(
            &reply("bob@home.example", &token, headers, "veto I am on holiday\r\n"),
            "2026-12-01T18:00:00Z",
        );
        assert!(matches!(r.verdict, Verdict::Ignore(_)), "{headers}: {:?}", r.verdict);
    }
    let r = read_it(
        &reply("bob@home.example", &token, "Auto-Submitted: no\r\n", "veto really\r\n"),
        "2026-12-01T18:00:00Z",
    );
    assert!(matches!(r.verdict, Verdict::Act(_)), "Auto-Submitted: no is a person");
}

#[test]
fn mail_without_a_token_is_not_a_reply() {
    let raw = b"From: bob@home.example\r\nTo: konbit@coop.example\r\nSubject: hi\r\n\r\nveto everything\r\n";
    let r = read_it(raw, "2026-12-01T18:00:00Z");
    assert!(matches!(r.verdict, Verdict::Ignore(_)), "{:?}", r.verdict);
    assert!(
        r.message_id.starts_with("sha256:"),
        "no Message-ID: a digest of its bytes"
    );
    assert!(matches!(
        read_it(b"\xff\xfe garbage", "2026-12-01T18:00:00Z").verdict,
        Verdict::Ignore(_)
    ));
}

#[test]
fn a_bottom_posted_reply_is_read_under_the_quote() {
    let gmail = "On Sat, Dec 5, 2026 at 9:29 PM konbit <konbit+p3-abc@coop.example>\n\
                 wrote:\n\n> Proposal #3 by alice: repaint the office\n> To veto it, reply\n\n\
                 veto too expensive\n\n-- \nBob, tech co-op\n";
    assert_eq!(own_first_line(gmail).as_deref(), Some("veto too expensive"));
    let french = "Le sam. 5 déc. 2026 à 21:29, konbit <konbit@coop.example> a écrit :\n\
                  > Proposition #3\n\nvéto trop cher\n";
    assert_eq!(own_first_line(french).as_deref(), Some("véto trop cher"));
    let thunderbird = "Le 05/12/2026 à 21:29, konbit a écrit\u{a0}:\n> Proposition #3\n>\n\
                       > Pour y mettre ton veto\nveto non\n";
    assert_eq!(own_first_line(thunderbird).as_deref(), Some("veto non"));
    // A signature above the quote, the member's line under it.
    let signed_first = "-- \nBob\nhttps://bob.example\n\nOn Tue, konbit wrote:\n> Proposal #3\n\nunveto\n";
    assert_eq!(own_first_line(signed_first).as_deref(), Some("unveto"));
}

#[test]
fn a_top_posted_reply_is_read_above_the_quote_and_its_signature() {
    let top = "veto not now\n\n-- \nBob\n\nOn Tue, konbit wrote:\n> Proposal #3\n";
    assert_eq!(own_first_line(top).as_deref(), Some("veto not now"));
    // A line of the member's that happens to end like an attribution is still theirs
    // when no quote follows it.
    assert_eq!(
        own_first_line("veto: the plan is not what we wrote:\nsee the minutes\n").as_deref(),
        Some("veto: the plan is not what we wrote:")
    );
    // Outlook puts the original under a separator, unquoted: nothing there is read.
    let outlook = "\n-----Original Message-----\nFrom: konbit\nveto everything\n";
    assert_eq!(own_first_line(outlook), None);
    assert_eq!(own_first_line("> only a quote\n\n-- \nBob\n"), None);
}

#[test]
fn broken_mime_that_trips_the_mail_parser_is_set_aside_not_a_crash() {
    // Found by the mail_inbound fuzz target: a `message/rfc822` part glued to a boundary
    // fires a debug assertion inside mail-parser (debug builds: tests, `cargo run`).
    let raw = b"Content-Type:multipart;boundary=dsn\n\n--dsnContent-Type:message/rfc822\n\n\
                Content-Type:message/rfc822\n\n\n--dsn--";
    let read = read_it(raw, "2026-12-01T15:00:05Z");
    assert!(matches!(read.verdict, Verdict::Ignore(_)), "{read:?}");
    let now = at("2026-12-02T00:00:00Z");
    let received = at("2026-12-01T15:00:05Z");
    let allowance = std::time::Duration::from_secs(60);
    assert_eq!(head_counts_at(raw, Some(received), allowance, now), received);
}
