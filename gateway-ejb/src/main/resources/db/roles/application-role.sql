-- What the gateway's everyday database role may do on PostgreSQL. The gateway runs this itself as the schema's owner
-- (SEKISHO_DB_OWNER_USER) after every migration, with ${appRole} replaced by SEKISHO_DB_USER, so that tables added by
-- a later migration are granted too. The audit events and checkpoints can be read and appended to, never changed; the
-- chain's head can be locked, and moves only with an event that extends it (the trigger of V15 runs with the owner's
-- rights). ProductionRolesTest checks what it allows and refuses; the in-server tests run on it.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole};
REVOKE INSERT, UPDATE, DELETE ON audit_event, audit_checkpoint, audit_head, flyway_schema_history FROM ${appRole};
GRANT INSERT ON audit_event, audit_checkpoint TO ${appRole};
GRANT UPDATE (id) ON audit_head TO ${appRole};
