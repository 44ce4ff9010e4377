//! The manual pages in French (installed under /usr/share/man/fr): the same sections as
//! `en.rs`, with the same tags in the same order.

use super::{Headings, Section, Text};

pub(super) static TEXT: Text = Text {
    headings: Headings {
        manual: "Commandes de l’utilisateur",
        name: "NOM",
        synopsis: "SYNOPSIS",
        description: "DESCRIPTION",
        options: "OPTIONS",
        subcommands: "SOUS-COMMANDES",
        version: "VERSION",
        see_also: "VOIR AUSSI",
        sections: "SECTIONS",
        example: "EXEMPLE",
    },
    files: FILES,
    environment: ENVIRONMENT,
    signals: SIGNALS,
    exit_status: EXIT_STATUS,
    config_name: "le fichier de configuration de konbit",
    config_manual: "Formats de fichiers",
    config_description: DESCRIPTION,
    tables: TABLES,
    example_intro: "Chaque clé, avec sa valeur par défaut et ce qu’elle fait (/usr/share/doc/konbit/examples/konbit.exemple-fr.toml ; konbit.example.toml en anglais) :",
    example: include_str!("../../../config/konbit.exemple-fr.toml"),
};

const FILES: Section = Section {
    heading: "FICHIERS",
    items: &[
        (
            "/etc/konbit/konbit.toml",
            "La configuration du service du paquet (konbit.toml(5)) ; le dernier endroit où elle est cherchée quand ni --config ni KONBIT_CONFIG ne nomme de fichier, après ./konbit.toml.",
        ),
        (
            "/etc/konbit/konbit.env",
            "Les variables de mots de passe du service du paquet (KONBIT_IRC_PASSWORD=...), lues par systemd (EnvironmentFile=) et par check-config --env-file ; lisible par root seulement, mode 0600, jamais livré dans le paquet.",
        ),
        (
            "/var/lib/konbit/konbit.db",
            "La base de données SQLite du service du paquet, dans son répertoire d’état (StateDirectory=konbit), le seul endroit où le service peut écrire.",
        ),
        (
            "/var/lib/konbit/konbit.db.lock",
            "Tenu par konbit run et konbit console tant qu’ils tournent : un second sur la même base refuse de démarrer et nomme le premier.",
        ),
        (
            "/var/lib/konbit/minutes/",
            "Les procès-verbaux des réunions (Markdown).",
        ),
        (
            "/var/lib/konbit/konbit.matrix/",
            "La session Matrix, l’appareil et les clés de chiffrement : l’appareil du bot. Garde-le, sauvegarde-le avec la base, ne le copie jamais vers un second bot en marche.",
        ),
        (
            "/etc/konbit/NAME.toml, /etc/konbit/NAME.env",
            "Un collectif de plus sur la machine, que fait tourner l’unité modèle konbit@NAME (écrit par konbit init --instance NAME) : sa configuration et ses variables de mots de passe.",
        ),
        (
            "/var/lib/konbit-NAME/",
            "Le répertoire d’état de konbit@NAME (StateDirectory=konbit-NAME), aussi son répertoire de travail : la base de données, le fichier de verrou, les procès-verbaux et l’appareil Matrix de ce collectif, à part de ceux des autres.",
        ),
        (
            "/usr/share/doc/konbit/examples/",
            "La configuration d’exemple commentée, en anglais et en français, et konbit.env.",
        ),
        (
            "/usr/share/doc/konbit/deploy.md",
            "D’une première configuration au service en marche : comptes, secrets, sauvegardes, mises à niveau.",
        ),
    ],
};

