//! Scenario tests for 48-hour proposals, through the real binary's console transport
//! with a simulated clock (README, "Commands").

use crate::support;

use support::{Bot, script};

/// Friday 2026-11-20 15:00 in Montreal (EST): the deadline is Tuesday 2026-11-24 15:00.
const FRIDAY: &str = "2026-11-20T15:00:00-05:00";

#[test]
fn adoption_is_not_a_minute_early_and_happens_exactly_once() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose buy a kettle for the office",
            "/at 2026-11-24T14:59",
            "bob: !proposals",
            "/at 2026-11-24T15:00",
            "bob: !proposal 1",
            "/wait 3d",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.has("[#office] konbit: Proposal #1 by alice: buy a kettle for the office"),
        "{}",
        out.stdout
    );
    assert!(out.has("adopted on Tue Nov 24, 15:00 EST"), "{}", out.stdout);
    // At 14:59 it is still open, one minute left.
    let before = out.between("bob: Proposals:", "Adopted");
    assert!(before.iter().any(|l| l.contains("(in 1 minute)")), "{before:?}");
    assert_eq!(
        out.count("[#office] konbit: Adopted: proposal #1 by alice: buy a kettle for the office"),
        1,
        "{}",
        out.stdout
    );
    assert_eq!(out.count("Adopted"), 1);
    // The adoption comes after the 14:59 listing, and the record says when.
    let after = out.between("Adopted", "zzz");
    assert!(
        after
            .iter()
            .any(|l| l.contains("Status: adopted on Tue Nov 24, 15:00 EST")),
        "{after:?}"
    );
}

#[test]
fn a_veto_defers_to_the_named_meeting_and_the_proposal_is_never_adopted() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose repaint the office",
            "/at 2026-11-23T09:00",
            "bob: !veto 1 we should compare quotes first",
            "carol: !proposal 1",
            "/wait 10d",
            "carol: !proposal 1",
            "carol: !proposals",
        ]),
    );
    assert!(
        out.has("[#office] konbit: Proposal #1 is deferred to the production meeting on Tue Nov 24, 10:00 EST: bob vetoed it (we should compare quotes first)."),
        "{}",
        out.stdout
    );
    // The proposer is told privately.
    assert!(
        out.has("[@alice] konbit: bob vetoed your proposal #1 (we should compare quotes first)."),
        "{}",
        out.stdout
    );
    assert_eq!(out.count("Adopted"), 0, "{}", out.stdout);
    assert!(
        out.has("Veto by bob on Mon Nov 23, 09:00 EST: we should compare quotes first"),
        "{}",
        out.stdout
    );
    assert!(out.has("Status: deferred to the production meeting"), "{}", out.stdout);
    assert!(
        out.has("#1 alice: repaint the office — deferred (1 veto)"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_veto_after_the_production_meeting_on_the_first_tuesday_names_the_reflection_meeting() {
    let bot = Bot::new();
    let out = bot.console(
        "2026-11-30T11:00:00-05:00",
        &script(&[
            "alice: !propose join the federation",
            "/at 2026-12-01T10:30",
            "bob: !veto 1 needs a real debate",
        ]),
    );
    assert!(
        out.has("deferred to the reflection meeting on Tue Dec 1, 13:00 EST"),
        "{}",
        out.stdout
    );
}

#[test]
fn unveto_restores_the_original_deadline() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose buy a kettle",
            "/at 2026-11-21T10:00",
            "bob: !veto 1 which model?",
            "carol: !unveto 1",
            "/at 2026-11-23T16:00",
            "bob: !unveto 1",
            "/at 2026-11-24T14:59",
            "/at 2026-11-24T15:00",
        ]),
    );
    assert!(
        out.has("carol: You have no veto on proposal #1 to lift."),
        "{}",
        out.stdout
    );
    assert!(
        out.has("bob lifted their veto on proposal #1: it is open again and will be adopted on Tue Nov 24, 15:00 EST"),
        "{}",
        out.stdout
    );
    assert_eq!(out.count("Adopted: proposal #1"), 1, "{}", out.stdout);
    // The 24 h reminder fell while it was deferred: not sent late after the unveto; the
    // 2 h one is.
    assert_eq!(out.count("Reminder: proposal #1"), 1, "{}", out.stdout);
    assert!(out.has("in 2 hours"), "{}", out.stdout);
}

