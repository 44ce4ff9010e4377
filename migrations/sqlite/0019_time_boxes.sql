-- Time boxes during a meeting (issue 31, README "Meetings"): `!item next` takes up the
-- meeting's agenda items one after the other. `began_at` and `ended_at` (milliseconds)
-- say when the item was taken up and left (the next one taken up, or `!meeting end`);
-- the minutes show the time it took against its box. `warn_at` and `over_at` are the
-- instants the room is told the item's time box is nearly over and over: set when it is
-- taken up, cleared once said, and both cleared when the item is left — so each is said
-- once, never again after a restart, never for an item already left. Indexed like every
-- pending event (store/due.rs): the next one due is one lookup.
ALTER TABLE agenda_items ADD COLUMN began_at INTEGER;
ALTER TABLE agenda_items ADD COLUMN ended_at INTEGER;
ALTER TABLE agenda_items ADD COLUMN warn_at INTEGER;
ALTER TABLE agenda_items ADD COLUMN over_at INTEGER;
CREATE INDEX agenda_items_warn ON agenda_items (warn_at) WHERE warn_at IS NOT NULL;
CREATE INDEX agenda_items_over ON agenda_items (over_at) WHERE over_at IS NOT NULL;
