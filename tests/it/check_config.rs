//! `konbit check-config`: every problem with its key path, non-zero exit; and the
//! console refuses to start on a broken configuration.

use crate::support;

use support::Bot;

#[test]
fn the_shipped_example_is_valid() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config/konbit.example.toml");
    let out = Bot::new().run(&["check-config", "--config", example], "");
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("the configuration is valid"), "{}", out.stdout);
}

#[test]
fn without_a_named_file_konbit_reads_konbit_toml_here_and_has_nothing_to_check_without_one() {
    let bot = Bot::new();
    // Nothing here (and no package installed on a test machine): nothing to check is a failure.
    if !std::path::Path::new("/etc/konbit/konbit.toml").exists() {
        let out = bot.run(&["check-config"], "");
        assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains(
                "no configuration file to check: none named (--config PATH, or KONBIT_CONFIG), and none at ./konbit.toml, /etc/konbit/konbit.toml"
            ),
            "{}",
            out.stderr
        );
    }
    std::fs::write(
        bot.dir().join("konbit.toml"),
        "[storage]\ndatabase = \"here.db\"\n[[projects]]\nname = \"webdev\"\n",
    )
    .unwrap();
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("./konbit.toml: the configuration is valid."),
        "{}",
        out.stdout
    );
    // Nothing to connect to is not a success either.
    let out = bot.run(&["check-config", "--connect"], "");
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("nothing to connect to"), "{}", out.stderr);
    // The other commands read it too, and say so.
    bot.run(&["console"], "alice: !punch 1h webdev yesterday\n");
    let out = bot.run(&["backup", "copy.db"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr.contains("configuration file ./konbit.toml"),
        "{}",
        out.stderr
    );
    assert!(bot.dir().join("here.db").exists() && bot.dir().join("copy.db").exists());

    // KONBIT_CONFIG comes first.
    std::fs::write(bot.dir().join("broken.toml"), "[collective]\nnmae = \"x\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_konbit"))
        .arg("check-config")
        .current_dir(bot.dir())
        .env("KONBIT_CONFIG", "broken.toml")
        .env("LANG", "en_CA.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("broken.toml: 1 problem"),
        "{out:?}"
    );
}

const BROKEN: &str = r#"
[collective]
timezone = "Mars/Olympus"
[calendar]
working_days = ["mon", "funday"]
holidays = [{ date = "2026-13-01" }]
[meetings.reflection]
weekday = "tuesday"
time = "13:00"
nth = 7
[proposals]
reminders_before = ["2h", "2h"]
budget_cap = -5
[[members]]
name = "alice"
colour = "blue"
"#;

#[test]
fn a_broken_file_lists_every_problem_with_its_path() {
    let bot = Bot::with_config(BROKEN);
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    // Unknown keys and the value problems, all in one run, each path in one style.
    assert!(out.stdout.contains("7 problems:"), "{}", out.stdout);
    assert!(out.stdout.contains("members[0].colour: unknown key"), "{}", out.stdout);
    assert!(
        out.stdout.contains("proposals.budget_cap: -5 is out of range"),
        "{}",
        out.stdout
    );

    let fixed = BROKEN.replace("colour = \"blue\"\n", "");
    let bot = Bot::with_config(&fixed);
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1));
    for want in [
        "6 problems:",
        "collective.timezone: unknown time zone \"Mars/Olympus\"",
        "calendar.working_days[1]: unknown weekday \"funday\"",
        "calendar.holidays[0].date: cannot read \"2026-13-01\" as a date",
        "meetings.reflection.nth: 7 is not a week of the month",
        "proposals.reminders_before[1]: \"2h\" appears more than once",
        "proposals.budget_cap: -5 is out of range (0 to 1000000000)",
    ] {
        assert!(out.stdout.contains(want), "missing {want:?} in:\n{}", out.stdout);
    }
}

