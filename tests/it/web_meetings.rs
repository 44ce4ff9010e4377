//! Meetings on the web view (issue 31), over HTTP against `konbit web` on a database
//! filled through the console, in English and in French: `/` shows the agenda prepared
//! for the next meeting (its items, their kind and time box), `/hours` the share of each
//! month's hours that went to meetings as a line over the months against the target, with
//! its table — the collective's only — and `/api/hours` the same figures.

use crate::support;

use support::web::{ok, serve};
use support::{Bot, script};

const CONFIG: &str = r#"
[meetings]
target_share = "20%"
[[projects]]
name = "webdev"
[[projects]]
name = "meetings"
kind = "meeting"
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

/// October: 12h, 2h of them in meetings — 120 of 720 minutes, 16.7 % (16.66…). November:
/// 8h, 2h of them in meetings (volunteer) — 120 of 480 minutes, 25 %. The view's clock
/// is Tuesday 24 November 2026 at 12:00: the next meeting is the production meeting of
/// Tuesday 1 December at 10:00.
fn filled() -> Bot {
    let bot = Bot::with_config(CONFIG);
    let out = bot.console(
        "2026-11-24T11:00:00-05:00",
        &script(&[
            "alice: !punch 10h webdev 2026-10-06",
            "alice: !punch 2h meetings 2026-10-06",
            "bob: !punch 6h webdev 2026-11-10",
            "carole: !punch 2h meetings 2026-11-10 volunteer",
            "alice: !agenda add Quarterly figures info",
            "bob: !agenda add Ideas for the open house brainstorm 15m",
            "carole: !agenda reflection add Four-day week brainstorm",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    bot
}

#[test]
fn the_home_page_shows_the_next_meetings_agenda_with_kinds_and_time_boxes() {
    let bot = filled();
    let (_web, at) = serve(&bot, &[]);
    let en = ok(&at, "/?lang=en");
    assert!(
        en.contains("Agenda of the production meeting (Tue Dec 1, 10:00 EST)"),
        "{en}"
    );
    assert!(en.contains("Items added by members (20 minutes in all):"), "{en}");
    assert!(
        en.contains("<li value=\"1\"><bdi>Quarterly figures</bdi> — information, 5 minutes (<bdi>alice</bdi>)</li>"),
        "{en}"
    );
    assert!(
        en.contains("<bdi>Ideas for the open house</bdi> — brainstorm, 15 minutes (<bdi>bob</bdi>)"),
        "{en}"
    );
    // Another committee's item waits for that meeting, not this one.
    assert!(!en.contains("Four-day week"), "{en}");
    let fr = ok(&at, "/?lang=fr");
    assert!(
        fr.contains("Ordre du jour de la réunion de production (mar 1 déc, 10 h 00 HNE)"),
        "{fr}"
    );
    assert!(
        fr.contains("<bdi>Ideas for the open house</bdi> — remue-méninges, 15 minutes"),
        "{fr}"
    );
}

#[test]
fn hours_show_the_share_that_went_to_meetings_month_by_month_against_the_target() {
    let bot = filled();
    let (_web, at) = serve(&bot, &[]);
    let en = ok(&at, "/hours?year=2026&lang=en");
    assert!(
        en.contains("<h2 id=\"meetings\">Share of the hours in meetings</h2>"),
        "{en}"
    );
    assert!(
        en.contains("The collective aims to spend at most 20% of its hours in meetings (the dashed line)."),
        "{en}"
    );
    assert!(en.contains("aria-labelledby=\"chart-meetings-t\""), "{en}");
    assert!(en.contains(">target 20%</text>"), "{en}");
    for row in [
        "<th scope=\"row\">October 2026</th><td class=\"n\">2h00</td><td class=\"n\">12h00</td><td class=\"n\">16.7%</td>",
        "<th scope=\"row\">November 2026</th><td class=\"n\">2h00</td><td class=\"n\">8h00</td><td class=\"n\">25%</td>",
    ] {
        assert!(en.contains(row), "{row}\n{en}");
    }
    // The collective's figures only.
    for name in ["alice", "bob", "carole"] {
        assert!(!en.contains(name), "/hours names {name}");
    }
    let fr = ok(&at, "/hours?year=2026&lang=fr");
    assert!(fr.contains("Part des heures en réunion"), "{fr}");
    assert!(fr.contains("<td class=\"n\">16,7\u{a0}%</td>"), "{fr}");
    assert!(fr.contains(">cible 20\u{a0}%</text>"), "{fr}");
    let api = ok(&at, "/api/hours?year=2026");
    assert!(
        api.contains(r#""meeting_minutes":120,"total_minutes":720,"share_tenths":167"#),
        "{api}"
    );
    assert!(api.contains(r#""target_share_tenths":200"#), "{api}");
}

#[test]
#[ignore = "needs Chromium and chromedriver: scripts/test installs them"]
fn the_meetings_line_reads_on_a_phone_without_shrinking_its_text() {
    use support::browser::{Browser, Window};
    let bot = filled();
    let (_web, at) = serve(&bot, &[]);
    let browser = Browser::start(Window::Phone);
    browser.open(&format!("http://{at}/hours?year=2026"));
    browser.screenshot("hours-meetings-phone");
    // The whole chart in view, every text of it inside it, none smaller than 10 pixels
    // (the month labels are drawn at 11 units in a chart 360 units wide).
    let check = browser.script(
        "const svg = document.querySelector('svg[aria-labelledby=\"chart-meetings-t\"]');
         const box = svg.getBoundingClientRect();
         const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
         return [box.left >= 0 && box.right <= window.innerWidth,
                 texts.every(r => r.left >= box.left - 0.5 && r.right <= box.right + 0.5),
                 Math.min(...texts.map(r => r.height)) >= 10];",
    );
    assert_eq!(check, serde_json::json!([true, true, true]), "{check}");
    // The table of the same figures is there for whoever cannot see the chart.
    assert!(browser.text().contains("16.7%"), "{}", browser.text());
}
