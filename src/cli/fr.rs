//! The command line in French: each command's and option's text with the English it
//! translates (`cargo test --lib cli::` fails when the English changes or an option has
//! no French), the value names, what clap writes itself, and its usage errors.

use super::errors::ErrorTexts;
use super::localize::Translation;

pub(super) static TRANSLATION: Translation = Translation {
    texts: TEXTS,
    value_names: &[
        ("PATH", "CHEMIN"),
        ("START", "DÉBUT"),
        ("INSTANT", "INSTANT"),
        ("FILE", "FICHIER"),
        ("en|fr", "en|fr"),
        ("ZONE", "FUSEAU"),
        ("NAME", "NOM"),
        ("NETWORK", "RÉSEAU"),
        ("NAME[:LANG[:IRC[:MATRIX]]]", "NOM[:LANGUE[:IRC[:MATRIX]]]"),
        ("HOST", "HÔTE"),
        ("PORT", "PORT"),
        ("#CHANNEL", "#CANAL"),
        ("NICK", "PSEUDO"),
        ("ACCOUNT", "COMPTE"),
        ("VAR", "VARIABLE"),
        ("URL", "URL"),
        ("@USER:SERVER", "@UTILISATEUR:SERVEUR"),
        ("ROOM", "SALON"),
        ("FROM", "JOUR"),
        ("TO", "JOUR"),
        ("FORMAT", "FORMAT"),
        ("MEMBER", "MEMBRE"),
        ("SHELL", "SHELL"),
        ("DIR", "RÉPERTOIRE"),
    ],
    generated: &[
        ("Print help", "Afficher l’aide"),
        (
            "Print help (see more with '--help')",
            "Afficher l’aide (plus de détails avec --help)",
        ),
        (
            "Print help (see a summary with '-h')",
            "Afficher l’aide (un résumé avec -h)",
        ),
        ("Print version", "Afficher la version"),
        (
            "Print this message or the help of the given subcommand(s)",
            "Afficher ce message ou l’aide des sous-commandes nommées",
        ),
        (
            "Print help for the subcommand(s)",
            "Afficher l’aide de ces sous-commandes",
        ),
    ],
    usage_heading: "Utilisation :",
    commands_heading: "Commandes",
    command_value: "COMMANDE",
    default: "[par défaut : {}]",
    env: "[variable d’environnement : {}]",
    possible: "[valeurs possibles : {}]",
    possible_heading: "Valeurs possibles :",
    value_help: "{value} : {help}",
    errors: ErrorTexts {
        prefix: "erreur : ",
        unknown_argument: "argument inattendu « {arg} »",
        unknown_subcommand: "sous-commande inconnue « {value} »",
        invalid_value: "valeur invalide « {value} » pour « {arg} »",
        value_required: "« {arg} » demande une valeur, et aucune n’a été donnée",
        possible_values: "[valeurs possibles : {values}]",
        invalid_value_because: " : {reason}",
        missing_arguments: "il manque ces arguments obligatoires :",
        missing_subcommand: "« {value} » demande une sous-commande",
        subcommands: "[sous-commandes : {values}]",
        conflict: "l’argument « {arg} » ne s’emploie pas avec « {other} »",
        conflict_unnamed: "l’argument « {arg} » ne s’emploie pas avec certains des autres arguments donnés",
        no_equals: "il faut un signe égal pour donner une valeur à « {arg} »",
        too_many_values: "valeur en trop « {value} » pour « {arg} »",
        wrong_number_of_values: "« {arg} » demande {count} valeurs ; {actual} données",
        invalid_utf8: "un argument n’est pas de l’UTF-8 valide",
        other: "ligne de commande invalide",
        similar_argument: "astuce : un argument proche existe : « {values} »",
        similar_subcommand: "astuce : une sous-commande proche existe : « {values} »",
        similar_value: "astuce : une valeur proche existe : « {values} »",
        more: "Pour en savoir plus, essaie « --help ».",
    },
};

