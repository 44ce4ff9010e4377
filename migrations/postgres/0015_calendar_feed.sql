-- The collective's calendar feed at an address of its own (docs/web.md, "Access"):
-- BASE_URL/feed/TOKEN/calendar.ics, which a calendar application subscribes to without
-- the access cookie a private view asks of browsers. One row: the token (256 random
-- bits, URL-safe base64), NULL once the operator revoked it (`konbit feed revoke`), and
-- when the operator last changed it (NULL: never). konbit draws the first token when it
-- opens the database after this migration; a revoked one is not drawn again until
-- `konbit feed new`. Kept in the clear: the pages show it to those who may read the feed.
CREATE TABLE calendar_feed (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    token       TEXT,
    changed_at  BIGINT
);
INSERT INTO calendar_feed (id, token, changed_at) VALUES (1, NULL, NULL);
