//! The French command line against the English one: every command and option has French
//! for the English it shows now, nothing of clap's English is left in `--help`, and the
//! French command line parses as the English one.

use clap::{Command, CommandFactory, FromArgMatches};

use super::errors::French;
use super::localize::{arg_key, command_key, translation};
use super::{Cli, Cmd, Export, command};
use crate::i18n::Lang;

/// Every text the English command line shows, with its key: each command's and each
/// option's that is not hidden, and each accepted value's that has one.
fn english(cmd: &Command, parent: &str, out: &mut Vec<(String, String)>) {
    let key = command_key(parent, cmd);
    if let Some(text) = cmd.get_long_about().or(cmd.get_about()) {
        out.push((key.clone(), text.to_string()));
    }
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let arg_key = arg_key(&key, arg);
        match arg.get_long_help().or(arg.get_help()) {
            Some(text) => out.push((arg_key.clone(), text.to_string())),
            None => panic!("{arg_key} has no help: say what it is (a doc comment)"),
        }
        if arg.get_action().takes_values() {
            for value in arg.get_possible_values() {
                if let Some(help) = value.get_help() {
                    out.push((format!("{arg_key}={}", value.get_name()), help.to_string()));
                }
            }
        }
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        english(sub, &key, out);
    }
}

fn english_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    english(&Cli::command(), "", &mut out);
    out
}

/// Every command of `cmd` that is not hidden, with the names that reach it from the root.
fn paths(cmd: &Command, parent: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut path = parent.to_vec();
        path.push(sub.get_name().to_owned());
        out.push(path.clone());
        paths(sub, &path, out);
    }
}

#[test]
fn every_command_and_option_has_french_for_the_english_it_shows() {
    let tr = translation(Lang::Fr).expect("French");
    for (key, en) in english_texts() {
        let Some((_, was, fr)) = tr.texts.iter().find(|(k, _, _)| *k == key) else {
            panic!("no French for {key:?} ({en:?}): add it to src/cli/fr.rs");
        };
        assert_eq!(
            *was, en,
            "the English of {key:?} changed: translate the new text in src/cli/fr.rs"
        );
        assert!(!fr.trim().is_empty() && *fr != en, "{key}: {fr:?}");
    }
}

#[test]
fn no_french_is_left_for_what_the_command_line_no_longer_has() {
    let english: Vec<String> = english_texts().into_iter().map(|(k, _)| k).collect();
    let tr = translation(Lang::Fr).expect("French");
    for (key, _, _) in tr.texts {
        // `konbit web` is not in a build without the web view.
        if !cfg!(feature = "web") && key.starts_with("konbit web") {
            continue;
        }
        assert!(
            english.iter().any(|k| k == key),
            "src/cli/fr.rs translates {key:?}, which no longer exists"
        );
    }
}

#[test]
fn every_value_name_has_french() {
    fn walk(cmd: &Command, tr: &super::localize::Translation) {
        for arg in cmd.get_arguments().filter(|a| a.get_action().takes_values()) {
            for name in arg.get_value_names().unwrap_or_default() {
                assert!(
                    tr.value_names.iter().any(|(en, _)| name == en),
                    "no French for the value name {name} (--{}): add it to src/cli/fr.rs",
                    arg.get_id()
                );
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, tr);
        }
    }
    let mut cmd = Cli::command();
    cmd.build();
    walk(&cmd, translation(Lang::Fr).expect("French"));
}

/// What clap adds in English, which the French help must not show.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Commands:",
    "[default:",
    "[env:",
    "[possible values:",
    "Possible values:",
    "Print help",
    "Print version",
    "Print this message",
];

#[test]
fn the_french_help_of_every_command_has_no_english_left() {
    let english = english_texts();
    let mut fr = command(Lang::Fr);
    let mut all = vec![vec![]];
    paths(&fr, &[], &mut all);
    for path in all {
        let mut cmd = &mut fr;
        for name in &path {
            cmd = cmd.find_subcommand_mut(name).expect("subcommand");
        }
        for help in [cmd.render_help().to_string(), cmd.render_long_help().to_string()] {
            assert!(help.contains("Utilisation : konbit"), "{path:?}: {help}");
            for said in CLAP_ENGLISH {
                assert!(!help.contains(said), "{path:?} says {said:?}: {help}");
            }
            for (key, text) in &english {
                assert!(
                    !help.contains(text.as_str()),
                    "{path:?} shows the English of {key}: {help}"
                );
            }
        }
    }
}

