//! The web view in a real headless Chromium (tests/it/support/browser.rs): a real SQLite file
//! filled through the console, `konbit web` running on it, and each page looked at as a
//! person would, in English and in French (asked in the address and by the browser's
//! language), on a desktop and on a phone. Screenshots for review are saved as
//! `target/screenshots/{home,decisions,hours}-{en,fr}.png` (desktop) and
//! `…-{en,fr}-phone.png`.

use crate::support;

use std::time::Duration;

use support::browser::{Browser, Window};
use support::{Bot, Running, script};

const CONFIG: &str = r#"
[collective]
name = "Coop Kettle"
[[projects]]
name = "webdev"
[[projects]]
name = "sysadmin"
kind = "care"
[[projects]]
name = "entretien-informatique"
kind = "care"
[[members]]
name = "alice"
[[members]]
name = "bob"
[[members]]
name = "carole"
[web]
listen = "127.0.0.1:0"
base_url = "http://konbit.test"
"#;

/// October's and November's work, two proposals (one vetoed, then rejected at a meeting).
fn fill(bot: &Bot) {
    // And a production meeting every weekday from 15 October: more than the attendance
    // grid shows.
    let mut lines: Vec<String> = [
        "alice: !punch 4h webdev",
        "bob: !punch 3h sysadmin volunteer",
        "carole: !punch 2h30 webdev",
        "carole: !punch 1h entretien-informatique volunteer",
    ]
    .map(String::from)
    .to_vec();
    for day in 15..=30 {
        lines.push(format!("/at 2026-10-{day}T10:00"));
        lines.push("alice: !meeting start production".into());
        lines.push("bob: !here".into());
        lines.push("/wait 1h".into());
        lines.push("alice: !meeting end".into());
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let october = bot.console("2026-10-14T09:00:00-04:00", &script(&refs));
    assert_eq!(october.code, Some(0), "{}", october.stderr);
    let november = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&[
            "alice: !propose buy a kettle",
            "bob: !propose paint the office green",
            "carole: !veto 2 the landlord forbids it",
            "alice: !punch 3h webdev",
            "bob: !punch 2h sysadmin volunteer",
            "/wait 1h",
            "alice: !meeting start production",
            "alice: !here",
            "bob: !here",
            "alice: !decide 2 rejected the landlord said no",
            "alice: !meeting end",
        ]),
    );
    assert_eq!(november.code, Some(0), "{}", november.stderr);
}

/// `konbit web` on the bot's database at noon that Tuesday; its address.
fn serve(bot: &Bot) -> (Running, String) {
    let web = bot.spawn(&["web", "--clock", "2026-11-24T12:00:00-05:00"], &[]);
    let out = bot.dir().join("run.out");
    for _ in 0..400 {
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        if let Some(at) = text.find("http://127.0.0.1:") {
            let address = text[at..].split_whitespace().next().unwrap().to_owned();
            return (web, address);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("konbit web did not start: {}", web.log());
}

/// What a person must see on each page, by language.
struct Expect {
    home: &'static [&'static str],
    decisions: &'static [&'static str],
    hours: &'static [&'static str],
}

const ENGLISH: Expect = Expect {
    home: &["Open proposals", "buy a kettle", "Thu Nov 26, 09:00 EST", "!veto"],
    decisions: &[
        "paint the office green",
        "the landlord forbids it",
        "the landlord said no",
    ],
    hours: &[
        "webdev",
        "sysadmin (care and maintenance)",
        "entretien-informatique (care and maintenance)",
    ],
};

const FRENCH: Expect = Expect {
    home: &[
        "Propositions ouvertes",
        "buy a kettle",
        "jeu 26 nov, 9 h 00 HNE",
        "!veto",
    ],
    decisions: &[
        "Registre des décisions",
        "paint the office green",
        "the landlord forbids it",
    ],
    hours: &[
        "Bénévoles",
        "sysadmin (soin et entretien)",
        "entretien-informatique (soin et entretien)",
    ],
};

/// Loads `path`, checks what is seen, that nothing overflows the window sideways, saves
/// the screenshot `name`.
fn look(browser: &Browser, address: &str, path: &str, must_see: &[&str], name: &str) -> String {
    browser.open(&format!("{address}{path}"));
    let text = browser.text();
    for words in must_see {
        assert!(text.contains(words), "{path} ({name}) does not show {words:?}:\n{text}");
    }
    let shot = browser.screenshot(name);
    let width = browser.script("return document.documentElement.scrollWidth").as_u64();
    assert!(
        width.is_some_and(|w| w <= u64::from(browser.window().size().0)),
        "{path} is {width:?} px wide in a {:?} window (see {})",
        browser.window(),
        shot.display()
    );
    text
}

