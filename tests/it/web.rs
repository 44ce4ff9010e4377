//! The web view over HTTP against the real `konbit web` process, on a real SQLite file
//! filled through the console with its simulated clock: each page in English and in
//! French, privacy (no individual hours on the collective's pages, a member's page only
//! by its secret, a revoked link dead, a private view closed without its key), and bad
//! requests answered with a clear 4xx, never a crash.

use crate::support;

use std::io::{Read, Write};
use std::time::Duration;

use support::web::{CONFIG, fill, get, link_path, ok, serve};
use support::{Bot, script};

#[test]
fn every_page_answers_in_english_and_in_french() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    let (_web, at) = serve(&bot, &[]);
    let home = ok(&at, "/?lang=en");
    assert!(home.contains("<html lang=\"en\">"), "{home}");
    assert!(
        home.contains("Open proposals") && home.contains("buy a kettle"),
        "{home}"
    );
    // Its deadline, in the collective's zone, and how much time is left.
    assert!(
        home.contains("Thu Nov 26, 09:00 EST") && home.contains("in 1 day 21 hours"),
        "{home}"
    );
    assert!(home.contains("!veto NUMBER REASON"), "{home}");
    assert!(home.contains("production meeting — <time"), "{home}");
    let accueil = ok(&at, "/?lang=fr");
    assert!(
        accueil.contains("<html lang=\"fr\">") && accueil.contains("Propositions ouvertes"),
        "{accueil}"
    );
    assert!(accueil.contains("jeu 26 nov, 9 h 00 HNE"), "{accueil}");
    assert!(accueil.contains("!veto NUMÉRO RAISON"), "{accueil}");
    // Accept-Language, when the address does not say.
    let fr = get(&at, "/", &["Accept-Language: fr-CA,fr;q=0.9,en;q=0.5"]);
    assert!(fr.body.contains("<html lang=\"fr\">"), "{}", fr.body);

    let register = ok(&at, "/decisions?lang=en");
    assert!(register.contains("paint the office green"), "{register}");
    assert!(
        register.contains("<bdi>carole</bdi>: <bdi>the landlord forbids it</bdi>"),
        "{register}"
    );
    assert!(
        register.contains("decided by a meeting") && register.contains("the landlord said no"),
        "{register}"
    );
    assert!(register.contains("href=\"/minutes/1?lang=en\""), "{register}");
    assert!(register.contains("2 proposals, page 1 of 1."), "{register}");
    // Past the last page: nothing listed, the count still right.
    let past = ok(&at, "/decisions?page=3");
    assert!(
        past.contains("2 proposals, page 3 of 1.") && past.contains("No proposal matches."),
        "{past}"
    );
    let registre = ok(&at, "/decisions?lang=fr&status=rejected&year=2026");
    assert!(
        registre.contains("Registre des décisions") && registre.contains("décidée en réunion"),
        "{registre}"
    );
    // French typography: a space before the colon.
    assert!(
        registre.contains("<bdi>carole</bdi> : <bdi>the landlord forbids it</bdi>"),
        "{registre}"
    );
    assert!(
        !registre.contains("buy a kettle"),
        "the filter lets an open proposal through: {registre}"
    );

    let minutes = ok(&at, "/minutes/1?lang=en");
    assert!(minutes.contains("production meeting"), "{minutes}");
    assert!(
        !minutes.contains("<script>alert"),
        "a script in the minutes came out: {minutes}"
    );
    assert!(ok(&at, "/minutes?lang=fr").contains("lire le procès-verbal"));

    let hours = ok(&at, "/hours?lang=en");
    assert!(
        hours.contains("<svg") && hours.contains("sysadmin (care and maintenance)"),
        "{hours}"
    );
    assert!(
        hours.contains("<td class=\"n\">3h00</td>") && hours.contains("5h00"),
        "{hours}"
    );
    // The year so far: November, not the December still to come, nor next year's months.
    assert!(
        hours.contains("November 2026") && !hours.contains("December 2026"),
        "{hours}"
    );
    let next_year = ok(&at, "/hours?lang=en&year=2027");
    assert!(
        next_year.contains("No hours recorded.") && !next_year.contains("January 2027"),
        "{next_year}"
    );
    let heures = ok(&at, "/hours?lang=fr");
    assert!(
        heures.contains("Bénévoles") && heures.contains("sysadmin (soin et entretien)"),
        "{heures}"
    );

    let membership = ok(&at, "/membership?lang=en");
    assert!(
        membership.contains("The rules") && membership.contains("alice"),
        "{membership}"
    );
    assert!(ok(&at, "/membership?lang=fr").contains("Les règles"));
    let attendance = ok(&at, "/attendance?lang=en");
    assert!(
        attendance.contains("<td class=\"present\">present</td>"),
        "{attendance}"
    );
    assert!(ok(&at, "/attendance?lang=fr").contains("Présences"));

    let api = ok(&at, "/api/decisions?status=rejected");
    assert!(
        api.contains("\"decided_by\":\"meeting\"") && api.contains("the landlord forbids it"),
        "{api}"
    );
    assert!(ok(&at, "/api/proposals").contains("buy a kettle"));
}

