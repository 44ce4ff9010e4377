-- Active/standby is for PostgreSQL (docs/storage.md, "A standby that takes over"): on
-- SQLite one konbit runs at a time (the lock file beside the database), and this table
-- stays empty. It exists so that both databases have the same tables (a moved
-- collective keeps its shape).
CREATE TABLE leader_lease (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    epoch       INTEGER  NOT NULL,
    holder      TEXT     NOT NULL,
    expires_at  INTEGER  NOT NULL
);
