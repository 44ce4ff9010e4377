//! `konbit init`: writes a first configuration file for a collective.
//!
//! Every answer comes from a flag; when standard input is a terminal, what is missing is
//! asked for (prompt.rs). The answers are checked, the file is rendered (render.rs) and
//! checked by the same code as `konbit check-config` before it is written; it names where
//! each password lives (a variable or a file), never a password. Then the next steps are
//! printed: registering the bot's account on the network, setting the variable, checking,
//! running.

mod prompt;
mod render;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::Outcome;
use crate::config::Config;
use crate::i18n::Lang;
use crate::t;

pub use prompt::Prompter;

/// Where konbit talks to the collective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Network {
    /// Only `konbit console`, to try it in a terminal.
    Console,
    Irc,
    Matrix,
}

/// `konbit init` arguments. Missing ones are asked for when standard input is a terminal;
/// otherwise `--name`, `--timezone` and what the chosen networks need are required.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Args {
    /// The file to write [default: konbit.toml, or /etc/konbit/konbit.toml with --system].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// For the Debian package's service: the file is /etc/konbit/konbit.toml, and the
    /// database, the minutes and the Matrix state go to /var/lib/konbit, the only place
    /// the service may write (its state directory).
    #[arg(long)]
    pub system: bool,
    /// One more collective on this machine, for the Debian package's template unit
    /// konbit@NAME: the file is /etc/konbit/NAME.toml, and the database, the minutes and
    /// the Matrix state go to /var/lib/konbit-NAME, that unit's state directory. NAME:
    /// lowercase letters, digits and -, starting with a letter, at most 24.
    #[arg(long, value_name = "NAME", conflicts_with = "system")]
    pub instance: Option<String>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The collective's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The collective's language: en or fr (each member may have their own).
    #[arg(long, value_name = "en|fr")]
    pub language: Option<String>,
    /// The collective's time zone, an IANA name such as America/Montreal or Europe/Paris.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Where the bot serves: console, irc, matrix; repeat or separate with commas for both
    /// irc and matrix.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub network: Vec<Network>,
    /// The SQLite database, relative to the configuration file's directory [default:
    /// konbit.db, /var/lib/konbit/konbit.db with --system, /var/lib/konbit-NAME/konbit.db
    /// with --instance NAME]. The minutes go to the
    /// directory `minutes` beside it, the Matrix state to `konbit.matrix` beside it.
    #[arg(long, value_name = "PATH")]
    pub database: Option<String>,
    /// A member: NAME[:LANGUAGE[:IRC_ACCOUNT[:MATRIX_ID]]], e.g. alice:en:alice:@alice:example.org
    /// or bob::bob (empty fields left out). Repeat for each member.
    #[arg(long = "member", value_name = "NAME[:LANG[:IRC[:MATRIX]]]")]
    pub members: Vec<String>,

    /// The IRC server's host name, e.g. irc.libera.chat.
    #[arg(long, value_name = "HOST", help_heading = "IRC")]
    pub irc_server: Option<String>,
    /// The IRC port [default: 6697, or 6667 with --irc-no-tls].
    #[arg(long, value_name = "PORT", help_heading = "IRC")]
    pub irc_port: Option<u16>,
    /// Connect without TLS (only for a server on this machine).
    #[arg(long, help_heading = "IRC")]
    pub irc_no_tls: bool,
    /// The collective's channel (repeat for more; the first is the main room).
    #[arg(long, value_name = "#CHANNEL", help_heading = "IRC")]
    pub irc_channel: Vec<String>,
    /// The bot's nick [default: konbit].
    #[arg(long, value_name = "NICK", help_heading = "IRC")]
    pub irc_nick: Option<String>,
    /// The bot's services account, for SASL [default: the nick].
    #[arg(long, value_name = "ACCOUNT", help_heading = "IRC")]
    pub irc_account: Option<String>,
    /// The environment variable holding the account's password [default: KONBIT_IRC_PASSWORD].
    #[arg(long, value_name = "VAR", help_heading = "IRC", conflicts_with = "irc_password_file")]
    pub irc_password_env: Option<String>,
    /// Or a file holding it (root only; the packaged service gets it as a systemd
    /// credential: LoadCredential=NAME:PATH).
    #[arg(long, value_name = "PATH", help_heading = "IRC")]
    pub irc_password_file: Option<String>,

    /// The homeserver's address, e.g. https://matrix.example.org.
    #[arg(long, value_name = "URL", help_heading = "Matrix")]
    pub matrix_homeserver: Option<String>,
    /// The bot's Matrix account, e.g. @konbit:example.org.
    #[arg(long, value_name = "@USER:SERVER", help_heading = "Matrix")]
    pub matrix_user: Option<String>,
    /// The collective's room, an alias (#office:example.org) or id (repeat for more).
    #[arg(long, value_name = "ROOM", help_heading = "Matrix")]
    pub matrix_room: Vec<String>,
    /// The environment variable holding the account's password [default: KONBIT_MATRIX_PASSWORD].
    #[arg(
        long,
        value_name = "VAR",
        help_heading = "Matrix",
        conflicts_with = "matrix_password_file"
    )]
    pub matrix_password_env: Option<String>,
    /// Or a file holding it (root only; the packaged service gets it as a systemd
    /// credential: LoadCredential=NAME:PATH).
    #[arg(long, value_name = "PATH", help_heading = "Matrix")]
    pub matrix_password_file: Option<String>,
}

