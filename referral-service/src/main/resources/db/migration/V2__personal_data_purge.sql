-- Retention: a referral's position (the only personal field this service keeps; it never holds a person code or a
-- note) is nulled once older than relais.retention.personal-data. Needs, kinds, times and outcomes stay for the
-- indicators.
ALTER TABLE referral ADD COLUMN personal_data_purged_at TIMESTAMPTZ;
CREATE INDEX referral_personal_data_to_purge ON referral (requested_at) WHERE personal_data_purged_at IS NULL;
