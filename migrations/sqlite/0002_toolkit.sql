-- The command toolkit: saved commands and the log of every run.

CREATE TABLE commands (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    command     TEXT    NOT NULL,
    kind        TEXT    NOT NULL DEFAULT 'show',
    platforms   TEXT    NOT NULL DEFAULT '[]',
    variables   TEXT    NOT NULL DEFAULT '[]',
    description TEXT    NOT NULL DEFAULT ''
);

-- One row per command sent (or refused); device and user are names, so the log outlives them.
CREATE TABLE command_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          BIGINT  NOT NULL,
    username    TEXT    NOT NULL,
    device      TEXT    NOT NULL,
    command     TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    driver      TEXT    NOT NULL,
    transport   TEXT    NOT NULL,
    success     BIGINT  NOT NULL,
    output      TEXT    NOT NULL DEFAULT '',
    error       TEXT    NOT NULL DEFAULT '',
    duration_ms BIGINT  NOT NULL
);

CREATE INDEX command_log_device_at ON command_log (device, at);
CREATE INDEX command_log_at ON command_log (at);