fn pages(browser: &Browser, address: &str, lang: &str, query: &str, expect: &Expect, suffix: &str) {
    let home = look(
        browser,
        address,
        &format!("/{query}"),
        expect.home,
        &format!("home-{lang}{suffix}"),
    );
    assert_eq!(browser.attribute("html", "lang").as_deref(), Some(lang));
    // The open proposal, not the rejected one, is on the home page's open list.
    assert!(home.contains("buy a kettle"), "{home}");
    look(
        browser,
        address,
        &format!("/decisions{query}"),
        expect.decisions,
        &format!("decisions-{lang}{suffix}"),
    );
    // Every column in view without scrolling sideways, on a phone too: the veto's reason
    // and the meeting's decision (each proposal is a card on a narrow screen).
    for words in ["the landlord forbids it", "the landlord said no"] {
        let seen = browser.script(&format!(
            "const cell = [...document.querySelectorAll('td')].find(e => e.textContent.includes({words:?}));
             const r = cell.getBoundingClientRect();
             return r.left >= 0 && r.right <= window.innerWidth;"
        ));
        assert_eq!(
            seen.as_bool(),
            Some(true),
            "{words:?} is out of view on /decisions ({lang}{suffix})"
        );
    }
    look(
        browser,
        address,
        &format!("/hours{query}"),
        expect.hours,
        &format!("hours-{lang}{suffix}"),
    );
    // The charts are drawn, each with its table of figures, and fit the screen: every
    // bar and the legend in view.
    assert!(browser.count("svg") >= 2, "no charts on /hours ({lang})");
    assert_eq!(
        browser
            .script("return [...document.querySelectorAll('svg, svg text, svg rect')].every(e => e.getBoundingClientRect().right <= window.innerWidth)")
            .as_bool(),
        Some(true),
        "a chart is cut at the right edge on /hours ({lang}{suffix})"
    );
    // No label is cut at the left edge, the long care-work one included, and each is
    // whole in the chart.
    let clipped = browser.script(
        "return [...document.querySelectorAll('svg')].flatMap(svg => {
             const box = svg.getBoundingClientRect();
             return [...svg.querySelectorAll('text')]
                 .filter(t => { const r = t.getBoundingClientRect(); return r.left < box.left - 0.5 || r.right > box.right + 0.5; })
                 .map(t => t.textContent);
         });",
    );
    assert_eq!(
        clipped,
        serde_json::json!([]),
        "chart labels cut at an edge on /hours ({lang}{suffix})"
    );
    let care = if lang == "en" {
        "entretien-informatique (care and maintenance)"
    } else {
        "entretien-informatique (soin et entretien)"
    };
    let labels = browser.script("return [...document.querySelectorAll('svg text')].map(t => t.textContent);");
    assert!(
        labels
            .as_array()
            .is_some_and(|l| l.iter().any(|t| t.as_str() == Some(care))),
        "the care-work label is not whole in the chart ({lang}{suffix}): {labels}"
    );
    assert!(browser.count("table") >= 2, "no tables behind the charts ({lang})");
    // The minutes list's link to each meeting's minutes, and the latest meeting of the
    // attendance grid, are in view without scrolling sideways.
    look(
        browser,
        address,
        &format!("/minutes{query}"),
        &[],
        &format!("minutes-{lang}{suffix}"),
    );
    assert_eq!(
        browser
            .script("const a = document.querySelector('main a[href^=\\'/minutes/\\']'); const r = a.getBoundingClientRect(); return r.width > 0 && r.right <= window.innerWidth;")
            .as_bool(),
        Some(true),
        "the link to the minutes is out of view ({lang}{suffix})"
    );
    browser.open(&format!("{address}/attendance{query}"));
    browser.screenshot(&format!("attendance-{lang}{suffix}"));
    let latest = browser
        .script("const th = document.querySelectorAll('thead th')[1]; const r = th.getBoundingClientRect(); return r.right <= window.innerWidth && th.textContent;");
    assert!(
        latest
            .as_str()
            .is_some_and(|t| t.contains(if lang == "en" { "Nov 24" } else { "24 nov" })),
        "the latest meeting is out of view on /attendance ({lang}{suffix}): {latest}"
    );
    browser.open(&format!("{address}/hours{query}"));
    // Nobody's own hours on a collective page.
    let hours = browser.text();
    for name in ["alice", "bob", "carole"] {
        assert!(!hours.contains(name), "/hours names {name}:\n{hours}");
    }
}

