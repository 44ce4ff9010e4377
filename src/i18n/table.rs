//! The locale table: one [`Locale`] per language (see the module doc of `i18n` for how
//! to add one). Command names and accepted words are exhaustive `match`es: a new
//! [`Verb`] or [`Word`] does not compile until every language has its entry.

use super::Lang;
use super::Verb;
use super::locale::{DatePatterns, Locale, MoneyStyle, Word};

pub static EN: Locale = Locale {
    lang: Lang::En,
    code: "en",
    catalog: concat!(
        include_str!("locales/en/konbit.ftl"),
        "\n",
        include_str!("locales/en/privacy.ftl")
    ),
    chrono: chrono::Locale::en_CA,
    commands: en_commands,
    words: en_words,
    weekdays: [
        &["monday", "mon"],
        &["tuesday", "tue"],
        &["wednesday", "wed"],
        &["thursday", "thu"],
        &["friday", "fri"],
        &["saturday", "sat"],
        &["sunday", "sun"],
    ],
    dates: DatePatterns {
        instant: "%a %b %-d, %H:%M",
        instant_with_year: "%a %b %-d %Y, %H:%M",
        day: "%a %b %-d",
        day_with_year: "%a %b %-d %Y",
        month_year: "%B %Y",
        time: "%H:%M",
        record_day: "%Y-%m-%d",
    },
    zones: &[],
    money: MoneyStyle {
        group: ",",
        decimal: ".",
        before: "$",
        after: "",
    },
};

/// The English name is the command's catalog stem ([`crate::command::VerbSpec::id`]).
fn en_commands(verb: Verb) -> &'static [&'static str] {
    match verb {
        Verb::Help => &["help"],
        Verb::Propose => &["propose"],
        Verb::Veto => &["veto"],
        Verb::Unveto => &["unveto"],
        Verb::Withdraw => &["withdraw"],
        Verb::Proposals => &["proposals"],
        Verb::Proposal => &["proposal"],
        Verb::Punch => &["punch"],
        Verb::Project => &["project"],
        Verb::Projects => &["projects"],
        Verb::Hours => &["hours"],
        Verb::Standup => &["standup", "stand-up"],
        Verb::Next => &["next", "done"],
        Verb::Pass => &["pass"],
        Verb::Skip => &["skip"],
        Verb::Later => &["later"],
        Verb::Meeting => &["meeting"],
        Verb::Here => &["here"],
        Verb::Topic => &["topic"],
        Verb::Agreed => &["agreed", "agree"],
        Verb::Action => &["action"],
        Verb::Decide => &["decide"],
        Verb::Agenda => &["agenda"],
        Verb::Item => &["item"],
        Verb::Roles => &["roles", "team"],
        Verb::Minutes => &["minutes"],
        Verb::Absent => &["absent"],
        Verb::Attendance => &["attendance"],
        Verb::Membership => &["membership"],
        Verb::Update => &["update"],
        Verb::Remind => &["remind"],
        Verb::Reminders => &["reminders"],
        Verb::Unremind => &["unremind"],
        Verb::Mail => &["mail", "email", "e-mail"],
        // The web view.
        Verb::Web => &["web"],
        // A member's own data.
        Verb::Mydata => &["mydata", "my-data"],
    }
}