const ENVIRONMENT: Section = Section {
    heading: "ENVIRONNEMENT",
    items: &[
        (
            "KONBIT_CONFIG",
            "Le fichier de configuration, comme --config (qui l’emporte). Sans elle : ./konbit.toml, sinon /etc/konbit/konbit.toml, le premier qui existe.",
        ),
        (
            "KONBIT_LOG, RUST_LOG",
            "Ce qui est journalisé, sous forme de filtre tracing (p. ex. konbit=debug) ; KONBIT_LOG l’emporte. Par défaut : les lignes de konbit lui-même (au niveau info pour konbit run, les avertissements sinon) et les erreurs des bibliothèques.",
        ),
        (
            "LC_ALL, LC_MESSAGES, LANG",
            "La langue de l’opérateur (en ou fr, la première définie) : celle de ce que konbit dit dans le terminal (--help compris) et dans check-config ; sinon la langue du collectif.",
        ),
        (
            "CREDENTIALS_DIRECTORY",
            "Définie par systemd (LoadCredential=NOM:CHEMIN) : un password_file (ou access_token_file, token_key_file, key_file) nommé NOM est lu dans ce répertoire, sinon à son chemin.",
        ),
        (
            "KONBIT_IRC_PASSWORD, KONBIT_MATRIX_PASSWORD, ...",
            "Les secrets : chacun est dans la variable que nomme la configuration (password_env, access_token_env, token_key_env, key_env) ; ce sont les noms que propose konbit init. La configuration ne contient jamais de secret.",
        ),
    ],
};

const SIGNALS: Section = Section {
    heading: "SIGNAUX",
    items: &[
        (
            "SIGHUP",
            "konbit run relit son fichier de configuration (systemctl reload konbit) : membres, projets, horaires, langues et règles s’appliquent aussitôt, sans couper de connexion, et le journal dit « configuration reloaded ». Un fichier qui a des problèmes est refusé, chaque problème journalisé, et la configuration en vigueur reste. Les changements de [irc], [matrix], [web], des serveurs de courriel ou du chemin de la base demandent un redémarrage ; le journal les nomme. Un SIGHUP reçu pendant que konbit run démarre n’est pas perdu : le fichier est relu dès qu’il sert.",
        ),
        (
            "SIGTERM, SIGINT",
            "konbit run salue chaque réseau en partant (QUIT sur IRC) et sort avec le code 0 ; ce qui n’a pas été livré reste dans la base pour le prochain démarrage. konbit web cesse de servir et sort avec le code 0.",
        ),
    ],
};

const EXIT_STATUS: Section = Section {
    heading: "CODE DE RETOUR",
    items: &[
        (
            "0",
            "Fait ; pour konbit run, arrêté par SIGTERM ou SIGINT ; pour konbit console, la fin de son entrée.",
        ),
        (
            "1",
            "Échec : check-config a trouvé des problèmes dans le fichier, ou un réseau a refusé les identifiants (--connect) ; konbit run n’a pas pu démarrer ou s’est arrêté (un mot de passe refusé par les services, un secret illisible, un autre konbit qui sert la base, une base écrite par un konbit plus récent, une configuration pas encore remplie) ; une sauvegarde, un export ou un fichier n’a pas pu être écrit ; un déménagement vers PostgreSQL (migrate-storage) a échoué ou sa vérification n’a pas concordé (tout est alors annulé).",
        ),
        (
            "2",
            "Refusé tel que demandé : une erreur d’utilisation, un fichier de configuration qui a des problèmes au démarrage de konbit run ou console, un réseau que cette compilation ne sait pas servir, un fichier existant sans --force, une base PostgreSQL qui n’est pas vide (migrate-storage), une réponse que konbit init n’accepte pas.",
        ),
    ],
};

