//! The manual pages in English: what they add to the command line's own definition.

use super::{Headings, Section, Text};

pub(super) static TEXT: Text = Text {
    headings: Headings {
        manual: "General Commands Manual",
        name: "NAME",
        synopsis: "SYNOPSIS",
        description: "DESCRIPTION",
        options: "OPTIONS",
        subcommands: "SUBCOMMANDS",
        version: "VERSION",
        see_also: "SEE ALSO",
        sections: "SECTIONS",
        example: "EXAMPLE",
    },
    files: FILES,
    environment: ENVIRONMENT,
    signals: SIGNALS,
    exit_status: EXIT_STATUS,
    config_name: "konbit's configuration file",
    config_manual: "File Formats",
    config_description: DESCRIPTION,
    tables: TABLES,
    example_intro: "Every key, with its default and what it does (/usr/share/doc/konbit/examples/konbit.example.toml; konbit.exemple-fr.toml in French):",
    example: include_str!("../../../config/konbit.example.toml"),
};

const FILES: Section = Section {
    heading: "FILES",
    items: &[
        (
            "/etc/konbit/konbit.toml",
            "The configuration of the packaged service (konbit.toml(5)); the last place looked for when neither --config nor KONBIT_CONFIG names a file, after ./konbit.toml.",
        ),
        (
            "/etc/konbit/konbit.env",
            "The password variables of the packaged service (KONBIT_IRC_PASSWORD=...), read by systemd (EnvironmentFile=) and by check-config --env-file; root only, mode 0600, never shipped.",
        ),
        (
            "/var/lib/konbit/konbit.db",
            "The SQLite database of the packaged service, in its state directory (StateDirectory=konbit), the only place the service may write.",
        ),
        (
            "/var/lib/konbit/konbit.db.lock",
            "Held by konbit run and konbit console for as long as they run: a second one on the same database refuses to start and names the first.",
        ),
        ("/var/lib/konbit/minutes/", "The meetings' minutes (Markdown)."),
        (
            "/var/lib/konbit/konbit.matrix/",
            "The Matrix session, device and encryption keys: the bot's device. Keep it, back it up with the database, never copy it to a second running bot.",
        ),
        (
            "/etc/konbit/NAME.toml, /etc/konbit/NAME.env",
            "One more collective on the machine, run by the template unit konbit@NAME (written by konbit init --instance NAME): its configuration and password variables.",
        ),
        (
            "/var/lib/konbit-NAME/",
            "The state directory of konbit@NAME (StateDirectory=konbit-NAME), also its working directory: that collective's database, lock file, minutes and Matrix device, apart from every other's.",
        ),
        (
            "/usr/share/doc/konbit/examples/",
            "The annotated example configuration, in English and French, and konbit.env.",
        ),
        (
            "/usr/share/doc/konbit/deploy.md",
            "From a first configuration to the running service: accounts, secrets, backups, upgrades.",
        ),
    ],
};

const ENVIRONMENT: Section = Section {
    heading: "ENVIRONMENT",
    items: &[
        (
            "KONBIT_CONFIG",
            "The configuration file, as --config (which wins). Unset: ./konbit.toml, else /etc/konbit/konbit.toml, the first that exists.",
        ),
        (
            "KONBIT_LOG, RUST_LOG",
            "What is logged, as a tracing filter (e.g. konbit=debug); KONBIT_LOG wins. Default: konbit's own lines (at info for konbit run, warnings otherwise) and the libraries' errors.",
        ),
        (
            "LC_ALL, LC_MESSAGES, LANG",
            "The operator's language (en or fr, the first set): what konbit says on the terminal (--help included) and in check-config; otherwise the collective's language.",
        ),
        (
            "CREDENTIALS_DIRECTORY",
            "Set by systemd (LoadCredential=NAME:PATH): a password_file (or access_token_file, token_key_file, key_file) named NAME is read from this directory, else from its path.",
        ),
        (
            "KONBIT_IRC_PASSWORD, KONBIT_MATRIX_PASSWORD, ...",
            "The secrets: each is in the variable the configuration names (password_env, access_token_env, token_key_env, key_env); these are the names konbit init proposes. The configuration never holds a secret.",
        ),
    ],
};

const SIGNALS: Section = Section {
    heading: "SIGNALS",
    items: &[
        (
            "SIGHUP",
            "konbit run reads its configuration file again (systemctl reload konbit): members, projects, schedules, languages and rules are in force at once, without dropping a connection, and the log says \"configuration reloaded\". A file with problems is refused, each problem logged, and the configuration in force stays. Changes to [irc], [matrix], [web], the mail servers or the database path need a restart; the log names them. A SIGHUP received while konbit run is still starting is not lost: the file is read again once it serves.",
        ),
        (
            "SIGTERM, SIGINT",
            "konbit run says goodbye on each network (IRC QUIT) and exits 0; what was not delivered stays in the database for the next start. konbit web stops serving and exits 0.",
        ),
    ],
};

