//! The `konbit` command line: parse arguments, load the configuration, start logging,
//! hand over to the chosen subcommand.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use konbit::app::Core;
use konbit::config::{Config, Problem};
use konbit::export;
use konbit::i18n::Lang;
use konbit::store::Store;
use konbit::t;
use konbit::transport::console;

#[derive(Parser)]
#[command(name = "konbit", version, about = "A chat bot for self-managed worker collectives")]
struct Cli {
    /// Configuration file (TOML). Without it, the built-in default is used.
    #[arg(long, global = true, env = "KONBIT_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Talk to konbit in this terminal: `NAME: TEXT` in the room, `NAME> TEXT` privately.
    Console {
        /// Start a simulated clock at this time (RFC 3339); it then moves only with
        /// `/wait DURATION` and `/at TIME`.
        #[arg(long, value_name = "START")]
        clock: Option<String>,
    },
    /// Connect to the configured networks (`[irc]`, `[matrix]`) and serve the collective there.
    Run,
    /// Check a configuration file and list every problem with its key path.
    CheckConfig,
    /// Export records for payroll and accounting.
    Export {
        #[command(subcommand)]
        what: Export,
    },
}

#[derive(Subcommand)]
enum Export {
    /// Punched hours (counted entries) between two days, inclusive, to standard output.
    Hours {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: NaiveDate,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: NaiveDate,
        #[arg(long, value_enum, default_value = "csv")]
        format: export::Format,
        /// Only this member's entries.
        #[arg(long)]
        member: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("KONBIT_LOG").unwrap_or_else(|_| "warn".into()))
        .init();
    let fallback_lang = Lang::from_env().unwrap_or_default();
    let path_label = |lang| match &cli.config {
        Some(p) => p.display().to_string(),
        None => t!(lang, "builtin-config"),
    };
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(problems) => {
            let check = matches!(cli.command, Cmd::CheckConfig);
            report(&problems, fallback_lang, &path_label(fallback_lang), !check);
            return ExitCode::from(if check { 1 } else { 2 });
        }
    };
    let lang = Lang::from_env().unwrap_or(config.collective.lang);
    if let Cmd::CheckConfig = cli.command {
        say(false, &t!(lang, "check-config-ok", "path" => path_label(lang)));
        return ExitCode::SUCCESS;
    }
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| {
            runtime.block_on(async {
                match cli.command {
                    Cmd::Console { clock } => run_console(config, clock, lang).await,
                    Cmd::Run => run_networks(config, lang).await,
                    Cmd::Export {
                        what:
                            Export::Hours {
                                from,
                                to,
                                format,
                                member,
                            },
                    } => run_export(config, from, to, format, member, lang).await,
                    Cmd::CheckConfig => Ok(()),
                }
            })
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(true, &t!(lang, "startup-failed", "detail" => format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

fn report(problems: &[Problem], lang: Lang, path: &str, to_stderr: bool) {
    let mut text = t!(lang, "check-config-problems", "path" => path.to_owned(), "count" => problems.len() as i64);
    for p in problems {
        text.push_str("\n  ");
        text.push_str(&p.render(lang));
    }
    say(to_stderr, &text);
}

/// Prints a line; a closed stdout or stderr is not worth a panic.
fn say(to_stderr: bool, text: &str) {
    use std::io::Write;
    let _ = if to_stderr {
        writeln!(std::io::stderr().lock(), "{text}")
    } else {
        writeln!(std::io::stdout().lock(), "{text}")
    };
}

async fn run_console(config: Config, clock: Option<String>, lang: Lang) -> anyhow::Result<()> {
    let store = Store::open(&config.database).await?;
    let room = config.console_room.clone();
    let core = Core::new(Arc::new(config), store, room);
    let start = match clock {
        None => None,
        Some(s) => match console::parse_instant(&core, &s) {
            Some(t) => Some(t),
            None => anyhow::bail!(t!(lang, "console-bad-clock", "value" => s)),
        },
    };
    console::run(core, start, lang).await
}

async fn run_networks(config: Config, lang: Lang) -> anyhow::Result<()> {
    // The main room, where proposals made in private are announced: the first IRC
    // channel, else the first Matrix room.
    let home = match (&config.irc, &config.matrix) {
        (Some(irc), _) => irc.channels.first().cloned(),
        (None, Some(matrix)) => matrix.rooms.first().cloned(),
        (None, None) => anyhow::bail!(t!(lang, "run-no-network")),
    };
    let store = Store::open(&config.database).await?;
    let core = Arc::new(Core::new(Arc::new(config), store, home.unwrap_or_default()));
    core.prepare(chrono::Utc::now()).await?;
    konbit::transport::run(core).await
}

async fn run_export(
    config: Config,
    from: NaiveDate,
    to: NaiveDate,
    format: export::Format,
    member: Option<String>,
    lang: Lang,
) -> anyhow::Result<()> {
    if from > to {
        anyhow::bail!(t!(lang, "export-bad-range", "from" => from.to_string(), "to" => to.to_string()));
    }
    let member = member.map(|m| config.member_named(&m).map_or(m, |r| r.name.clone()));
    let store = Store::open(&config.database).await?;
    let mut out = std::io::stdout().lock();
    export::hours(&store, from, to, member.as_deref(), format, &mut out).await?;
    store.close().await;
    Ok(())
}
