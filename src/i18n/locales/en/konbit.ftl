## konbit — English messages.
## Arguments are inserted as is; a message with several lines is sent as several lines.

## Units and names

unit-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
unit-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
unit-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
less-than-a-minute = less than a minute
# Between the items of a list (names, days), between clauses (vetoes on an agenda),
# between groups (a summary's lines), between a span's units; what stands for none.
separator-list = { ", " }
separator-clauses = { "; " }
separator-groups = { " · " }
separator-units = { " " }
separator-sentences = { " " }
nobody = —
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
summary-propose = makes a proposal; it is adopted after { $hours ->
    [one] { $hours } business hour
   *[other] { $hours } business hours
} unless someone vetoes it. An amount above the cap goes to a meeting.
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
edit-not-read = Edits are not read: send the command again as a new message.

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
proposals-open-line = #{ $id } { $proposer }: { $text } — will be adopted on { $deadline } (in { $left })
proposals-open-line-budget = #{ $id } { $proposer } ({ $amount }): { $text } — will be adopted on { $deadline } (in { $left })
proposals-deferred-line = #{ $id } { $proposer }: { $text } — deferred ({ $vetoes ->
    [0] above the budget limit
    [one] 1 veto
   *[other] { $vetoes } vetoes
}), for the { $meeting }
proposals-deferred-line-budget = #{ $id } { $proposer } ({ $amount }): { $text } — deferred ({ $vetoes ->
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
store-newer = the database { $path } was written by a newer konbit (migration { $version }); upgrade konbit or restore the backup taken before the upgrade
check-config-ok = { $path }: the configuration is valid.
check-config-problems = { $path }: { $count ->
    [one] { $count } problem
   *[other] { $count } problems
}:
builtin-config = built-in default
check-config-no-file = no configuration file to check: none named (--config PATH, or KONBIT_CONFIG), and none at { $places }
config-file-found = konbit: configuration file { $path }
check-config-path-under-etc = warning: { $key } = { $path } is under /etc, which the packaged service can never write (ProtectSystem=strict): put it under /var/lib/konbit, the service's state directory (konbit init --system does)
check-config-path-unwritable = warning: { $key } = { $path } cannot be written by this user, and konbit run must write there: { $detail }
env-file-unreadable = cannot read the environment file { $path }: { $detail }

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
config-bad-share = cannot read "{ $value }" as a share of the hours: a percentage above 0 and at most 100, with its sign, e.g. "15%" or "12.5%"
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
## Hours

usage-punch = !punch <duration> <project> [day] [volunteer] [note] — also !punch in <project>, out, status, undo, edit <id> <duration> [project], delete <id>
summary-punch = records worked hours (2h, 1h30, 90m, 1.5h, 0,5h, 2 h) on a project, today or on a given day (yesterday, monday, 2026-11-18), paid or volunteer; or runs a timer.
example-punch = !punch 1h30 webdev yesterday fixed the donation form
usage-project = !project add <name>
summary-project = adds a project to punch hours on.
example-project = !project add newsletter
usage-projects = !projects
summary-projects = lists the projects, with meeting time and care work marked.
example-projects = !projects
usage-hours = !hours [week | month | YYYY-MM] [all | <project> | <member>]
summary-hours = your hours by project (sent privately), a project's total, or the collective's totals by project; paid and volunteer apart.
example-hours = !hours month all
hint-bad-duration = A duration is written 2h, 1h30, 90m, 1.5h or 0,5h.
hint-duration-positive = A duration must be more than zero.
hint-duration-too-long = One entry is at most 24 hours.
hint-missing-project = Say which project the hours are for.
hint-bad-project-name = A project name is one word: letters, digits, - _ or .
hint-project-name-too-long = A project name has at most 40 characters.
hint-bad-date = A date is written YYYY-MM-DD, e.g. 2026-11-18.
hint-bad-entry-id = An entry id is a number such as 12.
hint-bad-month = A month is written YYYY-MM, e.g. 2026-11.
punch-entry = #{ $id }: { $duration } on { $project }, { $day }
punch-entry-volunteer = { $entry } (volunteer)
punch-entry-note = { $entry } — “{ $note }”
punch-recorded = Recorded { $entries }.
timer-recorded = Timer stopped; recorded { $entries }.
punch-unknown-project = Unknown project '{ $name }'; nothing was recorded. Projects: { $projects }. Add one with !project add <name>.
punch-unknown-project-suggest = Unknown project '{ $name }' — did you mean '{ $suggestion }'? Nothing was recorded.
punch-no-projects = Unknown project '{ $name }'; nothing was recorded. There are no projects yet: add one with !project add <name>.
punch-future-date = { $day } is in the future: hours are punched once worked. Nothing was recorded.
punch-day-full = That would make more than 24 hours on { $day } (already { $already }). Nothing was recorded.
timer-started = Timer started on { $project } at { $time }. Stop it with !punch out (a timer running more than { $limit } is not recorded).
timer-already = You already have a timer on { $project }, running since { $since }. Stop it with !punch out first.
timer-none = You have no timer running. Start one with !punch in <project>.
timer-too-short = Your timer on { $project } ran less than a minute; nothing was recorded.
timer-over-limit = Your timer on { $project } ran { $elapsed }, more than the { $limit } limit, so it was not recorded. Punch the real time with !punch <duration> { $project } [day].
timer-flagged = Your timer on { $project } has been running since { $since }, more than { $limit }: it will not be recorded as it is. Stop it with !punch out, then punch the real time with !punch <duration> { $project } [day].
punch-status-timer = Timer running on { $project } since { $since } ({ $elapsed }).
punch-status-no-timer = No timer running.
punch-status-totals = Today: { $today }; this week: { $week }.
punch-undo-nothing = You have no entry to undo.
punch-undo-too-old = Your last entry #{ $id } was recorded more than { $window } ago; to remove it, use !punch delete { $id }.
punch-removed = Removed #{ $id }: { $duration } on { $project }, { $day }.
punch-not-yours = You have no entry #{ $id }.
project-added = New project: { $name } (added by { $who }).
project-exists = The project { $name } already exists.
projects-list = Projects: { $projects }.
projects-none = There are no projects yet. Add one with !project add <name>.
project-kind-meeting = { $name } (meeting time)
project-kind-care = { $name } (care work)
period-week = the week of { $from } to { $to }
hours-mine-header = Your hours, { $period }:
hours-all-header = The collective's hours by project, { $period }:
hours-project-header = Hours on { $project }, { $period }:
hours-member-header = Hours of { $name }, { $period }:
hours-by-member = By member:
hours-line = { $name }: { $amounts }
hours-paid = { $hours } paid
hours-volunteer = { $hours } volunteer
hours-total = Total: { $amounts }
hours-care = Care and maintenance work: { $amounts }
hours-none = No hours recorded for { $period }.
hours-private = Individual hours are private in this collective: !hours shows yours, !hours all the project totals.
hours-not-member = Only members have hours of their own; !hours all shows the collective's totals.
hours-unknown-subject = There is no project or member named { $name }.


