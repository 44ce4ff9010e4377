-- Each member's counted minutes per day, kept by triggers in the same transaction as the
-- entries: the 24-hour check reads one row instead of summing a day's entries. Whatever
-- changes a row (minutes, member, day, deleted or not), its old self is taken out of the
-- totals if it counted and its new self put in if it counts.
CREATE TABLE day_totals (
    member   TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    minutes  INTEGER NOT NULL,
    PRIMARY KEY (member, day)
) WITHOUT ROWID;

INSERT INTO day_totals (member, day, minutes)
SELECT member, day, SUM(minutes) FROM punches WHERE deleted_at IS NULL GROUP BY member, day;

CREATE TRIGGER day_totals_insert AFTER INSERT ON punches WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO day_totals (member, day, minutes) VALUES (NEW.member, NEW.day, NEW.minutes)
    ON CONFLICT (member, day) DO UPDATE SET minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER day_totals_update_old AFTER UPDATE ON punches WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE day_totals SET minutes = minutes - OLD.minutes WHERE member = OLD.member AND day = OLD.day;
END;

CREATE TRIGGER day_totals_update_new AFTER UPDATE ON punches WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO day_totals (member, day, minutes) VALUES (NEW.member, NEW.day, NEW.minutes)
    ON CONFLICT (member, day) DO UPDATE SET minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER day_totals_delete AFTER DELETE ON punches WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE day_totals SET minutes = minutes - OLD.minutes WHERE member = OLD.member AND day = OLD.day;
END;