#[test]
fn unveto_after_the_deadline_keeps_it_deferred() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose buy a kettle",
            "bob: !veto 1 which model?",
            "/at 2026-11-24T16:00",
            "bob: !unveto 1",
            "/wait 2d",
        ]),
    );
    assert!(
        out.has("bob: The deadline of proposal #1 has passed."),
        "{}",
        out.stdout
    );
    assert_eq!(out.count("Adopted"), 0, "{}", out.stdout);
}

#[test]
fn withdraw_is_for_the_proposer_and_stops_everything() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose buy a kettle",
            "bob: !withdraw 1",
            "alice: !withdraw 1",
            "bob: !veto 1 too late",
            "/wait 7d",
            "alice: !proposals",
        ]),
    );
    assert!(
        out.has("bob: Only alice, who made proposal #1, can withdraw it."),
        "{}",
        out.stdout
    );
    assert!(
        out.has("[#office] konbit: Proposal #1 was withdrawn by alice."),
        "{}",
        out.stdout
    );
    assert!(out.has("bob: Proposal #1 is already withdrawn."), "{}", out.stdout);
    assert_eq!(out.count("Adopted"), 0);
    assert_eq!(out.count("Reminder"), 0);
    assert!(out.has("alice: There are no open or deferred proposals."));
}

#[test]
fn a_restart_after_a_missed_deadline_announces_the_adoption_once_and_late() {
    let bot = Bot::new();
    let first = bot.console(FRIDAY, &script(&["alice: !propose buy a kettle", "/wait 1h"]));
    assert_eq!(first.count("Adopted"), 0);
    // The bot was down over the deadline; it starts again on Wednesday.
    let second = bot.console("2026-11-25T09:00:00-05:00", &script(&["bob: !proposals"]));
    assert_eq!(
        second.count("[#office] konbit: Adopted (announced late: the deadline was Tue Nov 24, 15:00 EST): proposal #1 by alice: buy a kettle"),
        1,
        "{}",
        second.stdout
    );
    // The missed reminders are not sent after the deadline.
    assert_eq!(second.count("Reminder"), 0, "{}", second.stdout);
    assert!(second.has("bob: There are no open or deferred proposals."));
    let third = bot.console("2026-11-26T09:00:00-05:00", &script(&["/wait 1d"]));
    assert_eq!(third.stdout, "", "a second restart must say nothing");
}

#[test]
fn reminders_fire_once_each_at_their_time() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose buy a kettle",
            "/at 2026-11-23T14:59",
            "bob: !help",
            "/at 2026-11-23T15:00",
            "/at 2026-11-24T12:00",
            "carol: !help",
            "/wait 30m",
            "/wait 30m",
            "/wait 30m",
            "/wait 30m",
            "/wait 1d",
        ]),
    );
    assert_eq!(out.count("Reminder: proposal #1"), 2, "{}", out.stdout);
    let first = out.between("bob: Commands", "carol: Commands");
    assert_eq!(first.iter().filter(|l| l.contains("Reminder")).count(), 1, "{first:?}");
    assert!(first.iter().any(|l| l.contains("in 1 day")), "{first:?}");
    let second = out.between("carol: Commands", "Adopted");
    assert_eq!(
        second
            .iter()
            .filter(|l| l.contains("Reminder") && l.contains("in 2 hours"))
            .count(),
        1,
        "{second:?}"
    );
    assert_eq!(out.count("Adopted"), 1);
}

#[test]
fn a_reminder_missed_during_downtime_is_sent_once_after_restart_saying_it_is_late() {
    let bot = Bot::new();
    bot.console(FRIDAY, &script(&["alice: !propose buy a kettle"]));
    let second = bot.console("2026-11-23T18:00:00-05:00", &script(&["/wait 1h"]));
    assert_eq!(second.count("Reminder"), 1, "{}", second.stdout);
    assert!(
        second.has("Reminder (late: it was due on Mon Nov 23, 15:00 EST): proposal #1 by alice (buy a kettle) will be adopted on Tue Nov 24, 15:00 EST, in 21 hours"),
        "{}",
        second.stdout
    );
    let third = bot.console("2026-11-23T20:00:00-05:00", &script(&["/wait 1h"]));
    assert_eq!(third.stdout, "");
    // The 2 h reminder is still sent on time.
    let fourth = bot.console("2026-11-24T12:00:00-05:00", &script(&["/wait 2h"]));
    assert_eq!(fourth.count("Reminder: proposal #1"), 1, "{}", fourth.stdout);
}

