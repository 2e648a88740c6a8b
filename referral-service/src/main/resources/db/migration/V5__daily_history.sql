-- Capacity history for the daily record: one row per facility state record received (board arrondissements only),
-- keyed by the record's own time and version, so a replayed or republished record adds nothing. Append-only;
-- purged after relais.history.sample-retention (the latest sample of each facility before that is kept).
CREATE TABLE facility_state_sample (
    facility_id                TEXT             NOT NULL,
    -- occurredAt of the state record: when capacity-service's state became this.
    occurred_at                TIMESTAMPTZ      NOT NULL,
    availability_version       BIGINT           NOT NULL,
    -- A facility's name is public (it is on the board); null for samples taken from the view at migration time.
    name                       TEXT,
    kind                       TEXT             NOT NULL,
    arrondissement             TEXT             NOT NULL,
    active                     BOOLEAN          NOT NULL,
    free                       INTEGER          NOT NULL,
    total                      INTEGER          NOT NULL,
    updated_at                 TIMESTAMPTZ,
    reporting_interval_seconds BIGINT           NOT NULL,
    -- JSON OpeningSpan[] as in the event.
    opening_hours              TEXT             NOT NULL,
    PRIMARY KEY (facility_id, occurred_at, availability_version)
);

CREATE INDEX facility_state_sample_time ON facility_state_sample (occurred_at);

-- The state each facility on the board has now is its first sample.
INSERT INTO facility_state_sample (facility_id, occurred_at, availability_version, name, kind, arrondissement, active,
                                   free, total, updated_at, reporting_interval_seconds, opening_hours)
SELECT facility_id, state_occurred_at, availability_version, NULL, kind, arrondissement, active, free, total,
       updated_at, reporting_interval_seconds, opening_hours
FROM facility_availability
WHERE arrondissement IN ('75018', '75019', '75020');

-- One night's record per board arrondissement and facility kind (see DailyHistory). Recomputing a night rewrites its
-- rows only where a figure changed, so computed_at says when the figures last changed.
CREATE TABLE daily_indicator (
    day                            DATE             NOT NULL,
    arrondissement                 TEXT             NOT NULL,
    kind                           TEXT             NOT NULL,
    places                         INTEGER,
    free_at_22                     INTEGER,
    free_at_02                     INTEGER,
    holds                          INTEGER          NOT NULL,
    arrivals                       INTEGER          NOT NULL,
    requests                       INTEGER          NOT NULL,
    unmet                          INTEGER          NOT NULL,
    declined_no_place              INTEGER          NOT NULL,
    declined_not_eligible          INTEGER          NOT NULL,
    declined_safety                INTEGER          NOT NULL,
    declined_other                 INTEGER          NOT NULL,
    expired                        INTEGER          NOT NULL,
    cancelled                      INTEGER          NOT NULL,
    time_to_hold_median_seconds    DOUBLE PRECISION,
    time_to_hold_p90_seconds       DOUBLE PRECISION,
    time_to_arrival_median_seconds DOUBLE PRECISION,
    time_to_arrival_p90_seconds    DOUBLE PRECISION,
    night_coverage_places          INTEGER,
    stale_reporters                INTEGER,
    stale_overdue_hours            DOUBLE PRECISION,
    computed_at                    TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (day, arrondissement, kind)
);

-- The facilities behind stale_reporters, per night: facilities only, never a person.
CREATE TABLE daily_stale_reporter (
    day            DATE             NOT NULL,
    facility_id    TEXT             NOT NULL,
    name           TEXT,
    arrondissement TEXT             NOT NULL,
    kind           TEXT             NOT NULL,
    overdue_hours  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (day, facility_id)
);

-- Referrals belong to the night they were requested in.
CREATE INDEX referral_transition_requested ON referral_transition (requested_at);
