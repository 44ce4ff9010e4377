## konbit — messages en français.
## Les arguments sont insérés tels quels ; un message de plusieurs lignes part en plusieurs lignes.

## Unités et noms

unit-days = { $n ->
    [one] 1 jour
   *[other] { $n } jours
}
unit-hours = { $n ->
    [one] 1 heure
   *[other] { $n } heures
}
unit-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
less-than-a-minute = moins d’une minute
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
summary-propose = fait une proposition ; elle est adoptée après { $hours } heures ouvrables, sauf veto. Un montant au-dessus du plafond va en réunion.
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
proposals-deferred-line = #{ $id } { $proposer } : { $text } — reportée ({ $vetoes ->
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
check-config-ok = { $path } : la configuration est valide.
check-config-problems = { $path } : { $count ->
    [one] 1 problème
   *[other] { $count } problèmes
} :
builtin-config = configuration par défaut intégrée

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