const EXIT_STATUS: Section = Section {
    heading: "EXIT STATUS",
    items: &[
        (
            "0",
            "Done; for konbit run, stopped by SIGTERM or SIGINT; for konbit console, the end of its input.",
        ),
        (
            "1",
            "Failed: check-config found problems in the file or a network refused the credentials (--connect); konbit run could not start or stopped (a password refused by the services, a secret that cannot be read, another konbit serving the database, a database written by a newer konbit, a configuration not filled in); a backup, an export or a file could not be written; a move to PostgreSQL (migrate-storage) failed or did not check out (everything is then rolled back).",
        ),
        (
            "2",
            "Refused as asked: a usage error, a configuration file with problems at the start of konbit run or console, a network this build cannot serve, an existing file without --force, a PostgreSQL database that is not empty (migrate-storage), an answer konbit init does not accept.",
        ),
    ],
};

/// The configuration file's sections, each with what it holds.
const TABLES: &[(&str, &str)] = &[
    (
        "[collective]",
        "The collective's name, time zone (an IANA name) and language (en or fr).",
    ),
    (
        "[storage]",
        "database: the SQLite file (created if missing). The packaged service's is /var/lib/konbit/konbit.db.",
    ),
    ("[console]", "The room name konbit console prints."),
    (
        "[calendar]",
        "Working days, holidays (or Quebec's, computed): what counts as a business day.",
    ),
    (
        "[meetings]",
        "The production and reflection meetings and the committees, their schedules, reminders before them, and minutes_dir, where the minutes are written.",
    ),
    ("[standup]", "Stand-up rounds: time box, order."),
    (
        "[membership]",
        "The membership rules checked by !membership, and the nudges to members at risk.",
    ),
    (
        "[proposals]",
        "The delay before adoption (48 business hours), the reminders before it, the budget cap.",
    ),
    (
        "[privacy]",
        "Whether individual hours are shared, and personal reports sent privately; how long an erased member's hours are kept (keep_hours_years), and [privacy.retention], how long each kind of personal data is kept before the daily run deletes it.",
    ),
    (
        "[punch]",
        "Timers, undo, reminders for running timers, how far back hours may be punched.",
    ),
    (
        "[irc]",
        "The IRC network konbit run serves: server, port, tls, channels, nick, sasl_account and password_env or password_file, pacing.",
    ),
    (
        "[matrix]",
        "The Matrix homeserver konbit run serves: homeserver, user, the password or access token (variable or file), rooms, state_dir (the bot's device).",
    ),
    (
        "[mail]",
        "Proposals by e-mail: the sender, the SMTP server, the IMAP mailbox replies are read from.",
    ),
    ("[web]", "The read-only web view: listen address, base_url, its key."),
    ("[scheduler]", "How late a missed event may still fire after downtime."),
    (
        "[[schedules]]",
        "Stand-ups, announcements, digests and messages that happen by themselves.",
    ),
    (
        "[[projects]]",
        "The projects hours are punched on, and their kind (work, meeting, care).",
    ),
    (
        "[[members]]",
        "The roster: name, language, irc_account, matrix_id, email. With members listed, only they may propose, veto, punch.",
    ),
];

/// `konbit.toml(5)`'s description, one paragraph each.
const DESCRIPTION: &[&str] = &[
    "konbit reads one TOML file: the file named by --config or KONBIT_CONFIG, else ./konbit.toml, else /etc/konbit/konbit.toml, the first that exists, and says which one it read. konbit init writes a first one (konbit init --system for the packaged service); konbit check-config checks one and lists every problem at once, each at its key path (members[1].irc_acount: unknown key).",
    "Every key is optional: what is left out takes the built-in default, which the example below shows. Relative paths are read from the directory of the file. The packaged service may write only under /var/lib/konbit: keep storage.database, meetings.minutes_dir and matrix.state_dir there (check-config warns about a path it cannot write).",
    "The file never holds a secret. A password, an access token or a key is named by the variable that holds it (password_env = \"KONBIT_IRC_PASSWORD\") or by the file that holds it (password_file = \"/etc/konbit/irc-password\"); under systemd, such a file is passed as a credential (LoadCredential=irc-password:/etc/konbit/irc-password) and read from $CREDENTIALS_DIRECTORY.",
    "konbit run reads the file again on SIGHUP (systemctl reload konbit): everything but [irc], [matrix], [web], the mail servers and the database path is in force at once; a file with problems is refused and the configuration in force stays.",
    "The packaged /etc/konbit/konbit.toml names no network and no member: konbit run refuses it (\"configure /etc/konbit/konbit.toml first\") until it is filled in.",
];