#[test]
fn no_individual_hours_on_the_collective_pages_unless_shared() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    let (web, at) = serve(&bot, &[]);
    for path in ["/hours", "/api/hours", "/hours?year=2026&lang=fr"] {
        let body = ok(&at, path);
        for name in ["alice", "bob", "carole"] {
            assert!(!body.contains(name), "{path} names {name}: {body}");
        }
    }
    for path in [
        "/",
        "/membership",
        "/attendance",
        "/decisions",
        "/api/membership",
        "/api/attendance",
    ] {
        let body = ok(&at, path);
        assert!(
            !body.contains("3h00") && !body.contains("\"paid_minutes\""),
            "{path}: {body}"
        );
    }
    drop(web);
    // The collective may choose to share them.
    let shared = CONFIG.replace("[web]", "[privacy]\nshare_individual_hours = true\n[web]");
    bot.write_config(&shared);
    let (_web, at) = serve(&bot, &[]);
    let body = ok(&at, "/hours");
    assert!(body.contains("By member") && body.contains("alice"), "{body}");
}

#[test]
fn a_members_page_opens_only_with_its_secret_and_a_revoked_link_stops_working() {
    let bot = Bot::with_config(CONFIG);
    let out = fill(&bot);
    assert!(
        out.room().contains(&"alice: I sent you the link privately."),
        "{}",
        out.stdout
    );
    let mine = link_path(&out, "alice");
    let (_web, at) = serve(&bot, &[]);
    let page = ok(&at, &format!("{mine}?lang=en"));
    assert!(page.contains("alice"), "{page}");
    assert!(page.contains("Running on webdev since"), "{page}");
    assert!(page.contains("call the printer") && page.contains("3h00"), "{page}");
    assert!(
        page.contains(&format!("http://konbit.test{mine}/calendar.ics")),
        "{page}"
    );
    let answer = get(&at, &mine, &[]);
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(answer.header("referrer-policy").as_deref(), Some("no-referrer"));
    assert!(ok(&at, &format!("/api{mine}")).contains("\"member\":\"alice\""));
    // Not by name, not by a made-up secret.
    for path in [
        "/me/alice",
        "/me/",
        "/me/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/api/me/alice",
    ] {
        assert_eq!(get(&at, path, &[]).status, 404, "{path}");
    }
    // A new !web replaces the link; !web revoke ends it, while the view keeps running.
    let again = bot.console("2026-11-24T12:30:00-05:00", &script(&["alice> !web"]));
    assert!(
        again
            .private("alice")
            .iter()
            .any(|l| l.contains("previous link no longer works")),
        "{}",
        again.stdout
    );
    let newer = link_path(&again, "alice");
    assert_eq!(get(&at, &mine, &[]).status, 404, "the replaced link still works");
    assert!(ok(&at, &newer).contains("alice"));
    let revoked = bot.console("2026-11-24T12:40:00-05:00", &script(&["alice> !web revoke"]));
    assert!(
        revoked.private("alice").iter().any(|l| l.contains("revoked")),
        "{}",
        revoked.stdout
    );
    let gone = get(&at, &newer, &[]);
    assert_eq!(gone.status, 404, "a revoked link still works: {}", gone.body);
    assert!(gone.body.contains("!web"), "{}", gone.body);
}

