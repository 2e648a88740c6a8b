-- A record the broker refuses for good (too large, an invalid topic) is parked instead of blocking every later
-- event of the service: parked_at and the reason are set and the relay skips it. An operator may put it back with
-- UPDATE outbox_event SET parked_at = NULL, parked_reason = NULL WHERE id = ...
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS parked_at TIMESTAMPTZ;
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS parked_reason TEXT;
CREATE INDEX IF NOT EXISTS outbox_event_to_relay ON outbox_event (id) WHERE parked_at IS NULL;

-- processed_event is purged by age (org.relais.outbox.ProcessedEventPurge).
CREATE INDEX IF NOT EXISTS processed_event_age ON processed_event (processed_at);
