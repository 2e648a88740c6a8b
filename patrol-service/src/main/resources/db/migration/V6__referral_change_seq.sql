-- Each status change of a referral gets the next number of one sequence, stored with the row in the transaction that
-- applies the change: a patrol's stream sends it as the SSE event id, and any instance resumes a stream after it
-- (Last-Event-ID) by reading the patrol's referrals numbered higher. The status consumer takes a lock on the patrol's
-- row before taking the number, so a patrol's changes commit in the order of their numbers and a resume never skips
-- one still to commit. A referral not changed since it was requested (or before this column) has none.
CREATE SEQUENCE IF NOT EXISTS referral_change_seq AS BIGINT;
ALTER TABLE referral ADD COLUMN change_seq BIGINT;
CREATE INDEX IF NOT EXISTS referral_patrol_changes ON referral (patrol_id, change_seq) WHERE change_seq IS NOT NULL;
