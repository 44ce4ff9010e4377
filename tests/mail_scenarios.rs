//! Proposals by e-mail, as the core decides them: who gets which mail, in which
//! language, and `!mail`. Driven through the real binary's console transport with a
//! simulated clock, which shows each mail as `[mail NAME] konbit: SUBJECT: TEXT`; the
//! mail servers themselves are exercised in `tests/mail.rs`.

mod support;

use support::{Bot, script};

/// Friday 2026-11-20 15:00 in Montreal (EST): the deadline is Tuesday 2026-11-24 15:00.
const FRIDAY: &str = "2026-11-20T15:00:00-05:00";

const CONFIG: &str = r##"
[console]
room = "#office"
[mail]
from = "konbit@coop.example"
[mail.smtp]
host = "127.0.0.1"
security = "none"
[[schedules]]
name = "digest"
when = "weekly monday 09:00"
action = "digest"
[[members]]
name = "alice"
email = "alice@coop.example"
[[members]]
name = "bob"
language = "fr"
email = "bob@home.example"
[[members]]
name = "carol"
[[members]]
name = "dave"
email = "dave@coop.example"
mail = "none"
"##;

#[test]
fn a_proposal_is_mailed_to_each_member_who_wants_it_in_their_language() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(FRIDAY, &script(&["alice: !propose buy a kettle for the office"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Bob reads French, with how to veto by replying.
    assert!(
        out.has("[mail bob] konbit: Proposition #1 : buy a kettle for the office: "),
        "{}",
        out.stdout
    );
    assert!(
        out.has("[mail bob] konbit: Pour y mettre ton veto, réponds à ce courriel"),
        "{}",
        out.stdout
    );
    // Not to the proposer (she knows), not to carol (no address), not to dave (chose none).
    for nobody in ["[mail alice]", "[mail carol]", "[mail dave]"] {
        assert!(!out.has(nobody), "{nobody}: {}", out.stdout);
    }
    // The room hears it as always.
    assert!(out.has("[#office] konbit: Proposal #1 by alice: buy a kettle for the office"));
}

#[test]
fn a_veto_and_the_adoption_reach_the_mailboxes_too() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose repaint the office",
            "alice: !propose buy a kettle",
            "/at 2026-11-23T09:00",
            "dave: !veto 1 compare quotes first",
            "/at 2026-11-24T15:01",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Bob learns of dave's veto in French; dave, who vetoed, is not mailed about it.
    assert!(
        out.has("[mail bob] konbit: Proposition #1 : repaint the office: "),
        "{}",
        out.stdout
    );
    assert!(out.has("dave") && out.count("[mail bob]") >= 4, "{}", out.stdout);
    // The proposer hears of the veto on her proposal by mail, with how to withdraw it.
    assert!(
        out.has("[mail alice] konbit: It is your proposal. To withdraw it, reply to this e-mail with: withdraw"),
        "{}",
        out.stdout
    );
    // Proposal 2 is adopted: bob gets it.
    let adopted: Vec<&str> = out
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("[mail bob]") && l.contains("Adoptée"))
        .collect();
    assert_eq!(adopted.len(), 1, "{}", out.stdout);
}

#[test]
fn a_member_chooses_the_digest_and_gets_only_that() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        FRIDAY,
        &script(&[
            "bob> !courriel résumé",
            "alice: !propose buy a kettle",
            "/at 2026-11-23T09:01",
            "bob> !mail",
            "carol> !mail",
            "dave> !mail sometimes",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.has("[@bob] konbit: C’est fait : tu reçois le résumé des propositions ouvertes par courriel, à bob@home.example."),
        "{}",
        out.stdout
    );
    // No mail about the proposal itself, then Monday's digest, in French.
    let to_bob: Vec<&str> = out
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("[mail bob]"))
        .collect();
    assert!(!to_bob.is_empty(), "{}", out.stdout);
    assert!(to_bob[0].contains("propositions ouvertes"), "{to_bob:?}");
    assert!(to_bob.iter().any(|l| l.contains("buy a kettle")), "{to_bob:?}");
    assert!(!to_bob.iter().any(|l| l.contains("Proposition #1 :")), "{to_bob:?}");
    assert!(out.has("[@bob] konbit: Tu reçois le résumé"), "{}", out.stdout);
    // Carol has no address; dave typed a choice that does not exist.
    assert!(
        out.has("[@carol] konbit: The roster has no e-mail address for you"),
        "{}",
        out.stdout
    );
    assert!(
        out.private("dave")
            .iter()
            .any(|l| l.contains("!mail [all | digest | none]")),
        "{}",
        out.stdout
    );
}

#[test]
fn mail_commands_say_so_when_the_collective_does_not_use_mail() {
    let bot = Bot::new();
    let out = bot.console(FRIDAY, &script(&["alice> !mail all"]));
    assert!(out.has("This collective does not use e-mail"), "{}", out.stdout);
}
