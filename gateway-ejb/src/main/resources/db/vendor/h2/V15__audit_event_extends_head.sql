-- An event enters the chain only as the successor of the head, and the head follows it in the same statement (the
-- same rule as PostgreSQL's trigger; see jp.sekisho.persistence.ChainHeadTrigger).
CREATE TRIGGER audit_event_extends_head BEFORE INSERT ON audit_event
    FOR EACH ROW CALL 'jp.sekisho.persistence.ChainHeadTrigger';
