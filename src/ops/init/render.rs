//! The configuration file `konbit init` writes, with its comments, and the next steps it
//! prints. Values are quoted as TOML strings, so a name with quotes stays a name.

use std::fmt::Write;
use std::path::Path;

use super::{Plan, SecretPlace};
use crate::i18n::Lang;
use crate::t;

/// A TOML string literal.
fn q(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| q(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// `# …` lines from a catalog message (several lines allowed).
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "# {line}");
    }
}

fn secret_line(out: &mut String, secret: &SecretPlace) {
    let _ = match secret {
        SecretPlace::Env(v) => writeln!(out, "password_env = {}", q(v)),
        SecretPlace::File(f) => writeln!(out, "password_file = {}", q(f)),
    };
}

/// The commented configuration file; comments in the collective's language.
pub fn render(plan: &Plan, _operator: Lang) -> String {
    let lang = plan.lang;
    let mut out = String::new();
    comment(&mut out, &t!(lang, "init-file-header", "name" => plan.name.clone()));
    out.push('\n');
    out.push_str("[collective]\n");
    let _ = writeln!(out, "name = {}", q(&plan.name));
    let _ = writeln!(out, "timezone = {}", q(plan.timezone.name()));
    let _ = writeln!(out, "language = {}", q(plan.lang.code()));
    out.push('\n');
    comment(&mut out, &t!(lang, "init-file-storage"));
    out.push_str("[storage]\n");
    let _ = writeln!(out, "database = {}", q(&plan.database));
    out.push('\n');
    comment(&mut out, &t!(lang, "init-file-minutes"));
    out.push_str("[meetings]\n");
    let _ = writeln!(out, "minutes_dir = {}", q(&plan.minutes_dir));
    out.push('\n');
    // A new collective gets the rotating facilitation team (README, "Meetings"); an
    // existing file without the section draws none.
    comment(&mut out, &t!(lang, "init-file-roles"));
    out.push_str("[meetings.roles]\ndraw_before = \"3d\"\nnewcomer_meetings = 2\n\n");
    comment(&mut out, &t!(lang, "init-file-calendar"));
    out.push_str("[calendar]\nworking_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n");
    out.push_str("quebec_holidays = false\nholidays = [\n  # { date = \"2026-12-25\", name = \"Christmas\" },\n]\n\n");
    if let Some(irc) = &plan.irc {
        comment(&mut out, &t!(lang, "init-file-irc"));
        out.push_str("[irc]\n");
        let _ = writeln!(out, "server = {}", q(&irc.server));
        let _ = writeln!(out, "port = {}", irc.port);
        let _ = writeln!(out, "tls = {}", irc.tls);
        let _ = writeln!(out, "nick = {}", q(&irc.nick));
        let _ = writeln!(out, "channels = {}", list(&irc.channels));
        let _ = writeln!(out, "sasl_account = {}", q(&irc.account));
        secret_line(&mut out, &irc.password);
        out.push('\n');
    }
    if let Some(matrix) = &plan.matrix {
        comment(&mut out, &t!(lang, "init-file-matrix"));
        out.push_str("[matrix]\n");
        let _ = writeln!(out, "homeserver = {}", q(&matrix.homeserver));
        let _ = writeln!(out, "user = {}", q(&matrix.user));
        let _ = writeln!(out, "rooms = {}", list(&matrix.rooms));
        secret_line(&mut out, &matrix.password);
        out.push('\n');
    }
    comment(&mut out, &t!(lang, "init-file-projects"));
    out.push_str("# [[projects]]\n# name = \"webdev\"\n\n");
    comment(&mut out, &t!(lang, "init-file-members"));
    for m in &plan.members {
        out.push_str("[[members]]\n");
        let _ = writeln!(out, "name = {}", q(&m.name));
        if let Some(l) = m.lang {
            let _ = writeln!(out, "language = {}", q(l.code()));
        }
        if let Some(a) = &m.irc_account {
            let _ = writeln!(out, "irc_account = {}", q(a));
        }
        if let Some(id) = &m.matrix_id {
            let _ = writeln!(out, "matrix_id = {}", q(id));
        }
        out.push('\n');
    }
    if plan.members.is_empty() {
        out.push_str(
            "# [[members]]\n# name = \"alice\"\n# irc_account = \"alice\"\n# matrix_id = \"@alice:example.org\"\n",
        );
    }
    out
}

/// What the operator does next, numbered, in their language.
pub fn next_steps(plan: &Plan, path: &Path, lang: Lang) -> String {
    let path = path.display().to_string();
    let mut steps = Vec::new();
    if let Some(irc) = &plan.irc {
        steps.push(t!(lang, "init-step-irc-account", "server" => irc.server.clone(), "account" => irc.account.clone(), "nick" => irc.nick.clone()));
        steps.push(t!(lang, "init-step-irc-channel", "channel" => irc.channels.join(" "), "nick" => irc.nick.clone()));
        steps.push(secret_step(&irc.password, plan, lang));
    }
    if let Some(matrix) = &plan.matrix {
        steps.push(t!(lang, "init-step-matrix-account", "user" => matrix.user.clone(), "homeserver" => matrix.homeserver.clone()));
        steps.push(t!(lang, "init-step-matrix-room", "room" => matrix.rooms.join(" "), "user" => matrix.user.clone()));
        steps.push(secret_step(&matrix.password, plan, lang));
    }
    steps.push(t!(lang, "init-step-check", "path" => path.clone()));
    if let Some(name) = &plan.instance {
        steps.push(t!(lang, "init-step-instance", "name" => name.clone()));
    } else if plan.system {
        steps.push(t!(lang, "init-step-service"));
    } else if plan.irc.is_some() || plan.matrix.is_some() {
        steps.push(t!(lang, "init-step-run", "path" => path.clone()));
    } else {
        steps.push(t!(lang, "init-step-console", "path" => path.clone()));
    }
    let mut text = t!(lang, "init-written", "path" => path);
    for (i, step) in steps.iter().enumerate() {
        let _ = write!(text, "\n  {}. {step}", i + 1);
    }
    text
}

/// Where the password goes; under systemd, the unit's environment file or credential
/// (`konbit` or, for `--instance NAME`, `konbit@NAME` and `/etc/konbit/NAME.env`).
fn secret_step(secret: &SecretPlace, plan: &Plan, lang: Lang) -> String {
    let (unit, env_file) = match &plan.instance {
        Some(name) => (format!("konbit@{name}"), format!("/etc/konbit/{name}.env")),
        None => ("konbit".to_owned(), "/etc/konbit/konbit.env".to_owned()),
    };
    match secret {
        SecretPlace::Env(v) => t!(lang, "init-step-secret-env", "var" => v.clone(), "env_file" => env_file),
        SecretPlace::File(f) => {
            let name = Path::new(f)
                .file_name()
                .map_or_else(|| f.clone(), |n| n.to_string_lossy().into_owned());
            t!(lang, "init-step-secret-file", "path" => f.clone(), "name" => name, "unit" => unit)
        }
    }
}
