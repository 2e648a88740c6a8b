-- Every transaction that appends to the outbox notifies the channel relais_outbox when it commits (never before,
-- never for a rollback), so the relay of every instance of the service starts a pass at once instead of at its next
-- poll. One notification per statement; PostgreSQL folds identical ones within a transaction.
CREATE OR REPLACE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('relais_outbox', '');
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();
