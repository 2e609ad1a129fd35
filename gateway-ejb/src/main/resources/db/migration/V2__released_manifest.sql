-- What the destination receives when a batch becomes available: the manifest with its approvals, and the
-- gateway's detached CMS signature over exactly those bytes.
ALTER TABLE batch ADD COLUMN released_manifest_json VARCHAR(1000000);
ALTER TABLE batch ADD COLUMN released_manifest_signature VARCHAR(100000);
