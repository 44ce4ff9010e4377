-- Announcements waiting for a network connection (SPEC §9): written when they fall due,
-- deleted once written to the server, so none is lost while the bot is disconnected.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    effect      TEXT    NOT NULL,        -- the effect, as JSON
    created_at  INTEGER NOT NULL,
    sending_at  INTEGER                  -- handed to the connection (not yet confirmed written)
);