#[test]
fn a_private_view_is_closed_without_the_collectives_key() {
    let key = "kettle-key-0123456789";
    let bot = Bot::with_config(&CONFIG.replace("[web]", "[web]\npublic = false"));
    let out = fill(&bot);
    let mine = link_path(&out, "alice");
    let (_web, at) = serve(&bot, &[("KONBIT_WEB_KEY", key)]);
    for path in [
        "/",
        "/hours",
        "/api/hours",
        "/decisions?key=wrong-key-0123456789",
        "/minutes/1",
    ] {
        let a = get(&at, path, &[]);
        assert_eq!(a.status, 403, "{path}: {}", a.body);
    }
    assert!(get(&at, "/", &[]).body.contains("access link"));
    let entry = get(&at, &format!("/decisions?status=rejected&key={key}"), &[]);
    assert_eq!(entry.status, 303, "{}", entry.head);
    assert_eq!(entry.header("location").as_deref(), Some("/decisions?status=rejected"));
    let cookie = entry.header("set-cookie").expect("a cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let page = get(&at, "/decisions?status=rejected", &[&format!("Cookie: {cookie}")]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("paint the office green"));
    assert_eq!(get(&at, &format!("/api/hours?key={key}"), &[]).status, 200);
    // A member's own page needs its secret, not the collective's key.
    assert_eq!(get(&at, &mine, &[]).status, 200);
    // Without a readable, long enough key, the view does not start at all.
    let weak = bot.run_with_env(&["web"], &[("KONBIT_WEB_KEY", "short")]);
    assert_eq!(weak.code, Some(1));
    assert!(weak.stderr.contains("at least 16 characters"), "{}", weak.stderr);
}

#[test]
fn bad_requests_get_a_clear_4xx_and_the_view_keeps_serving() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    let (web, at) = serve(&bot, &[]);
    let cases: &[(&str, u16, &str)] = &[
        ("/?lang=de", 400, "lang=en or lang=fr"),
        ("/decisions?status=maybe", 400, "is not a status"),
        ("/decisions?year=abc", 400, "is not a year"),
        ("/decisions?year=99999", 400, "is not a year"),
        ("/decisions?page=0", 400, "is not a page number"),
        ("/hours?year=-1&lang=fr", 400, "n’est pas une année"),
        ("/api/decisions?status=%00", 400, "is not a status"),
        ("/../../etc/passwd", 404, "There is no page"),
        ("/minutes/..%2f..%2fkonbit.db", 404, "There is no page"),
        ("/minutes/99999", 404, "There is no page"),
        ("/static/../konbit.toml", 404, "There is no page"),
    ];
    for (path, status, says) in cases {
        let a = get(&at, path, &[]);
        assert_eq!(a.status, *status, "{path}: {}", a.body);
        assert!(a.body.contains(says), "{path}: {}", a.body);
    }
    let huge = format!("/decisions?year={}", "9".repeat(5000));
    assert_eq!(get(&at, &huge, &[]).status, 414);
    assert!(ok(&at, "/").contains("buy a kettle"), "the view stopped serving");
    assert!(!web.log().contains("panicked"), "{}", web.log());
}

