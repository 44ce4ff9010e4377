-- Schedules, reminders and timer reminders (SPEC §6). Instants are UTC milliseconds.

-- Each configured schedule's next occurrence still to handle. `spec` is the schedule as
-- configured: when it changes, the schedule starts again from now.
CREATE TABLE schedule_state (
    name      TEXT    PRIMARY KEY,
    spec      TEXT    NOT NULL,
    next_due  INTEGER NOT NULL
);

-- Reminders set with !remind.
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    owner          TEXT    NOT NULL,
    target_kind    TEXT    NOT NULL CHECK (target_kind IN ('member', 'room')),
    target         TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    tz             TEXT    NOT NULL,     -- the zone its times are read in
    every_weekday  INTEGER CHECK (every_weekday BETWEEN 0 AND 6),
    every_time     TEXT,                 -- 'HH:MM' for a recurring reminder
    next_due       INTEGER,              -- NULL once a one-off reminder is delivered
    created_at     INTEGER NOT NULL,
    cancelled_at   INTEGER
);
CREATE INDEX reminders_due ON reminders (next_due) WHERE next_due IS NOT NULL AND cancelled_at IS NULL;

-- When the owner of a running timer was reminded it is still running.
ALTER TABLE timers ADD COLUMN reminded_at INTEGER;