#[test]
fn a_broken_matrix_section_lists_each_problem() {
    let bot = Bot::with_config(
        r##"
[matrix]
homeserver = "matrix.example.org"
user = "konbit"
rooms = ["office", "#office:example.org", "!opaqueRoomId"]
device_name = " "
[[members]]
name = "alice"
matrix_id = "alice:example.org"
"##,
    );
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    for want in [
        "5 problems:",
        "matrix.homeserver: \"matrix.example.org\" is not an address starting with https:// or http://",
        "matrix.user: \"konbit\" is not a Matrix user id (@name:server)",
        "matrix.rooms[0]: \"office\" is not a Matrix room",
        "matrix.device_name: ",
        "members[0].matrix_id: \"alice:example.org\" is not a Matrix user id",
    ] {
        assert!(out.stdout.contains(want), "missing {want:?} in:\n{}", out.stdout);
    }
    // Room ids of room version 12 have no server part; aliases do.
    assert!(!out.stdout.contains("matrix.rooms[1]") && !out.stdout.contains("matrix.rooms[2]"));
}

#[test]
fn run_without_any_network_says_what_to_add() {
    let out = Bot::new().run(&["run"], "");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("add an [irc] section") && out.stderr.contains("[matrix] section"),
        "{}",
        out.stderr
    );
}

#[test]
fn problems_are_reported_in_french_for_a_french_locale() {
    let bot = Bot::with_config("[collective]\nlanguage = \"klingon\"\n");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_konbit"));
    let out = cmd
        .args(["check-config", "--config"])
        .arg(bot.dir().join("konbit.toml"))
        .env("LANG", "fr_CA.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains("collective.language: langue non prise en charge « klingon »"),
        "{text}"
    );
}

#[test]
fn a_syntax_error_gives_line_and_column() {
    let bot = Bot::with_config("[collective]\nname = \"unterminated\n");
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("2:"), "{}", out.stdout);
    assert!(out.stdout.contains("TOML syntax error"), "{}", out.stdout);
}

#[test]
fn the_console_refuses_to_start_on_a_broken_config() {
    let bot = Bot::with_config("[proposals]\ndelay_business_hours = 0\n");
    let out = bot.console("2026-11-20T15:00:00-05:00", "alice: !propose x\n");
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains("proposals.delay_business_hours: 0 is out of range"),
        "{}",
        out.stderr
    );
    assert!(!bot.dir().join("konbit.db").exists(), "nothing may be created");
}

