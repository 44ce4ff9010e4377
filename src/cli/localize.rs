//! The command line in another language: every command's and option's text replaced by its
//! translation, keyed by its place in the command line (`konbit init --irc-port`), and
//! what clap would add in English said in the language too: the default value, the
//! environment variable and the accepted values, the `Usage:` and `Commands:` headings,
//! the `--help` and `--version` flags and the `help` subcommand. The result serves
//! `--help` and the manual pages (clap_mangen). Parse errors stay clap's (English).

use clap::builder::{Resettable, Str, StyledStr};
use clap::{Arg, ArgAction, Command};

use super::errors::ErrorTexts;
use super::fr;
use crate::i18n::Lang;

/// A language's texts for the command line.
pub(super) struct Translation {
    /// `(key, English, translation)`: the key names a command (`konbit export hours`), an
    /// option (`konbit init --irc-port`), a positional argument (`konbit backup <file>`) or
    /// one accepted value (`konbit init --network=console`); the English is the text it
    /// translates, as the doc comment gives it (the tests fail when it changes).
    pub texts: &'static [(&'static str, &'static str, &'static str)],
    /// Value names: `(English, translation)`, e.g. `("FILE", "FICHIER")`.
    pub value_names: &'static [(&'static str, &'static str)],
    /// What clap writes itself (`Print help`…): `(English, translation)`.
    pub generated: &'static [(&'static str, &'static str)],
    /// `Usage:`, before a usage line (help pages and errors).
    pub usage_heading: &'static str,
    /// `Commands`, over the subcommands.
    pub commands_heading: &'static str,
    /// `COMMAND`, the subcommand's place in a usage line.
    pub command_value: &'static str,
    /// What clap would add after an option's text; `{}` is the value(s).
    pub default: &'static str,
    pub env: &'static str,
    pub possible: &'static str,
    /// Over the accepted values' own texts, in the long help.
    pub possible_heading: &'static str,
    /// One accepted value with its text, `{value}` and `{help}`.
    pub value_help: &'static str,
    /// Usage errors (errors.rs).
    pub errors: ErrorTexts,
}

/// The translation of the command line into `lang`; none for English, its own language.
pub(super) fn translation(lang: Lang) -> Option<&'static Translation> {
    match lang {
        Lang::En => None,
        Lang::Fr => Some(&fr::TRANSLATION),
    }
}

/// `cmd` (not built yet) in `lang`, built; `cmd` itself, unbuilt, for English.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let Some(tr) = translation(lang) else {
        return cmd;
    };
    // What the definition says, before building spreads the global options to the
    // subcommands; then what building adds (help flags and subcommand).
    let mut cmd = command(cmd, "", tr);
    cmd.build();
    generated(&mut cmd, tr);
    cmd
}

/// A command's key: the names from the root, `konbit export hours`.
pub(super) fn command_key(path: &str, cmd: &Command) -> String {
    if path.is_empty() {
        cmd.get_name().to_owned()
    } else {
        format!("{path} {}", cmd.get_name())
    }
}

/// An argument's key: `--long`, or `<id>` for a positional one, after its command's key.
pub(super) fn arg_key(command_key: &str, arg: &Arg) -> String {
    match arg.get_long() {
        Some(long) => format!("{command_key} --{long}"),
        None => format!("{command_key} <{}>", arg.get_id()),
    }
}

fn lookup(tr: &Translation, key: &str) -> Option<&'static str> {
    tr.texts.iter().find(|(k, _, _)| *k == key).map(|(_, _, text)| *text)
}

/// Splits a text as clap does a doc comment: the first paragraph for the short help, the
/// whole for the long one when there is more than one paragraph.
fn short_and_long(text: &'static str) -> (&'static str, Option<&'static str>) {
    match text.split_once("\n\n") {
        Some((first, _)) => (first, Some(text)),
        None => (text, None),
    }
}

fn command(cmd: Command, parent: &str, tr: &'static Translation) -> Command {
    let key = command_key(parent, &cmd);
    let mut cmd = layout(cmd, tr);
    if let Some(text) = lookup(tr, &key) {
        let (short, long) = short_and_long(text);
        cmd = cmd.about(short).long_about(long);
    }
    let arg_parent = key.clone();
    cmd = cmd.mut_args(|arg| localize_arg(arg, &arg_parent, tr));
    cmd.mut_subcommands(|sub| command(sub, &key, tr))
}

