-- Proposals by e-mail.

-- What each member chose to receive by e-mail with `!mail` (`all`, `digest`, `none`);
-- a member without a row has the roster's default.
CREATE TABLE mail_prefs (
    member      TEXT    PRIMARY KEY,
    pref        TEXT    NOT NULL,
    changed_at  BIGINT NOT NULL
);

-- Replies already handled, by Message-ID: a reply fetched twice (a crash before it was
-- flagged, a copy in two folders) acts once.
CREATE TABLE mail_seen (
    message_id  TEXT    PRIMARY KEY,
    member      TEXT,
    handled_at  BIGINT NOT NULL
);
