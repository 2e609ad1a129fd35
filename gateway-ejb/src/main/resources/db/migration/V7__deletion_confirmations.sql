-- Deletion is confirmed by officials of the data owner: two distinct approvers each confirm the certificate's
-- digest with a fresh TOTP code.
CREATE TABLE deletion_confirmation (
    id              BIGINT                    PRIMARY KEY,
    certificate_id  BIGINT                    NOT NULL REFERENCES deletion_certificate (id),
    official_id     BIGINT                    NOT NULL REFERENCES official (id),
    confirmed_at    TIMESTAMP WITH TIME ZONE  NOT NULL,
    totp_step       BIGINT                    NOT NULL,
    UNIQUE (certificate_id, official_id)
);
