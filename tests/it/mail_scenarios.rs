//! Proposals by e-mail, as the core decides them: who gets which mail, in which
//! language, and `!mail`. Driven through the real binary's console transport with a
//! simulated clock, which shows each mail as `[mail NAME] konbit: SUBJECT: TEXT`; the
//! mail servers themselves are exercised in `tests/it/mail.rs`.

use crate::support;

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
    // Not to carol (no address), not to dave (chose none).
    for nobody in ["[mail carol]", "[mail dave]"] {
        assert!(!out.has(nobody), "{nobody}: {}", out.stdout);
    }
    // The room hears it as always.
    assert!(out.has("[#office] konbit: Proposal #1 by alice: buy a kettle for the office"));
}

#[test]
fn the_proposer_gets_a_copy_of_her_proposal_with_how_to_withdraw_it_by_mail() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        FRIDAY,
        &script(&["alice: !propose buy a kettle for the office", "bob: !veto 1 trop cher"]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Her copy of the new proposal: a reply address to withdraw it from her mailbox.
    let to_alice: Vec<&str> = out
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("[mail alice]"))
        .collect();
    assert!(
        to_alice[0].starts_with("[mail alice] konbit: Proposal #1: buy a kettle for the office: Proposal #1 by alice"),
        "{to_alice:?}"
    );
    assert!(
        to_alice[..3]
            .iter()
            .any(|l| l.contains("It is your proposal. To withdraw it, reply to this e-mail with: withdraw")),
        "{to_alice:?}"
    );
    // Then bob's veto, as before; bob, who vetoed, gets no mail about his own veto.
    assert!(to_alice.iter().any(|l| l.contains("bob vetoed it")), "{to_alice:?}");
    assert_eq!(
        out.count("[mail bob] konbit: Proposition #1 : buy a kettle for the office: "),
        1,
        "{}",
        out.stdout
    );
}

