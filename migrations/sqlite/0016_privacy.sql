-- A member's data is theirs (docs/privacy.md): `!mydata`, `konbit export member`,
-- `konbit erase member`, and the daily retention run.

-- Members erased with `konbit erase member`: the stable pseudonym that replaced their name
-- in what the collective keeps (proposals, vetoes, decisions, attendance, minutes, hours).
-- Their name is not kept anywhere: the pseudonym is all that says a member was there.
CREATE TABLE former_members (
    id          INTEGER PRIMARY KEY,
    pseudonym   TEXT    NOT NULL UNIQUE,
    erased_at   INTEGER NOT NULL
);

-- Private links to download one's own data (`!mydata`): the same mechanism as the page
-- links (web_links), apart so that a download link never opens the page and a new `!web`
-- leaves it alone. Only the SHA-256 of each secret is kept; a link ends at `expires_at`.
CREATE TABLE data_links (
    id          INTEGER PRIMARY KEY,
    member      TEXT    NOT NULL,
    secret_hash BLOB    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX data_links_by_member ON data_links (member) WHERE revoked_at IS NULL;

-- The retention run (docs/privacy.md): when it last ran. It runs at 04:00 local time on a
-- day something has passed its period, at most once a day; its next day is read from the
-- oldest row of each kind, through the indexes below.
CREATE TABLE retention_runs (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_run  INTEGER
);
INSERT INTO retention_runs (id, last_run) VALUES (1, NULL);

CREATE INDEX reminders_cancelled ON reminders (cancelled_at) WHERE cancelled_at IS NOT NULL;
CREATE INDEX reminders_done ON reminders (created_at) WHERE next_due IS NULL AND cancelled_at IS NULL;
CREATE INDEX standup_updates_by_time ON standup_updates (at);
CREATE INDEX standups_ended ON standups (ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX absences_by_end ON absences (to_day);
CREATE INDEX mail_seen_by_time ON mail_seen (handled_at);
CREATE INDEX mail_usage_by_time ON mail_usage (sent_at);
CREATE INDEX web_links_revoked ON web_links (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX data_links_by_end ON data_links (expires_at);
CREATE INDEX punches_undone ON punches (deleted_at) WHERE deleted_at IS NOT NULL;