#[test]
fn after_downtime_over_both_reminders_only_the_nearest_is_sent() {
    let bot = Bot::new();
    bot.console(FRIDAY, &script(&["alice: !propose buy a kettle"]));
    let second = bot.console("2026-11-24T14:00:00-05:00", &script(&["/wait 30m"]));
    assert_eq!(second.count("Reminder"), 1, "{}", second.stdout);
    assert!(
        second.has("Reminder (late: it was due on Tue Nov 24, 13:00 EST)"),
        "{}",
        second.stdout
    );
    assert!(second.has("in 1 hour,"), "{}", second.stdout);
    let third = bot.console("2026-11-24T14:40:00-05:00", &script(&["/wait 1h"]));
    assert_eq!(third.count("Reminder"), 0, "{}", third.stdout);
    assert_eq!(third.count("Adopted: proposal #1"), 1, "{}", third.stdout);
}

#[test]
fn deadlines_across_both_dst_changes_keep_their_wall_clock_time() {
    // Fall back on Sunday 2026-11-01: Friday 15:00 EDT → Tuesday 15:00 EST.
    let bot = Bot::new();
    let out = bot.console(
        "2026-10-30T15:00:00-04:00",
        &script(&[
            "alice: !propose autumn plan",
            "/at 2026-11-03T14:59",
            "bob: !help",
            "/at 2026-11-03T15:00",
        ]),
    );
    assert!(out.has("adopted on Tue Nov 3, 15:00 EST"), "{}", out.stdout);
    let early = out.between("autumn plan", "bob: Commands");
    assert!(!early.iter().any(|l| l.contains("Adopted")), "adopted early: {early:?}");
    assert_eq!(out.count("Adopted: proposal #1"), 1, "{}", out.stdout);

    // Spring forward on Sunday 2026-03-08: Friday 15:00 EST → Tuesday 15:00 EDT.
    let bot = Bot::new();
    let out = bot.console(
        "2026-03-06T15:00:00-05:00",
        &script(&[
            "alice: !propose spring plan",
            "/at 2026-03-10T14:59",
            "bob: !help",
            "/at 2026-03-10T15:00",
        ]),
    );
    assert!(out.has("adopted on Tue Mar 10, 15:00 EDT"), "{}", out.stdout);
    let early = out.between("spring plan", "bob: Commands");
    assert!(!early.iter().any(|l| l.contains("Adopted")), "adopted early: {early:?}");
    assert_eq!(out.count("Adopted: proposal #1"), 1);
}

#[test]
fn holidays_and_weekends_do_not_count() {
    // Christmas Eve 2026 is a Thursday; Christmas is a Québec statutory holiday in the
    // built-in calendar: Thursday 9 h + Monday 24 h + Tuesday 15 h.
    let bot = Bot::new();
    let out = bot.console(
        "2026-12-24T15:00:00-05:00",
        &script(&["alice: !propose winter break rota"]),
    );
    assert!(out.has("adopted on Tue Dec 29, 15:00 EST"), "{}", out.stdout);
    // Saturday 10:00 → Wednesday 00:00.
    let bot = Bot::new();
    let out = bot.console("2026-11-21T10:00:00-05:00", &script(&["alice: !propose weekend idea"]));
    assert!(out.has("adopted on Wed Nov 25, 00:00 EST"), "{}", out.stdout);
}

