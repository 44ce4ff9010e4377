-- The rotating facilitation team (issue 31, README "Meetings"): some days before each
-- scheduled meeting the bot draws who holds each configured role (facilitator,
-- note-taker, timekeeper…) among the members expected there.
--
-- `role_draws`: one per meeting drawn for, unique by (committee, occurrence: the
-- meeting's scheduled instant, UTC milliseconds), so a draw repeated after a restart is
-- ignored. `seed`: the seed of the team's draw, as shown by `!roles` (16 hex digits), so
-- anyone can redo it. `meeting_id`: the meeting that took this team when it started
-- (`!meeting start`), NULL before.
CREATE TABLE role_draws (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    committee   TEXT    NOT NULL,
    occurrence  INTEGER NOT NULL,
    seed        TEXT    NOT NULL,
    drawn_at    INTEGER NOT NULL,
    meeting_id  INTEGER REFERENCES meetings (id),
    UNIQUE (committee, occurrence)
);
CREATE INDEX role_draws_by_meeting ON role_draws (meeting_id);

-- Who holds each role of a draw. `member` NULL: nobody was left to draw. A role handed
-- back (`!roles pass`) keeps its row with `passed_at` set, and the one drawn again gets
-- a new row (with the seed of that draw): one current holder per role.
CREATE TABLE role_holders (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    draw_id      INTEGER NOT NULL REFERENCES role_draws (id),
    role         TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    member       TEXT,
    seed         TEXT    NOT NULL,
    assigned_at  INTEGER NOT NULL,
    passed_at    INTEGER
);
CREATE UNIQUE INDEX role_holders_current ON role_holders (draw_id, role) WHERE passed_at IS NULL;
CREATE INDEX role_holders_by_member ON role_holders (member);
