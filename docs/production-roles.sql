-- What the gateway's own database role may do in production, on PostgreSQL. Run as the role that owns the schema
-- (here sekisho_owner), after it ran the migrations, in the gateway's database:
--   psql -U sekisho_owner -d sekisho -f docs/production-roles.sql
-- The gateway then connects as sekisho_app (SEKISHO_DB_USER). The audit events and checkpoints can be read and
-- appended to, never changed; the chain's head can be locked, and moves only with an event that extends it (the
-- trigger of V15 runs with the owner's rights). jp.sekisho.audit.boundary.ProductionRolesTest runs this file.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sekisho_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sekisho_app;
REVOKE INSERT, UPDATE, DELETE ON audit_event, audit_checkpoint, audit_head, flyway_schema_history FROM sekisho_app;
GRANT INSERT ON audit_event, audit_checkpoint TO sekisho_app;
GRANT UPDATE (id) ON audit_head TO sekisho_app;
