## konbit — messages en français.
## Les arguments sont insérés tels quels ; un message de plusieurs lignes part en plusieurs lignes.

## Unités et noms

unit-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
unit-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
unit-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
less-than-a-minute = moins d’une minute
# Between the items of a list (names, days), between clauses (vetoes on an agenda),
# between groups (a summary's lines), between a span's units; what stands for none.
separator-list = { ", " }
separator-clauses = { "; " }
separator-groups = { " · " }
separator-units = { " " }
separator-sentences = { " " }
nobody = —
meeting-production = réunion de production
meeting-reflection = réunion de réflexion
meeting-unscheduled = prochaine réunion
state-open = ouverte
state-deferred = reportée
state-adopted = adoptée
state-rejected = rejetée
state-withdrawn = retirée

## Aide

help-intro = Commandes : { $commands }. Tape !aide <commande> pour sa syntaxe et un exemple.
help-detail = { $usage } — { $summary }
    Exemple : { $example }
help-no-such-command = Il n’y a pas de commande !{ $name }. { help-intro }
usage-line = Syntaxe : { $usage }
usage-line-hint = { $hint } Syntaxe : { $usage }
usage-help = !aide [commande]
summary-help = liste les commandes, ou en explique une.
example-help = !aide veto
usage-propose = !proposer [montant$] <texte>
summary-propose = fait une proposition ; elle est adoptée après { $hours ->
    [one] { $hours } heure ouvrable
   *[other] { $hours } heures ouvrables
}, sauf veto. Un montant au-dessus du plafond va en réunion.
example-propose = !proposer 120$ acheter un écran usagé pour le bureau
usage-veto = !veto <numéro> <raison>
summary-veto = s’oppose à une proposition, avec une raison ; elle est alors tranchée à la prochaine réunion de production ou de réflexion.
example-veto = !veto 3 nous avons déjà deux écrans en réserve
usage-unveto = !leverveto <numéro>
summary-unveto = lève ton veto avant l’échéance ; s’il n’en reste aucun, la proposition est de nouveau ouverte avec son échéance d’origine.
example-unveto = !leverveto 3
usage-withdraw = !retirer <numéro>
summary-withdraw = retire ta propre proposition.
example-withdraw = !retirer 3
usage-proposals = !propositions
summary-proposals = liste les propositions ouvertes et reportées avec le temps restant.
example-proposals = !propositions
usage-proposal = !proposition <numéro>
summary-proposal = montre le dossier complet d’une proposition : texte, auteur, échéance, vetos et issue.
example-proposal = !proposition 3
hint-veto-reason = Un veto demande une raison, pour qu’on puisse en discuter.
hint-bad-id = Un numéro de proposition s’écrit 3 ou #3.
hint-too-long = Ce texte est trop long (1000 caractères au plus).
unknown-command = Commande inconnue : !{ $name }. Tape !aide pour la liste.
unknown-command-suggest = Commande inconnue : !{ $name } — voulais-tu dire !{ $suggestion } ? Tape !aide pour la liste.
edit-not-read = Les modifications ne sont pas lues : envoie la commande de nouveau, dans un nouveau message.

## Refus et erreurs

only-members = Seuls les membres du collectif peuvent utiliser !{ $command }. La liste des membres est dans le fichier de configuration.
storage-error = Désolé, je n’ai pas pu enregistrer : une erreur de stockage est survenue et rien n’a été enregistré. Réessaie dans un instant.
proposal-not-found = Il n’y a pas de proposition #{ $id }.
proposal-closed = La proposition #{ $id } est déjà { $state }.
proposal-deadline-passed = L’échéance de la proposition #{ $id } est passée.
proposal-own-veto = Tu ne peux pas opposer ton veto à ta propre proposition ; pour la reprendre, utilise !retirer { $id }.
proposal-already-vetoed = Tu as déjà opposé ton veto à la proposition #{ $id }.
proposal-no-veto-of-yours = Tu n’as pas de veto à lever sur la proposition #{ $id }.
proposal-not-proposer = Seule la personne qui l’a faite, { $proposer }, peut retirer la proposition #{ $id }.

## Propositions

proposal-created = Proposition #{ $id }, par { $proposer } : { $text }
    Adoption prévue le { $deadline }, sauf veto (!veto { $id } <raison>).
proposal-created-budget = Proposition #{ $id }, par { $proposer } ({ $amount }) : { $text }
    Adoption prévue le { $deadline }, sauf veto (!veto { $id } <raison>).
proposal-over-budget = Proposition #{ $id }, par { $proposer } ({ $amount }) : { $text }
    Elle dépasse le plafond de { $cap } : elle va donc à la { $meeting } du { $date }.
proposal-over-budget-unscheduled = Proposition #{ $id }, par { $proposer } ({ $amount }) : { $text }
    Elle dépasse le plafond de { $cap } : elle va donc à la prochaine réunion.
proposal-vetoed = La proposition #{ $id } est reportée à la { $meeting } du { $date } : { $vetoer } a opposé son veto ({ $reason }).
proposal-vetoed-unscheduled = La proposition #{ $id } est reportée à la prochaine réunion : { $vetoer } a opposé son veto ({ $reason }).
proposal-vetoed-private = { $vetoer } a opposé son veto à ta proposition #{ $id } ({ $reason }). Elle sera discutée à la { $meeting } du { $date }.
proposal-vetoed-private-unscheduled = { $vetoer } a opposé son veto à ta proposition #{ $id } ({ $reason }). Elle sera discutée à la prochaine réunion.
proposal-unvetoed-open = { $who } a levé son veto sur la proposition #{ $id } : elle est de nouveau ouverte ; adoption prévue le { $deadline }, sauf veto.
proposal-unvetoed-still-deferred = { $who } a levé son veto sur la proposition #{ $id } ; elle reste reportée à une réunion ({ $remaining ->
    [0] elle dépasse le plafond
    [one] il reste 1 veto
   *[other] il reste { $remaining } vetos
}).
proposal-withdrawn = La proposition #{ $id } a été retirée par { $who }.
proposal-adopted = Adoptée : proposition #{ $id }, par { $proposer } : { $text }
proposal-adopted-late = Adoptée (annoncée en retard : l’échéance était le { $deadline }) : proposition #{ $id }, par { $proposer } : { $text }
proposal-reminder = Rappel : la proposition #{ $id }, par { $proposer } ({ $text }), sera adoptée le { $deadline }, dans { $left }, sauf veto.
proposals-none = Aucune proposition ouverte ou reportée.
proposals-header = Propositions :
proposals-open-line = #{ $id } { $proposer } : { $text } — adoption prévue le { $deadline } (dans { $left })
proposals-open-line-budget = #{ $id } { $proposer } ({ $amount }) : { $text } — adoption prévue le { $deadline } (dans { $left })
proposals-deferred-line = #{ $id } { $proposer } : { $text } — reportée ({ $vetoes ->
    [0] au-dessus du plafond
    [one] 1 veto
   *[other] { $vetoes } vetos
}), à la { $meeting }
proposals-deferred-line-budget = #{ $id } { $proposer } ({ $amount }) : { $text } — reportée ({ $vetoes ->
    [0] au-dessus du plafond
    [one] 1 veto
   *[other] { $vetoes } vetos
}), à la { $meeting }
proposal-detail-head = Proposition #{ $id }, par { $proposer }, le { $created } : { $text }
proposal-detail-budget = Montant : { $amount }{ $over ->
    [yes] , au-dessus du plafond de { $cap }
   *[no] {""}
}
proposal-detail-open = État : ouverte ; adoption prévue le { $deadline } (dans { $left }), sauf veto.
proposal-detail-deferred = État : reportée à la { $meeting } ; l’échéance d’origine était le { $deadline }.
proposal-detail-closed = État : { $state } le { $when }.
proposal-detail-note = Note : { $note }
proposal-detail-veto = Veto posé par { $vetoer } le { $when } : { $reason }
proposal-detail-veto-lifted = Veto posé par { $vetoer } le { $when }, levé le { $lifted } : { $reason }

## Ligne de commande

console-ready = konbit est prêt dans { $room } ({ $collective }). Tape NOM: !aide pour parler dans le salon, NOM> texte pour écrire au bot en privé, Ctrl-D pour quitter.
console-clock-needed = { $directive } demande une horloge simulée : lance konbit avec --clock 2026-11-20T09:00:00-05:00
console-bad-wait = Impossible de lire { $value } comme une durée ; écris par exemple /wait 3h, /wait 2d, /wait 1h30.
console-bad-at = Impossible de lire { $value } comme une heure ; écris par exemple /at 2026-11-27T15:00.
console-at-past = { $value } est avant l’horloge simulée ({ $now }) ; l’horloge ne recule jamais.
console-bad-line = Ligne illisible ; écris NOM: TEXTE, NOM> TEXTE, /join NOM, /part NOM, /wait DURÉE ou /at HEURE.
console-bad-clock = Impossible de lire { $value } comme une heure RFC 3339, par exemple 2026-11-20T09:00:00-05:00.
startup-failed = konbit s’est arrêté : { $detail }
store-newer = la base de données { $path } a été écrite par un konbit plus récent (migration { $version }) ; mets konbit à jour ou restaure la sauvegarde faite avant la mise à jour
check-config-ok = { $path } : la configuration est valide.
check-config-problems = { $path } : { $count ->
    [one] { $count } problème
   *[other] { $count } problèmes
} :
builtin-config = configuration par défaut intégrée
check-config-no-file = aucun fichier de configuration à vérifier : aucun n’est nommé (--config CHEMIN, ou KONBIT_CONFIG), et il n’y en a pas à { $places }
config-file-found = konbit : fichier de configuration { $path }
check-config-path-under-etc = attention : { $key } = { $path } est sous /etc, où le service du paquet ne peut jamais écrire (ProtectSystem=strict) : mets-le sous /var/lib/konbit, le répertoire d’état du service (ce que fait konbit init --system)
check-config-path-unwritable = attention : { $key } = { $path } n’est pas accessible en écriture pour cet utilisateur, et konbit run doit y écrire : { $detail }
env-file-unreadable = impossible de lire le fichier d’environnement { $path } : { $detail }

