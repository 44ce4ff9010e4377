-- Stand-up rounds, meetings with minutes, attendance and justified absences (SPEC §5).
-- Days are local dates 'YYYY-MM-DD'; instants are UTC milliseconds since the epoch.

CREATE TABLE absences (
    id          INTEGER PRIMARY KEY,
    member      TEXT    NOT NULL,
    from_day    TEXT    NOT NULL,
    to_day      TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK (from_day <= to_day)
);
CREATE INDEX absences_by_member ON absences (member, from_day);

-- A meeting of a committee: 'production', 'reflection' or a committee's name.
CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    room          TEXT    NOT NULL,
    committee     TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    started_by    TEXT    NOT NULL,
    ended_at      INTEGER,
    minutes_path  TEXT,
    minutes       TEXT
);
CREATE UNIQUE INDEX meetings_one_open_per_room ON meetings (room) WHERE ended_at IS NULL;
CREATE INDEX meetings_by_start ON meetings (started_at);

CREATE TABLE attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    member      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    how         TEXT    NOT NULL CHECK (how IN ('here', 'standup')),
    PRIMARY KEY (meeting_id, member)
);
CREATE INDEX attendance_by_member ON attendance (member);

CREATE TABLE meeting_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('topic', 'agreed', 'action', 'decision')),
    who         TEXT,
    text        TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    at          INTEGER NOT NULL
);

-- A stand-up round; `round` holds its state (JSON) while it runs, `summary` after.
CREATE TABLE standups (
    id          INTEGER PRIMARY KEY,
    room        TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    round       TEXT    NOT NULL,
    summary     TEXT
);
CREATE UNIQUE INDEX standups_one_running_per_room ON standups (room) WHERE ended_at IS NULL;

-- Updates sent privately before a round; used by the next round.
CREATE TABLE standup_updates (
    id        INTEGER PRIMARY KEY,
    member    TEXT    NOT NULL,
    line      TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    used_by   INTEGER REFERENCES standups (id)
);
