## konbit — English messages.
## Arguments are inserted as is; a message with several lines is sent as several lines.

## Units and names

unit-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
unit-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
unit-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
less-than-a-minute = less than a minute
meeting-production = production meeting
meeting-reflection = reflection meeting
meeting-unscheduled = next meeting
state-open = open
state-deferred = deferred
state-adopted = adopted
state-rejected = rejected
state-withdrawn = withdrawn

## Help

help-intro = Commands: { $commands }. Type !help <command> for its usage and an example.
help-detail = { $usage } — { $summary }
    Example: { $example }
help-no-such-command = There is no command !{ $name }. { help-intro }
usage-line = Usage: { $usage }
usage-line-hint = { $hint } Usage: { $usage }
usage-help = !help [command]
summary-help = lists the commands, or explains one.
example-help = !help veto
usage-propose = !propose [amount$] <text>
summary-propose = makes a proposal; it is adopted after { $hours } business hours unless someone vetoes it. An amount above the cap goes to a meeting.
example-propose = !propose 120$ buy a second-hand monitor for the office
usage-veto = !veto <id> <reason>
summary-veto = objects to a proposal, with a reason; it is then decided at the next production or reflection meeting.
example-veto = !veto 3 we already have two monitors in storage
usage-unveto = !unveto <id>
summary-unveto = lifts your veto before the deadline; with no veto left, the proposal is open again with its original deadline.
example-unveto = !unveto 3
usage-withdraw = !withdraw <id>
summary-withdraw = withdraws your own proposal.
example-withdraw = !withdraw 3
usage-proposals = !proposals
summary-proposals = lists the open and deferred proposals with the time left.
example-proposals = !proposals
usage-proposal = !proposal <id>
summary-proposal = shows a proposal's full record: text, proposer, deadline, vetoes and outcome.
example-proposal = !proposal 3
hint-veto-reason = A veto needs a reason, so that it can be discussed.
hint-bad-id = A proposal id is a number such as 3 or #3.
hint-too-long = That text is too long (1000 characters at most).
unknown-command = Unknown command !{ $name }. Type !help for the list.
unknown-command-suggest = Unknown command !{ $name } — did you mean !{ $suggestion }? Type !help for the list.

## Refusals and errors

only-members = Only members of the collective can use !{ $command }. The roster is in the configuration file.
storage-error = Sorry, I could not save that: a storage error occurred and nothing was recorded. Please try again in a moment.
proposal-not-found = There is no proposal #{ $id }.
proposal-closed = Proposal #{ $id } is already { $state }.
proposal-deadline-passed = The deadline of proposal #{ $id } has passed.
proposal-own-veto = You cannot veto your own proposal; to take it back, use !withdraw { $id }.
proposal-already-vetoed = You have already vetoed proposal #{ $id }.
proposal-no-veto-of-yours = You have no veto on proposal #{ $id } to lift.
proposal-not-proposer = Only { $proposer }, who made proposal #{ $id }, can withdraw it.

## Proposals

proposal-created = Proposal #{ $id } by { $proposer }: { $text }
    It will be adopted on { $deadline } unless someone vetoes it (!veto { $id } <reason>).
proposal-created-budget = Proposal #{ $id } by { $proposer } ({ $amount }): { $text }
    It will be adopted on { $deadline } unless someone vetoes it (!veto { $id } <reason>).
proposal-over-budget = Proposal #{ $id } by { $proposer } ({ $amount }): { $text }
    It is above the { $cap } limit for proposals, so it goes to the { $meeting } on { $date }.
proposal-over-budget-unscheduled = Proposal #{ $id } by { $proposer } ({ $amount }): { $text }
    It is above the { $cap } limit for proposals, so it goes to the next meeting.
