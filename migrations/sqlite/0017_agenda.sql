-- The agenda prepared ahead of a meeting (issue 31, README "Meetings"): items members add
-- with `!agenda add` for the next meeting of a committee (production, reflection or a
-- configured committee), each with its kind (info, brainstorm, decision) and time box in
-- minutes. `meeting_id` is NULL while the item waits for its meeting; `!meeting start`
-- of that committee sets it, and from then on the item belongs to that meeting (its
-- minutes list it). `proposal_id`: the proposal a decision item names (`#12`), if any.
-- A removed item is deleted; AUTOINCREMENT keeps its number from being given to another
-- (`!agenda remove 5` must never reach an item added since).
CREATE TABLE agenda_items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    committee    TEXT NOT NULL,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('info', 'brainstorm', 'decision')),
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    proposal_id  INTEGER,
    author       TEXT NOT NULL,
    added_at     INTEGER NOT NULL,
    meeting_id   INTEGER REFERENCES meetings(id)
);
CREATE INDEX agenda_items_ahead ON agenda_items (committee, id) WHERE meeting_id IS NULL;
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, id);