#[test]
fn console_input_problems_go_to_stderr_and_the_session_goes_on() {
    let bot = Bot::new();
    // 100 waits of 999,999 days go past the last date the calendar can hold.
    let script = format!(
        "hello there\n/wait soon\n/at yesterday\n/at 2020-01-01T00:00\n{}alice: !proposals\n",
        "/wait 999999d\n".repeat(100)
    );
    let out = bot.console("2026-11-20T15:00:00-05:00", &script);
    assert_eq!(out.code, Some(0));
    assert!(out.stderr.contains("Cannot read this line"), "{}", out.stderr);
    assert!(out.stderr.contains("Cannot read soon as a duration"), "{}", out.stderr);
    assert!(out.stderr.contains("Cannot read yesterday as a time"), "{}", out.stderr);
    assert!(out.stderr.contains("the clock never goes back"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("999999d would take the simulated clock off the calendar"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("alice: There are no open or deferred proposals."));
    // Without --clock, time directives are refused but the console still answers.
    let out = bot.run(&["console"], "/wait 3h\nalice: !proposals\n");
    assert_eq!(out.code, Some(0));
    assert!(out.stderr.contains("/wait needs a simulated clock"), "{}", out.stderr);
    assert!(out.stdout.contains("alice: There are no open or deferred proposals."));
}

#[test]
fn invalid_utf8_and_a_missing_final_newline_do_not_end_the_session() {
    let bot = Bot::new();
    let mut input = b"alice: caf\xe9 \xff\xfe\n".to_vec();
    input.extend_from_slice(b"alice: !propose buy \xc3\x28 coffee\n");
    input.extend_from_slice(b"bob: !proposals");
    let out = bot.run_bytes(&["console", "--clock", "2026-11-20T15:00:00-05:00"], &input);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("Proposal #1 by alice: buy \u{fffd}( coffee"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("bob: Proposals:"), "{}", out.stdout);
}

#[test]
fn a_database_that_cannot_be_opened_is_a_clear_error() {
    let bot = Bot::with_config("[storage]\ndatabase = \"no/such/directory/konbit.db\"\n");
    let out = bot.console("2026-11-20T15:00:00-05:00", "alice: !propose x\n");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("konbit stopped: cannot open the database"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("no/such/directory/konbit.db"), "{}", out.stderr);
}

/// Every file and directory in the bot's directory, but its configuration.
fn created(bot: &Bot) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(bot.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "konbit.toml")
        .collect();
    names.sort();
    names
}

#[test]
fn a_missing_secret_stops_konbit_run_before_it_creates_any_file() {
    // The IRC password file is missing; a TCP port nobody listens on.
    let irc = Bot::with_config(
        "[irc]\nserver = \"127.0.0.1\"\nport = 9\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_file = \"irc-password\"\n[[members]]\nname = \"alice\"\n",
    );
    let out = irc.run_with_env(&["run"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("konbit stopped: cannot read the IRC password (file "),
        "{}",
        out.stderr
    );
    assert_eq!(created(&irc), Vec::<String>::new(), "{}", out.stderr);

    // The Matrix password: an empty file, then an unset variable.
    let matrix = Bot::with_config(
        "[matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser = \"@konbit:localhost\"\n\
         rooms = [\"!office:localhost\"]\npassword_file = \"matrix-password\"\n[[members]]\nname = \"alice\"\n",
    );
    std::fs::write(matrix.dir().join("matrix-password"), "\n").unwrap();
    let out = matrix.run_with_env(&["run"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot read the Matrix password (file ")
            && out.stderr.contains("the file or variable is empty"),
        "{}",
        out.stderr
    );
    assert_eq!(created(&matrix), ["matrix-password"], "{}", out.stderr);

    let by_env = Bot::with_config(
        "[matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser = \"@konbit:localhost\"\n\
         rooms = [\"!office:localhost\"]\npassword_env = \"KONBIT_TEST_NO_SUCH_VARIABLE\"\n[[members]]\nname = \"alice\"\n",
    );
    let out = by_env.run_with_env(&["run"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("KONBIT_TEST_NO_SUCH_VARIABLE is not set"),
        "{}",
        out.stderr
    );
    assert_eq!(created(&by_env), Vec::<String>::new(), "{}", out.stderr);
}

#[test]
fn logs_written_to_a_file_carry_no_colour_codes() {
    let bot = Bot::with_config(
        "[irc]\nserver = \"127.0.0.1\"\nport = 9\nnick = \"konbit\"\nchannels = [\"#office\"]\n[[members]]\nname = \"alice\"\n",
    );
    // The default log level (no KONBIT_LOG, no RUST_LOG), stderr to a file.
    let running = bot.spawn(&["run"], &[("KONBIT_LOG", ""), ("RUST_LOG", "")]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    // The start is logged at info; the refused connection after it at warn.
    while !running.log().contains("WARN") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let log = running.log();
    assert!(!log.is_empty(), "a refused connection is logged at the default level");
    assert!(!log.contains('\u{1b}'), "{log:?}");
    assert!(log.contains("WARN") || log.contains("ERROR"), "{log}");
}

#[test]
fn a_too_long_project_name_in_the_file_says_how_long_one_may_be() {
    let long = "a-very-long-project-name-for-the-new-client-website";
    let bot = Bot::with_config(&format!(
        "[[projects]]\nname = \"{long}\"\n[[projects]]\nname = \"web dev\"\n"
    ));
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(
        out.stdout.contains(&format!(
            "projects[0].name: \"{long}\" is too long for a project name (at most 40 characters)"
        )),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("projects[1].name: \"web dev\" is not a project name (one word"),
        "{}",
        out.stdout
    );
}

/// A collective that builds only IRC (`--no-default-features --features irc`; scripts/test
/// checks the same on that build's binary) is told plainly when its file has a Matrix
/// section, instead of a bot that silently never joins the rooms.
#[cfg(not(feature = "matrix"))]
#[test]
fn a_build_without_matrix_says_so_for_a_file_with_a_matrix_section() {
    let bot = Bot::with_config(
        "[matrix]\nhomeserver = \"http://127.0.0.1:1\"\nuser = \"@konbit:example.org\"\nrooms = [\"#office:example.org\"]\n",
    );
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("built without matrix") && out.stderr.contains("--features matrix"),
        "{}",
        out.stderr
    );
    let out = bot.run(&["run"], "");
    assert_eq!(out.code, Some(2), "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("built without matrix"), "{}", out.stderr);
}

#[test]
fn check_config_warns_about_paths_the_service_must_write_but_cannot() {
    // The database under /etc (read-only for the packaged service, even when root running
    // the check could write there), the minutes where nobody can create a file.
    let bot = Bot::with_config(
        "[storage]\ndatabase = \"/etc/konbit/konbit.db\"\n[meetings]\nminutes_dir = \"/proc/konbit-minutes\"\n",
    );
    let out = bot.run(&["check-config"], "");
    assert_eq!(
        out.code,
        Some(0),
        "the file itself is valid: {}{}",
        out.stdout,
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "warning: storage.database = /etc/konbit/konbit.db is under /etc, which the packaged service can never write"
        ) && out.stderr.contains("konbit init --system"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("warning: meetings.minutes_dir = /proc/konbit-minutes cannot be written by this user"),
        "{}",
        out.stderr
    );

    // Paths in a directory konbit can write: nothing to say, and nothing left behind.
    let fine = Bot::with_config("[storage]\ndatabase = \"data/konbit.db\"\n");
    let out = fine.run(&["check-config"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    assert_eq!(created(&fine), Vec::<String>::new());
}

#[test]
fn the_packaged_configuration_is_valid_but_not_served_until_filled_in() {
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/packaging/konbit.toml"))
        .expect("packaging/konbit.toml");
    let bot = Bot::with_config(&shipped);
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);

    let out = bot.run_with_env(&["run"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let path = bot.dir().join("konbit.toml").display().to_string();
    assert!(
        out.stderr.contains(&format!(
            "konbit stopped: configure {path} first: no network is configured"
        )),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("no member is listed"), "{}", out.stderr);
    assert!(out.stderr.contains("konbit init --system --force"), "{}", out.stderr);

    // A network without a roster is not served either: nobody could propose.
    let no_members = Bot::with_config(&format!(
        "{shipped}\n[irc]\nserver = \"127.0.0.1\"\nport = 9\nchannels = [\"#office\"]\n"
    ));
    let out = no_members.run_with_env(&["run"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("no member is listed"), "{}", out.stderr);
    assert!(!out.stderr.contains("no network"), "{}", out.stderr);
}

#[test]
fn a_database_from_a_newer_konbit_is_refused_saying_so_once() {
    let bot = Bot::with_config("[[projects]]\nname = \"webdev\"\n");
    bot.run(&["console"], "alice: !punch 1h webdev yesterday\n");
    // What a newer konbit leaves behind: a migration this one does not have.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::ConnectOptions;
        let mut db = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(bot.dir().join("konbit.db"))
            .connect()
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut db)
        .await
        .unwrap();
    });
    let out = bot.run_with_env(&["console"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let database = bot.dir().join("konbit.db").display().to_string();
    let said = format!(
        "konbit stopped: the database {database} was written by a newer konbit (migration 9999); \
         upgrade konbit or restore the backup taken before the upgrade"
    );
    assert_eq!(out.stderr.matches(&said).count(), 1, "{}", out.stderr);
    assert!(!out.stderr.contains("previously applied"), "{}", out.stderr);
    // In French for a French operator.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_konbit"))
        .args(["console", "--config", "konbit.toml"])
        .current_dir(bot.dir())
        .env("LANG", "fr_CA.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a été écrite par un konbit plus récent (migration 9999) ; mets konbit à jour"),
        "{stderr}"
    );
}

#[test]
fn sqlites_message_appears_once_when_the_database_cannot_be_opened() {
    // A directory where the database file should be.
    let bot = Bot::with_config("[storage]\ndatabase = \"a-directory\"\n");
    std::fs::create_dir(bot.dir().join("a-directory")).unwrap();
    let out = bot.run_with_env(&["console"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("konbit stopped: cannot open the database"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("unable to open database file").count(),
        1,
        "{}",
        out.stderr
    );
}

#[test]
fn every_problem_of_a_broken_file_is_listed_at_once() {
    // A missing field, a wrong type, an unknown key, a misspelt key in a member, and checks
    // that need the whole file: each would once have taken a run of its own.
    let bot = Bot::with_config(
        "[collective]\nlanguage = \"klingon\"\n\
         [proposals]\ndelay_business_hours = \"two days\"\n\
         [storage]\ndatabse = \"x.db\"\n\
         [[projects]]\nkind = \"work\"\n\
         [[members]]\nname = \"alice\"\n\
         [[members]]\nname = \"bob\"\nirc_acount = \"bob\"\n\
         [[members]]\nname = \"carol\"\nmatrix_id = \"carol:example.org\"\n",
    );
    let out = bot.run(&["check-config"], "");
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let path = bot.dir().join("konbit.toml").display().to_string();
    assert!(out.stdout.contains(&format!("{path}: 6 problems:")), "{}", out.stdout);
    for want in [
        "collective.language: ",
        "proposals.delay_business_hours: ",
        "storage.databse: ",
        "projects[0]: ",
        "members[1].irc_acount: ",
        "members[2].matrix_id: \"carol:example.org\" is not a Matrix user id",
    ] {
        assert!(out.stdout.contains(want), "missing {want:?} in:\n{}", out.stdout);
    }
    // One key-path style.
    assert!(!out.stdout.contains("members.1"), "{}", out.stdout);
    // The same list when the file is refused at start.
    let out = bot.run_with_env(&["console"], &[]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("6 problems") && out.stderr.contains("members[1].irc_acount"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_password_file_passed_as_a_systemd_credential_is_read_from_the_credentials_directory() {
    // The file as root keeps it (here: out of reach), and the copy systemd passes to the
    // service's dynamic user with LoadCredential=.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bot = Bot::with_config(&format!(
        "[irc]\nserver = \"127.0.0.1\"\nport = {port}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_file = \"/nonexistent/konbit/irc-password\"\n\
         [[members]]\nname = \"alice\"\nirc_account = \"alice\"\n"
    ));
    let credentials = bot.dir().join("credentials");
    std::fs::create_dir(&credentials).unwrap();
    std::fs::write(credentials.join("irc-password"), "konbit-pw\n").unwrap();
    let running = bot.spawn(&["run"], &[("CREDENTIALS_DIRECTORY", credentials.to_str().unwrap())]);
    // Past the secrets: trying the network.
    assert!(
        running.wait_log("cannot connect to IRC", 1, std::time::Duration::from_secs(30)),
        "{}",
        running.log()
    );
    // The log names the server it tries, host and port.
    assert!(
        running.log().contains(&format!("server=127.0.0.1:{port}")),
        "{}",
        running.log()
    );
    drop(running);

    // Without the credential, the file itself is read: not there.
    let out = bot.run_with_env(&["run"], &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot read the IRC password (file /nonexistent/konbit/irc-password)"),
        "{}",
        out.stderr
    );
}