/// The packaged service's configuration file (`--system`).
pub const SYSTEM_CONFIG: &str = "/etc/konbit/konbit.toml";
/// The packaged service's database (`--system`), in its state directory.
pub const SYSTEM_DATABASE: &str = "/var/lib/konbit/konbit.db";

impl Args {
    /// The file to write: `--output`, else the default for `--system`, `--instance` or
    /// neither.
    pub fn output(&self) -> PathBuf {
        if let Some(out) = &self.output {
            return out.clone();
        }
        match self.instance() {
            Some(name) => PathBuf::from(format!("/etc/konbit/{name}.toml")),
            None if self.system => PathBuf::from(SYSTEM_CONFIG),
            None => PathBuf::from("konbit.toml"),
        }
    }

    /// `--instance`, trimmed.
    fn instance(&self) -> Option<&str> {
        self.instance.as_deref().map(str::trim)
    }

    fn database(&self) -> String {
        match (self.database.as_deref().map(str::trim), self.instance()) {
            (Some(d), _) if !d.is_empty() => d.to_owned(),
            (_, Some(name)) => format!("/var/lib/konbit-{name}/konbit.db"),
            _ if self.system => SYSTEM_DATABASE.to_owned(),
            _ => "konbit.db".to_owned(),
        }
    }

    /// The refusal of an `--instance` that cannot name a unit, a file and a user: before
    /// anything is asked or written.
    fn bad_instance(&self, lang: Lang) -> Option<String> {
        let name = self.instance()?;
        (!valid_instance(name)).then(|| t!(lang, "init-bad-instance", "value" => name.to_owned()))
    }
}

/// Where a secret is named in the file: `password_env = …` or `password_file = …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretPlace {
    Env(String),
    File(String),
}

/// A member as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberPlan {
    pub name: String,
    pub lang: Option<Lang>,
    pub irc_account: Option<String>,
    pub matrix_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrcPlan {
    pub server: String,
    pub port: u16,
    pub tls: bool,
    pub channels: Vec<String>,
    pub nick: String,
    pub account: String,
    pub password: SecretPlace,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixPlan {
    pub homeserver: String,
    pub user: String,
    pub rooms: Vec<String>,
    pub password: SecretPlace,
}

/// Everything the file will say, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub name: String,
    pub lang: Lang,
    pub timezone: Tz,
    pub database: String,
    /// The minutes' directory: `minutes` beside the database.
    pub minutes_dir: String,
    /// For the packaged service (`--system`).
    pub system: bool,
    /// For the packaged template unit `konbit@NAME` (`--instance NAME`).
    pub instance: Option<String>,
    pub irc: Option<IrcPlan>,
    pub matrix: Option<MatrixPlan>,
    pub members: Vec<MemberPlan>,
}

