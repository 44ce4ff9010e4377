//! The agenda prepared ahead of a meeting (issue 31; README, "Meetings"): items added by
//! several members over a week, refusals, the reminder and the e-mail carrying the agenda,
//! `!meeting start` posting it and the minutes listing it — in English and in French,
//! through the real binary's console with a simulated clock.

use crate::support;

use support::{Bot, script};

const CONFIG: &str = r##"
[console]
room = "#office"
[meetings]
reminders_before = ["1d"]
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
[[members]]
name = "carole"
"##;

/// Wednesday 2026-11-18 09:00 in Montreal (EST); the production meeting is on Tuesdays
/// at 10:00, so the next one is on 2026-11-24.
const WEDNESDAY: &str = "2026-11-18T09:00:00-05:00";

/// The `n` room lines after the line `first` (the agenda a heading introduces).
fn lines_after<'a>(r: &[&'a str], first: &str, n: usize) -> Vec<&'a str> {
    let i = r
        .iter()
        .position(|l| *l == first)
        .unwrap_or_else(|| panic!("{first}\n{r:#?}"));
    r[i + 1..(i + 1 + n).min(r.len())].to_vec()
}

#[test]
fn an_agenda_prepared_over_a_week_goes_out_with_the_reminder_and_into_the_meeting() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        WEDNESDAY,
        &script(&[
            "alice: !propose buy a second-hand espresso machine",
            "bob: !veto 1 we should compare prices first",
            "alice: !agenda add Quarterly figures info",
            "/at 2026-11-19T11:00",
            "bob: !agenda add Ideas for the open house brainstorm 30m",
            "carole: !agenda add budget decision",
            "/at 2026-11-20T14:00",
            "carole: !agenda add Buy a second laser cutter decision",
            "carole: !agenda add #1 decision",
            "carole: !agenda add #9 decision",
            "bob: !agenda remove 1",
            "alice: !agenda add Parking info 10m",
            "alice: !agenda remove 4",
            "alice: !agenda remove 5",
            "alice: !agenda remove 5",
            "bob: !agenda",
            "/at 2026-11-23T10:00",
            "/at 2026-11-24T10:00",
            "alice: !meeting start production",
            "bob: !agenda add After the start info",
            "alice: !topic Quarterly figures",
            "/wait 40m",
            "alice: !meeting end",
            "bob: !agenda",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let added = "Added to the agenda of the production meeting (Tue Nov 24, 10:00 EST): ";
    for line in [
        format!("alice: {added}1. Quarterly figures — information, 5 minutes (alice)"),
        format!("bob: {added}2. Ideas for the open house — brainstorm, 30 minutes (bob)"),
        format!("carole: {added}3. Buy a second laser cutter — decision, 15 minutes (carole)"),
        // A proposal named alone is shown with its text.
        format!("carole: {added}4. #1: buy a second-hand espresso machine — decision, 15 minutes (carole)"),
        "carole: There is no proposal #9.".to_owned(),
        // Only its author removes an item.
        "bob: Only alice, who added item 1, can remove it.".to_owned(),
        "alice: Only carole, who added item 4, can remove it.".to_owned(),
        "alice: Item 5 removed from the agenda of the production meeting: Parking".to_owned(),
        "alice: There is no item 5 on an agenda ahead (the items of a meeting that started belong to it).".to_owned(),
    ] {
        assert!(r.contains(&line.as_str()), "{line}\n{r:#?}");
    }
    // A decision item that does not say what is to be decided is refused, with how to say it.
    assert!(r.contains(
        &"carole: A decision item names a proposal (#12) or says in a few words what is to be decided, e.g. !agenda add Buy a second laser cutter decision. Usage: !agenda [meeting] [add <title> [info|brainstorm|decision] [15m] | remove <n>]"
    ), "{r:#?}");
    let agenda = [
        "On the agenda, the deferred proposals:",
        "#1 by alice: buy a second-hand espresso machine (veto by bob: we should compare prices first)",
        "Items added by members (1 hour 5 minutes in all):",
        "1. Quarterly figures — information, 5 minutes (alice)",
        "2. Ideas for the open house — brainstorm, 30 minutes (bob)",
        "3. Buy a second laser cutter — decision, 15 minutes (carole)",
        "4. #1: buy a second-hand espresso machine — decision, 15 minutes (carole)",
    ];
    let after = |first: &str| lines_after(&r, first, agenda.len());
    // Deferred proposals first, then the items, on !agenda…
    assert_eq!(
        after("bob: Agenda of the production meeting (Tue Nov 24, 10:00 EST):"),
        agenda
    );
    // …with the reminder a day before, at 10:00 on Monday…
    let reminder = "Reminder: the production meeting is on Tue Nov 24, 10:00 EST, in 1 day.";
    assert_eq!(after(reminder), agenda);
    assert!(out.has("[mail alice] konbit: konbit: agenda of the production meeting (Tue Nov 24, 10:00 EST): Reminder: the production meeting is on Tue Nov 24, 10:00 EST, in 1 day."), "{}", out.stdout);
    assert!(
        out.has("[mail alice] konbit: 3. Buy a second laser cutter — decision, 15 minutes (carole)"),
        "{}",
        out.stdout
    );
    // (bob and carole have no address.)
    assert!(!out.has("[mail bob]") && !out.has("[mail carole]"), "{}", out.stdout);
    // …and when the meeting starts.
    assert_eq!(
        after("The production meeting is open (started by alice). Say !here to be counted present."),
        agenda
    );
    // Added after the start: for the next meeting, which has only that item.
    assert!(r.contains(&"bob: Added to the agenda of the production meeting (Tue Dec 1, 10:00 EST): 6. After the start — information, 5 minutes (bob)"), "{r:#?}");
    let next = r
        .iter()
        .position(|l| *l == "bob: Agenda of the production meeting (Tue Dec 1, 10:00 EST):")
        .expect("next agenda");
    assert_eq!(
        r[next + 3..],
        [
            "Items added by members (5 minutes in all):",
            "6. After the start — information, 5 minutes (bob)"
        ]
    );
    // The minutes list the agenda the meeting took.
    let minutes =
        std::fs::read_to_string(bot.dir().join("minutes").join("2026-11-24-production-1.md")).expect("minutes");
    let section = minutes
        .split("## Agenda\n\n")
        .nth(1)
        .expect("agenda section")
        .split("## Topics")
        .next()
        .unwrap_or_default();
    assert_eq!(section.lines().filter(|l| l.starts_with("- ")).count(), 4, "{minutes}");
    assert!(
        section.contains("Quarterly figures — information, 5 minutes (alice)"),
        "{minutes}"
    );
    assert!(
        section.contains("Buy a second laser cutter — decision, 15 minutes (carole)"),
        "{minutes}"
    );
    assert!(!minutes.contains("After the start"), "{minutes}");
}

#[test]
fn the_agenda_in_french_with_odj() {
    let bot = Bot::with_config(
        "[collective]\nlanguage = \"fr\"\n[meetings]\nreminders_before = [\"1d\"]\n[[members]]\nname = \"ana\"\n[[members]]\nname = \"ben\"\n",
    );
    let out = bot.console(
        WEDNESDAY,
        &script(&[
            "ana: !odj ajouter Chiffres du trimestre",
            "/at 2026-11-19T11:00",
            "ben: !odj ajouter Idées pour les portes ouvertes remue-meninges 30m",
            "ben: !odj ajouter le budget décision",
            "ben: !ordre-du-jour ajouter Acheter une deuxième découpeuse laser décision",
            "ben: !odj retirer 1",
            "ana: !odj ajouter Stationnement info 10m",
            "ana: !odj retirer 4",
            "ben: !odj",
            "/at 2026-11-23T10:00",
            "/at 2026-11-24T10:00",
            "ana: !réunion début production",
            "/wait 40m",
            "ana: !réunion fin",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    let added = "Ajouté à l’ordre du jour de la réunion de production (mar 24 nov, 10 h 00 HNE) : ";
    for line in [
        format!("ana: {added}1. Chiffres du trimestre — information, 5 minutes (ana)"),
        format!("ben: {added}2. Idées pour les portes ouvertes — remue-méninges, 30 minutes (ben)"),
        format!("ben: {added}3. Acheter une deuxième découpeuse laser — décision, 15 minutes (ben)"),
        "ben: Seul·e ana, qui a ajouté le point 1, peut le retirer.".to_owned(),
        "ana: Point 4 retiré de l’ordre du jour de la réunion de production : Stationnement".to_owned(),
        "ben: Un point à décider nomme une proposition (#12) ou dit en quelques mots ce qui est à décider, p. ex. !odj ajouter Acheter une deuxième découpeuse laser décision. Syntaxe : !odj [réunion] [ajouter <titre> [info|remue-méninges|décision] [15m] | retirer <n>]".to_owned(),
    ] {
        assert!(r.contains(&line.as_str()), "{line}\n{r:#?}");
    }
    let agenda = [
        "Aucune proposition reportée à l’ordre du jour.",
        "Points ajoutés par les membres (50 minutes en tout) :",
        "1. Chiffres du trimestre — information, 5 minutes (ana)",
        "2. Idées pour les portes ouvertes — remue-méninges, 30 minutes (ben)",
        "3. Acheter une deuxième découpeuse laser — décision, 15 minutes (ben)",
    ];
    let after = |first: &str| lines_after(&r, first, agenda.len());
    assert_eq!(
        after("ben: Ordre du jour de la réunion de production (mar 24 nov, 10 h 00 HNE) :"),
        agenda
    );
    assert_eq!(
        after("Rappel : la réunion de production a lieu le mar 24 nov, 10 h 00 HNE, dans 1 jour."),
        agenda
    );
    assert_eq!(
        after("La réunion de production est ouverte (par ana). Dis !présent pour signaler ta présence."),
        agenda
    );
    let minutes =
        std::fs::read_to_string(bot.dir().join("minutes").join("2026-11-24-production-1.md")).expect("minutes");
    assert!(minutes.contains("## Ordre du jour\n\n"), "{minutes}");
    assert!(
        minutes.contains("Idées pour les portes ouvertes — remue-méninges, 30 minutes (ben)"),
        "{minutes}"
    );
    assert!(!minutes.contains("Stationnement"), "{minutes}");
}
