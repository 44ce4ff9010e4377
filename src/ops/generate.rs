//! `konbit generate man DIR` and `konbit generate completions SHELL DIR`: the manual pages
//! and shell completions, made from the command line's own definition (clap), so that they
//! never drift from it. Used by `scripts/package`; hidden from `konbit --help`, from the
//! manual pages and from the completions, as everything hidden is.
//!
//! The pages of section 1 are clap_mangen's sections followed by FILES, ENVIRONMENT,
//! SIGNALS and EXIT STATUS (manual.rs); `konbit.toml.5` is the configuration file's page.

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
    /// Manual pages: konbit.1, one per subcommand, and konbit.toml.5.
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

/// Writes what `what` asks for from the command-line definition `cmd`.
pub fn run(cmd: Command, what: &What, lang: Lang) -> Outcome {
    let (dir, result) = match what {
        What::Man { dir } => (dir, man_pages(cmd, dir).map(|()| dir.clone())),
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

/// Every page: one per command that is not hidden, and the configuration file's.
fn man_pages(cmd: Command, dir: &Path) -> std::io::Result<()> {
    let version = cmd.get_version().unwrap_or_default().to_owned();
    let mut cmd = cmd.disable_help_subcommand(true);
    // Names each subcommand's page (`konbit-run`) and spreads the global options.
    cmd.build();
    command_pages(&cmd, dir)?;
    let mut file = std::fs::File::create(dir.join("konbit.toml.5"))?;
    file.write_all(manual::config_page(&version).as_bytes())?;
    file.flush()
}

fn command_pages(cmd: &Command, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command_pages(sub, dir)?;
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut page)?;
    }
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
    page.extend_from_slice(manual::command_sections(name).as_bytes());
    if cmd.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    std::fs::write(dir.join(man.get_filename()), page)
}
