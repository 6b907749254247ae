-- Browser sessions of the web UI and the login lockout. A session is stored as the SHA-256 of
-- its cookie's id, never the id itself, with its CSRF token (sent back in every unsafe form)
-- and its expiry; a user's sessions go with the user. Failed logins are counted per user name
-- (existing or not, so a lockout does not tell which names exist) until a login succeeds or
-- the lock passes. Times are epoch milliseconds, as elsewhere.
CREATE TABLE web_sessions (
    id_hash      TEXT   PRIMARY KEY,
    username     TEXT   NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);

CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

CREATE TABLE login_failures (
    username     TEXT   PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    locked_until BIGINT
);