#[test]
fn web_answers_in_both_languages_and_says_when_there_is_no_web_view() {
    let bot = Bot::with_config(&CONFIG.replace("[web]", "[[members]]\nname = \"zoe\"\nlanguage = \"fr\"\n[web]"));
    let out = bot.console(
        "2026-11-24T09:00:00-05:00",
        &script(&[
            "zoe> !mapage",
            "zoe> !web révoquer",
            "zoe> !web revoke",
            "zoe> !web now",
            "mallory> !web",
        ]),
    );
    let zoe = out.private("zoe");
    assert!(
        zoe[0].starts_with("Ta propre page") && zoe[0].contains("http://konbit.test/me/"),
        "{zoe:#?}"
    );
    assert_eq!(
        zoe[1],
        "Ton lien est révoqué : il ne fonctionne plus. !web t’en donne un nouveau."
    );
    assert_eq!(zoe[2], "Tu n’avais pas de lien à révoquer.");
    assert!(zoe[3].contains("!web [révoquer]"), "{zoe:#?}");
    // Only members get a page.
    assert!(out.private("mallory")[0].starts_with("Only members"), "{}", out.stdout);
    let bare = Bot::new();
    let out = bare.console("2026-11-24T09:00:00-05:00", &script(&["alice: !web"]));
    assert_eq!(
        out.room(),
        ["alice: The web view is not set up for this collective (no [web] section in the configuration)."]
    );
}