## Problèmes de configuration

config-unreadable = impossible de lire le fichier ({ $detail })
config-syntax = erreur de syntaxe TOML : { $detail }
config-wrong-type = valeur incorrecte : { $detail }
config-unknown-key = clé inconnue (mal orthographiée, ou pas pour cette version de konbit)
config-unknown-tz = fuseau horaire inconnu « { $value } » (utilise un nom comme America/Montreal)
config-unknown-language = langue non prise en charge « { $value } » (utilise en ou fr)
config-unknown-weekday = jour inconnu « { $value } » (utilise lun, mar, … ou lundi, mardi, …)
config-bad-time = impossible de lire « { $value } » comme une heure (utilise HH:MM, par exemple 10:00)
config-bad-date = impossible de lire « { $value } » comme une date (utilise AAAA-MM-JJ, par exemple 2026-12-25)
config-bad-duration = impossible de lire « { $value } » comme une durée en minutes entières (par exemple 24h, 90m, 2d)
config-bad-share = impossible de lire « { $value } » comme une part des heures : un pourcentage de plus de 0 et d’au plus 100, avec son signe, par exemple "15%" ou "12,5%"
config-bad-amount = impossible de lire « { $value } » comme un montant
config-bad-project-kind = type de projet inconnu « { $value } » (utilise work, meeting ou care)
config-bad-nth = { $value } n’est pas une semaine du mois (utilise 1 à 5, ou -1 pour la dernière)
config-no-working-days = il faut au moins un jour ouvrable
config-empty = doit être un nom non vide, sans espace
config-duplicate = « { $value } » apparaît plus d’une fois
config-out-of-range = { $value } est hors limites ({ $min } à { $max })


hint-bad-amount = Un montant s’écrit 300$, 300 $, 1 000 $ ou $45.50.

storage-error-read = Désolé, je n’ai pas pu lire les registres (erreur de stockage). Réessaie dans un instant.

proposal-reminder-late = Rappel (en retard, il était prévu le { $due }) : la proposition #{ $id }, par { $proposer } ({ $text }), sera adoptée le { $deadline }, dans { $left }, sauf veto.

console-out-of-range = { $value } mènerait l’horloge simulée hors du calendrier.

config-required = est obligatoire avec { $other }

meeting-with-date = { $meeting } ({ $date })
## Heures

usage-punch = !punch <durée> <projet> [jour] [bénévole] [note] — aussi !punch début <projet>, fin, état, annuler, modifier <numéro> <durée> [projet], supprimer <numéro>
summary-punch = enregistre des heures travaillées (2h, 1h30, 90m, 1.5h, 0,5h, 2 h) sur un projet, aujourd’hui ou un autre jour (hier, lundi, 2026-11-18), payées ou bénévoles ; ou lance une minuterie.
example-punch = !punch 1h30 webdev hier correction du formulaire de dons
usage-project = !projet ajouter <nom>
summary-project = ajoute un projet sur lequel puncher des heures.
example-project = !projet ajouter infolettre
usage-projects = !projets
summary-projects = liste les projets, en marquant le temps de réunion et le travail de soin.
example-projects = !projets
usage-hours = !heures [semaine | mois | AAAA-MM] [tous | <projet> | <membre>]
summary-hours = tes heures par projet (en privé), le total d’un projet, ou les totaux du collectif par projet ; payées et bénévoles à part.
example-hours = !heures mois tous
hint-bad-duration = Une durée s’écrit 2h, 1h30, 90m, 1.5h ou 0,5h.
hint-duration-positive = Une durée doit être plus grande que zéro.
hint-duration-too-long = Une entrée fait au plus 24 heures.
hint-missing-project = Précise le projet de ces heures.
hint-bad-project-name = Un nom de projet est un seul mot : lettres, chiffres, - _ ou .
hint-project-name-too-long = Un nom de projet a au plus 40 caractères.
hint-bad-date = Une date s’écrit AAAA-MM-JJ, par exemple 2026-11-18.
hint-bad-entry-id = Un numéro d’entrée s’écrit comme 12.
hint-bad-month = Un mois s’écrit AAAA-MM, par exemple 2026-11.
punch-entry = #{ $id } : { $duration } sur { $project }, { $day }
punch-entry-volunteer = { $entry } (bénévole)
punch-entry-note = { $entry } — « { $note } »
punch-recorded = C’est noté : { $entries }.
timer-recorded = Minuterie arrêtée ; c’est noté : { $entries }.
punch-unknown-project = Projet inconnu « { $name } » ; rien n’a été enregistré. Projets : { $projects }. Pour en ajouter un : !projet ajouter <nom>.
punch-unknown-project-suggest = Projet inconnu « { $name } » — voulais-tu dire « { $suggestion } » ? Rien n’a été enregistré.
punch-no-projects = Projet inconnu « { $name } » ; rien n’a été enregistré. Il n’y a encore aucun projet : ajoutes-en un avec !projet ajouter <nom>.
punch-future-date = Le { $day } est dans le futur : on punche ses heures une fois travaillées. Rien n’a été enregistré.
punch-day-full = Ça ferait plus de 24 heures le { $day } (déjà { $already }). Rien n’a été enregistré.
timer-started = Minuterie lancée sur { $project } le { $time }. Arrête-la avec !punch fin (une minuterie de plus de { $limit } n’est pas enregistrée).
timer-already = Tu as déjà une minuterie sur { $project }, lancée le { $since }. Arrête-la d’abord avec !punch fin.
timer-none = Tu n’as pas de minuterie en cours. Lance-en une avec !punch début <projet>.
timer-too-short = Ta minuterie sur { $project } a duré moins d’une minute ; rien n’a été enregistré.
timer-over-limit = Ta minuterie sur { $project } a duré { $elapsed }, plus que la limite de { $limit } : elle n’a pas été enregistrée. Punche le temps réel avec !punch <durée> { $project } [jour].
timer-flagged = Ta minuterie sur { $project } tourne depuis le { $since }, plus de { $limit } : elle ne sera pas enregistrée telle quelle. Arrête-la avec !punch fin, puis punche le temps réel avec !punch <durée> { $project } [jour].
punch-status-timer = Minuterie en cours sur { $project } depuis le { $since } ({ $elapsed }).
punch-status-no-timer = Aucune minuterie en cours.
punch-status-totals = Aujourd’hui : { $today } ; cette semaine : { $week }.
punch-undo-nothing = Tu n’as aucune entrée à annuler.
punch-undo-too-old = Ta dernière entrée #{ $id } date de plus de { $window } ; pour la retirer, utilise !punch supprimer { $id }.
punch-removed = Entrée #{ $id } retirée : { $duration } sur { $project }, { $day }.
punch-not-yours = Tu n’as pas d’entrée #{ $id }.
project-added = Nouveau projet : { $name } (ajouté par { $who }).
project-exists = Le projet { $name } existe déjà.
projects-list = Projets : { $projects }.
projects-none = Il n’y a encore aucun projet. Pour en ajouter un : !projet ajouter <nom>.
project-kind-meeting = { $name } (temps de réunion)
project-kind-care = { $name } (travail de soin)
period-week = la semaine du { $from } au { $to }
hours-mine-header = Tes heures, { $period } :
hours-all-header = Les heures du collectif par projet, { $period } :
hours-project-header = Heures sur { $project }, { $period } :
hours-member-header = Heures de { $name }, { $period } :
hours-by-member = Par membre :
hours-line = { $name } : { $amounts }
hours-paid = { $hours } payées
hours-volunteer = { $hours } bénévoles
hours-total = Total : { $amounts }
hours-care = Travail de soin et d’entretien : { $amounts }
hours-none = Aucune heure enregistrée pour { $period }.
hours-private = Les heures individuelles sont privées dans ce collectif : !heures montre les tiennes, !heures tous les totaux par projet.
hours-not-member = Seuls les membres ont des heures à eux ; !heures tous montre les totaux du collectif.
hours-unknown-subject = Il n’y a pas de projet ni de membre nommé { $name }.


config-bad-project-name = « { $value } » n’est pas un nom de projet (un seul mot : lettres, chiffres, - _ ou .)
config-project-name-too-long = « { $value } » est trop long pour un nom de projet ({ $max ->
    [one] { $max } caractère
   *[other] { $max } caractères
} au plus)

