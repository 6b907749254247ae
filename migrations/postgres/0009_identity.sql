-- Identity: users (argon2 password hashes, never the password), groups, Django-style
-- permissions per user and per group (names validated by the server's one list), and API
-- tokens. A token is stored as its public prefix (for the lookup) and the SHA-256 of the whole
-- token, never the token itself. Booleans are 0/1 and times epoch milliseconds, as elsewhere.
CREATE TABLE users (
    name          TEXT   PRIMARY KEY,
    password_hash TEXT   NOT NULL,
    superuser     BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE groups (
    name       TEXT   PRIMARY KEY,
    created_at BIGINT NOT NULL
);

CREATE TABLE user_groups (
    username   TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    group_name TEXT NOT NULL REFERENCES groups (name) ON DELETE CASCADE,
    PRIMARY KEY (username, group_name)
);

CREATE TABLE user_permissions (
    username   TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    permission TEXT NOT NULL,
    PRIMARY KEY (username, permission)
);

CREATE TABLE group_permissions (
    group_name TEXT NOT NULL REFERENCES groups (name) ON DELETE CASCADE,
    permission TEXT NOT NULL,
    PRIMARY KEY (group_name, permission)
);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username     TEXT   NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    prefix       TEXT   NOT NULL UNIQUE,
    token_hash   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT
);
