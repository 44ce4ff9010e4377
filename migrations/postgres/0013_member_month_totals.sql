-- The membership check (`!membership`, /membership): each member's counted minutes per
-- month and project, kept by triggers in the same transaction as the entries (like
-- month_totals): the check reads a few rows a member instead of summing every entry.
-- `month` is 'YYYY-MM'.
CREATE TABLE member_month_totals (
    member   TEXT    NOT NULL,
    month    TEXT    NOT NULL,
    project  TEXT    NOT NULL,
    minutes  BIGINT NOT NULL,
    PRIMARY KEY (month, member, project)
);

INSERT INTO member_month_totals (member, month, project, minutes)
SELECT member, substr(day, 1, 7), project, CAST(SUM(minutes) AS BIGINT) FROM punches
WHERE deleted_at IS NULL GROUP BY member, substr(day, 1, 7), project;

-- PostgreSQL: one trigger function does what SQLite's four triggers do.
CREATE FUNCTION member_month_totals_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF OLD.deleted_at IS NULL THEN
            UPDATE member_month_totals SET minutes = minutes - OLD.minutes WHERE month = substr(OLD.day, 1, 7) AND member = OLD.member AND project = OLD.project;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.deleted_at IS NULL THEN
            INSERT INTO member_month_totals (member, month, project, minutes) VALUES (NEW.member, substr(NEW.day, 1, 7), NEW.project, NEW.minutes)
            ON CONFLICT (month, member, project) DO UPDATE SET minutes = member_month_totals.minutes + excluded.minutes;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER member_month_totals_keep AFTER INSERT OR UPDATE OR DELETE ON punches
    FOR EACH ROW EXECUTE FUNCTION member_month_totals_keep();
