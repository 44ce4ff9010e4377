-- Active/standby (docs/storage.md, "A standby that takes over"): two or more `konbit run`
-- on one PostgreSQL database; the one holding this row's lease is active, the others
-- wait. `epoch` grows at each takeover: every unit of work of the active one checks it
-- before it commits (fencing), so an old leader that wakes up after a pause cannot
-- write. `expires_at` is in milliseconds by the database's clock (the only clock every
-- instance shares); `holder` names the process for the standbys' logs.
CREATE TABLE leader_lease (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    epoch       BIGINT   NOT NULL,
    holder      TEXT     NOT NULL,
    expires_at  BIGINT   NOT NULL
);
