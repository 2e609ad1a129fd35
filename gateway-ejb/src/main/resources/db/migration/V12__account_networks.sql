-- A system account may be limited to client networks (CIDR): a key used from anywhere else is refused.
CREATE TABLE account_network (
    account_id  BIGINT       NOT NULL REFERENCES system_account (id),
    cidr        VARCHAR(64)  NOT NULL,
    PRIMARY KEY (account_id, cidr)
);
