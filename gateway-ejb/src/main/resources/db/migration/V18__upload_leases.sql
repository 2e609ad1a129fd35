-- An upload has an owner and a lease: the member receiving it (sekisho.member) renews lease_until while the upload
-- streams, and no other member's start or sweep takes up a file still receiving under a lease that has not run out.
-- Rows of earlier releases have no lease, as if it had run out.
ALTER TABLE batch_file ADD COLUMN receiver VARCHAR(255);
ALTER TABLE batch_file ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