export-bad-range = le premier jour ({ $from }) est après le dernier ({ $to })

config-one-of = « { $value } » n’est pas parmi : { $allowed }
## Tours de stand-up

usage-standup = !tour [début | rejoindre | fin | dernier]
summary-standup = lance un tour de stand-up avec les membres présents : le bot appelle chacun à son tour ; les membres en congé ne sont pas appelés ; les nouvelles envoyées d’avance sont lues.
example-standup = !tour
usage-next = !suivant
summary-next = termine ton tour (aussi !fini) ; sans rien dit, ça compte comme un passe.
example-next = !suivant
usage-pass = !passe
summary-pass = passe ton tour : présent, sans nouvelles.
example-pass = !passe
usage-skip = !sauter <nom>
summary-skip = marque quelqu’un absent du tour.
example-skip = !sauter dan
usage-later = !plustard
summary-later = te place à la fin du tour.
example-later = !plustard
usage-update = !nouvelles <ligne>
summary-update = envoie d’avance, en privé, une ligne de tes nouvelles si tu ne peux pas être là (les lignes étiquetées comme aide: … envoyées en privé marchent aussi).
example-update = !nouvelles aide: une deuxième paire d’yeux sur la mise à jour CiviCRM
hint-missing-name = Précise qui.
hint-missing-text = Il manque le texte.
standup-already = Un tour de stand-up est déjà en cours ; c’est au tour de { $member }.
standup-not-running = Aucun tour de stand-up en cours ; lance-en un avec !tour.
standup-nobody = Personne n’est encore là pour un tour de stand-up (les membres en congé ne sont pas appelés).
standup-none-yet = Il n’y a pas encore eu de tour de stand-up.
standup-started = Tour de stand-up avec { $count ->
    [one] { $count } personne
   *[other] { $count } personnes
} : { $order }.
standup-on-leave = En congé : { $names }.
standup-updates-sent = Nouvelles envoyées d’avance : { $names }.
standup-turn-next = { $member }, à toi : priorités, besoins d’aide, disponibilités, annonces. Dis !suivant quand tu as fini (ensuite : { $next }).
standup-turn-last = { $member }, à toi : priorités, besoins d’aide, disponibilités, annonces. Dis !suivant quand tu as fini (personne après toi).
standup-turn-beforehand = Tes nouvelles envoyées d’avance sont déjà là ({ $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
}).
standup-read = { $member } n’est pas là ; ses nouvelles envoyées d’avance :
standup-tagged-line = { $tag } : { $line }
standup-joined = { $member } se joint au tour.
standup-later = { $member } passera plus tard.
standup-skipped = Absence notée pour { $member }.
standup-nudge = { $member } : déjà { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} — dis !suivant quand tu veux.
standup-not-your-turn = C’est au tour de { $member } : { $member } dit !suivant à la fin, ou !sauter { $member } si la personne est absente.
standup-not-in-round = { $member } ne fait pas partie de ce tour.
standup-already-had-turn = Tu as déjà eu ton tour.
standup-already-in-round = Déjà dans le tour : attends ton tour.
standup-nobody-else = Il ne reste personne d’autre : vas-y, ou !passe.
standup-update-noted = C’est noté pour le prochain stand-up : { $line }
standup-last = Dernier stand-up ({ $date }) :
standup-summary = Résumé du stand-up — { $count ->
    [one] { $count } personne a pris part
   *[other] { $count } personnes ont pris part
} ; ont parlé : { $spoke }.
standup-summary-passed = Ont passé leur tour : { $names }.
standup-summary-read = Nouvelles lues pour : { $names }.
standup-summary-absent = Absences : { $names }.
standup-summary-not-called = Sans tour avant la fin : { $names }.
standup-summary-group = { $tag } : { $items }
tag-help = Besoins d’aide
tag-availability = Disponibilités
tag-announce = Annonces
tag-priorities = Priorités
tag-general = Nouvelles

## Réunions

usage-meeting = !réunion début <production | réflexion | comité> · !réunion fin
summary-meeting = ouvre une réunion (l’ordre du jour liste les propositions reportées) ou la ferme et écrit le procès-verbal.
example-meeting = !réunion début production
usage-here = !présent
summary-here = signale ta présence à la réunion.
example-here = !présent
usage-topic = !sujet <texte>
summary-topic = ouvre un sujet dans le procès-verbal.
example-topic = !sujet Budget 2027
usage-agreed = !convenu <texte>
summary-agreed = consigne ce qui est convenu.
example-agreed = !convenu on renouvelle le contrat d’hébergement pour un an
usage-action = !action <qui> <quoi>
summary-action = consigne une action pour quelqu’un.
example-action = !action bob envoyer la soumission au client
usage-decide = !décider <numéro> adoptée|rejetée [note]
summary-decide = consigne la décision de la réunion sur une proposition reportée.
example-decide = !décider 3 adoptée avec un modèle usagé
usage-minutes = !pv
summary-minutes = où est le dernier procès-verbal, et ce qu’il contient.
example-minutes = !pv
hint-missing-committee = Précise la réunion : production, réflexion ou un comité.
hint-decide-outcome = Précise adoptée ou rejetée.
meeting-committee = réunion du comité { $name }
meeting-unknown-committee = Il n’y a pas de comité { $name }. Réunions : { $committees }.
meeting-already-open = La { $meeting } est encore ouverte ici ; ferme-la d’abord avec !réunion fin.
meeting-none = Aucune réunion n’est ouverte ici ; ouvre-en une avec !réunion début production.
meeting-started = La { $meeting } est ouverte (par { $who }). Dis !présent pour signaler ta présence.
meeting-agenda = À l’ordre du jour, les propositions reportées :
meeting-agenda-empty = Aucune proposition reportée à l’ordre du jour.
meeting-agenda-item = #{ $id }, par { $proposer } : { $text } ({ $reason })
meeting-agenda-over-budget = au-dessus du plafond
meeting-here = présence notée.
meeting-here-already = ta présence était déjà notée.
meeting-topic = Sujet : { $text }
meeting-agreed = Convenu : { $text }
meeting-action = Action pour { $who } : { $text }
action-stranger = Note : { $who } n’est ni membre ni dans ce salon. L’action est notée pour « { $who } » telle quelle.
action-stranger-suggest = Note : { $who } n’est ni membre ni dans ce salon (voulais-tu dire { $suggestion } ?). L’action est notée pour « { $who } » telle quelle.
decide-still-open = La proposition #{ $id } est encore ouverte : elle est adoptée à l’échéance, sauf veto.
decision-line = Proposition #{ $id } ({ $text }) : { $outcome }
decision-line-note = Proposition #{ $id } ({ $text }) : { $outcome } — { $note }
decided = Décidé à la { $meeting } : { $line }
decided-elsewhere = La proposition #{ $id } a été { $outcome } en réunion.
meeting-ended = La { $meeting } est close : { $present ->
    [one] { $present } présence
   *[other] { $present } présences
} ; { $topics ->
    [one] { $topics } sujet
   *[other] { $topics } sujets
}, { $decisions ->
    [one] { $decisions } décision
   *[other] { $decisions } décisions
}, { $actions ->
    [one] { $actions } action
   *[other] { $actions } actions
}. Procès-verbal : { $where }
minutes-in-database = gardé par konbit (le fichier n’a pas pu être écrit)
minutes-none = Il n’y a pas encore de procès-verbal.
minutes-last = Dernier procès-verbal : { $meeting } du { $date }, { $present ->
    [one] { $present } présence
   *[other] { $present } présences
} ; { $topics ->
    [one] { $topics } sujet
   *[other] { $topics } sujets
}, { $decisions ->
    [one] { $decisions } décision
   *[other] { $decisions } décisions
}, { $actions ->
    [one] { $actions } action
   *[other] { $actions } actions
}. { $where }
minutes-when = Du { $start } au { $end }, dans { $room }, ouverte par { $by }.
minutes-title = { $meeting } — { $date }
minutes-present = Présences
minutes-topics = Sujets
minutes-decisions = Décisions
minutes-actions = Actions

## Présences et statut de membre

usage-absent = !absent <jour | du..au> <raison>
summary-absent = déclare une absence justifiée (congé, maladie) : on ne t’appelle pas dans les tours pendant ce temps, et elle compte pour les règles de membre.
example-absent = !absent 2026-12-21..2027-01-04 vacances en famille
usage-attendance = !présences [nom] [semaine | mois | AAAA-MM]
summary-attendance = qui a assisté à combien de réunions, avec les absences justifiées.
example-attendance = !présences mois
usage-membership = !statut
summary-membership = vérifie les règles de membre pour tout le monde ; les chiffres vont à chaque membre en privé.
example-membership = !statut
hint-bad-absence = Un jour s’écrit AAAA-MM-JJ, aujourd’hui ou demain ; une période 2026-12-01..2026-12-15.
hint-absent-reason = Donne une raison (tu peux envoyer la commande en privé ; la confirmation l’est toujours).
absent-bad-range = Le premier jour vient après le dernier.
absent-noted = C’est noté : absence justifiée { $days } ({ $reason }). On ne t’appellera pas dans les tours de stand-up pendant ce temps.
days-range = du { $from } au { $to }
attendance-header = Présences, { $period } : { $count ->
    [one] { $count } réunion
   *[other] { $count } réunions
} ({ $meetings }).
attendance-line = { $member } : { $present } sur { $held }
attendance-justified = (absence justifiée : { $days })
membership-header = Règles de membre, { $period } :
membership-status = { $member } { $status }
membership-new = arrivée récente (pas encore évaluée)
membership-ok = ok
membership-at-risk = à risque
membership-not-meeting = ne remplit pas les règles
membership-nobody = Personne à vérifier pour l’instant.
membership-yours = Tes chiffres de membre, { $period } : { $status }.
membership-committees = Comités fréquentés : { $count } sur { $needed } requis ({ $list }).
membership-reflection = Réunions de réflexion : { $count } sur { $needed } { $needed ->
    [one] requise
   *[other] requises
}.
membership-hours = Heures travaillées, hors réunions : { $months }.
membership-month = { $month } { $worked } (requis { $needed })
membership-recent = Sur les derniers mois jusqu’à aujourd’hui : { $worked } (avertissement sous { $warn }).
membership-absent = Aucune activité depuis { $span }.


