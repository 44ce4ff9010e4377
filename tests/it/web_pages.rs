//! What the pages say, checked over HTTP against `konbit web` on a database filled
//! through the console, in English and in French: counts and names read as sentences,
//! dates as the other pages', a member too new to be judged is "new", /hours starts at
//! the collective's first hours, and a proposal's amount is on `/` as the bot says it.

use crate::support;

use support::web::{CONFIG, fill, link_path, ok, serve};
use support::{Bot, script};

#[test]
fn no_proposals_is_said_as_none_a_french_name_takes_its_elision_and_year_links_stay_in_range() {
    let bot = Bot::with_config(CONFIG);
    let out = fill(&bot);
    let mine = link_path(&out, "alice");
    let (_web, at) = serve(&bot, &[]);
    assert!(ok(&at, "/decisions?lang=fr&year=2001").contains("Aucune proposition, page 1 sur 1."));
    assert!(ok(&at, "/decisions?lang=en&year=2001").contains("No proposals, page 1 of 1."));
    assert!(ok(&at, "/decisions?lang=fr").contains("2 propositions, page 1 sur 1."));
    let page = ok(&at, &format!("{mine}?lang=fr"));
    assert!(page.contains("<h1>Page d’alice</h1>"), "{page}");
    let first = ok(&at, "/hours?year=2000&lang=en");
    assert!(!first.contains("year=1999") && first.contains("year=2001"), "{first}");
    let last = ok(&at, "/hours?year=2100&lang=en");
    assert!(!last.contains("year=2101") && last.contains("year=2099"), "{last}");
}

#[test]
fn the_membership_period_reads_as_the_other_pages_dates() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    let (_web, at) = serve(&bot, &[]);
    let en = ok(&at, "/membership?lang=en");
    assert!(en.contains("Tue Sep 1 2026") && en.contains("Sat Oct 31 2026"), "{en}");
    let fr = ok(&at, "/membership?lang=fr");
    assert!(fr.contains("du mar 1 sep 2026 au sam 31 oct 2026"), "{fr}");
}

#[test]
fn a_member_too_new_for_a_whole_period_is_new_not_failing_in_chat_and_on_the_pages() {
    let bot = Bot::with_config(&CONFIG.replace("[web]", "[[members]]\nname = \"zoe\"\nlanguage = \"fr\"\n[web]"));
    // The check of 20 November looks at September and October. alice is on record since
    // August, bob has nothing of his own in a collective on record since then; carole and
    // zoe came in November.
    let out = bot.console(
        "2026-11-20T09:00:00-05:00",
        &script(&[
            "alice: !punch 1h webdev 2026-08-31",
            "carole: !punch 2h webdev 2026-11-02",
            "zoe: !punch 2h webdev 2026-11-03",
            "bob: !membership",
            "zoe> !statut",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.has("carole new (not judged yet)"), "{}", out.stdout);
    assert!(out.has("zoe new (not judged yet)"), "{}", out.stdout);
    assert!(out.has("alice not meeting the rules"), "{}", out.stdout);
    assert!(out.has("bob not meeting the rules"), "{}", out.stdout);
    let zoe = out.private("zoe").join("\n");
    assert!(zoe.contains(": arrivée récente (pas encore évaluée)."), "{zoe}");
    let (_web, at) = serve(&bot, &[]);
    let api = ok(&at, "/api/membership");
    for (member, status) in [
        ("alice", "not-meeting"),
        ("bob", "not-meeting"),
        ("carole", "new"),
        ("zoe", "new"),
    ] {
        assert!(
            api.contains(&format!(r#""member":"{member}","status":"{status}""#)),
            "{member}: {api}"
        );
    }
    let en = ok(&at, "/membership?lang=en");
    assert!(
        en.contains("<bdi>carole</bdi></th><td><span class=\"tag new\">new (not judged yet)</span>"),
        "{en}"
    );
    let fr = ok(&at, "/membership?lang=fr");
    assert!(
        fr.contains("<bdi>zoe</bdi></th><td><span class=\"tag new\">arrivée récente (pas encore évaluée)</span>"),
        "{fr}"
    );
}

#[test]
fn hours_start_at_the_collectives_first_hours_not_with_months_of_zeros() {
    let bot = Bot::with_config(CONFIG);
    // The first hours ever are punched on 24 November 2026.
    fill(&bot);
    let (_web, at) = serve(&bot, &[]);
    let en = ok(&at, "/hours?year=2026&lang=en");
    assert!(en.contains("November 2026"), "{en}");
    for before in ["January 2026", "October 2026"] {
        assert!(!en.contains(before), "{before} is listed: {en}");
    }
    let fr = ok(&at, "/hours?year=2026&lang=fr");
    assert!(fr.contains("novembre 2026") && !fr.contains("janvier 2026"), "{fr}");
    let api = ok(&at, "/api/hours?year=2026");
    assert!(api.contains(r#""by_month":[{"key":"2026-11""#), "{api}");
    // A year before any hours: nothing to list, said as such.
    let earlier = ok(&at, "/hours?year=2025&lang=en");
    assert!(
        earlier.contains("No hours recorded.") && !earlier.contains("January 2025"),
        "{earlier}"
    );
    let earlier = ok(&at, "/hours?year=2025&lang=fr");
    assert!(
        earlier.contains("Aucune heure enregistrée.") && !earlier.contains("janvier 2025"),
        "{earlier}"
    );
}

#[test]
fn a_proposals_amount_is_on_the_home_page_as_the_bot_says_it() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&["alice: !propose 120$ for a kettle", "bob: !proposals"]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.has("#1 alice ($120): for a kettle — will be adopted on"),
        "{}",
        out.stdout
    );
    let (_web, at) = serve(&bot, &[]);
    let en = ok(&at, "/?lang=en");
    assert!(
        en.contains("<li>#1 alice ($120): <bdi>for a kettle</bdi> — will be adopted on"),
        "{en}"
    );
    let fr = ok(&at, "/?lang=fr");
    assert!(
        fr.contains("<li>#1 alice (120 $) : <bdi>for a kettle</bdi> — adoption prévue le"),
        "{fr}"
    );
}
