-- An event enters the chain only as the successor of the head, and the head follows it in the same statement: the
-- database refuses an event that would fork the chain or fill a gap in it, whoever inserts it, and the gateway needs
-- no separate statement to advance the head (one round trip less per append, see docs/audit.md). The function runs
-- with its owner's rights, so that in production the gateway's role needs no right to change the head itself (see
-- the README's production section).
CREATE FUNCTION audit_event_extends_head() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash
        WHERE id = 1 AND seq = NEW.seq - 1 AND hash = NEW.prev_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit event % does not extend the head of the chain: refused', NEW.seq
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_event_extends_head BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_extends_head();