config-bad-schedule = impossible de lire « { $value } » comme un horaire (par exemple weekly tuesday 10:00, monthly first tuesday 13:00, cron 0 10 * * 2)

standup-already-running = Un tour de stand-up est déjà en cours.
## Horaires et rappels

usage-remind = !rappel <moi | #salon | nom> <quand> <texte> — quand : dans 2h, demain 9h, mardi 10h, 2026-12-01 13:00, chaque mardi 10h
summary-remind = programme un rappel, une fois ou chaque semaine, dans le fuseau de la personne ; jamais un jour férié ni pendant son congé.
example-remind = !rappel moi demain 9h appeler la comptable
usage-reminders = !rappels
summary-reminders = liste les rappels que tu as programmés ou qui sont pour toi.
example-reminders = !rappels
usage-unremind = !annuler-rappel <numéro>
summary-unremind = annule un rappel.
example-unremind = !annuler-rappel 4
hint-bad-when = Précise quand : dans 2h, demain 9h, mardi 10h, 2026-12-01 13:00 ou chaque mardi 10h.
hint-bad-reminder-id = Un numéro de rappel s’écrit comme 4.
remind-you = toi
remind-set = Rappel #{ $id } pour { $whom } le { $when } : { $text }
remind-set-every = Rappel #{ $id } pour { $whom } chaque { $weekday } à { $time } (prochain : { $next }) : { $text }
remind-past = Ce moment est déjà passé.
remind-too-far = C’est trop loin (trois ans au plus).
remind-unknown-member = Il n’y a pas de membre nommé { $name }.
remind-unknown-room = Je ne suis pas dans { $room } : je ne pourrais pas y publier de rappel. Je peux publier dans : { $rooms }.
remind-muted-room = Je ne peux pas publier dans { $room } : ses réglages ne me le permettent pas, donc un rappel n’y serait jamais lu. Je peux publier dans : { $rooms }.
reminder-self = Rappel : { $text }
reminder-from = Rappel de { $owner } : { $text }
reminder-room-muted = Ton rappel n’a pas pu être publié dans { $room } : ses réglages ne me permettent plus d’y publier. Il disait : { $text }
reminders-none = Tu n’as aucun rappel.
reminders-header = Rappels :
reminders-line = #{ $id } pour { $whom }, { $when } : { $text }
reminders-line-every = #{ $id } pour { $whom }, chaque { $weekday } à { $time } (prochain : { $next }) : { $text }
unremind-done = Rappel #{ $id } annulé ({ $text }).
unremind-none = Tu n’as pas de rappel #{ $id }.
late-prefix = (en retard : prévu le { $due }) { $text }
digest-header = Résumé hebdomadaire des propositions :
meeting-share = Les réunions ont pris { $share } des heures du collectif { $when } ({ $meeting } sur { $total }).
meeting-share-above = Les réunions ont pris { $share } des heures du collectif { $when } ({ $meeting } sur { $total }), au-dessus de la cible de { $target }.
meeting-share-within = Les réunions ont pris { $share } des heures du collectif { $when } ({ $meeting } sur { $total }), sans dépasser la cible de { $target }.
meeting-share-in = en { $month }
meeting-share-so-far = jusqu’ici en { $month }
meeting-now = C’est l’heure de la { $meeting } ({ $date }). Ouvre-la avec !réunion début { $committee }.
meeting-reminder = Rappel : la { $meeting } a lieu le { $date }, dans { $left }.
schedule-message = { $text }
standup-scheduled-nobody = C’est l’heure du stand-up, mais personne n’est encore là : lance-le avec !tour quand les gens arrivent.
membership-nudge = Petit avertissement amical sur les règles de membre, pour te laisser le temps de te rattraper :
timer-still-running = Ta minuterie sur { $project } tourne toujours, depuis le { $since } ({ $elapsed }). Tu travailles encore ? Arrête-la avec !punch fin quand tu as fini.


attendance-meeting-count = { $meeting } ×{ $count }

attendance-item = - { $meeting } ({ $date })

membership-status-excused = { $member } { $status } (absence justifiée)

private-hint = Je ne comprends que les commandes : !aide les liste. Pour envoyer d’avance tes nouvelles du stand-up : !nouvelles <ligne>, ou une ligne qui commence par priorités:, aide:, dispo: ou annonce:.

timer-dropped = La minuterie sur { $project } est arrêtée sans rien enregistrer ; punche le temps réel avec !punch <durée> { $project } [jour].

punch-too-old = Le { $day } remonte à plus { $days ->
    [1] d’un jour
    [one] de { $days } jour
   *[other] de { $days } jours
} : ces heures ne peuvent plus être punchées ici. Rien n’a été enregistré.

decide-not-here = Les propositions reportées se décident en réunion de production ou de réflexion, pas à la { $meeting }.

meeting-agenda-veto = veto de { $vetoer } : { $reason }

minutes-action = **{ $who }** : { $text }

standup-summary-item = { $who } : { $text }

