//! The collective's calendar feed at its own address (`/feed/TOKEN/calendar.ics`): a
//! calendar application subscribes to it with a plain HTTP client that keeps no cookie,
//! also when the view is private; the pages show it to those who may read the feed; the
//! operator replaces or ends it with `konbit feed`, and the old address answers 404.

use crate::support;

use support::Bot;
use support::web::{CONFIG, fill, get, link_path, ok, serve};

/// The feed's path (`/feed/…/calendar.ics`) in what `konbit feed` printed.
fn feed_path(said: &str) -> String {
    let at = said
        .find("http://konbit.test/feed/")
        .unwrap_or_else(|| panic!("no feed address in {said:?}"));
    said[at + "http://konbit.test".len()..]
        .split_whitespace()
        .next()
        .expect("path")
        .to_owned()
}

#[test]
fn a_private_collectives_calendar_is_subscribed_without_a_cookie_at_its_own_address_until_revoked() {
    let key = "kettle-key-0123456789";
    let bot = Bot::with_config(&CONFIG.replace("[web]", "[web]\npublic = false"));
    let out = fill(&bot);
    let mine = link_path(&out, "alice");
    let (web, at) = serve(&bot, &[("KONBIT_WEB_KEY", key)]);
    // The access link sets a cookie a calendar application does not keep: refused after.
    assert_eq!(get(&at, &format!("/calendar.ics?key={key}"), &[]).status, 303);
    assert_eq!(get(&at, "/calendar.ics", &[]).status, 403);
    // The operator reads the feed's own address; a client without cookies subscribes.
    let shown = bot.run_with_env(&["feed"], &[]);
    assert_eq!(shown.code, Some(0), "{}", shown.stderr);
    assert!(shown.stdout.contains("calendar feed"), "{}", shown.stdout);
    let path = feed_path(&shown.stdout);
    let feed = get(&at, &path, &[]);
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert_eq!(
        feed.header("content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert!(feed.body.contains("buy a kettle"), "{}", feed.body);
    assert!(feed.header("set-cookie").is_none(), "{}", feed.head);
    // Members find it on their own page, beside their own feed; so does whoever reads
    // the collective's pages with the key.
    let page = ok(&at, &mine);
    assert!(page.contains(&format!("http://konbit.test{path}")), "{page}");
    assert!(ok(&at, &format!("{mine}?lang=fr")).contains("Le calendrier du collectif seul"));
    let entry = get(&at, &format!("/?key={key}"), &[]);
    let cookie = entry.header("set-cookie").expect("a cookie");
    let cookie = format!("Cookie: {}", cookie.split(';').next().unwrap());
    let home = get(&at, "/", &[&cookie]);
    assert!(home.body.contains(&format!("href=\"{path}\"")), "{}", home.body);
    assert!(home.body.contains("Subscribe to this address"), "{}", home.body);
    let home = get(&at, "/?lang=fr", &[&cookie]);
    assert!(
        home.body.contains("Abonne ton application de calendrier"),
        "{}",
        home.body
    );
    // A token that is not the feed's is any other address.
    assert_eq!(get(&at, "/feed/not-the-token/calendar.ics", &[]).status, 404);
    // A new address: the old one stops working at once.
    let renewed = bot.run_with_env(&["feed", "new"], &[]);
    assert_eq!(renewed.code, Some(0), "{}", renewed.stderr);
    let newer = feed_path(&renewed.stdout);
    assert_ne!(newer, path);
    assert_eq!(get(&at, &path, &[]).status, 404);
    assert_eq!(get(&at, &newer, &[]).status, 200);
    // Revoked: nothing opens it without the key, and the pages show no address.
    let revoked = bot.run_with_env(&["feed", "revoke"], &[]);
    assert_eq!(revoked.code, Some(0), "{}", revoked.stderr);
    assert!(revoked.stdout.contains("konbit feed new"), "{}", revoked.stdout);
    let gone = get(&at, &newer, &[]);
    assert_eq!(gone.status, 404, "{}", gone.body);
    assert!(
        !ok(&at, &mine).contains("/feed/"),
        "the page still shows a revoked address"
    );
    assert!(!get(&at, "/", &[&cookie]).body.contains("/feed/"));
    let shown = bot.run_with_env(&["feed"], &[]);
    assert!(shown.stdout.contains("konbit feed new"), "{}", shown.stdout);
    assert!(!shown.stdout.contains("/feed/"), "{}", shown.stdout);
    // Not drawn again at the next start.
    let restarted = bot.console("2026-11-24T13:00:00-05:00", "");
    assert_eq!(restarted.code, Some(0), "{}", restarted.stderr);
    assert!(!bot.run_with_env(&["feed"], &[]).stdout.contains("/feed/"));
    assert!(!web.log().contains("panicked"), "{}", web.log());
}

#[test]
fn a_public_collectives_pages_show_the_plain_calendar_address() {
    let bot = Bot::with_config(CONFIG);
    let out = fill(&bot);
    let mine = link_path(&out, "alice");
    let (_web, at) = serve(&bot, &[]);
    let home = ok(&at, "/");
    assert!(home.contains("href=\"/calendar.ics\""), "{home}");
    assert!(home.contains("http://konbit.test/calendar.ics"), "{home}");
    assert!(ok(&at, &mine).contains("http://konbit.test/calendar.ics"));
    // Its own address works too, for a calendar subscribed before the view went private.
    let shown = bot.run_with_env(&["feed"], &[]);
    assert_eq!(get(&at, &feed_path(&shown.stdout), &[]).status, 200);
    // Without [web], there is no address to give.
    let bare = Bot::new();
    let refused = bare.run_with_env(&["feed"], &[]);
    assert_eq!(refused.code, Some(2), "{}", refused.stdout);
    assert!(refused.stderr.contains("[web]"), "{}", refused.stderr);
}
