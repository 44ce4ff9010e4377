//! `konbit generate man DIR` and `konbit generate completions SHELL DIR`: the manual pages
//! and shell completions, made from the command line's own definition (clap), so that they
//! never drift from it. Used by `scripts/package`; hidden from `konbit --help`.

use std::path::PathBuf;

use super::Outcome;
use crate::i18n::Lang;
use crate::t;

/// What to generate.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Manual pages (section 1): konbit.1 and one per subcommand.
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
pub fn run(cmd: clap::Command, what: &What, lang: Lang) -> Outcome {
    let (dir, result) = match what {
        What::Man { dir } => (dir, clap_mangen::generate_to(cmd, dir).map(|()| dir.clone())),
        What::Completions { shell, dir } => {
            let mut cmd = cmd;
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
