//! `konbit init` run as a script would (flags, no terminal): the file it writes passes
//! `konbit check-config`, names where passwords live and never a password; bad answers
//! and an existing file are refused with exit code 2 and nothing written. Also the
//! shipped French example, and `konbit --version`'s git revision.

use crate::support;

use support::Bot;

fn init(bot: &Bot, args: &[&str]) -> support::Session {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    bot.run(&all, "")
}

#[test]
fn an_irc_setup_from_flags_passes_check_config() {
    let bot = Bot::new();
    let out = init(
        &bot,
        &[
            "--output",
            "acme.toml",
            "--name",
            "Acme \"Bakers\" Co-op",
            "--language",
            "fr",
            "--timezone",
            "Europe/Paris",
            "--network",
            "irc",
            "--irc-server",
            "irc.libera.chat",
            "--irc-channel",
            "#acme",
            "--irc-nick",
            "acmebot",
            "--irc-password-env",
            "ACME_IRC_PASSWORD",
            "--member",
            "alice:fr:alice:@alice:example.org",
            "--member",
            "bob::bob",
        ],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    // The operator (LANG=en_CA) reads the next steps in English.
    for step in [
        "Written: acme.toml. Next steps:",
        "/msg NickServ REGISTER <password> <e-mail>",
        "The account is acmebot.",
        "ACME_IRC_PASSWORD",
        "konbit check-config --config acme.toml",
        "konbit run --config acme.toml",
    ] {
        assert!(out.stdout.contains(step), "missing {step:?} in:\n{}", out.stdout);
    }
    let text = std::fs::read_to_string(bot.dir().join("acme.toml")).unwrap();
    // The collective speaks French: the file's comments are French.
    assert!(text.contains("# Le réseau IRC."), "{text}");
    assert!(text.contains("password_env = \"ACME_IRC_PASSWORD\""), "{text}");
    assert!(
        text.contains("name = 'Acme \"Bakers\" Co-op'") || text.contains(r#"name = "Acme \"Bakers\" Co-op""#),
        "{text}"
    );

    let check = bot.run(&["check-config", "--config", "acme.toml"], "");
    assert_eq!(check.code, Some(0), "{}\n{text}", check.stdout);
    assert!(
        check.stdout.contains("acme.toml: the configuration is valid."),
        "{}",
        check.stdout
    );
}

#[test]
fn a_matrix_setup_from_flags_passes_check_config() {
    let bot = Bot::new();
    let out = init(
        &bot,
        &[
            "-o",
            "matrix.toml",
            "--name",
            "Acme",
            "--timezone",
            "America/Montreal",
            "--network",
            "matrix",
            "--matrix-homeserver",
            "https://matrix.example.org/",
            "--matrix-user",
            "@konbit:example.org",
            "--matrix-room",
            "#office:example.org",
            "--matrix-password-file",
            "secrets/matrix",
            "--member",
            "carol:en::@carol:example.org",
        ],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("Create the bot's account @konbit:example.org on https://matrix.example.org"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Invite @konbit:example.org into #office:example.org"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("in the file secrets/matrix"), "{}", out.stdout);
    // Not "readable by konbit", which the packaged service's dynamic user cannot be given:
    // a credential systemd passes it.
    assert!(
        out.stdout.contains("LoadCredential=matrix:secrets/matrix"),
        "{}",
        out.stdout
    );
    let text = std::fs::read_to_string(bot.dir().join("matrix.toml")).unwrap();
    assert!(text.contains("password_file = \"secrets/matrix\""), "{text}");
    assert!(!text.contains("[irc]"), "{text}");

    let check = bot.run(&["check-config", "--config", "matrix.toml"], "");
    assert_eq!(check.code, Some(0), "{}\n{text}", check.stdout);
}

#[test]
fn a_bad_time_zone_is_refused_and_nothing_is_written() {
    let bot = Bot::new();
    let out = init(
        &bot,
        &["--name", "Acme", "--timezone", "Mars/Olympus", "--member", "dave:de"],
    );
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("unknown time zone \"Mars/Olympus\": give an IANA name such as America/Montreal"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("cannot read the member \"dave:de\""),
        "{}",
        out.stderr
    );
    assert!(!bot.dir().join("konbit.toml").exists());
}

#[test]
fn what_a_script_left_out_is_named_by_its_flag() {
    let bot = Bot::new();
    let out = init(&bot, &["--network", "irc", "--timezone", "UTC"]);
    assert_eq!(out.code, Some(2));
    for flag in [
        "--name is missing",
        "--irc-server is missing",
        "--irc-channel is missing",
    ] {
        assert!(out.stderr.contains(flag), "{flag}: {}", out.stderr);
    }
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let bot = Bot::with_config("# mine\n");
    let args = ["--output", "konbit.toml", "--name", "Acme", "--timezone", "UTC"];
    let out = init(&bot, &args);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("konbit.toml already exists; choose another path with --output, or add --force to replace it"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(bot.dir().join("konbit.toml")).unwrap(),
        "# mine\n"
    );

    let mut forced = args.to_vec();
    forced.push("--force");
    let out = init(&bot, &forced);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("konbit console --config konbit.toml"),
        "{}",
        out.stdout
    );
    let text = std::fs::read_to_string(bot.dir().join("konbit.toml")).unwrap();
    assert!(text.contains("name = \"Acme\""), "{text}");
}

#[test]
fn the_french_example_is_valid() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config/konbit.exemple-fr.toml");
    let out = Bot::new().run(&["check-config", "--config", example], "");
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
}

#[test]
fn the_version_names_the_git_revision() {
    let out = Bot::new().run(&["--version"], "");
    assert_eq!(out.code, Some(0));
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    let want = format!(
        "konbit {} ({})",
        env!("CARGO_PKG_VERSION"),
        head.as_deref().unwrap_or("unknown")
    );
    assert_eq!(out.stdout.trim(), want);
}

#[test]
fn init_for_the_packaged_service_keeps_every_written_path_under_var_lib_not_etc() {
    let bot = Bot::new();
    let out = init(
        &bot,
        &[
            "--system",
            "--output",
            "system.toml",
            "--name",
            "Acme",
            "--timezone",
            "UTC",
            "--network",
            "matrix",
            "--matrix-homeserver",
            "https://matrix.example.org",
            "--matrix-user",
            "@acmebot:example.org",
            "--matrix-room",
            "#office:example.org",
            "--member",
            "alice:en::@alice:example.org",
        ],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("systemctl enable --now konbit"), "{}", out.stdout);
    assert!(!out.stdout.contains("konbit run --config"), "{}", out.stdout);
    let path = bot.dir().join("system.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("database = \"/var/lib/konbit/konbit.db\""), "{text}");
    assert!(text.contains("minutes_dir = \"/var/lib/konbit/minutes\""), "{text}");
    // As konbit reads it: the database, the minutes and the Matrix state in the service's
    // state directory.
    let config = konbit::config::Config::load(Some(&path)).expect("a valid file");
    let matrix = config.matrix.as_ref().expect("[matrix]");
    for written in [&config.database, &config.meetings.minutes_dir, &matrix.state_dir] {
        assert!(written.starts_with("/var/lib/konbit"), "{}", written.display());
    }
    // A new collective gets its facilitation team drawn before each meeting.
    assert_eq!(
        config.meetings.roles_of("production"),
        ["facilitator", "note-taker", "timekeeper"],
        "{text}"
    );

    // Without --system, the minutes follow the database wherever it goes.
    let out = init(
        &bot,
        &[
            "--output",
            "srv.toml",
            "--database",
            "/srv/acme/konbit.db",
            "--name",
            "Acme",
            "--timezone",
            "UTC",
        ],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    let text = std::fs::read_to_string(bot.dir().join("srv.toml")).unwrap();
    assert!(text.contains("minutes_dir = \"/srv/acme/minutes\""), "{text}");
}

#[test]
fn a_second_collective_is_one_more_file_for_konbit_at_name_in_english_and_french() {
    let bot = Bot::new();
    let args = [
        "--instance",
        "coop-b",
        "--output",
        "coop-b.toml",
        "--name",
        "Coop B",
        "--timezone",
        "UTC",
        "--network",
        "irc",
        "--irc-server",
        "irc.example.org",
        "--irc-channel",
        "#coop-b",
    ];
    let out = init(&bot, &args);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    // Its own service, passwords and data: nothing shared with konbit.service's.
    assert!(
        out.stdout.contains("systemctl enable --now konbit@coop-b")
            && out.stdout.contains("journalctl -u konbit@coop-b -f"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("/etc/konbit/coop-b.env"), "{}", out.stdout);
    assert!(!out.stdout.contains("/etc/konbit/konbit.env"), "{}", out.stdout);
    let path = bot.dir().join("coop-b.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("database = \"/var/lib/konbit-coop-b/konbit.db\""),
        "{text}"
    );
    assert!(
        text.contains("minutes_dir = \"/var/lib/konbit-coop-b/minutes\""),
        "{text}"
    );
    let config = konbit::config::Config::load(Some(&path)).expect("a valid file");
    assert!(config.database.starts_with("/var/lib/konbit-coop-b"));

    // In French, with a password file: the credential goes to this collective's unit.
    let mut french = args.to_vec();
    french[3] = "coop-b-fr.toml";
    french.extend(["--irc-password-file", "/etc/konbit/coop-b-irc"]);
    let out = bot.run_with_env(&[&["init"], &french[..]].concat(), &[("LANG", "fr_CA.UTF-8")]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("Démarre le service de ce collectif : systemctl enable --now konbit@coop-b"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("systemctl edit konbit@coop-b"), "{}", out.stdout);

    // A name that cannot be a unit, a file and a user: refused, nothing written.
    for bad in ["../etc", "Coop B", "konbit"] {
        let out = init(&bot, &["--instance", bad, "--name", "X", "--timezone", "UTC"]);
        assert_eq!(out.code, Some(2), "{bad}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("cannot name an instance"), "{bad}: {}", out.stderr);
    }
    let out = init(
        &bot,
        &["--instance", "coop-c", "--system", "--name", "X", "--timezone", "UTC"],
    );
    assert_eq!(out.code, Some(2), "{}{}", out.stdout, out.stderr);
}

/// `konbit init ARGS` on a terminal (a pseudo-terminal from util-linux's `script`), with
/// `answers` typed in, under `LANG=C.UTF-8` (no language of the operator's): its exit code
/// and everything the terminal showed.
fn init_on_a_terminal(bot: &Bot, args: &str, answers: &str) -> (Option<i32>, String) {
    use std::io::Write;
    let mut child = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} init {args}", env!("CARGO_BIN_EXE_konbit")),
            "/dev/null",
        ])
        .current_dir(bot.dir())
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("KONBIT_CONFIG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs konbit init on a pseudo-terminal");
    child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), shown)
}

