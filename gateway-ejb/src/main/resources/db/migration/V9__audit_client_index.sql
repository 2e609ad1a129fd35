-- The custody report finds the SSH login (and so the key) of each SFTP session that touched a batch by its client
-- address and port; with a long chain that lookup needs an index.
CREATE INDEX audit_event_client ON audit_event (client_address, action);