config-bad-project-name = "{ $value }" is not a project name (one word: letters, digits, - _ or .)
config-project-name-too-long = "{ $value }" is too long for a project name (at most { $max ->
    [one] { $max } character
   *[other] { $max } characters
})

export-bad-range = the first day ({ $from }) is after the last one ({ $to })

config-one-of = "{ $value }" is not one of: { $allowed }
## Stand-up rounds

usage-standup = !standup [start | join | end | last]
summary-standup = runs a stand-up round with the members present: the bot calls each in turn; members on leave are not called; updates sent beforehand are read in.
example-standup = !standup
usage-next = !next
summary-next = ends your turn (also !done); with nothing said, it counts as a pass.
example-next = !next
usage-pass = !pass
summary-pass = passes your turn: present, no update.
example-pass = !pass
usage-skip = !skip <name>
summary-skip = marks someone absent from the round.
example-skip = !skip dan
usage-later = !later
summary-later = moves you to the end of the round.
example-later = !later
usage-update = !update <line>
summary-update = sends a line of your update before the round, privately, if you cannot attend (tagged lines like help: … sent privately work too).
example-update = !update help: a second pair of eyes on the CiviCRM upgrade
hint-missing-name = Say who.
hint-missing-text = Say what.
standup-already = A stand-up round is already running; it is { $member }'s turn.
standup-not-running = No stand-up round is running; start one with !standup.
standup-nobody = Nobody is here for a stand-up round yet (members on leave are not called).
standup-none-yet = There has been no stand-up round yet.
standup-started = Stand-up round with { $count ->
    [one] { $count } person
   *[other] { $count } people
}: { $order }.
standup-on-leave = On leave: { $names }.
standup-updates-sent = Updates sent beforehand: { $names }.
standup-turn-next = { $member }, your turn: priorities, help needed, availability, announcements. Say !next when done (then { $next }).
standup-turn-last = { $member }, your turn: priorities, help needed, availability, announcements. Say !next when done (last one).
standup-turn-beforehand = Your update sent beforehand is already in ({ $count ->
    [one] { $count } line
   *[other] { $count } lines
}).
standup-read = { $member } is not here; their update sent beforehand:
standup-tagged-line = { $tag }: { $line }
standup-joined = { $member } joins the round.
standup-later = { $member } will go later.
standup-skipped = { $member } is marked absent.
standup-nudge = { $member }: { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} already — say !next when you are ready.
standup-not-your-turn = It is { $member }'s turn: { $member } says !next when done, or !skip { $member } if they are away.
standup-not-in-round = { $member } is not in this round.
standup-already-had-turn = That turn is over already.
standup-already-in-round = Already in the round: wait for your turn.
standup-nobody-else = Nobody else is left: go ahead, or !pass.
standup-update-noted = Noted for the next stand-up: { $line }
standup-last = Last stand-up ({ $date }):
standup-summary = Stand-up summary — { $count } took part; spoke: { $spoke }.
standup-summary-passed = Passed: { $names }.
standup-summary-read = Updates read for: { $names }.
standup-summary-absent = Absent: { $names }.
standup-summary-not-called = Not called before the end: { $names }.
standup-summary-group = { $tag }: { $items }
tag-help = Help needed
tag-availability = Availability
tag-announce = Announcements
tag-priorities = Priorities
tag-general = Updates

## Meetings

usage-meeting = !meeting start <production | reflection | committee> · !meeting end
summary-meeting = opens a meeting (the agenda lists the deferred proposals) or closes it and writes the minutes.
example-meeting = !meeting start production
usage-here = !here
summary-here = counts you present at the meeting.
example-here = !here
usage-topic = !topic <text>
summary-topic = starts a topic in the minutes.
example-topic = !topic Budget 2027
usage-agreed = !agreed <text>
summary-agreed = records something agreed.
example-agreed = !agreed we renew the hosting contract for a year
usage-action = !action <who> <what>
summary-action = records an action for someone.
example-action = !action bob send the quote to the client
usage-decide = !decide <id> adopted|rejected [note]
summary-decide = records the meeting's decision on a deferred proposal.
example-decide = !decide 3 adopted with a second-hand model
usage-minutes = !minutes
summary-minutes = where the last minutes are, and what they hold.
example-minutes = !minutes
hint-missing-committee = Say which meeting: production, reflection or a committee.
hint-decide-outcome = Say adopted or rejected.
meeting-committee = { $name } committee meeting
meeting-unknown-committee = There is no committee { $name }. Meetings: { $committees }.
meeting-already-open = The { $meeting } is still open here; close it with !meeting end first.
meeting-none = No meeting is open here; open one with !meeting start production.
meeting-started = The { $meeting } is open (started by { $who }). Say !here to be counted present.
meeting-agenda = On the agenda, the deferred proposals:
meeting-agenda-empty = No deferred proposal is on the agenda.
meeting-agenda-item = #{ $id } by { $proposer }: { $text } ({ $reason })
meeting-agenda-over-budget = above the budget limit
meeting-here = counted present.
meeting-here-already = you were already counted present.
meeting-topic = Topic: { $text }
meeting-agreed = Agreed: { $text }
meeting-action = Action for { $who }: { $text }
action-stranger = Note: { $who } is neither a member nor in this room. The action is recorded for "{ $who }" as written.
action-stranger-suggest = Note: { $who } is neither a member nor in this room (did you mean { $suggestion }?). The action is recorded for "{ $who }" as written.
decide-still-open = Proposal #{ $id } is still open: it is adopted at its deadline unless someone vetoes it.
decision-line = Proposal #{ $id } ({ $text }): { $outcome }
decision-line-note = Proposal #{ $id } ({ $text }): { $outcome } — { $note }
decided = Decided at the { $meeting }: { $line }
decided-elsewhere = Proposal #{ $id } was { $outcome } at a meeting.
meeting-ended = The { $meeting } is closed: { $present } present; { $topics ->
    [one] { $topics } topic
   *[other] { $topics } topics
}, { $decisions ->
    [one] { $decisions } decision
   *[other] { $decisions } decisions
}, { $actions ->
    [one] { $actions } action
   *[other] { $actions } actions
}. Minutes: { $where }
minutes-in-database = kept by konbit (the file could not be written)
minutes-none = There are no minutes yet.
minutes-last = Last minutes: { $meeting } of { $date }, { $present } present; { $topics ->
    [one] { $topics } topic
   *[other] { $topics } topics
}, { $decisions ->
    [one] { $decisions } decision
   *[other] { $decisions } decisions
}, { $actions ->
    [one] { $actions } action
   *[other] { $actions } actions
}. { $where }
minutes-when = { $start } to { $end }, in { $room }, opened by { $by }.
minutes-title = { $meeting } — { $date }
minutes-present = Present
minutes-topics = Topics
minutes-decisions = Decisions
minutes-actions = Actions

