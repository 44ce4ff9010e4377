//! The minutes: Markdown (as the bot writes them, or as people edit them) to HTML, then
//! sanitized by ammonia: no script, no event handler, no `javascript:` link, no style or
//! frame survives, whatever the text holds.

/// The minutes as safe HTML.
pub fn render(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut raw = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
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
        assert!(html.contains("<h1>Production meeting</h1>"), "{html}");
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
