-- Repeated failed logins lock a login name for a while, whether or not an official has that name, so that the
-- lockout neither helps guessing nor tells which names exist.
CREATE TABLE login_failure (
    login             VARCHAR(64)               PRIMARY KEY,
    failures          INTEGER                   NOT NULL,
    first_failure_at  TIMESTAMP WITH TIME ZONE  NOT NULL,
    locked_until      TIMESTAMP WITH TIME ZONE
);