/// The headings and the template, which every command has, generated ones included.
fn layout(cmd: Command, tr: &'static Translation) -> Command {
    // clap's default layout, with the language's `Usage:`.
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr.usage_heading
    );
    cmd.help_template(template)
        .subcommand_help_heading(tr.commands_heading)
        .subcommand_value_name(tr.command_value)
}

fn localize_arg(mut arg: Arg, command_key: &str, tr: &'static Translation) -> Arg {
    let key = arg_key(command_key, &arg);
    let text = lookup(tr, &key).map(str::to_owned);
    if let Some(names) = arg.get_value_names() {
        let names: Vec<Str> = names
            .iter()
            .map(|n| {
                tr.value_names
                    .iter()
                    .find(|(en, _)| n == en)
                    .map_or_else(|| n.clone(), |(_, t)| Str::from(*t))
            })
            .collect();
        arg = arg.value_names(names);
    }
    let takes_values = arg.get_action().takes_values();
    let mut extra = Vec::new();
    if takes_values && !arg.get_default_values().is_empty() && !arg.is_hide_default_value_set() {
        let values: Vec<_> = arg.get_default_values().iter().map(|v| v.to_string_lossy()).collect();
        extra.push(tr.default.replace("{}", &values.join(", ")));
        arg = arg.hide_default_value(true);
    }
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        extra.push(tr.env.replace("{}", &env.to_string_lossy()));
        arg = arg.hide_env(true);
    }
    let mut values_help = Vec::new();
    if takes_values && !arg.is_hide_possible_values_set() {
        let values: Vec<_> = arg
            .get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect();
        if !values.is_empty() {
            let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
            extra.push(tr.possible.replace("{}", &names.join(", ")));
            // Each value on its line, with its text when it has one, as clap's long help.
            if values.iter().any(|v| v.get_help().is_some()) {
                for value in &values {
                    let line = match value.get_help().and(lookup(tr, &format!("{key}={}", value.get_name()))) {
                        Some(said) => tr
                            .value_help
                            .replace("{value}", value.get_name())
                            .replace("{help}", said),
                        None => value.get_name().to_owned(),
                    };
                    values_help.push(format!("  - {line}"));
                }
            }
            arg = arg.hide_possible_values(true);
        }
    }
    if text.is_none() && extra.is_empty() {
        return arg;
    }
    let mut short = text.unwrap_or_default();
    for e in &extra {
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(e);
    }
    let long =
        (!values_help.is_empty()).then(|| format!("{short}\n\n{}\n{}", tr.possible_heading, values_help.join("\n")));
    arg.help(short).long_help(text_or_none(long))
}

/// An optional text as clap's setters take it (`None` removes it).
fn text_or_none(text: Option<String>) -> Resettable<StyledStr> {
    Resettable::from(text.map(StyledStr::from))
}

/// What building added, in the language: the help and version flags' texts, the `help`
/// subcommand's and its argument's.
fn generated(cmd: &mut Command, tr: &'static Translation) {
    let translate = |text: Option<&clap::builder::StyledStr>| {
        text.map(|t| t.to_string()).map(|t| {
            tr.generated
                .iter()
                .find(|(en, _)| *en == t)
                .map_or(t, |(_, fr)| (*fr).to_owned())
        })
    };
    let taken = layout(std::mem::take(cmd), tr);
    let about = translate(taken.get_about());
    let mut taken = if taken.get_name() == "help" {
        taken.about(text_or_none(about))
    } else {
        taken
    };
    taken = taken.mut_args(|arg| {
        let built_in = matches!(arg.get_action(), ArgAction::Help | ArgAction::Version) || arg.get_id() == "subcommand";
        if !built_in {
            return arg;
        }
        let (short, long) = (translate(arg.get_help()), translate(arg.get_long_help()));
        arg.help(text_or_none(short)).long_help(text_or_none(long))
    });
    *cmd = taken;
    for sub in cmd.get_subcommands_mut() {
        generated(sub, tr);
    }
}
