-- Punched hours (SPEC §4): projects, entries and running timers.
-- Days are local dates in the collective's time zone, 'YYYY-MM-DD'; instants are UTC
-- milliseconds since the Unix epoch.

CREATE TABLE projects (
    name      TEXT    PRIMARY KEY,
    kind      TEXT    NOT NULL DEFAULT 'work' CHECK (kind IN ('work', 'meeting', 'care')),
    added_by  TEXT,                      -- NULL: declared in the configuration
    added_at  INTEGER NOT NULL
);

CREATE TABLE punches (
    id          INTEGER PRIMARY KEY,
    member      TEXT    NOT NULL,
    project     TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    volunteer   INTEGER NOT NULL DEFAULT 0 CHECK (volunteer IN (0, 1)),
    note        TEXT,
    source      TEXT    NOT NULL DEFAULT 'punch' CHECK (source IN ('punch', 'timer')),
    created_at  INTEGER NOT NULL,
    deleted_at  INTEGER                  -- undone or deleted: kept, never counted
);

-- Reports scan a range of days; these cover them without touching the table.
CREATE INDEX punches_by_day ON punches (day, project, volunteer, minutes) WHERE deleted_at IS NULL;
CREATE INDEX punches_by_member ON punches (member, day, project, volunteer, minutes) WHERE deleted_at IS NULL;

-- One running timer per member.
CREATE TABLE timers (
    member      TEXT    PRIMARY KEY,
    project     TEXT    NOT NULL,
    volunteer   INTEGER NOT NULL DEFAULT 0 CHECK (volunteer IN (0, 1)),
    note        TEXT,
    started_at  INTEGER NOT NULL,
    flagged_at  INTEGER                  -- when its owner was told it ran past the limit
);