## Attendance and membership

usage-absent = !absent <day | from..to> <reason>
summary-absent = declares a justified absence (leave, illness): you are not called in rounds and it counts for the membership rules.
example-absent = !absent 2026-12-21..2027-01-04 holidays with family
usage-attendance = !attendance [name] [week | month | YYYY-MM]
summary-attendance = who attended how many meetings, with justified absences.
example-attendance = !attendance month
usage-membership = !membership
summary-membership = checks the membership rules for everyone; the figures go to each member privately.
example-membership = !membership
hint-bad-absence = A day is written YYYY-MM-DD, today or tomorrow; a period 2026-12-01..2026-12-15.
hint-absent-reason = Give a reason (you may send the command privately; the confirmation always is).
absent-bad-range = The first day comes after the last.
absent-noted = Noted: justified absence { $days } ({ $reason }). You will not be called in stand-up rounds then.
days-range = { $from } to { $to }
attendance-header = Attendance, { $period }: { $count ->
    [one] { $count } meeting
   *[other] { $count } meetings
} ({ $meetings }).
attendance-line = { $member }: { $present } of { $held }
attendance-justified = (justified absence: { $days })
membership-header = Membership rules, { $period }:
membership-status = { $member } { $status }
membership-new = new (not judged yet)
membership-ok = ok
membership-at-risk = at risk
membership-not-meeting = not meeting the rules
membership-nobody = Nobody to check yet.
membership-yours = Your membership figures, { $period }: { $status }.
membership-committees = Committees attended: { $count } of { $needed } needed ({ $list }).
membership-reflection = Reflection meetings: { $count } of { $needed } needed.
membership-hours = Hours worked, meeting time excluded: { $months }.
membership-month = { $month } { $worked } (needed { $needed })
membership-recent = Over the last months up to today: { $worked } (warning below { $warn }).
membership-absent = No activity for { $span }.


config-bad-schedule = cannot read "{ $value }" as a schedule (use e.g. weekly tuesday 10:00, monthly first tuesday 13:00, cron 0 10 * * 2)

standup-already-running = A stand-up round is already running.
## Schedules and reminders

usage-remind = !remind <me | #room | name> <when> <text> — when: in 2h, tomorrow 9:00, tuesday 10:00, 2026-12-01 13:00, every tuesday 10:00
summary-remind = sets a reminder, once or every week, in the person's own time zone; never on a holiday or during their leave.
example-remind = !remind me tomorrow 9:00 call the accountant
usage-reminders = !reminders
summary-reminders = lists the reminders you set or that are for you.
example-reminders = !reminders
usage-unremind = !unremind <id>
summary-unremind = cancels a reminder.
example-unremind = !unremind 4
hint-bad-when = Say when: in 2h, tomorrow 9:00, tuesday 10:00, 2026-12-01 13:00 or every tuesday 10:00.
hint-bad-reminder-id = A reminder id is a number such as 4.
remind-you = you
remind-set = Reminder #{ $id } for { $whom } on { $when }: { $text }
remind-set-every = Reminder #{ $id } for { $whom } every { $weekday } at { $time } (next: { $next }): { $text }
remind-past = That moment has passed already.
remind-too-far = That is too far ahead (three years at most).
remind-unknown-member = There is no member named { $name }.
remind-unknown-room = I am not in { $room }, so I could not post a reminder there. I can post in: { $rooms }.
remind-muted-room = I cannot post in { $room }: its settings do not let me, so a reminder there would never be read. I can post in: { $rooms }.
reminder-self = Reminder: { $text }
reminder-from = Reminder from { $owner }: { $text }
reminder-room-muted = Your reminder could not be posted in { $room }: its settings no longer let me post there. It said: { $text }
reminders-none = You have no reminders.
reminders-header = Reminders:
reminders-line = #{ $id } for { $whom }, { $when }: { $text }
reminders-line-every = #{ $id } for { $whom }, every { $weekday } at { $time } (next: { $next }): { $text }
unremind-done = Reminder #{ $id } cancelled ({ $text }).
unremind-none = You have no reminder #{ $id }.
late-prefix = (late: it was due on { $due }) { $text }
digest-header = Weekly digest of proposals:
meeting-share = Meetings took { $share } of the collective's hours { $when } ({ $meeting } of { $total }).
meeting-share-above = Meetings took { $share } of the collective's hours { $when } ({ $meeting } of { $total }), above the { $target } target.
meeting-share-within = Meetings took { $share } of the collective's hours { $when } ({ $meeting } of { $total }), within the { $target } target.
meeting-share-in = in { $month }
meeting-share-so-far = so far in { $month }
meeting-now = It is time for the { $meeting } ({ $date }). Open it with !meeting start { $committee }.
meeting-reminder = Reminder: the { $meeting } is on { $date }, in { $left }.
schedule-message = { $text }
standup-scheduled-nobody = Stand-up time, but nobody is here yet: start it with !standup when people arrive.
membership-nudge = A friendly heads-up about the membership rules, so you can catch up in time:
timer-still-running = Your timer on { $project } is still running, since { $since } ({ $elapsed }). Still working? Stop it with !punch out when you are done.


attendance-meeting-count = { $meeting } ×{ $count }

attendance-item = - { $meeting } ({ $date })

membership-status-excused = { $member } { $status } (justified absence)

private-hint = I only understand commands: !help lists them. To send your stand-up update beforehand: !update <line>, or a line starting with priorities:, help:, availability: or announce:.

timer-dropped = The timer on { $project } is stopped without recording anything; punch the real time with !punch <duration> { $project } [day].

punch-too-old = { $day } is more than { $days ->
    [one] { $days } day
   *[other] { $days } days
} ago: those hours cannot be punched here any more. Nothing was recorded.