#[test]
fn the_view_alone_never_creates_a_database() {
    let bot = Bot::with_config(CONFIG);
    let out = bot.run_with_env(&["web"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    if bot.database_url().is_none() {
        assert!(out.stderr.contains("cannot open the database"), "{}", out.stderr);
        assert!(!bot.dir().join("konbit.db").exists(), "konbit web created a database");
        return;
    }
    // An empty PostgreSQL database: refused, and left empty (a second try finds it so).
    for _ in 0..2 {
        let out = bot.run_with_env(&["web"], &[]);
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        assert!(
            out.stderr.contains("is at migration 0") && out.stderr.contains("start `konbit run` once"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn the_calendar_feeds_are_served_and_a_members_feed_only_by_its_secret() {
    let bot = Bot::with_config(CONFIG);
    let out = fill(&bot);
    let mine = link_path(&out, "alice");
    let (_web, at) = serve(&bot, &[]);
    let feed = get(&at, "/calendar.ics", &[]);
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert_eq!(
        feed.header("content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert!(feed.body.starts_with("BEGIN:VCALENDAR\r\n"), "{}", feed.body);
    assert!(
        feed.body.contains("BEGIN:VTIMEZONE\r\nTZID:America/Montreal"),
        "{}",
        feed.body
    );
    assert!(
        feed.body.contains("buy a kettle"),
        "the open proposal's deadline: {}",
        feed.body
    );
    // Reminders are personal: never in the collective's feed.
    assert!(!feed.body.contains("call the printer"), "{}", feed.body);
    let own = get(&at, &format!("{mine}/calendar.ics"), &[]);
    assert_eq!(own.status, 200, "{}", own.body);
    assert!(own.body.contains("call the printer"), "{}", own.body);
    assert_eq!(get(&at, "/me/alice/calendar.ics", &[]).status, 404);
}

#[test]
fn a_page_read_again_right_after_a_change_shows_the_change() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    // The clock is fixed: a kept page would be served until the database changes.
    let (_web, at) = serve(&bot, &[]);
    for _ in 0..3 {
        assert!(!ok(&at, "/?lang=en").contains("get a plant"));
        assert!(!ok(&at, "/decisions?lang=en").contains("too green"));
        assert!(ok(&at, "/hours?lang=en&year=2026").contains("3h00"));
        assert!(!ok(&at, "/api/proposals").contains("get a plant"));
    }
    let out = bot.console(
        "2026-11-24T11:00:00-05:00",
        &script(&[
            "carole: !propose get a plant",
            "bob: !veto 1 too green",
            "carole: !punch 4h webdev",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let home = ok(&at, "/?lang=en");
    assert!(home.contains("get a plant"), "the new proposal is missing: {home}");
    let register = ok(&at, "/decisions?lang=en");
    assert!(
        register.contains("<bdi>bob</bdi>: <bdi>too green</bdi>"),
        "the veto is missing: {register}"
    );
    assert!(ok(&at, "/api/proposals").contains("get a plant"));
    let hours = ok(&at, "/hours?lang=en&year=2026");
    assert!(hours.contains("7h00"), "the punched hours are missing: {hours}");
}

/// alice's status on `/api/membership`.
fn alices_standing(at: &str) -> String {
    let body = ok(at, "/api/membership");
    let start = body.find(r#""member":"alice","status":""#).expect("alice's status") + 27;
    body[start..].split('"').next().expect("status").to_owned()
}

#[test]
fn the_membership_page_follows_hours_punched_edited_and_deleted() {
    let bot = Bot::with_config(&format!(
        "{CONFIG}[membership]\nmin_committees = 0\nmin_reflection_meetings = 0\nmax_absence_weeks = 52\n"
    ));
    // September and October are checked (10 h a month); the last two months up to
    // 24 November (from 25 September) need 20 h: the days at either end count too.
    let out = bot.console(
        "2026-11-20T09:00:00-05:00",
        &script(&[
            "alice: !punch 10h webdev 2026-09-10",
            "alice: !punch 12h webdev 2026-10-10",
            "alice: !punch 5h webdev 2026-09-26",
            "alice: !punch 4h webdev 2026-11-02",
            // On record since August: a whole period is judged.
            "alice: !punch 1h webdev 2026-08-31",
        ]),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let (_web, at) = serve(&bot, &[]);
    assert_eq!(alices_standing(&at), "ok");
    // 16 h from 25 September to today: at risk.
    let out = bot.console("2026-11-20T10:00:00-05:00", &script(&["alice: !punch delete 3"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(alices_standing(&at), "at-risk");
    let out = bot.console("2026-11-20T10:05:00-05:00", &script(&["alice: !punch edit 4 9h"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(alices_standing(&at), "ok");
    // 9 h in October: short of the rule.
    let out = bot.console("2026-11-20T10:10:00-05:00", &script(&["alice: !punch edit 2 9h"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(alices_standing(&at), "not-meeting");
}

#[test]
fn minutes_show_what_people_typed_in_the_collectives_language_under_one_heading() {
    let bot = Bot::with_config(CONFIG);
    let said = [
        "<script>alert(1)</script> topic",
        "<b>x</b> &amp; fish",
        "\"><img src=x onerror=alert(1)>",
        "*not bold* and # not a heading",
    ];
    let mut lines = vec!["alice: !meeting start production".to_owned(), "bob: !here".to_owned()];
    for s in said {
        lines.push(format!("alice: !topic {s}"));
    }
    lines.push("alice: !agreed [a link](https://example.org) <i>as typed</i>".to_owned());
    lines.push("alice: !meeting end".to_owned());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = bot.console("2026-11-24T09:00:00-05:00", &script(&refs));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let (_web, at) = serve(&bot, &[]);
    for lang in ["en", "fr"] {
        let page = ok(&at, &format!("/minutes/1?lang={lang}"));
        for text in [
            "&lt;script&gt;alert(1)&lt;/script&gt; topic",
            "&lt;b&gt;x&lt;/b&gt; &amp;amp; fish",
            "\"&gt;&lt;img src=x onerror=alert(1)&gt;",
            "*not bold* and # not a heading",
            "Agreed: [a link](https://example.org) &lt;i&gt;as typed&lt;/i&gt;",
        ] {
            assert!(page.contains(text), "{lang}: {text} is not shown as typed: {page}");
        }
        assert!(
            !page.contains("<img") && !page.contains("<b>") && !page.contains("<em>"),
            "{page}"
        );
        assert_eq!(page.matches("<h1").count(), 1, "{lang}: one h1: {page}");
        // Written once, in the collective's language (English here), and marked so.
        assert!(page.contains("<div class=\"minutes\" lang=\"en\">"), "{page}");
        assert!(page.contains("Present"), "{page}");
        let note = page.contains("Ce procès-verbal est en anglais, la langue du collectif");
        assert_eq!(note, lang == "fr", "{lang}: {page}");
    }
    // The file holds the same text, escaped as Markdown.
    let file = std::fs::read_dir(bot.dir().join("minutes"))
        .expect("minutes/")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .expect("a minutes file");
    let md = std::fs::read_to_string(file).expect("minutes file");
    assert!(md.contains(r"### \<b\>x\</b\> \&amp; fish"), "{md}");
}

#[test]
fn the_json_says_what_was_wrong_as_json() {
    let key = "kettle-key-0123456789";
    let bot = Bot::with_config(&CONFIG.replace("[web]", "[web]\npublic = false"));
    fill(&bot);
    let (_web, at) = serve(&bot, &[("KONBIT_WEB_KEY", key)]);
    let long = format!("/api/decisions?key={key}&status={}", "x".repeat(2000));
    let cases = [
        ("/api/hours".to_owned(), 403, "access link"),
        (format!("/api/nothing-here?key={key}"), 404, "There is no page"),
        (format!("/api/hours?key={key}&lang=de"), 400, "lang=en or lang=fr"),
        (format!("/api/decisions?key={key}&status=maybe"), 400, "is not a status"),
        (long, 414, "too long"),
        ("/api/me/not-a-secret".to_owned(), 404, "There is no page"),
    ];
    for (path, status, says) in cases {
        let a = get(&at, &path, &[]);
        assert_eq!(a.status, status, "{path}: {}", a.body);
        assert_eq!(
            a.header("content-type").as_deref(),
            Some("application/json"),
            "{path}: {}",
            a.head
        );
        let error: serde_json::Value =
            serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("{path}: {e}: {}", a.body));
        let text = error["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: no error: {}", a.body));
        assert!(text.contains(says), "{path}: {text}");
    }
    // The pages keep their error pages.
    let page = get(&at, "/nothing-here", &[]);
    assert_eq!(page.status, 404);
    assert!(page.body.starts_with("<!DOCTYPE html>"), "{}", page.body);
}

/// Reads `s` until the server closes it (what it sent, if anything), writing `dribble`
/// between reads; panics if it is still open after `within`.
fn closed_by_the_server(s: &mut std::net::TcpStream, dribble: Option<&[u8]>, within: Duration) -> String {
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let start = std::time::Instant::now();
    let mut got = Vec::new();
    while start.elapsed() < within {
        if let Some(line) = dribble
            && s.write_all(line).is_err()
        {
            return String::from_utf8_lossy(&got).into_owned();
        }
        let mut buf = [0u8; 4096];
        match s.read(&mut buf) {
            Ok(0) => return String::from_utf8_lossy(&got).into_owned(),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return String::from_utf8_lossy(&got).into_owned(),
        }
    }
    panic!("the connection is still open after {within:?}");
}

#[test]
fn a_slow_or_idle_client_is_disconnected_and_the_view_keeps_serving() {
    let bot = Bot::with_config(CONFIG);
    fill(&bot);
    let (web, at) = serve(&bot, &[]);
    // One connects and says nothing; one sends a header line every 2 s, never the end.
    let mut idle = std::net::TcpStream::connect(&at).expect("connect");
    let mut slow = std::net::TcpStream::connect(&at).expect("connect");
    slow.write_all(format!("GET / HTTP/1.1\r\nHost: {at}\r\n").as_bytes())
        .unwrap();
    // Meanwhile others are served.
    assert!(ok(&at, "/?lang=en").contains("buy a kettle"));
    closed_by_the_server(&mut slow, Some(b"X-Slow: 1\r\n"), Duration::from_secs(60));
    closed_by_the_server(&mut idle, None, Duration::from_secs(60));
    // A kept connection left idle after an answer is closed too.
    let mut kept = std::net::TcpStream::connect(&at).expect("connect");
    kept.write_all(format!("GET /minutes HTTP/1.1\r\nHost: {at}\r\n\r\n").as_bytes())
        .unwrap();
    let answered = closed_by_the_server(&mut kept, None, Duration::from_secs(60));
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert!(ok(&at, "/minutes?lang=en").contains("production meeting"));
    assert!(!web.log().contains("panicked"), "{}", web.log());
}
