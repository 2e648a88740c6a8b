-- counted_at: the moment of the operator's latest report, an actual count. updated_at also moves when an operator
-- confirms the count unchanged (it measures staleness); counted_at does not, so a confirmation is never taken for a
-- count that took in people who arrived meanwhile. Until now both were the same moment.
ALTER TABLE availability ADD COLUMN counted_at TIMESTAMPTZ;
UPDATE availability SET counted_at = updated_at;
