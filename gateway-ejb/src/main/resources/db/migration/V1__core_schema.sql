-- Portable between PostgreSQL 15 and H2 2.2: no vendor types, no IDENTITY (EclipseLink's IDENTITY ids fail on
-- Payara's H2), one sequence whose increment equals the JPA allocation size.
CREATE SEQUENCE sekisho_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE organization (
    id                BIGINT        PRIMARY KEY,
    code              VARCHAR(64)   NOT NULL UNIQUE,
    name              VARCHAR(256)  NOT NULL,
    contracted_by_id  BIGINT        REFERENCES organization (id)
);

CREATE TABLE official (
    id               BIGINT        PRIMARY KEY,
    login            VARCHAR(64)   NOT NULL UNIQUE,
    display_name     VARCHAR(256)  NOT NULL,
    organization_id  BIGINT        NOT NULL REFERENCES organization (id),
    password_hash    VARCHAR(256)  NOT NULL,
    totp_secret      VARCHAR(64)   NOT NULL,
    last_totp_step   BIGINT        NOT NULL,
    enabled          BOOLEAN       NOT NULL
);

CREATE TABLE official_role (
    official_id  BIGINT       NOT NULL REFERENCES official (id),
    role         VARCHAR(16)  NOT NULL,
    PRIMARY KEY (official_id, role)
);

CREATE TABLE api_session (
    token_hash    VARCHAR(64)               PRIMARY KEY,
    official_id   BIGINT                    NOT NULL REFERENCES official (id),
    created_at    TIMESTAMP WITH TIME ZONE  NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE  NOT NULL
);

CREATE TABLE system_account (
    id               BIGINT       PRIMARY KEY,
    name             VARCHAR(64)  NOT NULL UNIQUE,
    organization_id  BIGINT       NOT NULL REFERENCES organization (id),
    enabled          BOOLEAN      NOT NULL
);

CREATE TABLE account_key (
    id             BIGINT                    PRIMARY KEY,
    account_id     BIGINT                    NOT NULL REFERENCES system_account (id),
    fingerprint    VARCHAR(128)              NOT NULL UNIQUE,
    public_key     VARCHAR(8192)             NOT NULL,
    registered_at  TIMESTAMP WITH TIME ZONE  NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE
);

CREATE TABLE channel (
    id                          BIGINT          PRIMARY KEY,
    name                        VARCHAR(64)     NOT NULL UNIQUE,
    source_account_id           BIGINT          NOT NULL REFERENCES system_account (id),
    destination_account_id      BIGINT          NOT NULL REFERENCES system_account (id),
    recipient_certificate_pem   VARCHAR(16384)  NOT NULL,
    required_approvals          INTEGER         NOT NULL,
    submit_window_seconds       BIGINT          NOT NULL,
    approval_window_seconds     BIGINT          NOT NULL,
    download_window_seconds     BIGINT          NOT NULL,
    max_downloads               INTEGER         NOT NULL
);

CREATE TABLE channel_approver_organization (
    channel_id       BIGINT  NOT NULL REFERENCES channel (id),
    organization_id  BIGINT  NOT NULL REFERENCES organization (id),
    PRIMARY KEY (channel_id, organization_id)
);

CREATE TABLE batch (
    id                 BIGINT                    PRIMARY KEY,
    public_id          VARCHAR(36)               NOT NULL UNIQUE,
    channel_id         BIGINT                    NOT NULL REFERENCES channel (id),
    name               VARCHAR(128)              NOT NULL,
    state              VARCHAR(24)               NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE  NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE  NOT NULL,
    requester_id       BIGINT                    REFERENCES official (id),
    purpose            VARCHAR(2000),
    submitted_at       TIMESTAMP WITH TIME ZONE,
    manifest_json      VARCHAR(1000000),
    manifest_digest    VARCHAR(64),
    available_at       TIMESTAMP WITH TIME ZONE,
    ended_at           TIMESTAMP WITH TIME ZONE,
    end_reason         VARCHAR(32),
    purged_at          TIMESTAMP WITH TIME ZONE,
    version            BIGINT                    NOT NULL,
    UNIQUE (channel_id, name)
);
CREATE INDEX batch_due ON batch (state, expires_at);

CREATE TABLE batch_file (
    id                  BIGINT                    PRIMARY KEY,
    batch_id            BIGINT                    NOT NULL REFERENCES batch (id),
    name                VARCHAR(255)              NOT NULL,
    state               VARCHAR(16)               NOT NULL,
    storage_key         VARCHAR(64)               NOT NULL UNIQUE,
    plaintext_size      BIGINT,
    plaintext_sha256    VARCHAR(64),
    records             BIGINT,
    ciphertext_size     BIGINT,
    ciphertext_sha256   VARCHAR(64),
    completed_downloads INTEGER                   NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE,
    UNIQUE (batch_id, name)
);

CREATE TABLE approval (
    id               BIGINT                    PRIMARY KEY,
    batch_id         BIGINT                    NOT NULL REFERENCES batch (id),
    official_id      BIGINT                    NOT NULL REFERENCES official (id),
    decision         VARCHAR(16)               NOT NULL,
    manifest_digest  VARCHAR(64)               NOT NULL,
    reason           VARCHAR(2000),
    totp_step        BIGINT                    NOT NULL,
    decided_at       TIMESTAMP WITH TIME ZONE  NOT NULL,
    UNIQUE (batch_id, official_id)
);

CREATE TABLE deletion_certificate (
    id          BIGINT                    PRIMARY KEY,
    batch_id    BIGINT                    NOT NULL UNIQUE REFERENCES batch (id),
    issued_at   TIMESTAMP WITH TIME ZONE  NOT NULL,
    body_json   VARCHAR(1000000)          NOT NULL,
    digest      VARCHAR(64)               NOT NULL
);

CREATE TABLE gateway_key (
    purpose      VARCHAR(32)               PRIMARY KEY,
    fingerprint  VARCHAR(128)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE  NOT NULL
);

-- The audit chain: seq is dense and assigned under the lock on audit_head, never by a sequence.
CREATE TABLE audit_event (
    seq             BIGINT                    PRIMARY KEY,
    occurred_at     TIMESTAMP WITH TIME ZONE  NOT NULL,
    actor           VARCHAR(128)              NOT NULL,
    action          VARCHAR(48)               NOT NULL,
    outcome         VARCHAR(16)               NOT NULL,
    subject         VARCHAR(512),
    batch_public_id VARCHAR(36),
    client_address  VARCHAR(64),
    detail          VARCHAR(4000),
    prev_hash       VARCHAR(64)               NOT NULL,
    hash            VARCHAR(64)               NOT NULL
);
CREATE INDEX audit_event_batch ON audit_event (batch_public_id);

CREATE TABLE audit_head (
    id    INTEGER      PRIMARY KEY,
    seq   BIGINT       NOT NULL,
    hash  VARCHAR(64)  NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
