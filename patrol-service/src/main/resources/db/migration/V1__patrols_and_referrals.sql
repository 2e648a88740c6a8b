-- Outreach patrols ("maraudes"): teams, each with a home arrondissement.
CREATE TABLE IF NOT EXISTS patrol (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    arrondissement TEXT NOT NULL CHECK (arrondissement ~ '^\d{5}$')
);

-- A patrol's placement request and its current state, as referral-service reports it.
-- No name, no birth date: the person is only a keyed hash of the patrol's pseudonymous code. person_hash,
-- note, coordinates and request_fingerprint are personal fields, nulled after the retention period
-- (personal_data_purged_at set); the other columns are the aggregates kept for indicators.
CREATE TABLE IF NOT EXISTS referral (
    id                      TEXT PRIMARY KEY,
    patrol_id               TEXT        NOT NULL REFERENCES patrol (id),
    idempotency_key         TEXT,
    request_fingerprint     TEXT,
    person_hash             TEXT,
    note                    TEXT CHECK (char_length(note) <= 280),
    arrondissement          TEXT        NOT NULL,
    latitude                DOUBLE PRECISION,
    longitude               DOUBLE PRECISION,
    gender                  TEXT,
    couple                  BOOLEAN     NOT NULL,
    pet                     BOOLEAN     NOT NULL,
    wheelchair              BOOLEAN     NOT NULL,
    active_use              BOOLEAN     NOT NULL,
    kinds                   TEXT        NOT NULL,
    urgency                 INTEGER CHECK (urgency BETWEEN 0 AND 3),
    status                  TEXT        NOT NULL,
    facility_id             TEXT,
    hold_expires_at         TIMESTAMPTZ,
    reason                  TEXT,
    cancel_requested_at     TIMESTAMPTZ,
    requested_at            TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL,
    personal_data_purged_at TIMESTAMPTZ,
    -- A replayed request (same patrol, same Idempotency-Key) finds the first one; NULL keys never collide.
    CONSTRAINT referral_patrol_idempotency_key UNIQUE (patrol_id, idempotency_key)
);

CREATE INDEX IF NOT EXISTS referral_patrol_newest ON referral (patrol_id, requested_at DESC);
-- The purge job only looks at referrals still holding personal fields.
CREATE INDEX IF NOT EXISTS referral_personal_data ON referral (requested_at) WHERE personal_data_purged_at IS NULL;