fn en_words(word: Word) -> &'static [&'static str] {
    match word {
        Word::Today => &["today"],
        Word::Tomorrow => &["tomorrow"],
        Word::Yesterday => &["yesterday"],
        Word::In => &["in"],
        Word::Every => &["every"],
        Word::Weekly => &["weekly", "every"],
        Word::Monthly => &["monthly"],
        Word::First => &["first"],
        Word::Second => &["second"],
        Word::Third => &["third"],
        Word::Fourth => &["fourth"],
        Word::Fifth => &["fifth"],
        Word::Last => &["last"],
        Word::Me => &["me"],
        Word::Mine => &["me", "mine"],
        Word::All => &["all", "collective"],
        Word::Week => &["week"],
        Word::Month => &["month"],
        Word::Start => &["start", "begin"],
        Word::End => &["end", "stop"],
        Word::Join => &["join"],
        Word::Adopted => &["adopted", "adopt", "yes"],
        Word::Rejected => &["rejected", "reject", "no"],
        Word::Volunteer => &["volunteer"],
        Word::PunchIn => &["in", "start"],
        Word::PunchOut => &["out", "stop"],
        Word::PunchStatus => &["status"],
        Word::PunchUndo => &["undo"],
        Word::PunchEdit => &["edit"],
        Word::PunchDelete => &["delete"],
        Word::HourUnit => &["h", "hr", "hrs"],
        Word::MinuteUnit => &["m", "min"],
        Word::Add => &["add", "new"],
        Word::Production => &["production"],
        Word::Reflection => &["reflection"],
        Word::TagPriorities => &["priorities", "priority"],
        Word::TagHelp => &["help"],
        Word::TagAvailability => &["availability", "available"],
        Word::TagAnnounce => &["announce", "announcement"],
        Word::MailAll => &["all", "everything"],
        Word::MailDigest => &["digest", "summary"],
        Word::MailNone => &["none", "nothing", "off"],
        // The web view: `!web revoke`.
        Word::Revoke => &["revoke"],
        // The agenda: `!agenda remove 3`, `!agenda add … info|brainstorm|decision`.
        Word::Remove => &["remove", "delete"],
        Word::Next => &["next"],
        Word::KindInfo => &["info", "information"],
        Word::KindBrainstorm => &["brainstorm", "brainstorming"],
        Word::KindDecision => &["decision"],
        // The team: `!roles pass timekeeper`.
        Word::HandBack => &["pass", "handback", "hand-back"],
    }
}

pub static FR: Locale = Locale {
    lang: Lang::Fr,
    code: "fr",
    catalog: concat!(
        include_str!("locales/fr/konbit.ftl"),
        "\n",
        include_str!("locales/fr/privacy.ftl")
    ),
    chrono: chrono::Locale::fr_CA,
    commands: fr_commands,
    words: fr_words,
    weekdays: [
        &["lundi", "lun"],
        &["mardi", "mar"],
        &["mercredi", "mer"],
        &["jeudi", "jeu"],
        &["vendredi", "ven"],
        &["samedi", "sam"],
        &["dimanche", "dim"],
    ],
    dates: DatePatterns {
        instant: "%a %-d %b, %-H h %M",
        instant_with_year: "%a %-d %b %Y, %-H h %M",
        day: "%a %-d %b",
        day_with_year: "%a %-d %b %Y",
        month_year: "%B %Y",
        time: "%-H h %M",
        record_day: "%Y-%m-%d",
    },
    // Québec's names for the Eastern zone.
    zones: &[("EST", "HNE"), ("EDT", "HAE")],
    money: MoneyStyle {
        group: " ",
        decimal: ",",
        before: "",
        after: " $",
    },
};

/// The first name is the one French help shows; the others (plain spellings without
/// accents, synonyms) are accepted too.
fn fr_commands(verb: Verb) -> &'static [&'static str] {
    match verb {
        Verb::Help => &["aide"],
        Verb::Propose => &["proposer"],
        Verb::Veto => &["veto", "véto"],
        Verb::Unveto => &["leverveto", "lever-veto"],
        Verb::Withdraw => &["retirer"],
        Verb::Proposals => &["propositions"],
        Verb::Proposal => &["proposition"],
        Verb::Punch => &["punch", "pointer"],
        Verb::Project => &["projet"],
        Verb::Projects => &["projets"],
        Verb::Hours => &["heures"],
        Verb::Standup => &["tour"],
        Verb::Next => &["suivant", "fini", "terminé"],
        Verb::Pass => &["passe"],
        Verb::Skip => &["sauter"],
        Verb::Later => &["plustard", "plus-tard"],
        Verb::Meeting => &["réunion", "reunion"],
        Verb::Here => &["présent", "présente", "present", "presente", "ici"],
        Verb::Topic => &["sujet"],
        Verb::Agreed => &["convenu", "entendu"],
        Verb::Action => &["action"],
        Verb::Decide => &["décider", "decider"],
        Verb::Agenda => &["odj", "ordre-du-jour"],
        Verb::Item => &["point"],
        Verb::Roles => &["rôles", "roles", "équipe", "equipe"],
        Verb::Minutes => &["pv", "compte-rendu"],
        Verb::Absent => &["absent", "absente", "absence"],
        Verb::Attendance => &["présences", "presences"],
        Verb::Membership => &["statut", "adhésion"],
        Verb::Update => &["nouvelles"],
        Verb::Remind => &["rappel", "rappelle"],
        Verb::Reminders => &["rappels"],
        Verb::Unremind => &["annuler-rappel", "annulerrappel"],
        Verb::Mail => &["courriel"],
        // The web view.
        Verb::Web => &["web", "mapage", "ma-page"],
        // A member's own data, accents optional.
        Verb::Mydata => &["mesdonnées", "mesdonnees", "mes-données", "mes-donnees"],
    }
}

