-- Network events already handled, by the network's own id (Matrix event ids): a sync
-- replayed after an interruption, or from a stale sync token, never records twice.
CREATE TABLE network_events (
    event_id TEXT PRIMARY KEY NOT NULL,
    handled_at BIGINT NOT NULL
);