config-bad-channel = « { $value } » n’est pas un nom de canal (il commence par #, sans espace ni virgule)
config-bad-room = « { $value } » n’est pas un salon Matrix (un identifiant !id ou un alias #nom:serveur)
config-bad-matrix-id = « { $value } » n’est pas un identifiant Matrix (@nom:serveur)
config-bad-url = « { $value } » n’est pas une adresse qui commence par https:// ou http://
config-bad-postgres-url = « { $value } » n’est pas une adresse PostgreSQL (postgres://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT/BASE)
config-both-storages = ne peut pas être donné avec { $other } : konbit garde ses données soit dans un fichier SQLite (storage.database), soit dans PostgreSQL (storage.url)
config-bad-lease = impossible d’utiliser « { $value } » : le bail dure de 2s à 10m, et il est renouvelé au moins deux fois par bail (par exemple lease = "6s", renew = "2s")

run-no-network = aucun réseau n’est configuré : ajoute une section [irc] avec server et channels, ou une section [matrix] avec homeserver, user et rooms (voir config/konbit.example.toml)
run-configure = configure d’abord { $path } : { $missing }. `konbit init --system --force` écrit le fichier du service du paquet à partir de quelques questions.
run-no-members = aucun membre n’est listé : ajoute une entrée [[members]] par membre (name, et irc_account ou matrix_id), car seuls les membres peuvent proposer, opposer un veto et pointer
run-no-config-file = un fichier de configuration (--config CHEMIN)

punch-edited = Entrée #{ $id } modifiée : { $duration } sur { $project }, { $day } (avant : { $old } sur { $old_project }).

## Connexion aux réseaux (konbit run)

matrix-no-session = la connexion Matrix n’a donné aucune session
matrix-state-error = impossible d’utiliser { $path } : { $detail }
matrix-session-unreadable = la session Matrix enregistrée { $file } est illisible ({ $detail }) ; supprime { $dir } pour te reconnecter
matrix-client-failed = impossible de préparer le client Matrix : { $detail }
matrix-other-account = la session enregistrée dans { $dir } est celle de { $saved }, pas de { $user } : supprime ce dossier pour te connecter en tant que { $user }
matrix-restore-failed = impossible de reprendre la session Matrix : { $detail }
matrix-password-unreadable = impossible de lire le mot de passe Matrix ({ $where }) : { $detail }
matrix-token-unreadable = impossible de lire le jeton d’accès Matrix ({ $where }) : { $detail }
matrix-token-refused = impossible d’utiliser le jeton d’accès Matrix : { $detail }
matrix-token-no-device = ce jeton d’accès n’a pas d’appareil ; crée-en un en te connectant avec un mot de passe
matrix-login-failed = échec de la connexion Matrix : { $detail }
matrix-unexpected-answer = réponse inattendue de { $url } : { $detail }
secret-empty = le fichier ou la variable est vide
irc-password-unreadable = impossible de lire le mot de passe IRC ({ $where }) : { $detail }
irc-sasl-refused = les services IRC de { $server } ont refusé le mot de passe du compte du bot { $account } (SASL) ; vérifiez le compte et son mot de passe, puis relancez konbit
irc-ca-unreadable = impossible de lire irc.tls_ca_file { $path } : { $detail }

## Libellés des lignes de rapport, pour les médias qui dessinent des tableaux (la phrase est hours-total, hours-care).
hours-total-label = Total
hours-care-label = Travail de soin et d’entretien
build-lacks-network = Ce konbit a été compilé sans { $networks } (une fonctionnalité cargo), que la configuration utilise. Compilez-le avec `cargo build --release --features { $networks }`, ou retirez cette section.

## Commandes de l’exploitant : konbit backup, konbit feed, konbit init, konbit generate (src/ops/)

backup-no-database = il n’y a pas de base de données à sauvegarder à { $path } (storage.database dans la configuration)
backup-postgres = konbit garde ses données dans PostgreSQL (storage.url) : sauvegarde-les avec les outils du serveur (pg_dump)
backup-exists = { $path } existe déjà ; choisis un autre nom de fichier, ou ajoute --force pour le remplacer
backup-same-file = { $path } est la base de données elle-même ; choisis un autre nom de fichier
backup-done = Base de données copiée dans { $path } ({ $size }), vérifiée saine. Pour la restaurer : arrête konbit, mets ce fichier à la place de la base, redémarre konbit.
backup-matrix-note = Le répertoire d’état Matrix { $path } (l’appareil du bot et ses clés de chiffrement) n’est pas dans cette copie : sauvegarde-le service arrêté (voir docs/deploy.md).
backup-failed = la sauvegarde a échoué : { $detail }
migrate-no-source = dis quel fichier SQLite déménager : --from FICHIER (le stockage de la configuration est déjà PostgreSQL : storage.url)
migrate-no-target = dis où déménager le collectif : --to postgres://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT/NOM (ou storage.url dans la configuration)
migrate-bad-url = { $url } n’est pas une adresse PostgreSQL : écris postgres://UTILISATEUR:MOT_DE_PASSE@HÔTE:PORT/NOM
migrate-no-database = il n’y a pas de base SQLite à déménager à { $path }
migrate-source-behind = la base SQLite { $path } est à la migration { $have }, ce konbit a besoin de la { $want } : démarre `konbit run` une fois dessus (storage.database) pour la mettre à jour, arrête-le, puis déménage
migrate-connect = impossible de se connecter à la base PostgreSQL { $url } : { $detail }
migrate-not-empty = la base PostgreSQL { $url } n’est pas vide ({ $tables }) : konbit ne déménage un collectif que dans une base vide, pour que rien de ce qu’elle contient ne soit perdu ni mêlé. Crée-en une nouvelle (CREATE DATABASE …) ou vide celle-ci, puis relance ; rien n’a été changé.
migrate-missing-table = la table SQLite { $table } n’a pas d’équivalent dans PostgreSQL (une migration manque dans migrations/postgres) : rien n’a été copié
migrate-extra-table = la table PostgreSQL { $table } n’a pas d’équivalent dans la base SQLite : rien n’a été copié
migrate-columns = la table { $table } n’a pas les mêmes colonnes dans SQLite ({ $sqlite }) et dans PostgreSQL ({ $postgres }) : rien n’a été copié
migrate-type = la colonne PostgreSQL { $column } a un type que la copie ne connaît pas ({ $type }) : rien n’a été copié
migrate-cycle = les clés étrangères de { $tables } tournent en rond : aucun ordre pour les copier ; rien n’a été copié
migrate-bad-value = la table { $table }, colonne { $column }, contient une valeur que PostgreSQL ne peut pas prendre ({ $detail }) : rien n’a été copié
migrate-mismatch = la copie PostgreSQL diffère de la base SQLite dans { $tables } : tout ce qui avait été copié a été annulé (la base PostgreSQL contient les tables vides de konbit).
migrate-failed = le déménagement vers PostgreSQL a échoué, rien n’a été copié : { $detail }
migrate-head-table = table
migrate-head-rows = lignes
migrate-head-checksum = somme de contrôle
migrate-differs = diffère : PostgreSQL a { $rows ->
    [one] { $rows } ligne
   *[other] { $rows } lignes
}, { $checksum }
migrate-done = { $tables ->
    [one] { $tables } table
   *[other] { $tables } tables
}, { $rows ->
    [one] { $rows } ligne déménagée
   *[other] { $rows } lignes déménagées
} de { $from } vers { $to }, chacune vérifiée (lignes et somme de contrôle). Mets maintenant `url = "…"` (cette adresse) à la place de `database` sous [storage] dans la configuration, et démarre konbit. Le fichier SQLite n’a été que lu : garde-le comme sauvegarde.
feed-address = Le calendrier du collectif, pour les applications de calendrier (il s’ouvre sans la clé d’accès : ne le partage qu’avec le collectif) : { $url }
feed-renewed = Nouvelle adresse du calendrier du collectif (l’ancienne ne fonctionne plus) : { $url }
feed-revoked = Le calendrier du collectif n’a plus d’adresse à lui : les calendriers abonnés ne reçoivent plus rien. `konbit feed new` lui en donne une nouvelle.
feed-none = Le calendrier du collectif n’a pas d’adresse à lui (révoquée). `konbit feed new` lui en donne une.
feed-failed = impossible de lire ou de changer l’adresse du calendrier : { $detail }
instance-already-running = un autre konbit sert déjà la base de données { $database } : processus { $pid }, démarré le { $started } (il tient { $lock }). Arrête-le d’abord (`systemctl stop konbit` pour le service) ; deux bots sur une même base répondraient et annonceraient tous les deux.
instance-already-running-unknown = un autre konbit sert déjà la base de données { $database } (il tient { $lock }). Arrête-le d’abord (`systemctl stop konbit` pour le service) ; deux bots sur une même base répondraient et annonceraient tous les deux.
instance-lock-unusable = impossible d’ouvrir la base de données { $database } : impossible d’ouvrir son fichier de verrou { $path } : { $detail }
generate-done = écrit : { $path }
generate-failed = impossible d’écrire dans { $path } : { $detail }
init-cancelled = konbit init annulé ({ $detail }) ; rien n’a été écrit
init-eof = fin de l’entrée
init-exists = { $path } existe déjà ; choisis un autre chemin avec --output, ou ajoute --force pour le remplacer
init-invalid = la configuration ne serait pas valide ({ $count ->
    [one] { $count } problème
   *[other] { $count } problèmes
}) ; rien n’a été écrit :
init-write-failed = impossible d’écrire { $path } : { $detail }
init-missing = il manque { $flag } (nécessaire sans terminal où poser la question)
init-bad-language = langue inconnue « { $value } » : konbit parle en et fr
init-bad-timezone = fuseau horaire inconnu « { $value } » : donne un nom IANA comme America/Montreal, Europe/Paris ou UTC
init-bad-instance = « { $value } » ne peut pas nommer une instance : utilise des lettres minuscules, des chiffres et -, en commençant par une lettre, 24 caractères au plus (pas konbit, celui du service principal)
init-bad-member = impossible de lire le membre « { $value } » : écris NOM[:LANGUE[:COMPTE_IRC[:ID_MATRIX]]], p. ex. alice:fr:alice:@alice:example.org (langue en ou fr)
init-bad-network = réseau inconnu « { $value } » : console, irc, matrix, ou irc,matrix
init-bad-variable = « { $value } » n’est pas un nom de variable d’environnement : utilise des lettres, des chiffres et _, par exemple KONBIT_IRC_PASSWORD
init-bad-channel = « { $value } » n’est pas un canal IRC : il commence par #
init-ask-name = Le nom du collectif
init-ask-language = La langue du collectif (en ou fr)
init-ask-timezone = Son fuseau horaire (nom IANA, p. ex. America/Montreal, Europe/Paris)
init-ask-network = Où le bot sert (console, irc, matrix, ou irc,matrix)
init-ask-irc-server = Serveur IRC (p. ex. irc.libera.chat)
init-ask-irc-tls = Se connecter avec TLS (oui ou non ; non seulement pour un serveur sur cette machine)
init-ask-irc-port = Le port IRC ({ $tls ->
    [yes] 6697 est le port TLS habituel
   *[no] 6667 est le port en clair habituel
})
init-bad-yes-no = « { $value } » : réponds oui ou non
init-bad-port = « { $value } » n’est pas un port : un nombre de 1 à 65535
init-ask-irc-channel = Le canal IRC du collectif (p. ex. #acme)
init-ask-irc-nick = Le pseudo du bot
init-ask-irc-account = Le compte de services du bot (SASL)
init-ask-password-env = La variable d’environnement qui contiendra le mot de passe du bot (jamais le mot de passe lui-même)
init-ask-matrix-homeserver = Adresse du serveur d’accueil (p. ex. https://matrix.example.org)
init-ask-matrix-user = Le compte Matrix du bot (p. ex. @konbit:example.org)
init-ask-matrix-room = Le salon du collectif (alias #bureau:example.org ou identifiant !…)
init-ask-members = Les membres, un par ligne : NOM[:LANGUE[:COMPTE_IRC[:ID_MATRIX]]] ; « . » ou une ligne vide pour finir.
init-ask-member = Membre
init-file-header = Configuration de konbit pour { $name }, écrite par `konbit init`.
    Vérifie-la avec : konbit check-config --config CE_FICHIER
    Chaque clé, avec sa valeur par défaut, est expliquée dans config/konbit.exemple-fr.toml.
    Aucun mot de passe n’est jamais écrit ici : seulement la variable ou le fichier qui le contient.
init-file-storage = La base SQLite (un chemin relatif part du répertoire de ce fichier). Sauvegarde-la avec `konbit backup FICHIER`.
init-file-roles = L’équipe d’animation (animation, secrétariat, gardien·ne du temps), tirée au sort avant chaque réunion prévue parmi les membres attendus et annoncée dans le salon (!rôles). Sans cette section, aucune équipe n’est tirée.
init-file-minutes = Où !meeting end écrit les comptes rendus, à côté de la base (l’état Matrix va aussi à côté, dans konbit.matrix).
init-file-calendar = Les jours qui comptent pour les 48 heures ouvrables d’une proposition, et les jours fériés du collectif (ou quebec_holidays = true pour ceux du Québec).
init-file-irc = Le réseau IRC. Le bot s’identifie en SASL PLAIN comme sasl_account ; son mot de passe est lu
    dans la variable d’environnement password_env (ou le fichier password_file) au démarrage de konbit.
init-file-matrix = Le serveur d’accueil Matrix. Le mot de passe ne sert qu’à la première connexion ; l’appareil
    du bot et ses clés de chiffrement sont ensuite gardés à côté de la base (konbit.matrix/) : garde ce répertoire.
init-file-projects = Les projets sur lesquels pointer des heures (les membres peuvent aussi en ajouter avec !projet ajouter NOM).
init-file-members = La liste des membres : seuls eux peuvent proposer, opposer un veto, pointer. Un membre est une seule identité sur tous les réseaux.
init-written = Écrit : { $path }. Étapes suivantes :
init-step-irc-account = Enregistre le compte du bot sur { $server } : connecte-toi sous le pseudo { $nick } avec un client IRC et envoie /msg NickServ REGISTER <mot de passe> <courriel> (puis confirme-le comme le réseau le demande). Le compte est { $account }.
init-step-irc-channel = Laisse entrer { $nick } dans { $channel } : invite-le si le canal est sur invitation, et s’il est enregistré, donne-lui la parole (voice) ou un accès pour qu’il puisse y parler.
init-step-secret-env = Mets le mot de passe dans la variable d’environnement { $var } du processus qui lance konbit (sous systemd : { $env_file }, mode 0600).
init-step-secret-file = Mets le mot de passe seul dans le fichier { $path }, lisible par root seulement (chmod 600). Le service du paquet tourne sous un utilisateur à lui qui ne peut pas le lire : passe-le comme identifiant avec systemctl edit { $unit }, LoadCredential={ $name }:{ $path } sous [Service] (docs/deploy.md).
init-step-matrix-account = Crée le compte du bot { $user } sur { $homeserver } (demande à ses administrateurs, ou inscris-le dans un client Matrix), avec son propre mot de passe.
init-step-matrix-room = Invite { $user } dans { $room } : il accepte les invitations des membres, ou rejoint seul un salon public.
init-step-check = Vérifie le fichier, et avec --connect le compte et le mot de passe sur chaque réseau (rien n’est rejoint ni envoyé) : konbit check-config --config { $path } --connect
init-step-run = Démarre le bot : konbit run --config { $path } (pour le service du paquet Debian, écris plutôt le fichier avec konbit init --system : ses données doivent être sous /var/lib/konbit)
init-step-service = Démarre le service : systemctl enable --now konbit, et suis-le avec journalctl -u konbit -f
init-step-instance = Démarre le service de ce collectif : systemctl enable --now konbit@{ $name }, et suis-le avec journalctl -u konbit@{ $name } -f
init-step-console = Essaie-le dans ce terminal : konbit console --config { $path } ; puis relance konbit init avec --network irc ou matrix.
probe-no-network = Aucun réseau n’est configuré ([irc], [matrix] ou [mail]) : rien à quoi se connecter.
irc-not-tls = le serveur { $address } ne parle pas TLS : mets tls = false ou utilise son port TLS
probe-timeout = pas de réponse en { $seconds } s
probe-irc-identified = IRC { $place } : connecté et identifié comme { $account } (SASL PLAIN). Rien n’a été rejoint ni envoyé.
probe-irc-connected = IRC { $place } : connecté (aucun compte configuré : konbit y serait non identifié). Rien n’a été rejoint ni envoyé.
probe-irc-refused = IRC { $place } : les services ont refusé le mot de passe du compte { $account } (SASL). Vérifie le nom du compte, son mot de passe, et que le compte est enregistré et confirmé.
probe-irc-no-sasl = IRC { $place } : le serveur n’offre pas SASL, konbit ne peut donc pas s’y identifier (ses services sont peut-être arrêtés, ou le réseau ne prend pas SASL en charge).
probe-irc-failed = IRC { $place } : { $detail }
probe-matrix-login = Matrix { $place } : le mot de passe fonctionne (une session d’essai a été ouverte puis refermée ; aucun salon n’a été lu ni écrit).
probe-matrix-token = Matrix { $place } : le jeton d’accès fonctionne (aucun salon n’a été lu ni écrit).
probe-matrix-refused = Matrix { $place } : le serveur d’accueil a refusé la connexion ({ $detail }). Vérifie le compte et son mot de passe.
probe-matrix-other-user = les identifiants appartiennent à { $user }, pas à l’utilisateur configuré
probe-matrix-failed = Matrix { $place } : { $detail }

## Courriel (issue 15) : configuration
config-bad-email = « { $value } » n'est pas une adresse de courriel (nom@domaine, rien d'autre)
config-plain-text-off-loopback = le texte en clair (« none ») n'est permis que vers cette machine (localhost, 127.0.0.1, ::1), pas vers { $host } : utilisez « starttls » ou « tls »

## Courriel (issue 15) : les propositions par courriel
usage-mail = !courriel [tout | résumé | aucun]
summary-mail = ce que tu reçois par courriel : chaque proposition au fil des événements (tout), le résumé des propositions ouvertes (résumé), ou rien (aucun).
example-mail = !courriel résumé
mail-not-configured = Ce collectif n’utilise pas le courriel (la configuration de konbit n’a pas de section [mail]).
mail-no-address = La liste des membres n’a pas d’adresse de courriel pour toi ; demande à la personne qui tient la configuration de konbit d’ajouter email = "…" à ta fiche.
mail-pref = { $changed ->
    [yes] C’est fait : tu
   *[no] Tu
} { $pref ->
    [all] reçois chaque proposition et ce qui lui arrive
    [digest] reçois le résumé des propositions ouvertes
   *[none] ne reçois rien
} par courriel, à { $address }. Pour changer : !courriel tout, !courriel résumé ou !courriel aucun.
mail-sent-privately = Je t’ai répondu en privé (la réponse montre ton adresse de courriel).
mail-no-digest-scheduled = À noter : aucun résumé n’est encore programmé, tu ne recevras donc rien tant qu’il n’y en a pas (une entrée [[schedules]] avec action = "digest").
mail-subject = Proposition #{ $id } : { $text }
mail-how-open = Pour y mettre ton veto, réponds à ce courriel avec une première ligne comme : veto trop cher pour l’instant. Ta réponse compte au moment où tu l’envoies.
mail-how-vetoed = Tu y as opposé ton veto. Pour le lever, réponds à ce courriel avec : lever-veto
mail-how-own = C’est ta proposition. Pour la retirer, réponds à ce courriel avec : retirer
mail-how-closed = Il n’y a plus rien à faire à son sujet.
mail-how-deferred = Elle sera tranchée à cette réunion ; rien à faire par courriel d’ici là.
mail-list-copy = Ceci est la copie de la liste, pour lecture : pour agir sur cette proposition, réponds à ta propre copie (envoyée à ton adresse).
mail-digest-subject = { $collective } : propositions ouvertes
mail-digest-how = Pour opposer ton veto, écris !veto <numéro> <raison> dans le clavardage, ou choisis !courriel tout pour recevoir chaque proposition par courriel et y répondre.
mail-usage = konbit n’a pas compris ta réponse au sujet de la proposition #{ $id }, dont la première ligne disait : { $line }
    Elle doit être l’une de :
    { $veto } <ta raison>   (pour y opposer ton veto)
    { $unveto }   (pour lever ton veto)
    { $withdraw }   (pour retirer ta propre proposition)
mail-veto-no-reason = Un veto demande une raison : réponds à ce courriel avec { $veto } suivi de ta raison, par exemple : { $veto } trop cher pour l’instant
mail-other-proposal = Ce courriel concerne la proposition #{ $id }, et ta réponse nomme la #{ $other } : rien n’a été fait. Pour agir sur la #{ $other }, réponds à son propre courriel, ou dis-le dans le chat.
mail-too-large = Ta réponse au sujet de la proposition #{ $id } est trop grande pour que konbit la lise (plus de 10 Mio : une pièce jointe ?), donc rien n’a été fait. Renvoie la commande sans pièce jointe.
announced-by-mail = { $text } (par courriel)
mail-key-unreadable = impossible de lire la clé qui signe les adresses de réponse ({ $where }) : { $detail }
mail-key-short = la clé qui signe les adresses de réponse ({ $where }) est trop courte : utilisez au moins 16 caractères aléatoires, par exemple la sortie de : openssl rand -hex 32
smtp-password-unreadable = impossible de lire le mot de passe SMTP ({ $where }) : { $detail }
imap-password-unreadable = impossible de lire le mot de passe IMAP ({ $where }) : { $detail }
probe-mail-key = Courriel : la clé qui signe les adresses de réponse est lisible ({ $where }) et assez longue.
probe-smtp = SMTP { $place } : le serveur a répondu et accepté l’identifiant { $login }. Aucun courriel n’a été envoyé.
probe-smtp-anonymous = SMTP { $place } : le serveur a répondu (aucun identifiant n’est configuré). Aucun courriel n’a été envoyé.
probe-imap = IMAP { $place } : connexion réussie et le dossier existe. Rien n’a été lu ni marqué.
probe-mail-failed = { $protocol } { $place } : { $detail }
# Calendar feeds (issue 16: /calendar.ics and each member's own feed)
cal-name = { $collective } : réunions et échéances
cal-member-name = { $collective } : calendrier de { $member }
cal-meeting-holiday = Annulée : c’est un jour férié.
cal-deadline-summary = Échéance de la proposition #{ $id } : { $text }
cal-deferred-summary = Proposition #{ $id } à la { $meeting } : { $text }
cal-proposal-head = Proposition #{ $id }, par { $proposer } : { $text }
cal-status = Statut : { $state }
cal-veto = Veto de { $vetoer } : { $reason }
cal-deadline-open = Adoptée à cette heure-là sauf si quelqu’un y met son veto (!{ $veto } { $id } suivi de la raison).
cal-reminder-summary = Rappel : { $text }
cal-reminder-room = Publié dans { $room }.
cal-reminder-for = Pour { $member }.
cal-reminder-from = Programmé par { $owner }.

## La vue web (issue 16) : `!web`, `konbit web`, les pages.
usage-web = !web [révoquer]
summary-web = t’envoie en privé un lien vers ta propre page de la vue web (tes heures, tes rappels, ton chrono) ; un nouveau !web remplace l’ancien lien, !web révoquer y met fin.
example-web = !web
config-bad-listen = « { $value } » n’est pas une adresse d’écoute (IP:port, p. ex. 127.0.0.1:8080 ou [::1]:8080)
web-not-configured = La vue web n’est pas configurée pour ce collectif (pas de section [web] dans la configuration).
web-not-configured-run = la configuration n’a pas de section [web] avec listen et base_url : rien à servir
web-sent-privately = Je t’ai envoyé le lien en privé.
web-link = Ta propre page (heures, rappels, chrono) : { $url } — garde ce lien pour toi. Un nouveau !web te donne un nouveau lien et l’ancien cesse de fonctionner ; !web révoquer y met fin.
web-link-replaced = Ton nouveau lien : { $url } — l’ancien ne fonctionne plus. Garde celui-ci pour toi ; !web révoquer y met fin.
web-revoked = Ton lien est révoqué : il ne fonctionne plus. !web t’en donne un nouveau.
web-revoked-none = Tu n’avais pas de lien à révoquer.
web-key-unreadable = impossible de lire la clé d’accès de la vue web ({ $where }) : { $detail }
web-key-weak = la clé d’accès de la vue web ({ $where }) doit compter au moins 16 caractères parmi lettres, chiffres, - _ . ~ (p. ex. : head -c 24 /dev/urandom | base64 | tr '+/' '-_')
web-cannot-listen = impossible d’écouter sur { $address } : { $detail }
web-listening = La vue web est à { $address }
web-language-name = Français
web-skip = Aller au contenu
web-nav-label = Pages
web-nav-home = Accueil
web-nav-decisions = Décisions
web-nav-minutes = Procès-verbaux
web-nav-hours = Heures
web-nav-membership = Adhésion
web-nav-attendance = Présences
web-footer = Vue en lecture seule de ce que le bot enregistre. Tout se décide et s’enregistre dans le clavardage.
web-bad-request = Cette adresse n’est pas correcte
web-bad-lang = Il n’y a pas de langue « { $value } » ici : utilise lang=fr ou lang=en.
web-bad-year = « { $value } » n’est pas une année entre { $min } et { $max }.
web-bad-status = « { $value } » n’est pas un état ; choisis parmi : { $allowed }.
web-bad-page = « { $value } » n’est pas un numéro de page entre 1 et { $max }.
web-too-long = L’adresse est trop longue.
web-not-found = Rien ici
web-not-found-detail = Il n’y a pas de page à cette adresse. Un lien personnel révoqué ou remplacé ne fonctionne plus : demande-en un nouveau au bot avec !web.
web-failed = La page n’a pas pu être lue
web-private = Ces pages sont privées
web-private-detail = Seuls les membres du collectif peuvent lire ces pages : ouvre-les avec le lien d’accès que le collectif t’a transmis.
web-title-home = Ce qui se passe maintenant
web-open-proposals = Propositions ouvertes
web-how-to-veto = Une proposition est adoptée à son échéance si personne n’y met de veto. Pour mettre un veto, écris !{ $veto } NUMÉRO RAISON dans le salon du collectif avant l’échéance : elle passe alors à la prochaine réunion. !{ $unveto } NUMÉRO lève ton veto.
web-next-meetings = Prochaines réunions
web-no-meetings = Aucune réunion n’est prévue.
web-agenda-heading = Ordre du jour de la { $meeting }
web-feed-how = Abonne ton application de calendrier à cette adresse pour les réunions et les échéances des propositions :
web-recent-decisions = Décisions récentes
web-no-decisions = Rien n’a encore été décidé.
web-whole-register = Tout le registre des décisions
web-title-decisions = Registre des décisions
web-filters = Filtres
web-filter-status = État
web-filter-all = tous
web-filter-year = Année
web-filter-apply = Afficher
web-register-count = { $count ->
    [0] Aucune proposition
    [one] Une proposition
   *[other] { $count } propositions
}, page { $page } sur { $pages }.
web-register-empty = Aucune proposition ne correspond.
web-col-proposal = Proposition
web-col-status = État
web-col-vetoes = Vetos
web-col-decision = Décision
web-proposed-by = par { $proposer }, { $when }
web-until = jusqu’au { $when }
web-veto-by = { $who } : { $reason }
web-veto-lifted = (levé)
web-decided-by-meeting = décidée en réunion
web-decided-at-deadline = adoptée à l’échéance, sans veto
web-minutes-link = procès-verbal de la réunion
web-pages = Pages du registre
web-newer = ← Plus récentes
web-older = Plus anciennes →
web-title-minutes = Procès-verbaux
web-no-minutes = Aucune réunion n’a encore eu lieu.
web-col-meeting = Réunion
web-col-started = Début
web-col-minutes = Procès-verbal
web-read-minutes = lire le procès-verbal
web-meeting-open = encore ouverte
web-title-meeting = { $meeting }, { $when }
web-minutes-none = Aucun procès-verbal n’a été enregistré pour cette réunion.
web-minutes-in-en = Ce procès-verbal est en anglais, la langue du collectif : il est écrit une fois, au fil de la réunion.
web-minutes-in-fr = Ce procès-verbal est en français, la langue du collectif : il est écrit une fois, au fil de la réunion.
web-all-minutes = Tous les procès-verbaux
web-title-hours = Heures en { $year }
web-hours-summary = Travaillé cette année par le collectif : { $total } ; travail de soin et d’entretien : { $care }.
web-hours-privacy = Totaux du collectif seulement : les heures de chaque personne ne sont pas montrées ici.
web-hours-by-month = Par mois
web-hours-by-project = Par projet
web-hours-by-member = Par membre (le collectif partage les heures individuelles)
web-hours-none = Aucune heure enregistrée.
web-chart-caption = Heures payées et bénévoles ; le tableau ci-dessous donne les mêmes chiffres.
web-care-project = { $project } (soin et entretien)
web-meeting-project = { $project } (réunions)
web-paid = Payées
web-volunteer = Bénévoles
web-total = Total
web-hours-meetings = Part des heures en réunion
web-hours-meetings-target = Le collectif vise à passer au plus { $target } de ses heures en réunion (la ligne pointillée).
web-hours-meetings-caption = La part des heures de chaque mois (rémunérées et bénévoles) passée dans les projets de réunion ; le tableau ci-dessous donne les mêmes chiffres.
web-target-label = cible { $target }
web-col-month = Mois
web-col-meetings = Réunions
web-col-all-hours = Toutes les heures
web-col-share = Part
web-col-what = Quoi
web-title-membership = Adhésion
web-rules = Les règles
web-rule-committees = Assister { $count ->
    [one] à au moins un comité
   *[other] à au moins { $count } comités différents
} { $months ->
    [one] au cours du dernier mois
   *[other] sur les { $months } derniers mois
}.
web-rule-reflection = Assister { $count ->
    [one] à au moins une réunion de réflexion
   *[other] à au moins { $count } réunions de réflexion
} { $months ->
    [one] au cours du dernier mois
   *[other] sur les { $months } derniers mois
}.
web-rule-hours = Travailler au moins { $hours } par mois, hors temps de réunion.
web-rule-warn = Sous { $hours } sur les derniers mois, un membre est à risque.
web-rule-absence = Aucune activité pendant plus { $weeks ->
    [one] d’une semaine
   *[other] de { $weeks } semaines
} (sans absence justifiée) enfreint les règles.
web-membership-period = Vérifié du { $from } au { $to }.
web-statuses = Où en est chaque membre
web-col-member = Membre
web-excused = (absence justifiée)
web-membership-privacy = Seul l’état est montré ; chaque membre reçoit ses propres chiffres en privé avec !statut.
web-title-attendance = Présences
web-attendance-legend = Les dernières réunions : présent, absent, ou absence justifiée d’avance.
web-present = présent·e
web-absent = —
web-excused-absence = absence justifiée
web-title-own = { $vowel ->
    [yes] Page d’{ $member }
   *[no] Page de { $member }
}
web-own-private = Cette page n’est qu’à toi : ne partage pas son adresse.
web-own-timer = Chrono
web-own-timer-running = En cours sur { $project } depuis { $since } ({ $running }).
web-own-no-timer = Aucun chrono en cours.
web-own-hours = Tes heures en { $year }
web-col-project = Projet
web-own-reminders = Tes rappels
web-own-no-reminders = Tu n’as aucun rappel.
web-own-weekly = (chaque semaine)
web-own-calendar = Ton calendrier
web-own-calendar-how = Abonne ton application de calendrier à cette adresse pour les réunions, les échéances et tes propres rappels :
web-own-revoke = Pour que ce lien cesse de fonctionner, écris !web révoquer au bot ; !web t’en donne un nouveau.
web-own-collective-calendar = Le calendrier du collectif seul (réunions et échéances, sans tes rappels), pour un calendrier partagé avec d’autres :

## L’ordre du jour préparé avant une réunion (src/app/agenda.rs)
usage-agenda = !odj [réunion] [ajouter <titre> [info|remue-méninges|décision] [15m] | retirer <n>]
summary-agenda = l’ordre du jour de la prochaine réunion (production, sauf si tu en nommes une) : les propositions reportées, puis les points ajoutés par les membres, chacun avec son genre et sa durée. ajouter y met un point (sans durée, celle prévue pour son genre ; une décision nomme une proposition, #12, ou dit ce qui est à décider) ; retirer enlève un point que tu as ajouté. Il part avec les rappels de la réunion et est affiché à son ouverture.
example-agenda = !odj ajouter Acheter une deuxième découpeuse laser décision 20m
hint-agenda-number = Un point se désigne par son numéro, comme !odj l’affiche : !odj retirer 3.
hint-decision-what = Un point à décider nomme une proposition (#12) ou dit en quelques mots ce qui est à décider, p. ex. !odj ajouter Acheter une deuxième découpeuse laser décision.
hint-time-box-too-long = La durée d’un point est d’au plus 4 heures.
agenda-kind-info = information
agenda-kind-brainstorm = remue-méninges
agenda-kind-decision = décision
agenda-item = { $n }. { $title } — { $kind }, { $timebox } ({ $author })
agenda-items = Points ajoutés par les membres ({ $total } en tout) :
agenda-no-items = Aucun point ajouté pour l’instant : !odj ajouter <titre> [info|remue-méninges|décision] [15m].
agenda-heading = Ordre du jour de la { $meeting } :
agenda-added = Ajouté à l’ordre du jour de la { $meeting } : { $line }
agenda-remove-none = Il n’y a pas de point { $n } à un ordre du jour à venir (les points d’une réunion commencée lui appartiennent).
agenda-remove-not-yours = Seul·e { $author }, qui a ajouté le point { $n }, peut le retirer.
agenda-removed = Point { $n } retiré de l’ordre du jour de la { $meeting } : { $title }
agenda-mail-subject = { $collective } : ordre du jour de la { $meeting }
minutes-agenda = Ordre du jour
usage-item = !point [suivant]
summary-item = pendant une réunion : le point de l’ordre du jour en cours et depuis combien de temps. suivant le clôt (avec le temps pris par rapport à sa durée prévue) et passe au suivant ; le salon est prévenu quand la durée de ce point est presque écoulée (2 minutes avant la fin, 1 minute pour une durée de moins de 10 minutes) et quand elle l’est. Le procès-verbal donne le temps pris par chaque point.
example-item = !point suivant
item-how = Dis !point suivant pour passer au point { $n } ; le salon est prévenu quand la durée d’un point est presque écoulée.
item-taken-up = Point en cours : { $line }, ouvert par { $who } — { $after ->
    [0] c’est le dernier point
    [one] encore { $after } point après lui
   *[other] encore { $after } points après lui
}.
item-left = Le point { $n } ({ $title }) a pris { $took } min / { $timebox } min.
item-last-done = C’était le dernier point de l’ordre du jour.
item-current = Point en cours : { $line } — { $took } min / { $timebox } min jusqu’ici.
item-none-yet = Aucun point abordé pour l’instant ; !point suivant ouvre celui-ci : { $line }
item-no-agenda = Cette réunion n’a pas de points à l’ordre du jour (on les ajoute à l’avance avec !odj ajouter).
item-all-done = Tous les points de l’ordre du jour ont été abordés.
item-nearly-over = Point { $n } ({ $title }) : { $left ->
    [one] plus que { $left } minute
   *[other] plus que { $left } minutes
} pour ce point.
item-over = Point { $n } ({ $title }) : sa durée prévue ({ $timebox }) est écoulée — !point suivant quand vous êtes prêt·es.
minutes-item-time = { $line } — { $took } min / { $timebox } min
minutes-item-not-reached = { $line } — non abordé

## L’équipe d’animation tournante (src/app/roles.rs)
usage-roles = !rôles [réunion] | !rôles passer <rôle>
summary-roles = l’équipe tirée pour la prochaine réunion (production, sauf si tu en nommes une) : qui tient chaque rôle, quand et avec quelle graine elle a été tirée (chacun·e peut vérifier), et la rotation — qui a tenu quel rôle, quand. L’équipe est tirée quelques jours avant chaque réunion parmi les membres attendu·es : qui a servi le moins souvent passe en premier, chaque rôle à qui l’a tenu le moins souvent, puis il y a le plus longtemps, personne ne cumule deux rôles, les nouveaux et nouvelles attendent d’avoir assisté à quelques réunions. passer rend ton rôle : le bot en tire un·e autre et l’annonce.
example-roles = !rôles passer gardien·ne du temps
hint-roles-role = Dis quel rôle tu rends, p. ex. !rôles passer animation.
config-role-name-too-long = « { $value } » est trop long pour un nom de rôle (40 caractères au plus)
role-facilitator = animation
role-note-taker = secrétariat
role-timekeeper = gardien·ne du temps
role-facilitator-aliases = animation, animateur, animatrice, facilitation, présidence
role-note-taker-aliases = secrétariat, secrétaire, notes, prise de notes, compte rendu
role-timekeeper-aliases = gardien du temps, gardienne du temps, gardien·ne du temps, temps, chrono
roles-holder = { $role } : { $member }
roles-holder-nobody = { $role } : personne à tirer
roles-drawn = Équipe de la { $meeting }, tirée au sort : { $team }. Graine { $seed } (!rôles montre la rotation ; !rôles passer <rôle> rend un rôle).
roles-heading = Équipe de la { $meeting } : { $team }.
roles-seed = Tirée { $date } avec la graine { $seed } : qui a été dans une équipe le moins souvent passe en premier, puis chaque rôle va à qui l’a tenu le moins souvent, puis il y a le plus longtemps ; à égalité, le plus petit hachage FNV-1a de la graine et du nom.
roles-none-yet = Pas encore d’équipe tirée pour la { $meeting } : elle le sera { $date }.
roles-none-unscheduled = La { $meeting } n’a pas d’horaire : aucune équipe n’est tirée pour elle.
roles-none-configured = La { $meeting } n’a pas de rôles à tirer.
roles-rotation = Rotation, la plus récente d’abord :
roles-rotation-line = { $date } : { $team }
roles-rotation-empty = Personne n’a encore fait partie d’une équipe.
roles-unknown-role = Il n’y a pas de rôle appelé { $role } ; les rôles : { $roles }.
roles-pass-none-drawn = Aucune équipe n’est encore tirée pour une réunion à venir : pas de rôle à rendre.
roles-pass-not-on-team = Tu ne tiens aucun rôle dans une équipe tirée pour une réunion à venir.
roles-pass-not-yours = Tu n’es pas { $role } à une réunion à venir ; ton rôle : { $roles }.
roles-passed = { $who } rend le rôle { $role } pour la { $meeting } ; tiré·e à la place : { $member } (graine { $seed }).
roles-passed-nobody = { $who } rend le rôle { $role } pour la { $meeting } ; il ne reste personne à tirer : qui le prend ?
meeting-team = L’équipe : { $team }.
minutes-team = Équipe
minutes-team-seed = Tirée au sort avec la graine { $seed }.
web-team = Équipe d’animation
web-no-team = Aucune équipe n’est encore tirée pour une réunion à venir.
web-team-seed = graine
web-role-colon = {" : "}
web-role-nobody = personne à tirer
web-rotation = Rotation de l’équipe d’animation
web-no-rotation = Personne n’a encore fait partie d’une équipe.
roles-period = Équipes d’animation :
roles-period-line = { $meeting } : { $team }
