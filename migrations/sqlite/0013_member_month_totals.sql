-- The membership check (`!membership`, /membership): each member's counted minutes per
-- month and project, kept by triggers in the same transaction as the entries (like
-- month_totals): the check reads a few rows a member instead of summing every entry.
-- `month` is 'YYYY-MM'.
CREATE TABLE member_month_totals (
    member   TEXT    NOT NULL,
    month    TEXT    NOT NULL,
    project  TEXT    NOT NULL,
    minutes  INTEGER NOT NULL,
    PRIMARY KEY (month, member, project)
) WITHOUT ROWID;

INSERT INTO member_month_totals (member, month, project, minutes)
SELECT member, substr(day, 1, 7), project, SUM(minutes) FROM punches
WHERE deleted_at IS NULL GROUP BY member, substr(day, 1, 7), project;

CREATE TRIGGER member_month_totals_insert AFTER INSERT ON punches WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO member_month_totals (member, month, project, minutes)
    VALUES (NEW.member, substr(NEW.day, 1, 7), NEW.project, NEW.minutes)
    ON CONFLICT (month, member, project) DO UPDATE SET minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER member_month_totals_update_old AFTER UPDATE ON punches WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE member_month_totals SET minutes = minutes - OLD.minutes
    WHERE month = substr(OLD.day, 1, 7) AND member = OLD.member AND project = OLD.project;
END;

CREATE TRIGGER member_month_totals_update_new AFTER UPDATE ON punches WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO member_month_totals (member, month, project, minutes)
    VALUES (NEW.member, substr(NEW.day, 1, 7), NEW.project, NEW.minutes)
    ON CONFLICT (month, member, project) DO UPDATE SET minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER member_month_totals_delete AFTER DELETE ON punches WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE member_month_totals SET minutes = minutes - OLD.minutes
    WHERE month = substr(OLD.day, 1, 7) AND member = OLD.member AND project = OLD.project;
END;
