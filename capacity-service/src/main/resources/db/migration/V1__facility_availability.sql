-- A facility as its operator describes it. Opening hours are a JSON array of weekly spans
-- ([{"day":"MONDAY","opens":"22:00","closes":"07:00"}], empty = always open); genders a comma list.
CREATE TABLE facility (
    id                         TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
    name                       TEXT             NOT NULL,
    kind                       TEXT             NOT NULL
        CHECK (kind IN ('EMERGENCY_SHELTER', 'LONG_STAY_HOUSING', 'REST_ROOM', 'CONSUMPTION_ROOM')),
    arrondissement             TEXT             NOT NULL CHECK (arrondissement ~ '^[0-9]{5}$'),
    address                    TEXT             NOT NULL,
    latitude                   DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude                  DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    opening_hours              TEXT             NOT NULL DEFAULT '[]',
    genders                    TEXT             NOT NULL,
    couples                    BOOLEAN          NOT NULL,
    pets                       BOOLEAN          NOT NULL,
    active_use                 BOOLEAN          NOT NULL,
    wheelchair                 BOOLEAN          NOT NULL,
    reporting_interval_seconds BIGINT           NOT NULL CHECK (reporting_interval_seconds > 0),
    active                     BOOLEAN          NOT NULL DEFAULT TRUE,
    created_at                 TIMESTAMPTZ      NOT NULL DEFAULT now()
);

CREATE INDEX facility_by_arrondissement_kind ON facility (arrondissement, kind);

-- Current count of each facility. Every writer locks this row first (SELECT ... FOR UPDATE), so changes
-- of one facility are serialized across instances and version grows by exactly one per accepted change.
-- updated_at is the operator's last report (NULL: never reported, hence stale).
CREATE TABLE availability (
    facility_id TEXT        PRIMARY KEY REFERENCES facility (id),
    free        INTEGER     NOT NULL,
    total       INTEGER     NOT NULL,
    updated_at  TIMESTAMPTZ,
    version     BIGINT      NOT NULL CHECK (version > 0),
    CONSTRAINT availability_counts CHECK (free >= 0 AND free <= total)
);

-- Every accepted change of a count, kept for audit and indicators. cause_* is set when the count changed
-- without an operator's report (an arrival of a held referral).
CREATE TABLE availability_history (
    id                BIGSERIAL   PRIMARY KEY,
    facility_id       TEXT        NOT NULL REFERENCES facility (id),
    free              INTEGER     NOT NULL,
    total             INTEGER     NOT NULL,
    updated_at        TIMESTAMPTZ,
    version           BIGINT      NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    cause_type        TEXT,
    cause_referral_id TEXT,
    -- A second writer that somehow skipped the row lock could not record the same version twice.
    CONSTRAINT availability_history_version UNIQUE (facility_id, version)
);