/// Les sections du fichier de configuration, chacune avec ce qu’elle contient.
const TABLES: &[(&str, &str)] = &[
    (
        "[collective]",
        "Le nom du collectif, son fuseau horaire (un nom IANA) et sa langue (en ou fr).",
    ),
    (
        "[storage]",
        "database : le fichier SQLite (créé s’il manque). Celui du service du paquet est /var/lib/konbit/konbit.db.",
    ),
    ("[console]", "Le nom du salon qu’affiche konbit console."),
    (
        "[calendar]",
        "Les jours ouvrables, les jours fériés (ou ceux du Québec, calculés) : ce qui compte comme jour ouvrable.",
    ),
    (
        "[meetings]",
        "Les réunions de production et de réflexion et les comités, leurs horaires, les rappels avant chacune, et minutes_dir, où les procès-verbaux sont écrits.",
    ),
    ("[standup]", "Les tours de stand-up : durée, ordre."),
    (
        "[membership]",
        "Les règles d’adhésion que vérifie !membership, et les rappels aux membres en danger de ne plus les remplir.",
    ),
    (
        "[proposals]",
        "Le délai avant adoption (48 heures ouvrables), les rappels avant son échéance, le plafond de budget.",
    ),
    (
        "[privacy]",
        "Si les heures de chacun sont partagées, et les bilans personnels envoyés en privé ; combien de temps les heures d’un membre effacé sont gardées (keep_hours_years), et [privacy.retention], combien de temps chaque sorte de donnée personnelle est gardée avant que la passe quotidienne ne l’efface.",
    ),
    (
        "[punch]",
        "Les minuteries, l’annulation, les rappels pour les minuteries en marche, jusqu’où dans le passé on peut pointer des heures.",
    ),
    (
        "[irc]",
        "Le réseau IRC que sert konbit run : server, port, tls, channels, nick, sasl_account et password_env ou password_file, cadence d’envoi.",
    ),
    (
        "[matrix]",
        "Le serveur d’accueil Matrix que sert konbit run : homeserver, user, le mot de passe ou le jeton d’accès (variable ou fichier), rooms, state_dir (l’appareil du bot).",
    ),
    (
        "[mail]",
        "Les propositions par courriel : l’expéditeur, le serveur SMTP, la boîte IMAP où les réponses sont lues.",
    ),
    (
        "[web]",
        "La vue web en lecture seule : adresse d’écoute, base_url, sa clé.",
    ),
    (
        "[scheduler]",
        "Jusqu’à quel retard un événement manqué pendant un arrêt se déclenche encore.",
    ),
    (
        "[[schedules]]",
        "Les stand-ups, annonces, résumés et messages qui arrivent d’eux-mêmes.",
    ),
    (
        "[[projects]]",
        "Les projets sur lesquels les heures sont pointées, et leur nature (work, meeting, care).",
    ),
    (
        "[[members]]",
        "La liste des membres : name, language, irc_account, matrix_id, email. Dès que des membres sont listés, eux seuls peuvent proposer, opposer un veto, pointer.",
    ),
];

/// La description de `konbit.toml(5)`, un paragraphe chacun.
const DESCRIPTION: &[&str] = &[
    "konbit lit un seul fichier TOML : celui que nomme --config ou KONBIT_CONFIG, sinon ./konbit.toml, sinon /etc/konbit/konbit.toml, le premier qui existe, et dit lequel il a lu. konbit init en écrit un premier (konbit init --system pour le service du paquet) ; konbit check-config en vérifie un et liste tous ses problèmes d’un coup, chacun au chemin de sa clé (members[1].irc_acount : clé inconnue).",
    "Toutes les clés sont facultatives : ce qui est omis prend la valeur par défaut intégrée, que montre l’exemple plus bas. Les chemins relatifs partent du répertoire du fichier. Le service du paquet ne peut écrire que sous /var/lib/konbit : garde-y storage.database, meetings.minutes_dir et matrix.state_dir (check-config avertit d’un chemin où il ne peut pas écrire).",
    "Le fichier ne contient jamais de secret. Un mot de passe, un jeton d’accès ou une clé est désigné par la variable qui le contient (password_env = \"KONBIT_IRC_PASSWORD\") ou par le fichier qui le contient (password_file = \"/etc/konbit/irc-password\") ; sous systemd, un tel fichier est passé comme identifiant (LoadCredential=irc-password:/etc/konbit/irc-password) et lu dans $CREDENTIALS_DIRECTORY.",
    "konbit run relit le fichier sur SIGHUP (systemctl reload konbit) : tout sauf [irc], [matrix], [web], les serveurs de courriel et le chemin de la base s’applique aussitôt ; un fichier qui a des problèmes est refusé et la configuration en vigueur reste.",
    "Le fichier /etc/konbit/konbit.toml du paquet ne nomme aucun réseau ni aucun membre : konbit run le refuse (« configure d’abord /etc/konbit/konbit.toml ») tant qu’il n’est pas rempli.",
];