#[test]
fn over_the_budget_cap_goes_to_a_meeting() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !propose 120$ a second-hand monitor",
            "alice: !propose 900$ a new server",
            "alice: !propose 500$ exactly the cap",
            "alice: !propose 1 000 $ two servers",
            "alice: !propose $1,000 three servers",
            "/wait 7d",
            "bob: !proposal 2",
        ]),
    );
    assert!(
        out.has("Proposal #1 by alice ($120): a second-hand monitor"),
        "{}",
        out.stdout
    );
    assert!(
        out.has(
            "It is above the $500 limit for proposals, so it goes to the production meeting on Tue Nov 24, 10:00 EST."
        ),
        "{}",
        out.stdout
    );
    assert_eq!(out.count("Adopted: proposal #1"), 1);
    assert_eq!(out.count("Adopted: proposal #2"), 0);
    assert_eq!(
        out.count("Adopted: proposal #3 by alice: exactly the cap"),
        1,
        "{}",
        out.stdout
    );
    assert!(out.has("Proposal #4 by alice ($1,000): two servers"), "{}", out.stdout);
    assert!(
        out.has("Proposal #5 by alice ($1,000): three servers"),
        "{}",
        out.stdout
    );
    assert_eq!(out.count("Adopted: proposal #4"), 0);
    assert_eq!(out.count("Adopted: proposal #5"), 0);
    assert!(out.has("Amount: $900, above the $500 limit"), "{}", out.stdout);
}

#[test]
fn commands_sent_privately_are_announced_in_the_room() {
    let bot = Bot::new();
    let out = bot.console(
        FRIDAY,
        &script(&["alice> !propose a quiet proposal", "bob> !veto 1 not so quiet"]),
    );
    assert!(
        out.has("[#office] konbit: Proposal #1 by alice: a quiet proposal"),
        "{}",
        out.stdout
    );
    assert!(
        out.has("[@alice] konbit: Proposal #1 by alice: a quiet proposal"),
        "{}",
        out.stdout
    );
    assert!(out.has("[#office] konbit: Proposal #1 is deferred"), "{}", out.stdout);
    assert!(out.has("[@bob] konbit: Proposal #1 is deferred"), "{}", out.stdout);
}

#[test]
fn every_malformed_command_gets_its_usage_line() {
    let cases = [
        ("!propose", "Usage: !propose [amount$] <text>"),
        ("!propose 300$", "Usage: !propose [amount$] <text>"),
        ("!veto", "Usage: !veto <id> <reason>"),
        (
            "!veto 1",
            "A veto needs a reason, so that it can be discussed. Usage: !veto <id> <reason>",
        ),
        (
            "!veto one two",
            "A proposal id is a number such as 3 or #3. Usage: !veto <id> <reason>",
        ),
        ("!unveto", "Usage: !unveto <id>"),
        ("!unveto 1 2", "Usage: !unveto <id>"),
        (
            "!withdraw abc",
            "A proposal id is a number such as 3 or #3. Usage: !withdraw <id>",
        ),
        (
            "!propose $lots of money",
            "An amount is written 300$, $300, 1,000$ or $45.50. Usage: !propose [amount$] <text>",
        ),
        ("!proposal", "Usage: !proposal <id>"),
        ("!proposals now", "Usage: !proposals"),
        ("!help me please", "Usage: !help [command]"),
        (
            "!vetoo 1 x",
            "Unknown command !vetoo — did you mean !veto? Type !help for the list.",
        ),
        ("!dance", "Unknown command !dance. Type !help for the list."),
    ];
    let bot = Bot::new();
    let lines: Vec<String> = cases.iter().map(|(c, _)| format!("dana: {c}")).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = bot.console(FRIDAY, &script(&lines));
    let got = out.lines();
    assert_eq!(got.len(), cases.len(), "one answer per command:\n{}", out.stdout);
    for ((cmd, want), line) in cases.iter().zip(got) {
        assert!(
            line.starts_with("[#office] konbit: dana: ") && line.contains(want),
            "{cmd}: {line}"
        );
    }
}

