//! The minutes: Markdown (as the bot writes them, or as people edit them) to HTML, then
//! sanitized by ammonia: no script, no event handler, no `javascript:` link, no style or
//! frame survives, whatever the text holds. The minutes' headings go one level down on
//! the page, under its own `h1` (the file's title is the page's): one `h1` a page.

/// The minutes as safe HTML, their headings a level down (`#` becomes `h2`).
pub fn render(markdown: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
    let down = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    let mut raw = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|e| match e {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: down(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(down(level))),
        other => other,
    });
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_becomes_html() {
        let html = render("# Production meeting\n\n- **Agreed**: buy a kettle\n");
        assert!(html.contains("<h2>Production meeting</h2>"), "{html}");
        assert!(!html.contains("<h1"), "one h1 a page, the page's own: {html}");
        assert!(
            html.contains("<li><strong>Agreed</strong>: buy a kettle</li>"),
            "{html}"
        );
    }

    #[test]
    fn a_script_in_the_minutes_never_comes_out() {
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
            "<svg><script>alert(1)</script></svg>",
        ] {
            let html = render(&format!("Minutes\n\n{evil}\n"));
            let lower = html.to_lowercase();
            for bad in ["<script", "onerror", "javascript:", "<iframe", "<style"] {
                assert!(!lower.contains(bad), "{evil} gave {html}");
            }
        }
    }
}
