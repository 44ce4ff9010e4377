//! A member's data, for the operator (docs/privacy.md): `konbit export member NAME` writes
//! everything konbit holds about them (the archive `!mydata` links to: a zip of JSON and
//! CSV, or the JSON alone), and `konbit erase member NAME`, once the collective decided
//! it (a member who left), erases them: what is personal is deleted, their name replaced
//! by a stable pseudonym in what the collective keeps, the database file rewritten so that
//! nothing deleted stays in it, and their entry taken out of the roster. It asks for
//! confirmation (the name typed again) unless `--yes`.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::Outcome;
use crate::config::Config;
use crate::i18n::Lang;
use crate::store::{KindSummary, Store};
use crate::t;

/// The archive's form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ArchiveFormat {
    /// A zip: README.txt, data.json and a CSV file per kind.
    #[default]
    Zip,
    /// The JSON document alone.
    Json,
}

/// `konbit export member` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The member: their roster name (any case), or a name the records use.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The archive's form: a zip, or the JSON document alone.
    #[arg(long, value_enum, default_value_t)]
    pub format: ArchiveFormat,
    /// Write to this new file (readable by its owner only) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What `konbit erase` erases.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Erase {
    /// A member who left, once the collective decided it: personal data deleted, the
    /// name replaced by a pseudonym ("former-member-3") in proposals, vetoes, decisions,
    /// attendance, minutes and hours, the member taken out of the roster. Cannot be undone.
    Member(EraseArgs),
}

/// `konbit erase member` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct EraseArgs {
    /// The member: their roster name (any case), or a name the records use.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Do not ask for confirmation (for scripts).
    #[arg(long)]
    pub yes: bool,
}

fn runtime(lang: Lang, id: &str) -> Result<tokio::runtime::Runtime, Outcome> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Outcome::failed(t!(lang, id, "detail" => e.to_string())))
}

/// `konbit export member`: the archive to `--output` or standard output.
pub fn export(config: &Config, args: &ExportArgs, lang: Lang) -> Outcome {
    use std::io::IsTerminal;
    if args.format == ArchiveFormat::Zip && args.output.is_none() && std::io::stdout().is_terminal() {
        return Outcome::refused(t!(lang, "export-member-terminal"));
    }
    if let Some(path) = &args.output
        && path.exists()
    {
        return Outcome::refused(t!(lang, "backup-exists", "path" => path.display().to_string()));
    }
    let runtime = match runtime(lang, "export-member-failed") {
        Ok(r) => r,
        Err(o) => return o,
    };
    let archive = runtime.block_on(async {
        let store = Store::open_configured(config).await?;
        let archive = crate::privacy::gather(&store, config, &args.name, Utc::now()).await;
        store.close().await;
        archive
    });
    let archive = match archive {
        Ok(a) => a,
        Err(e) => return Outcome::failed(t!(lang, "export-member-failed", "detail" => e.to_string())),
    };
    if archive.identity.is_none() && archive.records.is_empty() {
        return Outcome::refused(t!(lang, "member-unknown", "name" => args.name.clone()));
    }
    let bytes = match args.format {
        ArchiveFormat::Zip => archive.zip(config.lang_for(&archive.member)),
        ArchiveFormat::Json => archive.json().into_bytes(),
    };
    let written = match &args.output {
        Some(path) => private_file(path, &bytes).map(|()| {
            t!(lang, "export-member-done", "path" => path.display().to_string(), "member" => archive.member.clone())
        }),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes).and_then(|()| out.flush()).map(|()| String::new())
        }
    };
    match written {
        Ok(text) => Outcome::done(text),
        Err(e) => Outcome::failed(t!(lang, "export-member-failed", "detail" => e.to_string())),
    }
}

/// Writes a new file readable by its owner only.
fn private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `konbit erase member`. `file`: the configuration file read, whose roster loses the
/// member; `answer`: where the confirmation is read from (standard input).
pub fn erase(config: Config, file: Option<&Path>, args: &EraseArgs, lang: Lang, answer: &mut dyn BufRead) -> Outcome {
    let runtime = match runtime(lang, "erase-failed") {
        Ok(r) => r,
        Err(o) => return o,
    };
    runtime.block_on(erase_async(config, file, args, lang, answer))
}

