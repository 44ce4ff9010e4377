//! The `konbit` command line: parse arguments (`konbit::cli`, in the operator's language),
//! load the configuration, start logging, hand over to the chosen subcommand.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::CommandFactory;
use konbit::app::Core;
use konbit::cli::{Cli, Cmd, Export};
use konbit::config::{Config, Problem};
use konbit::export;
use konbit::i18n::Lang;
use konbit::store::Store;
use konbit::t;
use konbit::transport::console;

/// What is logged when neither `KONBIT_LOG` nor `RUST_LOG` says otherwise: konbit's own
/// lines (at info for `konbit run`: connections, adoptions; warnings otherwise), and only
/// errors from the libraries underneath. Matrix's HTTP client is silent: it logs every
/// refused request as an error, routine ones included (an account-data key the SDK probes
/// for and that does not exist yet); so is its sync loop's "room not found" for an event
/// of a room the bot just left. konbit logs the failures an operator can act on (a lost
/// connection, a refused login) itself.
fn default_log_filter(serving: bool) -> String {
    let own = if serving { "info" } else { "warn" };
    format!("error,konbit={own},matrix_sdk::http_client=off,matrix_sdk::sync=off")
}

/// The log filter: `KONBIT_LOG`, else `RUST_LOG`, else [`default_log_filter`]. A
/// variable that does not parse is reported and the default used.
fn log_filter(serving: bool) -> tracing_subscriber::EnvFilter {
    use tracing_subscriber::EnvFilter;
    let set = ["KONBIT_LOG", "RUST_LOG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()).map(|s| (*v, s)));
    match set {
        Some((var, spec)) => EnvFilter::try_new(&spec).unwrap_or_else(|e| {
            say(true, &format!("{var}={spec}: {e}"));
            EnvFilter::new(default_log_filter(serving))
        }),
        None => EnvFilter::new(default_log_filter(serving)),
    }
}

fn main() -> ExitCode {
    use std::io::IsTerminal;
    let cli = Cli::parse_localized();
    // `konbit run` catches SIGHUP before anything else: its default action would end the
    // process silently, and a reload asked while it starts is done once it serves.
    let mut early = None;
    if matches!(cli.command, Cmd::Run) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
        let hangups = runtime.as_ref().ok().map(|r| {
            let _inside = r.enter();
            konbit::transport::Hangups::listen()
        });
        early = Some((runtime, hangups));
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, never into a file or a journal.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(log_filter(matches!(cli.command, Cmd::Run)))
        .init();
    let fallback_lang = Lang::from_env().unwrap_or_default();
    // Commands that need no configuration (`init` writes one).
    match &cli.command {
        Cmd::Init(args) => {
            let mut args = args.as_ref().clone();
            // `konbit init --config FILE` writes FILE (--output wins when both are given).
            args.output = args.output.or_else(|| cli.config.clone());
            return finish(konbit::ops::init::run(args, Lang::from_env()));
        }
        Cmd::Generate { what } => {
            return finish(konbit::ops::generate::run(
                Cli::command(),
                konbit::cli::localize,
                what,
                fallback_lang,
            ));
        }
        _ => {}
    }
    // `--config` or `$KONBIT_CONFIG`, else the first of the usual places that exists.
    let found = cli.config.is_none();
    let file = cli.config.clone().or_else(default_config_file);
    let check = matches!(cli.command, Cmd::CheckConfig { .. });
    match &file {
        None if check => {
            say(
                true,
                &t!(fallback_lang, "check-config-no-file", "places" => DEFAULT_CONFIG_FILES.join(", ")),
            );
            return ExitCode::from(1);
        }
        // Which file was read, when nobody named it (check-config names it anyway).
        Some(f) if found && !check => say(
            true,
            &t!(fallback_lang, "config-file-found", "path" => f.display().to_string()),
        ),
        _ => {}
    }
    let path_label = |lang| match &file {
        Some(p) => p.display().to_string(),
        None => t!(lang, "builtin-config"),
    };
    let config = match Config::load(file.as_deref()) {
        Ok(c) => c,
        Err(problems) => {
            report(&problems, fallback_lang, &path_label(fallback_lang), !check);
            return ExitCode::from(if check { 1 } else { 2 });
        }
    };
    let lang = Lang::from_env().unwrap_or(config.collective.lang);
    // A network the file configures that this build cannot serve (built without it).
    let missing = konbit::transport::missing_networks(&config);
    if !missing.is_empty() && matches!(cli.command, Cmd::CheckConfig { .. } | Cmd::Run) {
        say(true, &t!(lang, "build-lacks-network", "networks" => missing.join(", ")));
        return ExitCode::from(if matches!(cli.command, Cmd::CheckConfig { .. }) {
            1
        } else {
            2
        });
    }
    if let Cmd::CheckConfig { connect, env_file } = cli.command {
        say(false, &t!(lang, "check-config-ok", "path" => path_label(lang)));
        for warning in konbit::ops::writable::warnings(&config, lang) {
            say(true, &warning);
        }
        if connect {
            if let Some(path) = env_file {
                let text = match std::fs::read_to_string(&path) {
                    Ok(t) => t,
                    Err(e) => {
                        say(
                            true,
                            &t!(lang, "env-file-unreadable", "path" => path.display().to_string(), "detail" => e.to_string()),
                        );
                        return ExitCode::from(1);
                    }
                };
                for (name, value) in konbit::ops::envfile::parse(&text) {
                    // SAFETY: no other thread exists yet (the probe's runtime starts below),
                    // so nothing reads the environment while it changes.
                    unsafe { std::env::set_var(name, value) };
                }
            }
            return finish(konbit::ops::probe::run(&config, lang));
        }
        return ExitCode::SUCCESS;
    }
    if let Cmd::Backup(args) = &cli.command {
        return finish(konbit::ops::backup::run(&config, args, lang));
    }
    if let Cmd::MigrateStorage(args) = &cli.command {
        return finish(konbit::ops::migrate::run(&config, args, lang));
    }
    if let Cmd::Export {
        what: Export::Member(args),
    } = &cli.command
    {
        return finish(konbit::ops::member::export(&config, args, lang));
    }
    if let Cmd::Erase {
        what: konbit::ops::member::Erase::Member(args),
    } = &cli.command
    {
        let mut stdin = std::io::stdin().lock();
        return finish(konbit::ops::member::erase(
            config,
            file.as_deref(),
            args,
            lang,
            &mut stdin,
        ));
    }
    if let Cmd::Feed { action } = &cli.command {
        return finish(konbit::ops::feed::run(&config, action.unwrap_or_default(), lang));
    }
    #[cfg(feature = "web")]
    if let Cmd::Web { clock } = &cli.command {
        return match run_web(config, clock.as_deref(), lang) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                say(true, &t!(lang, "startup-failed", "detail" => failure(&e, lang)));
                ExitCode::from(1)
            }
        };
    }
    let (runtime, hangups) = match early {
        Some((runtime, hangups)) => (runtime, hangups),
        None => (tokio::runtime::Builder::new_current_thread().enable_all().build(), None),
    };
    let result = runtime.map_err(anyhow::Error::from).and_then(|runtime| {
        runtime.block_on(async {
            match cli.command {
                Cmd::Console { clock } => run_console(config, clock, lang).await,
                Cmd::Run => {
                    let shown = match &file {
                        Some(p) => p.display().to_string(),
                        None => t!(lang, "run-no-config-file"),
                    };
                    let hangups = hangups.unwrap_or_else(konbit::transport::Hangups::listen);
                    run_networks(config, file.clone(), &shown, hangups, lang).await
                }
                Cmd::Export {
                    what:
                        Export::Hours {
                            from,
                            to,
                            format,
                            member,
                        },
                } => run_export(config, from, to, format, member, lang).await,
                Cmd::CheckConfig { .. }
                | Cmd::Backup(_)
                | Cmd::MigrateStorage(_)
                | Cmd::Feed { .. }
                | Cmd::Init(_)
                | Cmd::Generate { .. }
                | Cmd::Erase { .. }
                | Cmd::Export {
                    what: Export::Member(_),
                } => Ok(()),
                #[cfg(feature = "web")]
                Cmd::Web { .. } => Ok(()),
            }
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(true, &t!(lang, "startup-failed", "detail" => failure(&e, lang)));
            ExitCode::from(1)
        }
    }
}

/// Where a configuration file is looked for when none is named, in this order.
const DEFAULT_CONFIG_FILES: [&str; 2] = ["./konbit.toml", "/etc/konbit/konbit.toml"];

fn default_config_file() -> Option<PathBuf> {
    DEFAULT_CONFIG_FILES.iter().map(PathBuf::from).find(|p| p.is_file())
}

fn report(problems: &[Problem], lang: Lang, path: &str, to_stderr: bool) {
    let mut text = t!(lang, "check-config-problems", "path" => path.to_owned(), "count" => problems.len() as i64);
    for p in problems {
        text.push_str("\n  ");
        text.push_str(&p.render(lang));
    }
    say(to_stderr, &text);
}

/// Why konbit stopped, for the operator: each cause once (SQLite's message is carried by
/// three layers of errors, each repeating it), a database from a newer konbit in `lang`.
fn failure(e: &anyhow::Error, lang: Lang) -> String {
    if let Some(konbit::store::StoreError::Newer { path, version }) = e.downcast_ref() {
        return t!(lang, "store-newer", "path" => path.clone(), "version" => version.to_string());
    }
    let mut text = String::new();
    for cause in e.chain() {
        let said = cause.to_string();
        if text.contains(&said) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&said);
    }
    text
}

