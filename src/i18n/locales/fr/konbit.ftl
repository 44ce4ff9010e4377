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

help-intro = Commandes : { $commands }. Tapez !aide <commande> pour son usage et un exemple.
help-detail = { $usage } — { $summary }
    Exemple : { $example }
help-no-such-command = Il n’y a pas de commande !{ $name }. { help-intro }
usage-line = Usage : { $usage }
usage-line-hint = { $hint } Usage : { $usage }
usage-help = !aide [commande]
summary-help = liste les commandes, ou en explique une.
example-help = !aide veto
usage-propose = !proposer [montant$] <texte>
summary-propose = fait une proposition ; elle est adoptée après { $hours } heures ouvrables si personne n’y met de veto. Un montant au-dessus du plafond va en réunion.
example-propose = !proposer 120$ acheter un écran usagé pour le bureau
usage-veto = !veto <numéro> <raison>
summary-veto = s’oppose à une proposition, avec une raison ; elle est alors tranchée à la prochaine réunion de production ou de réflexion.
example-veto = !veto 3 nous avons déjà deux écrans en réserve
usage-unveto = !leverveto <numéro>
summary-unveto = lève votre veto avant l’échéance ; sans autre veto, la proposition est de nouveau ouverte avec son échéance d’origine.
example-unveto = !leverveto 3
usage-withdraw = !retirer <numéro>
summary-withdraw = retire votre propre proposition.
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
unknown-command = Commande inconnue : !{ $name }. Tapez !aide pour la liste.
unknown-command-suggest = Commande inconnue : !{ $name } — vouliez-vous dire !{ $suggestion } ? Tapez !aide pour la liste.

## Refus et erreurs

only-members = Seuls les membres du collectif peuvent utiliser !{ $command }. La liste des membres est dans le fichier de configuration.
storage-error = Désolé, je n’ai pas pu enregistrer : une erreur de stockage est survenue et rien n’a été enregistré. Réessayez dans un instant.
proposal-not-found = Il n’y a pas de proposition #{ $id }.
proposal-closed = La proposition #{ $id } est déjà { $state }.
proposal-deadline-passed = L’échéance de la proposition #{ $id } est passée.
proposal-own-veto = Vous ne pouvez pas mettre de veto à votre propre proposition ; pour la reprendre, utilisez !retirer { $id }.
proposal-already-vetoed = Vous avez déjà mis un veto à la proposition #{ $id }.
proposal-no-veto-of-yours = Vous n’avez pas de veto à lever sur la proposition #{ $id }.
proposal-not-proposer = Seule la personne qui l’a faite, { $proposer }, peut retirer la proposition #{ $id }.

## Propositions

proposal-created = Proposition #{ $id } de { $proposer } : { $text }
    Elle sera adoptée le { $deadline } si personne n’y met de veto (!veto { $id } <raison>).
proposal-created-budget = Proposition #{ $id } de { $proposer } ({ $amount }) : { $text }
    Elle sera adoptée le { $deadline } si personne n’y met de veto (!veto { $id } <raison>).
proposal-over-budget = Proposition #{ $id } de { $proposer } ({ $amount }) : { $text }
    Elle dépasse le plafond de { $cap } pour les propositions : elle va donc à la { $meeting } du { $date }.
proposal-over-budget-unscheduled = Proposition #{ $id } de { $proposer } ({ $amount }) : { $text }
    Elle dépasse le plafond de { $cap } pour les propositions : elle va donc à la prochaine réunion.
