-- What the relay puts in each record's CloudEvents headers besides the event id: the event's type and time.
-- Rows written before this column existed are relayed with a type derived from their topic.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS event_type TEXT;
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS occurred_at TIMESTAMPTZ;