decide-not-here = Deferred proposals are decided at a production or reflection meeting, not at the { $meeting }.

meeting-agenda-veto = veto by { $vetoer }: { $reason }

minutes-action = **{ $who }**: { $text }

standup-summary-item = { $who }: { $text }

config-bad-channel = "{ $value }" is not a channel name (it starts with #, without spaces or commas)
config-bad-room = "{ $value }" is not a Matrix room (a room id !id or an alias #name:server)
config-bad-matrix-id = "{ $value }" is not a Matrix user id (@name:server)
config-bad-url = "{ $value }" is not an address starting with https:// or http://
config-bad-postgres-url = "{ $value }" is not a PostgreSQL address (postgres://USER:PASSWORD@HOST:PORT/DATABASE)
config-both-storages = cannot be given with { $other }: konbit keeps its data either in a SQLite file (storage.database) or in PostgreSQL (storage.url)
config-bad-lease = cannot use "{ $value }": the lease lasts from 2s to 10m, and it is renewed at least twice per lease (e.g. lease = "6s", renew = "2s")

run-no-network = no network is configured: add an [irc] section with server and channels, or a [matrix] section with homeserver, user and rooms (see config/konbit.example.toml)
run-configure = configure { $path } first: { $missing }. `konbit init --system --force` writes the packaged service's file from a few questions.
run-no-members = no member is listed: add a [[members]] entry per member (name, and irc_account or matrix_id), since only members may propose, veto and punch
run-no-config-file = a configuration file (--config PATH)

punch-edited = Changed #{ $id }: { $duration } on { $project }, { $day } (was { $old } on { $old_project }).

## Connecting to the networks (konbit run)

matrix-no-session = the Matrix login gave no session
matrix-state-error = cannot use { $path }: { $detail }
matrix-session-unreadable = the saved Matrix session { $file } cannot be read ({ $detail }); remove { $dir } to log in again
matrix-client-failed = cannot set up the Matrix client: { $detail }
matrix-other-account = the session saved in { $dir } is { $saved }'s, not { $user }'s: remove that directory to log in as { $user }
matrix-restore-failed = cannot restore the Matrix session: { $detail }
matrix-password-unreadable = cannot read the Matrix password ({ $where }): { $detail }
matrix-token-unreadable = cannot read the Matrix access token ({ $where }): { $detail }
matrix-token-refused = cannot use the Matrix access token: { $detail }
matrix-token-no-device = this access token has no device; create one by logging in with a password
matrix-login-failed = Matrix login failed: { $detail }
matrix-unexpected-answer = unexpected answer from { $url }: { $detail }
secret-empty = the file or variable is empty
irc-password-unreadable = cannot read the IRC password ({ $where }): { $detail }
irc-sasl-refused = the IRC services refused the password of the bot's account { $account } on { $server } (SASL); check the account and its password, then start konbit again
irc-ca-unreadable = cannot read irc.tls_ca_file { $path }: { $detail }

## Labels of report rows, for media that draw tables (the row's sentence is hours-total, hours-care).
hours-total-label = Total
hours-care-label = Care and maintenance work
build-lacks-network = This konbit was built without { $networks } (a cargo feature), which the configuration uses. Build it with `cargo build --release --features { $networks }`, or remove that section.

## Operator commands: konbit backup, konbit feed, konbit init, konbit generate (src/ops/)

backup-no-database = there is no database at { $path } to back up (storage.database in the configuration)
backup-postgres = konbit keeps its data in PostgreSQL (storage.url): back it up with the server's own tools (pg_dump)
backup-exists = { $path } already exists; choose another file name, or add --force to replace it
backup-same-file = { $path } is the database itself; choose another file name
backup-done = Database copied to { $path } ({ $size }), checked sound. To restore: stop konbit, put this file in place of the database, start konbit.
backup-matrix-note = The Matrix state directory { $path } (the bot's device and its encryption keys) is not in this copy: save it with the service stopped (see docs/deploy.md).
backup-failed = the backup failed: { $detail }
migrate-no-source = say which SQLite file to move: --from FILE (the configuration's storage is already PostgreSQL: storage.url)
migrate-no-target = say where to move the collective: --to postgres://USER:PASSWORD@HOST:PORT/NAME (or storage.url in the configuration)
migrate-bad-url = { $url } is not a PostgreSQL address: write postgres://USER:PASSWORD@HOST:PORT/NAME
migrate-no-database = there is no SQLite database at { $path } to move
migrate-source-behind = the SQLite database { $path } is at migration { $have }, this konbit needs { $want }: start `konbit run` once on it (storage.database) to bring it up to date, stop it, then migrate
migrate-connect = cannot connect to the PostgreSQL database { $url }: { $detail }
migrate-not-empty = the PostgreSQL database { $url } is not empty ({ $tables }): konbit moves a collective only into an empty database, so that nothing there is lost or mixed with it. Create a new one (CREATE DATABASE …) or empty this one, then run this again; nothing was changed.
migrate-missing-table = the SQLite table { $table } has no counterpart in PostgreSQL (a migration missing in migrations/postgres): nothing was copied
migrate-extra-table = the PostgreSQL table { $table } has no counterpart in the SQLite database: nothing was copied
migrate-columns = the table { $table } has other columns in SQLite ({ $sqlite }) than in PostgreSQL ({ $postgres }): nothing was copied
migrate-type = the PostgreSQL column { $column } has a type the copy does not know ({ $type }): nothing was copied
migrate-cycle = the foreign keys of { $tables } go round in a circle: no order to copy them in; nothing was copied
migrate-bad-value = the table { $table }, column { $column }, holds a value PostgreSQL cannot take ({ $detail }): nothing was copied
migrate-mismatch = the PostgreSQL copy differs from the SQLite database in { $tables }: everything copied was rolled back (the PostgreSQL database holds konbit's empty tables).
migrate-failed = the move to PostgreSQL failed, nothing was copied: { $detail }
migrate-head-table = table
migrate-head-rows = rows
migrate-head-checksum = checksum
migrate-differs = differs: PostgreSQL has { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}, { $checksum }
migrate-done = { $tables ->
    [one] { $tables } table
   *[other] { $tables } tables
}, { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
} moved from { $from } to { $to }, each checked (rows and checksum). Now put `url = "…"` (this address) in place of `database` under [storage] in the configuration, and start konbit. The SQLite file was only read: keep it as a backup.
feed-address = The collective's calendar feed, for calendar applications (it opens without the access key: share it with the collective only): { $url }
feed-renewed = New address of the collective's calendar feed (the old one no longer works): { $url }
feed-revoked = The collective's calendar feed has no address of its own any more: calendars subscribed to it get nothing. `konbit feed new` gives it a new one.
feed-none = The collective's calendar feed has no address of its own (revoked). `konbit feed new` gives it one.
feed-failed = cannot read or change the calendar feed's address: { $detail }
instance-already-running = another konbit is already serving the database { $database }: process { $pid }, started { $started } (it holds { $lock }). Stop it first (`systemctl stop konbit` for the service); two bots on one database would both answer and announce.
instance-already-running-unknown = another konbit is already serving the database { $database } (it holds { $lock }). Stop it first (`systemctl stop konbit` for the service); two bots on one database would both answer and announce.
instance-lock-unusable = cannot open the database { $database }: its lock file { $path } cannot be opened: { $detail }
generate-done = written: { $path }
generate-failed = cannot write into { $path }: { $detail }
init-cancelled = konbit init cancelled ({ $detail }); nothing was written
init-eof = end of input
init-exists = { $path } already exists; choose another path with --output, or add --force to replace it
init-invalid = the configuration would not be valid ({ $count ->
    [one] { $count } problem
   *[other] { $count } problems
}); nothing was written:
init-write-failed = cannot write { $path }: { $detail }
init-missing = { $flag } is missing (needed without a terminal to ask on)
init-bad-language = unknown language "{ $value }": konbit speaks en and fr
init-bad-timezone = unknown time zone "{ $value }": give an IANA name such as America/Montreal, Europe/Paris or UTC
init-bad-instance = "{ $value }" cannot name an instance: use lowercase letters, digits and -, starting with a letter, at most 24 characters (not konbit, the main service's)
init-bad-member = cannot read the member "{ $value }": write NAME[:LANGUAGE[:IRC_ACCOUNT[:MATRIX_ID]]], e.g. alice:en:alice:@alice:example.org (language en or fr)
init-bad-network = unknown network "{ $value }": console, irc, matrix, or irc,matrix
init-bad-variable = "{ $value }" is not an environment variable name: use letters, digits and _, e.g. KONBIT_IRC_PASSWORD
init-bad-channel = "{ $value }" is not an IRC channel: it starts with #
init-ask-name = The collective's name
init-ask-language = The collective's language (en or fr)
init-ask-timezone = Its time zone (IANA name, e.g. America/Montreal, Europe/Paris)
init-ask-network = Where the bot serves (console, irc, matrix, or irc,matrix)
init-ask-irc-server = IRC server (e.g. irc.libera.chat)
init-ask-irc-tls = Connect with TLS (yes or no; no only for a server on this machine)
init-ask-irc-port = The IRC port ({ $tls ->
    [yes] 6697 is the usual TLS port
   *[no] 6667 is the usual plain-text port
})
init-bad-yes-no = "{ $value }": answer yes or no
init-bad-port = "{ $value }" is not a port: a number from 1 to 65535
init-ask-irc-channel = The collective's IRC channel (e.g. #acme)
init-ask-irc-nick = The bot's nick
init-ask-irc-account = The bot's services account (SASL)
init-ask-password-env = The environment variable that will hold the bot's password (never the password itself)
init-ask-matrix-homeserver = Homeserver address (e.g. https://matrix.example.org)
init-ask-matrix-user = The bot's Matrix account (e.g. @konbit:example.org)
init-ask-matrix-room = The collective's room (alias #office:example.org or id !…)
init-ask-members = The members, one per line: NAME[:LANGUAGE[:IRC_ACCOUNT[:MATRIX_ID]]]; "." or an empty line when done.
init-ask-member = Member
init-file-header = konbit configuration for { $name }, written by `konbit init`.
    Check it with: konbit check-config --config THIS_FILE
    Every key, with its default, is explained in config/konbit.example.toml.
    No password is ever written here: only the variable or file that holds it.
init-file-storage = The SQLite database (a relative path is read from this file's directory). Back it up with `konbit backup FILE`.
init-file-roles = The facilitation team (facilitator, note-taker, timekeeper), drawn before each scheduled meeting among the members expected there and announced in the room (!roles). Without this section no team is drawn.
init-file-minutes = Where !meeting end writes the minutes, beside the database (the Matrix state goes beside it too, in konbit.matrix).
init-file-calendar = Days that count for a proposal's 48 business hours, and the collective's holidays (or quebec_holidays = true for Québec's).
init-file-irc = The IRC network. The bot identifies with SASL PLAIN as sasl_account; its password is read
    from the environment variable password_env (or the file password_file) when konbit starts.
init-file-matrix = The Matrix homeserver. The password is needed for the first login only; the bot's
    device and encryption keys are then kept beside the database (konbit.matrix/): keep that directory.
init-file-projects = Projects to punch hours on (members can also add them with !project add NAME).
init-file-members = The roster: only members may propose, veto, punch. One member is one identity on every network.
init-written = Written: { $path }. Next steps:
init-step-irc-account = Register the bot's account on { $server }: connect as { $nick } with an IRC client and send /msg NickServ REGISTER <password> <e-mail> (then confirm it as the network asks). The account is { $account }.
init-step-irc-channel = Let { $nick } in { $channel }: invite it if the channel is invite-only, and if it is registered, give it voice or access so that it may speak there.
init-step-secret-env = Put the password in the environment variable { $var } of the process that runs konbit (under systemd: { $env_file }, mode 0600).
init-step-secret-file = Put the password alone in the file { $path }, readable by root only (chmod 600). The packaged service runs as a user of its own that cannot read it: pass it as a credential with systemctl edit { $unit }, LoadCredential={ $name }:{ $path } under [Service] (docs/deploy.md).
init-step-matrix-account = Create the bot's account { $user } on { $homeserver } (ask its administrators, or register it in a Matrix client), with its own password.
init-step-matrix-room = Invite { $user } into { $room }: it accepts invitations from members, or joins a public room by itself.
init-step-check = Check the file, and with --connect the account and password on each network (nothing is joined or sent): konbit check-config --config { $path } --connect
init-step-run = Start the bot: konbit run --config { $path } (for the Debian package's service, write the file with konbit init --system instead: its data must be under /var/lib/konbit)
init-step-service = Start the service: systemctl enable --now konbit, and follow it with journalctl -u konbit -f
init-step-instance = Start this collective's service: systemctl enable --now konbit@{ $name }, and follow it with journalctl -u konbit@{ $name } -f
init-step-console = Try it in this terminal: konbit console --config { $path }; then run konbit init again with --network irc or matrix.
probe-no-network = No network is configured ([irc], [matrix] or [mail]): nothing to connect to.
irc-not-tls = the server at { $address } does not speak TLS; set tls = false or use its TLS port
probe-timeout = no answer within { $seconds } s
probe-irc-identified = IRC { $place }: connected and identified as { $account } (SASL PLAIN). Nothing was joined or sent.
probe-irc-connected = IRC { $place }: connected (no account configured: konbit would go on unidentified). Nothing was joined or sent.
probe-irc-refused = IRC { $place }: the services refused the password of the account { $account } (SASL). Check the account name, its password, and that the account is registered and confirmed.
probe-irc-no-sasl = IRC { $place }: the server does not offer SASL, so konbit cannot identify there (its services may be down, or the network may not support SASL).
probe-irc-failed = IRC { $place }: { $detail }
probe-matrix-login = Matrix { $place }: the password works (a test session was opened and closed again; no room was read or written).
probe-matrix-token = Matrix { $place }: the access token works (no room was read or written).
probe-matrix-refused = Matrix { $place }: the homeserver refused the login ({ $detail }). Check the account and its password.
probe-matrix-other-user = the credentials belong to { $user }, not to the configured user
probe-matrix-failed = Matrix { $place }: { $detail }

## Mail (issue 15): configuration
config-bad-email = "{ $value }" is not a mail address (name@domain, nothing else)
config-plain-text-off-loopback = plain text ("none") is only allowed to this machine (localhost, 127.0.0.1, ::1), not to { $host }: use "starttls" or "tls"

## Mail (issue 15): proposals by e-mail
usage-mail = !mail [all | digest | none]
summary-mail = what you get by e-mail: every proposal as it happens (all), the digest of open proposals (digest), or nothing (none).
example-mail = !mail digest
mail-not-configured = This collective does not use e-mail (there is no [mail] section in konbit's configuration).
mail-no-address = The roster has no e-mail address for you; ask whoever keeps konbit's configuration to add email = "…" to your entry.
mail-pref = { $changed ->
    [yes] Done: you
   *[no] You
} { $pref ->
    [all] get every proposal and what happens to it
    [digest] get the digest of open proposals
   *[none] get nothing
} by e-mail, at { $address }. Change with !mail all, !mail digest or !mail none.
mail-sent-privately = I answered you privately (it shows your e-mail address).
mail-no-digest-scheduled = Note: no digest is scheduled yet, so you will get nothing until one is (a [[schedules]] entry with action = "digest").
mail-subject = Proposal #{ $id }: { $text }
mail-how-open = To veto it, reply to this e-mail with a first line such as: veto too expensive for now. Your reply counts when you send it.
mail-how-vetoed = You vetoed it. To lift your veto, reply to this e-mail with: unveto
mail-how-own = It is your proposal. To withdraw it, reply to this e-mail with: withdraw
mail-how-closed = Nothing more can be done about it.
mail-how-deferred = It will be decided at that meeting; there is nothing to do by e-mail until then.
mail-list-copy = This is the list's copy, for reading: to act on this proposal, reply to your own copy (sent to your address).
mail-digest-subject = { $collective }: open proposals
mail-digest-how = To veto one, say !veto <number> <reason> in the chat, or choose !mail all to get each proposal by e-mail and reply to it.
mail-usage = konbit did not understand your reply about proposal #{ $id }, whose first line read: { $line }
    It must be one of:
    { $veto } <your reason>   (to veto it)
    { $unveto }   (to lift your veto)
    { $withdraw }   (to withdraw your own proposal)
mail-veto-no-reason = A veto needs a reason: reply to this e-mail with { $veto } followed by your reason, for example: { $veto } too expensive for now
mail-other-proposal = This e-mail is about proposal #{ $id }, and your reply names #{ $other }: nothing was done. To act on #{ $other }, reply to its own e-mail, or say it in the chat.
mail-too-large = Your reply about proposal #{ $id } is too large for konbit to read (over 10 MiB: an attachment?), so nothing was done. Send the command again without attachments.
announced-by-mail = { $text } (by e-mail)
mail-key-unreadable = cannot read the key that signs reply addresses ({ $where }): { $detail }
mail-key-short = the key that signs reply addresses ({ $where }) is too short: use at least 16 random characters, e.g. the output of: openssl rand -hex 32
smtp-password-unreadable = cannot read the SMTP password ({ $where }): { $detail }
imap-password-unreadable = cannot read the IMAP password ({ $where }): { $detail }
probe-mail-key = Mail: the key that signs reply addresses is readable ({ $where }) and long enough.
probe-smtp = SMTP { $place }: the server answered and accepted the login { $login }. No mail was sent.
probe-smtp-anonymous = SMTP { $place }: the server answered (no login is configured). No mail was sent.
probe-imap = IMAP { $place }: logged in and the folder exists. Nothing was read or flagged.
probe-mail-failed = { $protocol } { $place }: { $detail }
# Calendar feeds (issue 16: /calendar.ics and each member's own feed)
cal-name = { $collective }: meetings and deadlines
cal-member-name = { $collective }: { $member }'s calendar
cal-meeting-holiday = Cancelled: it falls on a holiday.
cal-deadline-summary = Deadline of proposal #{ $id }: { $text }
cal-deferred-summary = Proposal #{ $id } at the { $meeting }: { $text }
cal-proposal-head = Proposal #{ $id } by { $proposer }: { $text }
cal-status = Status: { $state }
cal-veto = Veto by { $vetoer }: { $reason }
cal-deadline-open = Adopted at this time unless someone vetoes it (!{ $veto } { $id } followed by the reason).
cal-reminder-summary = Reminder: { $text }
cal-reminder-room = Posted in { $room }.
cal-reminder-for = For { $member }.
cal-reminder-from = Set by { $owner }.

## The web view (issue 16): `!web`, `konbit web`, the pages.
usage-web = !web [revoke]
summary-web = sends you privately a link to your own page on the web view (your hours, reminders and timer); a new !web replaces your old link, !web revoke ends it.
example-web = !web
config-bad-listen = "{ $value }" is not an address to listen on (IP:port, e.g. 127.0.0.1:8080 or [::1]:8080)
web-not-configured = The web view is not set up for this collective (no [web] section in the configuration).
web-not-configured-run = the configuration has no [web] section with listen and base_url: nothing to serve
web-sent-privately = I sent you the link privately.
web-link = Your own page (hours, reminders, timer): { $url } — keep this link to yourself. !web again gives you a new link and the old one stops working; !web revoke ends it.
web-link-replaced = Your new page link: { $url } — your previous link no longer works. Keep this one to yourself; !web revoke ends it.
web-revoked = Your page link is revoked: it no longer works. !web gives you a new one.
web-revoked-none = You had no page link to revoke.
web-key-unreadable = cannot read the web view's access key ({ $where }): { $detail }
web-key-weak = the web view's access key ({ $where }) must be at least 16 characters of letters, digits, - _ . ~ (e.g. from: head -c 24 /dev/urandom | base64 | tr '+/' '-_')
web-cannot-listen = cannot listen on { $address }: { $detail }
web-listening = The web view is at { $address }
web-language-name = English
web-skip = Skip to the content
web-nav-label = Pages
web-nav-home = Home
web-nav-decisions = Decisions
web-nav-minutes = Minutes
web-nav-hours = Hours
web-nav-membership = Membership
web-nav-attendance = Attendance
web-footer = Read-only view of what the bot records. Everything here is decided and recorded in the chat.
web-bad-request = This address is not right
web-bad-lang = There is no language "{ $value }" here: use lang=en or lang=fr.
web-bad-year = "{ $value }" is not a year between { $min } and { $max }.
web-bad-status = "{ $value }" is not a status; use one of: { $allowed }.
web-bad-page = "{ $value }" is not a page number between 1 and { $max }.
web-too-long = The address is too long.
web-not-found = Nothing here
web-not-found-detail = There is no page at this address. A personal link that was revoked or replaced no longer works: ask the bot for a new one with !web.
web-failed = The page could not be read
web-private = These pages are private
web-private-detail = Only the collective's members can read these pages: open them with the access link the collective shared with you.
web-title-home = What is happening now
web-open-proposals = Open proposals
web-how-to-veto = A proposal is adopted at its deadline unless someone vetoes it. To veto, say !{ $veto } NUMBER REASON in the collective's room before the deadline: it then goes to the next meeting. !{ $unveto } NUMBER lifts your veto.
web-next-meetings = Next meetings
web-no-meetings = No meeting is scheduled.
web-agenda-heading = Agenda of the { $meeting }
web-feed-how = Subscribe to this address in your calendar application for the meetings and the proposals' deadlines:
web-recent-decisions = Recent decisions
web-no-decisions = Nothing has been decided yet.
web-whole-register = The whole decision register
web-title-decisions = Decision register
web-filters = Filters
web-filter-status = Status
web-filter-all = all
web-filter-year = Year
web-filter-apply = Show
web-register-count = { $count ->
    [0] No proposals
    [one] One proposal
   *[other] { $count } proposals
}, page { $page } of { $pages }.
web-register-empty = No proposal matches.
web-col-proposal = Proposal
web-col-status = Status
web-col-vetoes = Vetoes
web-col-decision = Decision
web-proposed-by = by { $proposer }, { $when }
web-until = until { $when }
web-veto-by = { $who }: { $reason }
web-veto-lifted = (lifted)
web-decided-by-meeting = decided by a meeting
web-decided-at-deadline = adopted at its deadline, without a veto
web-minutes-link = minutes of the meeting
web-pages = Pages of the register
web-newer = ← Newer
web-older = Older →
web-title-minutes = Minutes
web-no-minutes = No meeting has been held yet.
web-col-meeting = Meeting
web-col-started = Started
web-col-minutes = Minutes
web-read-minutes = read the minutes
web-meeting-open = still open
web-title-meeting = { $meeting }, { $when }
web-minutes-none = No minutes were recorded for this meeting.
web-minutes-in-en = These minutes are in English, the collective's language: they are written once, as the meeting went.
web-minutes-in-fr = These minutes are in French, the collective's language: they are written once, as the meeting went.
web-all-minutes = All the minutes
web-title-hours = Hours in { $year }
web-hours-summary = Worked this year by the collective: { $total }; care and maintenance work: { $care }.
web-hours-privacy = Collective totals only: nobody's own hours are shown here.
web-hours-by-month = By month
web-hours-by-project = By project
web-hours-by-member = By member (the collective shares individual hours)
web-hours-none = No hours recorded.
web-chart-caption = Paid and volunteer hours; the table below gives the same figures.
web-care-project = { $project } (care and maintenance)
web-meeting-project = { $project } (meetings)
web-paid = Paid
web-volunteer = Volunteer
web-total = Total
web-hours-meetings = Share of the hours in meetings
web-hours-meetings-target = The collective aims to spend at most { $target } of its hours in meetings (the dashed line).
web-hours-meetings-caption = The share of each month's hours (paid and volunteer) that went to meeting projects; the table below gives the same figures.
web-target-label = target { $target }
web-col-month = Month
web-col-meetings = Meetings
web-col-all-hours = All hours
web-col-share = Share
web-col-what = What
web-title-membership = Membership
web-rules = The rules
web-rule-committees = Attend { $count ->
    [one] at least one committee
   *[other] at least { $count } different committees
} over the last { $months ->
    [one] month
   *[other] { $months } months
}.
web-rule-reflection = Attend { $count ->
    [one] at least one reflection meeting
   *[other] at least { $count } reflection meetings
} over the last { $months ->
    [one] month
   *[other] { $months } months
}.
web-rule-hours = Work at least { $hours } a month, meeting time excluded.
web-rule-warn = Below { $hours } over the last months, a member is at risk.
web-rule-absence = No activity for more than { $weeks ->
    [one] a week
   *[other] { $weeks } weeks
} (without a justified absence) breaks the rules.
web-membership-period = Checked over { $from } to { $to }.
web-statuses = Where each member stands
web-col-member = Member
web-excused = (justified absence)
web-membership-privacy = Only the status is shown; each member gets their own figures privately with !membership.
web-title-attendance = Attendance
web-attendance-legend = The latest meetings: present, absent, or absence justified beforehand.
web-present = present
web-absent = —
web-excused-absence = justified absence
# $vowel (yes/no: the name begins with a vowel sound) is for languages that elide.
web-title-own = { $vowel ->
   *[other] { $member }'s page
}
web-own-private = This page is yours alone: do not share its address.
web-own-timer = Timer
web-own-timer-running = Running on { $project } since { $since } ({ $running }).
web-own-no-timer = No timer is running.
web-own-hours = Your hours in { $year }
web-col-project = Project
web-own-reminders = Your reminders
web-own-no-reminders = You have no reminder.
web-own-weekly = (every week)
web-own-calendar = Your calendar
web-own-calendar-how = Subscribe to this address in your calendar application for the meetings, the deadlines and your own reminders:
web-own-revoke = To stop this link working, say !web revoke to the bot; !web gives you a new one.
web-own-collective-calendar = The collective's calendar alone (meetings and deadlines, without your reminders), for a calendar shared with others:

## The agenda prepared ahead of a meeting (src/app/agenda.rs)
usage-agenda = !agenda [meeting] [add <title> [info|brainstorm|decision] [15m] | remove <n>]
summary-agenda = the next meeting's agenda (production unless you name one): the deferred proposals, then the items members added, each with its kind and time box. add puts an item on it (without a time box, its kind's usual one; a decision names a proposal, #12, or says what is to be decided); remove takes off an item you added. It goes out with the meeting's reminders and is posted when the meeting starts.
example-agenda = !agenda add Buy a second laser cutter decision 20m
hint-agenda-number = An agenda item is given by its number, as !agenda shows it: !agenda remove 3.
hint-decision-what = A decision item names a proposal (#12) or says in a few words what is to be decided, e.g. !agenda add Buy a second laser cutter decision.
hint-time-box-too-long = An item's time box is at most 4 hours.
agenda-kind-info = information
agenda-kind-brainstorm = brainstorm
agenda-kind-decision = decision
agenda-item = { $n }. { $title } — { $kind }, { $timebox } ({ $author })
agenda-items = Items added by members ({ $total } in all):
agenda-no-items = No item added yet: !agenda add <title> [info|brainstorm|decision] [15m].
agenda-heading = Agenda of the { $meeting }:
agenda-added = Added to the agenda of the { $meeting }: { $line }
agenda-remove-none = There is no item { $n } on an agenda ahead (the items of a meeting that started belong to it).
agenda-remove-not-yours = Only { $author }, who added item { $n }, can remove it.
agenda-removed = Item { $n } removed from the agenda of the { $meeting }: { $title }
agenda-mail-subject = { $collective }: agenda of the { $meeting }
minutes-agenda = Agenda
usage-item = !item [next]
summary-item = during a meeting: which agenda item it is on and for how long. next leaves it (saying how long it took against its time box) and takes up the next one; the room is told when that item's time box is nearly over (2 minutes before its end, 1 minute for a box under 10 minutes) and when it is over. The minutes show the time each item took.
example-item = !item next
item-how = Say !item next to take up item { $n }; the room is told when an item's time box is nearly over.
item-taken-up = Now: { $line }, taken up by { $who } — { $after ->
    [0] the last item
    [one] { $after } item after it
   *[other] { $after } items after it
}.
item-left = Item { $n } ({ $title }) took { $took } min / { $timebox } min.
item-last-done = That was the last item of the agenda.
item-current = Current item: { $line } — { $took } min / { $timebox } min so far.
item-none-yet = No item taken up yet; !item next takes up this one: { $line }
item-no-agenda = This meeting has no agenda items (they are added ahead with !agenda add).
item-all-done = Every item of the agenda was taken up.
item-nearly-over = Item { $n } ({ $title }): { $left ->
    [one] { $left } minute
   *[other] { $left } minutes
} left in its time box.
item-over = Item { $n } ({ $title }): its time box ({ $timebox }) is over — !item next when you are ready.
minutes-item-time = { $line } — { $took } min / { $timebox } min
minutes-item-not-reached = { $line } — not taken up

## The rotating facilitation team (src/app/roles.rs)
usage-roles = !roles [meeting] | !roles pass <role>
summary-roles = the team drawn for the next meeting (production unless you name one): who holds each role, when and with which seed it was drawn (so anyone can check it), and the rotation — who served which role when. The team is drawn some days before each meeting among the members expected there: whoever served fewest times goes first, each role to whoever held it fewest times, then least recently, nobody holds two roles, newcomers wait until they have attended a few meetings. pass hands your role back: the bot draws someone else and announces it.
example-roles = !roles pass timekeeper
hint-roles-role = Say which role you hand back, e.g. !roles pass timekeeper.
config-role-name-too-long = "{ $value }" is too long for a role name (at most 40 characters)
role-facilitator = facilitator
role-note-taker = note-taker
role-timekeeper = timekeeper
role-facilitator-aliases = facilitation, chair, animation, animateur, animatrice
role-note-taker-aliases = notes, note taker, minutes, secretary, secrétaire, secrétariat, prise de notes
role-timekeeper-aliases = time keeper, time, gardien du temps, gardienne du temps, gardien·ne du temps
roles-holder = { $role }: { $member }
roles-holder-nobody = { $role }: nobody left to draw
roles-drawn = Team of the { $meeting }, drawn by lot: { $team }. Seed { $seed } (!roles shows the rotation; !roles pass <role> hands a role back).
roles-heading = Team of the { $meeting }: { $team }.
roles-seed = Drawn { $date } with seed { $seed }: whoever served on a team fewest times goes first, then each role goes to whoever held it fewest times, then least recently; ties go to the smaller FNV-1a hash of the seed and the name.
roles-none-yet = No team drawn yet for the { $meeting }: it is drawn { $date }.
roles-none-unscheduled = The { $meeting } has no schedule: no team is drawn for it.
roles-none-configured = The { $meeting } has no roles to draw.
roles-rotation = Rotation, latest first:
roles-rotation-line = { $date }: { $team }
roles-rotation-empty = Nobody has served on a team yet.
roles-unknown-role = There is no role called { $role }; the roles: { $roles }.
roles-pass-none-drawn = No team is drawn for a meeting ahead yet: there is no role to hand back.
roles-pass-not-on-team = You hold no role on a team drawn for a meeting ahead.
roles-pass-not-yours = You are not { $role } at a meeting ahead; your role: { $roles }.
roles-passed = { $who } handed back the role of { $role } for the { $meeting }; drawn instead: { $member } (seed { $seed }).
roles-passed-nobody = { $who } handed back the role of { $role } for the { $meeting }; nobody is left to draw: who takes it?
meeting-team = The team: { $team }.
minutes-team = Team
minutes-team-seed = Drawn by lot with seed { $seed }.
web-team = Facilitation team
web-no-team = No team is drawn yet for a meeting ahead.
web-team-seed = seed
web-role-colon = {": "}
web-role-nobody = nobody left to draw
web-rotation = Rotation of the facilitation team
web-no-rotation = Nobody has served on a team yet.
roles-period = Facilitation teams:
roles-period-line = { $meeting }: { $team }
