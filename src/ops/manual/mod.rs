//! What the manual pages say beyond the command line's own definition, in English and
//! French: the FILES, ENVIRONMENT, SIGNALS, EXIT STATUS and SEE ALSO sections of `konbit(1)`
//! and its subcommands' pages, the headings of the sections clap_mangen writes, and the
//! whole of `konbit.toml(5)`, the configuration file, whose reference part is the
//! annotated example (`config/konbit.example.toml`, `config/konbit.exemple-fr.toml`)
//! itself, so that the page and the example cannot say different things. Each language's
//! text is in its file (`en.rs`, `fr.rs`), with the same sections and the same tags in the
//! same order (the tests compare them). Written as roff by `konbit generate man`
//! (generate.rs), in ASCII: every other character as groff's `\[uXXXX]`.

mod en;
mod fr;

use crate::i18n::Lang;

/// A section: its heading and its paragraphs, each `(tag, text)`; a tag makes it a
/// tagged paragraph (`.TP`), none a plain one (`.PP`).
pub(super) struct Section {
    heading: &'static str,
    items: &'static [(&'static str, &'static str)],
}

/// The headings of the sections clap_mangen writes, and of `konbit.toml(5)`'s own.
pub struct Headings {
    /// The manual a page of section 1 belongs to (`.TH`'s fifth argument, groff's
    /// "General Commands Manual" in English).
    pub manual: &'static str,
    pub name: &'static str,
    pub synopsis: &'static str,
    pub description: &'static str,
    pub options: &'static str,
    pub subcommands: &'static str,
    pub version: &'static str,
    see_also: &'static str,
    sections: &'static str,
    example: &'static str,
}

/// What the pages say in one language beyond the command line's definition.
pub struct Text {
    pub headings: Headings,
    files: Section,
    environment: Section,
    signals: Section,
    exit_status: Section,
    /// `konbit.toml(5)`: what the file is (NAME), the manual it belongs to (`.TH`), its
    /// description's paragraphs, each table with what it holds, the example's
    /// introduction and the example itself.
    config_name: &'static str,
    config_manual: &'static str,
    config_description: &'static [&'static str],
    tables: &'static [(&'static str, &'static str)],
    example_intro: &'static str,
    example: &'static str,
}

/// The pages' text in `lang`.
pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &en::TEXT,
        Lang::Fr => &fr::TEXT,
    }
}

/// What a page of section 1 says after its options, in `lang`: `name` is the page's
/// command, `konbit` or `konbit-run`…
pub fn command_sections(name: &str, lang: Lang) -> String {
    let text = text(lang);
    let mut out = String::new();
    let serving = matches!(name, "konbit" | "konbit-run");
    let sections: Vec<&Section> = if serving {
        vec![&text.files, &text.environment, &text.signals, &text.exit_status]
    } else {
        vec![&text.files, &text.environment, &text.exit_status]
    };
    for section in sections {
        write_section(&mut out, section);
    }
    out.push_str(&heading(text.headings.see_also));
    let mut see = vec!["konbit.toml(5)".to_owned()];
    if name != "konbit" {
        see.insert(0, "konbit(1)".to_owned());
    }
    see.push("systemd.exec(5)".to_owned());
    let refs: Vec<String> = see
        .iter()
        .map(|r| {
            let (page, section) = r.split_once('(').unwrap_or((r, ")"));
            format!(".BR {} ({}", escape(page), section)
        })
        .collect();
    out.push_str(&refs.join(",\n"));
    out.push('\n');
    out.push_str(".PP\n");
    out.push_str(&escape("/usr/share/doc/konbit/deploy.md"));
    out.push('\n');
    out
}

/// A page's `.TH` line (`name` is a page name, `konbit-run`: nothing to escape): no date (the package is reproducible), konbit's version as the
/// source, the manual it belongs to.
pub fn title(name: &str, section: u8, version: &str, manual: &str) -> String {
    format!(
        ".TH {name} {section} \"\" {} {}\n",
        quoted(&format!("konbit {version}")),
        quoted(manual)
    )
}

/// A section's heading line.
pub fn heading(text: &str) -> String {
    format!(".SH {}\n", quoted(text))
}

