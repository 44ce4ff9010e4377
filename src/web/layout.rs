//! The frame of every page: `<html lang>`, a skip link, the navigation landmark, `<main>`,
//! the language switch, and the CSS inline (no external asset), readable on a phone.
//! What members wrote is in `<bdi>` (its direction kept to itself) and wraps anywhere
//! when one word is wider than the screen; the minutes' blocks take their own direction.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::ctx::Ctx;
use crate::i18n::Lang;

const CSS: &str = "
:root{--fg:#1b1b1b;--muted:#555;--bg:#fff;--line:#ccc;--accent:#0b5cad;--paid:#2f6db5;--vol:#e08a1e;--care:#3a8f5c}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header{background:#f3f5f8;border-bottom:1px solid var(--line);padding:.5rem 1rem}
header p{margin:0;font-weight:600}
nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav a[aria-current]{font-weight:700;text-decoration:none;color:var(--fg)}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin-top:2rem}
.muted,footer{color:var(--muted)}
footer{max-width:60rem;margin:2rem auto;padding:0 1rem;font-size:.9rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0;min-width:50%}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}
.tag{display:inline-block;border-radius:.3rem;padding:0 .35rem;font-size:.85rem;border:1px solid var(--line)}
.open{background:#e7f1ff}.deferred{background:#fff3d6}.adopted{background:#e3f6e8}.rejected{background:#fde7e7}.withdrawn{background:#eee}
.ok{background:#e3f6e8}.at-risk{background:#fff3d6}.not-meeting{background:#fde7e7}
.present{background:#e3f6e8}.excused{background:#fff3d6}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
form.filters label{display:flex;flex-direction:column;font-size:.9rem}
select,input,button{font:inherit;padding:.2rem .4rem}
svg{width:100%;max-width:640px;height:auto}figure{margin:1rem 0}.feed{overflow-wrap:anywhere}time{white-space:nowrap}
.minutes{border-left:3px solid var(--line);padding-left:1rem;overflow-wrap:anywhere}
bdi{overflow-wrap:anywhere}.minutes :is(h2,h3,h4,h5,h6,p,li){unicode-bidi:plaintext}
q:lang(fr){quotes:'\\00ab\\00a0' '\\00a0\\00bb'}
@media (max-width:40rem){
table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;min-width:0}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.stack tr{border-bottom:2px solid var(--line);padding:.4rem 0}
table.stack th,table.stack td{border:0;padding:.1rem 0;text-align:left}
table.stack th.n::before{content:'#'}
table.stack td[data-label]::before{content:attr(data-label) ': ';font-weight:600}
table.stack:lang(fr) td[data-label]::before{content:attr(data-label) '\\00a0: '}
}
";

/// The pages of the collective, in the navigation's order: (path, catalog id).
pub const NAV: &[(&str, &str)] = &[
    ("/", "web-nav-home"),
    ("/decisions", "web-nav-decisions"),
    ("/minutes", "web-nav-minutes"),
    ("/hours", "web-nav-hours"),
    ("/membership", "web-nav-membership"),
    ("/attendance", "web-nav-attendance"),
];

/// A whole page: `title` is both the `<title>` and the `<h1>`.
pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let collective = &ctx.config.collective.name;
    let other = match ctx.lang {
        Lang::En => Lang::Fr,
        Lang::Fr => Lang::En,
    };
    let switch: Vec<String> = ctx
        .query
        .iter()
        .filter(|(k, _)| k != "lang")
        .map(|(k, v)| format!("{}={}", super::access::encode(k), super::access::encode(v)))
        .chain([format!("lang={}", other.code())])
        .collect();
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " — " (collective) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#main" { (ctx.t("web-skip")) }
                header {
                    p { (collective) }
                    nav aria-label=(ctx.t("web-nav-label")) {
                        ul {
                            @for (path, id) in NAV {
                                li {
                                    @if ctx.path == *path {
                                        a href=(ctx.href(path)) aria-current="page" { (ctx.t(id)) }
                                    } @else {
                                        a href=(ctx.href(path)) { (ctx.t(id)) }
                                    }
                                }
                            }
                            li {
                                a href=(format!("{}?{}", ctx.path, switch.join("&"))) lang=(other.code()) hreflang=(other.code()) {
                                    (crate::i18n::lookup(other, "web-language-name", None))
                                }
                            }
                        }
                    }
                }
                main id="main" {
                    h1 { (title) }
                    (body)
                }
                footer { p { (ctx.t("web-footer")) } }
            }
        }
    }
}

/// A page without the navigation (errors), in `lang`.
pub fn bare(lang: Lang, title: &str, detail: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main id="main" {
                    h1 { (title) }
                    p { (detail) }
                    p { a href="/" { (crate::i18n::lookup(lang, "web-nav-home", None)) } }
                }
            }
        }
    }
}

/// A catalog sentence as HTML, what members wrote in it isolated (`<bdi>`).
pub fn text(t: &crate::message::Text) -> Markup {
    PreEscaped(crate::message::html::text(t, &|_| None))
}

/// A message of the core (a list of proposals…) as HTML, members as plain names.
pub fn message(m: &crate::message::Message) -> Markup {
    PreEscaped(crate::message::html::render(m, &|_| None))
}
