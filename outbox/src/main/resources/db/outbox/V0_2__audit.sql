-- Append-only audit trail: who (subject, role) did what, when, to which target, with the state before and
-- after where it applies. Written in the same transaction as the change; never updated, never deleted.
CREATE TABLE IF NOT EXISTS audit_entry (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    subject      TEXT        NOT NULL,
    role         TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    target_type  TEXT        NOT NULL,
    target_id    TEXT        NOT NULL,
    facility_id  TEXT,
    before_state TEXT,
    after_state  TEXT
);
CREATE INDEX IF NOT EXISTS audit_entry_facility_at ON audit_entry (facility_id, at);
CREATE INDEX IF NOT EXISTS audit_entry_at ON audit_entry (at);

CREATE OR REPLACE FUNCTION audit_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
