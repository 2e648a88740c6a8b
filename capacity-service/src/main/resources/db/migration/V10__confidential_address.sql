-- A place whose address must not be on the board (a shelter for women fleeing violence): its address and position
-- are never published on a topic, and capacity-service shows them only to coordinators, admins, its operators and
-- the patrols holding a place there.
ALTER TABLE facility ADD COLUMN confidential_address BOOLEAN NOT NULL DEFAULT FALSE;

-- The places held for patrols right now, as relais.referral-status tells them (one row per HELD referral, removed by
-- its next status): a patrol holding a place at a confidential facility may read its address. No person data: a
-- referral id, the patrol (a team) and the facility.
CREATE TABLE held_place (
    referral_id     TEXT        PRIMARY KEY,
    patrol_id       TEXT        NOT NULL,
    facility_id     TEXT        NOT NULL,
    hold_expires_at TIMESTAMPTZ,
    held_at         TIMESTAMPTZ NOT NULL
);

CREATE INDEX held_place_by_patrol ON held_place (patrol_id, facility_id);
