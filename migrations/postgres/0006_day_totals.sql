-- Each member's counted minutes per day, kept by triggers in the same transaction as the
-- entries: the 24-hour check reads one row instead of summing a day's entries. Whatever
-- changes a row (minutes, member, day, deleted or not), its old self is taken out of the
-- totals if it counted and its new self put in if it counts.
CREATE TABLE day_totals (
    member   TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    minutes  BIGINT NOT NULL,
    PRIMARY KEY (member, day)
);

INSERT INTO day_totals (member, day, minutes)
SELECT member, day, CAST(SUM(minutes) AS BIGINT) FROM punches WHERE deleted_at IS NULL GROUP BY member, day;

-- PostgreSQL: one trigger function does what SQLite's four triggers do.
CREATE FUNCTION day_totals_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF OLD.deleted_at IS NULL THEN
            UPDATE day_totals SET minutes = minutes - OLD.minutes WHERE member = OLD.member AND day = OLD.day;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.deleted_at IS NULL THEN
            INSERT INTO day_totals (member, day, minutes) VALUES (NEW.member, NEW.day, NEW.minutes)
            ON CONFLICT (member, day) DO UPDATE SET minutes = day_totals.minutes + excluded.minutes;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER day_totals_keep AFTER INSERT OR UPDATE OR DELETE ON punches
    FOR EACH ROW EXECUTE FUNCTION day_totals_keep();