#[test]
fn the_french_help_names_values_in_french_and_says_the_defaults() {
    let mut fr = command(Lang::Fr);
    let hours = fr
        .find_subcommand_mut("export")
        .and_then(|e| e.find_subcommand_mut("hours"))
        .expect("export hours");
    let help = hours.render_help().to_string();
    assert!(help.contains("--from <JOUR>"), "{help}");
    assert!(help.contains("Premier jour, AAAA-MM-JJ"), "{help}");
    assert!(
        help.contains("Le format du fichier [par défaut : csv] [valeurs possibles : csv, json]"),
        "{help}"
    );
    assert!(help.contains("[variable d’environnement : KONBIT_CONFIG]"), "{help}");
}

/// `export hours` for January 2026.
const JANUARY: &[&str] = &["export", "hours", "--from", "2026-01-01", "--to", "2026-01-31"];

#[test]
fn the_french_command_line_reads_the_same_arguments_as_the_english_one() {
    let args = [&["konbit", "--config", "k.toml"], JANUARY].concat();
    for lang in Lang::ALL {
        let matches = command(lang).try_get_matches_from(&args).expect("parses");
        let cli = Cli::from_arg_matches(&matches).expect("a command line");
        assert_eq!(
            cli.config.as_deref(),
            Some(std::path::Path::new("k.toml")),
            "{}",
            lang.code()
        );
        let Cmd::Export {
            what: Export::Hours { from, format, .. },
        } = cli.command
        else {
            panic!("{}: not export hours", lang.code());
        };
        assert_eq!(from.to_string(), "2026-01-01");
        assert_eq!(format, crate::export::Format::Csv, "the default format");
    }
    // `konbit help init`, as `konbit init --help`.
    let shown = command(Lang::Fr)
        .try_get_matches_from(["konbit", "help", "init"])
        .unwrap_err();
    assert_eq!(shown.kind(), clap::error::ErrorKind::DisplayHelp);
    assert!(
        shown.to_string().contains("Écrire un premier fichier de configuration"),
        "{shown}"
    );
}

#[test]
fn english_is_the_definition_itself() {
    let en = command(Lang::En).render_help().to_string();
    assert_eq!(en, Cli::command().render_help().to_string());
    assert!(en.contains("Usage: konbit"), "{en}");
}

/// What `args` make konbit say in French, as an error.
fn french_error(args: &[&str]) -> String {
    let error = command(Lang::Fr).try_get_matches_from(args).expect_err("a usage error");
    let said = error.apply::<French>().to_string();
    for english in ["error:", "Usage:", "tip:", "For more information"] {
        assert!(!said.contains(english), "{args:?} says {english:?}: {said}");
    }
    said
}

#[test]
fn a_usage_error_is_said_in_french_with_its_usage_line() {
    let said = french_error(&["konbit", "init", "--bogus"]);
    assert!(said.starts_with("erreur : argument inattendu « --bogus »"), "{said}");
    assert!(said.contains("Utilisation : konbit init [OPTIONS]"), "{said}");
    assert!(said.ends_with("Pour en savoir plus, essaie « --help ».\n"), "{said}");
    let said = french_error(&["konbit", "bakup"]);
    assert!(said.contains("sous-commande inconnue « bakup »"), "{said}");
    assert!(said.contains("une sous-commande proche existe : « backup »"), "{said}");
    let said = french_error(&[&["konbit"], JANUARY, &["--format", "xml"]].concat());
    assert!(
        said.contains("valeur invalide « xml » pour « --format <FORMAT> »"),
        "{said}"
    );
    assert!(said.contains("[valeurs possibles : csv, json]"), "{said}");
    let said = french_error(&["konbit", "export", "hours", "--to", "2026-01-31"]);
    assert!(
        said.contains("il manque ces arguments obligatoires :\n  --from <JOUR>"),
        "{said}"
    );
    let said = french_error(&["konbit", "init", "--irc-password-env", "X", "--irc-password-file", "Y"]);
    assert!(
        said.contains("ne s’emploie pas avec « --irc-password-file <CHEMIN> »"),
        "{said}"
    );
    let said = french_error(&["konbit", "--config"]);
    assert!(said.contains("« --config <CHEMIN> » demande une valeur"), "{said}");
}
