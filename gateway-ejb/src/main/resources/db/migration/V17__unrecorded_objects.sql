-- Objects found in a batch's storage folder that no committed file of a live batch accounted for (an upload whose
-- end was never recorded, a crash between writing and committing). Each is recorded with its SHA-256 and size before
-- it is deleted, so that the deletion is audited and the batch's deletion certificate lists it. No foreign key: the
-- folder may belong to no batch the database knows.
CREATE TABLE unrecorded_object (
    id               BIGINT                    PRIMARY KEY,
    batch_public_id  VARCHAR(36)               NOT NULL,
    object_name      VARCHAR(255)              NOT NULL,
    file_name        VARCHAR(512),
    sha256           VARCHAR(64)               NOT NULL,
    byte_size        BIGINT                    NOT NULL,
    found_at         TIMESTAMP WITH TIME ZONE  NOT NULL,
    why              VARCHAR(512)              NOT NULL,
    CONSTRAINT unrecorded_object_once UNIQUE (batch_public_id, object_name)
);
