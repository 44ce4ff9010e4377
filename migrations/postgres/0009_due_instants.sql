-- Every pending event keeps the instant it is to be delivered, with holidays, leave and
-- DST already applied, in an indexed column: the next due instant is one lookup per kind,
-- and a tick reads only what is due. The bot fills these columns at start (rows written
-- by older versions included) and keeps them when an event is created, when it fires and
-- when a member declares leave.

-- A reminder's delivery instant for its current occurrence (`next_due`); NULL once done.
ALTER TABLE reminders ADD COLUMN deliver_at BIGINT;
CREATE INDEX reminders_by_delivery ON reminders (deliver_at)
    WHERE deliver_at IS NOT NULL AND cancelled_at IS NULL;
-- A member's reminders: `!reminders`, and moving them when they declare leave.
CREATE INDEX reminders_by_owner ON reminders (owner, next_due);
CREATE INDEX reminders_by_target ON reminders (target, target_kind);

-- A configured schedule's delivery instant for `next_due`; NULL when it is no longer
-- configured.
ALTER TABLE schedule_state ADD COLUMN deliver_at BIGINT;
CREATE INDEX schedule_state_by_delivery ON schedule_state (deliver_at) WHERE deliver_at IS NOT NULL;

-- An open proposal's next event: its nearest reminder not yet sent, or its deadline.
ALTER TABLE proposals ADD COLUMN next_event_at BIGINT;
CREATE INDEX proposals_by_next_event ON proposals (state, next_event_at);

-- Running timers not yet flagged (past the limit) or reminded (still running).
CREATE INDEX timers_unflagged ON timers (started_at) WHERE flagged_at IS NULL;
CREATE INDEX timers_unreminded ON timers (started_at) WHERE reminded_at IS NULL;
