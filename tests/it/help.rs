//! `konbit --help` and the usage errors in the operator's language: the first of
//! `LC_ALL`, `LC_MESSAGES` and `LANG` that is set, English when it names no language
//! konbit speaks.

use std::process::Output;

/// `konbit ARGS…` with only the given locale variables set.
fn konbit(args: &[&str], locale: &[(&str, &str)]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_konbit"));
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("KONBIT_CONFIG");
    for (k, v) in locale {
        cmd.env(k, v);
    }
    cmd.output().expect("run konbit")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

#[test]
fn the_help_is_french_for_a_french_locale_and_english_otherwise() {
    let out = konbit(&["--help"], &[("LANG", "fr_CA.UTF-8")]);
    let help = stdout(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        help.contains("Un bot de clavardage pour les collectifs de travail autogérés"),
        "{help}"
    );
    assert!(help.contains("Utilisation : konbit [OPTIONS] <COMMANDE>"), "{help}");
    assert!(help.contains("Afficher la version"), "{help}");
    assert!(!help.contains("Usage:") && !help.contains("Print help"), "{help}");

    // `konbit help init`, as `konbit init --help`; LC_MESSAGES before LANG.
    let help = stdout(&konbit(
        &["help", "init"],
        &[("LANG", "en_CA.UTF-8"), ("LC_MESSAGES", "fr_FR.UTF-8")],
    ));
    assert!(help.contains("Écrire un premier fichier de configuration"), "{help}");
    assert!(help.contains("--irc-server <HÔTE>"), "{help}");

    // LC_ALL before everything; C names no language: English.
    for locale in [&[("LC_ALL", "C.UTF-8"), ("LANG", "fr_CA.UTF-8")][..], &[][..]] {
        let help = stdout(&konbit(&["init", "--help"], locale));
        assert!(help.contains("Usage: konbit init [OPTIONS]"), "{locale:?}: {help}");
        assert!(help.contains("Write a first configuration file"), "{locale:?}: {help}");
    }
}

#[test]
fn a_mistyped_option_is_explained_in_french_for_a_french_locale() {
    let out = konbit(&["init", "--networ", "irc"], &[("LANG", "fr_CA.UTF-8")]);
    let said = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("erreur : argument inattendu « --networ »"), "{said}");
    assert!(said.contains("un argument proche existe : « --network »"), "{said}");
    let out = konbit(&["init", "--networ", "irc"], &[("LANG", "en_CA.UTF-8")]);
    let said = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("error: unexpected argument '--networ' found"), "{said}");
}