/// Shows what an operator command says (stderr when it failed) and gives its exit code.
fn finish(outcome: konbit::ops::Outcome) -> ExitCode {
    // Nothing to say when the output was the data itself (an export to standard output).
    if !outcome.text.is_empty() {
        say(outcome.code != 0, &outcome.text);
    }
    ExitCode::from(outcome.code)
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
    // One konbit at a time on a database: held until the console ends.
    let _lock = konbit::ops::instance::acquire(&config.database, lang)?;
    let store = Store::open_configured(&config).await?;
    let room = konbit::effect::Room::new(konbit::effect::Network::Console, config.console_room.clone());
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

async fn run_networks(
    config: Config,
    file: Option<std::path::PathBuf>,
    shown: &str,
    hangups: konbit::transport::Hangups,
    lang: Lang,
) -> anyhow::Result<()> {
    // The main room, where proposals made in private are announced: the first IRC
    // channel, else the first Matrix room.
    let home = konbit::transport::served_rooms(&config).into_iter().next();
    // A file not filled in yet (the package's own has no network and no member) is not
    // served: nobody could propose, and nobody would hear it.
    let mut missing = Vec::new();
    if home.is_none() {
        missing.push(t!(lang, "run-no-network"));
    }
    if config.members.is_empty() {
        missing.push(t!(lang, "run-no-members"));
    }
    let Some(home) = home.filter(|_| missing.is_empty()) else {
        anyhow::bail!(t!(lang, "run-configure", "path" => shown.to_owned(), "missing" => missing.join("; ")));
    };
    // Nothing is created on disk before the secrets are known to be readable.
    check_secrets(&config, lang)?;
    // One konbit at a time on a SQLite file: held for this process's life. On
    // PostgreSQL, one active at a time: the others stand by (see below).
    let _lock = match config.postgres {
        None => Some(konbit::ops::instance::acquire(&config.database, lang)?),
        Some(_) => None,
    };
    tracing::info!(
        version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("KONBIT_GIT_REVISION"), ")"),
        config = %shown,
        database = %config.postgres.as_deref().map_or_else(|| config.database.display().to_string(), konbit::store::redact),
        "konbit starting"
    );
    let store = Store::open_configured(&config).await?;
    // Active/standby on PostgreSQL: wait for the lease (on a connection of its own), then
    // serve; every unit of work checks its epoch from then on.
    let active = match &config.postgres {
        Some(url) => {
            let lease_store = Store::open_postgres(url, 1).await?;
            let active = konbit::lease::stand_by(lease_store, config.lease).await;
            store.fence_at(active.epoch());
            konbit::lease::keep(&active);
            Some(active)
        }
        None => None,
    };
    let core = Arc::new(Core::new(Arc::new(config), store, home));
    core.prepare(chrono::Utc::now()).await?;
    // The web view beside the networks, when `[web]` is set. It reads the same file on
    // connections of its own: readers of the pages never hold the bot's connection, so
    // they never delay a reply.
    #[cfg(feature = "web")]
    if let Some(web) = core.config().web.clone() {
        let key = konbit::web::server_key(&core.config(), lang)?;
        let listener = tokio::net::TcpListener::bind(web.listen).await?;
        tracing::info!(address = %listener.local_addr()?, "web view listening");
        let readers = Store::open_configured_read_only(&core.config(), 2).await?;
        let view = Arc::new(
            konbit::web::Web::with_core(core.reader(readers), key, None)
                .cached()
                .await?,
        );
        tokio::spawn(konbit::web::serve(view, listener, std::future::pending()));
    }
    let served = konbit::transport::run(core, file, hangups).await;
    if let Some(active) = active
        && let Err(e) = konbit::lease::release(active).await
    {
        tracing::warn!(error = %e, "cannot give the lease up; a standby takes over once it expires");
    }
    served
}

