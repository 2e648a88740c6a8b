-- changed_at: the moment of the latest change of the count, whatever its cause (an operator's report as of its
-- moment, an arrival, a new total). A report of an earlier moment is refused: it cannot know of that change and
-- would undo it (put back a place an arrival took). NULL: nothing has changed the count since registration.
-- updated_at stays the operator's last report, which tells whether the count is stale.
ALTER TABLE availability ADD COLUMN changed_at TIMESTAMPTZ;

-- The latest referral ids whose arrival was counted (newest last, at most 50): repeated in every published state,
-- so a consumer that missed the arrival's own state still learns of it.
ALTER TABLE availability ADD COLUMN recent_arrivals TEXT[] NOT NULL DEFAULT '{}';

-- Arrivals before this migration recorded their moment only in the history: take it into account too.
UPDATE availability a SET
    changed_at = (SELECT max(moment) FROM (
            SELECT a.updated_at AS moment
            UNION ALL
            SELECT h.recorded_at FROM availability_history h
            WHERE h.facility_id = a.facility_id AND h.cause_type = 'ARRIVAL') moments),
    recent_arrivals = coalesce((
            SELECT array_agg(referral_id ORDER BY version) FROM (
                SELECT h.cause_referral_id AS referral_id, h.version FROM availability_history h
                WHERE h.facility_id = a.facility_id AND h.cause_type = 'ARRIVAL' AND h.cause_referral_id IS NOT NULL
                ORDER BY h.version DESC
                LIMIT 50) newest), '{}');
