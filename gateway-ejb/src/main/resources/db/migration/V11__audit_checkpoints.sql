-- Signed checkpoints of the audit chain: the gateway signs (CMS, its signing key) a sequence number and the head
-- hash at that event, at an interval and at every batch's end. Exported with the events, and kept outside the
-- gateway, they let an offline verifier notice a truncated or rewritten chain.
CREATE TABLE audit_checkpoint (
    seq        BIGINT                    PRIMARY KEY,
    head_hash  VARCHAR(64)               NOT NULL,
    signed_at  TIMESTAMP WITH TIME ZONE  NOT NULL,
    signature  VARCHAR(20000)            NOT NULL
);