fn write_section(out: &mut String, section: &Section) {
    out.push_str(&heading(section.heading));
    for (tag, text) in section.items {
        if tag.is_empty() {
            out.push_str(".PP\n");
        } else {
            out.push_str(".TP\n");
            out.push_str(&format!(".B {}\n", quoted(tag)));
        }
        out.push_str(&escape(text));
        out.push('\n');
    }
}

/// Text safe in roff: backslashes and hyphens escaped, no line starting with a control
/// character.
fn escape(text: &str) -> String {
    let mut out = text.replace('\\', "\\e").replace('-', "\\-");
    if out.starts_with(['.', '\'']) {
        out.insert_str(0, "\\&");
    }
    out.replace("\n.", "\n\\&.").replace("\n'", "\n\\&'")
}

/// An argument of a roff request: escaped and in double quotes.
fn quoted(text: &str) -> String {
    format!("\"{}\"", escape(text).replace('"', "\\(dq"))
}

/// French typography: no line break before `;`, `:`, `?`, `!` and `»` nor after `«`
/// (groff's unbreakable space, `\\~`), in the text of a page in `lang`; other languages'
/// pages as they are.
pub fn typeset(page: &str, lang: Lang) -> String {
    if lang != Lang::Fr {
        return page.to_owned();
    }
    let mut out = String::with_capacity(page.len());
    for line in page.split_inclusive('\n') {
        if line.starts_with('.') {
            out.push_str(line);
            continue;
        }
        let mut spaced = line.to_owned();
        for (from, to) in [
            (" ;", "\\~;"),
            (" :", "\\~:"),
            (" ?", "\\~?"),
            (" !", "\\~!"),
            (" »", "\\~»"),
            ("« ", "«\\~"),
        ] {
            spaced = spaced.replace(from, to);
        }
        out.push_str(&spaced);
    }
    out
}

/// A page in ASCII: every other character as groff's `\[uXXXX]` (a no-break space as
/// `\~`), so that it reads the same whatever encoding man and groff assume.
pub fn ascii(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            '\u{a0}' | '\u{202f}' => out.push_str("\\~"),
            c => out.push_str(&format!("\\[u{:04X}]", c as u32)),
        }
    }
    out
}