proposal-vetoed = La proposition #{ $id } est reportée à la { $meeting } du { $date } : { $vetoer } y a mis un veto ({ $reason }).
proposal-vetoed-unscheduled = La proposition #{ $id } est reportée à la prochaine réunion : { $vetoer } y a mis un veto ({ $reason }).
proposal-vetoed-private = { $vetoer } a mis un veto à votre proposition #{ $id } ({ $reason }). Elle sera discutée à la { $meeting } du { $date }.
proposal-vetoed-private-unscheduled = { $vetoer } a mis un veto à votre proposition #{ $id } ({ $reason }). Elle sera discutée à la prochaine réunion.
proposal-unvetoed-open = { $who } a levé son veto sur la proposition #{ $id } : elle est de nouveau ouverte et sera adoptée le { $deadline } si personne n’y met de veto.
proposal-unvetoed-still-deferred = { $who } a levé son veto sur la proposition #{ $id } ; elle reste reportée à une réunion ({ $remaining ->
    [0] elle dépasse le plafond
    [one] il reste 1 veto
   *[other] il reste { $remaining } vetos
}).
proposal-withdrawn = La proposition #{ $id } a été retirée par { $who }.
proposal-adopted = Adoptée : proposition #{ $id } de { $proposer } : { $text }
proposal-adopted-late = Adoptée (annoncée en retard : l’échéance était le { $deadline }) : proposition #{ $id } de { $proposer } : { $text }
proposal-reminder = Rappel : la proposition #{ $id } de { $proposer } ({ $text }) sera adoptée le { $deadline }, dans { $left }, si personne n’y met de veto.
proposals-none = Aucune proposition ouverte ou reportée.
proposals-header = Propositions :
proposals-open-line = #{ $id } { $proposer } : { $text } — adoptée le { $deadline } (dans { $left })
proposals-deferred-line = #{ $id } { $proposer } : { $text } — reportée ({ $vetoes ->
    [0] au-dessus du plafond
    [one] 1 veto
   *[other] { $vetoes } vetos
}), à la { $meeting }
proposal-detail-head = Proposition #{ $id } de { $proposer }, { $created } : { $text }
proposal-detail-budget = Montant : { $amount }{ $over ->
    [yes] , au-dessus du plafond de { $cap }
   *[no] {""}
}
proposal-detail-open = État : ouverte ; adoptée le { $deadline } (dans { $left }) si personne n’y met de veto.
proposal-detail-deferred = État : reportée à la { $meeting } ; l’échéance d’origine était le { $deadline }.
proposal-detail-closed = État : { $state } le { $when }.
proposal-detail-note = Note : { $note }
proposal-detail-veto = Veto de { $vetoer } le { $when } : { $reason }
proposal-detail-veto-lifted = Veto de { $vetoer } le { $when }, levé le { $lifted } : { $reason }

## Ligne de commande

console-ready = konbit est prêt dans { $room } ({ $collective }). Tapez NOM: !aide pour parler dans le salon, NOM> texte pour écrire au bot en privé, Ctrl-D pour quitter.
console-clock-needed = { $directive } demande une horloge simulée : lancez avec --clock 2026-11-20T09:00:00-05:00
console-bad-wait = Impossible de lire { $value } comme une durée ; écrivez par exemple /wait 3h, /wait 2d, /wait 1h30.
console-bad-at = Impossible de lire { $value } comme une heure ; écrivez par exemple /at 2026-11-27T15:00.
console-at-past = { $value } est avant l’horloge simulée ({ $now }) ; l’horloge ne recule jamais.
console-bad-line = Ligne illisible ; écrivez NOM: TEXTE, NOM> TEXTE, /join NOM, /part NOM, /wait DURÉE ou /at HEURE.
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
config-unknown-tz = fuseau horaire inconnu « { $value } » (utilisez un nom comme America/Montreal)
config-unknown-language = langue non prise en charge « { $value } » (utilisez en ou fr)
config-unknown-weekday = jour inconnu « { $value } » (utilisez lun, mar, … ou lundi, mardi, …)
config-bad-time = impossible de lire « { $value } » comme une heure (utilisez HH:MM, par exemple 10:00)
config-bad-date = impossible de lire « { $value } » comme une date (utilisez AAAA-MM-JJ, par exemple 2026-12-25)
config-bad-duration = impossible de lire « { $value } » comme une durée (par exemple 24h, 90m, 2d)
config-bad-amount = impossible de lire « { $value } » comme un montant
config-bad-project-kind = type de projet inconnu « { $value } » (utilisez work, meeting ou care)
config-bad-nth = { $value } n’est pas une semaine du mois (utilisez 1 à 5, ou -1 pour la dernière)
config-no-working-days = il faut au moins un jour ouvrable
config-empty = doit être un nom non vide, sans espace
config-duplicate = « { $value } » apparaît plus d’une fois
config-out-of-range = { $value } est hors limites ({ $min } à { $max })