#[test]
fn init_on_a_terminal_speaks_one_language_asks_for_tls_and_the_port_writes_the_config_named_and_refuses_an_existing_file_first()
 {
    let bot = Bot::new();
    // French for the collective; the operator's terminal says nothing of a language.
    let (code, shown) = init_on_a_terminal(&bot, "--config here.toml", "Acme\nfr\nUTC\nconsole\n.\n");
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("The collective's name"), "{shown}");
    assert!(shown.contains("Written: here.toml. Next steps:"), "{shown}");
    assert!(
        !shown.contains("Écrit"),
        "questions and next steps in one language: {shown}"
    );
    assert!(bot.dir().join("here.toml").exists() && !bot.dir().join("konbit.toml").exists());

    // An existing file: refused before the first question, not after the last.
    let (code, shown) = init_on_a_terminal(&bot, "--output here.toml", "Acme\n");
    assert_eq!(code, Some(2), "{shown}");
    assert!(shown.contains("here.toml already exists"), "{shown}");
    assert!(!shown.contains("The collective's name"), "{shown}");

    // TLS and the port are asked (TLS on 6697 unless answered otherwise); a password
    // variable that is no variable name is asked again.
    let (code, shown) = init_on_a_terminal(
        &bot,
        "--output irc.toml",
        "Acme\nen\nUTC\nirc\nirc.example.org\nno\n\n#acme\n\n\nalice::alice\nKONBIT_IRC_PASSWORD\n.\n",
    );
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Connect with TLS") && shown.contains("[yes]"), "{shown}");
    assert!(shown.contains("The IRC port") && shown.contains("[6667]"), "{shown}");
    assert!(
        shown.contains("\"alice::alice\" is not an environment variable name"),
        "{shown}"
    );
    let text = std::fs::read_to_string(bot.dir().join("irc.toml")).unwrap();
    assert!(text.contains("password_env = \"KONBIT_IRC_PASSWORD\""), "{text}");
    assert!(text.contains("port = 6667") && text.contains("tls = false"), "{text}");

    // Every default taken: TLS on 6697.
    let (code, shown) = init_on_a_terminal(
        &bot,
        "--output tls.toml",
        "Acme\nen\nUTC\nirc\nirc.example.org\n\n\n#acme\n\n\n\n.\n",
    );
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("[6697]"), "{shown}");
    let text = std::fs::read_to_string(bot.dir().join("tls.toml")).unwrap();
    assert!(text.contains("port = 6697") && text.contains("tls = true"), "{text}");
}