const TEXTS: &[(&str, &str, &str)] = &[
    (
        "konbit",
        "A chat bot for self-managed worker collectives",
        "Un bot de clavardage pour les collectifs de travail autogérés",
    ),
    (
        "konbit --config",
        "Configuration file (TOML) [default: ./konbit.toml, else /etc/konbit/konbit.toml, the first that exists; else the built-in default, which check-config refuses to check]",
        "Le fichier de configuration (TOML) [par défaut : ./konbit.toml, sinon /etc/konbit/konbit.toml, le premier qui existe ; sinon la configuration intégrée, que check-config refuse de vérifier]",
    ),
    (
        "konbit console",
        "Talk to konbit in this terminal: `NAME: TEXT` in the room, `NAME> TEXT` privately",
        "Parler à konbit dans ce terminal : `NOM: TEXTE` dans le salon, `NOM> TEXTE` en privé",
    ),
    (
        "konbit console --clock",
        "Start a simulated clock at this time (RFC 3339); it then moves only with `/wait DURATION` and `/at TIME`",
        "Démarrer une horloge simulée à cet instant (RFC 3339) ; elle n’avance ensuite qu’avec `/wait DURÉE` et `/at INSTANT`",
    ),
    (
        "konbit run",
        "Connect to the configured networks (`[irc]`, `[matrix]`) and serve the collective there",
        "Se connecter aux réseaux configurés (`[irc]`, `[matrix]`) et y servir le collectif",
    ),
    (
        "konbit web",
        "Serve the read-only web view (`[web]`) alone, on the database of a running `konbit run` (which also serves it when `[web]` is set)",
        "Servir seule la vue web en lecture seule (`[web]`), sur la base de données d’un `konbit run` en marche (qui la sert aussi quand `[web]` est présent)",
    ),
    (
        "konbit check-config",
        "Check a configuration file and list every problem with its key path",
        "Vérifier un fichier de configuration et lister chaque problème avec le chemin de sa clé",
    ),
    (
        "konbit check-config --connect",
        "Also connect with the configured credentials (IRC: SASL; Matrix: a login) and say per network what works, without joining or posting anything",
        "Se connecter aussi avec les identifiants configurés (IRC : SASL ; Matrix : une connexion) et dire, réseau par réseau, ce qui fonctionne, sans rien rejoindre ni publier",
    ),
    (
        "konbit check-config --env-file",
        "With --connect: take the password variables from this file, read as systemd's EnvironmentFile= reads it (no `$` expansion, unlike a shell's `. FILE`), e.g. /etc/konbit/konbit.env",
        "Avec --connect : prendre les variables de mots de passe dans ce fichier, lu comme systemd lit EnvironmentFile= (sans expansion de `$`, contrairement au `. FICHIER` d’un shell), p. ex. /etc/konbit/konbit.env",
    ),
    (
        "konbit export",
        "Export records for payroll and accounting",
        "Exporter des relevés pour la paie et la comptabilité",
    ),
    (
        "konbit export hours",
        "Punched hours (counted entries) between two days, inclusive, to standard output",
        "Les heures pointées (entrées comptées) entre deux jours inclus, sur la sortie standard",
    ),
    (
        "konbit export hours --from",
        "First day, YYYY-MM-DD",
        "Premier jour, AAAA-MM-JJ",
    ),
    (
        "konbit export hours --to",
        "Last day, YYYY-MM-DD",
        "Dernier jour, AAAA-MM-JJ",
    ),
    (
        "konbit export hours --format",
        "The file's format",
        "Le format du fichier",
    ),
    (
        "konbit export hours --member",
        "Only this member's entries",
        "Seulement les entrées de ce membre",
    ),
    (
        "konbit export member",
        "Everything konbit holds about one member (what `!mydata` links to): a zip of README.txt, data.json and a CSV file per kind, or the JSON alone",
        "Tout ce que konbit garde sur un membre (ce vers quoi `!mesdonnées` donne un lien) : un zip de README.txt, data.json et un fichier CSV par sorte de données, ou le JSON seul",
    ),
    (
        "konbit export member <name>",
        "The member: their roster name (any case), or a name the records use",
        "Le membre : son nom dans la liste des membres (majuscules ou non), ou un nom que les relevés emploient",
    ),
    (
        "konbit export member --format",
        "The archive's form: a zip, or the JSON document alone",
        "La forme de l’archive : un zip, ou le document JSON seul",
    ),
    (
        "konbit export member --format=zip",
        "A zip: README.txt, data.json and a CSV file per kind",
        "Un zip : README.txt, data.json et un fichier CSV par sorte de données",
    ),
    (
        "konbit export member --format=json",
        "The JSON document alone",
        "Le document JSON seul",
    ),
    (
        "konbit export member --output",
        "Write to this new file (readable by its owner only) instead of standard output",
        "Écrire dans ce nouveau fichier (lisible par son seul propriétaire) plutôt que sur la sortie standard",
    ),
    (
        "konbit erase",
        "Erase a member who left, once the collective decided it (docs/privacy.md)",
        "Effacer un membre parti, une fois que le collectif l’a décidé (docs/privacy.md)",
    ),
    (
        "konbit erase member",
        "A member who left, once the collective decided it: personal data deleted, the name replaced by a pseudonym (\"former-member-3\") in proposals, vetoes, decisions, attendance, minutes and hours, the member taken out of the roster. Cannot be undone",
        "Un membre parti, une fois que le collectif l’a décidé : ses données personnelles supprimées, son nom remplacé par un pseudonyme (« ex-membre-3 ») dans les propositions, vetos, décisions, présences, procès-verbaux et heures, le membre retiré de la liste. Irréversible",
    ),
    (
        "konbit erase member <name>",
        "The member: their roster name (any case), or a name the records use",
        "Le membre : son nom dans la liste des membres (majuscules ou non), ou un nom que les relevés emploient",
    ),
    (
        "konbit erase member --yes",
        "Do not ask for confirmation (for scripts)",
        "Ne pas demander de confirmation (pour les scripts)",
    ),
    (
        "konbit backup",
        "Copy the database into a new file while konbit keeps running (a consistent snapshot); restore by putting the copy in place of the database, konbit stopped",
        "Copier la base de données dans un nouveau fichier pendant que konbit continue de tourner (un instantané cohérent) ; pour restaurer, mettre la copie à la place de la base, konbit arrêté",
    ),
    (
        "konbit backup <file>",
        "Where to write the copy (a new file)",
        "Où écrire la copie (un nouveau fichier)",
    ),
    (
        "konbit backup --force",
        "Replace FILE if it exists",
        "Remplacer FICHIER s’il existe",
    ),
    (
        "konbit migrate-storage",
        "Move the collective from its SQLite file into an empty PostgreSQL database, every table copied in one transaction and checked (rows and a checksum per table); konbit stopped. Then set [storage] url and start konbit",
        "Déménager le collectif de son fichier SQLite vers une base PostgreSQL vide, chaque table copiée en une seule transaction et vérifiée (lignes et somme de contrôle par table) ; konbit arrêté. Ensuite, mettre [storage] url et démarrer konbit",
    ),
    (
        "konbit migrate-storage --from",
        "The SQLite database to move [default: storage.database of the configuration]",
        "La base SQLite à déménager [par défaut : storage.database de la configuration]",
    ),
    (
        "konbit migrate-storage --to",
        "The empty PostgreSQL database to move it into, postgres://USER:PASSWORD@HOST:PORT/NAME [default: storage.url of the configuration]",
        "La base PostgreSQL vide où la déménager, postgres://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT/NOM [par défaut : storage.url de la configuration]",
    ),
    (
        "konbit feed",
        "The collective calendar feed's own address, for calendar applications (they keep no access cookie): show it, replace it (`new`) or end it (`revoke`)",
        "L’adresse propre du flux de calendrier du collectif, pour les applications de calendrier (qui ne gardent pas de témoin d’accès) : l’afficher, la remplacer (`new`) ou y mettre fin (`revoke`)",
    ),
    (
        "konbit feed show",
        "Print the address (the default)",
        "Afficher l’adresse (par défaut)",
    ),
    (
        "konbit feed new",
        "Replace it by a new one; the old one stops working",
        "La remplacer par une nouvelle ; l’ancienne cesse de fonctionner",
    ),
    (
        "konbit feed revoke",
        "End it: no address opens the feed without the access key until `konbit feed new`",
        "Y mettre fin : aucune adresse n’ouvre le flux sans la clé d’accès jusqu’au prochain `konbit feed new`",
    ),
    (
        "konbit init",
        "Write a first configuration file; on a terminal, asks for what the flags leave out",
        "Écrire un premier fichier de configuration ; dans un terminal, demande ce que les options ne disent pas",
    ),
    (
        "konbit init --output",
        "The file to write [default: konbit.toml, or /etc/konbit/konbit.toml with --system]",
        "Le fichier à écrire [par défaut : konbit.toml, ou /etc/konbit/konbit.toml avec --system]",
    ),
    (
        "konbit init --system",
        "For the Debian package's service: the file is /etc/konbit/konbit.toml, and the database, the minutes and the Matrix state go to /var/lib/konbit, the only place the service may write (its state directory)",
        "Pour le service du paquet Debian : le fichier est /etc/konbit/konbit.toml, et la base de données, les procès-verbaux et l’état Matrix vont dans /var/lib/konbit, le seul endroit où le service peut écrire (son répertoire d’état)",
    ),
    (
        "konbit init --instance",
        "One more collective on this machine, for the Debian package's template unit konbit@NAME: the file is /etc/konbit/NAME.toml, and the database, the minutes and the Matrix state go to /var/lib/konbit-NAME, that unit's state directory. NAME: lowercase letters, digits and -, starting with a letter, at most 24",
        "Un collectif de plus sur cette machine, pour l’unité modèle konbit@NOM du paquet Debian : le fichier est /etc/konbit/NOM.toml, et la base de données, les procès-verbaux et l’état Matrix vont dans /var/lib/konbit-NOM, le répertoire d’état de cette unité. NOM : lettres minuscules, chiffres et -, commençant par une lettre, 24 au plus",
    ),
    (
        "konbit init --force",
        "Replace the file if it exists",
        "Remplacer le fichier s’il existe",
    ),
    ("konbit init --name", "The collective's name", "Le nom du collectif"),
    (
        "konbit init --language",
        "The collective's language: en or fr (each member may have their own)",
        "La langue du collectif : en ou fr (chaque membre peut avoir la sienne)",
    ),
    (
        "konbit init --timezone",
        "The collective's time zone, an IANA name such as America/Montreal or Europe/Paris",
        "Le fuseau horaire du collectif, un nom IANA comme America/Montreal ou Europe/Paris",
    ),
    (
        "konbit init --network",
        "Where the bot serves: console, irc, matrix; repeat or separate with commas for both irc and matrix",
        "Où le bot sert : console, irc, matrix ; répéter l’option ou séparer par des virgules pour irc et matrix à la fois",
    ),
    (
        "konbit init --network=console",
        "Only `konbit console`, to try it in a terminal",
        "Seulement `konbit console`, pour l’essayer dans un terminal",
    ),
    (
        "konbit init --database",
        "The SQLite database, relative to the configuration file's directory [default: konbit.db, /var/lib/konbit/konbit.db with --system, /var/lib/konbit-NAME/konbit.db with --instance NAME]. The minutes go to the directory `minutes` beside it, the Matrix state to `konbit.matrix` beside it",
        "La base de données SQLite, relative au répertoire du fichier de configuration [par défaut : konbit.db, /var/lib/konbit/konbit.db avec --system, /var/lib/konbit-NOM/konbit.db avec --instance NOM]. Les procès-verbaux vont dans le répertoire `minutes` à côté, l’état Matrix dans `konbit.matrix` à côté",
    ),
    (
        "konbit init --member",
        "A member: NAME[:LANGUAGE[:IRC_ACCOUNT[:MATRIX_ID]]], e.g. alice:en:alice:@alice:example.org or bob::bob (empty fields left out). Repeat for each member",
        "Un membre : NOM[:LANGUE[:COMPTE_IRC[:ID_MATRIX]]], p. ex. alice:fr:alice:@alice:example.org ou bob::bob (les champs vides sont omis). Répéter pour chaque membre",
    ),
    (
        "konbit init --irc-server",
        "The IRC server's host name, e.g. irc.libera.chat",
        "Le nom d’hôte du serveur IRC, p. ex. irc.libera.chat",
    ),
    (
        "konbit init --irc-port",
        "The IRC port [default: 6697, or 6667 with --irc-no-tls]",
        "Le port IRC [par défaut : 6697, ou 6667 avec --irc-no-tls]",
    ),
    (
        "konbit init --irc-no-tls",
        "Connect without TLS (only for a server on this machine)",
        "Se connecter sans TLS (seulement pour un serveur sur cette machine)",
    ),
    (
        "konbit init --irc-channel",
        "The collective's channel (repeat for more; the first is the main room)",
        "Le canal du collectif (répéter pour en ajouter ; le premier est le salon principal)",
    ),
    (
        "konbit init --irc-nick",
        "The bot's nick [default: konbit]",
        "Le pseudo du bot [par défaut : konbit]",
    ),
    (
        "konbit init --irc-account",
        "The bot's services account, for SASL [default: the nick]",
        "Le compte de services du bot, pour SASL [par défaut : le pseudo]",
    ),
    (
        "konbit init --irc-password-env",
        "The environment variable holding the account's password [default: KONBIT_IRC_PASSWORD]",
        "La variable d’environnement qui contient le mot de passe du compte [par défaut : KONBIT_IRC_PASSWORD]",
    ),
    (
        "konbit init --irc-password-file",
        "Or a file holding it (root only; the packaged service gets it as a systemd credential: LoadCredential=NAME:PATH)",
        "Ou un fichier qui le contient (lisible par root seulement ; le service du paquet le reçoit comme identifiant systemd : LoadCredential=NOM:CHEMIN)",
    ),
    (
        "konbit init --matrix-homeserver",
        "The homeserver's address, e.g. https://matrix.example.org",
        "L’adresse du serveur d’accueil, p. ex. https://matrix.example.org",
    ),
    (
        "konbit init --matrix-user",
        "The bot's Matrix account, e.g. @konbit:example.org",
        "Le compte Matrix du bot, p. ex. @konbit:example.org",
    ),
    (
        "konbit init --matrix-room",
        "The collective's room, an alias (#office:example.org) or id (repeat for more)",
        "Le salon du collectif, un alias (#bureau:example.org) ou un identifiant (répéter pour en ajouter)",
    ),
    (
        "konbit init --matrix-password-env",
        "The environment variable holding the account's password [default: KONBIT_MATRIX_PASSWORD]",
        "La variable d’environnement qui contient le mot de passe du compte [par défaut : KONBIT_MATRIX_PASSWORD]",
    ),
    (
        "konbit init --matrix-password-file",
        "Or a file holding it (root only; the packaged service gets it as a systemd credential: LoadCredential=NAME:PATH)",
        "Ou un fichier qui le contient (lisible par root seulement ; le service du paquet le reçoit comme identifiant systemd : LoadCredential=NOM:CHEMIN)",
    ),
];