proposal-vetoed = Proposal #{ $id } is deferred to the { $meeting } on { $date }: { $vetoer } vetoed it ({ $reason }).
proposal-vetoed-unscheduled = Proposal #{ $id } is deferred to the next meeting: { $vetoer } vetoed it ({ $reason }).
proposal-vetoed-private = { $vetoer } vetoed your proposal #{ $id } ({ $reason }). It will be discussed at the { $meeting } on { $date }.
proposal-vetoed-private-unscheduled = { $vetoer } vetoed your proposal #{ $id } ({ $reason }). It will be discussed at the next meeting.
proposal-unvetoed-open = { $who } lifted their veto on proposal #{ $id }: it is open again and will be adopted on { $deadline } unless someone vetoes it.
proposal-unvetoed-still-deferred = { $who } lifted their veto on proposal #{ $id }; it stays deferred to a meeting ({ $remaining ->
    [0] above the budget limit
    [one] 1 veto left
   *[other] { $remaining } vetoes left
}).
proposal-withdrawn = Proposal #{ $id } was withdrawn by { $who }.
proposal-adopted = Adopted: proposal #{ $id } by { $proposer }: { $text }
proposal-adopted-late = Adopted (announced late: the deadline was { $deadline }): proposal #{ $id } by { $proposer }: { $text }
proposal-reminder = Reminder: proposal #{ $id } by { $proposer } ({ $text }) will be adopted on { $deadline }, in { $left }, unless someone vetoes it.
proposals-none = There are no open or deferred proposals.
proposals-header = Proposals:
proposals-open-line = #{ $id } { $proposer }: { $text } — adopted on { $deadline } (in { $left })
proposals-deferred-line = #{ $id } { $proposer }: { $text } — deferred ({ $vetoes ->
    [0] above the budget limit
    [one] 1 veto
   *[other] { $vetoes } vetoes
}), for the { $meeting }
proposal-detail-head = Proposal #{ $id } by { $proposer }, { $created }: { $text }
proposal-detail-budget = Amount: { $amount }{ $over ->
    [yes] , above the { $cap } limit
   *[no] {""}
}
proposal-detail-open = Status: open; adopted on { $deadline } (in { $left }) unless someone vetoes it.
proposal-detail-deferred = Status: deferred to the { $meeting }; the original deadline was { $deadline }.
proposal-detail-closed = Status: { $state } on { $when }.
proposal-detail-note = Note: { $note }
proposal-detail-veto = Veto by { $vetoer } on { $when }: { $reason }
proposal-detail-veto-lifted = Veto by { $vetoer } on { $when }, lifted on { $lifted }: { $reason }

## Command line

console-ready = konbit is ready in { $room } ({ $collective }). Type NAME: !help to talk in the room, NAME> text to write to the bot privately, Ctrl-D to quit.
console-clock-needed = { $directive } needs a simulated clock: start with --clock 2026-11-20T09:00:00-05:00
console-bad-wait = Cannot read { $value } as a duration; use e.g. /wait 3h, /wait 2d, /wait 1h30.
console-bad-at = Cannot read { $value } as a time; use e.g. /at 2026-11-27T15:00.
console-at-past = { $value } is before the simulated clock ({ $now }); the clock never goes back.
console-bad-line = Cannot read this line; write NAME: TEXT, NAME> TEXT, /join NAME, /part NAME, /wait DURATION or /at TIME.
console-bad-clock = Cannot read { $value } as an RFC 3339 time, e.g. 2026-11-20T09:00:00-05:00.
startup-failed = konbit stopped: { $detail }
check-config-ok = { $path }: the configuration is valid.
check-config-problems = { $path }: { $count ->
    [one] 1 problem
   *[other] { $count } problems
}:
builtin-config = built-in default

## Configuration problems

config-unreadable = cannot read the file ({ $detail })
config-syntax = TOML syntax error: { $detail }
config-wrong-type = wrong value: { $detail }
config-unknown-key = unknown key (misspelt, or not for this version of konbit)
config-unknown-tz = unknown time zone "{ $value }" (use a name such as America/Montreal)
config-unknown-language = unsupported language "{ $value }" (use en or fr)
config-unknown-weekday = unknown weekday "{ $value }" (use mon, tue, … or monday, tuesday, …)
config-bad-time = cannot read "{ $value }" as a time of day (use HH:MM, e.g. 10:00)
config-bad-date = cannot read "{ $value }" as a date (use YYYY-MM-DD, e.g. 2026-12-25)
config-bad-duration = cannot read "{ $value }" as a duration in whole minutes (use e.g. 24h, 90m, 2d)
config-bad-amount = cannot read "{ $value }" as an amount
config-bad-project-kind = unknown project kind "{ $value }" (use work, meeting or care)
config-bad-nth = { $value } is not a week of the month (use 1 to 5, or -1 for the last)
config-no-working-days = at least one working day is needed
config-empty = must be a non-empty name without spaces
config-duplicate = "{ $value }" appears more than once
config-out-of-range = { $value } is out of range ({ $min } to { $max })


hint-bad-amount = An amount is written 300$, $300, 1,000$ or $45.50.

storage-error-read = Sorry, I could not read the records (storage error). Please try again in a moment.

proposal-reminder-late = Reminder (late: it was due on { $due }): proposal #{ $id } by { $proposer } ({ $text }) will be adopted on { $deadline }, in { $left }, unless someone vetoes it.

console-out-of-range = { $value } would take the simulated clock off the calendar.

config-required = is required with { $other }

meeting-with-date = { $meeting } ({ $date })