fn fr_words(word: Word) -> &'static [&'static str] {
    match word {
        Word::Today => &["aujourd'hui", "aujourd’hui", "auj"],
        Word::Tomorrow => &["demain"],
        Word::Yesterday => &["hier"],
        Word::In => &["dans"],
        Word::Every => &["chaque"],
        Word::Weekly => &["hebdo", "chaque"],
        Word::Monthly => &["mensuel"],
        Word::First => &["premier", "1er"],
        Word::Second => &["deuxième", "deuxieme", "2e"],
        Word::Third => &["troisième", "troisieme", "3e"],
        Word::Fourth => &["quatrième", "quatrieme", "4e"],
        Word::Fifth => &["cinquième", "cinquieme", "5e"],
        Word::Last => &["dernier"],
        Word::Me => &["moi"],
        Word::Mine => &["moi"],
        Word::All => &["tous", "tout", "toutes", "collectif"],
        Word::Week => &["semaine"],
        Word::Month => &["mois"],
        Word::Start => &["début", "debut", "commencer"],
        Word::End => &["fin", "terminer"],
        Word::Join => &["rejoindre"],
        Word::Adopted => &["adopté", "adoptée", "adopte", "adoptee", "oui"],
        Word::Rejected => &["rejeté", "rejetée", "rejete", "rejetee", "non"],
        Word::Volunteer => &["bénévole", "benevole", "bénévolat", "benevolat"],
        Word::PunchIn => &["entrée", "entree", "début", "debut"],
        Word::PunchOut => &["sortie", "fin"],
        Word::PunchStatus => &["état", "etat"],
        Word::PunchUndo => &["annuler"],
        Word::PunchEdit => &["modifier", "corriger"],
        Word::PunchDelete => &["supprimer"],
        Word::HourUnit => &["heure", "heures"],
        Word::MinuteUnit => &[],
        Word::Add => &["ajouter", "ajout", "nouveau"],
        Word::Production => &["production"],
        Word::Reflection => &["réflexion", "reflexion"],
        Word::TagPriorities => &["priorités", "priorites", "priorité", "priorite"],
        Word::TagHelp => &["aide"],
        Word::TagAvailability => &["dispo", "disponibilité", "disponibilite"],
        Word::TagAnnounce => &["annonce"],
        Word::MailAll => &["tout", "tous"],
        Word::MailDigest => &["résumé", "resume", "sommaire"],
        Word::MailNone => &["aucun", "rien"],
        // The web view: `!web révoquer`.
        Word::Revoke => &["révoquer", "revoquer"],
        // L'ordre du jour : `!odj retirer 3`, `!odj ajouter … info|remue-méninges|décision`.
        Word::Remove => &["retirer", "supprimer", "enlever"],
        Word::Next => &["suivant", "next"],
        Word::KindInfo => &["info", "information"],
        Word::KindBrainstorm => &["remue-méninges", "remue-meninges", "remueméninges", "remuemeninges"],
        Word::KindDecision => &["décision", "decision"],
        // L'équipe : `!rôles passer animation`.
        Word::HandBack => &["passer", "passe", "rendre"],
    }
}
