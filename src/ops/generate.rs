//! `konbit generate man DIR` and `konbit generate completions SHELL DIR`: the manual pages
//! and shell completions, made from the command line's own definition (clap), so that they
//! never drift from it. Used by `scripts/package`; hidden from `konbit --help`, from the
//! manual pages and from the completions, as everything hidden is.
//!
//! Each page exists in English and in French (`DIR/fr/`), from the command line in that
//! language (`localize`, which the caller gives: `konbit::cli::localize`). The pages of section 1 are clap_mangen's sections,
//! their headings in the page's language, followed by FILES, ENVIRONMENT, SIGNALS and EXIT
//! STATUS (manual/); `konbit.toml.5` is the configuration file's page.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Command;

use super::Outcome;
use super::manual;
use crate::i18n::Lang;
use crate::t;

/// What to generate.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Manual pages: konbit.1, one per subcommand, and konbit.toml.5, in English, and in
    /// French in DIR/fr.
    Man {
        /// An existing directory to write them in.
        dir: PathBuf,
    },
    /// Completions for a shell.
    Completions {
        shell: clap_complete::Shell,
        /// An existing directory to write the file in.
        dir: PathBuf,
    },
}

/// How a command-line definition (not built yet) is said in a language.
pub type Localize = fn(Command, Lang) -> Command;

/// Writes what `what` asks for from the command-line definition `cmd` (in English, not
/// built yet), in each language through `localize`.
pub fn run(cmd: Command, localize: Localize, what: &What, lang: Lang) -> Outcome {
    let (dir, result) = match what {
        What::Man { dir } => (dir, man_pages(cmd, localize, dir).map(|()| dir.clone())),
        What::Completions { shell, dir } => {
            let mut cmd = visible(&cmd);
            let name = cmd.get_name().to_owned();
            (dir, clap_complete::generate_to(*shell, &mut cmd, name, dir))
        }
    };
    match result {
        Ok(path) => Outcome::done(t!(lang, "generate-done", "path" => path.display().to_string())),
        Err(e) => {
            Outcome::failed(t!(lang, "generate-failed", "path" => dir.display().to_string(), "detail" => e.to_string()))
        }
    }
}

/// `cmd` without what it hides (the `generate` subcommand, test-only options): the shells'
/// completion generators offer hidden subcommands, so they are never given them. Names and
/// versions are leaked: this runs once, in a process that ends right after.
fn visible(cmd: &Command) -> Command {
    let name: &'static str = cmd.get_name().to_owned().leak();
    let mut out = Command::new(name)
        .args(cmd.get_arguments().filter(|a| !a.is_hide_set()).cloned())
        .subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(visible));
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        let version: &'static str = version.to_owned().leak();
        out = out.version(version);
    }
    if cmd.is_subcommand_required_set() {
        out = out.subcommand_required(true);
    }
    out
}

/// Every page, in each language: one per command that is not hidden, and the
/// configuration file's; English in `dir`, French in `dir/fr` (Debian installs it under
/// /usr/share/man/fr, where `man` looks for `LANG=fr_CA.UTF-8` and `man -L fr`).
fn man_pages(cmd: Command, localize: Localize, dir: &Path) -> std::io::Result<()> {
    let version = cmd.get_version().unwrap_or_default().to_owned();
    let cmd = cmd.disable_help_subcommand(true);
    for lang in Lang::ALL {
        let dir = match lang {
            Lang::En => dir.to_path_buf(),
            other => dir.join(other.code()),
        };
        std::fs::create_dir_all(&dir)?;
        let mut cmd = localize(cmd.clone(), lang);
        // Names each subcommand's page (`konbit-run`) and spreads the global options.
        cmd.build();
        command_pages(&cmd, &dir, &version, lang)?;
        let page = manual::config_page(&version, lang);
        std::fs::write(dir.join("konbit.toml.5"), manual::ascii(&manual::typeset(&page, lang)))?;
    }
    Ok(())
}

fn command_pages(cmd: &Command, dir: &Path, version: &str, lang: Lang) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command_pages(sub, dir, version, lang)?;
    }
    let headings = &manual::text(lang).headings;
    let man = clap_mangen::Man::new(cmd.clone());
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
    // clap_mangen's own title leaves the date out unquoted, which shifts the version into
    // its place: no date, the version as the source, the manual in the page's language.
    let mut page = manual::title(name, 1, version, headings.manual).into_bytes();
    titled(&mut page, headings.name, |w| man.render_name_section(w))?;
    titled(&mut page, headings.synopsis, |w| man.render_synopsis_section(w))?;
    titled(&mut page, headings.description, |w| man.render_description_section(w))?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        titled(&mut page, headings.options, |w| man.render_options_section(w))?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        titled(&mut page, headings.subcommands, |w| man.render_subcommands_section(w))?;
    }
    page.extend_from_slice(manual::command_sections(name, lang).as_bytes());
    if cmd.get_version().is_some() {
        titled(&mut page, headings.version, |w| man.render_version_section(w))?;
    }
    let page = String::from_utf8_lossy(&page);
    std::fs::write(
        dir.join(man.get_filename()),
        manual::ascii(&manual::typeset(&page, lang)),
    )
}