#[test]
fn the_digest_says_an_open_proposal_will_be_adopted_on_its_deadline() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice> !mail digest",
            "bob> !courriel résumé",
            "carol: !propose buy a kettle",
            "/at 2026-11-23T09:01",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.lines().into_iter().any(|l| l.starts_with("[mail alice]")
            && l.contains("#1 carol: buy a kettle — will be adopted on Tue Nov 24, 15:00 EST (in 1 day 6 hours)")),
        "{}",
        out.stdout
    );
    assert!(
        out.lines()
            .into_iter()
            .any(|l| l.starts_with("[mail bob]") && l.contains("#1 carol : buy a kettle — adoption prévue le")),
        "{}",
        out.stdout
    );
    assert!(!out.has("— adopted on"), "{}", out.stdout);
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
fn the_list_gets_one_read_only_copy_of_each_event() {
    let config = CONFIG.replace(
        "from = \"konbit@coop.example\"\n",
        "from = \"konbit@coop.example\"\nlist_address = \"members@coop.example\"\n",
    );
    let bot = Bot::with_config(&config);
    let out = bot.console(
        FRIDAY,
        &script(&["alice: !propose buy a kettle", "bob: !veto 1 trop cher"]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.count("[mail list] konbit: Proposal #1: buy a kettle: "),
        2,
        "{}",
        out.stdout
    );
    assert_eq!(
        out.count(
            "[mail list] konbit: This is the list's copy, for reading: to act on this proposal, reply to your own copy"
        ),
        2,
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

#[cfg(feature = "mail")]
mod replies {
    //! What a verified reply does, through the core (the servers are in `tests/it/mail.rs`).

    use std::sync::Arc;

    use chrono::{DateTime, Duration, TimeZone, Utc};
    use konbit::app::{Core, Effect, Incoming, MailReply, Speaker};
    use konbit::config::Config;
    use konbit::domain::proposal::ProposalId;
    use konbit::effect::{MailTo, Network, Room};
    use konbit::store::Store;

    async fn core(dir: &std::path::Path) -> Core {
        let config = Config::parse(
            &format!(
                "[calendar]\nquebec_holidays = false\n{}",
                super::CONFIG.replace("[console]\nroom = \"#office\"\n", "")
            ),
            dir,
        )
        .expect("valid");
        let store = Store::open(&config.database).await.expect("store");
        Core::new(Arc::new(config), store, Room::new(Network::Console, "#office"))
    }

    fn said(who: &str, text: &str, at: DateTime<Utc>) -> Incoming {
        Incoming {
            room: Some(Room::new(Network::Console, "#office")),
            speaker: Speaker {
                network: Network::Console,
                handle: who.into(),
                member: Some(who.into()),
            },
            text: text.into(),
            at,
            event: None,
        }
    }

    fn mail_to<'a>(effects: &'a [Effect], who: &str) -> Vec<&'a konbit::effect::Mail> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Mail(m) if m.to == MailTo::Member(who.into()) => Some(m),
                _ => None,
            })
            .collect()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_reply_konbit_does_not_understand_gets_a_usage_mail_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let core = core(dir.path()).await;
        let friday = Utc.with_ymd_and_hms(2026, 11, 20, 20, 0, 0).unwrap();
        core.handle_many(&[said("alice", "!propose buy a kettle", friday)])
            .await;
        let out = core
            .mail_reply(MailReply {
                member: "bob".into(),
                message_id: None,
                proposal: ProposalId(1),
                line: "Thanks, sounds good!".into(),
                at: friday + Duration::hours(1),
            })
            .await;
        let to_bob = mail_to(&out.effects, "bob");
        assert_eq!(to_bob.len(), 1, "{:?}", out.effects);
        assert_eq!(to_bob[0].proposal, Some(1), "in the proposal's thread");
        let text = to_bob[0].message.plain();
        assert!(
            text.contains("konbit n’a pas compris") && text.contains("veto <ta raison>"),
            "{text}"
        );
        assert_eq!(out.effects.len(), 1, "nothing announced: {:?}", out.effects);
        let p = core
            .store()
            .proposal(ProposalId(1))
            .await
            .expect("read")
            .expect("there");
        assert!(p.vetoes.is_empty());
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_reply_fetched_again_after_a_crash_vetoes_once() {
        let dir = tempfile::tempdir().expect("dir");
        let core = core(dir.path()).await;
        let friday = Utc.with_ymd_and_hms(2026, 11, 20, 20, 0, 0).unwrap();
        core.handle_many(&[said("alice", "!propose buy a kettle", friday)])
            .await;
        let veto = || MailReply {
            member: "bob".into(),
            message_id: Some("<veto-1@example.org>".into()),
            proposal: ProposalId(1),
            line: "veto too expensive".into(),
            at: friday + Duration::hours(1),
        };
        let first = core.mail_reply(veto()).await;
        assert!(
            first.effects.iter().any(|e| matches!(e, Effect::Announce { .. })),
            "{:?}",
            first.effects
        );
        // The same message handed over again (the mailbox was not marked before a crash).
        let again = core.mail_reply(veto()).await;
        assert!(again.effects.is_empty(), "acted twice: {:?}", again.effects);
        let p = core
            .store()
            .proposal(ProposalId(1))
            .await
            .expect("read")
            .expect("proposal");
        assert_eq!(p.vetoes.len(), 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_veto_by_reply_counts_at_its_date_even_when_read_after_the_deadline() {
        let dir = tempfile::tempdir().expect("dir");
        let core = core(dir.path()).await;
        // Friday 15:00 EST: the deadline is Tuesday 15:00.
        let friday = Utc.with_ymd_and_hms(2026, 11, 20, 20, 0, 0).unwrap();
        core.handle_many(&[said("alice", "!propose buy a kettle", friday)])
            .await;
        let deadline = Utc.with_ymd_and_hms(2026, 11, 24, 20, 0, 0).unwrap();
        // Sent a minute before the deadline; konbit reads it an hour after (it was down).
        let out = core
            .mail_reply(MailReply {
                member: "bob".into(),
                message_id: None,
                proposal: ProposalId(1),
                line: "véto trop cher".into(),
                at: deadline - Duration::minutes(1),
            })
            .await;
        let room: Vec<String> = out
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::Announce { message, .. } => Some(message.plain()),
                _ => None,
            })
            .collect();
        assert!(
            room.iter()
                .any(|t| t.contains("bob vetoed it (trop cher)") && t.ends_with("(by e-mail)")),
            "{room:?}"
        );
        // Bob's answer comes back by mail, in French; nothing goes to him in the chat.
        let answer = mail_to(&out.effects, "bob");
        assert!(
            answer.iter().any(|m| m.message.plain().contains("reportée")),
            "{:?}",
            out.effects
        );
        assert!(
            !out.effects
                .iter()
                .any(|e| matches!(e, Effect::Private { .. } if e.message().plain().contains("reportée")))
        );
        // Later ticks never adopt it.
        let fired = core.tick(deadline + Duration::hours(1)).await;
        assert!(
            !fired.iter().any(|e| e.message().plain().contains("Adopted")),
            "{fired:?}"
        );
        let p = core
            .store()
            .proposal(ProposalId(1))
            .await
            .expect("read")
            .expect("there");
        assert_eq!(p.vetoes.len(), 1);
        assert_eq!(p.vetoes[0].at, deadline - Duration::minutes(1));
    }

    fn bobs(line: &str, at: DateTime<Utc>) -> MailReply {
        MailReply {
            member: "bob".into(),
            message_id: None,
            proposal: ProposalId(1),
            line: line.into(),
            at,
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn usage_mails_go_once_an_hour_per_proposal_and_a_restart_does_not_reset_it() {
        let dir = tempfile::tempdir().expect("dir");
        let friday = Utc.with_ymd_and_hms(2026, 11, 20, 20, 0, 0).unwrap();
        {
            let core = core(dir.path()).await;
            core.handle_many(&[said("alice", "!propose buy a kettle", friday)])
                .await;
            core.handle_many(&[said("alice", "!propose buy a ladder", friday)])
                .await;
            let mut answered = 0;
            for n in 0..5 {
                let at = friday + Duration::minutes(10 + n);
                let out = core.mail_reply(bobs(&format!("Out of office ({n})"), at)).await;
                answered += mail_to(&out.effects, "bob").len();
            }
            assert_eq!(answered, 1, "five non-commands, one answer");
            // Every kind of usage answer counts: a veto without a reason too.
            let out = core.mail_reply(bobs("veto", friday + Duration::minutes(20))).await;
            assert!(out.effects.is_empty(), "{:?}", out.effects);
            // A command is always answered, and acts.
            let out = core
                .mail_reply(bobs("veto trop cher", friday + Duration::minutes(21)))
                .await;
            assert_eq!(mail_to(&out.effects, "bob").len(), 1, "{:?}", out.effects);
            // Another proposal has its own hour.
            let other = MailReply {
                proposal: ProposalId(2),
                ..bobs("merci", friday + Duration::minutes(22))
            };
            assert_eq!(mail_to(&core.mail_reply(other).await.effects, "bob").len(), 1);
        }
        // konbit restarts: the hour still runs from the first answer (at +10 min).
        let core = core(dir.path()).await;
        let out = core.mail_reply(bobs("merci", friday + Duration::minutes(69))).await;
        assert!(out.effects.is_empty(), "{:?}", out.effects);
        let out = core.mail_reply(bobs("merci", friday + Duration::minutes(70))).await;
        let to_bob = mail_to(&out.effects, "bob");
        assert_eq!(to_bob.len(), 1, "an hour later: {:?}", out.effects);
        assert!(to_bob[0].message.plain().contains("merci"), "{:?}", to_bob[0]);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_veto_by_reply_is_confirmed_with_how_to_lift_it_by_mail_in_each_language() {
        let dir = tempfile::tempdir().expect("dir");
        let core = core(dir.path()).await;
        let friday = Utc.with_ymd_and_hms(2026, 11, 20, 20, 0, 0).unwrap();
        core.handle_many(&[said("dave", "!propose buy a kettle", friday)]).await;
        let veto = |member: &str, line: &str| MailReply {
            member: member.into(),
            message_id: None,
            proposal: ProposalId(1),
            line: line.into(),
            at: friday + Duration::hours(1),
        };
        let out = core.mail_reply(veto("alice", "veto too expensive")).await;
        let to_alice = mail_to(&out.effects, "alice");
        assert_eq!(to_alice.len(), 1, "{:?}", out.effects);
        let text = to_alice[0].message.plain();
        assert!(
            text.contains("alice vetoed it (too expensive)")
                && text.contains("You vetoed it. To lift your veto, reply to this e-mail with: unveto"),
            "{text}"
        );
        // Lifted by reply, the answer says what is left to do: veto it again.
        let out = core.mail_reply(veto("alice", "unveto")).await;
        let text = mail_to(&out.effects, "alice")[0].message.plain();
        assert!(
            text.contains("alice lifted their veto") && text.contains("To veto it, reply to this e-mail"),
            "{text}"
        );
        let out = core.mail_reply(veto("bob", "véto trop cher")).await;
        let text = mail_to(&out.effects, "bob")[0].message.plain();
        assert!(
            text.contains("Tu y as opposé ton veto. Pour le lever, réponds à ce courriel avec : lever-veto"),
            "{text}"
        );
    }
}
