-- A change of a channel's recipient certificate is proposed by an administrator and applied only after two
-- approvers of the data owner agreed: whoever holds that key can open every future batch of the channel.
CREATE TABLE channel_change (
    id                 BIGINT                    PRIMARY KEY,
    channel_id         BIGINT                    NOT NULL REFERENCES channel (id),
    kind               VARCHAR(32)               NOT NULL,
    proposed_value     VARCHAR(16384)            NOT NULL,
    proposed_by_id     BIGINT                    NOT NULL REFERENCES official (id),
    proposed_at        TIMESTAMP WITH TIME ZONE  NOT NULL,
    state              VARCHAR(16)               NOT NULL,
    first_approver_id  BIGINT                    REFERENCES official (id),
    first_approved_at  TIMESTAMP WITH TIME ZONE,
    decided_by_id      BIGINT                    REFERENCES official (id),
    decided_at         TIMESTAMP WITH TIME ZONE,
    reason             VARCHAR(2000),
    version            BIGINT                    NOT NULL
);
CREATE INDEX channel_change_pending ON channel_change (channel_id, state);
