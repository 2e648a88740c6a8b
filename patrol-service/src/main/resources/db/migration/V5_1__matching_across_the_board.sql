-- A patrol may keep a request to its own arrondissement (every earlier request was matched that way), and a held
-- place comes with its distance from the request's position (unknown for earlier holds).
ALTER TABLE referral ADD COLUMN same_arrondissement_only BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE referral ADD COLUMN distance_meters INTEGER;