/// Runs `konbit init`: asks on a terminal, else takes the flags as they are. Everything it
/// says, questions and next steps, is in one language: the operator's (`LANG`), else the
/// one `--language` gives, else English.
pub fn run(mut args: Args, operator: Option<Lang>) -> Outcome {
    let lang = operator
        .or_else(|| args.language.as_deref().and_then(Lang::parse))
        .unwrap_or_default();
    if let Some(refusal) = args.bad_instance(lang) {
        return Outcome::refused(refusal);
    }
    // An existing file is refused before any question, not after the last one.
    let out = args.output();
    if out.exists() && !args.force {
        return Outcome::refused(t!(lang, "init-exists", "path" => out.display().to_string()));
    }
    if std::io::stdin().is_terminal() {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut out = std::io::stderr();
        let mut prompter = Prompter::new(&mut input, &mut out, lang);
        if let Err(e) = prompter.complete(&mut args) {
            return Outcome::refused(t!(lang, "init-cancelled", "detail" => e.to_string()));
        }
    }
    write(&args, Some(lang))
}

/// Checks the answers, writes the file and says what to do next; no question asked.
pub fn write(args: &Args, operator: Option<Lang>) -> Outcome {
    let lang = operator
        .or_else(|| args.language.as_deref().and_then(Lang::parse))
        .unwrap_or_default();
    if let Some(refusal) = args.bad_instance(lang) {
        return Outcome::refused(refusal);
    }
    let out = &args.output();
    if out.exists() && !args.force {
        return Outcome::refused(t!(lang, "init-exists", "path" => out.display().to_string()));
    }
    let plan = match plan(args, lang) {
        Ok(p) => p,
        Err(problems) => return Outcome::refused(problems.join("\n")),
    };
    let text = render::render(&plan, lang);
    // The same checks as `konbit check-config`, before anything is written.
    let base = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Err(problems) = Config::parse(&text, base) {
        let mut msg = t!(lang, "init-invalid", "count" => problems.len() as i64);
        for p in problems {
            msg.push_str("\n  ");
            msg.push_str(&p.render(lang));
        }
        return Outcome::refused(msg);
    }
    if let Err(e) = save(out, &text, args.force) {
        let code = if e.kind() == std::io::ErrorKind::AlreadyExists {
            2
        } else {
            1
        };
        let text = if code == 2 {
            t!(lang, "init-exists", "path" => out.display().to_string())
        } else {
            t!(lang, "init-write-failed", "path" => out.display().to_string(), "detail" => e.to_string())
        };
        return Outcome { code, text };
    }
    Outcome::done(render::next_steps(&plan, out, lang))
}

