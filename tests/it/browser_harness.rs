//! The browser harness (tests/it/support/browser.rs) checked on a tiny page served by the
//! test: Chromium starts headless, reads what a person sees (not what is hidden), sends the
//! language it is given, fits a phone-sized and a desktop window, and saves screenshots.

use crate::support;

use support::browser::{Browser, Page, Window};

const PAGE: &str = r#"<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Essai du harnais</title>
<style>body { font-family: sans-serif; margin: 1rem } .tall { height: 1500px; background: #eef }</style>
</head><body>
<h1 id="titre">Bonjour « konbit »</h1>
<p hidden>texte caché</p>
<p style="display:none">aussi caché</p>
<p class="deadline">Échéance : mardi 24 novembre, 15 h 00 HNE</p>
<div class="tall">une longue page</div>
<p id="fin">Fin de la page</p>
</body></html>"#;

/// The width and height of a PNG file, from its header.
fn png_size(path: &std::path::Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("read the screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG: {}", path.display());
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
#[ignore = "needs Chromium and chromedriver: scripts/test installs them"]
fn the_harness_reads_what_a_person_sees_and_saves_screenshots_in_both_windows() {
    let page = Page::serve(PAGE);
    for window in [Window::Phone, Window::Desktop] {
        let browser = Browser::start(window);
        browser.open(&page.url());
        assert_eq!(browser.title(), "Essai du harnais");
        assert_eq!(browser.element_text("#titre"), "Bonjour « konbit »");
        let text = browser.text();
        assert!(text.contains("Échéance : mardi 24 novembre, 15 h 00 HNE"), "{text}");
        assert!(!text.contains("caché"), "hidden text is not what a person sees: {text}");
        assert_eq!(browser.count("p"), 4);
        // The page is laid out for the window it is in.
        let width = browser.script("return document.documentElement.clientWidth");
        assert_eq!(width.as_u64(), Some(u64::from(window.size().0)), "{window:?}");
        let path = browser.screenshot(&format!("harness-{}", window.name()));
        let (w, h) = png_size(&path);
        assert_eq!(w, window.size().0, "{}", path.display());
        // The whole page, past the first screen, is in the picture.
        assert!(h > 1500, "{h} px high: {}", path.display());
    }
}

#[test]
#[ignore = "needs Chromium and chromedriver: scripts/test installs them"]
fn the_harness_sends_the_language_it_is_given() {
    let page = Page::serve(PAGE);
    {
        let browser = Browser::start_with(Window::Desktop, "fr-CA,fr");
        browser.open(&page.url());
        assert!(browser.url().starts_with(&page.url()));
    }
    let languages = page.languages();
    assert!(
        languages.iter().any(|l| l.starts_with("fr-CA")),
        "Accept-Language sent: {languages:?}"
    );
}