async fn erase_async(
    config: Config,
    file: Option<&Path>,
    args: &EraseArgs,
    lang: Lang,
    answer: &mut dyn BufRead,
) -> Outcome {
    let failed = |e: &dyn std::fmt::Display| Outcome::failed(t!(lang, "erase-failed", "detail" => e.to_string()));
    let store = match Store::open_configured(&config).await {
        Ok(s) => s,
        Err(e) => return failed(&e),
    };
    let who = crate::privacy::subject(&config, &args.name);
    let in_roster = config.member_named(&who.name).is_some();
    let formers = match store.former_members().await {
        Ok(f) => f,
        Err(e) => return failed(&e),
    };
    if formers.iter().any(|f| f.eq_ignore_ascii_case(&who.name)) {
        return Outcome::refused(t!(lang, "erase-already", "name" => who.name.clone()));
    }
    let records = match store.member_records(&who).await {
        Ok(r) => r,
        Err(e) => return failed(&e),
    };
    if !in_roster && records.is_empty() {
        return Outcome::refused(t!(lang, "member-unknown", "name" => args.name.clone()));
    }
    let roster_file = file.filter(|_| in_roster);
    if in_roster && roster_file.is_none() {
        return Outcome::refused(t!(lang, "erase-no-file", "name" => who.name.clone()));
    }
    if let Some(path) = roster_file
        && let Err(e) = super::roster::writable(path)
    {
        return Outcome::refused(
            t!(lang, "erase-file-unwritable", "path" => path.display().to_string(), "detail" => e.to_string()),
        );
    }
    if !args.yes {
        let plan = plan(
            lang,
            &who.name,
            &records.summary(config.collective.tz),
            roster_file,
            in_roster,
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "{plan}\n{} ",
            t!(lang, "erase-confirm", "name" => who.name.clone())
        );
        let _ = err.flush();
        let mut line = String::new();
        if answer.read_line(&mut line).is_err() || !line.trim().eq_ignore_ascii_case(&who.name) {
            return Outcome::refused(t!(lang, "erase-not-confirmed"));
        }
    }
    let erasure = match crate::privacy::erase::erase(&store, &config, &who, Utc::now()).await {
        Ok(e) => e,
        Err(e) => return failed(&e),
    };
    let mut text = t!(lang, "erase-done", "name" => who.name.clone(), "pseudonym" => erasure.pseudonym.clone(),
        "deleted" => erasure.erased.deleted as i64, "kept" => erasure.erased.pseudonymised as i64,
        "files" => erasure.minutes_files as i64);
    let mut code = 0;
    if let Err(e) = store.wipe_free_space().await {
        text.push('\n');
        text.push_str(&t!(lang, "erase-wipe-failed", "detail" => e.to_string()));
        code = 1;
    }
    store.close().await;
    if let Some(path) = roster_file {
        text.push('\n');
        match super::roster::remove_member(path, &who.name) {
            Ok(_) => text.push_str(
                &t!(lang, "erase-roster-done", "name" => who.name.clone(), "path" => path.display().to_string()),
            ),
            Err(e) => {
                text.push_str(&t!(lang, "erase-roster-failed", "name" => who.name.clone(),
                    "path" => path.display().to_string(), "detail" => e.to_string()));
                code = 1;
            }
        }
    }
    Outcome { code, text }
}

/// What the erasure will do, for the confirmation.
fn plan(lang: Lang, name: &str, kinds: &[KindSummary], roster: Option<&Path>, in_roster: bool) -> String {
    let mut text = t!(lang, "erase-plan", "name" => name.to_owned());
    for k in kinds.iter().filter(|k| k.count > 0) {
        text.push_str("\n  ");
        text.push_str(&t!(lang, &format!("mydata-kind-{}", k.key.replace('_', "-"))));
        text.push_str(&format!(": {}", k.count));
    }
    text.push('\n');
    text.push_str(&t!(lang, "erase-plan-what"));
    if let Some(path) = roster {
        text.push('\n');
        text.push_str(&t!(lang, "erase-plan-roster", "path" => path.display().to_string()));
    } else if !in_roster {
        text.push('\n');
        text.push_str(&t!(lang, "erase-plan-not-in-roster", "name" => name.to_owned()));
    }
    text
}
