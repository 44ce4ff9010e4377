-- Proposals by e-mail: when konbit last answered a reply it did not act on (a usage mail:
-- "konbit did not understand your reply" and the like), by sender address and proposal.
-- At most one such answer an hour per address and proposal, so that an auto-responder
-- that ignores Auto-Submitted cannot start a loop; kept here so that a restart does not
-- reset it.
CREATE TABLE mail_usage (
    address   TEXT    NOT NULL,
    proposal  BIGINT NOT NULL,
    sent_at   BIGINT NOT NULL,
    PRIMARY KEY (address, proposal)
);