/// Appends what `render` writes (a section of clap_mangen's), its first heading replaced
/// by `heading` (the page's language's; the sections the options' `help_heading` makes,
/// IRC and Matrix, keep theirs).
fn titled(
    page: &mut Vec<u8>,
    heading: &str,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut section = Vec::new();
    render(&mut section)?;
    let section = String::from_utf8_lossy(&section);
    let mut replaced = false;
    for line in section.split_inclusive('\n') {
        if !replaced && line.starts_with(".SH ") {
            page.extend_from_slice(manual::heading(heading).as_bytes());
            replaced = true;
        } else {
            page.extend_from_slice(line.as_bytes());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// The pages' file names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .expect("read the directory")
            .map(|e| e.expect("entry"))
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }

    /// A page's text as man shows it, near enough: escapes decoded, fonts dropped.
    fn plain(page: &str) -> String {
        let mut out = page
            .replace("\\fB", "")
            .replace("\\fI", "")
            .replace("\\fR", "")
            .replace("\\-", "-")
            .replace("\\*(Aq", "'")
            .replace("\\~", " ")
            .replace("\\&", "")
            .replace("\\e", "\\");
        while let Some(at) = out.find("\\[u") {
            let end = at + out[at..].find(']').expect("an escape ends");
            let c = u32::from_str_radix(&out[at + 3..end], 16)
                .ok()
                .and_then(char::from_u32)
                .expect("a character");
            out.replace_range(at..=end, &c.to_string());
        }
        out
    }

    fn generated() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary directory");
        man_pages(Cli::command(), crate::cli::localize, dir.path()).expect("the pages");
        dir
    }

    #[test]
    fn every_manual_page_has_its_french_counterpart() {
        let dir = generated();
        let en = names(dir.path());
        assert_eq!(en, names(&dir.path().join("fr")));
        for page in [
            "konbit.1",
            "konbit-run.1",
            "konbit-init.1",
            "konbit-export-hours.1",
            "konbit-feed-new.1",
            "konbit.toml.5",
        ] {
            assert!(en.iter().any(|p| p == page), "no {page}: {en:?}");
        }
        assert!(!en.iter().any(|p| p.contains("generate")), "{en:?}");
        // One page per command that is not hidden, and the configuration file's.
        fn count(cmd: &Command) -> usize {
            1 + cmd
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(count)
                .sum::<usize>()
        }
        assert_eq!(en.len(), count(&Cli::command()) + 1, "{en:?}");
    }

    #[test]
    fn the_french_pages_say_each_option_in_french_and_nothing_of_the_english() {
        let dir = generated();
        let texts = crate::cli::translated_texts(Lang::Fr);
        for name in names(&dir.path().join("fr")) {
            let raw = std::fs::read_to_string(dir.path().join("fr").join(&name)).expect("read");
            assert!(raw.is_ascii(), "{name} is not ASCII");
            let page = plain(&raw);
            assert!(
                page.contains(".SH \"NOM\"") && page.contains(".SH \"VOIR AUSSI\""),
                "{name}: {page}"
            );
            for english in [
                "\"NAME\"",
                "EXIT STATUS",
                "SEE ALSO",
                "[default:",
                "Possible values",
                "Print help",
                "Print version",
            ] {
                assert!(!page.contains(english), "{name} says {english}: {page}");
            }
            if name.ends_with(".1") {
                assert!(
                    page.contains(".SH \"CODE DE RETOUR\"") && page.contains(".SH \"FICHIERS\""),
                    "{name}"
                );
            }
            for (key, en, fr) in texts {
                assert!(!page.contains(en), "{name} shows the English of {key}: {en}");
                // The text is in its command's page: `konbit export hours --from` in
                // konbit-export-hours.1.
                let command: Vec<&str> = key
                    .split(' ')
                    .take_while(|w| !w.starts_with("--") && !w.starts_with('<'))
                    .collect();
                if format!("{}.1", command.join("-")) == name {
                    assert!(page.contains(fr), "{name} lacks the French of {key}: {fr}\n{page}");
                }
            }
        }
    }

    #[test]
    fn the_english_pages_stay_english() {
        let dir = generated();
        let page = plain(&std::fs::read_to_string(dir.path().join("konbit-export-hours.1")).expect("read"));
        assert!(
            page.contains("First day, YYYY-MM-DD") && page.contains(".SH \"EXIT STATUS\""),
            "{page}"
        );
        assert!(page.contains(".TH konbit-export-hours 1 \"\" \"konbit "), "{page}");
        assert!(!page.contains("Premier jour"), "{page}");
    }
}