#[test]
#[ignore = "needs Chromium and chromedriver: scripts/test installs them"]
fn the_pages_show_proposals_deadlines_decisions_and_hours_in_english_and_french() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    let (web, address) = serve(&bot);
    for window in [Window::Desktop, Window::Phone] {
        let suffix = if window == Window::Phone { "-phone" } else { "" };
        // English: the browser asks for it.
        let english = Browser::start(window);
        pages(&english, &address, "en", "", &ENGLISH, suffix);
        // French asked in the address, from an English browser; the links keep it.
        english.open(&format!("{address}/?lang=fr"));
        assert!(english.text().contains("Propositions ouvertes"), "{}", english.text());
        let to_decisions = english.attribute("a[href^='/decisions']", "href").unwrap_or_default();
        assert!(to_decisions.contains("lang=fr"), "{to_decisions}");
        drop(english);
        // French: the browser's language (Accept-Language), nothing in the address.
        let french = Browser::start_with(window, "fr-CA,fr");
        pages(&french, &address, "fr", "", &FRENCH, suffix);
    }
    assert!(!web.log().contains("panicked"), "{}", web.log());
}

/// Whether the `<time>` inside the first `selector` element holding `words` reads left
/// to right on the screen (its first character left of its last).
fn time_reads_left_to_right(browser: &Browser, selector: &str, words: &str) -> Option<bool> {
    browser
        .script(&format!(
            "const el = [...document.querySelectorAll({selector:?})].find(e => e.textContent.includes({words:?}));
             const node = el.querySelector('time').firstChild;
             const at = i => {{ const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                               return r.getBoundingClientRect().left; }};
             return at(0) < at(node.length - 1);"
        ))
        .as_bool()
}

#[test]
#[ignore = "needs Chromium and chromedriver: scripts/test installs them"]
fn one_long_word_or_a_right_to_left_override_never_breaks_a_page() {
    let bot = Bot::with_config(CONFIG);
    let long = "Donaudampfschifffahrtsgesellschaftskapitän".repeat(6);
    assert!(long.chars().count() >= 240);
    let out = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&[
            &format!("alice: !propose buy {long}"),
            &format!("carole: !veto 1 {long}"),
            "bob: !propose \u{202E}reversed paint",
            "alice: !propose buy a kettle",
            "alice: !meeting start production",
            &format!("alice: !decide 1 rejected {long}"),
            &format!("alice: !topic {long}"),
            "alice: !meeting end",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let (web, address) = serve(&bot);
    for window in [Window::Desktop, Window::Phone] {
        let browser = Browser::start(window);
        for (path, name) in [
            ("/", "long-word-home"),
            ("/decisions", "long-word-decisions"),
            ("/minutes/1", "long-word-minutes"),
        ] {
            look(
                &browser,
                &address,
                path,
                &["Donaudampf"],
                &format!("{name}-{}", window.name()),
            );
        }
        // The register's other columns stay in view beside the long proposal.
        browser.open(&format!("{address}/decisions"));
        for column in ["Status", "Vetoes", "Decision"] {
            let seen = browser.script(&format!(
                "const row = document.querySelector('#p1');
                 const i = [...document.querySelectorAll('thead th')].findIndex(e => e.textContent.trim() === {column:?});
                 const r = row.children[i].getBoundingClientRect();
                 return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;"
            ));
            assert_eq!(seen.as_bool(), Some(true), "{column} of #1 is out of view ({window:?})");
        }
        // An override in a proposal turns its own words only, not the deadline after them.
        browser.open(&format!("{address}/"));
        assert_eq!(
            time_reads_left_to_right(&browser, "li", "reversed paint"),
            Some(true),
            "the deadline after the override reads backwards ({window:?})"
        );
        assert_eq!(time_reads_left_to_right(&browser, "li", "kettle"), Some(true));
    }
    assert!(!web.log().contains("panicked"), "{}", web.log());
}
