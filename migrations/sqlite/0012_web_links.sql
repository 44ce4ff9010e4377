-- The web view (README, "The web view"; docs/web.md).

-- Members' private links (`!web`): only the SHA-256 of each secret is kept, so the
-- database alone does not open anyone's page. A new `!web` revokes the member's older
-- links; `!web revoke` revokes them all. A revoked link is kept (when, for the record).
CREATE TABLE web_links (
    id          INTEGER PRIMARY KEY,
    member      TEXT    NOT NULL,
    secret_hash BLOB    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX web_links_by_member ON web_links (member) WHERE revoked_at IS NULL;

-- The collective's counted minutes per month, project and paid/volunteer, kept by
-- triggers in the same transaction as the entries (like day_totals): the /hours page
-- reads a few hundred rows instead of summing every entry. `month` is 'YYYY-MM'.
CREATE TABLE month_totals (
    month      TEXT    NOT NULL,
    project    TEXT    NOT NULL,
    volunteer  INTEGER NOT NULL,
    minutes    INTEGER NOT NULL,
    PRIMARY KEY (month, project, volunteer)
) WITHOUT ROWID;

INSERT INTO month_totals (month, project, volunteer, minutes)
SELECT substr(day, 1, 7), project, volunteer, SUM(minutes) FROM punches
WHERE deleted_at IS NULL GROUP BY substr(day, 1, 7), project, volunteer;

CREATE TRIGGER month_totals_insert AFTER INSERT ON punches WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO month_totals (month, project, volunteer, minutes)
    VALUES (substr(NEW.day, 1, 7), NEW.project, NEW.volunteer, NEW.minutes)
    ON CONFLICT (month, project, volunteer) DO UPDATE SET minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER month_totals_update_old AFTER UPDATE ON punches WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE month_totals SET minutes = minutes - OLD.minutes
    WHERE month = substr(OLD.day, 1, 7) AND project = OLD.project AND volunteer = OLD.volunteer;
END;

CREATE TRIGGER month_totals_update_new AFTER UPDATE ON punches WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO month_totals (month, project, volunteer, minutes)
    VALUES (substr(NEW.day, 1, 7), NEW.project, NEW.volunteer, NEW.minutes)
    ON CONFLICT (month, project, volunteer) DO UPDATE SET minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER month_totals_delete AFTER DELETE ON punches WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE month_totals SET minutes = minutes - OLD.minutes
    WHERE month = substr(OLD.day, 1, 7) AND project = OLD.project AND volunteer = OLD.volunteer;
END;

-- The register reads each proposal's vetoes with it (the only index on vetoes covers the
-- standing ones).
CREATE INDEX vetoes_by_proposal ON vetoes (proposal_id);
