//! Time boxes during a meeting (issue 31; README, "Meetings"): `!item next` takes up the
//! agenda's items one after the other, the room is told when an item's time box is nearly
//! over and when it is over — at the right simulated minutes, once each, never for an item
//! already left, never again after a restart — and the minutes list the time each item
//! took against its box; in English and in French, through the real binary's console with
//! a simulated clock.

use crate::support;

use support::{Bot, script};

const CONFIG: &str = r##"
[console]
room = "#office"
[[members]]
name = "alice"
[[members]]
name = "bob"
[[members]]
name = "carole"
"##;

/// Tuesday 2026-11-24 09:00 in Montreal (EST): the production meeting is at 10:00.
const TUESDAY: &str = "2026-11-24T09:00:00-05:00";

/// The agenda of the tests: items 1 (5 minutes), 2 (15 minutes), 3 (10 minutes).
const AGENDA: [&str; 3] = [
    "alice: !agenda add Quarterly figures info",
    "bob: !agenda add Ideas for the open house brainstorm 15m",
    "carole: !agenda add Buy a second laser cutter decision 10m",
];

fn with_agenda(lines: &[&'static str]) -> String {
    let mut all: Vec<&str> = AGENDA.to_vec();
    all.extend_from_slice(lines);
    script(&all)
}

#[test]
fn time_boxes_are_announced_at_the_right_minutes_and_the_minutes_show_time_per_item() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        TUESDAY,
        &with_agenda(&[
            "/at 2026-11-24T10:00",
            "alice: !meeting start production",
            "bob: !item",
            // 10:00: item 1 (5 minutes): nearly over at 10:04 (1 minute left), over at 10:05.
            "alice: !item next",
            "/wait 3m",
            "bob: !here",
            "/wait 2m",
            "carole: !here",
            "/wait 2m",
            // 10:07: item 1 took 7 minutes; item 2 (15 minutes) would be nearly over at
            // 10:20 and over at 10:22…
            "alice: !item next",
            "/wait 10m",
            "bob: !item",
            // …but it is left at 10:17; item 3 (10 minutes): nearly over at 10:25 (2
            // minutes left), over at 10:27.
            "alice: !item next",
            "/wait 30m",
            // 10:47: item 3 took 30 minutes.
            "alice: !meeting end",
            "bob: !item next",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    for line in [
        "Say !item next to take up item 1; the room is told when an item's time box is nearly over.",
        "bob: No item taken up yet; !item next takes up this one: 1. Quarterly figures — information, 5 minutes (alice)",
        "Now: 1. Quarterly figures — information, 5 minutes (alice), taken up by alice — 2 items after it.",
        "Item 1 (Quarterly figures) took 7 min / 5 min.",
        "bob: Current item: 2. Ideas for the open house — brainstorm, 15 minutes (bob) — 10 min / 15 min so far.",
        "Item 2 (Ideas for the open house) took 10 min / 15 min.",
        "Now: 3. Buy a second laser cutter — decision, 10 minutes (carole), taken up by alice — the last item.",
        // After the end, there is no meeting to move on.
        "bob: No meeting is open here; open one with !meeting start production.",
    ] {
        assert!(r.contains(&line), "{line}\n{r:#?}");
    }
    // Nothing before 10:04; at 10:04 the warning, at 10:05 the end, once each.
    let nearly = "Item 1 (Quarterly figures): 1 minute left in its time box.";
    let over = "Item 1 (Quarterly figures): its time box (5 minutes) is over — !item next when you are ready.";
    let before_three = out.between("!item next takes up this one", "bob: counted present.");
    assert!(
        !before_three.iter().any(|l| l.contains("Item 1 (")),
        "{before_three:#?}"
    );
    let three_to_five = out.between("bob: counted present.", "carole: counted present.");
    assert_eq!(
        three_to_five.iter().filter(|l| l.contains("Item 1 (")).count(),
        2,
        "{three_to_five:#?}"
    );
    assert_eq!(out.count(nearly), 1, "{}", out.stdout);
    assert_eq!(out.count(over), 1, "{}", out.stdout);
    assert!(
        out.lines().iter().position(|l| l.contains(nearly)) < out.lines().iter().position(|l| l.contains(over)),
        "{}",
        out.stdout
    );
    // Item 3's warning (10:25) and end (10:27) came after 10:20, when item 2's would have:
    // nothing was said of item 2, which was left at 10:17.
    assert_eq!(
        out.count("Item 3 (Buy a second laser cutter): 2 minutes left in its time box."),
        1,
        "{}",
        out.stdout
    );
    assert_eq!(
        out.count("Item 3 (Buy a second laser cutter): its time box (10 minutes) is over"),
        1,
        "{}",
        out.stdout
    );
    assert!(!out.has("Item 2 (Ideas for the open house): "), "{}", out.stdout);
    let minutes =
        std::fs::read_to_string(bot.dir().join("minutes").join("2026-11-24-production-1.md")).expect("minutes");
    for line in [
        "- 1\\. Quarterly figures — information, 5 minutes (alice) — 7 min / 5 min",
        "- 2\\. Ideas for the open house — brainstorm, 15 minutes (bob) — 10 min / 15 min",
        "- 3\\. Buy a second laser cutter — decision, 10 minutes (carole) — 30 min / 10 min",
    ] {
        assert!(minutes.contains(line), "{line}\n{minutes}");
    }
}

#[test]
fn a_time_box_is_announced_once_even_across_a_restart() {
    let bot = Bot::with_config(CONFIG);
    let first = bot.console(
        TUESDAY,
        &with_agenda(&[
            "/at 2026-11-24T10:00",
            "alice: !meeting start production",
            "alice: !item next",
            // 10:04: nearly over; then the bot stops.
            "/wait 4m",
        ]),
    );
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(
        first.count("Item 1 (Quarterly figures): 1 minute left"),
        1,
        "{}",
        first.stdout
    );
    // Started again at 10:04:30: the warning is not said again; the end is, at 10:05.
    let second = bot.console(
        "2026-11-24T10:04:30-05:00",
        &script(&["bob: !item", "/wait 1m", "carole: !item", "/wait 10m", "alice: !here"]),
    );
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    assert!(!second.has("1 minute left"), "{}", second.stdout);
    assert_eq!(second.count("its time box (5 minutes) is over"), 1, "{}", second.stdout);
    let before = second.between("bob: Current item", "carole: Current item");
    assert!(before.iter().any(|l| l.contains("is over")), "{before:#?}");
    // Started again later, nothing more about item 1.
    let third = bot.console(
        "2026-11-24T10:20:00-05:00",
        &script(&[
            "bob: !item",
            "alice: !meeting end",
            "bob: !item next",
            // A meeting with no items, and a word !item does not know.
            "alice: !meeting start reflection",
            "alice: !item next",
            "bob: !item later",
        ]),
    );
    for line in [
        "bob: No meeting is open here; open one with !meeting start production.",
        "alice: This meeting has no agenda items (they are added ahead with !agenda add).",
        "bob: Usage: !item [next]",
    ] {
        assert!(third.has(line), "{line}\n{}", third.stdout);
    }
    assert!(
        !third.has("Item 1 (Quarterly figures):") && third.has("bob: Current item: 1. Quarterly figures"),
        "{}",
        third.stdout
    );
    // The minutes: item 1 from 10:00 to the end at 10:20; the others never taken up.
    let minutes =
        std::fs::read_to_string(bot.dir().join("minutes").join("2026-11-24-production-1.md")).expect("minutes");
    for line in [
        "- 1\\. Quarterly figures — information, 5 minutes (alice) — 20 min / 5 min",
        "- 2\\. Ideas for the open house — brainstorm, 15 minutes (bob) — not taken up",
        "- 3\\. Buy a second laser cutter — decision, 10 minutes (carole) — not taken up",
    ] {
        assert!(minutes.contains(line), "{line}\n{minutes}");
    }
}

#[test]
fn time_boxes_in_french_with_point_suivant() {
    let bot = Bot::with_config(
        "[collective]\nlanguage = \"fr\"\n[console]\nroom = \"#office\"\n[[members]]\nname = \"ana\"\n[[members]]\nname = \"ben\"\n",
    );
    let out = bot.console(
        TUESDAY,
        &script(&[
            "ana: !odj ajouter Chiffres du trimestre",
            "ben: !odj ajouter Idées pour les portes ouvertes remue-méninges 10m",
            "/at 2026-11-24T10:00",
            "ana: !réunion début production",
            "ana: !point suivant",
            "/wait 6m",
            "ben: !point",
            "ana: !point suivant",
            "/wait 12m",
            "ana: !point suivant",
            "ana: !réunion fin",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let r = out.room();
    for line in [
        "Dis !point suivant pour passer au point 1 ; le salon est prévenu quand la durée d’un point est presque écoulée.",
        "Point en cours : 1. Chiffres du trimestre — information, 5 minutes (ana), ouvert par ana — encore 1 point après lui.",
        "Point 1 (Chiffres du trimestre) : plus que 1 minute pour ce point.",
        "Point 1 (Chiffres du trimestre) : sa durée prévue (5 minutes) est écoulée — !point suivant quand vous êtes prêt·es.",
        "ben: Point en cours : 1. Chiffres du trimestre — information, 5 minutes (ana) — 6 min / 5 min jusqu’ici.",
        "Le point 1 (Chiffres du trimestre) a pris 6 min / 5 min.",
        "Point en cours : 2. Idées pour les portes ouvertes — remue-méninges, 10 minutes (ben), ouvert par ana — c’est le dernier point.",
        "Point 2 (Idées pour les portes ouvertes) : plus que 2 minutes pour ce point.",
        "Le point 2 (Idées pour les portes ouvertes) a pris 12 min / 10 min.",
        "C’était le dernier point de l’ordre du jour.",
    ] {
        assert!(r.contains(&line), "{line}\n{r:#?}");
    }
    let minutes =
        std::fs::read_to_string(bot.dir().join("minutes").join("2026-11-24-production-1.md")).expect("minutes");
    assert!(
        minutes.contains("- 1\\. Chiffres du trimestre — information, 5 minutes (ana) — 6 min / 5 min"),
        "{minutes}"
    );
    assert!(minutes.contains("— 12 min / 10 min"), "{minutes}");
}