#[test]
fn the_same_flow_in_french() {
    let bot = Bot::with_config("[collective]\nlanguage = \"fr\"\n");
    let out = bot.console(
        FRIDAY,
        &script(&[
            "alice: !proposer acheter une bouilloire",
            "bob: !veto 1",
            "bob: !veto 1 laquelle ?",
            "bob: !leverveto 1",
            "carole: !propositions",
            "alice: !proposer 1 000 $ un serveur",
            "alice: !retirer 2",
            "dana: !aide veto",
            "dana: !proposition",
            "dana: !vetto 1 non",
            "/at 2026-11-23T15:00",
            "/at 2026-11-24T15:00",
        ]),
    );
    assert_eq!(out.code, Some(0));
    let want = [
        "[#office] konbit: Proposition #1, par alice : acheter une bouilloire",
        "[#office] konbit: Adoption prévue le mar 24 nov, 15 h 00 HNE, sauf veto (!veto 1 <raison>).",
        "[#office] konbit: bob: Un veto demande une raison, pour qu’on puisse en discuter. Syntaxe : !veto <numéro> <raison>",
        "[#office] konbit: La proposition #1 est reportée à la réunion de production du mar 24 nov, 10 h 00 HNE : bob a opposé son veto (laquelle ?).",
        "[@alice] konbit: bob a opposé son veto à ta proposition #1 (laquelle ?). Elle sera discutée à la réunion de production du mar 24 nov, 10 h 00 HNE.",
        "[#office] konbit: bob a levé son veto sur la proposition #1 : elle est de nouveau ouverte ; adoption prévue le mar 24 nov, 15 h 00 HNE, sauf veto.",
        "[#office] konbit: carole: Propositions :",
        "[#office] konbit: #1 alice : acheter une bouilloire — adoption prévue le mar 24 nov, 15 h 00 HNE (dans 4 jours)",
        "[#office] konbit: Proposition #2, par alice (1 000 $) : un serveur",
        "[#office] konbit: Elle dépasse le plafond de 500 $ : elle va donc à la réunion de production du mar 24 nov, 10 h 00 HNE.",
        "[#office] konbit: La proposition #2 a été retirée par alice.",
        "[#office] konbit: dana: !veto <numéro> <raison> — s’oppose à une proposition, avec une raison ; elle est alors tranchée à la prochaine réunion de production ou de réflexion.",
        "[#office] konbit: Exemple : !veto 3 nous avons déjà deux écrans en réserve",
        "[#office] konbit: dana: Syntaxe : !proposition <numéro>",
        "[#office] konbit: dana: Commande inconnue : !vetto — voulais-tu dire !veto ? Tape !aide pour la liste.",
        "[#office] konbit: Rappel : la proposition #1, par alice (acheter une bouilloire), sera adoptée le mar 24 nov, 15 h 00 HNE, dans 1 jour, sauf veto.",
        "[#office] konbit: Rappel : la proposition #1, par alice (acheter une bouilloire), sera adoptée le mar 24 nov, 15 h 00 HNE, dans 2 heures, sauf veto.",
        "[#office] konbit: Adoptée : proposition #1, par alice : acheter une bouilloire",
    ];
    assert_eq!(out.lines(), want, "\n{}", out.stdout);
}

#[test]
fn a_member_with_french_set_gets_french_replies_in_an_english_collective() {
    let bot = Bot::with_config("[[members]]\nname = \"alice\"\nlanguage = \"fr\"\n[[members]]\nname = \"bob\"\n");
    let out = bot.console(FRIDAY, &script(&["alice: !veto 9 non", "bob: !veto 9 no"]));
    assert!(out.has("alice: Il n’y a pas de proposition #9."), "{}", out.stdout);
    assert!(out.has("bob: There is no proposal #9."), "{}", out.stdout);
}

#[test]
fn non_members_cannot_write_when_a_roster_is_configured() {
    let bot = Bot::with_config("[[members]]\nname = \"alice\"\n[[members]]\nname = \"Bob\"\n");
    let out = bot.console(
        FRIDAY,
        &script(&[
            "mallory: !propose give mallory the keys",
            "alice: !propose buy a kettle",
            "mallory: !veto 1 I object",
            "mallory: !withdraw 1",
            "mallory: !proposals",
            "bob: !veto 1 wrong kettle",
        ]),
    );
    assert!(
        out.has("mallory: Only members of the collective can use !propose."),
        "{}",
        out.stdout
    );
    assert!(
        out.has("mallory: Only members of the collective can use !veto."),
        "{}",
        out.stdout
    );
    assert!(
        out.has("mallory: Only members of the collective can use !withdraw."),
        "{}",
        out.stdout
    );
    // Reading is open to everyone, and nothing of mallory's was recorded.
    assert!(out.has("mallory: Proposals:"), "{}", out.stdout);
    assert_eq!(out.count("give mallory the keys"), 0, "{}", out.stdout);
    assert_eq!(out.count("Proposal #2"), 0);
    // Roster names match whatever the case, under their roster spelling.
    assert!(out.has("Bob vetoed it (wrong kettle)"), "{}", out.stdout);
}
