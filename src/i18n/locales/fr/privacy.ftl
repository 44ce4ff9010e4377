## Les données d’un membre sont à lui (issue 32, docs/privacy.fr.md) : `!mesdonnées`, son
## téléchargement, `konbit export member`, `konbit erase member`, la conservation.

config-bad-retention = impossible de lire « { $value } » comme une durée de conservation : écris un nombre de jours comme "90d" (de 1d à { $max }d), ou "" pour garder jusqu’à l’effacement du membre

usage-mydata = !mesdonnées
summary-mydata = te dit en privé ce que konbit garde sur toi (combien de chaque sorte, de quand à quand) et te donne un lien privé vers tout, en fichiers JSON et CSV dans une seule archive.
example-mydata = !mesdonnées

mydata-nothing = konbit ne garde encore rien sur toi à part ton entrée dans la liste des membres.
mydata-head = Ce que le konbit de { $collective } garde sur toi :
mydata-row = { $kind } : { $count } ({ $dates })
mydata-on = { $day }
mydata-from-to = du { $oldest } au { $newest }
mydata-kind-hours = heures pointées
mydata-kind-timer = chrono en cours
mydata-kind-absences = absences
mydata-kind-attendance = réunions où tu étais
mydata-kind-meetings-started = réunions que tu as ouvertes
mydata-kind-meeting-items = points de compte rendu de toi ou pour toi
mydata-kind-agenda-items = points que tu as mis à l’ordre du jour
mydata-kind-roles = rôles d’animation tirés pour toi
mydata-kind-proposals = propositions
mydata-kind-vetoes = vétos
mydata-kind-reminders = rappels
mydata-kind-standup-updates = nouvelles envoyées d’avance
mydata-kind-standup-turns = tours de table et tes lignes
mydata-kind-links = liens de page et de téléchargement
mydata-kind-mail-choice = choix de courriel
mydata-kind-mail-replies = réponses par courriel traitées
mydata-kind-mail-answers = réponses d’aide par courriel
mydata-kind-projects-added = projets que tu as ajoutés
mydata-kind-pending-messages = messages qui t’attendent
mydata-link = Tout, en JSON et CSV dans une archive zip : { $url } — pour toi seul·e, le lien marche jusqu’au { $until } ; !mesdonnées de nouveau te donne un nouveau lien.
mydata-ask-operator = La vue web du collectif n’est pas en place, je ne peux donc pas te donner de lien : demande ton archive à qui s’occupe de konbit (konbit export member et ton nom).
mydata-sent-privately = Je t’ai répondu en privé.
mydata-more = docs/privacy.fr.md dit ce qui est gardé, combien de temps, et comment le faire effacer quand tu pars.
mydata-readme =
    Tout ce que konbit gardait sur { $member } pour { $collective } le { $when } (UTC).

    data.json contient tout ; chaque fichier CSV contient une sorte (hours.csv, absences.csv, reminders.csv…), une ligne par enregistrement, avec une ligne d’en-tête. Les instants sont en UTC (RFC 3339) ; les jours sont les jours locaux du collectif (AAAA-MM-JJ).

    identity.csv est ton entrée dans la liste des membres : tes noms sur les réseaux et ton adresse courriel.
    Des registres du collectif (propositions, vétos, réunions, ordres du jour, équipes d’animation, tours de table), seule ta part est ici : ce que tu as proposé, refusé, les réunions où tu étais, ce que tu as mis à l’ordre du jour (agenda_items.csv) et ce que tu as dit, et les rôles pour lesquels tu as été tiré·e au sort (roles.csv), jamais ce que les autres ont fait.

privacy-pseudonym = ex-membre-{ $number }

web-own-data = Tes données
web-own-data-how = Tout ce que konbit garde sur toi, en fichiers JSON et CSV dans une archive zip (!mesdonnées te dit la même chose dans le clavardage).
web-own-data-link = Télécharger mes données

export-member-terminal = l’archive est un fichier zip : donne --output FICHIER, redirige la sortie standard vers un fichier, ou utilise --format json
export-member-failed = impossible d’exporter les données du membre : { $detail }
export-member-done = Les données de { $member } sont dans { $path } (lisible par toi seulement).
member-unknown = konbit ne garde rien sur { $name } : aucun membre de la liste n’a ce nom, et rien n’est enregistré sous ce nom
erase-failed = impossible d’effacer le membre : { $detail }
erase-already = { $name } est le pseudonyme d’un membre déjà effacé
erase-no-file = { $name } n’est dans la liste d’aucun fichier : nomme le fichier de configuration avec --config pour qu’il ou elle quitte aussi la liste
erase-file-unwritable = { $path } ne peut pas être réécrit ({ $detail }) : le membre doit quitter la liste avec ses données, donc rien n’a été effacé ; lance konbit erase en tant qu’utilisateur qui peut écrire le fichier de configuration
erase-plan = konbit va effacer { $name }. Il garde :
erase-plan-what = Ses rappels, ses nouvelles, son chrono, son choix et ses réponses par courriel, ses liens de page, ses heures annulées, les raisons de ses absences et les messages qui l’attendent seront supprimés. Ses propositions, vétos, présences, réunions, points de compte rendu et heures restent sous un pseudonyme, les fichiers de compte rendu aussi ; son nom est remplacé partout, dans les mots des autres aussi. C’est sans retour : fais d’abord une sauvegarde (konbit backup FICHIER) en cas de doute.
erase-plan-roster = Il ou elle quittera la liste des membres dans { $path }.
erase-plan-not-in-roster = { $name } n’est pas dans la liste des membres : seul ce qui est enregistré sous ce nom est effacé (ses identifiants sur les réseaux et son adresse courriel ne sont pas connus).
erase-confirm = Tape { $name } pour confirmer :
erase-not-confirmed = Rien n’a été effacé.
erase-done = { $name } est effacé·e : { $deleted ->
    [0] aucun enregistrement supprimé
    [one] un enregistrement supprimé
   *[other] { $deleted } enregistrements supprimés
}, { $kept ->
    [0] aucun gardé
    [one] un gardé
   *[other] { $kept } gardés
} sous le pseudonyme { $pseudonym }, { $files ->
    [0] aucun fichier de compte rendu réécrit
    [one] un fichier de compte rendu réécrit
   *[other] { $files } fichiers de compte rendu réécrits
}, et le fichier de la base réécrit sans ce qui a été supprimé.
erase-wipe-failed = Le fichier de la base n’a pas encore pu être réécrit ({ $detail }) : les données supprimées restent dans ses pages libres jusqu’à une sauvegarde konbit backup ou un VACUUM ; arrête konbit et lance sqlite3 BASE VACUUM.
erase-roster-done = { $name } a quitté la liste des membres dans { $path } : recharge konbit s’il tourne (systemctl reload konbit).
erase-roster-failed = { $name } n’a pas pu être retiré·e de la liste dans { $path } ({ $detail }) : enlève son entrée [[members]] à la main, puis recharge konbit.