/// `konbit.toml(5)` in `lang`: the configuration file. `version` as in `konbit --version`.
pub fn config_page(version: &str, lang: Lang) -> String {
    let text = text(lang);
    let mut out = String::new();
    out.push_str(&title("konbit.toml", 5, version, text.config_manual));
    out.push_str(&heading(text.headings.name));
    out.push_str(&format!("konbit.toml \\- {}\n", escape(text.config_name)));
    out.push_str(&heading(text.headings.synopsis));
    out.push_str("/etc/konbit/konbit.toml\n.br\n\\&./konbit.toml\n");
    out.push_str(&heading(text.headings.description));
    for (i, paragraph) in text.config_description.iter().enumerate() {
        if i > 0 {
            out.push_str(".PP\n");
        }
        out.push_str(&escape(paragraph));
        out.push('\n');
    }
    out.push_str(&heading(text.headings.sections));
    for (table, what) in text.tables {
        out.push_str(".TP\n");
        out.push_str(&format!(".B {}\n", quoted(table)));
        out.push_str(&escape(what));
        out.push('\n');
    }
    out.push_str(&heading(text.headings.example));
    out.push_str(&escape(text.example_intro));
    out.push('\n');
    out.push_str(".PP\n.nf\n.ft CR\n");
    for line in text.example.lines() {
        out.push_str(&escape(line));
        out.push('\n');
    }
    out.push_str(".ft R\n.fi\n");
    write_section(
        &mut out,
        &Section {
            heading: text.files.heading,
            items: &text.files.items[..2],
        },
    );
    out.push_str(&heading(text.headings.see_also));
    out.push_str(".BR konbit (1),\n.BR konbit\\-init (1),\n.BR konbit\\-check\\-config (1),\n.BR systemd.exec (5)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_text_cannot_start_a_request() {
        assert_eq!(escape(".hidden"), "\\&.hidden");
        assert_eq!(escape("a\n'b"), "a\n\\&'b");
        assert_eq!(escape("--config C:\\x"), "\\-\\-config C:\\ex");
    }

    #[test]
    fn the_service_pages_say_what_signals_do_and_every_page_its_exit_status() {
        for (lang, signals, exit) in [
            (Lang::En, "SIGNALS", "EXIT STATUS"),
            (Lang::Fr, "SIGNAUX", "CODE DE RETOUR"),
        ] {
            let run = command_sections("konbit-run", lang);
            assert!(run.contains(&format!(".SH \"{signals}\"")), "{run}");
            assert!(run.contains(&format!(".SH \"{exit}\"")), "{run}");
            assert!(run.contains("SIGHUP") && run.contains("konbit.toml (5)"), "{run}");
            let backup = command_sections("konbit-backup", lang);
            assert!(
                backup.contains(&format!(".SH \"{exit}\"")) && !backup.contains("SIGHUP"),
                "{backup}"
            );
        }
        let run = command_sections("konbit-run", Lang::En);
        for heading in ["FILES", "ENVIRONMENT", "SIGNALS", "EXIT STATUS", "SEE ALSO"] {
            assert!(run.contains(&format!(".SH \"{heading}\"")), "{heading}: {run}");
        }
        let run = command_sections("konbit-run", Lang::Fr);
        for heading in ["FICHIERS", "ENVIRONNEMENT", "SIGNAUX", "CODE DE RETOUR", "VOIR AUSSI"] {
            assert!(run.contains(&format!(".SH \"{heading}\"")), "{heading}: {run}");
        }
    }

    #[test]
    fn the_configuration_page_carries_the_whole_example_in_its_language() {
        let page = config_page("0.1.0 (abc)", Lang::En);
        assert!(page.starts_with(".TH konbit.toml 5"), "{page}");
        assert!(page.contains("[[members]]") && page.contains("KONBIT_CONFIG"), "{page}");
        assert!(page.contains("stale_after = \"12h\""), "the example is not in the page");
        let page = config_page("0.1.0 (abc)", Lang::Fr);
        assert!(page.starts_with(".TH konbit.toml 5"), "{page}");
        assert!(
            page.contains(".SH \"NOM\"\nkonbit.toml \\- le fichier de configuration de konbit"),
            "{page}"
        );
        assert!(page.contains("[[members]]") && page.contains("KONBIT_CONFIG"), "{page}");
        assert!(
            page.contains("exemple de configuration comment"),
            "the French example is not in the page"
        );
    }

    /// Each language says the same things: the same sections, with the same tags (paths,
    /// variables, signals, codes) in the same order, the same tables, as many paragraphs.
    #[test]
    fn every_language_has_the_english_sections_and_tags() {
        let en = text(Lang::En);
        let tags = |s: &Section| s.items.iter().map(|(tag, _)| *tag).collect::<Vec<_>>();
        for lang in Lang::ALL {
            let t = text(lang);
            let pairs = [
                (&en.files, &t.files),
                (&en.environment, &t.environment),
                (&en.signals, &t.signals),
                (&en.exit_status, &t.exit_status),
            ];
            for (english, other) in pairs {
                assert_eq!(tags(english), tags(other), "{}: {}", lang.code(), other.heading);
                for (tag, said) in other.items {
                    assert!(!said.trim().is_empty(), "{}: {tag} says nothing", lang.code());
                }
            }
            let tables = |t: &Text| t.tables.iter().map(|(table, _)| *table).collect::<Vec<_>>();
            assert_eq!(tables(en), tables(t), "{}", lang.code());
            assert_eq!(
                en.config_description.len(),
                t.config_description.len(),
                "{}",
                lang.code()
            );
        }
    }

    #[test]
    fn a_page_is_ascii_with_every_other_character_as_a_groff_escape() {
        assert_eq!(
            ascii("Écrire à l’aide\u{a0}:"),
            "\\[u00C9]crire \\[u00E0] l\\[u2019]aide\\~:"
        );
        assert_eq!(ascii(".SH NAME\n"), ".SH NAME\n");
    }

    #[test]
    fn french_text_keeps_its_colons_and_semicolons_with_the_word_before() {
        let page = ".TP\n.B \"SIGHUP\"\nrelu ; le journal dit « configuration reloaded » :\n";
        assert_eq!(
            typeset(page, Lang::Fr),
            ".TP\n.B \"SIGHUP\"\nrelu\\~; le journal dit «\\~configuration reloaded\\~» :\n".replace(" :", "\\~:")
        );
        assert_eq!(typeset(page, Lang::En), page);
    }
}
