-- A patrol may keep a request to its own arrondissement; every earlier request was matched that way.
ALTER TABLE referral ADD COLUMN same_arrondissement_only BOOLEAN NOT NULL DEFAULT FALSE;

-- The board's arrondissements share one waitlist: a pass reads it in waitlist order across arrondissements.
CREATE INDEX referral_waitlist_order ON referral ((-COALESCE(urgency, -1)), requested_at, id) WHERE status = 'WAITLISTED';
