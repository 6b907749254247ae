-- Golden config: jobs, per-device results, and every significant version of each device's
-- backup and intended configuration with its validity period.

CREATE TABLE jobs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT    NOT NULL,
    scope       TEXT    NOT NULL,
    started_by  TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    started_at  BIGINT  NOT NULL,
    finished_at BIGINT,
    summary     TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE job_devices (
    job_id  BIGINT  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    device  TEXT    NOT NULL,
    status  TEXT    NOT NULL,
    changed BIGINT  NOT NULL DEFAULT 0,
    error   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (job_id, device)
);

-- `valid_until` is NULL for the current version, so "the config of D on date X" is
-- valid_from <= X AND (valid_until IS NULL OR valid_until > X).
CREATE TABLE config_versions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    config      TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    valid_from  BIGINT  NOT NULL,
    valid_until BIGINT,
    job_id      BIGINT REFERENCES jobs (id) ON DELETE SET NULL
);

CREATE INDEX config_versions_current ON config_versions (device, kind, valid_until);
CREATE INDEX config_versions_history ON config_versions (device, kind, valid_from);
