-- referral-service's view of every facility, built from relais.facility-state, plus the places it holds.
-- free counts held places too (they are still empty); places offered to patrols are free - held.
CREATE TABLE facility_availability (
    facility_id                TEXT PRIMARY KEY,
    kind                       TEXT             NOT NULL,
    arrondissement             TEXT             NOT NULL,
    latitude                   DOUBLE PRECISION,
    longitude                  DOUBLE PRECISION,
    -- JSON documents of the event contract (OpeningSpan[] and Eligibility), read back with EventJson.
    opening_hours              TEXT             NOT NULL,
    eligibility                TEXT             NOT NULL,
    reporting_interval_seconds BIGINT           NOT NULL,
    active                     BOOLEAN          NOT NULL,
    free                       INTEGER          NOT NULL,
    total                      INTEGER          NOT NULL,
    updated_at                 TIMESTAMPTZ,
    availability_version       BIGINT           NOT NULL,
    -- occurredAt of the applied state event: orders descriptor-only changes that keep the same version.
    state_occurred_at          TIMESTAMPTZ      NOT NULL,
    -- Holds of HELD referrals, plus arrivals not yet counted by capacity-service ("consumed" holds).
    held                       INTEGER          NOT NULL DEFAULT 0 CHECK (held >= 0),
    -- Version of FacilityHoldsEvent: bumped with every change of held.
    holds_version              BIGINT           NOT NULL DEFAULT 0
);

CREATE INDEX facility_availability_matching ON facility_availability (arrondissement, kind) WHERE active;

-- One referral: what was asked (no identity: no person code, no note) and where it stands.
CREATE TABLE referral (
    id                  TEXT PRIMARY KEY,
    patrol_id           TEXT        NOT NULL,
    arrondissement      TEXT        NOT NULL,
    latitude            DOUBLE PRECISION,
    longitude           DOUBLE PRECISION,
    gender              TEXT,
    couple              BOOLEAN     NOT NULL,
    pet                 BOOLEAN     NOT NULL,
    wheelchair          BOOLEAN     NOT NULL,
    active_use          BOOLEAN     NOT NULL,
    -- Accepted facility kinds, in the patrol's order of preference.
    kinds               TEXT[]      NOT NULL,
    urgency             INTEGER,
    status              TEXT        NOT NULL,
    facility_id         TEXT,
    -- True while this referral's place counts in facility_availability.held: from HELD until the hold is
    -- released, or, after an arrival, until capacity-service's ARRIVAL-caused state event.
    hold_counted        BOOLEAN     NOT NULL DEFAULT FALSE,
    held_at             TIMESTAMPTZ,
    hold_expires_at     TIMESTAMPTZ,
    waitlist_expires_at TIMESTAMPTZ,
    reason              TEXT,
    requested_at        TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- Waitlist order: most urgent first, then oldest.
CREATE INDEX referral_waitlist ON referral (arrondissement, urgency DESC NULLS LAST, requested_at, id)
    WHERE status = 'WAITLISTED';
CREATE INDEX referral_waitlist_expiry ON referral (waitlist_expires_at) WHERE status = 'WAITLISTED';
CREATE INDEX referral_hold_expiry ON referral (hold_expires_at) WHERE status = 'HELD';
CREATE INDEX referral_active_holds ON referral (facility_id) WHERE status = 'HELD';

-- Every lifecycle step, for indicators. Arrondissement, kind and request time are copied here (no foreign
-- key) so that the aggregates survive a later purge of referral rows.
CREATE TABLE referral_transition (
    id             BIGSERIAL PRIMARY KEY,
    referral_id    TEXT        NOT NULL,
    from_status    TEXT,
    to_status      TEXT        NOT NULL,
    facility_id    TEXT,
    reason         TEXT,
    occurred_at    TIMESTAMPTZ NOT NULL,
    requested_at   TIMESTAMPTZ NOT NULL,
    arrondissement TEXT        NOT NULL,
    -- The first kind asked for: indicators count demand per kind.
    kind           TEXT        NOT NULL
);

CREATE INDEX referral_transition_time ON referral_transition (occurred_at);
