-- What the defender knows about one source address: its attempts in the current window (counted, and reported as
-- one audit event per window), and the penalties it earned.
CREATE TABLE source_address (
    address            VARCHAR(64)               PRIMARY KEY,
    window_started_at  TIMESTAMP WITH TIME ZONE  NOT NULL,
    attempts           INTEGER                   NOT NULL,
    failures           INTEGER                   NOT NULL,
    channels           VARCHAR(64)               NOT NULL,
    names              VARCHAR(512)              NOT NULL,
    penalties          INTEGER                   NOT NULL,
    penalised_until    TIMESTAMP WITH TIME ZONE,
    last_failure_at    TIMESTAMP WITH TIME ZONE  NOT NULL
);
CREATE INDEX source_address_window ON source_address (window_started_at);

-- Where each official logged in recently: failures of their name from elsewhere never lock them out of these.
CREATE TABLE usual_address (
    login            VARCHAR(64)               NOT NULL,
    address          VARCHAR(64)               NOT NULL,
    last_success_at  TIMESTAMP WITH TIME ZONE  NOT NULL,
    PRIMARY KEY (login, address)
);
