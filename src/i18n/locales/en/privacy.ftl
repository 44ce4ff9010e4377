## A member's data is theirs (issue 32, docs/privacy.md): `!mydata`, its download,
## `konbit export member`, `konbit erase member`, the retention settings.

config-bad-retention = cannot read "{ $value }" as a retention period: write a number of days such as "90d" (from 1d to { $max }d), or "" to keep it until the member is erased

usage-mydata = !mydata
summary-mydata = tells you privately what konbit holds about you (how many of each kind, from when to when) and gives you a private link to all of it, as JSON and CSV files in one archive.
example-mydata = !mydata

mydata-nothing = konbit holds nothing about you yet besides your entry in the roster.
mydata-head = What { $collective }'s konbit holds about you:
mydata-row = { $kind }: { $count } ({ $dates })
mydata-on = { $day }
mydata-from-to = { $oldest } to { $newest }
mydata-kind-hours = hours entries
mydata-kind-timer = running timer
mydata-kind-absences = absences
mydata-kind-attendance = meetings attended
mydata-kind-meetings-started = meetings you started
mydata-kind-meeting-items = minutes items by you or for you
mydata-kind-agenda-items = agenda items you added
mydata-kind-roles = facilitation roles drawn for you
mydata-kind-proposals = proposals
mydata-kind-vetoes = vetoes
mydata-kind-reminders = reminders
mydata-kind-standup-updates = stand-up updates sent beforehand
mydata-kind-standup-turns = stand-up turns and lines
mydata-kind-links = page and download links
mydata-kind-mail-choice = e-mail choice
mydata-kind-mail-replies = e-mail replies handled
mydata-kind-mail-answers = e-mail usage answers
mydata-kind-projects-added = projects you added
mydata-kind-pending-messages = messages waiting for you
mydata-link = All of it, as JSON and CSV in one zip archive: { $url } — for you only, it works until { $until }; !mydata again gives you a new link.
mydata-ask-operator = The collective's web view is not set up, so I cannot give you a link: ask whoever runs konbit for your archive (konbit export member and your name).
mydata-sent-privately = I answered you privately.
mydata-more = docs/privacy.md says what is kept, for how long, and how to have it erased when you leave.
mydata-readme =
    Everything konbit held about { $member } for { $collective } on { $when } (UTC).

    data.json holds all of it; each CSV file holds one kind (hours.csv, absences.csv, reminders.csv...), one row per record, with a header line. Instants are in UTC (RFC 3339); days are the collective's local days (YYYY-MM-DD).

    identity.csv is your entry in the roster: your names on the networks and your e-mail address.
    Of the collective's records (proposals, vetoes, meetings, agendas, facilitation teams, stand-up rounds), only your part is here: what you proposed, vetoed, attended, put on an agenda (agenda_items.csv) and said, and the roles you were drawn for (roles.csv), never what others did.

privacy-pseudonym = former-member-{ $number }

web-own-data = Your data
web-own-data-how = Everything konbit holds about you, as JSON and CSV files in one zip archive (!mydata tells you the same in the chat).
web-own-data-link = Download my data

export-member-terminal = the archive is a zip file: give --output FILE, redirect the standard output to a file, or use --format json
export-member-failed = cannot export the member's data: { $detail }
export-member-done = { $member }'s data is in { $path } (readable by you only).
member-unknown = konbit holds nothing about { $name }: no member of the roster has this name, and nothing is recorded under it
erase-failed = cannot erase the member: { $detail }
erase-already = { $name } is the pseudonym of a member erased already
erase-no-file = { $name } is in the built-in roster of no file: name the configuration file with --config so that they leave the roster too
erase-file-unwritable = { $path } cannot be rewritten ({ $detail }): the member must leave the roster with their data, so nothing was erased; run konbit erase as a user who may write the configuration file
erase-plan = konbit will erase { $name }. It holds:
erase-plan-what = Their reminders, stand-up updates, timer, e-mail choice and replies, page links, undone hours, the reasons of their absences and the messages waiting for them will be deleted. Their proposals, vetoes, attendance, meetings, minutes items and hours stay under a pseudonym, and the minutes files too; their name is replaced everywhere, in other people's words too. This cannot be undone: take a backup first (konbit backup FILE) if in doubt.
erase-plan-roster = They will leave the roster in { $path }.
erase-plan-not-in-roster = { $name } is not in the roster: only what is recorded under this name is erased (their network handles and e-mail address are not known).
erase-confirm = Type { $name } to confirm:
erase-not-confirmed = Nothing was erased.
erase-done = { $name } is erased: { $deleted ->
    [one] one record
   *[other] { $deleted } records
} deleted, { $kept ->
    [one] one
   *[other] { $kept }
} kept under the pseudonym { $pseudonym }, { $files ->
    [one] one minutes file
   *[other] { $files } minutes files
} rewritten, and the database file rewritten without what was deleted.
erase-wipe-failed = The database file could not be rewritten yet ({ $detail }): the deleted data stays in its free pages until konbit backup or a VACUUM; stop konbit and run sqlite3 DATABASE VACUUM.
erase-roster-done = { $name } left the roster in { $path }: reload konbit if it is running (systemctl reload konbit).
erase-roster-failed = { $name } could not be taken out of the roster in { $path } ({ $detail }): remove their [[members]] entry by hand, then reload konbit.
