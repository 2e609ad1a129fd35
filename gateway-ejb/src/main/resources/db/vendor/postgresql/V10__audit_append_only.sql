-- The audit chain is appended to, never rewritten: the database itself refuses UPDATE, DELETE and TRUNCATE of
-- audit events, whoever asks. (A role that owns the table can drop the trigger; in production the table belongs
-- to a role other than the application's, see the README's production section. Removing or changing an event
-- anyway breaks the hash chain, which the gateway and `sekisho-cli verify-audit` detect.)
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();

CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
