-- The FHIR Task search pages referrals newest change first by a keyset on (updated_at, id): an index in that order
-- lets each page read only its rows instead of sorting every referral.
CREATE INDEX IF NOT EXISTS referral_last_change ON referral (updated_at DESC, id DESC);