/// Writes the file without ever replacing one unless `force` (create_new otherwise).
fn save(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// The answers, checked: every problem at once, each naming its flag.
pub fn plan(args: &Args, lang: Lang) -> Result<Plan, Vec<String>> {
    let mut problems = Vec::new();
    let missing = |flag: &str, problems: &mut Vec<String>| {
        problems.push(t!(lang, "init-missing", "flag" => flag.to_owned()));
    };
    let name = args.name.as_deref().map(str::trim).unwrap_or_default().to_owned();
    if name.is_empty() {
        missing("--name", &mut problems);
    }
    let collective_lang = match args.language.as_deref() {
        None => lang,
        Some(l) => parse_lang(l).unwrap_or_else(|| {
            problems.push(t!(lang, "init-bad-language", "value" => l.to_owned()));
            lang
        }),
    };
    let timezone = match args.timezone.as_deref().map(str::trim) {
        None | Some("") => {
            missing("--timezone", &mut problems);
            None
        }
        Some(z) => check_timezone(z, lang).map_err(|e| problems.push(e)).ok(),
    };
    let networks = if args.network.is_empty() {
        vec![Network::Console]
    } else {
        args.network.clone()
    };
    let irc = networks.contains(&Network::Irc).then(|| {
        let server = args.irc_server.as_deref().map(str::trim).unwrap_or_default().to_owned();
        if server.is_empty() {
            missing("--irc-server", &mut problems);
        }
        if args.irc_channel.is_empty() {
            missing("--irc-channel", &mut problems);
        }
        let nick = args.irc_nick.clone().unwrap_or_else(|| "konbit".to_owned());
        IrcPlan {
            server,
            port: args.irc_port.unwrap_or(if args.irc_no_tls { 6667 } else { 6697 }),
            tls: !args.irc_no_tls,
            channels: args.irc_channel.iter().map(|c| c.trim().to_owned()).collect(),
            account: args.irc_account.clone().unwrap_or_else(|| nick.clone()),
            nick,
            password: secret(&args.irc_password_env, &args.irc_password_file, "KONBIT_IRC_PASSWORD"),
        }
    });
    let matrix = networks.contains(&Network::Matrix).then(|| {
        let homeserver = args.matrix_homeserver.as_deref().map(str::trim).unwrap_or_default();
        if homeserver.is_empty() {
            missing("--matrix-homeserver", &mut problems);
        }
        let user = args
            .matrix_user
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_owned();
        if user.is_empty() {
            missing("--matrix-user", &mut problems);
        }
        if args.matrix_room.is_empty() {
            missing("--matrix-room", &mut problems);
        }
        MatrixPlan {
            homeserver: homeserver.trim_end_matches('/').to_owned(),
            user,
            rooms: args.matrix_room.iter().map(|r| r.trim().to_owned()).collect(),
            password: secret(
                &args.matrix_password_env,
                &args.matrix_password_file,
                "KONBIT_MATRIX_PASSWORD",
            ),
        }
    });
    for var in [&args.irc_password_env, &args.matrix_password_env]
        .into_iter()
        .flatten()
    {
        if !var.trim().is_empty() && !valid_variable(var.trim()) {
            problems.push(t!(lang, "init-bad-variable", "value" => var.clone()));
        }
    }
    let mut members = Vec::new();
    for spec in &args.members {
        match parse_member(spec) {
            Some(m) => members.push(m),
            None => problems.push(t!(lang, "init-bad-member", "value" => spec.clone())),
        }
    }
    match timezone {
        Some(timezone) if problems.is_empty() => Ok(Plan {
            name,
            lang: collective_lang,
            timezone,
            minutes_dir: minutes_beside(&args.database()),
            database: args.database(),
            system: args.system,
            instance: args.instance().map(str::to_owned),
            irc,
            matrix,
            members,
        }),
        _ => Err(problems),
    }
}

/// `minutes` in the database's directory: `/var/lib/konbit/konbit.db` →
/// `/var/lib/konbit/minutes`, `konbit.db` → `minutes`.
fn minutes_beside(database: &str) -> String {
    match Path::new(database).parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir.join("minutes").display().to_string(),
        None => "minutes".to_owned(),
    }
}

