-- When the person arrived (ARRIVED). An operator's report made after the arrival (with a margin for the device's
-- clock) counted the person in free, so the consumed hold can stop counting even if the ARRIVAL-caused state record
-- never reaches this service.
ALTER TABLE referral ADD COLUMN arrived_at TIMESTAMPTZ;
UPDATE referral SET arrived_at = updated_at WHERE status = 'ARRIVED';
CREATE INDEX referral_counted_arrivals ON referral (facility_id) WHERE status = 'ARRIVED' AND hold_counted;

-- Waitlist order (most urgent first, unknown urgency last, then oldest, then id) as one ascending key, so a pass can
-- page through a long waitlist with a keyset and a new request can find who waits ahead of it.
DROP INDEX referral_waitlist;
CREATE INDEX referral_waitlist ON referral (arrondissement, (-COALESCE(urgency, -1)), requested_at, id)
    WHERE status = 'WAITLISTED';

-- A facility's holds, newest first: those withdrawn first when its count falls below them.
DROP INDEX referral_active_holds;
CREATE INDEX referral_active_holds ON referral (facility_id, held_at DESC, id DESC) WHERE status = 'HELD';
