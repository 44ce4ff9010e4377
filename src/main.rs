//! The `konbit` command line: parse arguments, load the configuration, start logging,
//! hand over to the chosen subcommand.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use konbit::app::Core;
use konbit::config::{Config, Problem};
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
    /// Check a configuration file and list every problem with its key path.
    CheckConfig,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("KONBIT_LOG").unwrap_or_else(|_| "warn".into()))
        .init();
    let config = Config::load(cli.config.as_deref());
    let ui_lang = |c: Option<&Config>| Lang::from_env().or(c.map(|c| c.collective.lang)).unwrap_or_default();
    let path_label = |lang| match &cli.config {
        Some(p) => p.display().to_string(),
        None => t!(lang, "builtin-config"),
    };
    match cli.command {
        Cmd::CheckConfig => match config {
            Ok(c) => {
                let lang = ui_lang(Some(&c));
                say(false, &t!(lang, "check-config-ok", "path" => path_label(lang)));
                ExitCode::SUCCESS
            }
            Err(problems) => {
                report(&problems, ui_lang(None), &path_label(ui_lang(None)), false);
                ExitCode::from(1)
            }
        },
        Cmd::Console { clock } => {
            let config = match config {
                Ok(c) => c,
                Err(problems) => {
                    report(&problems, ui_lang(None), &path_label(ui_lang(None)), true);
                    return ExitCode::from(2);
                }
            };
            let lang = ui_lang(Some(&config));
            let result = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|runtime| runtime.block_on(run_console(config, clock, lang)));
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    say(true, &t!(lang, "startup-failed", "detail" => format!("{e:#}")));
                    ExitCode::from(1)
                }
            }
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