/// A name the shell and systemd's `EnvironmentFile=` accept: letters, digits and `_`, not
/// starting with a digit.
fn valid_variable(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An instance name systemd, the file system and the unit's user (`konbit-NAME`, at most
/// 31 characters) all take as it is: lowercase ASCII letters, digits and `-`, starting with
/// a letter, at most 24; not `konbit`, whose file is the main service's.
fn valid_instance(name: &str) -> bool {
    name.len() <= 24
        && name != "konbit"
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn parse_lang(s: &str) -> Option<Lang> {
    matches!(s.trim(), "en" | "fr").then(|| Lang::parse(s.trim())).flatten()
}

/// An IANA zone name, or the message saying it is not one.
pub fn check_timezone(z: &str, lang: Lang) -> Result<Tz, String> {
    z.trim()
        .parse::<Tz>()
        .map_err(|_| t!(lang, "init-bad-timezone", "value" => z.to_owned()))
}

fn secret(env: &Option<String>, file: &Option<String>, default: &str) -> SecretPlace {
    match (file, env) {
        (Some(f), _) if !f.trim().is_empty() => SecretPlace::File(f.trim().to_owned()),
        (_, Some(v)) if !v.trim().is_empty() => SecretPlace::Env(v.trim().to_owned()),
        _ => SecretPlace::Env(default.to_owned()),
    }
}

/// `NAME[:LANG[:IRC_ACCOUNT[:MATRIX_ID]]]`; the Matrix id keeps its own colon.
pub fn parse_member(spec: &str) -> Option<MemberPlan> {
    let mut parts = spec.splitn(4, ':').map(str::trim);
    let name = parts
        .next()
        .filter(|n| !n.is_empty() && !n.contains(char::is_whitespace))?;
    let lang = match parts.next().filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => Some(parse_lang(l)?),
    };
    let some = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_owned);
    let irc_account = some(parts.next());
    let matrix_id = some(parts.next());
    Some(MemberPlan {
        name: name.to_owned(),
        lang,
        irc_account,
        matrix_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_spec_keeps_the_colon_of_a_matrix_id() {
        assert_eq!(
            parse_member("alice:fr:alice:@alice:example.org"),
            Some(MemberPlan {
                name: "alice".into(),
                lang: Some(Lang::Fr),
                irc_account: Some("alice".into()),
                matrix_id: Some("@alice:example.org".into()),
            })
        );
        let bob = parse_member("bob::bob").unwrap();
        assert_eq!(
            (bob.lang, bob.irc_account.as_deref(), bob.matrix_id),
            (None, Some("bob"), None)
        );
        assert_eq!(parse_member("carol").unwrap().name, "carol");
        assert_eq!(parse_member(":en"), None);
        assert_eq!(parse_member("dave:de"), None);
    }

    #[test]
    fn a_system_installation_keeps_its_config_in_etc_and_its_data_in_var_lib() {
        let args = Args {
            system: true,
            name: Some("Acme".into()),
            timezone: Some("UTC".into()),
            ..Args::default()
        };
        assert_eq!(args.output(), Path::new("/etc/konbit/konbit.toml"));
        let plan = plan(&args, Lang::En).unwrap();
        assert_eq!(plan.database, "/var/lib/konbit/konbit.db");
        assert_eq!(plan.minutes_dir, "/var/lib/konbit/minutes");
        let second = Args {
            system: false,
            instance: Some("coop-b".into()),
            ..args.clone()
        };
        assert_eq!(second.output(), Path::new("/etc/konbit/coop-b.toml"));
        let plan = super::plan(&second, Lang::En).unwrap();
        assert_eq!(plan.database, "/var/lib/konbit-coop-b/konbit.db");
        assert_eq!(plan.minutes_dir, "/var/lib/konbit-coop-b/minutes");
        for bad in [
            "../etc",
            "Coop",
            "konbit",
            "a.b",
            "",
            "-x",
            "a-very-long-name-for-a-coop",
        ] {
            let args = Args {
                instance: Some(bad.into()),
                ..second.clone()
            };
            assert!(args.bad_instance(Lang::En).is_some(), "{bad}");
        }
        let plain = Args { system: false, ..args };
        assert_eq!(plain.output(), Path::new("konbit.toml"));
        let plan = super::plan(&plain, Lang::En).unwrap();
        assert_eq!(
            (plan.database.as_str(), plan.minutes_dir.as_str()),
            ("konbit.db", "minutes")
        );
    }

    #[test]
    fn a_password_variable_must_be_a_variable_name() {
        let args = Args {
            name: Some("Acme".into()),
            timezone: Some("UTC".into()),
            network: vec![Network::Irc],
            irc_server: Some("irc.example.org".into()),
            irc_channel: vec!["#acme".into()],
            irc_password_env: Some("alice::alice".into()),
            ..Args::default()
        };
        let problems = plan(&args, Lang::En).unwrap_err();
        assert!(problems.iter().any(|p| p.contains("alice::alice")), "{problems:?}");
        let fine = Args {
            irc_password_env: Some("KONBIT_IRC_PASSWORD_2".into()),
            ..args
        };
        assert!(plan(&fine, Lang::En).is_ok());
    }

    #[test]
    fn every_missing_answer_is_named_at_once() {
        let args = Args {
            network: vec![Network::Irc],
            ..Args::default()
        };
        let problems = plan(&args, Lang::En).unwrap_err();
        for flag in ["--name", "--timezone", "--irc-server", "--irc-channel"] {
            assert!(problems.iter().any(|p| p.contains(flag)), "{flag}: {problems:?}");
        }
    }
}
