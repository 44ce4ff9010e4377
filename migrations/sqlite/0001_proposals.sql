-- Proposals, their vetoes, the reminders already sent, and the decision register.
-- Instants are UTC milliseconds since the Unix epoch.

CREATE TABLE proposals (
    id            INTEGER PRIMARY KEY,
    room          TEXT    NOT NULL,
    proposer      TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    budget_cents  INTEGER,
    over_budget   INTEGER NOT NULL DEFAULT 0 CHECK (over_budget IN (0, 1)),
    created_at    INTEGER NOT NULL,
    deadline_at   INTEGER NOT NULL,
    state         TEXT    NOT NULL
                  CHECK (state IN ('open', 'deferred', 'adopted', 'rejected', 'withdrawn')),
    -- The meeting it was sent to when last deferred (by a veto or the budget cap).
    meeting_kind  TEXT    CHECK (meeting_kind IN ('production', 'reflection')),
    meeting_at    INTEGER,
    closed_at     INTEGER,
    outcome_note  TEXT
);

CREATE INDEX proposals_by_state ON proposals (state, deadline_at);

CREATE TABLE vetoes (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id),
    vetoer       TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    lifted_at    INTEGER
);

-- One standing veto per person and proposal.
CREATE UNIQUE INDEX vetoes_one_standing ON vetoes (proposal_id, vetoer) WHERE lifted_at IS NULL;

-- A reminder is sent at most once per proposal and offset.
CREATE TABLE proposal_reminders (
    proposal_id     INTEGER NOT NULL REFERENCES proposals (id),
    offset_minutes  INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, offset_minutes)
);

-- The decision register: one outcome per proposal, ever.
CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL UNIQUE REFERENCES proposals (id),
    outcome      TEXT    NOT NULL CHECK (outcome IN ('adopted', 'rejected')),
    decided_at   INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL,
    how          TEXT    NOT NULL CHECK (how IN ('deadline', 'meeting')),
    note         TEXT
);
