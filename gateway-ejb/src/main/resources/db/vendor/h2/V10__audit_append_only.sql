-- The audit chain is appended to, never rewritten: the embedded database refuses UPDATE and DELETE of audit
-- events (the same rule as PostgreSQL's trigger; see jp.sekisho.persistence.AppendOnlyTrigger).
CREATE TRIGGER audit_event_append_only BEFORE UPDATE, DELETE ON audit_event
    FOR EACH ROW CALL 'jp.sekisho.persistence.AppendOnlyTrigger';
