-- The free-text note was kept 30 days and never read by anyone: personal data with no use is not collected.
-- Requests no longer accept it (an unknown field is refused), and the retention purge no longer touches it.
ALTER TABLE referral DROP COLUMN IF EXISTS note;