/// `konbit web`: the view alone, on two worker threads (requests are served in parallel).
#[cfg(feature = "web")]
fn run_web(config: Config, clock: Option<&str>, lang: Lang) -> anyhow::Result<()> {
    let clock = match clock {
        None => None,
        Some(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(t) => Some(t.with_timezone(&chrono::Utc)),
            Err(_) => anyhow::bail!(t!(lang, "console-bad-clock", "value" => s.to_owned())),
        },
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(konbit::web::run_alone(config, clock, lang))
}

/// Reads every secret `konbit run` will need, so that a missing or empty one stops it
/// before it creates its database or its Matrix state. The Matrix password or token is
/// needed only for a first login (a saved session is reused).
fn check_secrets(config: &Config, lang: Lang) -> anyhow::Result<()> {
    use konbit::config::{MatrixLogin, Secret};
    let read = |secret: &Secret, id: &str| -> anyhow::Result<()> {
        let detail = match secret.read() {
            Ok(s) if s.trim().is_empty() => t!(lang, "secret-empty"),
            Ok(_) => return Ok(()),
            Err(e) => e.to_string(),
        };
        anyhow::bail!(t!(lang, id, "where" => format!("{secret:?}"), "detail" => detail))
    };
    if let Some((_, secret)) = config.irc.as_ref().and_then(|irc| irc.sasl.as_ref()) {
        read(secret, "irc-password-unreadable")?;
    }
    if let Some(path) = config.irc.as_ref().and_then(|irc| irc.tls_ca_file.as_ref())
        && let Err(e) = std::fs::File::open(path)
    {
        anyhow::bail!(t!(lang, "irc-ca-unreadable", "path" => path.display().to_string(), "detail" => e.to_string()));
    }
    if let Some(mail) = &config.mail {
        read(&mail.token_key, "mail-key-unreadable")?;
        if mail.token_key.read().is_ok_and(|k| k.trim().len() < 16) {
            anyhow::bail!(t!(lang, "mail-key-short", "where" => format!("{:?}", mail.token_key)));
        }
        if let Some((_, secret)) = &mail.smtp.login {
            read(secret, "smtp-password-unreadable")?;
        }
        if let Some(imap) = &mail.imap {
            read(&imap.password, "imap-password-unreadable")?;
        }
    }
    if let Some(matrix) = &config.matrix
        && !matrix.state_dir.join("session.json").exists()
    {
        match &matrix.login {
            MatrixLogin::Password(secret) => read(secret, "matrix-password-unreadable")?,
            MatrixLogin::AccessToken(secret) => read(secret, "matrix-token-unreadable")?,
        }
    }
    Ok(())
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
    let store = Store::open_configured(&config).await?;
    let mut out = std::io::stdout().lock();
    export::hours(&store, from, to, member.as_deref(), format, &mut out).await?;
    store.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What reaches the log at the default level of `konbit run`.
    fn logged(emit: impl FnOnce()) -> String {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_env_filter(tracing_subscriber::EnvFilter::new(default_log_filter(true)))
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn the_default_log_level_keeps_konbit_and_drops_library_noise() {
        let log = logged(|| {
            tracing::info!(target: "konbit::transport::irc", "connected to IRC");
            tracing::debug!(target: "konbit::transport::irc", "a raw line");
            tracing::warn!(target: "matrix_sdk_crypto::backups", "no backup key was found");
            tracing::error!(target: "matrix_sdk::http_client", "Error while sending request: Account data not found");
            tracing::info!(target: "sqlx::query", "select 1");
            tracing::warn!(target: "sqlx::query", "slow statement");
            tracing::error!(target: "matrix_sdk::sync", "Can't call event handler, room not found");
            tracing::error!(target: "matrix_sdk_crypto::machine", "a key could not be stored");
            tracing::warn!(target: "konbit::transport::matrix", "lost the connection to Matrix; retrying");
        });
        assert!(log.contains("connected to IRC"), "{log}");
        assert!(log.contains("lost the connection to Matrix"), "{log}");
        assert!(log.contains("a key could not be stored"), "{log}");
        for noise in [
            "a raw line",
            "backup key",
            "Account data",
            "select 1",
            "slow statement",
            "room not found",
        ] {
            assert!(!log.contains(noise), "{noise}: {log}");
        }
    }
}
